//! A student's summary (what parents and students see), fetched with `If-None-Match` and
//! cached in the store so that it can be read offline, «данные на <время>».

use std::sync::Mutex;

use chrono::Utc;
use zvonok_core::ids::StudentId;
use zvonok_core::projection::StudentSummary;

use super::{lock, Api, Fetched, SyncError};
use crate::replica::Replica;
use crate::store::{CachedProjection, StoreError};

pub use zvonok_core::views::status::SummaryView;

fn cache_key(student: StudentId) -> String {
    format!("summary:{student}")
}

fn parse(body: &str) -> Result<StudentSummary, SyncError> {
    serde_json::from_str(body).map_err(|e| SyncError::Protocol(format!("сводка ученика: {e}")))
}

/// Fetches a student's summary: 304 → the cached copy (now confirmed current); 200 → stored
/// and returned; network failure (or no `api`) → the cached copy with its time; 403 and other
/// refusals → the error. Without a cache and without the server, the network error.
pub async fn fetch_summary(
    replica: &Mutex<Replica>,
    api: Option<&Api>,
    student: StudentId,
) -> Result<SummaryView, SyncError> {
    let key = cache_key(student);
    let cached = lock(replica).store().projection(&key)?;
    let offline = |cached: Option<CachedProjection>, err: SyncError| match cached {
        Some(c) => Ok(SummaryView {
            summary: parse(&c.body)?,
            fetched_at: c.fetched_at,
            offline: true,
            offline_error: Some(err.to_string()),
        }),
        None => Err(err),
    };
    let Some(api) = api else {
        return offline(cached, SyncError::NotLoggedIn);
    };
    let etag = cached.as_ref().and_then(|c| c.etag.clone());
    match api.summary(student, etag.as_deref()).await {
        Ok(Fetched::NotModified) => {
            let Some(mut c) = cached else {
                return Err(SyncError::Protocol("304 без сохранённой копии".into()));
            };
            c.fetched_at = Utc::now();
            store(replica, &key, &c)?;
            Ok(SummaryView {
                summary: parse(&c.body)?,
                fetched_at: c.fetched_at,
                offline: false,
                offline_error: None,
            })
        }
        Ok(Fetched::Fresh { etag, body }) => {
            let summary = parse(&body)?;
            let c = CachedProjection {
                etag,
                body,
                fetched_at: Utc::now(),
            };
            store(replica, &key, &c)?;
            Ok(SummaryView {
                summary,
                fetched_at: c.fetched_at,
                offline: false,
                offline_error: None,
            })
        }
        Err(e) if e.is_network() => offline(cached, e),
        Err(e) => Err(e),
    }
}

fn store(replica: &Mutex<Replica>, key: &str, c: &CachedProjection) -> Result<(), StoreError> {
    lock(replica).store().put_projection(key, c)
}
