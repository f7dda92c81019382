// Benchmark: time from navigation to the teacher's Today screen rendered, in headless
// Chromium on loopback against a real demo server.
//
//   bash tests/web/run.sh bench-today.mjs          (starts the server, then runs this)
//   node bench-today.mjs <base-url> <artifacts-dir> [runs]
//
// `teacher` signs in once; the signed-in storage (the token in localStorage) is then reused.
// Each run navigates to `#/today/<date>` (a school day with lessons) and records, inside the
// page, when the first lesson card is in the DOM and when the next frame after it is painted
// (`performance.now()`, i.e. milliseconds since navigation start). Two cases:
//   cold — a fresh browser context each time: empty HTTP cache, no service worker;
//   warm — the same context reloaded: cache and service worker in place (a returning user).
// Prints a table and writes <artifacts-dir>/bench-today.json. Measures; asserts nothing about
// the numbers (the goal, ≤ 1 s, is compared in BENCHMARKS.md).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [base, out, runsArg] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node bench-today.mjs <base-url> <artifacts-dir> [runs]');
  process.exit(2);
}
if (!/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error(`refusing a base URL other than http://127.0.0.1:PORT: ${base}`);
  process.exit(2);
}
const BASE = base.replace(/\/$/, '');
const RUNS = Math.max(1, Math.min(50, Number(runsArg) || 15));
const T = 30000;
const TABLET = { width: 1024, height: 768 };
mkdirSync(out, { recursive: true });

// Runs before the page's own scripts: marks when the first lesson card appears and the frame
// after it.
const PROBE = `
  window.__zv = { dom: null, paint: null };
  new MutationObserver((_, obs) => {
    if (window.__zv.dom === null && document.querySelector('.today .lesson-card')) {
      window.__zv.dom = performance.now();
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__zv.paint = performance.now(); }));
    }
  }).observe(document, { childList: true, subtree: true });
`;

function iso(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function context(browser, storageState) {
  const ctx = await browser.newContext({
    viewport: TABLET,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    storageState,
  });
  ctx.setDefaultTimeout(T);
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    return route.abort();
  });
  await ctx.addInitScript(PROBE);
  return ctx;
}

/** Signs `teacher` in and returns the storage state and a date that has lessons. */
async function signIn(browser) {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto(BASE + '/');
  await page.waitForSelector('form.signin');
  await page.fill('input[autocomplete=username]', 'teacher');
  await page.fill('input[type=password]', 'zvonok-demo');
  await page.click('button[type=submit]');
  await page.waitForSelector('.who .user');
  const monday = new Date();
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  for (let i = 0; i < 14; i++) {
    const d = new Date(monday);
    d.setDate(monday.getDate() + i);
    await page.goto(`${BASE}/#/today/${iso(d)}`);
    await page.reload();
    await page.waitForSelector('.today .lesson-card, .today .empty, .today .failure');
    if ((await page.locator('.today .lesson-card').count()) > 0) {
      const state = await ctx.storageState();
      await ctx.close();
      return { state, date: iso(d) };
    }
  }
  throw new Error('teacher has no lessons this week or next');
}

/** Navigates (or reloads) and returns the probe's marks, waiting for them (bounded). */
async function measure(page, url, reload) {
  if (reload) await page.reload({ waitUntil: 'commit' });
  else await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__zv && window.__zv.paint !== null, null, { timeout: T });
  const marks = await page.evaluate(() => ({ ...window.__zv }));
  const nav = await page.evaluate(() => {
    const e = performance.getEntriesByType('navigation')[0];
    return e ? { ttfb: e.responseStart, dcl: e.domContentLoadedEventEnd } : null;
  });
  const wasm = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return e ? e.responseEnd : null;
  });
  return { ...marks, ...nav, wasm };
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p90: q(0.9), max: s[s.length - 1], min: s[0] };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results = { cold: [], warm: [] };
  try {
    const { state, date } = await signIn(browser);
    const url = `${BASE}/#/today/${date}`;
    console.log(`Today of teacher on ${date}, ${RUNS} runs per case`);
    for (let i = 0; i < RUNS; i++) {
      const ctx = await context(browser, state);
      const page = await ctx.newPage();
      results.cold.push(await measure(page, url, false));
      await ctx.close();
    }
    const ctx = await context(browser, state);
    const page = await ctx.newPage();
    await measure(page, url, false);
    // Let the service worker install and take control before the warm runs.
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, {
      timeout: T,
    }).catch(() => console.log('note: no service worker took control; warm runs use the HTTP cache only'));
    for (let i = 0; i < RUNS; i++) results.warm.push(await measure(page, url, true));
    await ctx.close();
  } finally {
    await browser.close();
  }

  const rows = [];
  for (const [name, rs] of Object.entries(results)) {
    for (const [field, label] of [['ttfb', 'first byte of the page'], ['wasm', 'wasm loaded'],
      ['dom', 'lesson cards in the DOM'], ['paint', 'frame painted after that']]) {
      const xs = rs.map((r) => r[field]).filter((x) => typeof x === 'number');
      if (xs.length) rows.push({ case: name, what: label, ...stats(xs) });
    }
  }
  const f = (x) => x.toFixed(1).padStart(8);
  console.log('\ncase  what                           runs   median      p90      max   (ms since navigation start)');
  for (const r of rows) {
    console.log(`${r.case.padEnd(5)} ${r.what.padEnd(30)} ${String(r.n).padStart(4)} ${f(r.median)} ${f(r.p90)} ${f(r.max)}`);
  }
  writeFileSync(path.join(out, 'bench-today.json'), JSON.stringify({ runs: RUNS, rows, results }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
