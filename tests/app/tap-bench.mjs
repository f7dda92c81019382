// Benchmark: tap-to-saved in the real app window. Used by app-window.mjs when
// ZVONOK_BENCH_TAPS=N is set (`ZVONOK_BENCH_TAPS=40 bash tests/app/run.sh`), on the lesson
// screen it has open.
//
// Each tap is measured inside the page: `performance.now()` right before the attendance
// button's click, then the first moment the row's badge shows «saved» after having shown
// «saving» (the Tauri command returned: the change is committed to the app's SQLite file),
// then the next painted frame. Rows are tapped round-robin, so each tap writes a real change.
// Prints a table and writes <artifacts>/tap-bench.json; asserts nothing about the numbers.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const TAP = `
  const [index] = arguments;
  const done = arguments[arguments.length - 1];
  const rows = document.querySelectorAll("section.lesson ol.class-list li.student");
  const row = rows[index % rows.length];
  const button = row && row.querySelector("button.att");
  if (!button) { done({ err: "no attendance button" }); return; }
  let sawSaving = false, saved = null, finished = false;
  const finish = (v) => { if (!finished) { finished = true; obs.disconnect(); done(v); } };
  const check = () => {
    const badge = row.querySelector(".save");
    if (!badge) return;
    if (badge.classList.contains("saving")) sawSaving = true;
    else if (badge.classList.contains("failed")) finish({ err: badge.textContent });
    else if (sawSaving && badge.classList.contains("saved") && saved === null) {
      saved = performance.now() - t0;
      requestAnimationFrame(() => requestAnimationFrame(() =>
        finish({ saved, painted: performance.now() - t0 })));
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(row, { childList: true, subtree: true, attributes: true, characterData: true });
  setTimeout(() => finish({ err: "no saved badge within 10 s" }), 10000);
  const t0 = performance.now();
  button.click();
  check();
`;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

/** Taps `taps` times through the WebDriver `executeAsync` the caller passes. */
export async function benchTaps({ executeAsync, log, artifacts, taps }) {
  const saved = [];
  const painted = [];
  for (let i = 0; i < taps; i++) {
    const v = await executeAsync(TAP, [i]);
    if (!v || v.err) throw new Error(`tap ${i}: ${v ? v.err : "no result"}`);
    saved.push(v.saved);
    painted.push(v.painted);
  }
  const rows = [
    { what: "tap → «saved» in the row (SQLite commit done)", ...stats(saved) },
    { what: "tap → next frame painted", ...stats(painted) },
  ];
  const f = (x) => x.toFixed(1).padStart(7);
  log(`tap-to-saved over ${taps} taps (ms):`);
  for (const r of rows) log(`  ${r.what.padEnd(48)} median ${f(r.median)}  p95 ${f(r.p95)}  max ${f(r.max)}`);
  writeFileSync(join(artifacts, "tap-bench.json"), JSON.stringify({ taps, rows, saved, painted }, null, 2));
  return rows;
}
