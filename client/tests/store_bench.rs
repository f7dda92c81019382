//! Measures what a durable local write costs: `synchronous=FULL` (the default) against
//! `NORMAL`, for the bare change-row append and for a whole validated journal write, and the
//! snapshot save that compaction does instead. Run with
//! `cargo test -p zvonok-client --release --test store_bench -- --ignored --nocapture`.

mod common;

use std::time::{Duration, Instant};

use zvonok_client::store::Durability;
use zvonok_client::{Replica, Store};
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::MarkId;
use zvonok_core::marks::MarkValue;

const N: usize = 300;

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let mean = v.iter().sum::<Duration>() / v.len() as u32;
    format!(
        "median {:>7.3} ms, p95 {:>7.3} ms, mean {:>7.3} ms",
        v[v.len() / 2].as_secs_f64() * 1e3,
        v[v.len() * 95 / 100].as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3
    )
}

#[test]
#[ignore = "benchmark; run with --ignored --nocapture"]
fn durable_write_cost() {
    for durability in [Durability::Full, Durability::Normal] {
        let dir = tempfile::tempdir().unwrap();
        let f = common::install(dir.path());
        let store = Store::open_with(dir.path(), durability).unwrap();
        let blob = vec![7u8; 200];
        let bench_doc = zvonok_core::ids::DocId::new();
        let mut append = Vec::with_capacity(N);
        for _ in 0..N {
            let t = Instant::now();
            store.append_change(bench_doc, &blob).unwrap();
            append.push(t.elapsed());
        }
        let mut r = Replica::with_store(store).unwrap();
        let mut writes = Vec::with_capacity(N);
        let mut saves = Vec::new();
        for i in 0..N {
            let op = JournalOp::GiveMark {
                id: MarkId::new(),
                lesson: f.lessons[i % 2],
                student: f.students[i % 3],
                value: MarkValue::Points((i % 5 + 1) as u8),
                kind: "answer".into(),
                weight: 1,
                comment: String::new(),
            };
            let t = Instant::now();
            r.apply_journal_op(f.journal, &op).unwrap();
            writes.push(t.elapsed());
            if i % 50 == 49 {
                let t = Instant::now();
                let _ = r.doc(f.journal).unwrap().save();
                saves.push(t.elapsed());
            }
        }
        println!("{durability:?}: append row            {}", stats(append));
        println!("{durability:?}: journal write (total) {}", stats(writes));
        println!("{durability:?}: snapshot save         {}", stats(saves));
    }
}
