//! The sync engine: login, the batched sync loop of ARCHITECTURE.md, the background loop
//! with backoff, and cached summaries. [`http`] is the only code that talks to the network;
//! [`session`] is the protocol state without I/O.
//!
//! The replica is shared as `Mutex<Replica>` and locked only between network calls, never
//! across an `await`, so the UI can keep writing while a sync is in flight.

pub mod background;
pub mod http;
pub mod session;
pub mod summary;

use std::sync::{Mutex, MutexGuard};

use chrono::Utc;
use thiserror::Error;
use zvonok_core::wire::SyncResponse;

pub use background::{backoff_delay, run_background, BackgroundOptions};
pub use http::{Api, Fetched};
pub use session::{ProgressFn, SyncReport, SyncSession, MAX_ROUNDS, PROGRESS_FROM};
pub use summary::{fetch_summary, SummaryView};

use crate::account::{keys, Credentials};
use crate::replica::{Replica, ReplicaError};
use crate::store::StoreError;

/// Errors of talking to the server. Messages are Russian and say what to do.
#[derive(Debug, Error)]
pub enum SyncError {
    #[error("Устройство не подключено к серверу: выполните вход (zvonok login <адрес сервера> <логин>).")]
    NotLoggedIn,
    #[error("Устройство отозвано или вход устарел: войдите заново (zvonok login)")]
    Unauthorized,
    #[error("Вход не выполнен: {0}. Проверьте логин и пароль.")]
    BadCredentials(String),
    /// 429; the seconds of the server's `Retry-After`, when it sent one.
    #[error(
        "Слишком много неудачных попыток входа: подождите {} и попробуйте снова.",
        wait_text(*.0)
    )]
    RateLimited(Option<u64>),
    #[error("Нет доступа: {0}")]
    Forbidden(String),
    #[error("Не найдено на сервере: {0}")]
    NotFound(String),
    #[error("Сервер отклонил запрос ({0}): {1}")]
    Refused(u16, String),
    #[error("Сервер недоступен ({0}). Данные сохранены на устройстве; синхронизируйте позже (zvonok sync).")]
    Network(String),
    #[error("Ошибка сервера ({0}): {1}. Повторите позже.")]
    Server(u16, String),
    #[error("Неверный ответ сервера: {0}. Обновите приложение или повторите позже.")]
    Protocol(String),
    #[error(
        "«{0}» — не адрес сервера. Пример: https://zvonok.school.ru или http://127.0.0.1:8080"
    )]
    BadUrl(String),
    #[error(transparent)]
    Replica(#[from] ReplicaError),
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Replica(ReplicaError::Store(e))
    }
}

/// «30 с», «2 мин», or «несколько минут» when the server did not say.
fn wait_text(secs: Option<u64>) -> String {
    match secs {
        Some(s) if s < 60 => format!("{} с", s.max(1)),
        Some(s) => format!("{} мин", s.div_ceil(60)),
        None => "несколько минут".into(),
    }
}

impl SyncError {
    /// Could not reach the server (retry later), as opposed to being refused by it.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            SyncError::Network(_) | SyncError::Server(..) | SyncError::Protocol(_)
        )
    }

    /// The server does not accept who we are (log in again).
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            SyncError::NotLoggedIn
                | SyncError::Unauthorized
                | SyncError::BadCredentials(_)
                | SyncError::RateLimited(_)
                | SyncError::Forbidden(_)
        )
    }
}

/// Locks the shared replica; a panic elsewhere does not make it unusable.
pub(crate) fn lock(replica: &Mutex<Replica>) -> MutexGuard<'_, Replica> {
    replica.lock().unwrap_or_else(|e| e.into_inner())
}

/// Logs in, stores the credentials (a different user's documents are forgotten) and returns
/// the client to use next. Does not sync.
pub async fn login(
    replica: &Mutex<Replica>,
    server: &str,
    login: &str,
    password: &str,
    device_name: &str,
) -> Result<Api, SyncError> {
    let api = Api::new(server)?;
    let resp = api.login(login, password, device_name).await?;
    if crate::account::actor_from_hex(&resp.actor).is_none() {
        return Err(SyncError::Protocol(format!(
            "идентификатор автора «{}» не шестнадцатеричный",
            resp.actor
        )));
    }
    let creds = Credentials::from_login(api.base(), resp);
    let token = creds.token.clone();
    lock(replica).set_credentials(creds)?;
    Ok(api.with_token(&token))
}

/// The client for the stored credentials.
pub fn api_for(replica: &Mutex<Replica>) -> Result<Api, SyncError> {
    let r = lock(replica);
    let creds = r.credentials().ok_or(SyncError::NotLoggedIn)?;
    Api::from_credentials(creds)
}

/// Runs the batched sync loop once: rounds until neither side has anything to say (at most
/// [`MAX_ROUNDS`]). Records the outcome (last sync time or last error) in the store; a 401
/// forgets the token.
pub async fn sync_once(replica: &Mutex<Replica>, api: &Api) -> Result<SyncReport, SyncError> {
    sync_once_with(replica, api, SyncSession::new()).await
}

/// [`sync_once`] with a session of the caller's (e.g. one that reports progress).
pub async fn sync_once_with(
    replica: &Mutex<Replica>,
    api: &Api,
    session: SyncSession,
) -> Result<SyncReport, SyncError> {
    let result = sync_rounds(replica, api, session).await;
    let r = lock(replica);
    let now = Utc::now().to_rfc3339();
    match &result {
        Ok(_) => r.store().set_settings(&[
            (keys::LAST_SYNC, Some(&now)),
            (keys::LAST_ATTEMPT, Some(&now)),
            (keys::LAST_ERROR, None),
            (keys::NEXT_RETRY, None),
        ])?,
        Err(e) => {
            let msg = e.to_string();
            r.store().set_settings(&[
                (keys::LAST_ATTEMPT, Some(&now)),
                (keys::LAST_ERROR, Some(&msg)),
            ])?;
            if matches!(e, SyncError::Unauthorized) {
                drop(r);
                lock(replica).forget_token()?;
            }
        }
    }
    result
}

async fn sync_rounds(
    replica: &Mutex<Replica>,
    api: &Api,
    mut session: SyncSession,
) -> Result<SyncReport, SyncError> {
    loop {
        if session.report.rounds >= MAX_ROUNDS {
            tracing::warn!("sync stopped after {MAX_ROUNDS} rounds");
            break;
        }
        let request = session.next_request(&mut lock(replica))?;
        let Some(request) = request else {
            session.report.converged = true;
            break;
        };
        let body = request.encode();
        session.report.bytes_sent += body.len() as u64;
        let answer = api.sync(body).await?;
        session.report.bytes_received += answer.len() as u64;
        let response =
            SyncResponse::decode(&answer).map_err(|e| SyncError::Protocol(e.to_string()))?;
        session.report.rounds += 1;
        session.apply_response(&mut lock(replica), response)?;
    }
    session.report.pending = lock(replica).pending_count()?;
    Ok(session.report)
}

/// Refreshes the stored user info (`GET /v1/me`), e.g. to learn about new children.
pub async fn refresh_user(replica: &Mutex<Replica>, api: &Api) -> Result<(), SyncError> {
    let user = api.me().await?;
    lock(replica).set_user(user)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_how_long_to_wait() {
        assert!(SyncError::RateLimited(Some(30))
            .to_string()
            .contains("подождите 30 с"));
        assert!(SyncError::RateLimited(Some(90))
            .to_string()
            .contains("подождите 2 мин"));
        assert!(SyncError::RateLimited(None)
            .to_string()
            .contains("подождите несколько минут"));
    }
}
