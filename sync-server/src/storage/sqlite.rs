//! The embedded storage backend: one SQLite file in WAL mode behind a mutex.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use automerge::ChangeHash;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{CalendarFeedId, DeviceId, DocId, UserId};

use super::*;

mod feeds;
mod periods;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    principal TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    actor TEXT NOT NULL,
    created TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    revoked TEXT
);
CREATE INDEX IF NOT EXISTS devices_user ON devices(user_id);
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    meta TEXT NOT NULL,
    heads BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
    doc TEXT PRIMARY KEY REFERENCES docs(id),
    bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    doc TEXT NOT NULL REFERENCES docs(id),
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS sync_states (
    device TEXT NOT NULL,
    doc TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (device, doc)
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT,
    device TEXT,
    doc TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS logins (
    user_id TEXT NOT NULL,
    device TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS logins_at ON logins(at);
";

/// Columns added to `audit` after the first release (what a line is about); old rows keep
/// NULL there.
const AUDIT_COLUMNS: [&str; 2] = ["student", "class"];

/// Brings an older database up to [`SCHEMA`]: adds the columns it lacks, keeping every row.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let mut have: Vec<String> = Vec::new();
    {
        let mut st = conn.prepare("PRAGMA table_info(audit)")?;
        let names = st.query_map([], |r| r.get::<_, String>(1))?;
        for n in names {
            have.push(n?);
        }
    }
    for col in AUDIT_COLUMNS {
        if !have.iter().any(|h| h == col) {
            conn.execute_batch(&format!("ALTER TABLE audit ADD COLUMN {col} TEXT"))?;
        }
    }
    conn.execute_batch(
        "CREATE INDEX IF NOT EXISTS audit_student ON audit(student, seq);
         CREATE INDEX IF NOT EXISTS audit_class ON audit(class, seq);
         CREATE INDEX IF NOT EXISTS audit_user ON audit(user_id, seq);",
    )?;
    feeds::migrate(conn)?;
    periods::migrate(conn)
}

/// SQLite storage. One connection guarded by a mutex: SQLite serialises writers anyway.
pub struct SqliteStorage {
    conn: Mutex<Connection>,
    /// The `docs` table as last read, kept current by every write to it (this process is the
    /// only writer of an embedded database). Every sync request reads the whole table; this
    /// answers it without SQLite. Lock order: `conn`, then `docs`.
    docs: Mutex<Option<Vec<DocRecord>>>,
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            if f.code == rusqlite::ErrorCode::ConstraintViolation {
                return StorageError::Duplicate(msg.clone().unwrap_or_else(|| e.to_string()));
            }
        }
        StorageError::Backend(e.to_string())
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn parse_id<T: std::str::FromStr>(s: &str) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    s.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn corrupt<E: std::error::Error + Send + Sync + 'static>(e: E) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

fn corrupt_text(what: String) -> rusqlite::Error {
    corrupt(StorageError::Corrupt(what))
}

fn user_row(r: &Row<'_>) -> rusqlite::Result<UserRecord> {
    let principal: String = r.get(4)?;
    Ok(UserRecord {
        id: parse_id(&r.get::<_, String>(0)?)?,
        login: r.get(1)?,
        display_name: r.get(2)?,
        password_hash: r.get(3)?,
        principal: serde_json::from_str(&principal).map_err(corrupt)?,
    })
}

fn device_row(r: &Row<'_>) -> rusqlite::Result<DeviceRecord> {
    let revoked: Option<String> = r.get(7)?;
    Ok(DeviceRecord {
        id: parse_id(&r.get::<_, String>(0)?)?,
        user: parse_id(&r.get::<_, String>(1)?)?,
        name: r.get(2)?,
        token_hash: r.get(3)?,
        actor: r.get(4)?,
        created: parse_ts(&r.get::<_, String>(5)?)?,
        last_seen: parse_ts(&r.get::<_, String>(6)?)?,
        revoked: revoked.as_deref().map(parse_ts).transpose()?,
    })
}

fn doc_row(r: &Row<'_>) -> rusqlite::Result<DocRecord> {
    let kind: String = r.get(1)?;
    let meta: String = r.get(3)?;
    let heads: Vec<u8> = r.get(4)?;
    Ok(DocRecord {
        id: parse_id(&r.get::<_, String>(0)?)?,
        kind: kind.parse::<DocKind>().map_err(corrupt)?,
        title: r.get(2)?,
        meta: serde_json::from_str(&meta).map_err(corrupt)?,
        heads: heads_from_bytes(&heads).map_err(corrupt)?,
    })
}

fn audit_record(r: &Row<'_>) -> rusqlite::Result<AuditRecord> {
    let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    Ok(AuditRecord {
        seq: r.get(6)?,
        entry: audit_row(r)?,
        subject: AuditSubject {
            student: opt(7)?.as_deref().map(parse_id).transpose()?,
            class: opt(8)?.as_deref().map(parse_id).transpose()?,
        },
    })
}

fn audit_row(r: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    Ok(AuditEntry {
        at: parse_ts(&r.get::<_, String>(0)?)?,
        user: opt(1)?.as_deref().map(parse_id).transpose()?,
        device: opt(2)?.as_deref().map(parse_id).transpose()?,
        doc: opt(3)?.as_deref().map(parse_id).transpose()?,
        action: r.get(4)?,
        detail: r.get(5)?,
    })
}

const USER_COLS: &str = "id, login, display_name, password_hash, principal";
const DEVICE_COLS: &str = "id, user_id, name, token_hash, actor, created, last_seen, revoked";
const DOC_COLS: &str = "id, kind, title, meta, heads";

impl SqliteStorage {
    /// Opens (or creates) the database file and its schema.
    pub fn open(path: &Path) -> StorageResult<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        migrate(&conn)?;
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
            docs: Mutex::new(None),
        })
    }

    /// A database that lives only in memory (tests and benches).
    pub fn in_memory() -> StorageResult<Self> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        migrate(&conn)?;
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
            docs: Mutex::new(None),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable: SQLite rolls back.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn docs_cache(&self) -> MutexGuard<'_, Option<Vec<DocRecord>>> {
        self.docs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// After a committed change of a document's heads (call with the connection locked).
    fn cached_heads(&self, id: DocId, heads: &[ChangeHash]) {
        let mut cache = self.docs_cache();
        let found = cache
            .as_mut()
            .map(|docs| docs.iter_mut().find(|d| d.id == id));
        match found {
            Some(Some(d)) => d.heads = heads.to_vec(),
            Some(None) => *cache = None,
            None => {}
        }
    }
}

impl Storage for SqliteStorage {
    fn create_users(&self, users: &[UserRecord]) -> StorageResult<()> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO users (id, login, display_name, password_hash, principal) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for u in users {
                let principal = serde_json::to_string(&u.principal)
                    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                st.execute(params![
                    u.id.to_string(),
                    u.login,
                    u.display_name,
                    u.password_hash,
                    principal
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn user(&self, id: UserId) -> StorageResult<Option<UserRecord>> {
        let c = self.conn();
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = ?1");
        Ok(c.query_row(&sql, [id.to_string()], user_row).optional()?)
    }

    fn user_by_login(&self, login: &str) -> StorageResult<Option<UserRecord>> {
        let c = self.conn();
        let sql = format!("SELECT {USER_COLS} FROM users WHERE login = ?1");
        Ok(c.query_row(&sql, [login], user_row).optional()?)
    }

    fn count_users(&self) -> StorageResult<u64> {
        let c = self.conn();
        let n: i64 = c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn users(&self) -> StorageResult<Vec<UserRecord>> {
        let c = self.conn();
        let sql = format!("SELECT {USER_COLS} FROM users ORDER BY login");
        let mut st = c.prepare(&sql)?;
        let rows = st.query_map([], user_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn set_password_hash(&self, id: UserId, hash: &str) -> StorageResult<()> {
        let c = self.conn();
        let n = c.execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id.to_string(), hash],
        )?;
        if n == 0 {
            return Err(StorageError::NotFound(format!("пользователь {id}")));
        }
        Ok(())
    }

    fn set_principal(&self, user: UserId, principal: &Principal) -> StorageResult<()> {
        if principal.user != user {
            return Err(StorageError::Corrupt(format!(
                "права пользователя {} записываются пользователю {user}",
                principal.user
            )));
        }
        let json =
            serde_json::to_string(principal).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let c = self.conn();
        let n = c.execute(
            "UPDATE users SET principal = ?2 WHERE id = ?1",
            params![user.to_string(), json],
        )?;
        if n == 0 {
            return Err(StorageError::NotFound(format!("пользователь {user}")));
        }
        Ok(())
    }

    fn create_device(&self, d: &DeviceRecord) -> StorageResult<()> {
        let c = self.conn();
        c.execute(
            "INSERT INTO devices (id, user_id, name, token_hash, actor, created, last_seen, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                d.id.to_string(),
                d.user.to_string(),
                d.name,
                d.token_hash,
                d.actor,
                ts(d.created),
                ts(d.last_seen),
                d.revoked.map(ts)
            ],
        )?;
        Ok(())
    }

    fn device(&self, id: DeviceId) -> StorageResult<Option<DeviceRecord>> {
        let c = self.conn();
        let sql = format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1");
        Ok(c.query_row(&sql, [id.to_string()], device_row).optional()?)
    }

    fn device_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<DeviceRecord>> {
        let c = self.conn();
        let sql = format!("SELECT {DEVICE_COLS} FROM devices WHERE token_hash = ?1");
        Ok(c.query_row(&sql, [token_hash], device_row).optional()?)
    }

    fn devices_of(&self, user: UserId) -> StorageResult<Vec<DeviceRecord>> {
        let c = self.conn();
        let sql =
            format!("SELECT {DEVICE_COLS} FROM devices WHERE user_id = ?1 ORDER BY created, id");
        let mut st = c.prepare(&sql)?;
        let rows = st.query_map([user.to_string()], device_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn touch_device(&self, id: DeviceId, at: DateTime<Utc>) -> StorageResult<()> {
        let c = self.conn();
        c.execute(
            "UPDATE devices SET last_seen = ?2 WHERE id = ?1",
            params![id.to_string(), ts(at)],
        )?;
        Ok(())
    }

    fn revoke_device(&self, id: DeviceId, at: DateTime<Utc>) -> StorageResult<bool> {
        let c = self.conn();
        let n = c.execute(
            "UPDATE devices SET revoked = ?2 WHERE id = ?1 AND revoked IS NULL",
            params![id.to_string(), ts(at)],
        )?;
        Ok(n > 0)
    }

    fn revoke_devices_of(
        &self,
        user: UserId,
        keep: Option<DeviceId>,
        at: DateTime<Utc>,
    ) -> StorageResult<u64> {
        let c = self.conn();
        let keep = keep.map(|d| d.to_string()).unwrap_or_default();
        let n = c.execute(
            "UPDATE devices SET revoked = ?3 WHERE user_id = ?1 AND id <> ?2 AND revoked IS NULL",
            params![user.to_string(), keep, ts(at)],
        )?;
        Ok(n as u64)
    }

    fn record_login(&self, user: UserId, device: DeviceId, at: DateTime<Utc>) -> StorageResult<()> {
        let c = self.conn();
        c.execute(
            "INSERT INTO logins (user_id, device, at) VALUES (?1, ?2, ?3)",
            params![user.to_string(), device.to_string(), ts(at)],
        )?;
        Ok(())
    }

    fn count_logins_since(&self, since: DateTime<Utc>) -> StorageResult<u64> {
        let c = self.conn();
        let n: i64 = c.query_row(
            "SELECT COUNT(*) FROM logins WHERE at >= ?1",
            [ts(since)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn login_stats_since(&self, since: DateTime<Utc>) -> StorageResult<Vec<LoginStat>> {
        let c = self.conn();
        let mut st = c.prepare(
            "SELECT user_id, COUNT(*), MAX(at) FROM logins WHERE at >= ?1 GROUP BY user_id ORDER BY user_id",
        )?;
        let rows = st.query_map([ts(since)], |r| {
            Ok(LoginStat {
                user: parse_id(&r.get::<_, String>(0)?)?,
                count: r.get::<_, i64>(1)? as u64,
                last: parse_ts(&r.get::<_, String>(2)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn create_docs(&self, docs: &[NewDoc]) -> StorageResult<()> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        {
            let mut d = tx.prepare_cached(
                "INSERT INTO docs (id, kind, title, meta, heads) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut s = tx.prepare_cached("INSERT INTO snapshots (doc, bytes) VALUES (?1, ?2)")?;
            for nd in docs {
                let r = &nd.record;
                let meta = serde_json::to_string(&r.meta)
                    .map_err(|e| StorageError::Corrupt(e.to_string()))?;
                d.execute(params![
                    r.id.to_string(),
                    r.kind.as_str(),
                    r.title,
                    meta,
                    heads_to_bytes(&r.heads)
                ])?;
                s.execute(params![r.id.to_string(), nd.snapshot])?;
            }
        }
        tx.commit()?;
        *self.docs_cache() = None;
        Ok(())
    }

    fn doc(&self, id: DocId) -> StorageResult<Option<DocRecord>> {
        let c = self.conn();
        let sql = format!("SELECT {DOC_COLS} FROM docs WHERE id = ?1");
        Ok(c.query_row(&sql, [id.to_string()], doc_row).optional()?)
    }

    fn docs(&self) -> StorageResult<Vec<DocRecord>> {
        if let Some(docs) = self.docs_cache().as_ref() {
            return Ok(docs.clone());
        }
        let c = self.conn();
        let sql = format!("SELECT {DOC_COLS} FROM docs ORDER BY kind, title, id");
        let mut st = c.prepare_cached(&sql)?;
        let rows = st
            .query_map([], doc_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        *self.docs_cache() = Some(rows.clone());
        Ok(rows)
    }

    fn load_doc(&self, id: DocId) -> StorageResult<Option<StoredDoc>> {
        let c = self.conn();
        let exists: Option<i64> = c
            .query_row("SELECT 1 FROM docs WHERE id = ?1", [id.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Ok(None);
        }
        let snapshot: Option<Vec<u8>> = c
            .query_row(
                "SELECT bytes FROM snapshots WHERE doc = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let mut st = c.prepare_cached("SELECT bytes FROM changes WHERE doc = ?1 ORDER BY seq")?;
        let changes = st
            .query_map([id.to_string()], |r| r.get::<_, Vec<u8>>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(StoredDoc { snapshot, changes }))
    }

    fn append_changes(
        &self,
        id: DocId,
        changes: &[Vec<u8>],
        heads: &[ChangeHash],
    ) -> StorageResult<u64> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        let n = tx.execute(
            "UPDATE docs SET heads = ?2 WHERE id = ?1",
            params![id.to_string(), heads_to_bytes(heads)],
        )?;
        if n == 0 {
            return Err(StorageError::NotFound(format!("документ {id}")));
        }
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM changes WHERE doc = ?1",
            [id.to_string()],
            |r| r.get(0),
        )?;
        {
            let mut st =
                tx.prepare_cached("INSERT INTO changes (doc, seq, bytes) VALUES (?1, ?2, ?3)")?;
            for (i, ch) in changes.iter().enumerate() {
                st.execute(params![id.to_string(), next + i as i64, ch])?;
            }
        }
        let count: i64 = tx.query_row(
            "SELECT COUNT(*) FROM changes WHERE doc = ?1",
            [id.to_string()],
            |r| r.get(0),
        )?;
        tx.commit()?;
        self.cached_heads(id, heads);
        Ok(count as u64)
    }

    fn compact(&self, id: DocId, snapshot: &[u8], heads: &[ChangeHash]) -> StorageResult<()> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        let n = tx.execute(
            "UPDATE docs SET heads = ?2 WHERE id = ?1",
            params![id.to_string(), heads_to_bytes(heads)],
        )?;
        if n == 0 {
            return Err(StorageError::NotFound(format!("документ {id}")));
        }
        tx.execute(
            "INSERT INTO snapshots (doc, bytes) VALUES (?1, ?2) ON CONFLICT(doc) DO UPDATE SET bytes = excluded.bytes",
            params![id.to_string(), snapshot],
        )?;
        tx.execute("DELETE FROM changes WHERE doc = ?1", [id.to_string()])?;
        tx.commit()?;
        self.cached_heads(id, heads);
        Ok(())
    }

    fn sync_state(&self, device: DeviceId, doc: DocId) -> StorageResult<Option<Vec<u8>>> {
        let c = self.conn();
        Ok(c.query_row(
            "SELECT bytes FROM sync_states WHERE device = ?1 AND doc = ?2",
            params![device.to_string(), doc.to_string()],
            |r| r.get(0),
        )
        .optional()?)
    }

    fn put_sync_states(&self, device: DeviceId, states: &[(DocId, Vec<u8>)]) -> StorageResult<()> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO sync_states (device, doc, bytes) VALUES (?1, ?2, ?3) ON CONFLICT(device, doc) DO UPDATE SET bytes = excluded.bytes",
            )?;
            for (doc, bytes) in states {
                st.execute(params![device.to_string(), doc.to_string(), bytes])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn delete_sync_state(&self, device: DeviceId, doc: DocId) -> StorageResult<()> {
        let c = self.conn();
        c.execute(
            "DELETE FROM sync_states WHERE device = ?1 AND doc = ?2",
            params![device.to_string(), doc.to_string()],
        )?;
        Ok(())
    }

    fn audit(&self, e: &AuditEntry) -> StorageResult<()> {
        let c = self.conn();
        c.execute(
            "INSERT INTO audit (at, user_id, device, doc, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                ts(e.at),
                e.user.map(|x| x.to_string()),
                e.device.map(|x| x.to_string()),
                e.doc.map(|x| x.to_string()),
                e.action,
                e.detail
            ],
        )?;
        Ok(())
    }

    fn audit_log(&self, limit: usize) -> StorageResult<Vec<AuditEntry>> {
        let c = self.conn();
        let mut st = c.prepare_cached(
            "SELECT at, user_id, device, doc, action, detail FROM audit ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = st.query_map([limit as i64], audit_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn audit_about(&self, lines: &[(AuditEntry, AuditSubject)]) -> StorageResult<()> {
        let mut c = self.conn();
        let tx = c.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO audit (at, user_id, device, doc, action, detail, student, class) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (e, s) in lines {
                st.execute(params![
                    ts(e.at),
                    e.user.map(|x| x.to_string()),
                    e.device.map(|x| x.to_string()),
                    e.doc.map(|x| x.to_string()),
                    e.action,
                    e.detail,
                    s.student.map(|x| x.to_string()),
                    s.class.map(|x| x.to_string()),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn audit_query(&self, f: &AuditFilter) -> StorageResult<Vec<AuditRecord>> {
        let mut sql = String::from(
            "SELECT at, user_id, device, doc, action, detail, seq, student, class FROM audit WHERE 1=1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut cond = |sql: &mut String, clause: &str, v: String| {
            args.push(v.into());
            sql.push_str(&format!(" AND {clause} ?{}", args.len()));
        };
        // Timestamps are stored as fixed-width RFC 3339 in UTC, so text order is time order.
        if let Some(t) = f.from {
            cond(&mut sql, "at >=", ts(t));
        }
        if let Some(t) = f.to {
            cond(&mut sql, "at <", ts(t));
        }
        if let Some(u) = f.user {
            cond(&mut sql, "user_id =", u.to_string());
        }
        if let Some(s) = f.student {
            cond(&mut sql, "student =", s.to_string());
        }
        if let Some(c) = f.class {
            cond(&mut sql, "class =", c.to_string());
        }
        if let Some(b) = f.before {
            args.push(b.into());
            sql.push_str(&format!(" AND seq < ?{}", args.len()));
        }
        if !f.actions.is_empty() {
            let mut marks = Vec::new();
            for a in &f.actions {
                args.push(a.clone().into());
                marks.push(format!("?{}", args.len()));
            }
            sql.push_str(&format!(" AND action IN ({})", marks.join(", ")));
        }
        args.push((f.limit as i64).into());
        sql.push_str(&format!(" ORDER BY seq DESC LIMIT ?{}", args.len()));
        let c = self.conn();
        let mut st = c.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), audit_record)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn audit_authors(&self) -> StorageResult<Vec<UserId>> {
        let c = self.conn();
        let mut st =
            c.prepare_cached("SELECT DISTINCT user_id FROM audit WHERE user_id IS NOT NULL")?;
        let rows = st.query_map([], |r| parse_id(&r.get::<_, String>(0)?))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn create_feed(&self, feed: &FeedRecord) -> StorageResult<Vec<CalendarFeedId>> {
        feeds::create(&mut self.conn(), feed)
    }

    fn feed(&self, id: CalendarFeedId) -> StorageResult<Option<FeedRecord>> {
        feeds::by_id(&self.conn(), id)
    }

    fn feed_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<FeedRecord>> {
        feeds::by_token_hash(&self.conn(), token_hash)
    }

    fn live_feeds_of(&self, user: UserId) -> StorageResult<Vec<FeedRecord>> {
        feeds::live_of(&self.conn(), user)
    }

    fn revoke_feed(&self, id: CalendarFeedId, at: DateTime<Utc>) -> StorageResult<bool> {
        feeds::revoke(&self.conn(), id, at)
    }

    fn set_period_state(&self, state: &PeriodStateRecord) -> StorageResult<()> {
        periods::set(&self.conn(), state)
    }

    fn period_states(&self) -> StorageResult<Vec<PeriodStateRecord>> {
        periods::all(&self.conn())
    }
}
