// Browser story of issue 11 (closing a quarter, a locked journal, the period reports) against a
// demo server on 127.0.0.1.
//
//   node reports.mjs <base-url> <artifacts-dir>      (run by: bash tests/web/run.sh reports.mjs)
//
// ZVONOK_READ_REPORT: the `zvonok-read-report` binary (tests crate) that parses the downloaded
// XLSX (calamine) and PDF (lopdf) back as JSON; run.sh builds it and sets this.
//
// 1. The coordinator opens «Закрыть четверть» (#/periods): the demo's first quarter has no final
//    marks and lessons before the demo's four weeks of history have no attendance, so it is
//    listed as blocked with the server's count; its detail lists the blockers grouped by class
//    and teacher and the close button is disabled with the reason. The teacher (`teacher`)
//    fills their own gaps through the public API (`POST /v1/web/journals/{doc}/ops`: a final
//    mark, or the lesson's topic, which counts as attendance taken); the coordinator's list
//    loses exactly those and the teacher's groups. The rest belong to teachers without a demo
//    login: the coordinator takes «Вести классный журнал» for the school, fills them the same
//    way and gives the right back. Then «Всё заполнено», the close button works and the
//    quarter shows closed with every journal locked.
// 2. The teacher opens a journal of that quarter: the note says the period is closed and whom
//    to ask, final marks are not buttons (a click opens nothing), the lesson screen says the
//    same, and the server refuses a final mark sent anyway with a Russian reason.
// 3. The coordinator opens «Отчёты», picks «Итоги успеваемости» of the teacher's class for that
//    quarter: the table and its legend; downloads the XLSX and the PDF: every cell of the
//    XLSX's table equals the screen's cell, the PDF's text has the class name and «успеваемост».
// 4. The director reopens the quarter in the UI; the teacher's final mark then goes through
//    (the server's grid has it).
// Screenshots (1280×800 and 768×1024): #/periods blocked and closed, #/reports with a table,
// #/completeness and the #/year-close dry run. Every wait is bounded.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newPage, runStory } from './page.mjs';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node reports.mjs <base-url> <artifacts-dir>');
  process.exit(2);
}
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error(`refusing a base URL other than http://127.0.0.1:PORT: ${base}`);
  process.exit(2);
}
const BASE = base.replace(/\/$/, '');
mkdirSync(out, { recursive: true });
const READER =
  process.env.ZVONOK_READ_REPORT ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/zvonok-target'), 'debug/zvonok-read-report');

const T = 20000; // default bound of a single wait, ms
const WIDE = { width: 1280, height: 800 };
const PORTRAIT = { width: 768, height: 1024 };
const PASSWORD = 'zvonok-demo';
const QUARTER = '1 четверть';

function fail(msg) {
  throw new Error(msg);
}

/** Shoots the page at 1280×800 and 768×1024 and leaves it at 1280×800. */
async function shots(page, name) {
  for (const [vp, label] of [[WIDE, '1280x800'], [PORTRAIT, '768x1024']]) {
    await page.setViewportSize(vp);
    const file = path.join(out, `reports-${name}-${label}.png`);
    await page.screenshot({ path: file, fullPage: false, timeout: T });
    console.log(`screenshot ${file}`);
  }
  await page.setViewportSize(WIDE);
}

/** An API call with the page's own session, as JSON. */
async function api(page, method, p, body) {
  return page.evaluate(
    async ({ method, p, body }) => {
      const headers = { Accept: 'application/json', Authorization: `Bearer ${localStorage.getItem('zvonok.token')}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = await fetch(p, { method, cache: 'no-store', headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { text };
      }
      return { status: r.status, json };
    },
    { method, p, body },
  );
}

async function get(page, p) {
  const r = await api(page, 'GET', p);
  if (r.status !== 200) fail(`GET ${p}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

async function signIn(page, login) {
  await page.goto(BASE + '/');
  await page.waitForSelector('form.signin');
  await page.fill('input[autocomplete=username]', login);
  await page.fill('input[type=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.who .user', { state: 'attached' });
}

/** Opens a screen by its address (a fresh load: the screen reads the server again). */
async function open(page, hash) {
  await page.goto(`${BASE}/${hash}`);
  await page.reload();
}

/** The op that fills one gap: a final mark, or the lesson's topic (attendance counts as taken). */
function fixOf(gap, i) {
  if (gap.kind === 'missing_final') {
    return { doc: gap.journal, op: { op: 'set_final', student: gap.student, value: { Points: [5, 4, 4, 3][i % 4] } } };
  }
  if (gap.kind === 'no_attendance') {
    return { doc: gap.journal, op: { op: 'set_topic', lesson: gap.lesson, topic: 'Повторение пройденного' } };
  }
  return fail(`a blocker of an unexpected kind: ${JSON.stringify(gap)}`);
}

/** Sends the fixes through the public API with the page's session, a few at a time. */
async function sendFixes(page, fixes) {
  const failed = await page.evaluate(async (fixes) => {
    const token = localStorage.getItem('zvonok.token');
    const bad = [];
    let next = 0;
    async function worker() {
      while (next < fixes.length) {
        const f = fixes[next++];
        const r = await fetch(`/v1/web/journals/${f.doc}/ops`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(f.op),
        });
        if (r.status !== 200) bad.push(`${r.status} ${await r.text()}`);
      }
    }
    await Promise.all(Array.from({ length: 6 }, worker));
    return bad;
  }, fixes);
  if (failed.length) fail(`${failed.length} of ${fixes.length} fixes refused, first: ${failed[0]}`);
}

async function periodRow(page) {
  const row = page.locator('table.periods-table tbody tr').filter({
    has: page.locator('td:first-child', { hasText: new RegExp(`^${QUARTER}$`) }),
  });
  await row.waitFor();
  return row;
}

/** The coordinator's page shows the quarter blocked by `count` with its detail open. */
async function seeBlocked(page, q, count) {
  await open(page, `#/periods/${q}`);
  const row = await periodRow(page);
  const cell = row.locator('td.blocked');
  await cell.waitFor();
  if ((await cell.textContent()).trim() !== String(count)) fail(`the row says ${await cell.textContent()} blockers, the server ${count}`);
  await page.waitForSelector('.period-detail .blocker-group');
  const button = page.locator('.period-detail .actions button.btn.primary');
  if (!(await button.isDisabled())) fail('the close button is enabled while blockers remain');
  const why = (await page.locator('.period-detail .actions p.hint[role=note]').textContent()).trim();
  if (!why || (await button.getAttribute('title')) !== why) fail(`the disabled button gives no reason («${why}»)`);
  return why;
}

async function groupsOf(page) {
  return page.$$eval('.period-detail .blocker-group summary strong', (els) => els.map((e) => e.textContent.trim()));
}

/** Step 1: blocked, the blockers fixed, closed. Returns what later steps need. */
async function closeQuarter(coord, teacher) {
  const view = await get(coord, '/v1/web/periods');
  const q1 = view.periods.find((p) => p.title === QUARTER) || fail(`no «${QUARTER}» in ${JSON.stringify(view.periods.map((p) => p.title))}`);
  if (q1.closed) fail(`${QUARTER} is closed already`);
  const all = (await get(coord, `/v1/web/periods/${q1.id}/blockers`)).blockers;
  if (!all.length) fail(`the demo's ${QUARTER} has nothing blocking it; the story needs a blocked quarter`);
  const me = await get(teacher, '/v1/me');
  const mine = all.filter((g) => g.teacher === me.staff);
  if (!mine.length) fail(`none of the ${all.length} blockers is the teacher's (${me.display_name})`);
  const kinds = (list) => list.reduce((m, g) => ((m[g.kind] = (m[g.kind] || 0) + 1), m), {});
  console.log(`${QUARTER}: ${all.length} blockers ${JSON.stringify(kinds(all))}; the teacher's: ${mine.length} ${JSON.stringify(kinds(mine))}`);

  const why = await seeBlocked(coord, q1.id, all.length);
  const groups = await groupsOf(coord);
  const teacherName = mine[0].teacher_name;
  if (!groups.some((g) => g.endsWith(`· ${teacherName}`))) fail(`no blocker group of ${teacherName}: ${groups.slice(0, 5)}`);
  console.log(`blocked: ${all.length}, «${why}», ${groups.length} groups shown`);
  await shots(coord, 'periods-blocked');

  // The teacher fills their own gaps.
  await sendFixes(teacher, mine.map(fixOf));
  const left = (await get(coord, `/v1/web/periods/${q1.id}/blockers`)).blockers;
  if (left.length !== all.length - mine.length) fail(`${left.length} blockers left after the teacher's ${mine.length} fixes of ${all.length}`);
  await seeBlocked(coord, q1.id, left.length);
  const groupsAfter = await groupsOf(coord);
  if (groupsAfter.some((g) => g.endsWith(`· ${teacherName}`))) fail(`${teacherName} is still listed after filling everything`);
  console.log(`the teacher filled ${mine.length}; ${left.length} left, ${teacherName} no longer listed`);

  // The other teachers' gaps: the coordinator takes the right to keep journals, fills, gives it back.
  const coordMe = await get(coord, '/v1/me');
  const grant = { right: 'KeepJournal', scope: 'School' };
  const g1 = await api(coord, 'POST', `/v1/web/accounts/${coordMe.id}/grants`, { grant, add: true });
  if (g1.status !== 200) fail(`granting KeepJournal: ${g1.status} ${JSON.stringify(g1.json)}`);
  await sendFixes(coord, left.map(fixOf));
  const g2 = await api(coord, 'POST', `/v1/web/accounts/${coordMe.id}/grants`, { grant, add: false });
  if (g2.status !== 200) fail(`revoking KeepJournal: ${g2.status} ${JSON.stringify(g2.json)}`);

  // Nothing blocks: close in the UI.
  await open(coord, `#/periods/${q1.id}`);
  await coord.locator('.period-detail p.ok', { hasText: 'Всё заполнено' }).waitFor();
  const row = await periodRow(coord);
  if ((await row.locator('td').nth(4).textContent()).trim() !== '0') fail(`the row says ${await row.locator('td').nth(4).textContent()} blockers`);
  const closeBtn = coord.locator('.period-detail .actions button.btn.primary', { hasText: 'Закрыть период' });
  if (await closeBtn.isDisabled()) fail('the close button is disabled with nothing blocking');
  await closeBtn.click();
  await coord.locator('table.periods-table tbody tr.closed', { hasText: QUARTER }).waitFor({ timeout: 60000 });
  const closedRow = await periodRow(coord);
  const state = (await closedRow.locator('td').nth(2).textContent()).trim();
  if (!state.startsWith('Закрыт ') || !state.includes(coordMe.display_name)) fail(`the state says «${state}»`);
  const after = (await get(coord, '/v1/web/periods')).periods.find((p) => p.id === q1.id);
  if (!after.closed || after.locked !== after.journals || after.journals === 0) fail(`the server has ${JSON.stringify(after)}`);
  const journals = (await closedRow.locator('td').nth(3).textContent()).trim();
  if (!journals.includes(String(after.journals))) fail(`the journals cell says «${journals}», the server ${after.locked}/${after.journals}`);
  console.log(`closed in the UI: «${state}», ${journals}`);
  await shots(coord, 'periods-closed');
  return { q1, mine };
}

/** Step 2: the locked journal refuses the teacher's edit and says why. */
async function lockedForTeacher(teacher, mine) {
  const final = mine.find((g) => g.kind === 'missing_final');
  const doc = final.journal;
  await open(teacher, `#/journal/${doc}`);
  const note = teacher.locator('p.locked[role=note]');
  await note.waitFor();
  const text = (await note.textContent()).trim();
  if (!text.includes('Период закрыт') || !/директор/.test(text)) fail(`the journal's note says «${text}»`);
  await teacher.waitForSelector('table.grid tbody tr');
  if (await teacher.locator('td.final .final-btn').count()) fail('a locked journal offers final-mark buttons');
  const cell = teacher.locator('td.final span.locked').first();
  if ((await cell.getAttribute('title')) !== text) fail(`the final cell's hint is «${await cell.getAttribute('title')}»`);
  await cell.click();
  await teacher.waitForTimeout(300);
  if (await teacher.locator('.sheet').count()) fail('clicking a locked final mark opened the picker');
  await shots(teacher, 'journal-locked');

  const lessonGap = mine.find((g) => g.kind === 'no_attendance');
  if (lessonGap) {
    await open(teacher, `#/lesson/${lessonGap.journal}/${lessonGap.lesson}`);
    const ln = teacher.locator('p.locked[role=note]');
    await ln.waitFor();
    if (!/директор/.test(await ln.textContent())) fail(`the lesson's note says «${await ln.textContent()}»`);
    const fields = teacher.locator('label.field input, label.field textarea');
    await fields.first().waitFor();
    const editable = await fields.evaluateAll((els) => els.filter((e) => !e.readOnly && !e.disabled).length);
    if (editable) fail(`${editable} fields of a locked lesson can be typed into`);
    await shots(teacher, 'lesson-locked');
  }

  // Sent anyway: the server refuses with the reason.
  const r = await api(teacher, 'POST', `/v1/web/journals/${doc}/ops`, { op: 'set_final', student: final.student, value: { Points: 2 } });
  const msg = r.json?.error || '';
  if (r.status < 400 || !/закрыт/i.test(msg)) fail(`the server answered a locked edit with ${r.status} ${JSON.stringify(r.json)}`);
  console.log(`locked: the journal says «${text}»; the server refused with ${r.status} «${msg}»`);
  return { doc, student: final.student, studentName: final.student_name };
}

/** The on-screen result table's rows (the label and every number cell). */
async function screenRows(page) {
  return page.$$eval('.report-results table.report tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent.trim())),
  );
}

function sameCell(screen, xlsx) {
  if (typeof xlsx === 'number') {
    const v = Number(screen.replace(',', '.'));
    return Number.isFinite(v) && Math.abs(v - xlsx) < 1e-9;
  }
  return (xlsx ?? '') === screen;
}

async function download(page, name, file) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click(`button[name=${name}]`)]);
  const to = path.join(out, file);
  await dl.saveAs(to);
  return to;
}

function read(kind, file) {
  return JSON.parse(execFileSync(READER, [kind, file], { encoding: 'utf8', timeout: 30000 }));
}

/** Step 3: the class's period results on screen, as XLSX and PDF. */
async function reports(coord, q1, gap) {
  await open(coord, '#/reports');
  await coord.waitForSelector('select[name=report]');
  await coord.selectOption('select[name=report]', 'results');
  await coord.selectOption('select[name=class]', gap.class);
  await coord.selectOption('select[name=period]', q1.id);
  const className = (await coord.locator(`select[name=class] option[value="${gap.class}"]`).textContent()).trim();
  await coord.click('button[name=report-show]');
  await coord.waitForSelector('.report-results table.report tbody tr');
  const rows = await screenRows(coord);
  const legend = await coord.locator('.report-legend li').allTextContents();
  if (rows.length < 2) fail(`the table has ${rows.length} rows`);
  if (!legend.length) fail('no legend under the table');
  if (!rows.some((r) => r[0].includes(gap.subject))) fail(`no row of ${gap.subject}: ${rows.map((r) => r[0])}`);
  await shots(coord, 'reports-table');

  const xlsxFile = await download(coord, 'report-xlsx', 'reports-results.xlsx');
  const book = read('xlsx', xlsxFile);
  const sheet = book.sheets[0];
  if (!String(sheet.rows[1]?.[0] ?? '').includes(className)) fail(`the XLSX title is «${sheet.rows[1]?.[0]}»`);
  const table = sheet.rows.slice(4, 4 + rows.length);
  rows.forEach((row, i) => {
    const x = table[i] || [];
    if (x.length < row.length) fail(`XLSX row ${i + 5} has ${x.length} cells, the screen ${row.length}`);
    row.forEach((c, j) => {
      if (!sameCell(c, x[j])) fail(`XLSX row ${i + 5} column ${j + 1}: ${JSON.stringify(x[j])}, on screen «${c}»`);
    });
  });
  const beyond = sheet.rows[4 + rows.length];
  if (beyond && beyond.some((v) => typeof v === 'number')) fail(`the XLSX has more table rows than the screen: ${JSON.stringify(beyond)}`);
  console.log(`XLSX: ${rows.length} rows × ${rows[0].length} cells equal the screen's (${className}, ${q1.title})`);

  const pdfFile = await download(coord, 'report-pdf', 'reports-results.pdf');
  const pdf = read('pdf', pdfFile);
  if (!pdf.text.includes(className) || !/успеваемост/i.test(pdf.text)) fail(`the PDF's text lacks «${className}» or «успеваемост»: ${pdf.text.slice(0, 300)}`);
  if (!/[а-яё]{4}/i.test(pdf.text)) fail('the PDF has no Cyrillic words');
  console.log(`PDF: ${pdf.pages} page(s), has «${className}» and «успеваемост»`);
}

/** The other screens of the issue, shot. */
async function otherScreens(coord) {
  await open(coord, '#/completeness');
  await coord.waitForSelector('.completeness-table', { timeout: 30000 });
  await shots(coord, 'completeness');
  await open(coord, '#/year-close');
  await coord.waitForSelector('.year-close .card', { timeout: 60000 });
  await shots(coord, 'year-close');
}

/** Step 4: the director reopens; the teacher's final mark goes through. */
async function reopen(director, teacher, q1, locked) {
  await open(director, `#/periods/${q1.id}`);
  const btn = director.locator('.period-detail .actions button.btn.danger', { hasText: 'Открыть период снова' });
  await btn.waitFor();
  await btn.click();
  const row = director.locator('table.periods-table tbody tr:not(.closed)', { hasText: QUARTER });
  await row.waitFor({ timeout: 60000 });
  const state = (await row.locator('td').nth(2).textContent()).trim();
  if (!state.startsWith('Открыт снова')) fail(`after reopening the state says «${state}»`);
  console.log(`reopened by the director: «${state}»`);

  await open(teacher, `#/journal/${locked.doc}`);
  const gridRow = teacher.locator('table.grid tbody tr').filter({
    has: teacher.locator('th.name', { hasText: locked.studentName }),
  });
  const finalBtn = gridRow.locator('td.final .final-btn');
  await finalBtn.waitFor();
  if (await teacher.locator('p.locked[role=note]').count()) fail('the reopened journal still says it is closed');
  const before = (await finalBtn.textContent()).trim();
  const want = before === '5' ? '4' : '5';
  await finalBtn.click();
  await teacher.locator('.sheet .value', { hasText: new RegExp(`^${want}`) }).click();
  await teacher.waitForSelector('.sheet', { state: 'detached' });
  await gridRow.locator('td.final .save.saved', { hasText: /^Отправлено$/ }).waitFor();
  const grid = await get(teacher, `/v1/web/journals/${locked.doc}`);
  const g = grid.rows.find((r) => r.student === locked.student || r.name === locked.studentName);
  if (g?.final_mark !== want) fail(`the server's grid has final ${g?.final_mark}, expected ${want}`);
  console.log(`after reopening the teacher's final ${before} → ${want} went through; the server has it`);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  try {
    const coord = await newPage(browser, WIDE, 'coordinator', errors, T);
    const teacher = await newPage(browser, WIDE, 'teacher', errors, T);
    await signIn(coord.page, 'coordinator');
    await signIn(teacher.page, 'teacher');

    const started = Date.now();
    const { q1, mine } = await closeQuarter(coord.page, teacher.page);
    const locked = await lockedForTeacher(teacher.page, mine);
    const gap = mine.find((g) => g.journal === locked.doc);
    await reports(coord.page, q1, gap);
    await otherScreens(coord.page);

    const director = await newPage(browser, WIDE, 'director', errors, T);
    await signIn(director.page, 'director');
    await reopen(director.page, teacher.page, q1, locked);

    if (errors.length) fail(`page errors:\n${errors.join('\n')}`);
    console.log(`PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await browser.close();
  }
}

runStory('reports story', main, 240);
