use std::collections::BTreeMap;

use chrono::Weekday;

use super::*;
use crate::doc::journal::{Lesson, MarkEntry};
use crate::ids::*;
use crate::marks::{AbsenceCode, MarkValue};
use crate::model::*;

fn d(m: u32, day: u32) -> NaiveDate {
    let y = if m >= 9 { 2026 } else { 2027 };
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

struct Fixture {
    school: SchoolData,
    class: ClassId,
    math: SubjectId,
    q1: PeriodId,
    tt: TimetableData,
}

/// One class, one subject, the first quarter 1.09–23.10.2026 (Tuesday to Friday), a holiday
/// 4.11 is outside; a one-day holiday on Monday 5.10 inside the quarter.
fn fixture(week_days: u8) -> Fixture {
    let mut school = SchoolData::default();
    let year = YearId::new();
    school.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2026/2027".into(),
            start: d(9, 1),
            end: d(5, 31),
        },
    );
    school.current_year = Some(year);
    school.week_days = week_days;
    let q1 = PeriodId::new();
    school.periods.insert(
        q1,
        StudyPeriod {
            id: q1,
            year,
            kind: PeriodKind::Quarter,
            number: 1,
            start: d(9, 1),
            end: d(10, 23),
        },
    );
    let h = HolidayId::new();
    school.holidays.insert(
        h,
        Holiday {
            id: h,
            year,
            title: "День учителя".into(),
            start: d(10, 5),
            end: d(10, 5),
        },
    );
    let class = ClassId::new();
    school.classes.insert(
        class,
        Class {
            id: class,
            year,
            grade: 5,
            letter: "А".into(),
            class_teacher: None,
        },
    );
    let math = SubjectId::new();
    school.subjects.insert(
        math,
        Subject {
            id: math,
            name: "Математика".into(),
            grades: vec![5],
        },
    );
    let tt = TimetableData {
        year,
        slots: BTreeMap::new(),
        versions: Default::default(),
        cycle_start: None,
    };
    Fixture {
        school,
        class,
        math,
        q1,
        tt,
    }
}

fn slot(f: &mut Fixture, weekday: Weekday, number: u8) {
    let id = SlotId::new();
    f.tt.slots.insert(
        id,
        Slot {
            id,
            weekday,
            number,
            cohort: Cohort::Class(f.class),
            subject: f.math,
            teacher: StaffId::new(),
            co_teachers: Vec::new(),
            room: String::new(),
            week: Default::default(),
            version: None,
        },
    );
}

fn only_plan(f: &Fixture) -> PlannedJournal {
    let plans = plan_year(&f.school, &f.tt);
    assert_eq!(plans.len(), 1, "{plans:?}");
    plans.into_iter().next().expect("one")
}

#[test]
fn every_monday_of_the_quarter_except_a_holiday() {
    let mut f = fixture(5);
    slot(&mut f, Weekday::Mon, 2);
    let p = only_plan(&f);
    assert_eq!(p.period.id, f.q1);
    assert_eq!(p.title, "5А · Математика · 1 четверть");
    let dates: Vec<NaiveDate> = p.lessons.iter().map(|(d, _)| *d).collect();
    // Mondays 7.09 … 19.10: seven of them, minus the holiday on 5.10.
    assert_eq!(
        dates,
        vec![d(9, 7), d(9, 14), d(9, 21), d(9, 28), d(10, 12), d(10, 19)]
    );
    assert!(p.lessons.iter().all(|(_, n)| *n == 2));
}

#[test]
fn a_five_day_week_drops_saturdays() {
    let mut f = fixture(5);
    slot(&mut f, Weekday::Sat, 1);
    slot(&mut f, Weekday::Fri, 1);
    let p = only_plan(&f);
    assert!(p.lessons.iter().all(|(d, _)| d.weekday() == Weekday::Fri));
    assert_eq!(p.lessons.len(), 8, "Fridays 4.09 … 23.10");

    let mut f = fixture(6);
    slot(&mut f, Weekday::Sat, 1);
    let p = only_plan(&f);
    assert_eq!(p.lessons.len(), 7, "Saturdays 5.09 … 17.10");
    assert!(p.lessons.iter().all(|(d, _)| d.weekday() == Weekday::Sat));
}

#[test]
fn two_slots_on_one_day_give_two_lessons() {
    let mut f = fixture(5);
    slot(&mut f, Weekday::Tue, 3);
    slot(&mut f, Weekday::Tue, 4);
    let p = only_plan(&f);
    assert!(p.lessons.contains(&(d(9, 1), 3)));
    assert!(p.lessons.contains(&(d(9, 1), 4)));
    assert_eq!(p.lessons.len(), 16, "8 Tuesdays × 2");
}

#[test]
fn senior_grades_study_by_half_years_when_the_year_has_both() {
    let mut f = fixture(5);
    let year = f.tt.year;
    let h1 = PeriodId::new();
    f.school.periods.insert(
        h1,
        StudyPeriod {
            id: h1,
            year,
            kind: PeriodKind::HalfYear,
            number: 1,
            start: d(9, 1),
            end: d(12, 29),
        },
    );
    assert_eq!(
        period_kind_for(&f.school, year, 5),
        Some(PeriodKind::Quarter)
    );
    assert_eq!(
        period_kind_for(&f.school, year, 10),
        Some(PeriodKind::HalfYear)
    );
    slot(&mut f, Weekday::Mon, 1);
    assert_eq!(only_plan(&f).period.id, f.q1);
}

fn journal_with(lessons: &[(LessonId, NaiveDate, u8)]) -> JournalData {
    let (mut j, _, _) = crate::fixtures::tiny_journal();
    j.lessons.clear();
    for (id, date, number) in lessons {
        j.lessons.insert(
            *id,
            Lesson {
                id: *id,
                date: *date,
                number: *number,
                topic: String::new(),
                homework: String::new(),
                substitute: None,
            },
        );
    }
    j
}

#[test]
fn reconcile_keeps_a_lesson_with_a_mark_and_removes_an_empty_one() {
    let (marked, empty, fits) = (LessonId::new(), LessonId::new(), LessonId::new());
    let mut j = journal_with(&[
        (marked, d(9, 7), 1),
        (empty, d(9, 14), 1),
        (fits, d(9, 8), 1),
    ]);
    let student = *j.students.keys().next().expect("a student");
    let mark = MarkId::new();
    j.marks.insert(
        mark,
        MarkEntry {
            id: mark,
            student,
            lesson: marked,
            value: MarkValue::Points(5),
            kind: "answer".into(),
            weight: 1,
            comment: String::new(),
        },
    );
    // The slot moved from Monday to Tuesday.
    let expected: BTreeSet<LessonSlot> = [(d(9, 8), 1), (d(9, 15), 1)].into();
    let r = reconcile(&j, &expected, d(9, 1));
    assert_eq!(r.add, vec![(d(9, 15), 1)]);
    assert_eq!(r.remove, vec![empty]);
    assert_eq!(r.off_timetable, vec![marked]);
    assert_eq!(
        lesson_content(&j, marked).describe_ru(),
        "отметок: 1",
        "what the coordinator reads"
    );

    // Attendance, a topic or homework keep a lesson too.
    j.marks.clear();
    j.attendance.insert((marked, student), AbsenceCode::Ill);
    if let Some(l) = j.lessons.get_mut(&empty) {
        l.homework = "№ 12".into();
    }
    let r = reconcile(&j, &expected, d(9, 1));
    assert!(r.remove.is_empty(), "{r:?}");
    assert_eq!(r.off_timetable, vec![marked, empty]);
}

#[test]
fn reconcile_is_settled_once_applied_and_leaves_the_past_alone() {
    let (a, b) = (LessonId::new(), LessonId::new());
    let j = journal_with(&[(a, d(9, 7), 1), (b, d(9, 7), 1)]);
    let expected: BTreeSet<LessonSlot> = [(d(9, 7), 1)].into();
    let r = reconcile(&j, &expected, d(9, 1));
    assert_eq!(r.remove.len(), 1, "a duplicate goes: {r:?}");
    assert!(r.add.is_empty());

    let j = journal_with(&[(a, d(9, 7), 1)]);
    assert!(reconcile(&j, &expected, d(9, 1)).is_settled());
    // Before `from` nothing moves: the old Monday stays, no lesson is added in the past.
    let moved: BTreeSet<LessonSlot> = [(d(9, 8), 1), (d(9, 22), 1)].into();
    let r = reconcile(&j, &moved, d(9, 20));
    assert_eq!(r.add, vec![(d(9, 22), 1)]);
    assert!(r.remove.is_empty() && r.off_timetable.is_empty(), "{r:?}");
}
