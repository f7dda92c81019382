//! The device store: one SQLite file, `<data-dir>/replica.sqlite3`, in WAL mode.
//!
//! It holds every document as a compacted snapshot plus appended change rows, the Automerge
//! sync state per document, the credentials and settings, cached projections (parents' and
//! students' summaries) and the changes the server refused.
//!
//! # Durability
//!
//! The store runs with `journal_mode=WAL` and `synchronous=FULL`: every commit fsyncs the WAL
//! before the call returns, so a mark the teacher was told is saved survives a power cut, not
//! only a crash of the app. `synchronous=NORMAL` in WAL mode would skip that fsync (a commit
//! could be lost on power failure, though never corrupt the file); it is available as
//! [`Durability::Normal`] only so that the benchmark (`tests/store_bench.rs`) can measure what
//! the fsync costs.
//!
//! A local write appends one row to `changes` (see [`Store::append_change`]); compaction
//! ([`Store::compact`]) replaces the rows of a document with a fresh snapshot in one transaction.

use std::path::{Path, PathBuf};

use automerge::ChangeHash;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use thiserror::Error;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;

/// The store's file name inside the data directory.
pub const FILE_NAME: &str = "replica.sqlite3";

/// A document with this many change rows is compacted into a snapshot.
pub const COMPACT_AFTER: usize = 100;

/// Errors of the device store.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "Не удалось создать папку данных {path}: {source}. Укажите другую папку (--data-dir)."
    )]
    Dir {
        path: String,
        source: std::io::Error,
    },
    #[error("Не удалось открыть хранилище устройства {path}: {source}. Проверьте права на файл или укажите другую папку (--data-dir).")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("Ошибка хранилища устройства: {0}. Закройте другие копии программы и повторите.")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "Хранилище устройства повреждено ({0}). Войдите заново с новой папкой данных (--data-dir)."
    )]
    Corrupt(String),
}

/// How hard a commit waits for the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=FULL`: a commit is on disk when the call returns. The default.
    Full,
    /// `synchronous=NORMAL`: survives an app crash, may lose the last commits on power loss.
    /// Only for measurements.
    Normal,
}

/// What the store knows about a document without loading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocMeta {
    pub id: DocId,
    pub kind: DocKind,
    pub title: String,
    /// The server's heads as of the last sync reply (empty before the first).
    pub server_heads: Vec<ChangeHash>,
}

/// A document as stored: its snapshot (empty for a document not received yet) and the change
/// rows appended after it, in order.
#[derive(Clone, Debug)]
pub struct StoredDoc {
    pub meta: DocMeta,
    pub snapshot: Vec<u8>,
    pub changes: Vec<Vec<u8>>,
}

/// A cached projection (e.g. a student summary) with its ETag and when it was fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedProjection {
    pub etag: Option<String>,
    pub body: String,
    pub fetched_at: DateTime<Utc>,
}

pub use zvonok_core::views::status::RejectedChange;

/// The device's SQLite store. Not `Sync`: wrap the replica that owns it in a mutex.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    snapshot BLOB NOT NULL,
    server_heads TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS changes (
    doc TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS sync_state (
    doc TEXT PRIMARY KEY,
    bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS projections (
    key TEXT PRIMARY KEY,
    etag TEXT,
    body TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    description TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (doc, hash)
);
";

fn heads_text(heads: &[ChangeHash]) -> String {
    heads
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_heads(s: &str) -> Result<Vec<ChangeHash>, StoreError> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.parse()
                .map_err(|_| StoreError::Corrupt(format!("хеш {x}")))
        })
        .collect()
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("время {s}")))
}

fn parse_doc_id(s: &str) -> Result<DocId, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("документ {s}")))
}

fn parse_kind(s: &str) -> Result<DocKind, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("вид документа {s}")))
}

impl Store {
    /// Opens (creating if needed) `<dir>/replica.sqlite3` with full durability.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Self::open_with(dir, Durability::Full)
    }

    /// Opens the store with the given durability (see the module docs).
    pub fn open_with(dir: &Path, durability: Durability) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
            path: dir.display().to_string(),
            source,
        })?;
        let path = dir.join(FILE_NAME);
        let open_err = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(&path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(open_err)?;
        let sync = match durability {
            Durability::Full => "FULL",
            Durability::Normal => "NORMAL",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous={sync};"
        ))
        .map_err(open_err)?;
        conn.execute_batch(SCHEMA).map_err(open_err)?;
        Ok(Store { conn, path })
    }

    /// The SQLite file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    // ---- documents ----

    /// Every document the device holds.
    pub fn docs(&self) -> Result<Vec<DocMeta>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, kind, title, server_heads FROM docs ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, title, heads) = row?;
            out.push(DocMeta {
                id: parse_doc_id(&id)?,
                kind: parse_kind(&kind)?,
                title,
                server_heads: parse_heads(&heads)?,
            });
        }
        Ok(out)
    }

    /// A document's snapshot and change rows, if the device holds it.
    pub fn load_doc(&self, id: DocId) -> Result<Option<StoredDoc>, StoreError> {
        let row = self
            .conn
            .prepare_cached("SELECT kind, title, snapshot, server_heads FROM docs WHERE id = ?1")?
            .query_row([id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .optional()?;
        let Some((kind, title, snapshot, heads)) = row else {
            return Ok(None);
        };
        let mut st = self
            .conn
            .prepare_cached("SELECT bytes FROM changes WHERE doc = ?1 ORDER BY seq")?;
        let changes = st
            .query_map([id.to_string()], |r| r.get::<_, Vec<u8>>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(StoredDoc {
            meta: DocMeta {
                id,
                kind: parse_kind(&kind)?,
                title,
                server_heads: parse_heads(&heads)?,
            },
            snapshot,
            changes,
        }))
    }

    /// Inserts a document, or replaces its snapshot and drops its change rows if it exists.
    pub fn put_doc(
        &self,
        id: DocId,
        kind: DocKind,
        title: &str,
        snapshot: &[u8],
    ) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO docs (id, kind, title, snapshot) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(id) DO UPDATE SET kind = ?2, title = ?3, snapshot = ?4",
            params![id.to_string(), kind.as_str(), title, snapshot],
        )?;
        tx.execute("DELETE FROM changes WHERE doc = ?1", [id.to_string()])?;
        tx.commit()?;
        Ok(())
    }

    pub fn set_title(&self, id: DocId, title: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE docs SET title = ?2 WHERE id = ?1",
            params![id.to_string(), title],
        )?;
        Ok(())
    }

    /// Appends one change row (a local change or an incremental chunk received by sync) and
    /// returns how many rows the document now has. Durable when it returns.
    pub fn append_change(&self, id: DocId, bytes: &[u8]) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO changes (doc, seq, bytes) VALUES
                 (?1, COALESCE((SELECT MAX(seq) FROM changes WHERE doc = ?1), 0) + 1, ?2)",
            )?
            .execute(params![id.to_string(), bytes])?;
        self.change_rows(id)
    }

    /// Number of change rows of a document.
    pub fn change_rows(&self, id: DocId) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM changes WHERE doc = ?1")?
            .query_row([id.to_string()], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Replaces a document's change rows by a snapshot, in one transaction.
    pub fn compact(&self, id: DocId, snapshot: &[u8]) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "UPDATE docs SET snapshot = ?2 WHERE id = ?1",
            params![id.to_string(), snapshot],
        )?;
        tx.execute("DELETE FROM changes WHERE doc = ?1", [id.to_string()])?;
        tx.commit()?;
        Ok(())
    }

    /// Persists what one sync round brought for a document, in one transaction: the received
    /// data (an incremental chunk appended as a row, or a whole new snapshot), the server's
    /// heads and the sync state.
    pub fn persist_sync(
        &self,
        id: DocId,
        received: Received<'_>,
        server_heads: &[ChangeHash],
        sync_state: &[u8],
    ) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let doc = id.to_string();
        match received {
            Received::Nothing => {}
            Received::Chunk(bytes) => {
                tx.execute(
                    "INSERT INTO changes (doc, seq, bytes) VALUES
                     (?1, COALESCE((SELECT MAX(seq) FROM changes WHERE doc = ?1), 0) + 1, ?2)",
                    params![doc, bytes],
                )?;
            }
            Received::Snapshot(bytes) => {
                tx.execute(
                    "UPDATE docs SET snapshot = ?2 WHERE id = ?1",
                    params![doc, bytes],
                )?;
                tx.execute("DELETE FROM changes WHERE doc = ?1", [&doc])?;
            }
        }
        tx.execute(
            "UPDATE docs SET server_heads = ?2 WHERE id = ?1",
            params![doc, heads_text(server_heads)],
        )?;
        tx.execute(
            "INSERT INTO sync_state (doc, bytes) VALUES (?1, ?2)
             ON CONFLICT(doc) DO UPDATE SET bytes = ?2",
            params![doc, sync_state],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// After a rejection: the rebuilt snapshot replaces the document, its change rows and sync
    /// state are dropped and the refused changes are recorded, all in one transaction.
    pub fn replace_after_rejection(
        &self,
        id: DocId,
        snapshot: &[u8],
        rejected: &[RejectedChange],
    ) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let doc = id.to_string();
        tx.execute(
            "UPDATE docs SET snapshot = ?2 WHERE id = ?1",
            params![doc, snapshot],
        )?;
        tx.execute("DELETE FROM changes WHERE doc = ?1", [&doc])?;
        tx.execute("DELETE FROM sync_state WHERE doc = ?1", [&doc])?;
        for r in rejected {
            insert_rejected(&tx, r)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Drops a document the user may no longer read (with its rows and sync state).
    pub fn delete_doc(&self, id: DocId) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        let doc = id.to_string();
        tx.execute("DELETE FROM docs WHERE id = ?1", [&doc])?;
        tx.execute("DELETE FROM changes WHERE doc = ?1", [&doc])?;
        tx.execute("DELETE FROM sync_state WHERE doc = ?1", [&doc])?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets every document, sync state, cached projection and rejection (another user logs
    /// in on this data directory). Settings stay.
    pub fn wipe_replica(&self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "BEGIN; DELETE FROM docs; DELETE FROM changes; DELETE FROM sync_state;
             DELETE FROM projections; DELETE FROM rejected; COMMIT;",
        )?;
        Ok(())
    }

    // ---- sync state ----

    pub fn sync_state(&self, id: DocId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT bytes FROM sync_state WHERE doc = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?)
    }

    pub fn clear_sync_state(&self, id: DocId) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM sync_state WHERE doc = ?1", [id.to_string()])?;
        Ok(())
    }

    // ---- settings ----

    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = ?2",
            )?
            .execute(params![key, value])?;
        Ok(())
    }

    /// Sets several settings at once, atomically; `None` deletes the key.
    pub fn set_settings(&self, entries: &[(&str, Option<&str>)]) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        for (k, v) in entries {
            match v {
                Some(v) => tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = ?2",
                    params![k, v],
                )?,
                None => tx.execute("DELETE FROM settings WHERE key = ?1", [k])?,
            };
        }
        tx.commit()?;
        Ok(())
    }

    // ---- projections ----

    pub fn projection(&self, key: &str) -> Result<Option<CachedProjection>, StoreError> {
        let row = self
            .conn
            .prepare_cached("SELECT etag, body, fetched_at FROM projections WHERE key = ?1")?
            .query_row([key], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .optional()?;
        row.map(|(etag, body, at)| {
            Ok(CachedProjection {
                etag,
                body,
                fetched_at: parse_time(&at)?,
            })
        })
        .transpose()
    }

    pub fn put_projection(&self, key: &str, p: &CachedProjection) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO projections (key, etag, body, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(key) DO UPDATE SET etag = ?2, body = ?3, fetched_at = ?4",
            params![key, p.etag, p.body, p.fetched_at.to_rfc3339()],
        )?;
        Ok(())
    }

    // ---- rejected changes ----

    /// Records a refused change (once per document and hash).
    pub fn add_rejected(&self, r: &RejectedChange) -> Result<(), StoreError> {
        insert_rejected(&self.conn, r)
    }

    /// Every refused change, oldest first.
    pub fn rejected(&self) -> Result<Vec<RejectedChange>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT doc, hash, reason, description, at FROM rejected ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, hash, reason, description, at) = row?;
            out.push(RejectedChange {
                doc: parse_doc_id(&doc)?,
                hash,
                reason,
                description,
                at: parse_time(&at)?,
            });
        }
        Ok(out)
    }

    pub fn rejected_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM rejected", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Forgets the recorded rejections (after the user has seen them).
    pub fn clear_rejected(&self) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM rejected", [])?;
        Ok(())
    }
}

/// What a sync round received for one document, for [`Store::persist_sync`].
#[derive(Clone, Copy, Debug)]
pub enum Received<'a> {
    Nothing,
    /// An incremental chunk (`save_after`), appended as a change row.
    Chunk(&'a [u8]),
    /// A whole snapshot (a document received for the first time, or many changes).
    Snapshot(&'a [u8]),
}

fn insert_rejected(conn: &Connection, r: &RejectedChange) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO rejected (doc, hash, reason, description, at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(doc, hash) DO UPDATE SET reason = ?3, description = ?4",
        params![
            r.doc.to_string(),
            r.hash,
            r.reason,
            r.description,
            r.at.to_rfc3339()
        ],
    )?;
    Ok(())
}
