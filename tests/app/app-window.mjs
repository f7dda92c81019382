// The real-app-window test: drives the Zvonok app (a real WebKitGTK window under Xvfb) through
// tauri-driver's WebDriver API with plain fetch. Started by tests/app/run.sh, which provides:
//   WEBDRIVER   http://127.0.0.1:PORT of tauri-driver
//   APP         absolute path of the zvonok-app binary
//   SERVER_BIN  zvonok-server binary; SERVER_DATA its data dir; SERVER_PORT the port to use
//   ARTIFACTS   where screenshots and the server log go
// The app's replica directory (ZVONOK_DATA_DIR) is set in tauri-driver's environment.
//
// Story: sign in as `teacher` through the UI, open a 5А lesson, stop the server, mark a
// student absent (the UI says it is saved on the device), restart the server, wait until the
// app has synced by itself (nothing waiting), and check on the server that the mark is there.

import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync, createWriteStream } from "node:fs";
import { join } from "node:path";
import { benchTaps } from "./tap-bench.mjs";

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (run tests/app/run.sh)`);
  return v;
};
const WEBDRIVER = env("WEBDRIVER");
const APP = env("APP");
const SERVER_BIN = env("SERVER_BIN");
const SERVER_DATA = env("SERVER_DATA");
const SERVER_PORT = env("SERVER_PORT");
const ARTIFACTS = env("ARTIFACTS");
const SERVER = `http://127.0.0.1:${SERVER_PORT}`;
const CLASS = "5А";
const TEACHER = "teacher";
const CHECKER = "classteacher";
const PASSWORD = "zvonok-demo";
const SEARCH_DAYS = 21;
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

mkdirSync(ARTIFACTS, { recursive: true });
const t0 = Date.now();
const log = (msg) => console.log(`[app-window ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `f` until it returns a truthy value or `ms` pass; then fails with `what`. */
async function until(what, ms, f, every = 250) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

// ---------------------------------------------------------------- the server process

let server = null;
let serverLog = null;

/** Starts zvonok-server on the fixed port and waits (bounded) for its `listening on` line. */
async function startServer() {
  serverLog ??= createWriteStream(join(ARTIFACTS, "server.log"), { flags: "a" });
  const child = spawn(
    SERVER_BIN,
    ["--demo", "--listen", `127.0.0.1:${SERVER_PORT}`, "--data-dir", SERVER_DATA],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stderr.pipe(serverLog, { end: false });
  const listening = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      serverLog.write(chunk);
      out += chunk.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`zvonok-server exited with ${code} before listening`)));
  });
  const timeout = sleep(60_000).then(() => {
    throw new Error("zvonok-server did not print «listening on» within 60 s");
  });
  const url = await Promise.race([listening, timeout]);
  server = child;
  log(`server listening on ${url}`);
}

/** Stops the server and waits (bounded) until it has exited. */
async function stopServer() {
  if (!server) return;
  const child = server;
  server = null;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!done) {
    child.kill("SIGKILL");
    await exited;
  }
  log("server stopped");
}

// ---------------------------------------------------------------- WebDriver over fetch

async function wd(method, path, body) {
  const res = await fetch(`${WEBDRIVER}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error || res.status}: ${v.message || text.slice(0, 300)}`);
  }
  return json.value;
}

let session = null;
const s = (path) => `/session/${session}${path}`;
const elementId = (v) => v[ELEMENT];

async function find(css) {
  const found = await wd("POST", s("/elements"), { using: "css selector", value: css });
  return found.map(elementId);
}
async function findOne(what, css, ms = 30_000) {
  return until(what, ms, async () => (await find(css))[0]);
}
const click = (id) => wd("POST", s(`/element/${id}/click`), {});
const textOf = (id) => wd("GET", s(`/element/${id}/text`));
async function type(id, text) {
  await wd("POST", s(`/element/${id}/clear`), {});
  await wd("POST", s(`/element/${id}/value`), { text });
}
const script = (body, args = []) => wd("POST", s("/execute/sync"), { script: body, args });

/** Calls a Tauri command from the page, as the UI does. */
async function invoke(cmd, args = {}) {
  const v = await wd("POST", s("/execute/async"), {
    script: `const done = arguments[arguments.length - 1];
      window.__TAURI__.core.invoke(arguments[0], arguments[1])
        .then((value) => done({ ok: value }), (error) => done({ err: String(error) }));`,
    args: [cmd, args],
  });
  if (v && "err" in v) throw new Error(`${cmd}: ${v.err}`);
  return v ? v.ok : v;
}

async function screenshot(name) {
  const png = await wd("GET", s("/screenshot"));
  const file = join(ARTIFACTS, `${name}.png`);
  writeFileSync(file, Buffer.from(png, "base64"));
  log(`screenshot ${file}`);
}

async function statusText() {
  const [bar] = await find("footer.statusbar .text");
  return bar ? textOf(bar) : "";
}

// ---------------------------------------------------------------- the story

const iso = (d) => d.toISOString().slice(0, 10);
function localToday() {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** The first 5А lesson of the teacher from tomorrow on (so the demo's history does not mix
 * in) that has a journal lesson inside the journal's period, found through the app's own
 * `today` and `journal` commands. */
async function findLesson() {
  const periods = new Map();
  const start = localToday();
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    const day = new Date(start.getTime() + i * 86_400_000);
    const date = iso(day);
    const lessons = await invoke("today", { date });
    for (const l of lessons) {
      if (l.cohort_name !== CLASS || !l.journal || !l.lesson) continue;
      if (!periods.has(l.journal)) {
        const g = await invoke("journal", { doc: l.journal });
        periods.set(l.journal, [g.start, g.end]);
      }
      const [from, to] = periods.get(l.journal);
      if (date < from || date > to) continue;
      return { date, number: l.number, subject: l.subject_name, doc: l.journal, lesson: l.lesson };
    }
  }
  throw new Error(`${TEACHER} has no ${CLASS} lesson within ${SEARCH_DAYS} days from tomorrow`);
}

async function signIn() {
  await findOne("the sign-in form", "form.signin", 60_000);
  await screenshot("01-sign-in");
  await type(await findOne("the server field", "form.signin input[type=url]"), SERVER);
  await type(await findOne("the login field", "form.signin input[autocomplete=username]"), TEACHER);
  await type(await findOne("the password field", "form.signin input[type=password]"), PASSWORD);
  await click(await findOne("the sign-in button", "form.signin button[type=submit]"));
  await until("the day screen after sign-in", 90_000, async () => {
    const [err] = await find("form.signin .error");
    if (err) throw new Error(`sign-in failed: ${await textOf(err)}`);
    return (await find("section.today")).length > 0;
  });
  log("signed in");
}

async function openLesson(target) {
  await script("window.location.hash = arguments[0];", [`#/today/${target.date}`]);
  const card = await until(`the ${CLASS} lesson card on ${target.date}`, 30_000, async () => {
    const el = await script(
      `for (const b of document.querySelectorAll("ul.lessons button.lesson-card")) {
         const cohort = b.querySelector(".cohort"), num = b.querySelector(".num");
         if (cohort && num && cohort.textContent.trim() === arguments[0]
             && num.textContent.trim() === String(arguments[1]) && !b.disabled) return b;
       }
       return null;`,
      [CLASS, target.number],
    );
    return el ? elementId(el) : null;
  });
  await screenshot("02-day");
  await click(card);
  await findOne("the class list", "section.lesson ol.class-list li.student button.att", 30_000);
  log(`lesson open: ${target.subject}, ${target.date}, №${target.number}`);
}

async function checkOnServer(target, student) {
  const res = await fetch(`${SERVER}/v1/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: CHECKER, password: PASSWORD, device_name: "app-window test checker" }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`checker login: HTTP ${res.status} ${await res.text()}`);
  const { token } = await res.json();
  const sheet = await fetch(`${SERVER}/v1/web/journals/${target.doc}/lessons/${target.lesson}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!sheet.ok) throw new Error(`lesson sheet: HTTP ${sheet.status} ${await sheet.text()}`);
  const row = (await sheet.json()).rows.find((r) => r.student === student.id);
  if (!row) throw new Error(`the server's lesson has no row for ${student.name}`);
  if (row.attendance !== "Н") {
    throw new Error(`the server has attendance ${JSON.stringify(row.attendance)} for ${student.name}, expected «Н»`);
  }
  log(`the server has «Н» for ${student.name} (checked as ${CHECKER})`);
}

async function main() {
  await startServer();
  const created = await wd("POST", "/session", {
    capabilities: {
      alwaysMatch: { browserName: "wry", "tauri:options": { application: APP } },
    },
  });
  session = created.sessionId;
  log(`WebDriver session ${session}`);
  try {
    await signIn();
    const target = await findLesson();
    log(`target lesson: ${JSON.stringify(target)}`);
    const sheet = await invoke("lesson", { doc: target.doc, lesson: target.lesson });
    const first = sheet.rows[0];
    if (!first) throw new Error("the lesson has no students");
    if (first.attendance) throw new Error(`${first.name} already has «${first.attendance}»`);
    const student = { id: first.student, name: first.name };
    await openLesson(target);
    await screenshot("03-lesson-online");

    await stopServer();
    const [row] = await find("ol.class-list li.student");
    const [att] = await wd("POST", s(`/element/${row}/elements`), { using: "css selector", value: "button.att" })
      .then((v) => v.map(elementId));
    const shownName = await textOf((await wd("POST", s(`/element/${row}/element`), { using: "css selector", value: ".name" }))[ELEMENT]);
    if (shownName.trim() !== student.name) {
      throw new Error(`the first row shows «${shownName}», the sheet says «${student.name}»`);
    }
    await click(att);
    const badge = await until("«Сохранено на устройстве» in the row", 20_000, async () => {
      const [b] = await wd("POST", s(`/element/${row}/elements`), { using: "css selector", value: ".save" })
        .then((v) => v.map(elementId));
      if (!b) return null;
      const text = (await textOf(b)).trim();
      if (text.startsWith("Не сохранено")) throw new Error(`the UI says: ${text}`);
      return text === "Сохранено на устройстве" ? text : null;
    });
    const attText = (await textOf(att)).trim();
    if (attText !== "Н") throw new Error(`the attendance button shows «${attText}», expected «Н»`);
    log(`offline: ${student.name} marked «Н», row says «${badge}»`);
    const offline = await until("the status bar to show offline with a change waiting", 30_000, async () => {
      const text = await statusText();
      return text.includes("Нет связи") && /жд(ёт|ут)/.test(text) ? text : null;
    });
    log(`status bar: «${offline}»`);
    const st = await invoke("status");
    if (st.pending < 1) throw new Error(`status says ${st.pending} waiting after an offline write`);
    await screenshot("04-lesson-offline");
    // Stay offline a little, so that the background loop fails a few times and backs off.
    await sleep(5_000);

    await startServer();
    const synced = await until("the app to sync by itself (0 waiting)", 60_000, async () => {
      const text = await statusText();
      if (!text.includes("Синхронизировано") || /жд(ёт|ут)/.test(text)) return null;
      const now = await invoke("status");
      return now.pending === 0 && now.state === "synced" ? text : null;
    }, 1000);
    log(`status bar: «${synced}»`);
    await screenshot("05-synced");
    await checkOnServer(target, student);
    const benchN = Number(process.env.ZVONOK_BENCH_TAPS || 0);
    if (benchN > 0) {
      const executeAsync = (script, args) => wd("POST", s("/execute/async"), { script, args });
      await benchTaps({ executeAsync, log, artifacts: ARTIFACTS, taps: Math.min(benchN, 500) });
    }
  } catch (e) {
    try {
      await screenshot("failure");
    } catch (shot) {
      log(`no failure screenshot: ${shot.message}`);
    }
    throw e;
  } finally {
    try {
      await wd("DELETE", s(""));
    } catch (e) {
      log(`session not deleted: ${e.message}`);
    }
    await stopServer();
  }
  log("PASSED");
}

main().catch(async (e) => {
  console.error(`[app-window] FAILED: ${e.stack || e.message}`);
  await stopServer().catch(() => {});
  process.exit(1);
});
