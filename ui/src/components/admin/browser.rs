//! The browser facilities the coordinator's screens need beyond `platform`: saving a file the
//! server made, reading a file the user picked, asking for a confirmation, and replacing the URL
//! hash without leaving the old one in the history. On the host they do nothing.

use crate::backend::admin::Download;

/// A file picked in an `<input type=file>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picked {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::{Array, Function, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::{Download, Picked};

    fn get(target: &JsValue, key: &str) -> Option<JsValue> {
        Reflect::get(target, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn call(target: &JsValue, method: &str, args: &Array) -> Option<JsValue> {
        let f: Function = get(target, method)?.dyn_into().ok()?;
        f.apply(target, args).ok()
    }

    pub fn save(d: &Download) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let global: JsValue = window.clone().into();
        let bytes = Uint8Array::from(d.bytes.as_slice());
        let options = js_sys::Object::new();
        let _ = Reflect::set(&options, &"type".into(), &JsValue::from_str(&d.mime));
        let Some(blob) = get(&global, "Blob")
            .and_then(|c| c.dyn_into::<Function>().ok())
            .and_then(|c| Reflect::construct(&c, &Array::of2(&Array::of1(&bytes), &options)).ok())
        else {
            return;
        };
        let Some(url_api) = get(&global, "URL") else {
            return;
        };
        let Some(url) = call(&url_api, "createObjectURL", &Array::of1(&blob)) else {
            return;
        };
        let Some(doc) = window.document() else {
            return;
        };
        if let Ok(a) = doc.create_element("a") {
            let _ = a.set_attribute("href", &url.as_string().unwrap_or_default());
            let _ = a.set_attribute("download", &d.name);
            if let Some(body) = doc.body() {
                let _ = body.append_child(&a);
                if let Ok(el) = a.clone().dyn_into::<web_sys::HtmlElement>() {
                    el.click();
                }
                let _ = body.remove_child(&a);
            }
        }
        let revoke = move || {
            let _ = call(&url_api, "revokeObjectURL", &Array::of1(&url));
        };
        leptos::prelude::set_timeout(revoke, std::time::Duration::from_secs(60));
    }

    pub async fn read_picked(input: JsValue) -> Option<Picked> {
        let file = get(&get(&input, "files")?, "0")?;
        let name = get(&file, "name")?.as_string().unwrap_or_default();
        let promise: js_sys::Promise =
            call(&file, "arrayBuffer", &Array::new())?.dyn_into().ok()?;
        let buf = JsFuture::from(promise).await.ok()?;
        Some(Picked {
            name,
            bytes: Uint8Array::new(&buf).to_vec(),
        })
    }

    pub fn confirm(message: &str) -> bool {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(message).ok())
            .unwrap_or(false)
    }

    pub fn replace_hash(hash: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(hash);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::{Download, Picked};

    pub fn save(_d: &Download) {}

    pub async fn read_picked(_input: wasm_bindgen::JsValue) -> Option<Picked> {
        None
    }

    pub fn confirm(_message: &str) -> bool {
        false
    }

    pub fn replace_hash(hash: &str) {
        crate::platform::set_hash(hash);
    }
}

/// Offers the file to the user as a download.
pub fn save(d: &Download) {
    imp::save(d);
}

/// The `<input type=file>` that fired `ev` (read it with [`read_picked`]).
pub fn input_of(ev: &leptos::ev::Event) -> Option<wasm_bindgen::JsValue> {
    ev.target().map(Into::into)
}

/// The file chosen in `input`.
pub async fn read_picked(input: wasm_bindgen::JsValue) -> Option<Picked> {
    imp::read_picked(input).await
}

/// The browser's «OK / Cancel» question.
pub fn confirm(message: &str) -> bool {
    imp::confirm(message)
}

/// Replaces the URL hash in place, so the old one (with a one-time code) leaves no trace in
/// the history.
pub fn replace_hash(hash: &str) {
    imp::replace_hash(hash);
}
