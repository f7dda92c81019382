//! The `calendar_feeds` table: feed links with the SHA-256 of their tokens. Created by
//! [`migrate`] on every open (`IF NOT EXISTS`), so a database made before feeds gains the
//! table and keeps every row it had.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use zvonok_core::ids::{CalendarFeedId, UserId};
use zvonok_core::wire::FeedTarget;

use super::{corrupt_text, parse_id, parse_ts, ts};
use crate::storage::{FeedRecord, StorageResult};

const FEEDS_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS calendar_feeds (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    scope TEXT NOT NULL,
    target TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE INDEX IF NOT EXISTS calendar_feeds_user ON calendar_feeds(user_id, scope, target);
";

const COLS: &str = "id, user_id, scope, target, token_hash, created, revoked";

/// Adds the table to a database that lacks it.
pub(super) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(FEEDS_SCHEMA)
}

fn feed_row(r: &Row<'_>) -> rusqlite::Result<FeedRecord> {
    let scope: String = r.get(2)?;
    let target: String = r.get(3)?;
    let revoked: Option<String> = r.get(6)?;
    Ok(FeedRecord {
        id: parse_id(&r.get::<_, String>(0)?)?,
        user: parse_id(&r.get::<_, String>(1)?)?,
        target: FeedTarget::parse(&scope, &target)
            .ok_or_else(|| corrupt_text(format!("цель календаря {scope}/{target}")))?,
        token_hash: r.get(4)?,
        created: parse_ts(&r.get::<_, String>(5)?)?,
        revoked: revoked.as_deref().map(parse_ts).transpose()?,
    })
}

pub(super) fn create(conn: &mut Connection, f: &FeedRecord) -> StorageResult<Vec<CalendarFeedId>> {
    let tx = conn.transaction()?;
    let (scope, target) = (f.target.kind(), f.target.id_string());
    let old: Vec<CalendarFeedId> = {
        let mut st = tx.prepare_cached(
            "SELECT id FROM calendar_feeds \
             WHERE user_id = ?1 AND scope = ?2 AND target = ?3 AND revoked IS NULL ORDER BY id",
        )?;
        let rows = st.query_map(params![f.user.to_string(), scope, target], |r| {
            parse_id(&r.get::<_, String>(0)?)
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    tx.execute(
        "UPDATE calendar_feeds SET revoked = ?4 \
         WHERE user_id = ?1 AND scope = ?2 AND target = ?3 AND revoked IS NULL",
        params![f.user.to_string(), scope, target, ts(f.created)],
    )?;
    tx.execute(
        "INSERT INTO calendar_feeds (id, user_id, scope, target, token_hash, created, revoked) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            f.id.to_string(),
            f.user.to_string(),
            scope,
            target,
            f.token_hash,
            ts(f.created),
            f.revoked.map(ts)
        ],
    )?;
    tx.commit()?;
    Ok(old)
}

pub(super) fn by_id(conn: &Connection, id: CalendarFeedId) -> StorageResult<Option<FeedRecord>> {
    let sql = format!("SELECT {COLS} FROM calendar_feeds WHERE id = ?1");
    Ok(conn
        .query_row(&sql, [id.to_string()], feed_row)
        .optional()?)
}

pub(super) fn by_token_hash(conn: &Connection, hash: &str) -> StorageResult<Option<FeedRecord>> {
    let sql = format!("SELECT {COLS} FROM calendar_feeds WHERE token_hash = ?1");
    Ok(conn.query_row(&sql, [hash], feed_row).optional()?)
}

pub(super) fn live_of(conn: &Connection, user: UserId) -> StorageResult<Vec<FeedRecord>> {
    let sql = format!(
        "SELECT {COLS} FROM calendar_feeds WHERE user_id = ?1 AND revoked IS NULL \
         ORDER BY created, id"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([user.to_string()], feed_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn revoke(
    conn: &Connection,
    id: CalendarFeedId,
    at: DateTime<Utc>,
) -> StorageResult<bool> {
    let n = conn.execute(
        "UPDATE calendar_feeds SET revoked = ?2 WHERE id = ?1 AND revoked IS NULL",
        params![id.to_string(), ts(at)],
    )?;
    Ok(n > 0)
}
