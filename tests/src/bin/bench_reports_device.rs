//! `zvonok-bench-reports-device`: a class's period report made on the device from its replica
//! alone (issue 11 item 1, goal ≤ 200 ms). A demo server runs once so a class teacher's device
//! can sync; then the server stops and each run opens the replica file, builds the reports
//! index and the class's period results, final sheet and attendance. Prints medians and maxima
//! over `--runs` (default 20). Release build:
//! `cargo run --release -p zvonok-tests --bin zvonok-bench-reports-device`.

use anyhow::{Context, Result};
use zvonok_client::Replica;
use zvonok_core::wire::{ReportName, ReportQuery};
use zvonok_tests::timing::{runs_from_args, time};
use zvonok_tests::{Device, Server};

fn main() -> Result<()> {
    let runs = runs_from_args(20)?;
    let tmp = tempfile::tempdir()?;
    let mut server = Server::start(&tmp.path().join("server"));
    let dev = Device::new(tmp.path(), "bench-classteacher");
    dev.login(&server.url(), "classteacher");
    dev.sync();
    server.stop();

    let now = chrono::Utc::now();
    let mut r = Replica::open(&dev.dir)?;
    let index = r.reports_index(now)?;
    let class = index.classes.first().context("the class teacher's class")?;
    let q = ReportQuery {
        class: Some(class.id),
        period: index.current_period,
        ..ReportQuery::default()
    };
    let journals = r
        .journal_metas()?
        .iter()
        .filter(|(_, m)| m.cohort.class() == class.id)
        .count();
    drop(r);

    let dir = dev.dir.clone();
    let report = |name: ReportName| {
        let q = q.clone();
        let dir = dir.clone();
        move || -> Result<()> {
            let mut r = Replica::open(&dir)?;
            r.report(name, &q, now)?;
            Ok(())
        }
    };
    let rows = [
        (
            "open the replica",
            time(runs, || {
                Replica::open(&dir)?;
                Ok(())
            })?,
        ),
        (
            "open + reports index",
            time(runs, || {
                Replica::open(&dir)?.reports_index(now)?;
                Ok(())
            })?,
        ),
        (
            "open + period results",
            time(runs, report(ReportName::Results))?,
        ),
        (
            "open + final sheet",
            time(runs, report(ReportName::Finals))?,
        ),
        (
            "open + attendance",
            time(runs, report(ReportName::Attendance))?,
        ),
    ];
    println!(
        "class {} ({journals} journals on the device), {runs} runs, release",
        class.name
    );
    println!("| step | median ms | max ms |");
    println!("|---|---:|---:|");
    for (name, (median, max)) in rows {
        println!("| {name} | {median:.1} | {max:.1} |");
    }
    Ok(())
}
