//! Small, deterministic sample data for tests and doc examples (not the demo school, which the
//! server generates).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::doc::journal::{JournalData, JournalMeta, Lesson};
use crate::ids::*;
use crate::rights::Cohort;

/// A journal with one lesson and one student; returns the data and their ids.
pub fn tiny_journal() -> (JournalData, LessonId, StudentId) {
    let lesson = LessonId::new();
    let student = StudentId::new();
    let date = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default();
    let mut lessons = BTreeMap::new();
    lessons.insert(
        lesson,
        Lesson {
            id: lesson,
            date,
            number: 1,
            topic: String::new(),
            homework: String::new(),
            substitute: None,
        },
    );
    let mut students = BTreeMap::new();
    students.insert(student, "Иванов Иван Иванович".to_string());
    let data = JournalData {
        meta: JournalMeta {
            cohort: Cohort::Class(ClassId::new()),
            subject: SubjectId::new(),
            period: PeriodId::new(),
            start: date,
            end: date,
            title: "5А · Математика · 1 четверть".into(),
        },
        students,
        lessons,
        attendance: BTreeMap::new(),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    };
    (data, lesson, student)
}

/// Stable ids for the big fixture: `kind` in the high bits, `n` in the low ones.
fn fixed<T>(kind: u128, n: usize, make: fn(uuid::Uuid) -> T) -> T {
    make(uuid::Uuid::from_u128((kind << 64) | n as u128))
}

/// Subjects of [`big_timetable`]; the last one is taught in groups.
pub const BIG_SUBJECTS: [&str; 10] = [
    "Русский язык",
    "Литература",
    "Математика",
    "История",
    "Обществознание",
    "География",
    "Биология",
    "Физика",
    "Химия",
    "Иностранный язык",
];

/// A 30-class school (grades 7–11, six classes each, a six-day week of six lessons) and its
/// week of 1,010 slots with no problem: each class has 33 whole-class lessons; classes 0–9
/// also have two parallel group lessons of «Иностранный язык» in the last cell of Saturday.
/// 50 teachers (0–29 whole-class lessons, 30–49 the groups), each with their own room, every
/// slot covered by a teaching assignment, every class on its own plan equal to its week.
/// Ids are fixed (not random), so a benchmark sees the same data every run.
pub fn big_timetable() -> (
    crate::doc::school::SchoolData,
    crate::doc::timetable::TimetableData,
) {
    use crate::curriculum::{CurriculumProfile, WeeklyHours};
    use crate::doc::school::SchoolData;
    use crate::doc::timetable::TimetableData;
    use crate::model::*;

    let year = fixed(1, 0, YearId::from_uuid);
    let mut s = SchoolData {
        week_days: 6,
        current_year: Some(year),
        ..SchoolData::default()
    };
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
    s.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2026/27".into(),
            start: day(9, 1),
            end: day(12, 31),
        },
    );
    s.bells = (1..=6)
        .map(|n| Bell {
            number: n,
            start: format!("{:02}:00", 7 + n),
            end: format!("{:02}:45", 7 + n),
        })
        .collect();
    let subjects: Vec<SubjectId> = (0..BIG_SUBJECTS.len())
        .map(|i| fixed(2, i, SubjectId::from_uuid))
        .collect();
    for (i, name) in BIG_SUBJECTS.iter().enumerate() {
        s.subjects.insert(
            subjects[i],
            Subject {
                id: subjects[i],
                name: (*name).into(),
                grades: (7..=11).collect(),
            },
        );
    }
    let teachers: Vec<StaffId> = (0..50).map(|i| fixed(3, i, StaffId::from_uuid)).collect();
    for (i, t) in teachers.iter().enumerate() {
        s.staff.insert(
            *t,
            StaffMember {
                id: *t,
                last_name: format!("Учитель{i}"),
                first_name: "Анна".into(),
                middle_name: "Петровна".into(),
                position: "учитель".into(),
            },
        );
    }
    let subject_of = |t: usize| subjects[if t < 30 { t % 9 } else { 9 }];
    let mut t = TimetableData {
        year,
        slots: BTreeMap::new(),
        versions: Default::default(),
        cycle_start: None,
    };
    let mut n_slot = 0;
    let mut slot = |t: &mut TimetableData, k: usize, cohort: Cohort, teacher: usize| {
        let id = fixed(4, n_slot, SlotId::from_uuid);
        n_slot += 1;
        let weekday =
            crate::model::weekday_from_number((k / 6 + 1) as i64).unwrap_or(chrono::Weekday::Mon);
        t.slots.insert(
            id,
            Slot {
                id,
                weekday,
                number: (k % 6 + 1) as u8,
                cohort,
                subject: subject_of(teacher),
                teacher: teachers[teacher],
                co_teachers: Vec::new(),
                room: format!("{}", 100 + teacher),
                week: Default::default(),
                version: None,
            },
        );
    };
    for c in 0..30 {
        let class = fixed(5, c, ClassId::from_uuid);
        let grade = 7 + (c / 6) as u8;
        s.classes.insert(
            class,
            Class {
                id: class,
                year,
                grade,
                letter: ["А", "Б", "В", "Г", "Д", "Е"][c % 6].into(),
                class_teacher: Some(teachers[c]),
            },
        );
        let mut hours: BTreeMap<SubjectId, WeeklyHours> = BTreeMap::new();
        for k in 0..33 {
            let teacher = (c + k) % 30;
            slot(&mut t, k, Cohort::Class(class), teacher);
            let h = hours.entry(subject_of(teacher)).or_default();
            *h = *h + WeeklyHours::hours(1);
        }
        if c < 10 {
            for g in 0..2 {
                let group = fixed(6, c * 2 + g, GroupId::from_uuid);
                s.groups.insert(
                    group,
                    Group {
                        id: group,
                        class,
                        name: format!("{} гр.", g + 1),
                    },
                );
                slot(&mut t, 33, Cohort::Group { class, group }, 30 + 2 * c + g);
            }
            let h = hours.entry(subjects[9]).or_default();
            *h = *h + WeeklyHours::hours(1);
        }
        let profile = fixed(7, c, ProfileId::from_uuid);
        s.profiles.insert(
            profile,
            CurriculumProfile {
                id: profile,
                name: format!("План {c}"),
                grade,
                hours,
            },
        );
        s.class_profiles.insert(class, profile);
    }
    let mut n = 0;
    let mut seen = std::collections::BTreeSet::new();
    for sl in t.slots.values() {
        if seen.insert((sl.teacher, sl.cohort, sl.subject)) {
            let id = fixed(8, n, AssignmentId::from_uuid);
            n += 1;
            s.assignments.insert(
                id,
                crate::model::TeachingAssignment {
                    id,
                    teacher: sl.teacher,
                    cohort: sl.cohort,
                    subject: sl.subject,
                    year,
                },
            );
        }
    }
    (s, t)
}
