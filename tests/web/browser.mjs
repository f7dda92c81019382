// Browser end-to-end test of the Zvonok web UI against a demo server on 127.0.0.1.
//
//   node browser.mjs <base-url> <artifacts-dir>
//
// 1. The demo `parent` signs in on a phone (390×844); we read the name of their 5А child and
//    that child's Математика marks and average, then sign out.
// 2. `teacher` (Математика in 5А) signs in on a tablet (1024×768), finds a 5А lesson this week
//    or next, marks the child absent with one tap (the button shows «Н»), gives a 5 for
//    «Контрольная работа» (weight 3) in two taps and sees the mark and «Отправлено» in the row.
//    Then the teacher changes that mark to 4 and back to 5 through its sheet (the server has
//    each value), gives a 2 and removes it again; marks a classmate offline
//    (context.setOffline): the row says «Сохранено на устройстве», the status bar counts the
//    waiting change («1 изменение ждёт отправки»), a reload while offline still shows it; back
//    online, the queue is sent and the server has it. In the journal grid the teacher taps the
//    child's final mark, sees the weighted average on the sheet and sets a final mark; the
//    Today, lesson and grid screens are also shot at 768×1024 and 390×844.
// 3. The parent signs in again and sees the new 5 under Математика and the final mark; the
//    average shown equals the weighted average of the marks listed there.
// Every wait is bounded; screenshots of every screen go to <artifacts-dir>.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { newPage, runStory } from './page.mjs';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node browser.mjs <base-url> <artifacts-dir>');
  process.exit(2);
}
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error(`refusing a base URL other than http://127.0.0.1:PORT: ${base}`);
  process.exit(2);
}
const BASE = base.replace(/\/$/, '');
mkdirSync(out, { recursive: true });

const T = 20000; // default bound of a single wait, ms
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };
const ATT_CYCLE = ['✓', 'Н', 'Б', 'УП', 'ОП'];
const WEEKDAYS = 'понедельник|вторник|среда|четверг|пятница|суббота|воскресенье';
const MONTHS = 'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря';
const PASSWORD = 'zvonok-demo';
const CLASS = '5А';
const SUBJECT = 'Математика';
const KIND = 'Контрольная работа';

let shotNo = 0;
async function shot(page, name) {
  shotNo += 1;
  const file = path.join(out, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: T });
  console.log(`screenshot ${file}`);
}

function fail(msg) {
  throw new Error(msg);
}

function iso(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The days of this week and the next, Monday first. */
function fortnight() {
  const now = new Date();
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  return Array.from({ length: 14 }, (_, i) => {
    const d = new Date(monday);
    d.setDate(monday.getDate() + i);
    return d;
  });
}

/** «4,33» → 433; the UI's rounding: round(100·Σvw/Σw), half up. */
function weightedCenti(marks) {
  let sum = 0;
  let weights = 0;
  for (const { value, weight } of marks) {
    if (/^[1-5]$/.test(value)) {
      sum += Number(value) * weight;
      weights += weight;
    }
  }
  if (weights === 0) return null;
  return Math.floor((200 * sum + weights) / (2 * weights));
}
function formatCenti(c) {
  return c === null ? null : `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
}

/** GET an API path with the page's own session (no cache), as JSON. */
async function api(page, p) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, {
      cache: 'no-store',
      headers: { Accept: 'application/json', Authorization: `Bearer ${localStorage.getItem('zvonok.token')}` },
    });
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status} ${await r.text()}`);
    return r.json();
  }, p);
}

/** The lesson sheet the server holds for the lesson open in the page. */
async function serverSheet(page) {
  const hash = await page.evaluate(() => location.hash);
  const m = /^#\/lesson\/([^/]+)\/([^/]+)$/.exec(hash);
  if (!m) fail(`not on a lesson: ${hash}`);
  return api(page, `/v1/web/journals/${m[1]}/lessons/${m[2]}`);
}

function sheetRow(sheet, name) {
  const r = sheet.rows.find((x) => x.name === name);
  if (!r) fail(`the server's sheet has no ${name}`);
  return r;
}

/** Waits (bounded) until the server's sheet satisfies `ok(row)`. */
async function untilServer(page, name, what, ok) {
  const end = Date.now() + T;
  let last;
  while (Date.now() < end) {
    last = sheetRow(await serverSheet(page), name);
    if (ok(last)) return last;
    await page.waitForTimeout(250);
  }
  fail(`the server never had ${what} for ${name}: ${JSON.stringify(last)}`);
}

async function markSheetValue(page, value) {
  await page.locator('.sheet .value', { hasText: new RegExp(`^${value}$`) }).click();
}


async function signIn(page, login, shotName) {
  await page.goto(BASE + '/');
  await page.waitForSelector('form.signin');
  if (shotName) await shot(page, shotName);
  await page.fill('input[autocomplete=username]', login);
  await page.fill('input[type=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.who .user');
}

async function signOut(page) {
  await page.click('.topbar .btn.ghost >> text=Выйти');
  await page.waitForSelector('form.signin');
}

/** Opens the parent's 5А child and returns { name, subject: { average, marks[] } }. */
async function readChild(page, shotName) {
  await page.waitForSelector('.family .children .chip, .family .summary-head');
  const chips = await page.$$eval('.family .children .chip', (bs) =>
    bs.map((b) => {
      const small = b.querySelector('small')?.textContent.trim() ?? '';
      const name = b.textContent.trim().slice(0, b.textContent.trim().length - small.length).trim();
      return { name, cls: small };
    }),
  );
  console.log(`parent's children: ${JSON.stringify(chips)}`);
  const idx = chips.findIndex((c) => c.cls === CLASS);
  if (idx < 0) fail(`the parent has no child in ${CLASS}: ${JSON.stringify(chips)}`);
  const name = chips[idx].name;
  await page.locator('.family .children .chip').nth(idx).click();
  await page.waitForFunction(
    (n) => document.querySelector('.family .summary-head h1')?.textContent.trim() === n,
    name,
    { timeout: T },
  );
  await page.waitForSelector('.subjects .subject, .family .card .empty');
  const subject = page.locator('.subjects .subject').filter({
    has: page.locator('.subject-head .name strong', { hasText: new RegExp(`^${SUBJECT}$`) }),
  });
  if ((await subject.count()) !== 1) fail(`no single «${SUBJECT}» in the child's subjects`);
  await subject.locator('.subject-head').click();
  await subject.locator('.mark-list, .empty').first().waitFor();
  const average = (await subject.locator('.subject-head .avg').textContent()).trim();
  const chipsText = (await subject.locator('.subject-head .chips').textContent()).trim();
  const marks = await subject.locator('.mark-list .summary-mark').evaluateAll((lis) =>
    lis.map((li) => {
      const detail = li.querySelector('.detail')?.textContent.trim() ?? '';
      const w = /вес (\d+)/.exec(detail);
      return {
        value: li.querySelector('.mark')?.textContent.trim() ?? '',
        weight: w ? Number(w[1]) : NaN,
        detail,
      };
    }),
  );
  const final = (await subject.locator('.final').count())
    ? (await subject.locator('.final').first().textContent()).trim()
    : null;
  await subject.scrollIntoViewIfNeeded();
  await shot(page, shotName);
  return { name, subject: { average, chips: chipsText, marks, final } };
}

/** Finds and opens an unlocked 5А lesson of the teacher this week or next; returns its date. */
async function openLesson(page) {
  for (const d of fortnight()) {
    const date = iso(d);
    await page.goto(`${BASE}/#/today/${date}`);
    await page.reload();
    await page.waitForSelector('.today .lesson-card, .today .empty, .today .failure');
    const cards = page.locator('.today .lesson-card:not([disabled])').filter({
      has: page.locator('.cohort', { hasText: new RegExp(`^${CLASS}$`) }),
    });
    const n = await cards.count();
    console.log(`${date}: ${n} open ${CLASS} lesson(s)`);
    const title = (await page.locator('.daypicker .pick-date .date-text').textContent()).trim();
    const [, , dd] = date.split('-');
    if (!new RegExp(`^(${WEEKDAYS}), ${Number(dd)} (${MONTHS})$`).test(title)) {
      fail(`the date picker shows «${title}», not a Russian date like «пятница, 28 ноября»`);
    }
    if (n === 0) continue;
    await shot(page, `teacher-today-${date}`);
    await cards.first().click();
    await page.waitForSelector('.lesson .student, .lesson .locked, .lesson .failure');
    if (await page.locator('.lesson .locked').count()) {
      console.log(`${date}: the lesson is locked, trying the next day`);
      continue;
    }
    return date;
  }
  fail(`no open ${CLASS} lesson for teacher this week or next`);
}

function openPage(browser, viewport, label, errors) {
  return newPage(browser, viewport, label, errors, T);
}

async function main() {
  const errors = [];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // 1. Parent, before: who is the 5А child and what is in Математика.
    const parent = await openPage(browser, PHONE, 'parent', errors);
    await signIn(parent.page, 'parent', 'parent-signin');
    await shot(parent.page, 'parent-home');
    const before = await readChild(parent.page, 'parent-before');
    console.log(`child: ${before.name}; ${SUBJECT} before: ${JSON.stringify(before.subject)}`);
    await signOut(parent.page);
    await shot(parent.page, 'parent-signed-out');

    // 2. Teacher on a tablet.
    const teacher = await openPage(browser, TABLET, 'teacher', errors);
    await signIn(teacher.page, 'teacher', 'teacher-signin');
    await shot(teacher.page, 'teacher-home');
    const page = teacher.page;
    const date = await openLesson(page);
    await shot(page, 'teacher-lesson');
    const row = page.locator('.class-list .student').filter({
      has: page.locator('.who .name', { hasText: new RegExp(`^${before.name}$`) }),
    });
    if ((await row.count()) !== 1) {
      const names = await page.locator('.class-list .student .who .name').allTextContents();
      fail(`«${before.name}» is not (once) in the lesson's class list: ${JSON.stringify(names)}`);
    }
    const att = row.locator('button.att');
    // One tap from «present» gives «Н»; bring the button back to present first if needed (bounded).
    for (let i = 0; i < 5 && (await att.textContent()).trim() !== '✓'; i++) {
      await att.click();
      await row.locator('.save.saved').waitFor();
    }
    if ((await att.textContent()).trim() !== '✓') fail('the attendance button never showed present');
    await att.click();
    await page.waitForFunction(
      (el) => el.textContent.trim() === 'Н' && el.classList.contains('absent'),
      await att.elementHandle(),
      { timeout: T },
    );
    await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
    await shot(page, 'teacher-attendance');
    console.log(`attendance: ${before.name} → Н`);

    const marksBefore = await row.locator('.marks .mark').count();
    // The demo's history may already hold a 5×3 in this lesson (it follows today's date).
    const fivesBefore = await row.locator('.marks .mark', { hasText: /^5×3$/ }).count();
    await row.locator('.mark-add').click(); // opens the sheet
    await page.waitForSelector('.sheet');
    await shot(page, 'teacher-mark-sheet');
    await page.locator('.sheet .value', { hasText: /^5$/ }).click(); // tap 1
    const kind = page.locator('.sheet .kind').filter({ hasText: KIND });
    const kindWeight = (await kind.locator('small').textContent()).trim();
    if (kindWeight !== '×3') fail(`«${KIND}» has weight ${kindWeight}, expected ×3`);
    await kind.click(); // tap 2
    await page.waitForSelector('.sheet', { state: 'detached' });
    await row.locator('.marks .mark', { hasText: /^5×3$/ }).nth(fivesBefore).waitFor();
    await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
    if ((await row.locator('.marks .mark').count()) !== marksBefore + 1) fail('the row did not get exactly one new mark');
    await shot(page, 'teacher-marked');
    console.log(`mark: ${before.name} 5×3 (${KIND}) on ${date}, saved`);

    // 2b. Change the new mark to 4 and back to 5; give a 2 and remove it.
    for (const [from, to] of [['5', '4'], ['4', '5']]) {
      await row.locator('.marks .mark', { hasText: new RegExp(`^${from}×3$`) }).last().click();
      await page.waitForSelector('.sheet .mark-save');
      if (to === '4') await shot(page, 'teacher-mark-edit');
      await markSheetValue(page, to);
      await page.locator('.sheet .mark-save').click();
      await page.waitForSelector('.sheet', { state: 'detached' });
      await row.locator('.marks .mark', { hasText: new RegExp(`^${to}×3$`) }).first().waitFor();
      await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
      await untilServer(page, before.name, `a ${to}×3 (test)`, (r) =>
        r.marks.filter((x) => x.value === to && x.weight === 3 && x.kind === 'test').length >= 1);
      console.log(`mark edited: ${from}×3 → ${to}×3, the server has it`);
    }
    if ((await row.locator('.marks .mark').count()) !== marksBefore + 1) fail('editing changed the number of marks');
    await row.locator('.mark-add').click();
    await page.waitForSelector('.sheet');
    await markSheetValue(page, '2');
    await page.locator('.sheet .kind').filter({ hasText: 'Ответ на уроке' }).click();
    await page.waitForSelector('.sheet', { state: 'detached' });
    await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
    if ((await row.locator('.marks .mark').count()) !== marksBefore + 2) fail('the 2 did not appear');
    await row.locator('.marks .mark', { hasText: /^2$/ }).last().click();
    await page.locator('.sheet .btn.danger', { hasText: 'Удалить отметку' }).click();
    await page.waitForSelector('.sheet', { state: 'detached' });
    await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
    if ((await row.locator('.marks .mark').count()) !== marksBefore + 1) fail('the 2 was not removed');
    await untilServer(page, before.name, `${marksBefore + 1} marks`, (r) => r.marks.length === marksBefore + 1);
    console.log('mark: a 2 given and removed; the server agrees');

    // 2c. Offline: a classmate's attendance waits in the browser's queue and is sent later.
    const names = await page.locator('.class-list .student .who .name').allTextContents();
    const mateName = names.map((x) => x.trim()).find((x) => x !== before.name);
    const mate = page.locator('.class-list .student').filter({
      has: page.locator('.who .name', { hasText: new RegExp(`^${mateName}$`) }),
    });
    const mateAtt = mate.locator('button.att');
    const from = (await mateAtt.textContent()).trim();
    const want = ATT_CYCLE[(ATT_CYCLE.indexOf(from) + 1) % ATT_CYCLE.length];
    await teacher.ctx.setOffline(true);
    await mateAtt.click();
    await mate.locator('.save', { hasText: /^Сохранено на устройстве$/ }).waitFor();
    await page.locator('.statusbar', { hasText: '1 изменение ждёт отправки' }).waitFor();
    if ((await mateAtt.textContent()).trim() !== want) fail(`offline: the button shows ${await mateAtt.textContent()}, expected ${want}`);
    await shot(page, 'teacher-offline-waiting');
    // A reload while offline: the cached sheet with the waiting change applied.
    await page.reload();
    await mateAtt.waitFor();
    await page.waitForFunction(
      ([n, w]) => [...document.querySelectorAll('.class-list .student')]
        .some((li) => li.querySelector('.who .name')?.textContent.trim() === n && li.querySelector('button.att')?.textContent.trim() === w),
      [mateName, want],
      { timeout: T },
    );
    await page.locator('.statusbar', { hasText: '1 изменение ждёт отправки' }).waitFor();
    await shot(page, 'teacher-offline-reloaded');
    console.log(`offline: ${mateName} ${from} → ${want}, waiting in the browser; still shown after a reload`);
    await teacher.ctx.setOffline(false);
    await page.waitForFunction(
      () => {
        const t = document.querySelector('.statusbar')?.textContent ?? '';
        return t.includes('Синхронизировано') && !/жд(ёт|ут)/.test(t);
      },
      null,
      { timeout: T },
    );
    const wantCode = want === '✓' ? null : want;
    await untilServer(page, mateName, `attendance ${want}`, (r) => (r.attendance ?? null) === wantCode);
    await shot(page, 'teacher-online-sent');
    console.log(`online again: the queue was sent; the server has ${mateName} → ${want}`);

    // Portrait tablet and phone views of the lesson.
    for (const [vp, label] of [[PORTRAIT, '768x1024'], [PHONE, '390x844']]) {
      await page.setViewportSize(vp);
      await shot(page, `teacher-lesson-${label}`);
    }
    await page.setViewportSize(TABLET);

    // 2d. The grid: the child's final mark from the final column.
    await page.click('.lesson-head .btn:not(.ghost)');
    await page.waitForSelector('table.grid');
    await shot(page, 'teacher-journal');
    const gridRow = page.locator('table.grid tbody tr').filter({
      has: page.locator('th.name', { hasText: before.name }),
    });
    const finalBtn = gridRow.locator('td.final .final-btn');
    const finalBefore = (await finalBtn.textContent()).trim();
    const finalWant = finalBefore === '4' ? '5' : '4';
    await finalBtn.click();
    await page.waitForSelector('.sheet .final-average');
    const avgLine = (await page.locator('.sheet .final-average').textContent()).trim();
    const gridAvg = (await gridRow.locator('td.avg').textContent()).trim();
    if (gridAvg !== '—' && avgLine !== `Средний балл: ${gridAvg}`) fail(`the final sheet says «${avgLine}», the grid ${gridAvg}`);
    await shot(page, 'teacher-final-sheet');
    await page.locator('.sheet .value', { hasText: new RegExp(`^${finalWant}`) }).click();
    await page.waitForSelector('.sheet', { state: 'detached' });
    await gridRow.locator('td.final .save.saved', { hasText: /^Отправлено$/ }).waitFor();
    if ((await finalBtn.textContent()).trim() !== finalWant) fail(`the final column shows ${await finalBtn.textContent()}`);
    const grid = await api(page, `/v1/web/journals/${(await page.evaluate(() => location.hash)).split('/')[2]}`);
    const gRow = grid.rows.find((r) => r.name === before.name);
    if (gRow?.final_mark !== finalWant) fail(`the server's grid has final ${gRow?.final_mark}, expected ${finalWant}`);
    console.log(`final: ${before.name} ${finalBefore} → ${finalWant} (${avgLine}); the server has it`);
    await shot(page, 'teacher-journal-final');
    for (const [vp, label] of [[PORTRAIT, '768x1024'], [PHONE, '390x844']]) {
      await page.setViewportSize(vp);
      await shot(page, `teacher-journal-${label}`);
    }
    await page.setViewportSize(PHONE);
    await page.goto(`${BASE}/#/today/${date}`);
    await page.waitForSelector('.today .lesson-card');
    await shot(page, 'teacher-today-390x844');
    await page.setViewportSize(PORTRAIT);
    await shot(page, 'teacher-today-768x1024');
    await page.setViewportSize(TABLET);
    await signOut(page);
    await teacher.ctx.close();

    // 3. Parent, after.
    await signIn(parent.page, 'parent');
    const after = await readChild(parent.page, 'parent-after');
    if (after.subject.final !== `Итоговая отметка: ${finalWant}`) {
      fail(`the parent sees «${after.subject.final}» under ${SUBJECT}, expected the final mark ${finalWant}`);
    }
    console.log(`parent sees the final mark: ${after.subject.final}`);
    console.log(`${SUBJECT} after: ${JSON.stringify(after.subject)}`);
    const [, m, d] = date.split('-');
    const wanted = after.subject.marks.filter(
      (x) => x.value === '5' && x.weight === 3 && x.detail.includes(KIND) && x.detail.includes(`${d}.${m}`),
    );
    const wantedBefore = before.subject.marks.filter(
      (x) => x.value === '5' && x.weight === 3 && x.detail.includes(KIND) && x.detail.includes(`${d}.${m}`),
    );
    if (wanted.length !== wantedBefore.length + 1) {
      fail(`the parent does not see the new 5 (${KIND}, ${d}.${m}, вес 3) under ${SUBJECT}`);
    }
    if (after.subject.marks.length !== before.subject.marks.length + 1) {
      fail(`${SUBJECT}: ${before.subject.marks.length} marks before, ${after.subject.marks.length} after`);
    }
    if (after.subject.marks.some((x) => !Number.isInteger(x.weight))) fail('a mark without a weight');
    const expected = formatCenti(weightedCenti(after.subject.marks));
    if (after.subject.average !== expected) {
      fail(`${SUBJECT} average shown ${after.subject.average}, weighted average of the listed marks ${expected}`);
    }
    const expectedBefore = formatCenti(weightedCenti(before.subject.marks));
    if (before.subject.marks.length && before.subject.average !== expectedBefore) {
      fail(`${SUBJECT} average before shown ${before.subject.average}, computed ${expectedBefore}`);
    }
    console.log(`${SUBJECT} average: ${before.subject.average} → ${after.subject.average} (computed ${expected})`);
    await parent.ctx.close();

    if (errors.length) fail(`page errors:\n${errors.join('\n')}`);
    console.log('PASS');
  } finally {
    await browser.close();
  }
}

runStory('browser test', main, 420);
