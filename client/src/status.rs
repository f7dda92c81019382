//! What the device shows about its connection: offline (with the last error and the next
//! retry), syncing, or synced at a time; plus changes waiting and changes refused.

use chrono::{DateTime, Utc};

use crate::account::keys;
use crate::replica::{Replica, ReplicaError};

pub use zvonok_core::views::status::{Status, SyncState, UserLine};

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
