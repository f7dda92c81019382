//! `zvonok-bench`: measures the numbers BENCHMARKS.md reports and prints them as a markdown
//! table. Run it optimised: `cargo run --release -p zvonok-tests --bin zvonok-bench`.
//!
//! Set-up: a real `zvonok-server --demo` process on 127.0.0.1 (the binary of the same profile)
//! and one teacher device, the client library's `Replica` on a real SQLite file in a temporary
//! directory, logged in as `teacher` and synced.
//!
//! 1. **Days of offline work.** For each school day of the current study period (up to
//!    `--days`), the teacher's lessons from `Replica::today`; per lesson 3 absences, 5 marks, a
//!    topic and homework, each one `Replica::apply_journal_op` (durable: SQLite
//!    `synchronous=FULL`), timed one by one (the *tap*). After each day one `sync::sync_once`:
//!    its round trips and bytes (the *day's sync*), and the server process's CPU time
//!    (`/proc/<pid>/stat`) over all day-syncs (*day-syncs per CPU-second*).
//! 2. **Cold open.** The replica is compacted and closed; then, repeatedly, a fresh
//!    `Replica::open` + school + timetable + rosters + every journal the teacher keeps this
//!    period + `today()`.
//! 3. **Idle polls.** The device's idle request (every document, heads only, no message) sent
//!    over kept-alive connections for `--poll-secs`; the server's CPU time per poll.
//!
//! Flags: `--days N` (default 45), `--poll-secs S` (default 5), `--threads T` poll
//! connections (default 2), `--out FILE` also writes the table there.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use chrono::{Datelike, NaiveDate, Weekday};
use zvonok_client::sync::{self, Api, SyncSession};
use zvonok_client::Replica;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, MarkId};
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_tests::{http, machine, Server, DEMO_PASSWORD};

struct Args {
    days: usize,
    poll_secs: u64,
    threads: usize,
    out: Option<String>,
}

fn args() -> Result<Args> {
    let mut a = Args {
        days: 45,
        poll_secs: 5,
        threads: 2,
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut val = || it.next().ok_or_else(|| anyhow!("{k} needs a value"));
        match k.as_str() {
            "--days" => a.days = val()?.parse()?,
            "--poll-secs" => a.poll_secs = val()?.parse()?,
            "--threads" => a.threads = val()?.parse()?,
            "--out" => a.out = Some(val()?),
            "-h" | "--help" => {
                println!("zvonok-bench [--days N] [--poll-secs S] [--threads T] [--out FILE]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other} (try --help)"),
        }
    }
    Ok(a)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn median_u64(v: &[u64]) -> u64 {
    let mut s = v.to_vec();
    s.sort_unstable();
    s.get(s.len() / 2).copied().unwrap_or(0)
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// CPU times from `/proc` have a 10 ms resolution.
fn cpu_ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// One lesson's worth of taps: 3 absences, 5 marks, topic, homework.
fn lesson_ops(
    lesson: zvonok_core::ids::LessonId,
    students: &[zvonok_core::ids::StudentId],
    day: usize,
) -> Vec<JournalOp> {
    let n = students.len();
    let pick = |k: usize| students[(day * 7 + k * 5) % n];
    let mut ops = Vec::new();
    for (k, code) in [AbsenceCode::Absent, AbsenceCode::Ill, AbsenceCode::Late]
        .into_iter()
        .enumerate()
    {
        ops.push(JournalOp::SetAttendance {
            lesson,
            student: pick(k),
            code: Some(code),
        });
    }
    let kinds = [
        ("answer", 1),
        ("classwork", 1),
        ("homework", 1),
        ("independent", 2),
        ("test", 3),
    ];
    for (k, (kind, weight)) in kinds.into_iter().enumerate() {
        ops.push(JournalOp::GiveMark {
            id: MarkId::new(),
            lesson,
            student: pick(k + 3),
            value: MarkValue::Points(2 + ((day + k) % 4) as u8),
            kind: kind.into(),
            weight,
            comment: String::new(),
        });
    }
    ops.push(JournalOp::SetTopic {
        lesson,
        topic: format!("Тема урока, день {day}"),
    });
    ops.push(JournalOp::SetHomework {
        lesson,
        homework: format!("§{}, № {}–{}", day + 1, day * 3, day * 3 + 5),
    });
    ops
}

struct DaySync {
    rounds: u32,
    sent: u64,
    received: u64,
    wall: Duration,
}

fn main() -> Result<()> {
    let args = args()?;
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; run with --release for representative numbers");
    }
    let tmp = tempfile::tempdir()?;
    eprintln!("bench: starting the demo server…");
    let server = Server::start(&tmp.path().join("server"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let dir = tmp.path().join("device");
    std::fs::create_dir_all(&dir)?;
    let replica = Mutex::new(Replica::open(&dir)?);
    let api: Api = rt.block_on(sync::login(
        &replica,
        &server.url(),
        "teacher",
        DEMO_PASSWORD,
        "bench",
    ))?;
    let first = rt.block_on(sync::sync_once(&replica, &api))?;
    let lock = || replica.lock().unwrap_or_else(|e| e.into_inner());
    let docs = lock().docs().count();
    eprintln!(
        "bench: first sync: {} rounds, {} docs, {} B received",
        first.rounds, docs, first.bytes_received
    );

    // The current study period and the teacher's school days in it.
    let today = chrono::Local::now().date_naive();
    let (start, end) = {
        let mut r = lock();
        let school = r.school()?;
        let periods = school.current_periods();
        let p = periods
            .iter()
            .find(|p| p.contains(today))
            .or_else(|| periods.iter().rev().find(|p| p.start <= today))
            .or(periods.first())
            .ok_or_else(|| anyhow!("the demo school has no study period"))?;
        (p.start, p.end)
    };
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut own_journals: BTreeSet<DocId> = BTreeSet::new();
    let mut d = start;
    while d <= end && days.len() < args.days {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            let lessons = lock().today(d)?;
            let real: Vec<_> = lessons
                .iter()
                .filter(|l| l.lesson.is_some() && l.journal.is_some())
                .collect();
            if !real.is_empty() {
                own_journals.extend(real.iter().filter_map(|l| l.journal));
                days.push(d);
            }
        }
        d = d.succ_opt().ok_or_else(|| anyhow!("date overflow"))?;
    }
    if days.is_empty() {
        bail!("the teacher has no lessons in the period {start}..{end}");
    }
    eprintln!(
        "bench: {} school days in {start}..{end}, {} own journals",
        days.len(),
        own_journals.len()
    );

    // 1. Days of offline work, each followed by one sync.
    let mut taps: Vec<Duration> = Vec::new();
    let mut syncs: Vec<DaySync> = Vec::new();
    let mut lessons_total = 0usize;
    let cpu0 = server
        .cpu_time()
        .ok_or_else(|| anyhow!("no CPU time of the server"))?;
    let mut sync_cpu = Duration::ZERO;
    for (i, day) in days.iter().enumerate() {
        let lessons = lock().today(*day)?;
        for l in lessons {
            let (Some(doc), Some(lesson)) = (l.journal, l.lesson) else {
                continue;
            };
            let students: Vec<_> = lock()
                .journal(doc)?
                .students_in_order()
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            if students.is_empty() {
                continue;
            }
            lessons_total += 1;
            for op in lesson_ops(lesson, &students, i) {
                let mut r = lock();
                let t0 = Instant::now();
                r.apply_journal_op(doc, &op)
                    .with_context(|| format!("tap on {day}"))?;
                taps.push(t0.elapsed());
            }
        }
        let c0 = server.cpu_time().unwrap_or_default();
        let t0 = Instant::now();
        let rep = rt.block_on(sync::sync_once(&replica, &api))?;
        let wall = t0.elapsed();
        sync_cpu += server.cpu_time().unwrap_or_default().saturating_sub(c0);
        if !rep.rejections.is_empty() || !rep.converged || rep.pending != 0 {
            bail!("day {day}: the sync did not go through: {rep:?}");
        }
        syncs.push(DaySync {
            rounds: rep.rounds,
            sent: rep.bytes_sent,
            received: rep.bytes_received,
            wall,
        });
    }
    let cpu_days = server.cpu_time().unwrap_or_default().saturating_sub(cpu0);
    taps.sort();

    // 1b. What a tap is made of: the same taps with `synchronous=NORMAL` (survives an app
    // crash, not a power cut), the Automerge apply alone, and a bare SQLite commit on the same
    // disk with `synchronous=FULL`.
    let probe_day = days[days.len() / 2];
    let probe: Vec<(DocId, Vec<JournalOp>)> = {
        let mut r = lock();
        let mut v = Vec::new();
        for l in r.today(probe_day)? {
            let (Some(doc), Some(lesson)) = (l.journal, l.lesson) else {
                continue;
            };
            let students: Vec<_> = r
                .journal(doc)?
                .students_in_order()
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            for k in 0..6 {
                v.push((doc, lesson_ops(lesson, &students, 1000 + k)));
            }
        }
        v
    };
    drop(replica);
    let mut taps_normal = Vec::new();
    {
        let store = zvonok_client::Store::open_with(&dir, zvonok_client::Durability::Normal)?;
        let mut r = Replica::with_store(store)?;
        for (doc, ops) in &probe {
            for op in ops {
                let t0 = Instant::now();
                r.apply_journal_op(*doc, op)?;
                taps_normal.push(t0.elapsed());
            }
        }
    }
    taps_normal.sort();
    let mut taps_memory = Vec::new();
    {
        let mut r = Replica::open(&dir)?;
        let mut docs_in_memory = std::collections::HashMap::new();
        for (doc, ops) in &probe {
            let d = docs_in_memory
                .entry(*doc)
                .or_insert_with(|| r.doc(*doc).map(|d| d.fork()).map_err(|e| e.to_string()));
            let d = d.as_mut().map_err(|e| anyhow!("{e}"))?;
            for op in ops {
                let t0 = Instant::now();
                zvonok_core::doc::journal::apply(d, op, Default::default())?;
                d.commit();
                taps_memory.push(t0.elapsed());
            }
        }
    }
    taps_memory.sort();
    let fsync_baseline = bare_commits(&tmp.path().join("baseline.sqlite3"), 300)?;
    let replica = Mutex::new(Replica::open(&dir)?);
    let lock = || replica.lock().unwrap_or_else(|e| e.into_inner());
    // The NORMAL taps are real changes: send them (not counted as a day).
    let rep = rt.block_on(sync::sync_once(&replica, &api))?;
    if rep.pending != 0 || !rep.rejections.is_empty() {
        bail!("the probe taps did not sync: {rep:?}");
    }

    // 2. Cold open.
    lock().compact_all()?;
    let db_bytes = std::fs::metadata(dir.join(zvonok_client::store::FILE_NAME))
        .map(|m| m.len())
        .unwrap_or(0);
    drop(replica);
    let mut opens: Vec<Duration> = Vec::new();
    let mut parts: Vec<[Duration; 4]> = Vec::new();
    for _ in 0..15 {
        let t0 = Instant::now();
        let p = cold_open(&dir, &own_journals, days[days.len() / 2])?;
        opens.push(t0.elapsed());
        parts.push(p);
    }
    opens.sort();
    let part = |i: usize| {
        let mut v: Vec<Duration> = parts.iter().map(|p| p[i]).collect();
        v.sort();
        percentile(&v, 0.5)
    };
    let replica = Mutex::new(Replica::open(&dir)?);

    // 3. Idle polls.
    let body = {
        let mut r = replica.lock().unwrap_or_else(|e| e.into_inner());
        let req = SyncSession::new()
            .next_request(&mut r)?
            .ok_or_else(|| anyhow!("no idle request"))?;
        if req.entries.iter().any(|e| e.message.is_some()) {
            bail!("the device still has something to say after the last sync");
        }
        req.encode()
    };
    let token = replica
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .credentials()
        .map(|c| c.token.clone())
        .ok_or_else(|| anyhow!("no token"))?;
    let (polls, poll_wall, poll_cpu, reply_bytes) =
        idle_polls(&server, &token, &body, args.poll_secs, args.threads)?;

    // The table.
    let days_n = syncs.len() as u64;
    let rounds: Vec<u64> = syncs.iter().map(|s| u64::from(s.rounds)).collect();
    let sent: Vec<u64> = syncs.iter().map(|s| s.sent).collect();
    let recv: Vec<u64> = syncs.iter().map(|s| s.received).collect();
    let mut walls: Vec<Duration> = syncs.iter().map(|s| s.wall).collect();
    walls.sort();
    let max_rounds = rounds.iter().copied().max().unwrap_or(0);
    let per_sec = |n: u64, cpu: Duration| {
        if cpu.is_zero() {
            f64::INFINITY
        } else {
            n as f64 / cpu.as_secs_f64()
        }
    };
    let day_rate = per_sec(days_n, sync_cpu);
    let poll_rate = per_sec(polls, poll_cpu);
    let mut t = String::new();
    t.push_str("| measure | target | measured | notes |\n|---|---|---|---|\n");
    t.push_str(&format!(
        "| tap made durable on the device | ≤ 1 ms median | median {}, p99 {}, max {} | {} taps (`Replica::apply_journal_op`, SQLite `synchronous=FULL`) over {} lessons |\n",
        ms(percentile(&taps, 0.5)),
        ms(percentile(&taps, 0.99)),
        ms(*taps.last().unwrap_or(&Duration::ZERO)),
        taps.len(),
        lessons_total
    ));
    t.push_str(&format!(
        "| … the same tap with `synchronous=NORMAL` | | median {}, p99 {} | {} taps; durable against an app crash, not a power cut |\n",
        ms(percentile(&taps_normal, 0.5)),
        ms(percentile(&taps_normal, 0.99)),
        taps_normal.len()
    ));
    t.push_str(&format!(
        "| … the Automerge apply + commit alone | | median {}, p99 {} | `journal::apply` on the in-memory document, no storage |\n",
        ms(percentile(&taps_memory, 0.5)),
        ms(percentile(&taps_memory, 0.99))
    ));
    t.push_str(&format!(
        "| … a bare one-row SQLite commit, `synchronous=FULL`, same disk | | median {}, p99 {} | the disk's flush: the floor of a durable tap here |\n",
        ms(fsync_baseline.0),
        ms(fsync_baseline.1)
    ));
    t.push_str(&format!(
        "| cold open of the teacher's replica | ≤ 100 ms | median {}, max {} | open + school + timetable + rosters + {} own journals ({} days filled) + `today()`; {} documents on the device, {:.1} MB file; OS file cache warm. Medians of the parts: open {}, school + timetable + rosters {}, journals {}, `today()` {} |\n",
        ms(percentile(&opens, 0.5)),
        ms(*opens.last().unwrap_or(&Duration::ZERO)),
        own_journals.len(),
        days_n,
        docs,
        db_bytes as f64 / 1e6,
        ms(part(0)),
        ms(part(1)),
        ms(part(2)),
        ms(part(3))
    ));
    t.push_str(&format!(
        "| a school day of offline work synced | ≤ 2 round trips | median {} round trips (max {max_rounds}); median {} B sent, {} B received; median {} wall | ~{} taps a day, {} day-syncs |\n",
        median_u64(&rounds),
        median_u64(&sent),
        median_u64(&recv),
        ms(percentile(&walls, 0.5)),
        taps.len() as u64 / days_n.max(1),
        days_n
    ));
    t.push_str(&format!(
        "| server day-syncs per CPU-second | ≥ 300 | {day_rate:.0} | {days_n} day-syncs used {} of server CPU (user+system, all threads; {} over the whole phase incl. idle); documents hot |\n",
        cpu_ms(sync_cpu),
        cpu_ms(cpu_days)
    ));
    t.push_str(&format!(
        "| server idle polls per CPU-second | ≥ 10,000 | {poll_rate:.0} ({:.0} document entries) | {polls} polls of all {docs} documents ({} B request, {reply_bytes} B reply) over {} connections in {:.1} s wall ({:.0}/s), {} server CPU |\n",
        poll_rate * docs as f64,
        body.len(),
        args.threads,
        poll_wall.as_secs_f64(),
        polls as f64 / poll_wall.as_secs_f64().max(1e-9),
        cpu_ms(poll_cpu)
    ));
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let out = format!("Machine: {}. Build: {profile}.\n\n{t}", machine());
    println!("{out}");
    if let Some(path) = args.out {
        std::fs::write(&path, &out).with_context(|| format!("writing {path}"))?;
    }
    Ok(())
}

/// What the app does when the teacher opens it: the store, the school, the timetable, the
/// rosters, the journals of the teacher's own lessons, and the day's lessons.
/// Returns the time of each part: open, school + timetable + rosters, own journals, `today()`.
fn cold_open(dir: &Path, journals: &BTreeSet<DocId>, day: NaiveDate) -> Result<[Duration; 4]> {
    let t0 = Instant::now();
    let mut r = Replica::open(dir)?;
    let t1 = Instant::now();
    r.school()?;
    r.timetable()?;
    r.rosters()?;
    let t2 = Instant::now();
    for id in journals {
        r.journal(*id)?;
    }
    let t3 = Instant::now();
    let lessons = r.today(day)?;
    let t4 = Instant::now();
    if lessons.is_empty() {
        bail!("cold open: no lessons on {day}");
    }
    Ok([t1 - t0, t2 - t1, t3 - t2, t4 - t3])
}

/// Median and p99 of `n` bare one-row SQLite commits (WAL, `synchronous=FULL`) in `path`.
fn bare_commits(path: &Path, n: usize) -> Result<(Duration, Duration)> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB);",
    )?;
    let blob = vec![7u8; 300];
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        conn.execute("INSERT INTO t(b) VALUES (?1)", [&blob])?;
        v.push(t0.elapsed());
    }
    v.sort();
    Ok((percentile(&v, 0.5), percentile(&v, 0.99)))
}

/// Sends the idle request over `threads` kept-alive connections for `secs` seconds; returns
/// (polls, wall time, server CPU time, reply size).
fn idle_polls(
    server: &Server,
    token: &str,
    body: &[u8],
    secs: u64,
    threads: usize,
) -> Result<(u64, Duration, Duration, usize)> {
    let addr = server.addr;
    let request = http::Request {
        method: "POST",
        path: "/v1/sync",
        token: Some(token),
        content_type: Some(zvonok_core::wire::SYNC_CONTENT_TYPE),
        body,
        ..Default::default()
    };
    // One poll first: it must be answered with nothing to do.
    let first = http::Conn::open(addr)?.request(&request)?;
    if first.status != 200 {
        bail!("idle poll: HTTP {} {}", first.status, first.text());
    }
    let resp = zvonok_core::wire::SyncResponse::decode(&first.body)
        .map_err(|e| anyhow!("idle reply: {e}"))?;
    if resp.replies.iter().any(|r| r.message.is_some()) || !resp.rejections.is_empty() {
        bail!(
            "an idle poll got something to do: {} replies with messages",
            resp.replies.len()
        );
    }
    let reply_bytes = first.body.len();
    let deadline = Duration::from_secs(secs.max(1));
    let max_polls: u64 = 5_000_000;
    let cpu0 = server.cpu_time().unwrap_or_default();
    let t0 = Instant::now();
    let counts: Vec<Result<u64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| -> Result<u64> {
                    let mut conn = http::Conn::open(addr)?;
                    let mut n = 0u64;
                    while t0.elapsed() < deadline && n < max_polls {
                        let r = conn.request(&request)?;
                        if r.status != 200 {
                            bail!("idle poll: HTTP {}", r.status);
                        }
                        n += 1;
                    }
                    Ok(n)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("poll thread panicked")))
            })
            .collect()
    });
    let wall = t0.elapsed();
    let cpu = server.cpu_time().unwrap_or_default().saturating_sub(cpu0);
    let mut polls = 0;
    for c in counts {
        polls += c?;
    }
    Ok((polls, wall, cpu, reply_bytes))
}
