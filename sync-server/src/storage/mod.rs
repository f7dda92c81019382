//! Persistent state of the server behind one backend-neutral trait: users, devices, documents
//! (snapshot + append-only change log), per-device sync states, the audit log and login
//! statistics. The SQLite backend lives in [`sqlite`]; every backend must pass
//! [`suite::storage_suite`].
//!
//! The trait is synchronous: callers run it inside `tokio::task::spawn_blocking` (or directly
//! for tiny queries). Records are plain data; nothing here knows about HTTP or Automerge
//! internals beyond change hashes.

pub mod sqlite;
pub mod suite;

use automerge::ChangeHash;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{
    CalendarFeedId, ClassId, DeviceId, DocId, PeriodId, StudentId, SubjectId, UserId, YearId,
};
use zvonok_core::rights::{Cohort, Principal};
use zvonok_core::wire::FeedTarget;

#[derive(Debug, Error)]
pub enum StorageError {
    #[error("ошибка базы данных: {0}")]
    Backend(String),
    #[error("запись уже существует: {0}")]
    Duplicate(String),
    #[error("запись не найдена: {0}")]
    NotFound(String),
    #[error("данные в базе повреждены: {0}")]
    Corrupt(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// A user account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub principal: Principal,
}

/// A registered device of a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: DeviceId,
    pub user: UserId,
    pub name: String,
    /// SHA-256 of the bearer token, lower-case hex.
    pub token_hash: String,
    /// The Automerge actor id every change of this device must carry (hex).
    pub actor: String,
    pub created: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub revoked: Option<DateTime<Utc>>,
}

/// A calendar feed: a subscribable link of one user to the lessons of one target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRecord {
    pub id: CalendarFeedId,
    /// The owner: whose rights are checked on every fetch.
    pub user: UserId,
    pub target: FeedTarget,
    /// SHA-256 of the link's token, lower-case hex.
    pub token_hash: String,
    pub created: DateTime<Utc>,
    pub revoked: Option<DateTime<Utc>>,
}

/// The last closing or reopening of a study period: whether it is closed, by whom and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodStateRecord {
    pub period: PeriodId,
    pub closed: bool,
    pub user: UserId,
    pub at: DateTime<Utc>,
}

/// What rights need to know about a document without loading it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ClassId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort: Option<Cohort>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<YearId>,
}

/// A document's row: identity, kind, title, rights metadata and current heads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRecord {
    pub id: DocId,
    pub kind: DocKind,
    pub title: String,
    pub meta: DocMeta,
    pub heads: Vec<ChangeHash>,
}

/// A new document: its row and its first snapshot (`AutoCommit::save`).
#[derive(Clone, Debug)]
pub struct NewDoc {
    pub record: DocRecord,
    pub snapshot: Vec<u8>,
}

/// Everything needed to rebuild a document: the latest snapshot and the change rows after it,
/// in append order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredDoc {
    pub snapshot: Option<Vec<u8>>,
    pub changes: Vec<Vec<u8>>,
}

/// Sign-ins of one user in a time window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginStat {
    pub user: UserId,
    pub count: u64,
    pub last: DateTime<Utc>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub user: Option<UserId>,
    pub device: Option<DeviceId>,
    pub doc: Option<DocId>,
    /// A short machine name: `locked_period_edit`, `change_rejected`, `device_revoked` …
    pub action: String,
    /// Free text for people (Russian).
    pub detail: String,
}

/// What an audit line is about, so that the log can be filtered by student and class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AuditSubject {
    pub student: Option<StudentId>,
    pub class: Option<ClassId>,
}

/// A stored audit line with its position in the log (larger is newer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub entry: AuditEntry,
    pub subject: AuditSubject,
}

/// Which audit lines to read: every given condition must hold. Newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Strictly before.
    pub to: Option<DateTime<Utc>>,
    /// Any of these actions (empty: any action).
    pub actions: Vec<String>,
    pub user: Option<UserId>,
    pub student: Option<StudentId>,
    pub class: Option<ClassId>,
    /// Only lines older than this position (the next page).
    pub before: Option<i64>,
    pub limit: usize,
}

/// The storage backend. Every method is one unit of work: it either happens entirely or not
/// at all.
pub trait Storage: Send + Sync {
    // ---- users ----
    /// Creates users in one transaction; a duplicate login or id fails the whole batch.
    fn create_users(&self, users: &[UserRecord]) -> StorageResult<()>;
    fn user(&self, id: UserId) -> StorageResult<Option<UserRecord>>;
    fn user_by_login(&self, login: &str) -> StorageResult<Option<UserRecord>>;
    fn count_users(&self) -> StorageResult<u64>;
    /// Every account, ordered by login.
    fn users(&self) -> StorageResult<Vec<UserRecord>>;
    fn set_password_hash(&self, id: UserId, hash: &str) -> StorageResult<()>;
    /// Replaces the user's roles, grants and links (`principal.user` must be `user`). Takes
    /// effect on the user's next request: nothing caches principals.
    fn set_principal(&self, user: UserId, principal: &Principal) -> StorageResult<()>;

    // ---- devices ----
    fn create_device(&self, device: &DeviceRecord) -> StorageResult<()>;
    fn device(&self, id: DeviceId) -> StorageResult<Option<DeviceRecord>>;
    fn device_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<DeviceRecord>>;
    fn devices_of(&self, user: UserId) -> StorageResult<Vec<DeviceRecord>>;
    fn touch_device(&self, id: DeviceId, at: DateTime<Utc>) -> StorageResult<()>;
    /// Marks a device revoked; `false` if it was unknown or already revoked.
    fn revoke_device(&self, id: DeviceId, at: DateTime<Utc>) -> StorageResult<bool>;

    // ---- signing out an account's devices (password change or reset) ----
    /// Revokes every device of `user` that is not revoked yet, except `keep`; returns how many.
    fn revoke_devices_of(
        &self,
        user: UserId,
        keep: Option<DeviceId>,
        at: DateTime<Utc>,
    ) -> StorageResult<u64>;

    // ---- login statistics ----
    fn record_login(&self, user: UserId, device: DeviceId, at: DateTime<Utc>) -> StorageResult<()>;
    /// Number of successful logins at or after `since`.
    fn count_logins_since(&self, since: DateTime<Utc>) -> StorageResult<u64>;
    /// Per user who signed in at or after `since`: how many times and when last.
    fn login_stats_since(&self, since: DateTime<Utc>) -> StorageResult<Vec<LoginStat>>;

    // ---- documents ----
    /// Creates documents with their first snapshot, in one transaction.
    fn create_docs(&self, docs: &[NewDoc]) -> StorageResult<()>;
    fn doc(&self, id: DocId) -> StorageResult<Option<DocRecord>>;
    fn docs(&self) -> StorageResult<Vec<DocRecord>>;
    fn load_doc(&self, id: DocId) -> StorageResult<Option<StoredDoc>>;
    /// Appends change rows (raw change bytes) and sets the new heads, atomically. Returns the
    /// number of change rows now stored after the snapshot.
    fn append_changes(
        &self,
        id: DocId,
        changes: &[Vec<u8>],
        heads: &[ChangeHash],
    ) -> StorageResult<u64>;
    /// Replaces the snapshot with `snapshot` (which includes every stored change) and drops
    /// the change rows it covers.
    fn compact(&self, id: DocId, snapshot: &[u8], heads: &[ChangeHash]) -> StorageResult<()>;

    // ---- sync states (persisted part of `automerge::sync::State`) ----
    fn sync_state(&self, device: DeviceId, doc: DocId) -> StorageResult<Option<Vec<u8>>>;
    /// Stores several states of one device in one transaction.
    fn put_sync_states(&self, device: DeviceId, states: &[(DocId, Vec<u8>)]) -> StorageResult<()>;
    fn delete_sync_state(&self, device: DeviceId, doc: DocId) -> StorageResult<()>;

    // ---- audit ----
    fn audit(&self, entry: &AuditEntry) -> StorageResult<()>;
    /// The newest `limit` entries, newest first.
    fn audit_log(&self, limit: usize) -> StorageResult<Vec<AuditEntry>>;
    /// Adds lines about students or classes, in one transaction.
    fn audit_about(&self, lines: &[(AuditEntry, AuditSubject)]) -> StorageResult<()>;
    /// The lines `filter` selects, newest first, at most `filter.limit`.
    fn audit_query(&self, filter: &AuditFilter) -> StorageResult<Vec<AuditRecord>>;
    /// Every user who has a line in the log.
    fn audit_authors(&self) -> StorageResult<Vec<UserId>>;

    // ---- calendar feeds ----
    /// Stores a new feed and, in the same transaction, revokes (at `feed.created`) every
    /// live feed of the same user and target; returns the ids revoked.
    fn create_feed(&self, feed: &FeedRecord) -> StorageResult<Vec<CalendarFeedId>>;
    fn feed(&self, id: CalendarFeedId) -> StorageResult<Option<FeedRecord>>;
    /// The feed of a token's hash, revoked or not.
    fn feed_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<FeedRecord>>;
    /// The user's feeds that are not revoked, oldest first.
    fn live_feeds_of(&self, user: UserId) -> StorageResult<Vec<FeedRecord>>;
    /// Marks a feed revoked; `false` if it was unknown or already revoked.
    fn revoke_feed(&self, id: CalendarFeedId, at: DateTime<Utc>) -> StorageResult<bool>;

    // ---- study periods ----
    /// Records a period closed or reopened (one row per period: the last of them).
    fn set_period_state(&self, state: &PeriodStateRecord) -> StorageResult<()>;
    /// Every period ever closed, with its last state.
    fn period_states(&self) -> StorageResult<Vec<PeriodStateRecord>>;
}

/// Encodes heads as concatenated 32-byte hashes (the form every backend stores).
pub fn heads_to_bytes(heads: &[ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.0).collect()
}

pub fn heads_from_bytes(bytes: &[u8]) -> StorageResult<Vec<ChangeHash>> {
    if !bytes.len().is_multiple_of(32) {
        return Err(StorageError::Corrupt(format!(
            "головы документа: {} байт",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut a = [0u8; 32];
            a.copy_from_slice(c);
            ChangeHash(a)
        })
        .collect())
}
