//! The device store on a real SQLite file: durability across reopen, incremental change rows,
//! compaction.

mod common;

use zvonok_client::Replica;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::MarkId;
use zvonok_core::marks::MarkValue;

fn mark(f: &common::Fixture, i: usize) -> JournalOp {
    JournalOp::GiveMark {
        id: MarkId::new(),
        lesson: f.lessons[i % 2],
        student: f.students[i % 3],
        value: MarkValue::Points((i % 5 + 1) as u8),
        kind: "answer".into(),
        weight: 1,
        comment: String::new(),
    }
}

#[test]
fn writes_survive_reopen_as_incremental_rows() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let (before_data, before_heads) = {
        let mut r = Replica::open(dir.path()).unwrap();
        for i in 0..5 {
            let receipt = r.apply_journal_op(f.journal, &mark(&f, i)).unwrap();
            assert_eq!(receipt.pending, i + 1);
            assert!(receipt.change.is_some());
        }
        assert_eq!(
            r.store().change_rows(f.journal).unwrap(),
            5,
            "one row per write"
        );
        let heads = r.doc(f.journal).unwrap().get_heads();
        (r.journal(f.journal).unwrap(), heads)
    };
    let mut r = Replica::open(dir.path()).unwrap();
    assert_eq!(r.journal(f.journal).unwrap(), before_data);
    assert_eq!(r.doc(f.journal).unwrap().get_heads(), before_heads);
    assert_eq!(r.journal(f.journal).unwrap().marks.len(), 5);
    assert_eq!(r.pending_count().unwrap(), 5);
    // Local changes carry the server-assigned actor.
    let actor = r.actor().unwrap().clone();
    assert_eq!(actor.to_hex_string(), f.actor_hex);
    let doc = r.doc(f.journal).unwrap();
    assert_eq!(doc.get_actor(), &actor);
}

#[test]
fn many_writes_are_compacted() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let data = {
        let mut r = Replica::open(dir.path()).unwrap();
        for i in 0..250 {
            r.apply_journal_op(f.journal, &mark(&f, i)).unwrap();
        }
        let rows = r.store().change_rows(f.journal).unwrap();
        assert!(rows < 100, "compacted, {rows} rows left");
        assert_eq!(rows, 50, "compacted at 100 and 200 rows");
        r.journal(f.journal).unwrap()
    };
    assert_eq!(data.marks.len(), 250);
    let mut r = Replica::open(dir.path()).unwrap();
    assert_eq!(r.journal(f.journal).unwrap(), data);
    assert_eq!(r.pending_count().unwrap(), 250);
    // On-demand compaction leaves no rows and the same state.
    assert_eq!(r.compact_all().unwrap(), 1);
    assert_eq!(r.store().change_rows(f.journal).unwrap(), 0);
    let mut r = Replica::open(dir.path()).unwrap();
    assert_eq!(r.journal(f.journal).unwrap(), data);
}

#[test]
fn settings_projections_and_rejections_persist() {
    use chrono::Utc;
    use zvonok_client::store::CachedProjection;
    use zvonok_client::{RejectedChange, Store};
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let at = Utc::now();
    {
        let s = Store::open(dir.path()).unwrap();
        s.set_setting("k", "v").unwrap();
        s.put_projection(
            "summary:x",
            &CachedProjection {
                etag: Some("\"e1\"".into()),
                body: "{}".into(),
                fetched_at: at,
            },
        )
        .unwrap();
        let rj = RejectedChange {
            doc: f.journal,
            hash: "ab".into(),
            reason: "Период закрыт".into(),
            description: "Отметка 5".into(),
            at,
        };
        s.add_rejected(&rj).unwrap();
        s.add_rejected(&rj).unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(s.setting("k").unwrap().as_deref(), Some("v"));
    let p = s.projection("summary:x").unwrap().unwrap();
    assert_eq!(p.etag.as_deref(), Some("\"e1\""));
    assert_eq!(p.fetched_at.timestamp(), at.timestamp());
    assert_eq!(s.rejected().unwrap().len(), 1, "recorded once per hash");
    let doc_count = s.docs().unwrap().len();
    assert_eq!(doc_count, 4);
}
