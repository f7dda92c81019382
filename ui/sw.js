// Zvonok service worker: the app shell is cached on install; the GETs the journal and the family
// view read offline (OFFLINE_API) go to the network first and fall back to the last good answer
// (marked with x-zvonok-stored-at so the UI can say «данные на …»). Nothing but GET is ever
// cached, and never the coordinator's answers (people and personal files, accounts, rights,
// devices, imports, orders): those stay on the server.
const SHELL = 'zvonok-shell-v2';
const API = 'zvonok-api';
const OFFLINE_API = [/^\/v1\/me$/, /^\/v1\/students\/[^/]+\/summary$/, /^\/v1\/web\/today$/, /^\/v1\/web\/journals\//];
const SHELL_FILES = [
  './', 'index.html', 'boot.js', 'zvonok_ui.js', 'zvonok_ui_bg.wasm', 'style.css',
  'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set('x-zvonok-stored-at', new Date().toISOString());
  const body = await response.clone().blob();
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function apiGet(request) {
  const cache = await caches.open(API);
  try {
    const response = await fetch(request);
    // The stored copy carries the time it was stored; the live answer goes out unmarked.
    if (response.ok) await cache.put(request, await stamped(response));
    return response;
  } catch (err) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw err;
  }
}

async function shell(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const hit = (await cache.match(request)) || (request.mode === 'navigate' && (await cache.match('index.html')));
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/v1/')) {
    if (OFFLINE_API.some((re) => re.test(url.pathname))) event.respondWith(apiGet(request));
  } else {
    event.respondWith(shell(request));
  }
});
