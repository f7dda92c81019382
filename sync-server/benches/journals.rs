//! Journals and lessons generated for a whole school year of a 30-class school (grades 5–9,
//! six classes each, 12 subjects, 30 lessons a week per class, four quarters with holidays):
//! the server's provisioning from an empty set of journals (creates every journal with its
//! lessons), then a second run that compares every journal and writes nothing.
//! `cargo bench -p zvonok-server --bench journals` (target: ≤ 5 s for the first run). The
//! year is a past one, so every period has begun and all its journals are made at once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, Weekday};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::Cohort;
use zvonok_server::provision::{self, new_doc};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::{DocMeta, Storage};
use zvonok_server::AppState;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn school() -> (SchoolData, TimetableData, Vec<RosterData>) {
    let mut s = SchoolData {
        week_days: 5,
        ..SchoolData::default()
    };
    let year = YearId::new();
    s.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2025/2026".into(),
            start: d(2025, 9, 1),
            end: d(2026, 5, 31),
        },
    );
    s.current_year = Some(year);
    let quarters = [
        (d(2025, 9, 1), d(2025, 10, 23)),
        (d(2025, 11, 2), d(2025, 12, 29)),
        (d(2026, 1, 11), d(2026, 3, 19)),
        (d(2026, 3, 29), d(2026, 5, 31)),
    ];
    for (i, (start, end)) in quarters.into_iter().enumerate() {
        let id = PeriodId::new();
        s.periods.insert(
            id,
            StudyPeriod {
                id,
                year,
                kind: PeriodKind::Quarter,
                number: i as u8 + 1,
                start,
                end,
            },
        );
    }
    for (title, start, end) in [
        ("Осенние каникулы", d(2025, 10, 24), d(2025, 11, 1)),
        ("Зимние каникулы", d(2025, 12, 30), d(2026, 1, 10)),
        ("Весенние каникулы", d(2026, 3, 20), d(2026, 3, 28)),
    ] {
        let id = HolidayId::new();
        s.holidays.insert(
            id,
            Holiday {
                id,
                year,
                title: title.into(),
                start,
                end,
            },
        );
    }
    let subjects: Vec<SubjectId> = (0..12)
        .map(|i| {
            let id = SubjectId::new();
            s.subjects.insert(
                id,
                Subject {
                    id,
                    name: format!("Предмет {i}"),
                    grades: (5..=9).collect(),
                },
            );
            id
        })
        .collect();
    let mut tt = TimetableData {
        year,
        slots: BTreeMap::new(),
        versions: Default::default(),
        cycle_start: None,
    };
    let mut rosters = Vec::new();
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    for grade in 5..=9u8 {
        for letter in ["А", "Б", "В", "Г", "Д", "Е"] {
            let id = ClassId::new();
            s.classes.insert(
                id,
                Class {
                    id,
                    year,
                    grade,
                    letter: letter.into(),
                    class_teacher: None,
                },
            );
            for (di, w) in days.iter().enumerate() {
                for n in 1..=6u8 {
                    let slot = SlotId::new();
                    tt.slots.insert(
                        slot,
                        Slot {
                            id: slot,
                            weekday: *w,
                            number: n,
                            cohort: Cohort::Class(id),
                            subject: subjects[(di * 6 + usize::from(n)) % subjects.len()],
                            teacher: StaffId::new(),
                            co_teachers: Vec::new(),
                            room: String::new(),
                            week: Default::default(),
                            version: None,
                        },
                    );
                }
            }
            let mut r = RosterData::new(id);
            for k in 0..25 {
                let st = StudentId::new();
                r.students.insert(
                    st,
                    Student {
                        id: st,
                        last_name: format!("Ученик{k}"),
                        first_name: "Имя".into(),
                        middle_name: String::new(),
                        active: true,
                    },
                );
            }
            rosters.push(r);
        }
    }
    (s, tt, rosters)
}

fn main() {
    let (s, tt, rosters) = school();
    let storage = Arc::new(SqliteStorage::in_memory().expect("storage"));
    let mut docs = vec![
        new_doc(
            DocKind::School,
            "Школа".into(),
            DocMeta::default(),
            s.to_doc().expect("school"),
        ),
        new_doc(
            DocKind::Timetable,
            provision::timetable_title("2025/2026"),
            DocMeta {
                year: Some(tt.year),
                ..DocMeta::default()
            },
            tt.to_doc().expect("timetable"),
        ),
    ];
    for r in &rosters {
        docs.push(new_doc(
            DocKind::Roster,
            provision::roster_title("класса"),
            DocMeta {
                class: Some(r.class),
                ..DocMeta::default()
            },
            r.to_doc().expect("roster"),
        ));
    }
    storage.create_docs(&docs).expect("docs");
    let state = AppState::new(storage.clone(), 1 << 20);

    let t = Instant::now();
    let created = provision::after_school_change(&state).expect("provision");
    let first = t.elapsed();
    let journals: Vec<_> = storage
        .docs()
        .expect("docs")
        .into_iter()
        .filter(|r| r.kind == DocKind::Journal)
        .collect();
    let lessons: usize = zvonok_core::lesson_plan::plan_year(&s, &tt)
        .iter()
        .map(|p| p.lessons.len())
        .sum();
    provision::forget_last_run(&state);
    let t = Instant::now();
    let again = provision::after_school_change(&state).expect("again");
    let second = t.elapsed();
    let t = Instant::now();
    let plans = zvonok_core::lesson_plan::plan_year(&s, &tt);
    let planning = t.elapsed();

    println!("| measurement (30 classes, 12 subjects, 900 slots, 4 quarters) | result |");
    println!("|---|---|");
    println!(
        "| planning only (`lesson_plan::plan_year`, {} journals) | {:.1} ms |",
        plans.len(),
        planning.as_secs_f64() * 1000.0
    );
    println!(
        "| first run: {} documents created ({} journals, {lessons} lessons) | {:.2} s |",
        created,
        journals.len(),
        first.as_secs_f64()
    );
    println!(
        "| second run: every journal compared, {again} written | {:.2} s |",
        second.as_secs_f64()
    );
}
