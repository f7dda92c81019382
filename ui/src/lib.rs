//! Zvonok's user interface: Leptos screens compiled to WebAssembly. The same build runs inside
//! the Tauri app (commands answered by the device's replica) and in a plain browser (the HTTP
//! API of the server that served the page); see [`backend::Backend`].

pub mod app;
pub mod backend;
pub mod components;
pub mod i18n;
pub mod logic;
pub mod platform;
pub mod route;

/// The wasm entry point: mounts the app on the page's body.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
