//! Wire formats shared by the client and the server: the binary batched sync body of
//! `POST /v1/sync` and the JSON bodies of the other endpoints. Versioned; decoding never
//! panics and rejects anything malformed with a reason.

mod audit;
pub use audit::*;
mod calendar_feed;
pub use calendar_feed::*;
mod issue;
pub mod setup;
pub use issue::*;
mod off_timetable;
pub use off_timetable::*;
mod people;
pub use people::*;
mod periods;
pub use periods::*;
mod report_jobs;
pub use report_jobs::*;
mod reports;
pub use reports::*;
mod rights;
pub use rights::*;
mod rollout;
pub use rollout::*;
mod timetable;
pub use timetable::*;
mod timetable_import;
pub use timetable_import::*;
mod year_close;
pub use year_close::*;

use automerge::ChangeHash;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::doc::DocKind;
use crate::ids::*;
use crate::rights::{Grant, Role};

/// The sync body's magic and current version.
pub const SYNC_MAGIC: &[u8; 3] = b"ZVK";
pub const SYNC_VERSION: u8 = 1;
/// Content type of sync bodies.
pub const SYNC_CONTENT_TYPE: &str = "application/x-zvonok-sync";
/// Most documents one sync request may carry.
pub const MAX_DOCS_PER_SYNC: usize = 20_000;
/// Largest single Automerge sync message accepted.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum WireError {
    #[error("тело запроса синхронизации обрезано ({0})")]
    Truncated(&'static str),
    #[error("это не тело синхронизации Zvonok")]
    BadMagic,
    #[error("версия протокола синхронизации {0} не поддерживается; обновите приложение")]
    BadVersion(u8),
    #[error("слишком много документов в одном запросе: {0}")]
    TooManyDocs(usize),
    #[error("сообщение синхронизации слишком большое: {0} байт")]
    MessageTooLarge(usize),
    #[error("неверный вид документа: {0}")]
    BadKind(u8),
    #[error("неверная строка: {0}")]
    BadText(&'static str),
    #[error("лишние байты в конце тела")]
    Trailing,
}

/// One document's part of a sync request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncEntry {
    pub doc: DocId,
    /// The sender's current heads of the document (empty if it has nothing yet).
    pub heads: Vec<ChangeHash>,
    /// An encoded `automerge::sync::Message`, if the sender has something to say.
    pub message: Option<Vec<u8>>,
}

/// `POST /v1/sync` request: the device's documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncRequest {
    pub entries: Vec<SyncEntry>,
}

/// One document's part of a sync response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncReply {
    pub doc: DocId,
    pub kind: DocKind,
    pub heads: Vec<ChangeHash>,
    pub message: Option<Vec<u8>>,
}

/// A change the server refused to keep, and why (Russian, shown to the user).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub doc: DocId,
    pub hash: ChangeHash,
    pub reason: String,
}

/// `POST /v1/sync` response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncResponse {
    pub replies: Vec<SyncReply>,
    pub rejections: Vec<Rejection>,
    /// Documents the device holds but may no longer read: it should drop them.
    pub revoked: Vec<DocId>,
}

fn kind_code(k: DocKind) -> u8 {
    match k {
        DocKind::School => 1,
        DocKind::Roster => 2,
        DocKind::Timetable => 3,
        DocKind::Journal => 4,
        DocKind::Personal => 5,
        DocKind::Movement => 6,
    }
}

fn kind_from(c: u8) -> Result<DocKind, WireError> {
    Ok(match c {
        1 => DocKind::School,
        2 => DocKind::Roster,
        3 => DocKind::Timetable,
        4 => DocKind::Journal,
        5 => DocKind::Personal,
        6 => DocKind::Movement,
        other => return Err(WireError::BadKind(other)),
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn new() -> Self {
        let mut v = Vec::with_capacity(256);
        v.extend_from_slice(SYNC_MAGIC);
        v.push(SYNC_VERSION);
        Writer(v)
    }
    fn u8(&mut self, x: u8) {
        self.0.push(x);
    }
    fn u16(&mut self, x: u16) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn id(&mut self, d: DocId) {
        self.0.extend_from_slice(d.as_bytes());
    }
    fn heads(&mut self, h: &[ChangeHash]) {
        self.u16(h.len().min(u16::MAX as usize) as u16);
        for x in h.iter().take(u16::MAX as usize) {
            self.0.extend_from_slice(&x.0);
        }
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.0.extend_from_slice(b);
    }
    fn opt(&mut self, b: &Option<Vec<u8>>) {
        match b {
            Some(b) => {
                self.u8(1);
                self.bytes(b);
            }
            None => self.u8(0),
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], WireError> {
        if self.0.len() < n {
            return Err(WireError::Truncated(what));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self, what: &'static str) -> Result<u8, WireError> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &'static str) -> Result<u16, WireError> {
        let b = self.take(2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, WireError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn id(&mut self) -> Result<DocId, WireError> {
        let b = self.take(16, "идентификатор документа")?;
        let mut a = [0u8; 16];
        a.copy_from_slice(b);
        Ok(DocId::from_bytes(a))
    }
    fn hash(&mut self) -> Result<ChangeHash, WireError> {
        let b = self.take(32, "хеш изменения")?;
        let mut a = [0u8; 32];
        a.copy_from_slice(b);
        Ok(ChangeHash(a))
    }
    fn heads(&mut self) -> Result<Vec<ChangeHash>, WireError> {
        let n = self.u16("число голов")? as usize;
        if self.0.len() < n * 32 {
            return Err(WireError::Truncated("головы документа"));
        }
        (0..n).map(|_| self.hash()).collect()
    }
    fn bytes(&mut self) -> Result<Vec<u8>, WireError> {
        let n = self.u32("длина сообщения")? as usize;
        if n > MAX_MESSAGE_BYTES {
            return Err(WireError::MessageTooLarge(n));
        }
        Ok(self.take(n, "сообщение")?.to_vec())
    }
    fn opt(&mut self) -> Result<Option<Vec<u8>>, WireError> {
        match self.u8("флаг сообщения")? {
            0 => Ok(None),
            _ => Ok(Some(self.bytes()?)),
        }
    }
    fn count(&mut self, what: &'static str) -> Result<usize, WireError> {
        let n = self.u32(what)? as usize;
        if n > MAX_DOCS_PER_SYNC {
            return Err(WireError::TooManyDocs(n));
        }
        Ok(n)
    }
    fn header(&mut self) -> Result<(), WireError> {
        if self.take(3, "заголовок")? != SYNC_MAGIC {
            return Err(WireError::BadMagic);
        }
        match self.u8("версия")? {
            SYNC_VERSION => Ok(()),
            v => Err(WireError::BadVersion(v)),
        }
    }
    fn end(&self) -> Result<(), WireError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(WireError::Trailing)
        }
    }
}

impl SyncRequest {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u32(self.entries.len() as u32);
        for e in &self.entries {
            w.id(e.doc);
            w.heads(&e.heads);
            w.opt(&e.message);
        }
        w.0
    }

    pub fn decode(input: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader(input);
        r.header()?;
        let n = r.count("число документов")?;
        let mut entries = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            entries.push(SyncEntry {
                doc: r.id()?,
                heads: r.heads()?,
                message: r.opt()?,
            });
        }
        r.end()?;
        Ok(SyncRequest { entries })
    }
}

impl SyncResponse {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u32(self.replies.len() as u32);
        for e in &self.replies {
            w.id(e.doc);
            w.u8(kind_code(e.kind));
            w.heads(&e.heads);
            w.opt(&e.message);
        }
        w.u32(self.rejections.len() as u32);
        for rj in &self.rejections {
            w.id(rj.doc);
            w.0.extend_from_slice(&rj.hash.0);
            w.bytes(rj.reason.as_bytes());
        }
        w.u32(self.revoked.len() as u32);
        for d in &self.revoked {
            w.id(*d);
        }
        w.0
    }

    pub fn decode(input: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader(input);
        r.header()?;
        let mut out = SyncResponse::default();
        for _ in 0..r.count("число ответов")? {
            out.replies.push(SyncReply {
                doc: r.id()?,
                kind: kind_from(r.u8("вид документа")?)?,
                heads: r.heads()?,
                message: r.opt()?,
            });
        }
        for _ in 0..r.count("число отказов")? {
            let doc = r.id()?;
            let hash = r.hash()?;
            let reason =
                String::from_utf8(r.bytes()?).map_err(|_| WireError::BadText("причина"))?;
            out.rejections.push(Rejection { doc, hash, reason });
        }
        for _ in 0..r.count("число отозванных")? {
            out.revoked.push(r.id()?);
        }
        r.end()?;
        Ok(out)
    }
}

/// `POST /v1/login` body.
/// `POST /v1/me/password`: the signed-in user replaces their password (e.g. the one-time
/// password of a first start or of a reset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current: String,
    pub new: String,
}

/// The shortest password the server accepts, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
    /// A human name for the device («Планшет, кабинет 12»).
    #[serde(default)]
    pub device_name: String,
}

/// Who a user is, as the server tells a device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub staff: Option<StaffId>,
    pub guardian: Option<GuardianId>,
    pub student: Option<StudentId>,
    /// Grants on top of the roles' defaults (the device checks rights with them too).
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// Students this user may see a summary of as a parent or student (empty for staff).
    #[serde(default)]
    pub children: Vec<ChildInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildInfo {
    pub id: StudentId,
    pub name: String,
    pub class_name: String,
}

/// `POST /v1/login` response.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoginResponse {
    /// The device token: sent as `Authorization: Bearer <token>`. The server keeps only its hash.
    pub token: String,
    pub device: DeviceId,
    /// The Automerge actor id (hex) every change of this device must carry.
    pub actor: String,
    pub user: UserInfo,
}

/// One entry of `GET /v1/docs`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocInfo {
    pub id: DocId,
    pub kind: DocKind,
    pub title: String,
    /// Hex change hashes.
    pub heads: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocsResponse {
    pub docs: Vec<DocInfo>,
}

/// One account as the coordinator's list shows it (`GET /v1/web/accounts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Sign-ins within the window asked for.
    pub sign_ins: u64,
    /// The last sign-in within the window.
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
    /// Devices not revoked.
    pub devices: u32,
    /// The latest contact of any of the user's devices.
    pub last_seen: Option<chrono::DateTime<chrono::Utc>>,
}

/// `GET /v1/web/accounts?days=N`: every account with its visits in the last `days` days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsResponse {
    pub days: u32,
    pub accounts: Vec<AccountInfo>,
    /// Accounts that signed in at least once within the window.
    pub signed_in: u32,
    /// Sign-ins within the window, all accounts.
    pub sign_ins: u64,
}

/// `POST /v1/web/accounts/{user}/password`: a new one-time password, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub login: String,
    pub password: String,
}

/// One device of a user, as `GET /v1/devices` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub id: DeviceId,
    pub user: UserId,
    pub name: String,
    pub created: chrono::DateTime<chrono::Utc>,
    pub last_seen: chrono::DateTime<chrono::Utc>,
    pub revoked: Option<chrono::DateTime<chrono::Utc>>,
    /// Is this the device making the request?
    pub current: bool,
}

/// `GET /v1/devices` response.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DevicesResponse {
    pub devices: Vec<DeviceInfo>,
}

/// The JSON error body of every non-2xx answer. `error` is Russian and says what to do.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub code: String,
    /// The incident id of an internal error (the same id is in the server's log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
}

pub fn heads_to_hex(h: &[ChangeHash]) -> Vec<String> {
    h.iter().map(|x| x.to_string()).collect()
}

pub fn heads_from_hex(h: &[String]) -> Option<Vec<ChangeHash>> {
    h.iter().map(|s| s.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_roundtrip_and_garbage() {
        let req = SyncRequest {
            entries: vec![
                SyncEntry {
                    doc: DocId::new(),
                    heads: vec![ChangeHash([7; 32])],
                    message: Some(vec![1, 2, 3]),
                },
                SyncEntry {
                    doc: DocId::new(),
                    heads: vec![],
                    message: None,
                },
            ],
        };
        let bytes = req.encode();
        assert_eq!(SyncRequest::decode(&bytes).unwrap(), req);
        for cut in 0..bytes.len() {
            assert!(SyncRequest::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert_eq!(SyncRequest::decode(&extra), Err(WireError::Trailing));
        assert_eq!(
            SyncRequest::decode(b"GET / HTTP/1.1"),
            Err(WireError::BadMagic)
        );
        assert_eq!(
            SyncRequest::decode(b"ZVK\x09"),
            Err(WireError::BadVersion(9))
        );
        let mut huge = b"ZVK\x01".to_vec();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            SyncRequest::decode(&huge),
            Err(WireError::TooManyDocs(_))
        ));
    }

    #[test]
    fn response_roundtrip() {
        let resp = SyncResponse {
            replies: vec![SyncReply {
                doc: DocId::new(),
                kind: DocKind::Journal,
                heads: vec![ChangeHash([1; 32]), ChangeHash([2; 32])],
                message: Some(vec![9; 40]),
            }],
            rejections: vec![Rejection {
                doc: DocId::new(),
                hash: ChangeHash([3; 32]),
                reason: "Нет прав: журнал другого учителя".into(),
            }],
            revoked: vec![DocId::new()],
        };
        let bytes = resp.encode();
        assert_eq!(SyncResponse::decode(&bytes).unwrap(), resp);
        assert!(SyncResponse::decode(&bytes[..bytes.len() - 1]).is_err());
    }
}
