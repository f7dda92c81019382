//! The `period_states` table: the last closing or reopening of each study period (who, when).
//! Created by [`migrate`] on every open (`IF NOT EXISTS`), so an older database gains it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

use super::{parse_id, parse_ts, ts};
use crate::storage::{PeriodStateRecord, StorageResult};

const PERIODS_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS period_states (
    period TEXT PRIMARY KEY,
    closed INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    at TEXT NOT NULL
);
";

/// Adds the table to a database that lacks it.
pub(super) fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(PERIODS_SCHEMA)
}

fn row(r: &Row<'_>) -> rusqlite::Result<PeriodStateRecord> {
    let at: DateTime<Utc> = parse_ts(&r.get::<_, String>(3)?)?;
    Ok(PeriodStateRecord {
        period: parse_id(&r.get::<_, String>(0)?)?,
        closed: r.get::<_, i64>(1)? != 0,
        user: parse_id(&r.get::<_, String>(2)?)?,
        at,
    })
}

pub(super) fn set(conn: &Connection, s: &PeriodStateRecord) -> StorageResult<()> {
    conn.execute(
        "INSERT INTO period_states (period, closed, user_id, at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT(period) DO UPDATE SET closed = ?2, user_id = ?3, at = ?4",
        params![
            s.period.to_string(),
            i64::from(s.closed),
            s.user.to_string(),
            ts(s.at)
        ],
    )?;
    Ok(())
}

pub(super) fn all(conn: &Connection) -> StorageResult<Vec<PeriodStateRecord>> {
    let mut st = conn
        .prepare_cached("SELECT period, closed, user_id, at FROM period_states ORDER BY period")?;
    let rows = st.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
