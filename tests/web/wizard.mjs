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
// 5. admin signs out; the teacher signs in with that login and code and sees their day.
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

    // 5. admin signs out; the teacher signs in with the one-time code and sees their day.
    await page.click('.topbar .btn.ghost >> text=Выйти');
    await page.waitForSelector('form.signin');
    await signIn(page, teacherRow.login, teacherRow.code);
    await page.waitForSelector('.daypicker h1 .date-text');
    if (await page.locator('.topnav .navlink', { hasText: 'Школа' }).count() !== 0) fail('a teacher sees the school setup in the navigation');
    // No timetable yet: the day view says there are no lessons (or lists them).
    await page.locator('.screen .empty, .lesson-card').first().waitFor();
    const day = (await page.locator('.daypicker h1 .date-text').textContent()).trim();
    console.log(`the teacher's day: ${day}`);
    await shot(page, 'teacher-today');
    await ctx.close();
  } finally {
    await browser.close();
  }
  if (errors.length) fail(`page errors:\n${errors.join('\n')}`);
  console.log('wizard story passed');
}

runStory('wizard story', main, 420);
