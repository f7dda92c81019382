//! The student summary a parent sees, computed from journals, roster and timetable.

use chrono::{NaiveDate, Weekday};
use zvonok_core::doc::journal::{apply, JournalData, JournalOp, JournalPermission};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::{collect, ChangeKind, LessonChange};
use zvonok_core::fixtures::tiny_journal;
use zvonok_core::ids::*;
use zvonok_core::marks::AbsenceCode;
use zvonok_core::model::*;
use zvonok_core::projection::{student_summary, SummaryInput};
use zvonok_core::rights::Cohort;

#[test]
fn summary_has_weighted_averages_and_attendance_counts() {
    let (mut journal, lesson, student) = tiny_journal();
    let class = journal.meta.cohort.class();
    let subject = journal.meta.subject;
    let mut school = SchoolData {
        week_days: 5,
        ..Default::default()
    };
    school.card.short_name = "Школа № 32".into();
    school.classes.insert(
        class,
        Class {
            id: class,
            year: YearId::new(),
            grade: 5,
            letter: "А".into(),
            class_teacher: None,
        },
    );
    school.subjects.insert(
        subject,
        Subject {
            id: subject,
            name: "Математика".into(),
            grades: vec![5],
        },
    );
    school.bells.push(Bell {
        number: 1,
        start: "08:30".into(),
        end: "09:15".into(),
    });
    let teacher = StaffId::new();
    school.staff.insert(
        teacher,
        StaffMember {
            id: teacher,
            last_name: "Петрова".into(),
            first_name: "Анна".into(),
            middle_name: "Сергеевна".into(),
            position: "Учитель математики".into(),
        },
    );
    let mut roster = RosterData::new(class);
    roster.students.insert(
        student,
        Student {
            id: student,
            last_name: "Иванов".into(),
            first_name: "Иван".into(),
            middle_name: "Иванович".into(),
            active: true,
        },
    );
    let other = StudentId::new();
    journal.students.insert(other, "Сидоров Пётр".into());
    roster.students.insert(
        other,
        Student {
            id: other,
            last_name: "Сидоров".into(),
            first_name: "Пётр".into(),
            middle_name: String::new(),
            active: true,
        },
    );
    let slot = SlotId::new();
    let mut timetable = TimetableData {
        year: YearId::new(),
        slots: Default::default(),
        versions: Default::default(),
        cycle_start: None,
    };
    timetable.slots.insert(
        slot,
        Slot {
            id: slot,
            weekday: Weekday::Tue,
            number: 1,
            cohort: Cohort::Class(class),
            subject,
            teacher,
            co_teachers: Vec::new(),
            room: "12".into(),
            week: Default::default(),
            version: None,
        },
    );

    let mut doc = journal.to_doc().unwrap();
    let perm = JournalPermission::default();
    let marks = [
        ("5", "answer", 1),
        ("3", "test", 3),
        ("4", "homework", 1),
        ("зч", "answer", 1),
    ];
    for (v, kind, weight) in marks {
        let op = JournalOp::GiveMark {
            id: MarkId::new(),
            lesson,
            student,
            value: v.parse().unwrap(),
            kind: kind.into(),
            weight,
            comment: String::new(),
        };
        apply(&mut doc, &op, perm).unwrap();
    }
    let classmate = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson,
        student: other,
        value: "2".parse().unwrap(),
        kind: "test".into(),
        weight: 3,
        comment: String::new(),
    };
    apply(&mut doc, &classmate, perm).unwrap();
    apply(
        &mut doc,
        &JournalOp::SetAttendance {
            lesson,
            student,
            code: Some(AbsenceCode::Late),
        },
        perm,
    )
    .unwrap();
    apply(
        &mut doc,
        &JournalOp::SetHomework {
            lesson,
            homework: "№ 5".into(),
        },
        perm,
    )
    .unwrap();
    doc.commit();
    let journals = [JournalData::from_doc(&doc).unwrap()];

    let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    // Changes by date: a substitute today (shown), a lesson moved into the coming week
    // (shown), a cancellation three weeks ahead (not yet).
    let sub = StaffId::new();
    school.staff.insert(
        sub,
        StaffMember {
            id: sub,
            last_name: "Петрова".into(),
            first_name: "Мария".into(),
            middle_name: "Ивановна".into(),
            position: "Учитель".into(),
        },
    );
    let date = |d| NaiveDate::from_ymd_opt(2026, 9, d).unwrap();
    let change = |date, kind| LessonChange {
        id: ChangeId::new(),
        date,
        slot,
        kind,
        to_date: None,
        to_number: None,
        teacher: None,
        room: String::new(),
        note: String::new(),
    };
    let changes = collect([
        LessonChange {
            teacher: Some(sub),
            room: "7".into(),
            ..change(day, ChangeKind::Substitute)
        },
        LessonChange {
            to_date: Some(date(3)),
            to_number: Some(4),
            ..change(date(15), ChangeKind::Move)
        },
        change(date(22), ChangeKind::Cancel),
    ]);
    let input = SummaryInput {
        school: &school,
        roster: &roster,
        timetable: Some(&timetable),
        journals: &journals,
        period: None,
        homework_from: day,
        homework_to: day,
        changes: Some(&changes),
        changes_from: day,
        changes_to: day + chrono::Duration::days(7),
    };
    let s = student_summary(student, &input).unwrap();
    assert_eq!(s.class_name, "5А");
    assert_eq!(s.subjects.len(), 1);
    let math = &s.subjects[0];
    assert_eq!(math.marks.len(), 4, "only this student's marks");
    // (5·1 + 3·3 + 4·1) / 5 = 3.6; the pass mark does not count
    assert_eq!(math.average_centi, Some(360));
    assert_eq!(math.average.as_deref(), Some("3,60"));
    assert_eq!(math.teacher, "");
    assert_eq!(s.attendance_counts["ОП"], 1);
    assert_eq!(s.attendance_counts["Н"], 0);
    assert_eq!(s.homework.len(), 1);
    assert_eq!(s.timetable.len(), 1);
    assert_eq!(s.timetable[0].start, "08:30");
    assert_eq!(s.changes.len(), 2, "{:?}", s.changes);
    let c = &s.changes[0];
    assert_eq!((c.date, c.number, c.kind), (day, 1, ChangeKind::Substitute));
    assert_eq!(
        (c.teacher.as_str(), c.room.as_str()),
        ("Петрова М. И.", "7")
    );
    let m = &s.changes[1];
    assert_eq!((m.date, m.kind), (date(15), ChangeKind::Move));
    assert_eq!((m.to_date, m.to_number), (Some(date(3)), Some(4)));
    assert!(m.teacher.is_empty());
    assert!(student_summary(StudentId::new(), &input).is_none());
}
