//! Timetable import benchmark: a generated FET CSV export of a school of 30 classes (about
//! 1,000 weekly hours: Russian day names, hours as bell times, teachers «Фамилия И.О.», some
//! two-hour activities and English in subgroups «5А_1»/«5А_2»), read, matched and planned
//! against an empty timetable (the first import's preview), applied, and planned again (the
//! re-import's preview, which must change nothing). Median of several runs, as a Markdown
//! table.
//!
//! `cargo run --release -p zvonok-import --bin timetable-bench -- [--classes N] [--runs R]`

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, GroupId, StaffId, SubjectId, YearId};
use zvonok_core::model::{Bell, Class, Group, StaffMember, Subject};
use zvonok_import::timetable::{map_timetable, plan_mapped, read_fet_csv};
use zvonok_import::{CsvOptions, NameMap};

const DAYS: [&str; 5] = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница"];
const BELLS: [(&str, &str); 7] = [
    ("08:30", "09:15"),
    ("09:25", "10:10"),
    ("10:30", "11:15"),
    ("11:35", "12:20"),
    ("12:30", "13:15"),
    ("13:25", "14:10"),
    ("14:20", "15:05"),
];
const SUBJECTS: [&str; 12] = [
    "Математика",
    "Русский язык",
    "Литература",
    "Английский язык",
    "История",
    "География",
    "Биология",
    "Физика",
    "Химия",
    "Информатика",
    "Физическая культура",
    "Музыка",
];
const LAST: [&str; 10] = [
    "Иванова",
    "Петров",
    "Смирнова",
    "Кузнецов",
    "Попова",
    "Соколов",
    "Лебедева",
    "Козлов",
    "Новикова",
    "Морозов",
];
const FIRST: [&str; 6] = ["Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор"];

struct Args {
    classes: usize,
    runs: usize,
}

fn args() -> Args {
    let mut out = Args {
        classes: 30,
        runs: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let value = it.next().and_then(|v| v.parse().ok());
        match (a.as_str(), value) {
            ("--classes", Some(v)) => out.classes = v,
            ("--runs", Some(v)) => out.runs = v,
            _ => {
                eprintln!("usage: timetable-bench [--classes N] [--runs R]");
                std::process::exit(2);
            }
        }
    }
    out
}

/// The school: `classes` classes (grades 5–11, letters А–Д), each with groups «1» and «2»;
/// 60 teachers named by combinations of [`LAST`] and [`FIRST`].
fn school(classes: usize) -> (SchoolData, Vec<String>, Vec<String>) {
    let year = YearId::new();
    let mut data = SchoolData {
        week_days: 5,
        current_year: Some(year),
        ..SchoolData::default()
    };
    let mut teacher_names = Vec::new();
    for (i, last) in LAST.iter().enumerate() {
        for (j, first) in FIRST.iter().enumerate() {
            let id = StaffId::new();
            let middle = FIRST[(i + j + 1) % FIRST.len()];
            data.staff.insert(
                id,
                StaffMember {
                    id,
                    last_name: (*last).into(),
                    first_name: (*first).into(),
                    middle_name: format!("{middle}овна"),
                    position: "Учитель".into(),
                },
            );
            let initial = |s: &str| s.chars().next().unwrap_or('?');
            teacher_names.push(format!("{last} {}.{}.", initial(first), initial(middle)));
        }
    }
    for name in SUBJECTS {
        let id = SubjectId::new();
        data.subjects.insert(
            id,
            Subject {
                id,
                name: name.into(),
                grades: (5..=11).collect(),
            },
        );
    }
    let mut class_names = Vec::new();
    for k in 0..classes {
        let id = ClassId::new();
        let grade = 5 + (k / 5) as u8;
        let letter = ["А", "Б", "В", "Г", "Д"][k % 5];
        data.classes.insert(
            id,
            Class {
                id,
                year,
                grade,
                letter: letter.into(),
                class_teacher: None,
            },
        );
        class_names.push(format!("{grade}{letter}"));
        for g in ["1", "2"] {
            let gid = GroupId::new();
            data.groups.insert(
                gid,
                Group {
                    id: gid,
                    class: id,
                    name: format!("Англ. {g}"),
                },
            );
        }
    }
    data.bells = BELLS
        .iter()
        .enumerate()
        .map(|(i, (s, e))| Bell {
            number: i as u8 + 1,
            start: (*s).into(),
            end: (*e).into(),
        })
        .collect();
    (data, class_names, teacher_names)
}

/// FET's CSV export for the school: per class 33 hours a week (7+7+7+6+6), the first two
/// lessons of Monday one two-hour maths activity, English in two subgroups at once.
fn fet_csv(classes: &[String], teachers: &[String]) -> String {
    let mut out = String::from("\u{feff}\"Activity Id\";\"Day\";\"Hour\";\"Students Sets\";\"Subject\";\"Teachers\";\"Activity Tags\";\"Room\";\"Comments\"\r\n");
    let mut activity = 0usize;
    let row = |out: &mut String,
               id: usize,
               day: &str,
               h: usize,
               set: &str,
               subject: &str,
               teacher: &str,
               room: &str| {
        let (s, e) = BELLS[h];
        let _ = write!(
            out,
            "\"{id}\";\"{day}\";\"{s}-{e}\";\"{set}\";\"{subject}\";\"{teacher}\";\"\";\"{room}\";\"\"\r\n"
        );
    };
    for (c, class) in classes.iter().enumerate() {
        for (d, day) in DAYS.iter().enumerate() {
            let hours = if d < 3 { 7 } else { 6 };
            for h in 0..hours {
                let teacher = &teachers[(c * 7 + d * 3 + h) % teachers.len()];
                let room = format!("{}", 100 + (c * 3 + h) % 60);
                if d == 0 && h < 2 {
                    if h == 0 {
                        activity += 1;
                    }
                    row(
                        &mut out,
                        activity,
                        day,
                        h,
                        class,
                        "Математика",
                        teacher,
                        &room,
                    );
                    continue;
                }
                activity += 1;
                let subject = SUBJECTS[(c + d * 7 + h) % SUBJECTS.len()];
                if subject == "Английский язык" {
                    for g in 1..=2 {
                        let t = &teachers[(c + g * 11 + d) % teachers.len()];
                        row(
                            &mut out,
                            activity,
                            day,
                            h,
                            &format!("{class}_{g}"),
                            subject,
                            t,
                            &room,
                        );
                        activity += 1;
                    }
                } else {
                    row(&mut out, activity, day, h, class, subject, teacher, &room);
                }
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

fn main() {
    let a = args();
    let runs = a.runs.max(1);
    let (school, classes, teachers) = school(a.classes);
    let csv = fet_csv(&classes, &teachers);
    let bytes = csv.as_bytes();
    let names = NameMap::new();
    let empty = TimetableData {
        year: school.current_year.unwrap_or_default(),
        slots: BTreeMap::new(),
        versions: Default::default(),
        cycle_start: None,
    };

    let (mut reads, mut maps, mut plans, mut applies, mut replans) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut summary = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let source = read_fet_csv(bytes, &CsvOptions::default()).expect("generated CSV reads");
        let t1 = Instant::now();
        let mapped = map_timetable(&source, &school, &names, empty.year);
        let t2 = Instant::now();
        let plan = plan_mapped(mapped, &empty);
        let t3 = Instant::now();
        let mut timetable = empty.clone();
        plan.apply(&mut timetable);
        let t4 = Instant::now();
        let again = plan_mapped(
            map_timetable(&source, &school, &names, empty.year),
            &timetable,
        );
        let t5 = Instant::now();
        reads.push(t1 - t0);
        maps.push(t2 - t1);
        plans.push(t3 - t2);
        applies.push(t4 - t3);
        replans.push(t5 - t4);
        summary = Some((
            source.activities.len(),
            plan.counts.added,
            plan.errors.len() + plan.unmatched.len(),
            again.slots_to_put.len() + again.slots_to_remove.len(),
        ));
    }
    let (rows, added, problems, reimport) = summary.expect("at least one run");
    let (read, map, plan, apply, replan) = (
        median(reads),
        median(maps),
        median(plans),
        median(applies),
        median(replans),
    );
    println!(
        "# timetable import bench: FET CSV, {} classes, {} rows ({} bytes), {} runs each (median)",
        a.classes,
        rows,
        bytes.len(),
        runs
    );
    println!();
    println!("| step | time |");
    println!("|---|---|");
    println!("| read (decode + CSV + lessons) | {} |", ms(read));
    println!("| match names to the school | {} |", ms(map));
    println!("| plan against an empty timetable | {} |", ms(plan));
    println!(
        "| preview total (read + match + plan) | {} |",
        ms(read + map + plan)
    );
    println!("| apply the plan to the timetable | {} |", ms(apply));
    println!(
        "| re-import preview (match + plan against the result) | {} |",
        ms(replan)
    );
    println!();
    println!(
        "slots added: {added}; errors and unmatched names: {problems}; re-import changes: {reimport}"
    );
}
