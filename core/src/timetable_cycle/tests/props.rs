//! Properties: clashes with weeks and versions against a brute-force pairwise reading, the
//! slots of a date against a direct filter, and weeks A and B sharing out every week's dates.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::lesson_plan::plan_year;
use crate::model::weekday_from_number;

fn week_of(n: u8) -> SlotWeek {
    match n % 3 {
        0 => SlotWeek::Every,
        1 => SlotWeek::A,
        _ => SlotWeek::B,
    }
}

/// Random slots over two classes, two teachers, two versions, two days and two numbers, so
/// that clashes are frequent.
fn arb_slots() -> impl Strategy<Value = Vec<(u8, u8, u8, bool, bool, u8)>> {
    proptest::collection::vec(
        (
            1u8..=2,
            1u8..=2,
            0u8..3,
            any::<bool>(),
            any::<bool>(),
            0u8..2,
        ),
        0..14,
    )
}

fn build(s: &S, v: &TimetableVersion, raw: &[(u8, u8, u8, bool, bool, u8)]) -> TimetableData {
    let mut t = s.timetable(Vec::new());
    t.cycle_start = Some(a_monday());
    t.versions.insert(v.id, v.clone());
    for (wd, n, w, class_b, belova, ver) in raw {
        let slot = Slot {
            teacher: if *belova { s.belova } else { s.smirnova },
            version: (*ver == 1).then_some(v.id),
            ..s.maths(
                if *class_b { s.b } else { s.a },
                weekday_from_number(i64::from(*wd)).expect("day"),
                *n,
                week_of(*w),
            )
        };
        t.slots.insert(slot.id, slot);
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn clashes_are_the_pairs_that_meet(raw in arb_slots()) {
        let s = school();
        let v = version(d(2026, 11, 4), "");
        let t = build(&s, &v, &raw);
        let slots: Vec<&Slot> = t.slots.values().collect();
        let meet = |a: &Slot, b: &Slot| {
            a.id != b.id
                && a.version == b.version
                && a.weekday == b.weekday
                && a.number == b.number
                && weeks_meet(a.week, b.week)
        };
        let mut want_teacher = BTreeSet::new();
        let mut want_class = BTreeSet::new();
        for a in &slots {
            if slots.iter().any(|b| meet(a, b) && a.teacher == b.teacher) {
                want_teacher.insert(a.id);
            }
            if slots.iter().any(|b| meet(a, b) && a.cohort == b.cohort) {
                want_class.insert(a.id);
            }
        }
        let found = |rule| -> BTreeSet<SlotId> {
            problems(&s.school, &t)
                .into_iter()
                .filter(|p| p.rule == rule)
                .map(|p| p.slots[0])
                .collect()
        };
        prop_assert_eq!(found(TimetableRule::TeacherBusy), want_teacher);
        prop_assert_eq!(found(TimetableRule::ClassBusy), want_class);
    }

    #[test]
    fn the_slots_of_a_date_are_its_version_day_and_week(
        raw in arb_slots(),
        offset in 0i64..300,
    ) {
        let s = school();
        let v = version(d(2026, 11, 4), "");
        let t = build(&s, &v, &raw);
        let day = d(2026, 9, 1) + chrono::Duration::days(offset);
        let version = if day >= v.from { Some(v.id) } else { None };
        let weeks = (monday_of(day) - a_monday()).num_days() / 7;
        let week = if weeks % 2 == 0 { SlotWeek::A } else { SlotWeek::B };
        let want: BTreeSet<SlotId> = t
            .slots
            .values()
            .filter(|x| x.weekday == day.weekday() && x.version == version)
            .filter(|x| x.week == SlotWeek::Every || x.week == week)
            .map(|x| x.id)
            .collect();
        let got: BTreeSet<SlotId> = t.slots_on(day).iter().map(|x| x.id).collect();
        prop_assert_eq!(got, want);
    }

    /// A week-A slot and a week-B slot at one place give, between them, exactly the lessons
    /// of an every-week slot there, never on the same date; in any calendar the cycle starts.
    #[test]
    fn weeks_a_and_b_share_out_every_week(
        weekday in 1i64..=5,
        start_weeks in -10i64..10,
    ) {
        let s = school();
        let day = weekday_from_number(weekday).expect("day");
        let cycle = a_monday() + chrono::Duration::weeks(start_weeks);
        let lessons = |weeks: &[SlotWeek]| -> BTreeSet<(NaiveDate, u8)> {
            let mut t = s.timetable(
                weeks.iter().map(|w| s.maths(s.a, day, 1, *w)).collect(),
            );
            t.cycle_start = Some(cycle);
            plan_year(&s.school, &t)
                .into_iter()
                .flat_map(|p| p.lessons)
                .collect()
        };
        let a = lessons(&[SlotWeek::A]);
        let b = lessons(&[SlotWeek::B]);
        let every = lessons(&[SlotWeek::Every]);
        prop_assert!(a.is_disjoint(&b));
        let both: BTreeSet<_> = a.union(&b).copied().collect();
        prop_assert_eq!(both, every.clone());
        prop_assert!(a.len().abs_diff(b.len()) <= 2, "{} vs {}", a.len(), b.len());
        prop_assert!(!every.is_empty());
    }
}
