//! Invariants of the demo school: complete weekly hours, no teacher in two places at once,
//! the fixed logins exist and point at the right people.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::rights::Cohort;
use zvonok_server::demo::curriculum::SUBJECTS;
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::Storage;

fn load(s: &SqliteStorage, kind: DocKind) -> automerge::AutoCommit {
    let rec = s
        .docs()
        .expect("docs")
        .into_iter()
        .find(|d| d.kind == kind)
        .expect("doc of kind");
    let stored = s.load_doc(rec.id).expect("load").expect("stored");
    automerge::AutoCommit::load(&stored.snapshot.expect("snapshot")).expect("automerge")
}

#[test]
fn demo_timetable_and_logins() {
    let s = SqliteStorage::in_memory().expect("db");
    let today = NaiveDate::from_ymd_opt(2027, 2, 10).expect("date");
    let opt = DemoOptions {
        students_per_class: 4,
        history_days: 3,
        ..DemoOptions::full(today)
    };
    let report = generate(&s, &opt).expect("demo");
    let school = SchoolData::from_doc(&load(&s, DocKind::School)).expect("school");
    assert_eq!(school.classes.len(), 18);
    assert_eq!(
        school.years.values().next().map(|y| y.title.as_str()),
        Some("2026/2027"),
        "year follows today"
    );
    let tt = TimetableData::from_doc(&load(&s, DocKind::Timetable)).expect("timetable");
    // The demo week passes every timetable rule (rooms, teachers, classes, plan), so its
    // timetable screen opens without a conflict.
    let problems = zvonok_core::timetable_rules::problems(&school, &tt);
    assert!(problems.is_empty(), "{problems:#?}");

    let mut busy = HashSet::new();
    let mut hours: HashMap<(Cohort, String), u8> = HashMap::new();
    for slot in tt.slots.values() {
        assert!(
            busy.insert((slot.teacher, slot.weekday, slot.number)),
            "teacher in two places: {slot:?}"
        );
        let name = school.subjects[&slot.subject].name.clone();
        *hours.entry((slot.cohort, name)).or_default() += 1;
        assert!(school
            .assignments
            .values()
            .any(|a| a.teacher == slot.teacher
                && a.cohort == slot.cohort
                && a.subject == slot.subject));
    }
    for class in school.classes.values() {
        for (name, per_grade) in SUBJECTS {
            let want = per_grade[class.grade as usize - 1];
            let got = hours
                .get(&(Cohort::Class(class.id), name.to_string()))
                .copied()
                .unwrap_or(0);
            assert_eq!(got, want, "{} {name}", class.name());
        }
    }
    let logins: Vec<&str> = report.logins.iter().map(|l| l.login.as_str()).collect();
    for l in [
        "coordinator",
        "director",
        "teacher",
        "teacher2",
        "classteacher",
        "parent",
    ] {
        assert!(logins.contains(&l), "missing demo login {l}");
        assert!(s.user_by_login(l).expect("user").is_some());
    }
    assert!(s.user_by_login("staff01").expect("user").is_some());
    assert!(s.user_by_login("student0001").expect("user").is_some());
    assert!(s.user_by_login("parent0001").expect("user").is_some());
    // Three quarters have started by 10 February: 3 journals per class and subject.
    let journals = s
        .docs()
        .expect("docs")
        .iter()
        .filter(|d| d.kind == DocKind::Journal)
        .count();
    let per_class: usize = school
        .classes
        .values()
        .map(|c| {
            SUBJECTS
                .iter()
                .filter(|(_, h)| h[c.grade as usize - 1] > 0)
                .count()
        })
        .sum();
    assert_eq!(journals, per_class * 3);
}
