//! The coordinator's calls: people and imports, accounts and devices, rights, orders and the
//! movement book. They talk to the server only (no offline copy: these screens show children's
//! personal data and accounts, which are never kept in the browser). In the app they are not
//! available yet and say so.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use zvonok_core::doc::movement::MovementOp;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::ids::{ClassId, DeviceId, UserId};
use zvonok_core::views::status::Saved;
use zvonok_core::wire::{
    AccountsResponse, BookView, ClassesView, DevicesResponse, GrantChange, ImportPreview,
    PasswordReset, PeopleView, RightsView, RoleGrantChange, RoleGrantResult,
};

use super::{Backend, BackendError, Result};
use crate::i18n::t;
use crate::logic::dates::iso;
use crate::platform;

/// Where the browser backend keeps the session token (see `http.rs`).
const TOKEN_KEY: &str = "zvonok.token";

/// A file the server made (a workbook, a PDF), to be saved by the browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Which list an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Staff,
    Students,
}

impl ImportKind {
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Staff => "staff",
            ImportKind::Students => "students",
        }
    }
}

/// How the server should read a CSV file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Auto,
    Utf8,
    Windows1251,
}

impl Encoding {
    pub fn code(self) -> &'static str {
        match self {
            Encoding::Auto => "",
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1251 => "windows-1251",
        }
    }
}

fn import_query(kind: ImportKind, encoding: Encoding) -> String {
    match encoding {
        Encoding::Auto => format!("?kind={}", kind.code()),
        e => format!("?kind={}&encoding={}", kind.code(), e.code()),
    }
}

impl Backend {
    /// The server these screens talk to; in the app they are not available yet.
    pub(super) fn admin_base(&self) -> Result<&str> {
        match self {
            Backend::Http { base } => Ok(base),
            Backend::Tauri => Err(BackendError::Failed(t("admin-app-unavailable"))),
        }
    }

    pub async fn accounts(&self, days: u32) -> Result<AccountsResponse> {
        get_json(self.admin_base()?, &format!("/v1/web/accounts?days={days}")).await
    }

    /// A new one-time password for `user` (shown once).
    pub async fn reset_password(&self, user: UserId) -> Result<PasswordReset> {
        let path = format!("/v1/web/accounts/{user}/password");
        send_json(self.admin_base()?, "POST", &path, &serde_json::json!({})).await
    }

    pub async fn devices_of(&self, user: UserId) -> Result<DevicesResponse> {
        get_json(self.admin_base()?, &format!("/v1/devices?user={user}")).await
    }

    /// Signs a device out for good: its token stops working.
    pub async fn revoke_device(&self, device: DeviceId) -> Result<()> {
        let path = format!("/v1/devices/{device}");
        let a = raw::send(self.admin_base()?, "DELETE", &path, raw::Body::None).await?;
        a.ok().map(|_| ())
    }

    /// An order; in the app it is recorded on the device and sent by the sync.
    pub async fn issue_order(&self, op: &MovementOp) -> Result<Saved> {
        match self {
            Backend::Tauri => {
                super::tauri::call("movement_op", serde_json::json!({ "op": op })).await
            }
            Backend::Http { base } => send_json(base, "POST", "/v1/web/movement/orders", op).await,
        }
    }

    /// The movement book; in the app from the orders on the device.
    pub async fn movement_book(&self, from: NaiveDate, to: NaiveDate) -> Result<BookView> {
        match self {
            Backend::Tauri => {
                let args = serde_json::json!({ "from": iso(from), "to": iso(to) });
                super::tauri::call("movement_book", args).await
            }
            Backend::Http { base } => {
                let path = format!("/v1/web/movement/book?from={}&to={}", iso(from), iso(to));
                get_json(base, &path).await
            }
        }
    }

    pub async fn movement_book_xlsx(&self, from: NaiveDate, to: NaiveDate) -> Result<Download> {
        let path = format!(
            "/v1/web/movement/book.xlsx?from={}&to={}",
            iso(from),
            iso(to)
        );
        download(self.admin_base()?, "GET", &path, raw::Body::None).await
    }

    /// What importing `file` would add; writes nothing.
    pub async fn import_preview(
        &self,
        kind: ImportKind,
        encoding: Encoding,
        file: Vec<u8>,
    ) -> Result<ImportPreview> {
        let path = format!("/v1/web/import/preview{}", import_query(kind, encoding));
        let a = raw::send(self.admin_base()?, "POST", &path, raw::Body::Bytes(file)).await?;
        decode(&a.ok()?)
    }

    /// Adds what the preview of the same file showed (rows with errors are skipped).
    pub async fn import_apply(
        &self,
        kind: ImportKind,
        encoding: Encoding,
        file: Vec<u8>,
    ) -> Result<ImportPreview> {
        let path = format!("/v1/web/import/apply{}", import_query(kind, encoding));
        let a = raw::send(self.admin_base()?, "POST", &path, raw::Body::Bytes(file)).await?;
        decode(&a.ok()?)
    }

    /// The classes whose lists the user may read, with their counts (in the app: from the
    /// device).
    pub async fn people_classes(&self) -> Result<ClassesView> {
        match self {
            Backend::Tauri => super::tauri::call("people_classes", serde_json::json!({})).await,
            Backend::Http { base } => get_json(base, "/v1/web/people").await,
        }
    }

    /// A class's students with their guardians (restricted fields only when allowed).
    pub async fn people(&self, class: ClassId) -> Result<PeopleView> {
        match self {
            Backend::Tauri => {
                super::tauri::call("people", serde_json::json!({ "class": class })).await
            }
            Backend::Http { base } => {
                get_json(base, &format!("/v1/web/people?class={class}")).await
            }
        }
    }

    /// One edit of a class's people (the screen reloads the class after it).
    pub async fn people_op(&self, class: ClassId, op: &PeopleOp) -> Result<()> {
        if let Backend::Tauri = self {
            let args = serde_json::json!({ "class": class, "op": op });
            let _: Saved = super::tauri::call("people_op", args).await?;
            return Ok(());
        }
        let path = format!("/v1/web/people/ops?class={class}");
        let json = serde_json::to_string(op).map_err(|e| BackendError::Decode(e.to_string()))?;
        let a = raw::send(self.admin_base()?, "POST", &path, raw::Body::Json(json)).await?;
        a.ok().map(|_| ())
    }

    pub async fn people_xlsx(&self, class: ClassId) -> Result<Download> {
        let path = format!("/v1/web/people/export.xlsx?class={class}");
        download(self.admin_base()?, "GET", &path, raw::Body::None).await
    }

    pub async fn rights(&self) -> Result<RightsView> {
        get_json(self.admin_base()?, "/v1/web/rights").await
    }

    /// Gives or takes away one grant of one account.
    pub async fn change_grant(&self, user: UserId, change: &GrantChange) -> Result<()> {
        let path = format!("/v1/web/accounts/{user}/grants");
        let json =
            serde_json::to_string(change).map_err(|e| BackendError::Decode(e.to_string()))?;
        let a = raw::send(self.admin_base()?, "POST", &path, raw::Body::Json(json)).await?;
        a.ok().map(|_| ())
    }

    /// The same change for every account of a role; says how many changed.
    pub async fn change_role_grant(&self, change: &RoleGrantChange) -> Result<RoleGrantResult> {
        send_json(self.admin_base()?, "POST", "/v1/web/rights/role", change).await
    }

    /// The seed's procedure: every «Ввести списки учеников и родителей» becomes «Редактировать
    /// сведения об учениках и родителях в своём классе».
    pub async fn replace_initial_entry(&self) -> Result<RoleGrantResult> {
        let body = serde_json::json!({});
        send_json(
            self.admin_base()?,
            "POST",
            "/v1/web/rights/replace-initial",
            &body,
        )
        .await
    }
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| BackendError::Decode(e.to_string()))
}

/// A GET that is never cached.
pub(super) async fn get_json<T: DeserializeOwned>(base: &str, path: &str) -> Result<T> {
    let a = raw::send(base, "GET", path, raw::Body::None).await?;
    decode(&a.ok()?)
}

/// A JSON write.
pub(super) async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
    base: &str,
    method: &str,
    path: &str,
    body: &B,
) -> Result<T> {
    let json = serde_json::to_string(body).map_err(|e| BackendError::Decode(e.to_string()))?;
    let a = raw::send(base, method, path, raw::Body::Json(json)).await?;
    decode(&a.ok()?)
}

/// A file answer: its name from `Content-Disposition`, else the last part of the path.
pub(super) async fn download(
    base: &str,
    method: &str,
    path: &str,
    body: raw::Body,
) -> Result<Download> {
    let a = raw::send(base, method, path, body).await?;
    let name = file_name(a.disposition.as_deref(), path);
    let mime = a.content_type.clone();
    Ok(Download {
        name,
        mime,
        bytes: a.ok()?,
    })
}

/// `attachment; filename="book.xlsx"` → `book.xlsx`; without one, the path's last part.
fn file_name(disposition: Option<&str>, path: &str) -> String {
    disposition
        .and_then(|d| d.split("filename=").nth(1))
        .map(|n| n.split(';').next().unwrap_or(n).trim().trim_matches('"'))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            let p = path.split('?').next().unwrap_or(path);
            p.rsplit('/').next().unwrap_or(p).to_string()
        })
}

/// The raw request (any method, a JSON or binary body, a binary answer), in the browser.
pub(super) mod raw {
    use super::{platform, BackendError, Result, TOKEN_KEY};

    /// What a request carries (read only by the browser's `send`).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub enum Body {
        None,
        Json(String),
        Bytes(Vec<u8>),
    }

    pub struct Answer {
        pub status: u16,
        pub bytes: Vec<u8>,
        pub content_type: String,
        pub disposition: Option<String>,
    }

    impl Answer {
        /// The body of a 2xx answer; else the server's message.
        pub fn ok(self) -> Result<Vec<u8>> {
            if (200..300).contains(&self.status) {
                Ok(self.bytes)
            } else {
                let text = String::from_utf8_lossy(&self.bytes);
                Err(BackendError::from_http(self.status, &text))
            }
        }
    }

    #[cfg(target_arch = "wasm32")]
    pub async fn send(base: &str, method: &str, path: &str, body: Body) -> Result<Answer> {
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_futures::JsFuture;

        let fail = |_| BackendError::Offline;
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(fail)?;
        match body {
            Body::None => {}
            Body::Json(s) => {
                headers
                    .set("Content-Type", "application/json")
                    .map_err(fail)?;
                init.set_body(&JsValue::from_str(&s));
            }
            Body::Bytes(b) => {
                headers
                    .set("Content-Type", "application/octet-stream")
                    .map_err(fail)?;
                init.set_body(&js_sys::Uint8Array::from(b.as_slice()).into());
            }
        }
        if let Some(tok) = platform::storage_get(TOKEN_KEY) {
            headers
                .set("Authorization", &format!("Bearer {tok}"))
                .map_err(fail)?;
        }
        init.set_headers(&headers);
        let url = format!("{base}{path}");
        let req = web_sys::Request::new_with_str_and_init(&url, &init).map_err(fail)?;
        let window = web_sys::window().ok_or(BackendError::Offline)?;
        let resp = JsFuture::from(window.fetch_with_request(&req))
            .await
            .map_err(fail)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(fail)?;
        let header = |h: &str| resp.headers().get(h).ok().flatten();
        let content_type = header("content-type").unwrap_or_default();
        let disposition = header("content-disposition");
        let buf = JsFuture::from(resp.array_buffer().map_err(fail)?)
            .await
            .map_err(fail)?;
        Ok(Answer {
            status: resp.status(),
            bytes: js_sys::Uint8Array::new(&buf).to_vec(),
            content_type,
            disposition,
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub async fn send(_base: &str, _method: &str, _path: &str, body: Body) -> Result<Answer> {
        // No network on the host.
        drop(body);
        let _ = platform::storage_get(TOKEN_KEY);
        Err(BackendError::Offline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_disposition_or_the_path() {
        assert_eq!(
            file_name(
                Some("attachment; filename=\"movement-book-2026-09-01-2027-05-31.xlsx\""),
                "/x"
            ),
            "movement-book-2026-09-01-2027-05-31.xlsx"
        );
        assert_eq!(
            file_name(None, "/v1/web/people/export.xlsx?class=1"),
            "export.xlsx"
        );
    }

    #[test]
    fn import_queries_name_the_kind_and_a_forced_encoding() {
        assert_eq!(
            import_query(ImportKind::Students, Encoding::Auto),
            "?kind=students"
        );
        assert_eq!(
            import_query(ImportKind::Staff, Encoding::Windows1251),
            "?kind=staff&encoding=windows-1251"
        );
    }

    #[test]
    fn the_app_says_these_screens_are_for_the_browser() {
        crate::i18n::set_lang(crate::i18n::Lang::Ru);
        let err = Backend::Tauri.admin_base().unwrap_err().to_string();
        assert!(err.contains("браузер"), "{err}");
    }
}
