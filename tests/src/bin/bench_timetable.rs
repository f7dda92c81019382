//! `zvonok-bench-timetable`: the cost of the timetable's rules on a 30-class school week
//! (`core::fixtures::big_timetable`: 30 classes, six days, 1,010 slots), as the coordinator's
//! screen pays it after every edit and the server pays it for every incoming timetable change.
//! Prints a table of medians and maxima over `--runs` (default 30). Native code, release build:
//! `cargo run --release -p zvonok-tests --bin zvonok-bench-timetable`.

use anyhow::{Context, Result};
use zvonok_core::doc::journal::JournalPermission;
use zvonok_core::doc::timetable_ops::{self, TimetableOp};
use zvonok_core::doc::DocKind;
use zvonok_core::fixtures::big_timetable;
use zvonok_core::timetable_rules;
use zvonok_core::validate::{validate_incoming, CheckContext};
use zvonok_tests::timing::{runs_from_args, time};

fn main() -> Result<()> {
    let runs = runs_from_args(30)?;
    let (school, timetable) = big_timetable();
    let mut doc = timetable.to_doc()?;
    let slots = timetable.slots.len();
    // One edit: the first slot moves to the last lesson of its day (a clash-free move is not
    // guaranteed: the rules run either way, which is what is measured).
    let mut moved = timetable
        .slots
        .values()
        .next()
        .context("the fixture has slots")?
        .clone();
    moved.number = 6;
    let op = TimetableOp::PutSlot { slot: moved };

    let mut rows: Vec<(&str, (f64, f64), String)> = Vec::new();
    let problems = timetable_rules::problems(&school, &timetable).len();
    rows.push((
        "all problems of the week (`timetable_rules::problems`)",
        time(runs, || {
            timetable_rules::problems(&school, &timetable);
            Ok(())
        })?,
        format!("{slots} slots, {problems} problems"),
    ));
    rows.push((
        "one edit checked on the device (`TimetableOp::check`)",
        time(runs, || {
            let _ = timetable_ops::check(&doc, &school, &op);
            Ok(())
        })?,
        "reads the document, applies the edit to a copy, compares both weeks' problems".into(),
    ));
    let mut device = doc.fork();
    let verdict = timetable_ops::apply(&mut device, &school, &op)
        .map(|_| "accepted".to_string())
        .unwrap_or_else(|e| format!("refused: {e}"));
    device.commit();
    let before = doc.get_heads();
    rows.push((
        "the same edit checked by the server (`validate_incoming`)",
        time(runs, || {
            let mut trial = doc.fork();
            trial.merge(&mut device.clone())?;
            let cx = CheckContext {
                perm: JournalPermission::default(),
                school: Some(&school),
                ..CheckContext::default()
            };
            let _ = validate_incoming(DocKind::Timetable, &mut trial, &before, &cx);
            Ok(())
        })?,
        format!("fork + merge + schema walk + rules; the device's verdict: {verdict}"),
    ));

    println!("zvonok-bench-timetable: {runs} runs each, release build, native");
    println!();
    println!("| measure | median | max | notes |");
    println!("|---|---|---|---|");
    for (what, (median, max), notes) in rows {
        println!("| {what} | {median:.2} ms | {max:.2} ms | {notes} |");
    }
    Ok(())
}
