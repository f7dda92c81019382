//! The app backend: Tauri commands (`window.__TAURI__.core.invoke`) answered by the device's
//! replica, and the `status` event the shell emits whenever the sync state changes.

use serde::de::DeserializeOwned;
use serde_json::Value;
use zvonok_core::views::status::Status;
use zvonok_core::wire::UserInfo;

use super::{status_sink, BackendError, Result};
use crate::platform;

/// The last server the app signed in to (prefills the sign-in form).
pub const SERVER_KEY: &str = "zvonok.server";

pub async fn call<T: DeserializeOwned>(cmd: &str, args: Value) -> Result<T> {
    let out = js::invoke(cmd, &args.to_string()).await?;
    serde_json::from_str(&out).map_err(|e| BackendError::Decode(format!("{cmd}: {e}")))
}

pub async fn call_unit(cmd: &str, args: Value) -> Result<()> {
    js::invoke(cmd, &args.to_string()).await.map(|_| ())
}

pub async fn login(server: &str, login: &str, password: &str) -> Result<UserInfo> {
    let args =
        serde_json::json!({ "server": server.trim(), "login": login.trim(), "password": password });
    let user = call("login", args).await?;
    platform::storage_set(SERVER_KEY, server.trim());
    Ok(user)
}

/// Forwards the shell's `status` events to the status bar.
pub fn listen_status() {
    js::listen("status", |payload| {
        if let Ok(s) = serde_json::from_str::<Status>(&payload) {
            status_sink::push(s);
        }
    });
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    use super::{BackendError, Result};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["__TAURI__", "core"], js_name = invoke, catch)]
        async fn tauri_invoke(cmd: &str, args: JsValue) -> std::result::Result<JsValue, JsValue>;

        #[wasm_bindgen(js_namespace = ["__TAURI__", "event"], js_name = listen)]
        fn tauri_listen(event: &str, handler: &Closure<dyn FnMut(JsValue)>) -> js_sys::Promise;
    }

    fn json_of(v: &JsValue) -> String {
        if v.is_undefined() {
            return "null".into();
        }
        js_sys::JSON::stringify(v)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "null".into())
    }

    pub async fn invoke(cmd: &str, args: &str) -> Result<String> {
        let args = js_sys::JSON::parse(args).map_err(|e| BackendError::Decode(json_of(&e)))?;
        match tauri_invoke(cmd, args).await {
            Ok(v) => Ok(json_of(&v)),
            Err(e) => Err(BackendError::Failed(
                e.as_string().unwrap_or_else(|| json_of(&e)),
            )),
        }
    }

    pub fn listen(event: &str, f: impl Fn(String) + 'static) {
        let handler = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let payload =
                js_sys::Reflect::get(&ev, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
            f(json_of(&payload));
        });
        let _ = tauri_listen(event, &handler);
        // The listener lives as long as the page.
        handler.forget();
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod js {
    use super::{BackendError, Result};

    pub async fn invoke(_cmd: &str, _args: &str) -> Result<String> {
        Err(BackendError::Offline)
    }

    pub fn listen(_event: &str, _f: impl Fn(String) + 'static) {}
}
