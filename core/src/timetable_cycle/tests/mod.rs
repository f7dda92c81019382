//! Versions and the two-week cycle: what is in force on a date, the rules per version and
//! week, the document, the coordinator's ops and the server's check, and the lessons they
//! call for.

mod ops;
mod plan;
mod props;

use std::collections::BTreeMap;

use chrono::{NaiveDate, Weekday};

use super::*;
use crate::curriculum::{CurriculumProfile, WeeklyHours};
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::ids::*;
use crate::model::*;
use crate::rights::Cohort;
use crate::timetable_rules::{problems, TimetableRule};

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A five-day school, year 1.09.2026–31.05.2027: the first quarter 1.09–25.10, autumn
/// holidays 26.10–3.11, the second quarter 4.11–28.12; six bells; 5А (two groups) and 5Б;
/// Смирнова teaches mathematics in both classes, Белова English in both groups of 5А; 5А
/// studies by a profile with mathematics 2 h and English 1 h a week.
pub(super) struct S {
    pub school: SchoolData,
    pub year: YearId,
    pub q1: PeriodId,
    pub q2: PeriodId,
    pub a: ClassId,
    pub b: ClassId,
    pub g1: GroupId,
    pub maths: SubjectId,
    pub english: SubjectId,
    pub smirnova: StaffId,
    pub belova: StaffId,
}

pub(super) fn school() -> S {
    let year = YearId::new();
    let mut school = SchoolData {
        week_days: 5,
        current_year: Some(year),
        ..SchoolData::default()
    };
    school.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2026/2027".into(),
            start: d(2026, 9, 1),
            end: d(2027, 5, 31),
        },
    );
    let (q1, q2) = (PeriodId::new(), PeriodId::new());
    for (id, number, start, end) in [
        (q1, 1, d(2026, 9, 1), d(2026, 10, 25)),
        (q2, 2, d(2026, 11, 4), d(2026, 12, 28)),
    ] {
        school.periods.insert(
            id,
            StudyPeriod {
                id,
                year,
                kind: PeriodKind::Quarter,
                number,
                start,
                end,
            },
        );
    }
    let h = HolidayId::new();
    school.holidays.insert(
        h,
        Holiday {
            id: h,
            year,
            title: "Осенние каникулы".into(),
            start: d(2026, 10, 26),
            end: d(2026, 11, 3),
        },
    );
    school.bells = (1..=6)
        .map(|n| Bell {
            number: n,
            start: format!("{:02}:00", 7 + n),
            end: format!("{:02}:45", 7 + n),
        })
        .collect();
    let (maths, english) = (SubjectId::new(), SubjectId::new());
    for (id, name) in [(maths, "Математика"), (english, "Английский язык")]
    {
        school.subjects.insert(
            id,
            Subject {
                id,
                name: name.into(),
                grades: vec![5],
            },
        );
    }
    let (smirnova, belova) = (StaffId::new(), StaffId::new());
    for (id, last) in [(smirnova, "Смирнова"), (belova, "Белова")] {
        school.staff.insert(
            id,
            StaffMember {
                id,
                last_name: last.into(),
                first_name: "Анна".into(),
                middle_name: String::new(),
                position: "учитель".into(),
            },
        );
    }
    let (a, b) = (ClassId::new(), ClassId::new());
    for (id, letter) in [(a, "А"), (b, "Б")] {
        school.classes.insert(
            id,
            Class {
                id,
                year,
                grade: 5,
                letter: letter.into(),
                class_teacher: None,
            },
        );
    }
    let (g1, g2) = (GroupId::new(), GroupId::new());
    for (id, name) in [(g1, "1 гр."), (g2, "2 гр.")] {
        school.groups.insert(
            id,
            Group {
                id,
                class: a,
                name: name.into(),
            },
        );
    }
    for (teacher, cohort, subject) in [
        (smirnova, Cohort::Class(a), maths),
        (smirnova, Cohort::Class(b), maths),
        (
            belova,
            Cohort::Group {
                class: a,
                group: g1,
            },
            english,
        ),
        (
            belova,
            Cohort::Group {
                class: a,
                group: g2,
            },
            english,
        ),
    ] {
        let id = AssignmentId::new();
        school.assignments.insert(
            id,
            TeachingAssignment {
                id,
                teacher,
                cohort,
                subject,
                year,
            },
        );
    }
    let profile = ProfileId::new();
    school.profiles.insert(
        profile,
        CurriculumProfile {
            id: profile,
            name: "5 класс".into(),
            grade: 5,
            hours: BTreeMap::from([
                (maths, WeeklyHours::hours(2)),
                (english, WeeklyHours::hours(1)),
            ]),
        },
    );
    school.class_profiles.insert(a, profile);
    S {
        school,
        year,
        q1,
        q2,
        a,
        b,
        g1,
        maths,
        english,
        smirnova,
        belova,
    }
}

impl S {
    /// Mathematics of `class` with Смирнова on `weekday`, lesson `number`, in `week`.
    pub fn maths(&self, class: ClassId, weekday: Weekday, number: u8, week: SlotWeek) -> Slot {
        Slot {
            id: SlotId::new(),
            weekday,
            number,
            cohort: Cohort::Class(class),
            subject: self.maths,
            teacher: self.smirnova,
            co_teachers: Vec::new(),
            room: String::new(),
            week,
            version: None,
        }
    }

    pub fn timetable(&self, slots: Vec<Slot>) -> TimetableData {
        let mut t = TimetableData::new(self.year);
        t.slots = slots.into_iter().map(|s| (s.id, s)).collect();
        t
    }
}

pub(super) fn version(from: NaiveDate, title: &str) -> TimetableVersion {
    TimetableVersion {
        id: TimetableVersionId::new(),
        from,
        title: title.into(),
    }
}

/// The Monday 31.08.2026 starts a week A.
pub(super) const A_MONDAY: (i32, u32, u32) = (2026, 8, 31);

pub(super) fn a_monday() -> NaiveDate {
    d(A_MONDAY.0, A_MONDAY.1, A_MONDAY.2)
}

#[test]
fn the_version_in_force_is_the_latest_begun() {
    let s = school();
    let mut t = s.timetable(Vec::new());
    assert_eq!(in_force(&t, d(2026, 9, 1)).title, BASE_TITLE);
    let v2 = version(d(2026, 11, 4), "Со 2 четверти");
    let v3 = version(d(2027, 1, 11), "");
    t.versions.insert(v2.id, v2.clone());
    t.versions.insert(v3.id, v3.clone());
    assert_eq!(
        version_on(&t, d(2026, 11, 3)),
        None,
        "the day before: the base"
    );
    assert_eq!(version_on(&t, d(2026, 11, 4)), Some(v2.id), "from its day");
    assert_eq!(version_on(&t, d(2027, 1, 10)), Some(v2.id));
    assert_eq!(version_on(&t, d(2027, 1, 11)), Some(v3.id));
    let f = in_force(&t, d(2026, 12, 1));
    assert_eq!(
        (f.version, f.from, f.title.as_str(), f.week),
        (Some(v2.id), Some(v2.from), "Со 2 четверти", None)
    );
    assert_eq!(in_force(&t, d(2027, 2, 1)).title, "Расписание с 11.01.2027");
    let mut slot = s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every);
    slot.version = Some(v2.id);
    t.slots.insert(slot.id, slot);
    let spans: Vec<(Option<NaiveDate>, Option<NaiveDate>, usize)> = timeline(&t)
        .into_iter()
        .map(|v| (v.from, v.until, v.slots))
        .collect();
    assert_eq!(
        spans,
        vec![
            (None, Some(d(2026, 11, 3)), 0),
            (Some(d(2026, 11, 4)), Some(d(2027, 1, 10)), 1),
            (Some(d(2027, 1, 11)), None, 0),
        ]
    );
    let json = serde_json::to_string(&f).expect("json");
    assert_eq!(serde_json::from_str::<InForce>(&json).expect("back"), f);
}

#[test]
fn weeks_alternate_by_the_calendar_through_holidays() {
    let s = school();
    let mut t = s.timetable(Vec::new());
    assert_eq!(week_on(&t, d(2026, 9, 1)), None, "no cycle, no week");
    t.cycle_start = Some(a_monday());
    let weeks: Vec<SlotWeek> = [
        d(2026, 8, 31),
        d(2026, 9, 6),   // Sunday of the same week
        d(2026, 9, 7),   // the next Monday
        d(2026, 9, 18),  // the third week
        d(2026, 10, 26), // the holiday week counts: week 9 from the start
        d(2026, 11, 4),  // after the holidays
        d(2026, 8, 24),  // before the start, backwards
    ]
    .iter()
    .map(|day| week_on(&t, *day).expect("a week"))
    .collect();
    use SlotWeek::{A, B};
    assert_eq!(weeks, vec![A, A, B, A, A, B, B]);
    assert_eq!(in_force(&t, d(2026, 9, 9)).week, Some(B));
}

#[test]
fn slots_on_a_date_follow_the_version_and_the_week() {
    let s = school();
    let every = s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every);
    let a = s.maths(s.a, Weekday::Mon, 2, SlotWeek::A);
    let b = s.maths(s.a, Weekday::Mon, 3, SlotWeek::B);
    let mut t = s.timetable(vec![every.clone(), a.clone(), b.clone()]);
    t.cycle_start = Some(a_monday());
    let v2 = version(d(2026, 11, 4), "Со 2 четверти");
    t.versions.insert(v2.id, v2.clone());
    let mut later = s.maths(s.a, Weekday::Mon, 4, SlotWeek::Every);
    later.version = Some(v2.id);
    t.slots.insert(later.id, later.clone());
    let ids = |day: NaiveDate| -> Vec<SlotId> { t.slots_on(day).iter().map(|s| s.id).collect() };
    assert_eq!(ids(d(2026, 9, 7)), vec![every.id, b.id], "week B");
    assert_eq!(ids(d(2026, 9, 14)), vec![every.id, a.id], "week A");
    assert_eq!(ids(d(2026, 9, 15)), Vec::<SlotId>::new(), "a Tuesday");
    assert_eq!(ids(d(2026, 11, 9)), vec![later.id], "the new version only");
}

#[test]
fn a_and_b_lessons_at_one_time_do_not_clash_but_every_week_does() {
    let s = school();
    // Смирнова: 5А on week A and 5Б on week B, Monday lesson 1: no clash.
    let a = s.maths(s.a, Weekday::Mon, 1, SlotWeek::A);
    let b = s.maths(s.b, Weekday::Mon, 1, SlotWeek::B);
    let mut t = s.timetable(vec![a.clone(), b.clone()]);
    t.cycle_start = Some(a_monday());
    assert!(problems(&s.school, &t)
        .iter()
        .all(|p| p.rule != TimetableRule::TeacherBusy && p.rule != TimetableRule::ClassBusy));
    // A second week-A lesson of 5А at that time clashes with the first, not with week B.
    let a2 = Slot {
        room: "12".into(),
        ..s.maths(s.a, Weekday::Mon, 1, SlotWeek::A)
    };
    t.slots.insert(a2.id, a2.clone());
    let clash: Vec<_> = problems(&s.school, &t)
        .into_iter()
        .filter(|p| p.rule == TimetableRule::ClassBusy)
        .collect();
    assert_eq!(clash.len(), 2, "{clash:?}");
    assert!(clash.iter().all(|p| !p.slots.contains(&b.id)));
    assert!(
        clash[0].message.contains("неделя А"),
        "{}",
        clash[0].message
    );
    // An every-week lesson of 5Б meets both.
    t.slots.remove(&a2.id);
    let every = Slot {
        teacher: s.belova,
        ..s.maths(s.b, Weekday::Mon, 1, SlotWeek::Every)
    };
    t.slots.insert(every.id, every.clone());
    let busy: Vec<_> = problems(&s.school, &t)
        .into_iter()
        .filter(|p| p.rule == TimetableRule::ClassBusy)
        .collect();
    assert_eq!(
        busy.len(),
        2,
        "5Б: every week against week B both ways: {busy:?}"
    );
    assert!(busy.iter().all(|p| !p.slots.contains(&a.id)));
}

#[test]
fn versions_do_not_clash_with_each_other() {
    let s = school();
    let base = s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every);
    let mut t = s.timetable(vec![base.clone()]);
    let v2 = version(d(2026, 11, 4), "");
    t.versions.insert(v2.id, v2.clone());
    let other = Slot {
        version: Some(v2.id),
        ..s.maths(s.b, Weekday::Mon, 1, SlotWeek::Every)
    };
    t.slots.insert(other.id, other.clone());
    assert!(
        problems(&s.school, &t).is_empty(),
        "{:?}",
        problems(&s.school, &t)
    );
    // A slot of a version that is gone names something that does not exist.
    t.versions.clear();
    let p = problems(&s.school, &t);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].key, format!("refs/{}", other.id));
}

#[test]
fn an_a_or_b_lesson_is_half_an_hour_against_the_plan() {
    let s = school();
    // Mathematics 2 h planned: Monday every week, Tuesday A, Wednesday B = 2 h.
    let mut t = s.timetable(vec![
        s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every),
        s.maths(s.a, Weekday::Tue, 1, SlotWeek::A),
        s.maths(s.a, Weekday::Wed, 1, SlotWeek::B),
    ]);
    t.cycle_start = Some(a_monday());
    let row = |t: &TimetableData, v| {
        crate::timetable_rules::plan_vs_fact_in(&s.school, t, s.a, v)
            .into_iter()
            .find(|r| r.subject == s.maths)
            .expect("maths")
    };
    assert_eq!(row(&t, None).scheduled, WeeklyHours::hours(2));
    assert_eq!(row(&t, None).difference, 0);
    assert!(problems(&s.school, &t).is_empty());
    // One more week-A lesson: 2,5 h, half an hour over the plan.
    let thursday = s.maths(s.a, Weekday::Thu, 1, SlotWeek::A);
    t.slots.insert(thursday.id, thursday);
    let over: Vec<_> = problems(&s.school, &t)
        .into_iter()
        .filter(|p| p.rule == TimetableRule::OverPlan)
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].amount, 1, "half an hour");
    assert!(over[0].message.contains("2,5 ч"), "{}", over[0].message);
    // Another version is counted on its own: one lesson there is under the plan.
    let v2 = version(d(2026, 11, 4), "Со 2 четверти");
    t.versions.insert(v2.id, v2.clone());
    let mut one = s.maths(s.a, Weekday::Fri, 1, SlotWeek::Every);
    one.version = Some(v2.id);
    t.slots.insert(one.id, one);
    assert_eq!(row(&t, Some(v2.id)).scheduled, WeeklyHours::hours(1));
    assert_eq!(row(&t, None).scheduled, WeeklyHours(5));
    let keys: Vec<String> = problems(&s.school, &t).into_iter().map(|p| p.key).collect();
    assert_eq!(keys, vec![format!("plan/{}/{}", s.a, s.maths)]);
}
