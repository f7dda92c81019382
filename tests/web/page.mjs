// What every browser story needs: a Russian, Moscow-time browser context that may talk only to
// the test server on 127.0.0.1 (anything else is refused and logged), with console errors and
// page errors of the page collected under a label.

export async function newPage(browser, viewport, label, errors, timeout) {
  const ctx = await browser.newContext({
    viewport,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    acceptDownloads: true,
  });
  ctx.setDefaultTimeout(timeout);
  ctx.setDefaultNavigationTimeout(timeout);
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

// Runs a story with a bound on its whole length: a failure or a story over `limitSeconds`
// prints «FAIL: …» and exits 1.
export function runStory(name, main, limitSeconds = 420) {
  const guard = setTimeout(() => {
    console.error(`FAIL: the ${name} ran over ${limitSeconds} s`);
    process.exit(1);
  }, limitSeconds * 1000);
  main()
    .then(() => clearTimeout(guard))
    .catch((e) => {
      console.error(`FAIL: ${e.stack || e}`);
      process.exit(1);
    });
}
