// The coordinator's setup wizard, end to end in Chromium, on an EMPTY server (no demo school).
//
//   node wizard.mjs <base-url> <artifacts-dir> <admin-password>
//
// 1. `admin` signs in (1024×768): Home is the wizard's overview with every step to do.
// 2. The wizard from nothing: the school card; the year 2026/2027-style with the default quarters
//    and holidays; 45-minute bells; a five-day week; two staff members; subjects with their
//    grades; a grade 5 profile, first over the SanPiN limit (the page shows the total over the
//    limit; sent anyway, the server's refusal names grade, total and limit), then within it; the
//    class 5А with its class teacher, the profile and a group; teaching assignments. After each
//    save the server holds the data (read back through GET /v1/web/school).
// 3. The overview shows every step done; the overview and a step are shot at 768×1024 too.
// 4. Staff accounts are issued (a table of logins and one-time codes); the printable slips
//    download as a PDF with the same codes; issued again, nobody gets a new code (the codes
//    given stay valid), and the teacher's login and code come from the first table.
// 5. The timetable of 5А by hand on the timetable screen (the teacher proposed by her
//    assignment; a clash shown and refused before sending), shot at 1280×800.
// 6. 5Б from a FET CSV on the import page: the unknown «Петрова С.И.» is answered, the preview
//    checks again, «Загрузить» writes three lessons; grids by class and (768×1024) by teacher;
//    the journals of 5А and 5Б appear.
// 7. A student and her mother enter 5А's list; the class's slips give the mother's code.
// 8. The teacher signs in with her slip's code, opens the last school Monday, finds 5А's lesson,
//    marks the student absent and gives her a 5.
// 9. The mother signs in with her code on a phone and sees the 5 in mathematics.
// Every wait is bounded; screenshots go to <artifacts-dir>/wizard-*.png.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { newPage, runStory } from './page.mjs';

const [base, out, adminPassword] = process.argv.slice(2);
if (!base || !out || !adminPassword) {
  console.error('usage: node wizard.mjs <base-url> <artifacts-dir> <admin-password>');
  process.exit(2);
}
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error(`refusing a base URL other than http://127.0.0.1:PORT: ${base}`);
  process.exit(2);
}
const BASE = base.replace(/\/$/, '');
mkdirSync(out, { recursive: true });

const T = 20000; // default bound of a single wait, ms
const LAPTOP = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };
const TEACHER = { last: 'Иванова', first: 'Анна', middle: 'Петровна', position: 'Учитель математики' };
const SECOND = { last: 'Петров', first: 'Сергей', middle: 'Иванович', position: 'Учитель русского языка' };

let shotNo = 0;
async function shot(page, name) {
  shotNo += 1;
  const file = path.join(out, `wizard-${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true, timeout: T });
  console.log(`screenshot ${file}`);
}

function fail(msg) {
  throw new Error(msg);
}

/** GET an API path with the page's own session, as JSON. */
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

/** POST/DELETE JSON with the page's own session; returns {status, json}. */
async function apiSend(page, method, p, body) {
  return page.evaluate(
    async ({ method, p, body }) => {
      const r = await fetch(p, {
        method,
        cache: 'no-store',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          Authorization: `Bearer ${localStorage.getItem('zvonok.token')}`,
        },
        body: JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : null };
    },
    { method, p, body },
  );
}

async function post(page, p, body) {
  const r = await apiSend(page, 'POST', p, body);
  if (r.status !== 200) fail(`${p}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** UUID v7 (time-ordered), as the server's ids are. */
function uuid7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = BigInt(Date.now());
  for (let i = 5; i >= 0; i--) {
    b[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const iso = (d) => d.toISOString().slice(0, 10);

/** The latest Monday on or before today (Moscow) inside a study period and on no holiday.
 * The first slot typed (Monday) created the journals with every Monday of their periods;
 * slots of other days add lessons from today on only (the past is never rewritten). */
function lastSchoolMonday(school) {
  const today = new Date(new Date().toLocaleString('en-US', { timeZone: 'Europe/Moscow' }));
  const d = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
  for (let i = 0; i < 120; i++, d.setUTCDate(d.getUTCDate() - 1)) {
    const day = iso(d);
    const wd = d.getUTCDay();
    if (wd !== 1) continue;
    const inPeriod = Object.values(school.periods).some((p) => p.start <= day && day <= p.end);
    const holiday = Object.values(school.holidays).some((h) => h.start <= day && day <= h.end);
    if (inPeriod && !holiday) return { day, wd };
  }
  fail('no school Monday in the last 60 days');
}

/** Waits (bounded) until the server's school data satisfies `ok`. */
async function untilSchool(page, what, ok) {
  const end = Date.now() + T;
  let last;
  while (Date.now() < end) {
    last = await api(page, '/v1/web/school');
    if (ok(last)) return last;
    await page.waitForTimeout(200);
  }
  fail(`the server never had ${what}: ${JSON.stringify(last).slice(0, 2000)}`);
}

/** The state of each wizard step on the server. */
async function setupStates(page) {
  const v = await api(page, '/v1/web/setup');
  return Object.fromEntries(v.steps.map((s) => [s.step, s.state.state]));
}

/** Clicks a save button and waits for «Сохранено» (a refusal fails the test with its text). */
async function saveWith(page, button) {
  await button.click();
  const msg = page.locator('.setup-msg.saved, .setup-msg.refused');
  await msg.first().waitFor();
  const cls = await msg.first().getAttribute('class');
  if (cls.includes('refused')) fail(`save refused: ${await msg.first().textContent()}`);
  const text = (await msg.first().textContent()).trim();
  if (text !== 'Сохранено') fail(`unexpected save message «${text}»`);
}

/** The page's main save button (the primary «Сохранить» of the form). */
function saveButton(page) {
  return page.locator('.setup-form .setup-actions .btn.primary', { hasText: /^Сохранить$/ });
}

async function openStep(page, slug, title) {
  await page.click(`.setup-strip .strip-step[data-step="${slug}"]`);
  await page.waitForFunction(
    (t) => document.querySelector('.setup-head h1')?.textContent.trim() === t,
    title,
    { timeout: T },
  );
  await page.waitForSelector('.setup-form');
}

async function next(page, title) {
  await page.click('.setup-nav .btn.primary');
  await page.waitForFunction(
    (t) => document.querySelector('.setup-head h1')?.textContent.trim() === t,
    title,
    { timeout: T },
  );
  await page.waitForSelector('.setup-form');
}


async function signIn(page, login, password) {
  await page.goto(BASE + '/');
  await page.waitForSelector('form.signin');
  await page.fill('input[autocomplete=username]', login);
  await page.fill('input[type=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.who .user');
}

function openPage(browser, viewport, label, errors) {
  return newPage(browser, viewport, label, errors, T);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=ru-RU'],
  });
  const errors = [];
  try {
    const { ctx, page } = await openPage(browser, LAPTOP, 'admin', errors);

    // 1. The empty school: Home is the overview, every step but the week to do.
    await signIn(page, 'admin', adminPassword);
    await page.waitForSelector('.setup-overview .setup-steps');
    const nav = (await page.locator('.topnav .navlink').first().textContent()).trim();
    if (nav !== 'Школа') fail(`the coordinator's first navigation entry is «${nav}»`);
    const todo = await page.locator('.setup-steps .setup-step.todo').count();
    if (todo < 8) fail(`an empty school shows only ${todo} steps to do`);
    const resume = (await page.locator('button[name=setup-resume]').textContent()).trim();
    if (!resume.includes('Карточка школы')) fail(`the wizard does not resume at the card: «${resume}»`);
    await shot(page, 'overview-empty');

    // 2a. The school card.
    await page.click('button[name=setup-resume]');
    await page.waitForFunction(() => location.hash === '#/setup/card', null, { timeout: T });
    await page.waitForSelector('input[name=school-name]');
    await page.fill('input[name=school-name]', 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»');
    await page.fill('input[name=school-short]', 'МБОУ СШ № 7');
    await page.fill('input[name=school-address]', 'г. Зеленодольск, ул. Школьная, 7');
    await saveWith(page, saveButton(page));
    await untilSchool(page, 'the card', (s) => s.card.short_name === 'МБОУ СШ № 7');
    // Resumable: a reload returns to the same step with the saved data.
    await page.reload();
    await page.waitForSelector('input[name=school-short]');
    await page.waitForFunction(() => document.querySelector('input[name=school-short]').value === 'МБОУ СШ № 7', null, { timeout: T });
    if (await page.evaluate(() => location.hash) !== '#/setup/card') fail('a reload left the card step');
    await shot(page, 'card');

    // 2b. The year with the default quarters and holidays.
    await next(page, 'Учебный год, периоды и каникулы');
    await page.selectOption('select[name=period-kind]', 'quarter');
    await page.waitForFunction(() => document.querySelectorAll('.setup-table:not(.holidays) tbody tr').length === 4, null, { timeout: T });
    const holidayRows = await page.locator('.setup-table.holidays tbody tr').count();
    if (holidayRows !== 3) fail(`the default calendar has ${holidayRows} holidays, not 3`);
    await saveWith(page, saveButton(page));
    const withYear = await untilSchool(page, 'the year', (s) => s.current_year && Object.keys(s.periods).length === 4 && Object.keys(s.holidays).length === 3);
    const year = withYear.years[withYear.current_year];
    console.log(`year ${year.title}: ${year.start} – ${year.end}`);
    if ((await setupStates(page)).academic_year !== 'done') fail('the year step is not done after saving');
    await shot(page, 'year');

    // 2c. 45-minute bells.
    await next(page, 'Расписание звонков');
    await page.click('text=Заполнить: уроки по 45 минут');
    await page.waitForFunction(() => document.querySelectorAll('.setup-table.bells tbody tr').length === 7, null, { timeout: T });
    await saveWith(page, saveButton(page));
    const withBells = await untilSchool(page, 'the bells', (s) => s.bells.length === 7);
    if (withBells.bells[0].start !== '08:30' || withBells.bells[0].end !== '09:15') fail(`first bell ${JSON.stringify(withBells.bells[0])}`);
    await shot(page, 'bells');

    // 2d. A five-day week.
    await next(page, 'Учебная неделя');
    await page.check('input[name=week-days][value="5"]');
    await saveWith(page, saveButton(page));
    await untilSchool(page, 'a five-day week', (s) => s.week_days === 5);
    await shot(page, 'week');

    // 2e. Two staff members.
    await next(page, 'Сотрудники');
    for (const m of [TEACHER, SECOND]) {
      await page.fill('input[name=staff-last]', m.last);
      await page.fill('input[name=staff-first]', m.first);
      await page.fill('input[name=staff-middle]', m.middle);
      await page.fill('input[name=staff-position]', m.position);
      await saveWith(page, page.locator('button[name=staff-save]'));
      await page.waitForSelector(`.setup-table.staff td >> text=${m.last} ${m.first} ${m.middle}`);
    }
    const withStaff = await untilSchool(page, 'two staff members', (s) => Object.keys(s.staff).length === 2);
    const staffId = (last) => Object.values(withStaff.staff).find((m) => m.last_name === last).id;
    await shot(page, 'staff');

    // 2f. Subjects with their grades.
    await next(page, 'Предметы');
    const subjects = { 'Математика': [5, 6, 7, 8, 9], 'Русский язык': [5, 6, 7, 8, 9, 10, 11] };
    for (const [name, grades] of Object.entries(subjects)) {
      await page.fill('input[name=subject-new]', name);
      await page.click('button[name=subject-add]');
      const row = page.locator(`.setup-table.subjects tbody tr[data-subject="${name}"]`);
      await row.waitFor();
      for (const g of grades) await row.locator(`input[data-grade="${g}"]`).check();
    }
    await saveWith(page, saveButton(page));
    await untilSchool(page, 'the subjects with grades', (s) => {
      const v = Object.values(s.subjects);
      return v.length === 2 && v.every((x) => x.grades.length === subjects[x.name].length);
    });
    const states = await setupStates(page);
    if (states.subjects !== 'done' || states.subjects_per_grade !== 'done') fail(`subject steps: ${JSON.stringify(states)}`);
    await shot(page, 'subjects');

    // 2g. A grade 5 profile: over the limit first, then within it.
    await next(page, 'Профили учебного плана и часы');
    await page.fill('input[name=profile-name]', 'Базовый');
    await page.fill('input[aria-label="Часов в неделю: Математика"]', '20');
    await page.fill('input[aria-label="Часов в неделю: Русский язык"]', '10,5');
    const over = (await page.locator('.setup-load.over').textContent()).trim();
    console.log(`over the limit: ${over}`);
    if (!over.includes('30,5 ч') || !over.includes('29 ч') || !over.includes('5 класс')) fail(`the page does not show the total over the limit: «${over}»`);
    await shot(page, 'curriculum-over');
    await page.click('button[name=profile-force]');
    const refusal = page.locator('.setup-msg.refused');
    await refusal.waitFor();
    const reason = (await refusal.textContent()).trim();
    console.log(`the server refused: ${reason}`);
    if (!/для 5 класса/.test(reason) || !/30,5 ч в неделю/.test(reason) || !/не больше 29 ч/.test(reason)) {
      fail(`the refusal does not name grade, total and limit: «${reason}»`);
    }
    await shot(page, 'curriculum-refused');
    await page.fill('input[aria-label="Часов в неделю: Русский язык"]', '5');
    const within = (await page.locator('.setup-load.within').textContent()).trim();
    if (!within.includes('25 ч') || !within.includes('29')) fail(`the total within the limit reads «${within}»`);
    await saveWith(page, page.locator('button[name=profile-save]'));
    const withPlan = await untilSchool(page, 'the grade 5 plan', (s) => {
      const p = Object.values(s.profiles)[0];
      return p && p.grade === 5 && Object.values(p.hours).reduce((a, b) => a + b, 0) === 50;
    });
    const profile = Object.values(withPlan.profiles)[0];
    await shot(page, 'curriculum');

    // 2h. The class 5А with its class teacher, the profile and a group.
    await next(page, 'Классы и группы');
    await page.locator('.setup-form > .setup-row label.field', { hasText: 'Параллель' }).locator('select').selectOption('5');
    await page.fill('input[name=class-letter]', 'А');
    await page.locator('.setup-form > .setup-row label.field', { hasText: 'Классный руководитель' }).locator('select').selectOption(staffId(TEACHER.last));
    await page.locator('.setup-form > .setup-row label.field', { hasText: 'Профиль учебного плана' }).locator('select').selectOption(profile.id);
    await saveWith(page, page.locator('button[name=class-add]'));
    const withClass = await untilSchool(page, 'the class 5А', (s) => Object.values(s.classes).some((c) => c.grade === 5 && c.letter === 'А'));
    const cls = Object.values(withClass.classes).find((c) => c.grade === 5);
    if (cls.class_teacher !== staffId(TEACHER.last)) fail('5А has no class teacher');
    if (withClass.class_profiles[cls.id] !== profile.id) fail('5А has no profile');
    const card5a = page.locator('.setup-card[data-class="5А"]');
    await card5a.waitFor();
    await card5a.locator('input.group-new').fill('1 группа');
    await saveWith(page, card5a.locator('.btn', { hasText: 'Добавить группу' }));
    await untilSchool(page, 'the group of 5А', (s) => Object.values(s.groups).some((g) => g.name === '1 группа'));
    await page.locator('.setup-card[data-class="5А"] .group-chip', { hasText: '1 группа' }).waitFor();
    await shot(page, 'classes');

    // 2i. Teaching assignments.
    await next(page, 'Педагогическая нагрузка');
    const subjectId = (name) => Object.values(withPlan.subjects).find((s) => s.name === name).id;
    for (const [subject, teacher] of [['Математика', TEACHER.last], ['Русский язык', SECOND.last]]) {
      await page.selectOption('select[name=assignment-cohort]', cls.id);
      await page.selectOption('select[name=assignment-subject]', subjectId(subject));
      await page.locator('.setup-form .setup-row label.field', { hasText: 'Учитель' }).locator('select').selectOption(staffId(teacher));
      await saveWith(page, page.locator('button[name=assignment-add]'));
      await page.locator('.setup-table.assignments td', { hasText: subject }).first().waitFor();
    }
    await untilSchool(page, 'two assignments', (s) => Object.keys(s.assignments).length === 2);
    await shot(page, 'assignments');

    // 3. Every step done on the overview.
    await page.click('.setup-nav >> text=К обзору');
    await page.waitForSelector('.setup-overview');
    await page.waitForFunction(() => document.querySelectorAll('.setup-steps .setup-step.done').length === 10, null, { timeout: T });
    const progress = (await page.locator('.setup-progress-text').textContent()).trim();
    if (progress !== 'Готово шагов: 10 из 10') fail(`the overview says «${progress}»`);
    const all = await setupStates(page);
    if (Object.values(all).some((s) => s !== 'done')) fail(`the server's steps: ${JSON.stringify(all)}`);
    await shot(page, 'overview-done');
    await page.setViewportSize(PORTRAIT);
    await shot(page, 'overview-portrait');
    await page.goto(BASE + '/#/setup/curriculum');
    await page.waitForSelector('.setup-load.within');
    await shot(page, 'curriculum-portrait');
    await page.setViewportSize(LAPTOP);

    // 4. Staff accounts: the table, the teacher's login and code, the slips.
    await page.goto(BASE + '/#/setup/accounts');
    await page.waitForSelector('button[name=issue-staff]');
    /** Issues the staff accounts and reads the table. */
    async function issueStaff() {
      await page.click('button[name=issue-staff]');
      await page.waitForSelector('table.issued tbody tr');
      return page.$$eval('table.issued tbody tr', (trs) =>
        trs.map((tr) => ({
          name: tr.querySelector('.name').textContent.trim(),
          login: tr.querySelector('.login').textContent.trim(),
          code: tr.querySelector('.code-cell').textContent.trim(),
        })),
      );
    }
    const first = await issueStaff();
    console.log(`issued: ${JSON.stringify(first.map((r) => ({ name: r.name, login: r.login })))}`);
    if (first.length !== 2) fail(`issued ${first.length} staff accounts, not 2`);
    if (first.some((r) => !r.login || !/^[a-z0-9-]{6,}$/.test(r.code))) fail(`a row without login or code: ${JSON.stringify(first)}`);
    await shot(page, 'accounts');
    // The slips carry the codes of the table: printing changes nothing.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: T }),
      page.click('button[name=print-slips]'),
    ]);
    const pdf = readFileSync(await download.path());
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') fail(`the slips are not a PDF (${download.suggestedFilename()})`);
    console.log(`slips: ${download.suggestedFilename()}, ${pdf.length} bytes`);
    await page.waitForSelector('.setup-msg.saved >> text=Листки сохранены');
    await shot(page, 'accounts-printed');
    // Issued again (nobody has signed in yet): the same accounts, no new codes.
    const rows = await issueStaff();
    if (rows.length !== first.length) fail(`issued again: ${rows.length} rows, not ${first.length}`);
    if (rows.some((r) => /^[a-z0-9-]{6,}$/.test(r.code))) fail(`issued again, a new code appeared: ${JSON.stringify(rows)}`);
    const teacherRow = first.find((r) => r.name.startsWith(TEACHER.last));
    if (!teacherRow || !teacherRow.login || !teacherRow.code) fail(`no login and code for ${TEACHER.last}: ${JSON.stringify(first)}`);
    const again = rows.find((r) => r.name.startsWith(TEACHER.last));
    if (again.login !== teacherRow.login) fail(`the login changed: ${teacherRow.login} → ${again.login}`);

    // 5. The timetable. 5А by hand on the timetable screen: mathematics (Иванова, proposed by
    // her teaching assignment) as the first lesson of every weekday; a second lesson in the
    // same cell is refused before anything is sent.
    const school = await api(page, '/v1/web/school');
    const subj = (name) => Object.values(school.subjects).find((x) => x.name === name).id;
    await page.locator('.topnav .navlink', { hasText: /^Расписание$/ }).click();
    await page.waitForSelector('.tt-grid');
    const emptyTt = await api(page, '/v1/web/timetable');
    if (!emptyTt.can_edit || Object.keys(emptyTt.timetable.slots).length !== 0) fail(`the new school's timetable: ${JSON.stringify(emptyTt)}`);
    for (let wd = 1; wd <= 5; wd++) {
      await page.locator(`td.tt-cell[data-day="${wd}"][data-number="1"] .tt-add`).click();
      await page.waitForSelector('.tt-editor');
      await page.selectOption('.tt-editor select[name=tt-subject]', subj('Математика'));
      const teacher = await page.$eval('.tt-editor select[name=tt-teacher]', (s) => s.value);
      if (teacher !== staffId(TEACHER.last)) fail(`the editor did not propose the assigned teacher (${teacher})`);
      await page.fill('.tt-editor input[name=tt-room]', '201');
      await page.waitForSelector('.tt-editor .tt-ok');
      await page.click('.tt-editor .btn.primary');
      await page.waitForSelector('.tt-editor', { state: 'detached' });
      await page.locator(`td.tt-cell[data-day="${wd}"][data-number="1"] .tt-slot`, { hasText: 'Математика' }).waitFor();
    }
    await page.locator('td.tt-cell[data-day="1"][data-number="1"] .tt-add').click();
    await page.waitForSelector('.tt-editor');
    await page.selectOption('.tt-editor select[name=tt-subject]', subj('Русский язык'));
    const clash = (await page.locator('.tt-editor .tt-problems').textContent()).trim();
    if (!clash.includes('5А')) fail(`a class in two places is not shown before saving: «${clash}»`);
    if (!(await page.locator('.tt-editor .btn.primary').isDisabled())) fail('a clashing lesson can be saved');
    console.log(`refused before sending: ${clash}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'timetable-clash');
    await page.click('.tt-editor .btn.ghost');
    const byHand = await api(page, '/v1/web/timetable');
    if (Object.keys(byHand.timetable.slots).length !== 5) fail(`5 lessons by hand, the server has ${Object.keys(byHand.timetable.slots).length}`);

    // 6. 5Б from a FET export: the class and its assignment first (the wizard's ops), then the
    // import page: the preview asks who «Петрова С.И.» is, the answer checks the file again,
    // «Загрузить» writes the lessons.
    const class5b = uuid7();
    await post(page, '/v1/web/school/ops', { op: 'put_class', class: { id: class5b, year: school.current_year, grade: 5, letter: 'Б', class_teacher: null } });
    await post(page, '/v1/web/school/ops', {
      op: 'put_assignment',
      assignment: { id: uuid7(), teacher: staffId(SECOND.last), cohort: { Class: class5b }, subject: subj('Русский язык'), year: school.current_year },
    });
    const fet = '\ufeff"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags","Room","Comments"\n'
      + '1,Monday,2,5Б,Русский язык,Петров С.И.,,105,\n'
      + '1,Tuesday,2,5Б,Русский язык,Петров С.И.,,105,\n'
      + '2,Thursday,3,5Б,Русский язык,Петрова С.И.,,105,\n';
    await page.reload();
    await page.waitForSelector('.tt-grid');
    await page.click('.tt-head .btn');
    await page.waitForSelector('.tt-import input.import-file');
    await page.setInputFiles('.tt-import input.import-file', { name: '5b_timetable.csv', mimeType: 'text/csv', buffer: Buffer.from(fet, 'utf8') });
    await page.waitForSelector('.tt-import .import-check:not([disabled])');
    await page.click('.tt-import .import-check');
    await page.waitForSelector('.tt-preview .tt-name');
    const unknown = (await page.locator('.tt-preview .tt-name').first().textContent()).trim();
    if (!unknown.includes('Петрова С.И.')) fail(`the preview does not ask about «Петрова С.И.»: «${unknown}»`);
    if (!(await page.locator('.tt-import .import-apply').isDisabled())) fail('the import can be applied with an unknown name');
    await shot(page, 'timetable-import-preview');
    const option = await page.$eval('.tt-preview .tt-name select.tt-answer', (sel, last) =>
      [...sel.options].find((o) => o.textContent.includes(last))?.value, SECOND.last);
    await page.selectOption('.tt-preview .tt-name select.tt-answer', option);
    await page.waitForFunction(() => !document.querySelector('.tt-preview .tt-name') && document.querySelector('.tt-preview .tt-counts'), null, { timeout: T });
    const counts = (await page.locator('.tt-preview .tt-counts').textContent()).trim();
    if (!counts.includes('Добавится уроков: 3')) fail(`the preview after the answer: «${counts}»`);
    await page.click('.tt-import .import-apply');
    await page.waitForSelector('.tt-import-done');
    const imported = await api(page, '/v1/web/timetable');
    const of5b = Object.values(imported.timetable.slots).filter((x) => x.cohort.Class === class5b);
    if (of5b.length !== 3 || Object.keys(imported.timetable.slots).length !== 8) fail(`after the import: ${JSON.stringify(imported.timetable.slots)}`);
    await page.click('.tt-import-done .btn.primary');
    await page.waitForSelector('.tt-grid');
    await page.locator('.tt-lens select[name=tt-lens]').selectOption(class5b);
    await page.locator('td.tt-cell[data-day="4"][data-number="3"] .tt-slot', { hasText: 'Русский язык' }).waitFor();
    await shot(page, 'timetable-5b');
    await page.setViewportSize(PORTRAIT);
    await page.locator('.tt-lens .tab', { hasText: 'По учителям' }).click();
    await page.waitForSelector('.tt-grid .tt-slot');
    await shot(page, 'timetable-teacher-portrait');
    await page.setViewportSize(LAPTOP);

    // The journals follow: 5А mathematics and 5Б Russian of the current period at least.
    const journals = (await api(page, '/v1/docs')).docs.filter((d) => d.kind === 'journal');
    console.log(`journals: ${journals.map((j) => j.title).join('; ')}`);
    if (!journals.some((j) => j.title.includes('5А')) || !journals.some((j) => j.title.includes('5Б'))) fail('no journals for 5А and 5Б');

    // 7. A student of 5А and her mother (the people screen's ops, with the lists right), and
    // their access slips' codes.
    await post(page, `/v1/web/accounts/${(await api(page, '/v1/me')).id}/grants`, { grant: { right: 'EnterStudentLists', scope: 'School' }, add: true });
    const student = { id: uuid7(), last_name: 'Орлова', first_name: 'Вера', middle_name: 'Андреевна', active: true };
    const mother = { id: uuid7(), last_name: 'Орлова', first_name: 'Мария', middle_name: 'Ивановна', relation: 'мать' };
    const class5a = cls.id;
    await post(page, `/v1/web/people/ops?class=${class5a}`, { op: 'put_student', student });
    await post(page, `/v1/web/people/ops?class=${class5a}`, { op: 'put_guardian', guardian: mother });
    await post(page, `/v1/web/people/ops?class=${class5a}`, { op: 'link', guardian: mother.id, student: student.id });
    const family = await post(page, '/v1/web/accounts/issue', { scope: { kind: 'class', class: class5a } });
    const motherSlip = family.accounts.find((a) => a.name.startsWith('Орлова Мария'));
    if (!motherSlip || !motherSlip.code) fail(`no slip for the mother: ${JSON.stringify(family.accounts)}`);

    // 8. admin signs out; the teacher signs in with the slip's code; the last school day lists
    // the mathematics lesson of 5А; she marks Вера absent and gives her a 5.
    await page.click('.topbar .btn.ghost >> text=Выйти');
    await page.waitForSelector('form.signin');
    await signIn(page, teacherRow.login, teacherRow.code);
    await page.waitForSelector('.daypicker h1 .date-text');
    if (await page.locator('.topnav .navlink', { hasText: 'Школа' }).count() !== 0) fail('a teacher sees the school setup in the navigation');
    await shot(page, 'teacher-today');
    const { day } = lastSchoolMonday(school);
    console.log(`the teacher opens ${day}`);
    await page.goto(`${BASE}/#/today/${day}`);
    const card = page.locator('.today .lesson-card:not([disabled])').filter({ has: page.locator('.cohort', { hasText: /^5А$/ }) });
    try {
      await card.first().waitFor();
    } catch (e) {
      const seen = await page.locator('.screen').textContent().catch(() => '');
      fail(`no 5А lesson on ${day}: the screen shows «${seen.replace(/\s+/g, ' ').slice(0, 400)}»`);
    }
    await shot(page, 'teacher-day-with-lesson');
    await card.first().click();
    const row = page.locator('.class-list .student').filter({ has: page.locator('.who .name', { hasText: /Орлова Вера/ }) });
    await row.waitFor();
    const att = row.locator('button.att');
    await att.click();
    await page.waitForFunction((el) => el.textContent.trim() === 'Н', await att.elementHandle(), { timeout: T });
    await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
    await row.locator('.mark-add').click();
    await page.waitForSelector('.sheet');
    await page.locator('.sheet .value', { hasText: /^5$/ }).click();
    await page.locator('.sheet .kind').first().click();
    await page.waitForSelector('.sheet', { state: 'detached' });
    await row.locator('.marks .mark', { hasText: /^5/ }).first().waitFor();
    await row.locator('.save.saved', { hasText: /^Отправлено$/ }).waitFor();
    await shot(page, 'teacher-marked');

    // 9. The mother signs in with her slip's code on a phone and sees the 5 in mathematics.
    await page.click('.topbar .btn.ghost >> text=Выйти');
    await page.waitForSelector('form.signin');
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, motherSlip.login, motherSlip.code);
    await page.waitForSelector('.subjects .subject');
    const maths = page.locator('.subjects .subject').filter({ has: page.locator('.subject-head .name strong', { hasText: /^Математика$/ }) });
    await maths.locator('.subject-head').click();
    await maths.locator('.mark-list .summary-mark').first().waitFor();
    const seen = (await maths.locator('.mark-list').textContent()).trim();
    if (!seen.includes('5')) fail(`the mother does not see the 5: «${seen}»`);
    console.log(`the mother sees: ${seen.replace(/\s+/g, ' ').slice(0, 120)}`);
    await shot(page, 'parent-sees-mark');
    await ctx.close();
  } finally {
    await browser.close();
  }
  if (errors.length) fail(`page errors:\n${errors.join('\n')}`);
  console.log('wizard story passed');
}

runStory('wizard story', main, 600);
