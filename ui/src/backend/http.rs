//! The browser backend: JSON over HTTP to the server that served the page. A GET that cannot
//! reach the server answers from the last good copy kept in local storage (or from the service
//! worker's cache) and the status bar says how old it is. A journal write that cannot reach the
//! server waits in an offline queue in local storage (per server and user, see
//! [`crate::logic::queue`]); it is shown on the screens at once, counted in the status bar, and
//! sent in order when the browser is back online or on a bounded retry timer. A write the
//! server refuses stays listed with its reason and what it was.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::lock::{Mutex, OwnedMutexGuard};
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, StudentId};
use zvonok_core::projection::StudentSummary;
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::views::lesson::LessonSheet;
use zvonok_core::views::status::{Saved, Session, Status, SummaryView, SyncState, UserLine};
use zvonok_core::wire::{LoginRequest, LoginResponse, UserInfo};

use super::{status_sink, BackendError, Result};
use crate::i18n::{lang, t, tn};
use crate::logic::optimistic::{apply_to_grid, apply_to_sheet};
use crate::logic::queue::{classify, retry_delay_ms, storage_key, Outcome, Queue};
use crate::platform;

const TOKEN_KEY: &str = "zvonok.token";
const CACHE_PREFIX: &str = "zvonok.cache.";

#[derive(Default)]
struct Seen {
    /// Did the last request reach the server?
    online: Option<bool>,
    last_ok: Option<DateTime<Utc>>,
    /// When the data on screen was fetched, if it came from a cache.
    data_at: Option<DateTime<Utc>>,
    last_error: String,
    user: Option<UserInfo>,
    logged_out: bool,
}

thread_local! {
    static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
    static WRITES: Arc<Mutex<()>> = Arc::new(Mutex::new(()));
    /// Failed attempts to send the queue in a row (sets the retry delay).
    static ATTEMPTS: Cell<u32> = const { Cell::new(0) };
    /// Is a retry timer set?
    static RETRY_SET: Cell<bool> = const { Cell::new(false) };
}

/// Waits until earlier writes are answered, so operations arrive in the order they were made.
pub async fn write_turn() -> OwnedMutexGuard<()> {
    WRITES.with(Arc::clone).lock_owned().await
}

fn token() -> Option<String> {
    platform::storage_get(TOKEN_KEY)
}

/// A cached answer body and when the server sent it.
#[derive(Serialize, Deserialize)]
struct Cached {
    at: DateTime<Utc>,
    body: String,
}

fn cache_put(path: &str, body: &str) {
    let c = Cached {
        at: platform::now(),
        body: body.to_string(),
    };
    if let Ok(s) = serde_json::to_string(&c) {
        platform::storage_set(&format!("{CACHE_PREFIX}{path}"), &s);
    }
}

fn cache_get(path: &str) -> Option<Cached> {
    serde_json::from_str(&platform::storage_get(&format!("{CACHE_PREFIX}{path}"))?).ok()
}

fn note(base: &str, f: impl FnOnce(&mut Seen)) {
    SEEN.with(|s| f(&mut s.borrow_mut()));
    status_sink::push(status(base));
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T> {
    serde_json::from_str(body).map_err(|e| BackendError::Decode(e.to_string()))
}

/// GET with the offline fallback; also says when the answer is a cached copy.
async fn get_meta<T: DeserializeOwned>(
    base: &str,
    path: &str,
) -> Result<(T, Option<DateTime<Utc>>)> {
    match fetch::send("GET", &format!("{base}{path}"), None, token()).await {
        Ok(r) if (200..300).contains(&r.status) => {
            let stored = r.stored_at.as_deref().and_then(|s| s.parse().ok());
            match stored {
                Some(at) => note(base, |s| {
                    s.online = Some(false);
                    s.data_at = Some(at);
                    s.last_error = t("error-offline");
                }),
                None => {
                    cache_put(path, &r.body);
                    note(base, |s| {
                        s.online = Some(true);
                        s.last_ok = Some(platform::now());
                        s.data_at = None;
                        s.logged_out = false;
                    });
                }
            }
            Ok((decode(&r.body)?, stored))
        }
        Ok(r) => {
            let err = BackendError::from_http(r.status, &r.body);
            if r.status == 401 {
                note(base, |s| s.logged_out = true);
            }
            Err(err)
        }
        Err(e) => {
            let cached = cache_get(path);
            note(base, |s| {
                s.online = Some(false);
                s.last_error = e.to_string();
                s.data_at = cached.as_ref().map(|c| c.at);
            });
            let c = cached.ok_or(e)?;
            Ok((decode(&c.body)?, Some(c.at)))
        }
    }
}

pub async fn get<T: DeserializeOwned>(base: &str, path: &str) -> Result<T> {
    Ok(get_meta(base, path).await?.0)
}

/// POST JSON; never cached, never retried behind the user's back.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    base: &str,
    path: &str,
    body: &B,
) -> Result<T> {
    let json = serde_json::to_string(body).map_err(|e| BackendError::Decode(e.to_string()))?;
    match fetch::send("POST", &format!("{base}{path}"), Some(json), token()).await {
        Ok(r) if (200..300).contains(&r.status) => {
            note(base, |s| {
                s.online = Some(true);
                s.last_ok = Some(platform::now());
            });
            decode(&r.body)
        }
        Ok(r) => {
            if r.status == 401 {
                note(base, |s| s.logged_out = true);
            }
            Err(BackendError::from_http(r.status, &r.body))
        }
        Err(e) => {
            note(base, |s| {
                s.online = Some(false);
                s.last_error = e.to_string();
            });
            Err(e)
        }
    }
}

pub async fn login(base: &str, login: &str, password: &str) -> Result<UserInfo> {
    let req = LoginRequest {
        login: login.trim().to_string(),
        password: password.to_string(),
        device_name: t("device-browser"),
    };
    let json = serde_json::to_string(&req).map_err(|e| BackendError::Decode(e.to_string()))?;
    let r = fetch::send("POST", &format!("{base}/v1/login"), Some(json), None).await?;
    if !(200..300).contains(&r.status) {
        return Err(match BackendError::from_http(r.status, &r.body) {
            BackendError::Unauthorized(m) => BackendError::Failed(m.unwrap_or(t("signin-bad"))),
            other => other,
        });
    }
    let resp: LoginResponse = decode(&r.body)?;
    platform::storage_remove_prefix(CACHE_PREFIX);
    platform::storage_set(TOKEN_KEY, &resp.token);
    cache_put(
        "/v1/me",
        &serde_json::to_string(&resp.user).unwrap_or_default(),
    );
    let user = resp.user.clone();
    note(base, move |s| {
        s.online = Some(true);
        s.last_ok = Some(platform::now());
        s.user = Some(user);
        s.logged_out = false;
    });
    send_now(base);
    Ok(resp.user)
}

pub async fn session(base: &str) -> Result<Option<Session>> {
    if token().is_none() {
        return Ok(None);
    }
    match get::<UserInfo>(base, "/v1/me").await {
        Ok(user) => {
            let u = user.clone();
            note(base, move |s| s.user = Some(u));
            send_now(base);
            Ok(Some(Session {
                server: base.to_string(),
                user,
            }))
        }
        Err(BackendError::Unauthorized(_)) => {
            logout();
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Forgets the token and every cached answer (they belong to this user).
pub fn logout() {
    platform::storage_remove(TOKEN_KEY);
    platform::storage_remove_prefix(CACHE_PREFIX);
    fetch::clear_sw_cache();
    SEEN.with(|s| *s.borrow_mut() = Seen::default());
}

pub async fn summary(base: &str, student: StudentId) -> Result<SummaryView> {
    let path = format!("/v1/students/{student}/summary");
    let (summary, cached_at): (StudentSummary, _) = get_meta(base, &path).await?;
    let offline_error = cached_at.map(|_| SEEN.with(|s| s.borrow().last_error.clone()));
    Ok(SummaryView {
        summary,
        fetched_at: cached_at.unwrap_or_else(platform::now),
        offline: cached_at.is_some(),
        offline_error,
    })
}

/// The browser's status: what the last request showed.
pub fn status(base: &str) -> Status {
    let queue = load_queue(base);
    SEEN.with(|s| {
        let s = s.borrow();
        let state = match s.online {
            None => SyncState::Never,
            Some(true) => SyncState::Synced {
                at: s.last_ok.unwrap_or_else(platform::now),
            },
            Some(false) => SyncState::Offline {
                last_error: s.last_error.clone(),
                next_retry: None,
            },
        };
        Status {
            server: Some(base.to_string()),
            device: None,
            user: s.user.as_ref().map(|u| UserLine {
                login: u.login.clone(),
                display_name: u.display_name.clone(),
                roles: u.roles.clone(),
            }),
            logged_in: !s.logged_out,
            state,
            last_sync: s.data_at.or(s.last_ok),
            pending: queue.pending(),
            rejected: queue.rejected(lang()),
        }
    })
}

// ---- the offline write queue ----

/// The login of the signed-in user (from this session, else the cached `/v1/me`).
fn login_now() -> Option<String> {
    SEEN.with(|s| s.borrow().user.as_ref().map(|u| u.login.clone()))
        .or_else(|| {
            let c = cache_get("/v1/me")?;
            serde_json::from_str::<UserInfo>(&c.body)
                .ok()
                .map(|u| u.login)
        })
}

fn queue_key(base: &str) -> Option<String> {
    login_now().map(|login| storage_key(base, &login))
}

fn load_queue(base: &str) -> Queue {
    queue_key(base)
        .and_then(|k| platform::storage_get(&k))
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn save_queue(base: &str, q: &Queue) {
    let Some(k) = queue_key(base) else { return };
    if q.items.is_empty() && q.refused.is_empty() {
        platform::storage_remove(&k);
    } else if let Ok(s) = serde_json::to_string(q) {
        platform::storage_set(&k, &s);
    }
}

/// How many writes wait to be sent.
pub fn pending(base: &str) -> usize {
    load_queue(base).pending()
}

fn ops_path(doc: DocId) -> String {
    format!("/v1/web/journals/{doc}/ops")
}

/// A journal write (the caller holds [`write_turn`]). Straight to the server when nothing
/// waits; queued when the server cannot be reached, or behind earlier queued writes so that
/// the order is kept. A refusal by the server is returned as the error.
pub async fn write(base: &str, doc: DocId, op: &JournalOp) -> Result<Saved> {
    if load_queue(base).pending() == 0 {
        match post::<_, Saved>(base, &ops_path(doc), op).await {
            Ok(_) => return Ok(Saved { pending: 0 }),
            Err(BackendError::Offline) if queue_key(base).is_some() => {}
            Err(e) => return Err(e),
        }
    }
    let mut q = load_queue(base);
    q.push(doc, op.clone(), platform::now());
    save_queue(base, &q);
    note(base, |_| {});
    retry_later(base);
    Ok(Saved {
        pending: q.pending(),
    })
}

/// Sends the waiting writes in order until the queue is empty, the network fails (then a
/// retry is timed) or the session is over.
pub async fn flush(base: String) {
    let _turn = write_turn().await;
    loop {
        let mut q = load_queue(&base);
        let Some(item) = q.front().cloned() else {
            ATTEMPTS.with(|a| a.set(0));
            return;
        };
        let Ok(json) = serde_json::to_string(&item.op) else {
            q.refuse(item.seq, t("error-offline"), platform::now());
            save_queue(&base, &q);
            continue;
        };
        let url = format!("{base}{}", ops_path(item.doc));
        let answer = fetch::send("POST", &url, Some(json), token()).await;
        let outcome = classify(answer.as_ref().ok().map(|a| a.status));
        match (outcome, answer) {
            (Outcome::Sent, _) => {
                q.sent(item.seq);
                save_queue(&base, &q);
                ATTEMPTS.with(|a| a.set(0));
                note(&base, |s| {
                    s.online = Some(true);
                    s.last_ok = Some(platform::now());
                });
            }
            (Outcome::Refused, Ok(r)) => {
                let reason = BackendError::from_http(r.status, &r.body).to_string();
                q.refuse(item.seq, reason, platform::now());
                save_queue(&base, &q);
                note(&base, |s| s.online = Some(true));
            }
            (Outcome::SignIn, _) => {
                note(&base, |s| s.logged_out = true);
                return;
            }
            (_, answer) => {
                let error = match answer {
                    Ok(r) => BackendError::from_http(r.status, &r.body),
                    Err(e) => e,
                };
                ATTEMPTS.with(|a| a.set(a.get().saturating_add(1)));
                note(&base, |s| {
                    s.online = Some(false);
                    s.last_error = error.to_string();
                });
                retry_later(&base);
                return;
            }
        }
    }
}

/// Times one retry of [`flush`] (2 s doubling up to a minute); none while one is set.
fn retry_later(base: &str) {
    if RETRY_SET.with(|r| r.replace(true)) {
        return;
    }
    let delay = retry_delay_ms(ATTEMPTS.with(Cell::get));
    let base = base.to_string();
    leptos::prelude::set_timeout(
        move || {
            RETRY_SET.with(|r| r.set(false));
            spawn_local(flush(base));
        },
        Duration::from_millis(u64::from(delay)),
    );
}

/// Starts sending the queue now (the browser is back online, the app started).
pub fn send_now(base: &str) {
    if pending(base) > 0 {
        ATTEMPTS.with(|a| a.set(0));
        spawn_local(flush(base.to_string()));
    }
}

/// Sends the queue whenever the browser comes back online.
pub fn watch_online(base: &str) {
    let base = base.to_string();
    let _ = leptos::prelude::window_event_listener(leptos::ev::online, move |_| send_now(&base));
}

/// Shows the waiting writes of journal `doc` on a sheet the server or the cache returned.
pub fn overlay_sheet(base: &str, sheet: &mut LessonSheet) {
    for op in load_queue(base).ops_for(sheet.doc) {
        apply_to_sheet(sheet, op);
    }
}

/// Shows the waiting writes on a grid.
pub fn overlay_grid(base: &str, grid: &mut JournalGrid) {
    for op in load_queue(base).ops_for(grid.doc) {
        apply_to_grid(grid, op);
    }
}

/// Forgets the refused writes the user has read.
pub fn dismiss_rejected(base: &str) -> Status {
    let mut q = load_queue(base);
    q.dismiss_refused();
    save_queue(base, &q);
    status(base)
}

/// Signing out would strand waiting writes (they belong to this user): refuse while any wait.
pub fn check_logout(base: &str) -> Result<()> {
    match pending(base) {
        0 => Ok(()),
        n => Err(BackendError::Failed(tn("logout-pending", n))),
    }
}

/// The raw request, in the browser; on the host there is no network.
mod fetch {
    use super::{BackendError, Result};

    pub struct Answer {
        pub status: u16,
        pub body: String,
        /// Set by the service worker when it answered from its cache.
        pub stored_at: Option<String>,
    }

    #[cfg(target_arch = "wasm32")]
    pub async fn send(
        method: &str,
        url: &str,
        body: Option<String>,
        token: Option<String>,
    ) -> Result<Answer> {
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_futures::JsFuture;

        let fail = |_| BackendError::Offline;
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(fail)?;
        headers.set("Accept", "application/json").map_err(fail)?;
        if let Some(b) = body {
            headers
                .set("Content-Type", "application/json")
                .map_err(fail)?;
            init.set_body(&JsValue::from_str(&b));
        }
        if let Some(tok) = token {
            headers
                .set("Authorization", &format!("Bearer {tok}"))
                .map_err(fail)?;
        }
        init.set_headers(&headers);
        let req = web_sys::Request::new_with_str_and_init(url, &init).map_err(fail)?;
        let window = web_sys::window().ok_or(BackendError::Offline)?;
        let resp = JsFuture::from(window.fetch_with_request(&req))
            .await
            .map_err(fail)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(fail)?;
        let stored_at = resp.headers().get("x-zvonok-stored-at").ok().flatten();
        let text = JsFuture::from(resp.text().map_err(fail)?)
            .await
            .map_err(fail)?;
        Ok(Answer {
            status: resp.status(),
            body: text.as_string().unwrap_or_default(),
            stored_at,
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub async fn send(
        _method: &str,
        _url: &str,
        _body: Option<String>,
        _token: Option<String>,
    ) -> Result<Answer> {
        Err(BackendError::Offline)
    }

    /// Drops the service worker's copies of API answers (they belong to the user signing out).
    #[cfg(target_arch = "wasm32")]
    pub fn clear_sw_cache() {
        if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
            let _ = caches.delete("zvonok-api");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn clear_sw_cache() {}
}
