//! The period reports over the full demo school (grades 1–9, two classes each, 25 students a
//! class: 18 classes, 450 students, four weeks of marks and attendance; today 25 November, in
//! the 2nd quarter), every student given a final mark in every journal of the quarter first:
//! - the school-wide «Итоги успеваемости» on the server (`api::reports::report`: the rights
//!   check over every journal, reading the journals from the document store, core's report),
//!   cold (documents from SQLite) and warm (documents in memory), and its XLSX and PDF;
//! - the school-wide report as a job (`reports::jobs`) with its XLSX: cold (a fresh server,
//!   documents from SQLite, computed on a worker) against cached (the same job again, nothing
//!   changed: the plan, the rights and the fingerprint only);
//! - a class's report as a device makes it from its replica: the class's journal documents
//!   from their saved bytes, read and counted (`core::reports::period_results`).
//!
//! `cargo bench -p zvonok-server --bench reports` (targets: school ≤ 2 s, class ≤ 200 ms).

use std::sync::Arc;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use zvonok_core::automerge::AutoCommit;
use zvonok_core::doc::journal::{self, JournalData, JournalOp, JournalPermission};
use zvonok_core::doc::DocKind;
use zvonok_core::marks::MarkValue;
use zvonok_core::movement::Timeline;
use zvonok_core::reports::period_results::period_results;
use zvonok_core::wire::{ReportFormat, ReportName, ReportQuery};
use zvonok_server::api::reports::{plan, render, report, Answer};
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::docstore::lock;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::Storage;
use zvonok_server::AppState;

const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.sqlite");
    {
        let storage = SqliteStorage::open(&path).expect("open");
        generate(&storage, &DemoOptions::full(today)).expect("demo");
    }
    // Final marks for everyone in the quarter's journals, written into the stored documents.
    let storage = Arc::new(SqliteStorage::open(&path).expect("open"));
    let state = AppState::new(storage.clone(), 64 * 1024 * 1024);
    let ix = state.index().expect("index");
    let school = ix.school.clone();
    drop(ix);
    let period = school
        .current_periods()
        .into_iter()
        .find(|p| p.contains(today))
        .expect("a period today")
        .id;
    let records = storage.docs().expect("docs");
    let values = [5, 4, 4, 3, 5, 2, 4, 3].map(MarkValue::Points);
    let mut finals = 0;
    let mut by_class: std::collections::BTreeMap<_, Vec<Vec<u8>>> = Default::default();
    let mut journals = 0;
    for rec in records.iter().filter(|r| r.kind == DocKind::Journal) {
        let Some(p) = rec.meta.period else { continue };
        if !zvonok_core::reports::periods_ending_with(&school, period).contains(&p) {
            continue;
        }
        journals += 1;
        let shared = state.docs.get(rec.id, rec.kind).expect("get").expect("doc");
        let mut hot = lock(&shared);
        let data = JournalData::from_doc(&hot.doc).expect("journal");
        let heads = hot.doc.get_heads();
        for (i, s) in data.students.keys().enumerate() {
            let op = JournalOp::SetFinal {
                student: *s,
                value: Some(values[i % values.len()]),
            };
            journal::apply(&mut hot.doc, &op, JournalPermission::default()).expect("final");
            finals += 1;
        }
        hot.doc.commit();
        let changes = hot.doc.get_changes(&heads);
        zvonok_server::persist::store_server_changes(&state, rec, &mut hot, &changes)
            .expect("stored");
        by_class
            .entry(rec.meta.cohort.map(|c| c.class()))
            .or_default()
            .push(hot.doc.save());
    }
    // The class with the most journals (a 9th grade).
    let class_docs = by_class
        .into_values()
        .max_by_key(|v| v.len())
        .expect("a class");
    let students: usize = state
        .index()
        .expect("index")
        .rosters
        .values()
        .map(|r| r.students.len())
        .sum();
    let coordinator = storage
        .user_by_login("coordinator")
        .expect("user")
        .expect("the coordinator");
    let q = ReportQuery {
        period: Some(period),
        ..ReportQuery::default()
    };

    // School-wide, warm (the documents already in memory).
    let mut warm = Vec::new();
    let mut answer = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        answer = Some(report(&state, &coordinator, ReportName::Results, &q).expect("report"));
        warm.push(t.elapsed());
    }
    let Some(Answer::Results(results, _)) = answer else {
        panic!("results")
    };
    assert_eq!(
        results.school.total.n as usize, finals,
        "every final counted"
    );
    let answer = Answer::Results(results.clone(), None);
    let mut xlsx = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        render(&school.card.name, &answer, ReportFormat::Xlsx).expect("xlsx");
        xlsx.push(t.elapsed());
        let t = Instant::now();
        render(&school.card.name, &answer, ReportFormat::Pdf).expect("pdf");
        pdf.push(t.elapsed());
    }
    // Cold: a fresh state over the same database (every document read from SQLite).
    let mut cold = Vec::new();
    for _ in 0..RUNS {
        let fresh = AppState::new(
            Arc::new(SqliteStorage::open(&path).expect("open")) as Arc<dyn Storage>,
            64 * 1024 * 1024,
        );
        let t = Instant::now();
        let a = report(&fresh, &coordinator, ReportName::Results, &q).expect("report");
        cold.push(t.elapsed());
        let Answer::Results(r, _) = a else {
            panic!("results")
        };
        assert_eq!(r.school.total.n as usize, finals, "the finals were stored");
    }

    // As a job: cold (a fresh server) and then cached (the same job again).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut job_cold = Vec::new();
    let mut job_cached = Vec::new();
    for _ in 0..RUNS {
        let fresh = Arc::new(AppState::new(
            Arc::new(SqliteStorage::open(&path).expect("open")) as Arc<dyn Storage>,
            64 * 1024 * 1024,
        ));
        for (times, cached) in [(&mut job_cold, false), (&mut job_cached, true)] {
            let t = Instant::now();
            rt.block_on(async {
                let f = fresh.clone();
                let (u, q2) = (coordinator.clone(), q.clone());
                let p = tokio::task::spawn_blocking(move || {
                    plan(&f, &u, ReportName::Results, &q2).expect("plan")
                })
                .await
                .expect("plan");
                let job = fresh
                    .report_jobs
                    .start(
                        fresh.clone(),
                        coordinator.id,
                        p,
                        ReportName::Results,
                        ReportFormat::Xlsx,
                        q.clone(),
                    )
                    .expect("job");
                assert_eq!(job.cached, cached);
                while !fresh
                    .report_jobs
                    .get(coordinator.id, &job.id)
                    .expect("job")
                    .finished()
                {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
                let r = fresh
                    .report_jobs
                    .result(coordinator.id, &job.id)
                    .expect("done");
                assert!(r.bytes.starts_with(b"PK"));
            });
            times.push(t.elapsed());
        }
    }

    // A class on the device: its journals from their saved bytes, read and counted.
    let mut device = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let journals: Vec<JournalData> = class_docs
            .iter()
            .map(|b| JournalData::from_doc(&AutoCommit::load(b).expect("load")).expect("read"))
            .collect();
        let r = period_results(&school, &journals, &Timeline::default(), period);
        assert_eq!(r.classes.len(), 1);
        device.push(t.elapsed());
    }

    println!(
        "demo school: {} classes, {students} students, {journals} journals of the period, {finals} final marks",
        school.classes.len(),
    );
    println!("| report (median of {RUNS}) | time | target |");
    println!("|---|---|---|");
    println!(
        "| school-wide period results, server, documents in memory | {} | ≤ 2 s |",
        ms(median(warm))
    );
    println!(
        "| school-wide period results, server, cold (documents from SQLite) | {} | ≤ 2 s |",
        ms(median(cold))
    );
    println!("| … as XLSX (render only) | {} | |", ms(median(xlsx)));
    println!("| … as PDF (render only) | {} | |", ms(median(pdf)));
    println!(
        "| school-wide results as a job, XLSX, cold (fresh server, computed on a worker) | {} | ≤ 2 s |",
        ms(median(job_cold))
    );
    println!(
        "| … the same job again, nothing changed (cache hit) | {} | |",
        ms(median(job_cached))
    );
    println!(
        "| one class's period results on the device ({} journals loaded from bytes) | {} | ≤ 200 ms |",
        class_docs.len(),
        ms(median(device))
    );
}
