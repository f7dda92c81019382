//! Replica reads and writes over a journal built with the core writers and inserted directly
//! into the store.

mod common;

use zvonok_client::{find_student, Replica, ReplicaError};
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{MarkId, StaffId};
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::DomainError;

#[test]
fn today_lists_my_lessons_with_bells_and_journal() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let mut r = Replica::open(dir.path()).unwrap();
    let day = r.today(f.date).unwrap();
    assert_eq!(day.len(), 1);
    let l = &day[0];
    assert_eq!(
        (l.number, l.start.as_str(), l.end.as_str()),
        (2, "09:25", "10:10")
    );
    assert_eq!(l.cohort_name, "5А");
    assert_eq!(l.subject_name, "Математика");
    assert_eq!(l.room, "12");
    assert_eq!(l.journal, Some(f.journal));
    assert_eq!(l.lesson, Some(f.lessons[0]));
    assert!(!l.topic_filled && !l.attendance_filled);
    assert_eq!(l.students, 3);
    // The next day has no lessons.
    assert!(r.today(f.date.succ_opt().unwrap()).unwrap().is_empty());
}

#[test]
fn find_journal_accepts_latin_class_and_prefix_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let mut r = Replica::open(dir.path()).unwrap();
    let j = r
        .find_journal("5A", "матем", f.date, Some(2), None)
        .unwrap();
    assert_eq!(j.doc, f.journal);
    assert_eq!(j.lesson, Some(f.lessons[0]));
    assert_eq!(find_student(&j.data, "петров").unwrap(), f.students[1]);
    assert_eq!(
        find_student(&j.data, "Сидорова Мария Игоревна").unwrap(),
        f.students[2]
    );
    assert_eq!(
        find_student(&j.data, "ПЕТРОВ ПЕТР").unwrap(),
        f.students[1],
        "ё = е"
    );
    assert_eq!(
        find_student(&j.data, &f.students[0].to_string()).unwrap(),
        f.students[0]
    );
    assert!(matches!(
        find_student(&j.data, "Кузнецов"),
        Err(ReplicaError::UnknownStudent(..))
    ));
    // A beginning of a name is nobody's name.
    for prefix in ["П", "Петро", "Петров П", "Сидоров"] {
        let e = find_student(&j.data, prefix).unwrap_err();
        assert!(
            matches!(e, ReplicaError::UnknownStudent(..)) && e.is_bad_input(),
            "{prefix}: {e}"
        );
    }
    let spaced = r
        .find_journal("5 а", "Математика", f.date, Some(2), None)
        .unwrap();
    assert_eq!(spaced.doc, f.journal);

    let e = r
        .find_journal("7Б", "Математика", f.date, Some(2), None)
        .unwrap_err();
    assert!(matches!(e, ReplicaError::UnknownClass(_)) && e.is_bad_input());
    let e = r
        .find_journal("5А", "Химия", f.date, Some(2), None)
        .unwrap_err();
    assert!(matches!(e, ReplicaError::UnknownSubject(..)) && e.is_bad_input());
    let e = r
        .find_journal("5А", "Математика", f.date, Some(5), None)
        .unwrap_err();
    assert!(matches!(e, ReplicaError::NoLesson(..)) && e.is_bad_input());
    let e = r
        .find_journal("5А", "Математика", common::date(2027, 3, 1), Some(2), None)
        .unwrap_err();
    assert!(matches!(e, ReplicaError::NoJournal(..)) && e.is_bad_input());
}

#[test]
fn journal_ops_are_validated_and_nothing_is_written_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let mut r = Replica::open(dir.path()).unwrap();
    let att = JournalOp::SetAttendance {
        lesson: f.lessons[0],
        student: f.students[0],
        code: Some(AbsenceCode::Absent),
    };
    r.apply_journal_op(f.journal, &att).unwrap();
    let bad = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson: f.lessons[0],
        student: f.students[1],
        value: MarkValue::Points(5),
        kind: "answer".into(),
        weight: 9,
        comment: String::new(),
    };
    let e = r.apply_journal_op(f.journal, &bad).unwrap_err();
    assert!(matches!(e, ReplicaError::Domain(DomainError::BadWeight(9))));
    assert!(e.is_bad_input());
    assert_eq!(r.store().change_rows(f.journal).unwrap(), 1);
    assert!(r.journal(f.journal).unwrap().marks.is_empty());
    // The in-memory document is still usable after the rolled-back op.
    let topic = JournalOp::SetTopic {
        lesson: f.lessons[0],
        topic: "Дроби".into(),
    };
    r.apply_journal_op(f.journal, &topic).unwrap();
    let day = r.today(f.date).unwrap();
    assert!(day[0].topic_filled && day[0].attendance_filled);
    assert_eq!(day[0].absences, 1);
    assert_eq!(r.pending_count().unwrap(), 2);

    // After the period is locked, this teacher (no EditLockedPeriod) cannot write.
    r.apply_journal_op(f.journal, &JournalOp::Lock).unwrap();
    let e = r.apply_journal_op(f.journal, &topic).unwrap_err();
    assert!(matches!(
        e,
        ReplicaError::Domain(DomainError::PeriodLocked(_))
    ));
    assert_eq!(r.store().change_rows(f.journal).unwrap(), 3);
}

#[test]
fn another_teacher_may_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install_as(dir.path(), Some(StaffId::new()));
    let mut r = Replica::open(dir.path()).unwrap();
    let op = JournalOp::SetTopic {
        lesson: f.lessons[0],
        topic: "Дроби".into(),
    };
    let e = r.apply_journal_op(f.journal, &op).unwrap_err();
    assert!(
        matches!(e, ReplicaError::Domain(DomainError::Forbidden(_))),
        "{e}"
    );
    assert_eq!(r.store().change_rows(f.journal).unwrap(), 0);
    assert!(
        r.today(f.date).unwrap().is_empty(),
        "not this teacher's lessons"
    );
}

#[test]
fn period_grid_has_averages_and_finals() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let mut r = Replica::open(dir.path()).unwrap();
    for (value, kind, weight) in [(5, "answer", 1), (3, "test", 3), (4, "answer", 1)] {
        let op = JournalOp::GiveMark {
            id: MarkId::new(),
            lesson: f.lessons[0],
            student: f.students[0],
            value: MarkValue::Points(value),
            kind: kind.into(),
            weight,
            comment: String::new(),
        };
        r.apply_journal_op(f.journal, &op).unwrap();
    }
    let fin = JournalOp::SetFinal {
        student: f.students[0],
        value: Some(MarkValue::Points(4)),
    };
    r.apply_journal_op(f.journal, &fin).unwrap();
    let j = r
        .find_journal_for_period("5a", "Математика", Some(1), f.date)
        .unwrap();
    let grid = zvonok_client::JournalGrid::build(j.doc, &j.data);
    assert_eq!(grid.lessons.len(), 2);
    let row = grid
        .rows
        .iter()
        .find(|x| x.student == f.students[0])
        .unwrap();
    assert_eq!(row.average.as_deref(), Some("3,60"), "(5+9+4)/5");
    assert_eq!(row.final_mark.as_deref(), Some("4"));
    assert_eq!(row.cells[0].marks.len(), 3);
    let e = r
        .find_journal_for_period("5А", "Математика", Some(3), f.date)
        .unwrap_err();
    assert!(e.is_bad_input());
}
