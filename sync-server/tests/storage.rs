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
