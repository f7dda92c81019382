//! `zvonok-bench-admin`: the coordinator's numbers of BENCHMARKS.md (issue: school
//! administration), printed as a markdown table. Run it optimised:
//! `cargo run --release -p zvonok-tests --bin zvonok-bench-admin`.
//!
//! Set-up: a real `zvonok-server --demo` process on 127.0.0.1 (the binary of the same profile).
//!
//! 1. **The coordinator laptop's first sync.** `--runs` times, a new device (the client
//!    library's `Replica` on a real SQLite file in a new directory) signs in as `coordinator`
//!    and runs `sync::sync_once` until it converged: wall time of sign-in + sync, round trips,
//!    bytes both ways, documents received, size of the replica on disk.
//! 2. **Importing a school's lists through the server.** `--students` students with their
//!    guardians (`zvonok_import::sample`, 9n/5 guardians), their 33 classes 1А…11В mapped onto
//!    the demo's 22 (1А…11Б), as a UTF-8 CSV sent to `POST /v1/web/import/preview` and
//!    `/apply` as the secretary (who enters the lists): the preview, the apply (validation, rosters, personal files,
//!    storage), and the same apply again (which adds nothing); wall time and the server's CPU.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use zvonok_client::sync;
use zvonok_client::Replica;
use zvonok_import::{sample, Delimiter};
use zvonok_tests::http::{self, Request};
use zvonok_tests::{machine, Server, DEMO_PASSWORD};

struct Args {
    runs: usize,
    students: usize,
    out: Option<String>,
}

fn args() -> Result<Args> {
    let mut out = Args {
        runs: 5,
        students: 1000,
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let v = it.next().context("every flag takes a value")?;
        match a.as_str() {
            "--runs" => out.runs = v.parse().context("--runs N")?,
            "--students" => out.students = v.parse().context("--students N")?,
            "--out" => out.out = Some(v),
            _ => bail!("usage: zvonok-bench-admin [--runs N] [--students N] [--out FILE]"),
        }
    }
    if out.runs == 0 {
        bail!("--runs must be at least 1");
    }
    Ok(out)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

struct FirstSync {
    wall: Duration,
    rounds: u32,
    sent: u64,
    received: u64,
    docs: usize,
    disk: u64,
}

fn first_sync(rt: &tokio::runtime::Runtime, url: &str, dir: &Path) -> Result<FirstSync> {
    std::fs::create_dir_all(dir)?;
    let replica = Mutex::new(Replica::open(dir)?);
    let t0 = Instant::now();
    let api = rt.block_on(sync::login(
        &replica,
        url,
        "coordinator",
        DEMO_PASSWORD,
        "bench laptop",
    ))?;
    let rep = rt.block_on(sync::sync_once(&replica, &api))?;
    let wall = t0.elapsed();
    if !rep.converged || !rep.rejections.is_empty() {
        bail!("the first sync did not converge: {rep:?}");
    }
    let r = replica.lock().unwrap_or_else(|e| e.into_inner());
    let docs = r.docs().count();
    drop(r);
    Ok(FirstSync {
        wall,
        rounds: rep.rounds,
        sent: rep.bytes_sent,
        received: rep.bytes_received,
        docs,
        disk: dir_bytes(dir),
    })
}

/// The sample's class «5В» goes to the demo's «5А» (the demo has two classes per grade).
fn demo_class(name: &str) -> String {
    name.replace('В', "А")
}

struct Timed {
    wall: Duration,
    cpu: Duration,
    status: u16,
    body: usize,
}

fn post_csv(server: &Server, path: &str, token: &str, csv: &[u8]) -> Result<Timed> {
    let addr = server.addr;
    let c0 = server.cpu_time().unwrap_or_default();
    let t0 = Instant::now();
    let resp = http::send(
        addr,
        &Request {
            method: "POST",
            path,
            token: Some(token),
            content_type: Some("text/csv"),
            body: csv,
            ..Request::default()
        },
    )?;
    let wall = t0.elapsed();
    let cpu = server.cpu_time().unwrap_or_default().saturating_sub(c0);
    if resp.status != 200 {
        bail!("{path}: {} {}", resp.status, resp.text());
    }
    Ok(Timed {
        wall,
        cpu,
        status: resp.status,
        body: resp.body.len(),
    })
}

fn main() -> Result<()> {
    let args = args()?;
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; run with --release for representative numbers");
    }
    let tmp = tempfile::tempdir()?;
    eprintln!("bench-admin: starting the demo server…");
    let server = Server::start(&tmp.path().join("server"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;

    let mut runs = Vec::new();
    for i in 0..args.runs {
        let r = first_sync(&rt, &server.url(), &tmp.path().join(format!("laptop{i}")))?;
        eprintln!(
            "bench-admin: first sync {}: {} in {} rounds, {} B received",
            i + 1,
            ms(r.wall),
            r.rounds,
            r.received
        );
        runs.push(r);
    }
    runs.sort_by_key(|r| r.wall);
    let median = &runs[runs.len() / 2];
    let worst = runs.last().map(|r| r.wall).unwrap_or_default();

    let entries: Vec<_> = sample::students(args.students)
        .into_iter()
        .map(|mut e| {
            e.student.class = demo_class(&e.student.class);
            e
        })
        .collect();
    let guardians: std::collections::BTreeSet<_> = entries
        .iter()
        .flat_map(|e| e.guardians.iter().map(|g| g.key()))
        .collect();
    let csv = sample::students_csv(&entries, Delimiter::Comma);
    // Lists are entered by whoever holds «Ввести списки учеников и родителей» and may edit personal
    // files: in the demo school, the secretary.
    let token = http::token(server.addr, "secretary", DEMO_PASSWORD);
    eprintln!(
        "bench-admin: importing {} students with {} guardians ({} B CSV)…",
        entries.len(),
        guardians.len(),
        csv.len()
    );
    let preview = post_csv(
        &server,
        "/v1/web/import/preview?kind=students",
        &token,
        csv.as_bytes(),
    )?;
    let apply = post_csv(
        &server,
        "/v1/web/import/apply?kind=students",
        &token,
        csv.as_bytes(),
    )?;
    let again = post_csv(
        &server,
        "/v1/web/import/apply?kind=students",
        &token,
        csv.as_bytes(),
    )?;
    let after = first_sync(&rt, &server.url(), &tmp.path().join("laptop-after"))?;

    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let mut t = String::new();
    t.push_str("| measure | goal | measured | notes |\n|---|---|---|---|\n");
    t.push_str(&format!(
        "| coordinator laptop's first sync, demo school | ≤ 5 s on loopback | median {}, max {} ({} runs) | sign-in + `sync_once`: {} round trips, {} B sent, {} B received, {} documents, replica {} B on disk |\n",
        ms(median.wall),
        ms(worst),
        runs.len(),
        median.rounds,
        median.sent,
        median.received,
        median.docs,
        median.disk
    ));
    t.push_str(&format!(
        "| import preview through the server, {} students + {} guardians | ≤ 5 s with validation | {} wall, {} server CPU | {} B CSV; reply {} B (HTTP {}) |\n",
        entries.len(),
        guardians.len(),
        ms(preview.wall),
        ms(preview.cpu),
        csv.len(),
        preview.body,
        preview.status
    ));
    t.push_str(&format!(
        "| import apply through the server (the same file) | ≤ 5 s with validation | {} wall, {} server CPU | validation, rosters and personal files of 22 classes written and stored |\n",
        ms(apply.wall),
        ms(apply.cpu)
    ));
    t.push_str(&format!(
        "| the same apply again | a no-op | {} wall, {} server CPU | adds nothing |\n",
        ms(again.wall),
        ms(again.cpu)
    ));
    t.push_str(&format!(
        "| coordinator laptop's first sync after the import | ≤ 5 s on loopback | {} | {} round trips, {} B received, replica {} B on disk |\n",
        ms(after.wall),
        after.rounds,
        after.received,
        after.disk
    ));
    let out = format!("Machine: {}. Build: {profile}.\n\n{t}", machine());
    println!("{out}");
    if let Some(path) = args.out {
        std::fs::write(path, &out)?;
    }
    Ok(())
}
