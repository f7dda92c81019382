//! What the device shows about its connection: offline (with the last error and the next
//! retry), syncing, or synced at a time; plus changes waiting and changes refused.

use chrono::{DateTime, Utc};
use serde::Serialize;
use zvonok_core::ids::DeviceId;
use zvonok_core::rights::Role;

use crate::account::keys;
use crate::replica::{Replica, ReplicaError};
use crate::store::RejectedChange;

/// The sync state shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    /// Never synced (or never logged in).
    Never,
    /// The last attempt failed.
    Offline {
        last_error: String,
        next_retry: Option<DateTime<Utc>>,
    },
    Syncing,
    Synced {
        at: DateTime<Utc>,
    },
}

/// Who the device belongs to, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserLine {
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

/// Everything a status line needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    pub server: Option<String>,
    pub device: Option<DeviceId>,
    pub user: Option<UserLine>,
    /// False after the server refused the token: log in again.
    pub logged_in: bool,
    #[serde(flatten)]
    pub state: SyncState,
    pub last_sync: Option<DateTime<Utc>>,
    /// Local changes waiting for the server.
    pub pending: usize,
    /// Changes the server refused (kept and shown).
    pub rejected: Vec<RejectedChange>,
}

fn time_setting(r: &Replica, key: &str) -> Result<Option<DateTime<Utc>>, ReplicaError> {
    Ok(r.store()
        .setting(key)?
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc)))
}

/// The device's status as recorded in the store (never `Syncing`; the background loop sets
/// that while it runs).
pub fn status_of(r: &mut Replica) -> Result<Status, ReplicaError> {
    let last_sync = time_setting(r, keys::LAST_SYNC)?;
    let last_error = r.store().setting(keys::LAST_ERROR)?;
    let next_retry = time_setting(r, keys::NEXT_RETRY)?;
    let state = match (last_error, last_sync) {
        (Some(e), _) => SyncState::Offline {
            last_error: e,
            next_retry,
        },
        (None, Some(at)) => SyncState::Synced { at },
        (None, None) => SyncState::Never,
    };
    let creds = r.credentials();
    Ok(Status {
        server: creds.map(|c| c.server.clone()),
        device: creds.map(|c| c.device),
        user: creds.map(|c| UserLine {
            login: c.user.login.clone(),
            display_name: c.user.display_name.clone(),
            roles: c.user.roles.clone(),
        }),
        logged_in: creds.is_some_and(|c| c.has_token()),
        state,
        last_sync,
        pending: r.pending_count()?,
        rejected: r.rejected()?,
    })
}
