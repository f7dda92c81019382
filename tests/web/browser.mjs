// Browser end-to-end test of the Zvonok web UI against a demo server on 127.0.0.1.
//
//   node browser.mjs <base-url> <artifacts-dir>
//
// 1. The demo `parent` signs in on a phone (390×844); we read the name of their 5А child and
//    that child's Математика marks and average, then sign out.
// 2. `teacher` (Математика in 5А) signs in on a tablet (1024×768), finds a 5А lesson this week
//    or next, marks the child absent with one tap (the button shows «Н»), gives a 5 for
//    «Контрольная работа» (weight 3) in two taps and sees the mark and «Сохранено» in the row.
// 3. The parent signs in again and sees the new 5 under Математика; the average shown equals
//    the weighted average of the marks listed there.
// Every wait is bounded; screenshots of every screen go to <artifacts-dir>.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

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

async function newPage(browser, viewport, label, errors) {
  const ctx = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  ctx.setDefaultTimeout(T);
  ctx.setDefaultNavigationTimeout(T);
  // Only the test server: anything else is refused.
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    console.log(`[${label}] blocked request to ${u.href}`);
    return route.abort();
  });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[${label}] console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    console.log(`[${label}] pageerror: ${e.message}`);
    errors.push(`[${label}] ${e.message}`);
  });
  return { ctx, page };
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
  await subject.scrollIntoViewIfNeeded();
  await shot(page, shotName);
  return { name, subject: { average, chips: chipsText, marks } };
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
    const parent = await newPage(browser, PHONE, 'parent', errors);
    await signIn(parent.page, 'parent', 'parent-signin');
    await shot(parent.page, 'parent-home');
    const before = await readChild(parent.page, 'parent-before');
    console.log(`child: ${before.name}; ${SUBJECT} before: ${JSON.stringify(before.subject)}`);
    await signOut(parent.page);
    await shot(parent.page, 'parent-signed-out');

    // 2. Teacher on a tablet.
    const teacher = await newPage(browser, TABLET, 'teacher', errors);
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
    await row.locator('.save.saved', { hasText: /^Сохранено$/ }).waitFor();
    await shot(page, 'teacher-attendance');
    console.log(`attendance: ${before.name} → Н`);

    const marksBefore = await row.locator('.marks .mark').count();
    await row.locator('.mark-add').click(); // opens the sheet
    await page.waitForSelector('.sheet');
    await shot(page, 'teacher-mark-sheet');
    await page.locator('.sheet .value', { hasText: /^5$/ }).click(); // tap 1
    const kind = page.locator('.sheet .kind').filter({ hasText: KIND });
    const kindWeight = (await kind.locator('small').textContent()).trim();
    if (kindWeight !== '×3') fail(`«${KIND}» has weight ${kindWeight}, expected ×3`);
    await kind.click(); // tap 2
    await page.waitForSelector('.sheet', { state: 'detached' });
    await row.locator('.marks .mark', { hasText: /^5×3$/ }).waitFor();
    await row.locator('.save.saved', { hasText: /^Сохранено$/ }).waitFor();
    if ((await row.locator('.marks .mark').count()) !== marksBefore + 1) fail('the row did not get exactly one new mark');
    await shot(page, 'teacher-marked');
    console.log(`mark: ${before.name} 5×3 (${KIND}) on ${date}, saved`);

    await page.click('.lesson-head .btn:not(.ghost)');
    await page.waitForSelector('table.grid');
    await shot(page, 'teacher-journal');
    await signOut(page);
    await teacher.ctx.close();

    // 3. Parent, after.
    await signIn(parent.page, 'parent');
    const after = await readChild(parent.page, 'parent-after');
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

const guard = setTimeout(() => {
  console.error('FAIL: the browser test ran over 240 s');
  process.exit(1);
}, 240000);
main()
  .then(() => clearTimeout(guard))
  .catch((e) => {
    console.error(`FAIL: ${e.stack || e}`);
    process.exit(1);
  });
