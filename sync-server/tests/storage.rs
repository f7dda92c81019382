//! The shared storage suite against a real SQLite file.

use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::suite::storage_suite;

#[test]
fn sqlite_passes_the_storage_suite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = SqliteStorage::open(&dir.path().join("zvonok.sqlite")).expect("open");
    storage_suite(&s);
    // Reopening sees the same data (the file really holds it).
    drop(s);
    let again = SqliteStorage::open(&dir.path().join("zvonok.sqlite")).expect("reopen");
    use zvonok_server::storage::Storage;
    assert!(again.count_users().expect("count") > 0);
}

/// A database made before calendar feeds (no `calendar_feeds` table) opens, keeps its rows and
/// gains the table.
#[test]
fn a_database_from_before_feeds_gains_the_table() {
    use zvonok_core::ids::{CalendarFeedId, ClassId};
    use zvonok_core::wire::FeedTarget;
    use zvonok_server::storage::{FeedRecord, Storage};

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite");
    let s = SqliteStorage::open(&path).expect("open");
    storage_suite(&s);
    let users = s.count_users().expect("count");
    drop(s);
    {
        let c = rusqlite::Connection::open(&path).expect("raw");
        c.execute_batch("DROP TABLE calendar_feeds;").expect("drop");
    }
    let s = SqliteStorage::open(&path).expect("reopen");
    assert_eq!(s.count_users().expect("count"), users, "rows kept");
    let owner = s.users().expect("users")[0].id;
    let f = FeedRecord {
        id: CalendarFeedId::new(),
        user: owner,
        target: FeedTarget::Class {
            class: ClassId::new(),
        },
        token_hash: "9".repeat(64),
        created: chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("time"),
        revoked: None,
    };
    s.create_feed(&f).expect("the table is back");
    assert_eq!(s.live_feeds_of(owner).expect("live"), vec![f]);
}
