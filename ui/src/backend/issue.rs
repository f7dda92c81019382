//! Issuing accounts: `POST /v1/web/accounts/issue` creates the accounts of a scope (all staff,
//! or a class's students and guardians) and returns their logins and one-time codes;
//! `POST /v1/web/accounts/slips` returns printable slips (a PDF the browser saves) with the
//! codes just shown, or new ones when asked. Browser only: accounts live on the server.

use zvonok_core::wire::{IssueRequest, IssueResponse};

use super::{http, Backend, BackendError, Result};
use crate::i18n::t;

/// Where the browser backend keeps the session token (see `http.rs`).
const TOKEN_KEY: &str = "zvonok.token";

impl Backend {
    /// Creates the accounts of the request's scope that do not exist yet, with one-time codes
    /// (and new codes for unused accounts when it asks to reissue).
    pub async fn issue_accounts(&self, req: &IssueRequest) -> Result<IssueResponse> {
        match self {
            Backend::Tauri => Err(BackendError::Failed(t("admin-app-unavailable"))),
            Backend::Http { base } => http::post(base, "/v1/web/accounts/issue", req).await,
        }
    }

    /// Fetches the printable slips of the request and lets the browser save them as
    /// `file_name`.
    pub async fn download_slips(&self, req: &IssueRequest, file_name: &str) -> Result<()> {
        match self {
            Backend::Tauri => Err(BackendError::Failed(t("admin-app-unavailable"))),
            Backend::Http { base } => {
                let body =
                    serde_json::to_string(req).map_err(|e| BackendError::Decode(e.to_string()))?;
                let token = crate::platform::storage_get(TOKEN_KEY);
                let url = format!("{base}/v1/web/accounts/slips");
                download::post_and_save(&url, &body, token, file_name).await
            }
        }
    }
}

/// fetch → Blob → object URL → a clicked `<a download>`; only `js_sys` reflection, so no extra
/// `web-sys` features.
mod download {
    use super::{BackendError, Result};

    #[cfg(target_arch = "wasm32")]
    pub async fn post_and_save(
        url: &str,
        body: &str,
        token: Option<String>,
        file_name: &str,
    ) -> Result<()> {
        use js_sys::{Function, Object, Promise, Reflect};
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_futures::JsFuture;

        let offline = |_| BackendError::Offline;
        let get = |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k));
        let method = |o: &JsValue, k: &str| -> Result<Function> {
            get(o, k)
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
                .ok_or_else(|| BackendError::Decode(format!("no {k}")))
        };
        let set = |o: &Object, k: &str, v: &JsValue| {
            let _ = Reflect::set(o, &JsValue::from_str(k), v);
        };

        let global: JsValue = js_sys::global().into();
        let headers = Object::new();
        set(&headers, "Content-Type", &"application/json".into());
        set(&headers, "Accept", &"application/pdf".into());
        if let Some(tok) = token {
            set(&headers, "Authorization", &format!("Bearer {tok}").into());
        }
        let init = Object::new();
        set(&init, "method", &"POST".into());
        set(&init, "body", &body.into());
        set(&init, "headers", &headers);
        let promise = method(&global, "fetch")?
            .call2(&global, &url.into(), &init)
            .map_err(offline)?;
        let resp = JsFuture::from(Promise::from(promise))
            .await
            .map_err(offline)?;
        let status = get(&resp, "status")
            .ok()
            .and_then(|s| s.as_f64())
            .unwrap_or(0.0) as u16;
        if !(200..300).contains(&status) {
            let text = method(&resp, "text")?.call0(&resp).map_err(offline)?;
            let text = JsFuture::from(Promise::from(text)).await.map_err(offline)?;
            return Err(BackendError::from_http(
                status,
                &text.as_string().unwrap_or_default(),
            ));
        }
        let blob = method(&resp, "blob")?.call0(&resp).map_err(offline)?;
        let blob = JsFuture::from(Promise::from(blob)).await.map_err(offline)?;
        let url_api = get(&global, "URL").map_err(offline)?;
        let href = method(&url_api, "createObjectURL")?
            .call1(&url_api, &blob)
            .map_err(offline)?;
        let document = get(&global, "document").map_err(offline)?;
        let a = method(&document, "createElement")?
            .call1(&document, &"a".into())
            .map_err(offline)?;
        let a_obj: Object = a.clone().unchecked_into();
        set(&a_obj, "href", &href);
        set(&a_obj, "download", &file_name.into());
        let body_el = get(&document, "body").map_err(offline)?;
        let _ = method(&body_el, "appendChild")?.call1(&body_el, &a);
        let _ = method(&a, "click")?.call0(&a);
        let _ = method(&body_el, "removeChild")?.call1(&body_el, &a);
        // Let the browser start the download before the URL is released.
        let revoke = method(&url_api, "revokeObjectURL")?;
        leptos::prelude::set_timeout(
            move || {
                let _ = revoke.call1(&url_api, &href);
            },
            std::time::Duration::from_secs(60),
        );
        Ok(())
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub async fn post_and_save(
        _url: &str,
        _body: &str,
        _token: Option<String>,
        _file_name: &str,
    ) -> Result<()> {
        Err(BackendError::Offline)
    }
}
