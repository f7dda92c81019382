// Benchmark: how long the timetable editor takes to show what saving a lesson would break,
// in headless Chromium (the checks run in the UI's WebAssembly), against a real demo server.
//
//   bash tests/web/run.sh bench-timetable.mjs [runs]
//   node bench-timetable.mjs <base-url> <artifacts-dir> [runs]
//
// The demo `coordinator` opens the timetable, taps the first lesson of the first class and
// then switches the editor's teacher between one who is teaching elsewhere at that time (a
// clash: «Сохранить нельзя») and the lesson's own teacher (no problem). Each switch runs every
// check of the whole week twice (before and after, `timetable_rules::problems`) and re-renders
// the verdict; the time is measured inside the page from the `change` event to the DOM
// mutation that shows the new verdict (`performance.now()`). Prints a table (median, p90, max)
// and writes <artifacts-dir>/bench-timetable.json. Measures; asserts nothing about the
// numbers (the goal, ≤ 20 ms, is compared in BENCHMARKS.md).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [base, out, runsArg] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node bench-timetable.mjs <base-url> <artifacts-dir> [runs]');
  process.exit(2);
}
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error(`refusing a base URL other than http://127.0.0.1:PORT: ${base}`);
  process.exit(2);
}
const BASE = base.replace(/\/$/, '');
const RUNS = Math.max(2, Math.min(200, Number(runsArg) || 40));
const T = 30000;
mkdirSync(out, { recursive: true });

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p90: q(0.9), max: s[s.length - 1] };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    ctx.setDefaultTimeout(T);
    await ctx.route('**/*', (r) => (new URL(r.request().url()).hostname === '127.0.0.1' ? r.continue() : r.abort()));
    const page = await ctx.newPage();
    await page.goto(BASE + '/');
    await page.waitForSelector('form.signin');
    await page.fill('input[autocomplete=username]', 'coordinator');
    await page.fill('input[type=password]', 'zvonok-demo');
    await page.click('button[type=submit]');
    await page.waitForSelector('.who .user', { state: 'attached' });
    await page.goto(BASE + '/#/timetable');
    await page.waitForSelector('.tt-grid .tt-slot');
    const week = await page.evaluate(async () => {
      const r = await fetch('/v1/web/timetable', { headers: { Authorization: `Bearer ${localStorage.getItem('zvonok.token')}` } });
      const v = await r.json();
      return Object.values(v.timetable.slots);
    });
    // The first class's first lesson, and a teacher who teaches elsewhere at that time.
    await page.locator('.tt-grid .tt-slot').first().click();
    await page.waitForSelector('.tt-editor .tt-ok');
    const own = await page.$eval('.tt-editor select[name=tt-teacher]', (s) => s.value);
    const day = await page.$eval('.tt-editor select[name=tt-day]', (s) => Number(s.value));
    const number = await page.$eval('.tt-editor select[name=tt-number]', (s) => Number(s.value));
    const busy = week.find((x) => x.teacher !== own && x.number === number
      && ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(x.weekday) + 1 === day);
    if (!busy) throw new Error('no other teacher busy at that time in the demo week');
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const to = i % 2 === 0 ? busy.teacher : own;
      const ms = await page.evaluate((to) => new Promise((resolve, reject) => {
        const editor = document.querySelector('.tt-editor');
        const sel = editor.querySelector('select[name=tt-teacher]');
        const want = sel.value === to ? null : to;
        if (!want) return reject(new Error('already on that teacher'));
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          const verdict = editor.querySelector('.tt-ok, .tt-problems');
          if (verdict && verdict.dataset.seen !== String(t0)) {
            verdict.dataset.seen = String(t0);
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(editor, { childList: true, subtree: true, characterData: true });
        sel.value = want;
        sel.dispatchEvent(new Event('change', { bubbles: true }));
        setTimeout(() => reject(new Error('no verdict within 5 s')), 5000);
      }), to);
      const clash = await page.locator('.tt-editor .tt-problems').count();
      if ((i % 2 === 0) !== (clash === 1)) throw new Error(`switch ${i}: the verdict does not match (${clash})`);
      times.push(ms);
    }
    const clash = stats(times.filter((_, i) => i % 2 === 0));
    const fine = stats(times.filter((_, i) => i % 2 === 1));
    const all = stats(times);
    const f = (x) => x.toFixed(1).padStart(7);
    console.log(`Timetable editor: every check of the week after one edit (${week.length} slots, demo school), Chromium, wasm`);
    console.log('| edit | runs | median ms | p90 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name, s] of [['to a clashing teacher', clash], ['back (no problem)', fine], ['all', all]]) {
      console.log(`| ${name} | ${s.n} | ${f(s.median)} | ${f(s.p90)} | ${f(s.max)} |`);
    }
    writeFileSync(path.join(out, 'bench-timetable.json'), JSON.stringify({ slots: week.length, clash, fine, all, times }, null, 2));
    await ctx.close();
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`FAIL: ${e.stack || e}`);
  process.exit(1);
});
