// Browser end-to-end test of the coordinator's screens against a demo server on 127.0.0.1.
//
//   node admin.mjs <base-url> <artifacts-dir>      (run by: bash tests/web/run.sh admin.mjs)
//
// The demo `coordinator` signs in at 1024×768 and
// 1. opens «Люди», class 5А, and finds a student by a part of the surname;
// 2. grants itself «Ввести списки учеников и родителей» and «Редактировать личные дела» on the
//    rights screen (the server's rights list has them), then imports a students-with-guardians
//    CSV written here in Windows-1251 with one bad date row and one unknown class row: the preview lists exactly those two row errors, «Загрузить»
//    adds the rest (the server's class list has them), a second check says nothing to add;
// 3. issues the access slips of 5А (a PDF download arrives, it starts with %PDF), resets the
//    password of `teacher` (the new one-time password signs in on the server);
// 4. issues an enrollment order for a 5А student: the movement book's count of 5А at the end
//    of the period goes up by one; a transfer of a student never enrolled shows the server's
//    refusal in place;
// 5. opens «Журнал аудита» (1280×800): the rights grant of step 2 is there with the
//    coordinator as its author, the import's new student has a class-list line; filtering by
//    kind of action and by class and student narrows the lines; «Выгрузить в Excel» downloads
//    an XLSX; in «Люди» the imported student's «История» lists the list entry and the personal
//    file (never a value);
// 6. a slip's QR link `#/signin?login=…&code=…` opens the sign-in form filled in, the code
//    leaves the address at once, and signing in works.
// 7. Changes and substitutions for a date: a free substitute saved, a busy one refused with
//    the clash in place, the substitution removed.
// People, orders and the audit log are also shot at 768×1024. Every wait is bounded.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { newPage, runStory } from './page.mjs';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node admin.mjs <base-url> <artifacts-dir>');
  process.exit(2);
}
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error(`refusing a base URL other than http://127.0.0.1:PORT: ${base}`);
  process.exit(2);
}
const BASE = base.replace(/\/$/, '');
mkdirSync(out, { recursive: true });

const T = 20000; // default bound of a single wait, ms
const TABLET = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };
const WIDE = { width: 1280, height: 800 };
const IMPORTED = 'Ёлкина Вера Павловна';
const PASSWORD = 'zvonok-demo';
const CLASS = '5А';

function fail(msg) {
  throw new Error(msg);
}

async function shot(page, name, fullPage = true) {
  const file = path.join(out, `admin-${name}.png`);
  await page.screenshot({ path: file, fullPage, timeout: T });
  console.log(`screenshot ${file}`);
}

/** Windows-1251 bytes of a text of ASCII and Russian letters (the code page's Cyrillic block). */
function cp1251(text) {
  const bytes = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) bytes.push(c);
    else if (c >= 0x410 && c <= 0x44f) bytes.push(c - 0x410 + 0xc0);
    else if (c === 0x401) bytes.push(0xa8);
    else if (c === 0x451) bytes.push(0xb8);
    else if (c === 0x2116) bytes.push(0xb9);
    else fail(`no Windows-1251 byte for «${ch}»`);
  }
  return Buffer.from(bytes);
}

/** An API call with the page's own session, as JSON. */
async function api(page, method, p, body) {
  return page.evaluate(
    async ({ method, p, body }) => {
      const headers = { Accept: 'application/json', Authorization: `Bearer ${localStorage.getItem('zvonok.token')}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = await fetch(p, { method, cache: 'no-store', headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : null };
    },
    { method, p, body },
  );
}


async function signIn(page, login, password) {
  await page.goto(BASE + '/');
  await page.waitForSelector('form.signin');
  await page.fill('input[autocomplete=username]', login);
  await page.fill('input[type=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.who .user', { state: 'attached' });
}

async function nav(page, label) {
  await page.locator('.topnav .navlink', { hasText: new RegExp(`^${label}$`) }).click();
}

/** The rows of a table as arrays of cell texts. */
async function rows(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent.trim())),
  );
}

async function people(page) {
  await nav(page, 'Люди');
  await page.waitForSelector('.class-grid .class-card');
  await shot(page, 'people-classes');
  await page.locator('.class-card', { has: page.locator('.class-name', { hasText: new RegExp(`^${CLASS}$`) }) }).click();
  await page.waitForSelector('.people-table tbody tr');
  const names = await page.$$eval('.people-table tbody tr td:first-child .name', (els) => els.map((e) => e.textContent.trim()));
  if (names.length < 5) fail(`${CLASS} lists ${names.length} students`);
  const target = names[3];
  const part = target.split(' ')[0].slice(0, 5);
  await page.fill('.people-search', part.toLowerCase());
  await page.waitForFunction(
    (n) => document.querySelectorAll('.people-table tbody tr').length < n,
    names.length,
    { timeout: T },
  );
  const found = await page.$$eval('.people-table tbody tr td:first-child .name', (els) => els.map((e) => e.textContent.trim()));
  if (!found.includes(target)) fail(`searching «${part}» lost ${target}: ${found}`);
  const lower = part.toLowerCase();
  const stray = found.filter((n) => !n.toLowerCase().includes(lower));
  // A row may be found by a guardian's name; then the guardians cell has it.
  for (const n of stray) {
    const row = page.locator('.people-table tbody tr', { has: page.locator('.name', { hasText: n }) });
    if (!(await row.locator('td:nth-child(2)').textContent()).toLowerCase().includes(lower)) {
      fail(`searching «${part}» shows ${n}`);
    }
  }
  console.log(`search «${part}»: ${found.length} of ${names.length}, ${target} among them`);
  await shot(page, 'people-search');
}

const CSV_ROWS = [
  'Фамилия;Имя;Отчество;Дата рождения;Класс;Родитель 1: ФИО;Родитель 1: кем приходится;Родитель 1: телефон',
  'Ёлкина;Вера;Павловна;12.03.2015;5А;Ёлкина Ольга Ивановна;мать;+7 912 000-11-22',
  'Щукин;Артём;Денисович;01.10.2014;5А;Щукин Денис Олегович;отец;+7 912 000-33-44',
  'Ямщикова;Дарья;Игоревна;31.02.2015;5А;Ямщиков Игорь Петрович;отец;+7 912 000-55-66',
  'Эрдман;Лев;Маркович;05.05.2015;12Я;Эрдман Марк Львович;отец;+7 912 000-77-88',
];

async function importList(page) {
  await nav(page, 'Люди');
  await page.click('text=Импорт списков');
  await page.waitForSelector('.import-form');
  const file = { name: 'ученики-5А.csv', mimeType: 'text/csv', buffer: cp1251(CSV_ROWS.join('\r\n') + '\r\n') };
  await page.setInputFiles('.import-file', file);
  await page.waitForFunction(() => !document.querySelector('.import-check').disabled, null, { timeout: T });
  if (!(await page.locator('.import-apply').isDisabled())) fail('«Загрузить» is enabled before a preview');
  await page.click('.import-check');
  await page.waitForSelector('.import-preview');
  const readAs = await page.locator('.import-preview .hint').first().textContent();
  if (!/Windows-1251/.test(readAs)) fail(`the file was not read as Windows-1251: ${readAs}`);
  const errs = await rows(page, '.import-errors');
  console.log(`preview errors: ${JSON.stringify(errs)}`);
  if (errs.length !== 2) fail(`expected 2 row errors, got ${errs.length}`);
  const [dateErr, classErr] = errs;
  if (dateErr[0] !== '4' || dateErr[1] !== 'Дата рождения' || !/31\.02\.2015/.test(dateErr[2])) {
    fail(`the bad date is not reported on row 4: ${dateErr}`);
  }
  if (classErr[0] !== '5' || classErr[1] !== 'Класс' || !/12Я/.test(classErr[2])) {
    fail(`the unknown class is not reported on row 5: ${classErr}`);
  }
  const adds = await page.$$eval('.import-preview .adds li', (ls) => ls.map((l) => l.textContent));
  for (const who of ['Ёлкина Вера', 'Щукин Артём']) {
    if (!adds.some((a) => a.includes(who))) fail(`the preview does not add ${who}: ${adds}`);
  }
  await shot(page, 'import-preview');
  await page.click('.import-apply');
  await page.waitForSelector('.import-preview.applied');
  await shot(page, 'import-applied');
  // The server has them now.
  const classes = (await api(page, 'GET', '/v1/web/people')).json.classes;
  const cls = classes.find((c) => c.name === CLASS);
  const list = (await api(page, 'GET', `/v1/web/people?class=${cls.id}`)).json.students.map((s) => s.name);
  for (const who of ['Ёлкина Вера Павловна', 'Щукин Артём Денисович']) {
    if (!list.includes(who)) fail(`${CLASS} on the server lacks ${who}`);
  }
  // The same file again: nothing to add, «Загрузить» stays off.
  await page.click('.import-check');
  await page.waitForSelector('.import-preview:not(.applied)');
  const verdict = await page.locator('.import-preview .verdict').textContent();
  if (!/Добавлять нечего/.test(verdict)) fail(`a second preview still adds: ${verdict}`);
  if (!(await page.locator('.import-apply').isDisabled())) fail('«Загрузить» is enabled with nothing to add');
  console.log('import: 2 row errors, 2 students added, nothing to add the second time');
}

async function accounts(page) {
  await nav(page, 'Учётные записи');
  await page.waitForSelector('.accounts-table tbody tr');
  await shot(page, 'accounts', false);
  // Slips of 5А: a PDF download.
  const slipRow = page.locator('.slip-classes li', { has: page.locator('.class-name', { hasText: new RegExp(`^${CLASS}$`) }) });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: T }), slipRow.locator('button').click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  const pdf = Buffer.concat(chunks);
  if (pdf.subarray(0, 4).toString('latin1') !== '%PDF') fail(`the slips are not a PDF: ${pdf.subarray(0, 16)}`);
  await page.waitForSelector('.slips .ok');
  console.log(`slips of ${CLASS}: ${download.suggestedFilename()}, ${pdf.length} bytes`);

  // Reset the password of `teacher`.
  await page.fill('.accounts .admin-search', 'teacher');
  const row = page.locator('.accounts-table tbody tr', { has: page.locator('.login', { hasText: /^teacher$/ }) });
  await row.locator('button').click();
  page.once('dialog', (d) => d.accept());
  await page.click('.account-detail >> text=Сбросить пароль');
  await page.waitForSelector('.one-time code.password');
  const fresh = (await page.locator('.one-time code.password').textContent()).trim();
  if (fresh.length < 8) fail(`the new password is «${fresh}»`);
  await shot(page, 'accounts-reset');
  const login = await page.evaluate(
    async ({ p }) => (await fetch('/v1/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'teacher', password: p, device_name: 'test' }) })).status,
    { p: fresh },
  );
  if (login !== 200) fail(`the new password does not sign in: HTTP ${login}`);
  console.log('password of teacher reset; the new one signs in');
  return fresh;
}

/** Grants the coordinator a right on the rights screen; the server's list has it after. */
async function grant(page, login, rightTitle, code) {
  const user = page.locator('.rights-user');
  const value = await user.locator('option', { hasText: `(${login})` }).getAttribute('value');
  await user.selectOption(value);
  await page.waitForSelector('.user-rights .grant-right');
  const right = page.locator('.user-rights .grant-right');
  const rightValue = await right.locator('option', { hasText: new RegExp(`^${rightTitle}$`) }).getAttribute('value');
  await right.selectOption(rightValue);
  await page.click('.user-rights .grant-add');
  await page.waitForSelector(`.user-grants li >> text=${rightTitle}`);
  const view = (await api(page, 'GET', '/v1/web/rights')).json;
  const u = view.users.find((x) => x.login === login);
  if (!u.grants.some((g) => g.right === code && g.scope === 'School')) {
    fail(`${login} has no ${code} on the server: ${JSON.stringify(u.grants)}`);
  }
  console.log(`${login} granted «${rightTitle}» (вся школа)`);
}

/** The seed's step 4: the coordinator takes the rights to enter the lists. */
async function rights(page) {
  await nav(page, 'Права');
  await page.waitForSelector('.replace-initial .replace-button');
  await grant(page, 'coordinator', 'Ввести списки учеников и родителей', 'EnterStudentLists');
  await grant(page, 'coordinator', 'Редактировать личные дела', 'EditPersonalFiles');
  await shot(page, 'rights');
}

async function countAtEnd(page, cls) {
  const r = (await rows(page, '.book-counts')).find((x) => x[0] === cls);
  return r ? Number(r[4]) : 0;
}

async function orders(page) {
  await nav(page, 'Приказы');
  await page.waitForSelector('.order-form');
  await page.waitForSelector('.book-counts, .book .failure');
  const before = await countAtEnd(page, CLASS);
  // Enrollment into 5А.
  await page.selectOption('.order-kind', 'enroll');
  await page.fill('.order-number', '1-у');
  const to = page.locator('.order-form label', { hasText: 'В класс' }).locator('select');
  await to.selectOption({ label: CLASS });
  await page.waitForSelector('.pick-list li');
  const first = page.locator('.pick-list li').first();
  const enrolled = (await first.textContent()).trim();
  await first.locator('input').check();
  await page.click('.order-form button[type=submit]');
  await page.waitForSelector('.order-form .ok');
  await page.waitForFunction(
    ({ cls, n }) => {
      const row = Array.from(document.querySelectorAll('.book-counts tbody tr')).find((tr) => tr.cells[0].textContent.trim() === cls);
      return row && Number(row.cells[4].textContent) === n;
    },
    { cls: CLASS, n: before + 1 },
    { timeout: T },
  );
  console.log(`enrolled ${enrolled}: ${CLASS} at the end ${before} → ${before + 1}`);
  await shot(page, 'orders-enrolled');
  // A transfer of a student never enrolled: the server refuses, the form says why.
  await page.selectOption('.order-kind', 'transfer');
  await page.fill('.order-number', '2-у');
  await page.locator('.order-form label', { hasText: 'Из класса' }).locator('select').selectOption({ label: CLASS });
  await page.locator('.order-form label', { hasText: 'В класс' }).locator('select').selectOption({ label: '5Б' });
  await page.waitForSelector('.pick-list li');
  await page.locator('.pick-list li').nth(1).locator('input').check();
  await page.click('.order-form button[type=submit]');
  await page.waitForSelector('.order-form .error');
  const refusal = (await page.locator('.order-form .error').textContent()).trim();
  if (!/не зачислен\(а\) в школу: перевод невозможен/.test(refusal)) fail(`unexpected refusal: ${refusal}`);
  console.log(`transfer refused: ${refusal}`);
  await shot(page, 'orders-refused');
}

/** The lines of the audit table shown: their action code and cell texts. */
async function auditLines(page, selector = '.audit .audit-table') {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => ({
      action: tr.dataset.action,
      cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent.trim()),
    })),
  );
}

/** Waits until the audit table shows only lines `ok` accepts (bounded). */
async function waitLines(page, test, what) {
  const deadline = Date.now() + T;
  for (;;) {
    const lines = await auditLines(page);
    if (lines.length && lines.every(test)) return lines;
    if (Date.now() > deadline) fail(`${what}: ${JSON.stringify(lines.slice(0, 5))}`);
    await page.waitForTimeout(150);
  }
}

async function auditLog(browser, errors) {
  const { ctx, page } = await openPage(browser, WIDE, 'audit', errors);
  await signIn(page, 'coordinator', PASSWORD);
  await nav(page, 'Журнал аудита');
  await page.waitForSelector('.audit .audit-table tbody tr');
  const all = await auditLines(page);
  const granted = all.find((l) => l.action === 'grant_changed' && l.cells.join(' ').includes('coordinator'));
  if (!granted) fail(`no rights grant by the coordinator in the log: ${JSON.stringify(all.slice(0, 5))}`);
  if (!/Изменены права учётной записи/.test(granted.cells[1])) fail(`the grant's title: ${granted.cells[1]}`);
  const added = all.find((l) => l.action === 'roster_changed' && l.cells.join(' ').includes(IMPORTED));
  if (!added) fail(`no class-list line about ${IMPORTED}`);
  console.log(`audit: ${all.length} lines; the grant and «${added.cells[4]}»`);
  await shot(page, 'audit-1280', false);

  // By kind of action.
  const action = page.locator('.audit-action');
  await action.selectOption('roster_changed');
  await waitLines(page, (l) => l.action === 'roster_changed', 'only class-list lines after the action filter');
  // By class, then a student of it.
  await page.locator('.audit-class').selectOption({ label: CLASS });
  await page.waitForSelector('.audit-student');
  const studentValue = await page.locator('.audit-student option', { hasText: IMPORTED }).getAttribute('value');
  await page.locator('.audit-student').selectOption(studentValue);
  const mine = await waitLines(
    page,
    (l) => l.action === 'roster_changed' && l.cells[3].includes(IMPORTED),
    `only lines about ${IMPORTED}`,
  );
  console.log(`audit filtered to ${IMPORTED}: ${mine.length} line(s)`);
  await shot(page, 'audit-filtered', false);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: T }), page.click('.audit .btn.export')]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const xlsx = Buffer.concat(chunks);
  if (xlsx.subarray(0, 2).toString('latin1') !== 'PK') fail('the audit export is not an XLSX');
  console.log(`audit export: ${download.suggestedFilename()}, ${xlsx.length} bytes`);

  // The student's history in «Люди».
  await nav(page, 'Люди');
  await page.locator('.class-card', { has: page.locator('.class-name', { hasText: new RegExp(`^${CLASS}$`) }) }).click();
  await page.waitForSelector('.people-table tbody tr');
  await page.fill('.people-search', 'ёлкина');
  const row = page.locator('.people-table tbody tr', { has: page.locator('.name', { hasText: IMPORTED }) });
  await row.locator('.history-open').click();
  await page.waitForSelector('.history .audit-table tbody tr');
  const history = await auditLines(page, '.history .audit-table');
  const kinds = history.map((l) => l.action);
  if (!kinds.includes('roster_changed') || !kinds.includes('personal_changed')) {
    fail(`the history lacks the list entry or the personal file: ${JSON.stringify(history)}`);
  }
  const text = history.map((l) => l.cells.join(' ')).join(' ');
  if (/2015|912/.test(text)) fail(`the history shows a personal value: ${text}`);
  console.log(`history of ${IMPORTED}: ${kinds.join(', ')}`);
  await shot(page, 'people-history', false);
  await ctx.close();
}

async function slipLink(browser, errors, password) {
  const { ctx, page } = await openPage(browser, PORTRAIT, 'slip', errors);
  await page.goto(`${BASE}/#/signin?login=teacher&code=${encodeURIComponent(password)}`);
  await page.waitForSelector('form.signin');
  await page.waitForFunction(
    (p) => document.querySelector('input[type=password]').value === p,
    password,
    { timeout: T },
  );
  const login = await page.inputValue('input[autocomplete=username]');
  if (login !== 'teacher') fail(`the slip link filled in the login «${login}»`);
  const hash = await page.evaluate(() => location.hash);
  if (hash.includes('code')) fail(`the code stays in the address: ${hash}`);
  await shot(page, 'slip-signin');
  await page.click('button[type=submit]');
  await page.waitForSelector('.who .user', { state: 'attached' });
  const after = await page.evaluate(() => location.href);
  if (after.includes(password)) fail(`the code is in the address after sign-in: ${after}`);
  console.log('slip link: form filled, code gone from the address, signed in');
  await ctx.close();
}

async function portrait(browser, errors) {
  const { ctx, page } = await openPage(browser, PORTRAIT, 'portrait', errors);
  await signIn(page, 'coordinator', PASSWORD);
  await nav(page, 'Люди');
  await page.locator('.class-card', { has: page.locator('.class-name', { hasText: new RegExp(`^${CLASS}$`) }) }).click();
  await page.waitForSelector('.people-table tbody tr');
  await shot(page, 'people-768');
  await nav(page, 'Приказы');
  await page.waitForSelector('.book-counts');
  await shot(page, 'orders-768');
  await nav(page, 'Учётные записи');
  await page.waitForSelector('.accounts-table tbody tr');
  await shot(page, 'accounts-768', false);
  await nav(page, 'Журнал аудита');
  await page.waitForSelector('.audit .audit-table tbody tr');
  await shot(page, 'audit-768', false);
  await ctx.close();
}

/** The next Monday–Friday on or after today (Moscow), as YYYY-MM-DD. */
function nextWeekday() {
  const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'Europe/Moscow' }));
  const d = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// 7. Changes and substitutions for a date (1280×800): one teacher's lessons of the day; the
// first given to a teacher free at that time (saved: «Замена: ведёт …», the server's changes
// list has it), the next to a teacher busy then (the server's refusal names the clash, in
// place); the substitution removed again. Shot before and after.
async function substitutions(browser, errors) {
  const { ctx, page } = await openPage(browser, { width: 1280, height: 800 }, 'changes', errors);
  await signIn(page, 'coordinator', PASSWORD);
  await nav(page, 'Расписание');
  await page.waitForSelector('.tt-grid .tt-slot');
  await shot(page, 'timetable-grid', false);
  const day = nextWeekday();
  await page.click('button[name=tt-changes]');
  await page.waitForSelector('.tt-changes .tt-daybar');
  await page.goto(`${BASE}/#/timetable/changes/${day}`);
  await page.waitForSelector('.tt-changes .tt-day-lesson');
  const teachers = await page.$$eval('select[name=tt-whose] option', (os) => os.map((o) => o.value).filter(Boolean));
  if (!teachers.length) fail(`no teacher has lessons on ${day}`);
  await page.selectOption('select[name=tt-whose]', teachers[0]);
  const lessons = page.locator('.tt-day-lesson');
  if ((await lessons.count()) < 2) fail('the chosen teacher has fewer than two lessons that day');
  const first = lessons.first();
  await first.locator('.tab', { hasText: 'Замена' }).click();
  const options = await first.locator('select[name=tt-substitute] option').allTextContents();
  const free = options.findIndex((o, i) => i > 0 && !o.includes('занят'));
  const busy = options.findIndex((o) => o.includes('занят'));
  if (free < 1 || busy < 1) fail(`free and busy teachers are not told apart: ${JSON.stringify(options)}`);
  await first.locator('select[name=tt-substitute]').selectOption({ index: free });
  await first.locator('input[name=tt-change-note]').fill('больничный');
  await first.locator('button[name=tt-change-save]').click();
  await page.locator('.tt-day-lesson.changed .tt-change', { hasText: 'Замена: ведёт' }).waitFor();
  // The filter survives the save: only that teacher's lessons are listed.
  const chosen = await page.$eval('select[name=tt-whose]', (s) => s.value);
  if (chosen !== teachers[0]) fail('the teacher filter was lost by the save');
  const listed = await api(page, 'GET', `/v1/web/timetable/changes?from=${day}&to=${day}`);
  if (listed.status !== 200 || listed.json.changes.length !== 1) fail(`the server's changes: ${JSON.stringify(listed)}`);
  const second = page.locator('.tt-day-lesson:not(.changed)').first();
  await second.locator('.tab', { hasText: 'Замена' }).click();
  const options2 = await second.locator('select[name=tt-substitute] option').allTextContents();
  const busy2 = options2.findIndex((o) => o.includes('занят'));
  if (busy2 < 1) fail('no busy teacher for the second lesson');
  await second.locator('select[name=tt-substitute]').selectOption({ index: busy2 });
  await second.locator('button[name=tt-change-save]').click();
  const refusal = (await page.locator('.setup-msg.refused').textContent()).trim();
  if (!/уже ведёт/.test(refusal)) fail(`a busy substitute is not refused with the clash: «${refusal}»`);
  console.log(`refused: ${refusal}`);
  await shot(page, 'substitution', false);
  await page.locator('.tt-day-lesson.changed .btn.ghost', { hasText: 'Убрать изменение' }).click();
  await page.waitForFunction(() => !document.querySelector('.tt-day-lesson.changed'), null, { timeout: T });
  const after = await api(page, 'GET', `/v1/web/timetable/changes?from=${day}&to=${day}`);
  if (after.json.changes.length !== 0) fail('the substitution was not removed on the server');
  await ctx.close();
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
    const { ctx, page } = await openPage(browser, TABLET, 'coordinator', errors);
    await signIn(page, 'coordinator', PASSWORD);
    await page.waitForSelector('.topnav .navlink');
    await people(page);
    await rights(page);
    await importList(page);
    const fresh = await accounts(page);
    await orders(page);
    await ctx.close();
    await auditLog(browser, errors);
    await slipLink(browser, errors, fresh);
    await portrait(browser, errors);
    await substitutions(browser, errors);
    if (errors.length) fail(`page errors:\n${errors.join('\n')}`);
    console.log('PASS');
  } finally {
    await browser.close();
  }
}

runStory('coordinator test', main, 420);
