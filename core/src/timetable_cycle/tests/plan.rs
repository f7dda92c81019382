//! The dated lessons the timetable calls for, with a two-week cycle and versions.

use std::collections::BTreeSet;

use super::*;
use crate::doc::journal::{JournalData, JournalMeta, Lesson};
use crate::lesson_plan::{plan_year, reconcile, LessonSlot, PlannedJournal};

fn lessons_of(plans: &[PlannedJournal], cohort: Cohort, period: PeriodId) -> Vec<LessonSlot> {
    plans
        .iter()
        .find(|p| p.cohort == cohort && p.period.id == period)
        .map(|p| p.lessons.iter().copied().collect())
        .unwrap_or_default()
}

#[test]
fn lesson_dates_follow_the_cycle_across_holidays() {
    let s = school();
    let mut t = s.timetable(vec![
        s.maths(s.a, Weekday::Mon, 1, SlotWeek::A),
        s.maths(s.a, Weekday::Mon, 2, SlotWeek::B),
    ]);
    t.cycle_start = Some(a_monday());
    let plans = plan_year(&s.school, &t);
    let q1 = lessons_of(&plans, Cohort::Class(s.a), s.q1);
    let want: BTreeSet<LessonSlot> = [
        (d(2026, 9, 7), 2),
        (d(2026, 9, 14), 1),
        (d(2026, 9, 21), 2),
        (d(2026, 9, 28), 1),
        (d(2026, 10, 5), 2),
        (d(2026, 10, 12), 1),
        (d(2026, 10, 19), 2),
    ]
    .into();
    assert_eq!(q1.into_iter().collect::<BTreeSet<_>>(), want);
    // The holiday week (26.10, a week A) has no lessons but counts: 9.11 is a week A again.
    let q2 = lessons_of(&plans, Cohort::Class(s.a), s.q2);
    let firsts: Vec<LessonSlot> = q2.iter().take(3).copied().collect();
    assert_eq!(
        firsts,
        vec![
            (d(2026, 11, 9), 1),
            (d(2026, 11, 16), 2),
            (d(2026, 11, 23), 1)
        ]
    );
    assert_eq!(q2.len(), 8, "eight Mondays 9.11–28.12, one lesson each");
    // Without the cycle an A or B slot gives no lessons (the ops refuse such a slot).
    t.cycle_start = None;
    assert!(plan_year(&s.school, &t)
        .iter()
        .all(|p| p.lessons.is_empty()));
}

#[test]
fn a_second_quarter_version_changes_lessons_only_from_its_date() {
    let s = school();
    let mut t = s.timetable(vec![s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every)]);
    let v2 = version(d(2026, 11, 4), "Со 2 четверти");
    let v3 = version(d(2026, 12, 1), "С декабря");
    for v in [&v2, &v3] {
        t.versions.insert(v.id, v.clone());
    }
    let in_version = |weekday, number, v: &TimetableVersion| Slot {
        version: Some(v.id),
        ..s.maths(s.a, weekday, number, SlotWeek::Every)
    };
    for slot in [
        in_version(Weekday::Tue, 3, &v2),
        in_version(Weekday::Wed, 4, &v3),
    ] {
        t.slots.insert(slot.id, slot);
    }
    // English of the first group only from the second quarter: no journal of the first.
    let english = Slot {
        cohort: Cohort::Group {
            class: s.a,
            group: s.g1,
        },
        subject: s.english,
        teacher: s.belova,
        version: Some(v2.id),
        ..s.maths(s.a, Weekday::Thu, 1, SlotWeek::Every)
    };
    t.slots.insert(english.id, english.clone());
    let plans = plan_year(&s.school, &t);
    let q1 = lessons_of(&plans, Cohort::Class(s.a), s.q1);
    assert!(q1
        .iter()
        .all(|(day, n)| day.weekday() == Weekday::Mon && *n == 1));
    assert_eq!(q1.len(), 7);
    let q2 = lessons_of(&plans, Cohort::Class(s.a), s.q2);
    assert!(q2
        .iter()
        .filter(|(day, _)| *day < v3.from)
        .all(|(day, n)| day.weekday() == Weekday::Tue && *n == 3));
    assert!(q2
        .iter()
        .filter(|(day, _)| *day >= v3.from)
        .all(|(day, n)| day.weekday() == Weekday::Wed && *n == 4));
    assert_eq!(q2.first(), Some(&(d(2026, 11, 10), 3)));
    assert_eq!(q2.last(), Some(&(d(2026, 12, 23), 4)));
    let english_journals: Vec<PeriodId> = plans
        .iter()
        .filter(|p| p.subject == s.english)
        .map(|p| p.period.id)
        .collect();
    assert_eq!(english_journals, vec![s.q2]);

    // A journal of the second quarter made before the December version, reconciled on
    // 20.11: nothing before that day changes; from 1.12 the lessons move to Wednesday.
    let before = {
        let mut t = t.clone();
        t.versions.remove(&v3.id);
        t.slots.retain(|_, x| x.version != Some(v3.id));
        t
    };
    let old = lessons_of(&plan_year(&s.school, &before), Cohort::Class(s.a), s.q2);
    let journal = JournalData {
        meta: JournalMeta {
            cohort: Cohort::Class(s.a),
            subject: s.maths,
            period: s.q2,
            start: d(2026, 11, 4),
            end: d(2026, 12, 28),
            title: String::new(),
        },
        students: Default::default(),
        lessons: old
            .iter()
            .map(|(date, number)| {
                let id = LessonId::new();
                (
                    id,
                    Lesson {
                        id,
                        date: *date,
                        number: *number,
                        topic: String::new(),
                        homework: String::new(),
                        substitute: None,
                    },
                )
            })
            .collect(),
        attendance: Default::default(),
        marks: Default::default(),
        finals: Default::default(),
        locked: false,
    };
    let today = d(2026, 11, 20);
    let expected: BTreeSet<LessonSlot> = q2.iter().copied().collect();
    let r = reconcile(&journal, &expected, today);
    assert!(r.add.iter().all(|(day, n)| *day >= v3.from && *n == 4));
    assert_eq!(r.add.len(), 4, "Wednesdays 2, 9, 16, 23 December");
    let removed: Vec<NaiveDate> = r.remove.iter().map(|id| journal.lessons[id].date).collect();
    assert_eq!(
        removed,
        vec![
            d(2026, 12, 1),
            d(2026, 12, 8),
            d(2026, 12, 15),
            d(2026, 12, 22)
        ]
    );
    assert!(r.off_timetable.is_empty());
}
