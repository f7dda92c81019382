//! What the device shows about itself: the sync status line, refused changes, and a cached
//! summary with its age. Built by the client; deserialized by the UI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{DeviceId, DocId};
use crate::projection::StudentSummary;
use crate::rights::Role;

/// The sync state shown to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    /// Never synced (or never logged in).
    Never,
    /// The last attempt failed.
    Offline {
        last_error: String,
        next_retry: Option<DateTime<Utc>>,
    },
    Syncing {
        /// How far a long sync (the first one, a day of other people's work) has got; absent
        /// while there is nothing worth counting.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        progress: Option<SyncProgress>,
    },
    Synced {
        at: DateTime<Utc>,
    },
}

/// Documents of the current round of a long sync handled so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub done: u32,
    pub total: u32,
}

/// Who the device belongs to, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLine {
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

/// Everything a status line needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// A change the server refused, kept so that the user sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedChange {
    pub doc: DocId,
    /// Hex change hash.
    pub hash: String,
    /// The server's reason (Russian).
    pub reason: String,
    /// What the change was, e.g. «Отметка 5 — Иванов Иван, 12.10, журнал 5Б · Математика».
    pub description: String,
    pub at: DateTime<Utc>,
}

/// A summary and how current it is.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SummaryView {
    pub summary: StudentSummary,
    /// When the server last confirmed this data.
    pub fetched_at: DateTime<Utc>,
    /// True when the server could not be reached and this is the cached copy.
    pub offline: bool,
    /// Why the server could not be reached.
    pub offline_error: Option<String>,
}

/// The answer to a write: it is durable where it was made; `pending` changes still wait for
/// the server (always 0 when the server itself made the write).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub pending: usize,
}

/// A remembered sign-in: which server and which user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub server: String,
    pub user: crate::wire::UserInfo,
}
