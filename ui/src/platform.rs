//! The few browser facilities the UI needs: local storage, the clock and time zone, the URL
//! hash. On the host (tests, clippy) storage is an in-memory map and the clock is UTC.

use chrono::{DateTime, Duration, NaiveDate, Utc};

#[cfg(target_arch = "wasm32")]
mod imp {
    use chrono::{DateTime, Utc};
    use wasm_bindgen::JsValue;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }
    pub fn storage_get(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }
    pub fn storage_set(key: &str, value: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(key, value);
        }
    }
    pub fn storage_remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
    pub fn storage_remove_prefix(prefix: &str) {
        let Some(s) = storage() else { return };
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).collect();
        for k in keys.into_iter().filter(|k| k.starts_with(prefix)) {
            let _ = s.remove_item(&k);
        }
    }
    pub fn now() -> DateTime<Utc> {
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    pub fn offset_minutes(at: DateTime<Utc>) -> i64 {
        let d = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
        -(d.get_timezone_offset() as i64)
    }
    pub fn origin() -> String {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    pub fn hash() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }
    pub fn set_hash(h: &str) {
        if let Some(w) = web_sys::window() {
            if w.location().hash().ok().as_deref() != Some(h) {
                let _ = w.location().set_hash(h);
            }
        }
    }
    pub fn has_tauri() -> bool {
        web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("__TAURI__")).ok())
            .is_some_and(|v| !v.is_undefined() && !v.is_null())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use chrono::{DateTime, Utc};

    thread_local! {
        static STORE: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
        static HASH: RefCell<String> = const { RefCell::new(String::new()) };
    }
    pub fn storage_get(key: &str) -> Option<String> {
        STORE.with(|s| s.borrow().get(key).cloned())
    }
    pub fn storage_set(key: &str, value: &str) {
        STORE.with(|s| s.borrow_mut().insert(key.into(), value.into()));
    }
    pub fn storage_remove(key: &str) {
        STORE.with(|s| s.borrow_mut().remove(key));
    }
    pub fn storage_remove_prefix(prefix: &str) {
        STORE.with(|s| s.borrow_mut().retain(|k, _| !k.starts_with(prefix)));
    }
    pub fn now() -> DateTime<Utc> {
        Utc::now()
    }
    pub fn offset_minutes(_at: DateTime<Utc>) -> i64 {
        0
    }
    pub fn origin() -> String {
        "http://127.0.0.1:8080".into()
    }
    pub fn hash() -> String {
        HASH.with(|h| h.borrow().clone())
    }
    pub fn set_hash(h: &str) {
        HASH.with(|x| *x.borrow_mut() = h.to_string());
    }
    pub fn has_tauri() -> bool {
        false
    }
}

pub use imp::{
    has_tauri, hash, origin, set_hash, storage_get, storage_remove, storage_remove_prefix,
    storage_set,
};

/// Now, from the browser's clock.
pub fn now() -> DateTime<Utc> {
    imp::now()
}

/// Minutes east of UTC of the browser's zone at `at`.
pub fn offset_minutes(at: DateTime<Utc>) -> i64 {
    imp::offset_minutes(at)
}

/// The local wall-clock time of an instant, «14:05».
pub fn local_hm(at: DateTime<Utc>) -> String {
    hm_with_offset(at, imp::offset_minutes(at))
}

pub fn hm_with_offset(at: DateTime<Utc>, offset_minutes: i64) -> String {
    (at + Duration::minutes(offset_minutes))
        .format("%H:%M")
        .to_string()
}

/// Today's local date.
pub fn today() -> NaiveDate {
    let n = now();
    (n + Duration::minutes(imp::offset_minutes(n))).date_naive()
}
