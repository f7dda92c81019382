//! Import benchmark: 1,000 students with 1,800 guardians (deterministic, `sample::students`)
//! as CSV (UTF-8 `,`; Windows-1251 `;`) and XLSX bytes; times decode + parse (read) and
//! validate + plan, median of several runs, and prints a Markdown table.
//!
//! `cargo run --release -p zvonok-import --bin import-bench -- [--students N] [--runs R]`

use std::time::{Duration, Instant};

use zvonok_import::encoding::encode_windows_1251;
use zvonok_import::{
    export_class_list, plan, read_table, sample, Delimiter, ExistingPeople, ImportKind, ImportPlan,
    ReadOptions,
};

struct Args {
    students: usize,
    runs: usize,
}

fn args() -> Args {
    let mut out = Args {
        students: 1000,
        runs: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let value = it.next().and_then(|v| v.parse().ok());
        match (a.as_str(), value) {
            ("--students", Some(v)) => out.students = v,
            ("--runs", Some(v)) => out.runs = v,
            _ => {
                eprintln!("usage: import-bench [--students N] [--runs R]");
                std::process::exit(2);
            }
        }
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Measured {
    read: Duration,
    plan: Duration,
    total: Duration,
    last: ImportPlan,
}

fn measure(bytes: &[u8], classes: &[String], existing: &ExistingPeople, runs: usize) -> Measured {
    let mut reads = Vec::new();
    let mut plans = Vec::new();
    let mut totals = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let table = read_table(bytes, &ReadOptions::default()).expect("readable sample");
        let t1 = Instant::now();
        let p = plan(
            &table.table,
            ImportKind::StudentsWithGuardians,
            existing,
            classes,
        )
        .expect("sample has all columns");
        let t2 = Instant::now();
        reads.push(t1 - t0);
        plans.push(t2 - t1);
        totals.push(t2 - t0);
        last = Some(p);
    }
    Measured {
        read: median(reads),
        plan: median(plans),
        total: median(totals),
        last: last.expect("at least one run"),
    }
}

fn main() {
    let a = args();
    let runs = a.runs.max(1);
    let t = Instant::now();
    let entries = sample::students(a.students);
    let classes = sample::class_names();
    let csv_utf8 = sample::students_csv(&entries, Delimiter::Comma).into_bytes();
    let csv_1251 = encode_windows_1251(&sample::students_csv(&entries, Delimiter::Semicolon));
    let xlsx = sample::students_xlsx(&entries).expect("export works");
    let generated = t.elapsed();
    println!(
        "# import bench: {} students, {} runs each (median); inputs generated in {}",
        a.students,
        runs,
        ms(generated)
    );
    println!();
    println!("| input | bytes | read (decode+parse) | validate+plan | total | rows/s | students / guardians / links to add | errors | re-import adds |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let inputs: [(&str, &[u8]); 3] = [
        ("CSV UTF-8 `,`", &csv_utf8),
        ("CSV Windows-1251 `;`", &csv_1251),
        ("XLSX", &xlsx),
    ];
    let empty = ExistingPeople::new();
    for (name, bytes) in inputs {
        let m = measure(bytes, &classes, &empty, runs);
        let c = m.last.counts;
        // Re-import against the state after applying: must add nothing.
        let mut after = ExistingPeople::new();
        after.include(&m.last);
        let again = measure(bytes, &classes, &after, 1).last.counts;
        println!(
            "| {name} | {} | {} | {} | {} | {:.0} | {} / {} / {} | {} | {} rows |",
            bytes.len(),
            ms(m.read),
            ms(m.plan),
            ms(m.total),
            c.rows as f64 / m.total.as_secs_f64(),
            c.students_to_add,
            c.guardians_to_add,
            c.links_to_add,
            c.errors,
            again.rows_to_add,
        );
    }
    let mut exports = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let bytes = export_class_list("школа", &entries).expect("export works");
        exports.push(t.elapsed());
        std::hint::black_box(bytes);
    }
    println!();
    println!(
        "export of the same {} students as an XLSX class list: {} (median)",
        a.students,
        ms(median(exports))
    );
}
