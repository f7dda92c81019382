// Loads the WebAssembly UI and, in a browser (not inside the app), registers the service
// worker that keeps the shell and the last API answers for offline reading.
import init from './zvonok_ui.js';

init();

if ('serviceWorker' in navigator && !window.__TAURI__ && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
