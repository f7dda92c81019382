//! A small school for the reports' table tests: year 2026/27, quarters 1–2 for grades 1–9 and
//! the first half-year (ending with the 2nd quarter) for grades 10–11; classes 5А, 5Б, 10А;
//! Математика (Иванова), Русский язык (Петров); journals built by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::doc::journal::{JournalData, JournalMeta, Lesson};
use crate::doc::movement::{MovementData, Order, OrderKind};
use crate::doc::school::SchoolData;
use crate::ids::*;
use crate::marks::{AbsenceCode, MarkValue};
use crate::model::*;
use crate::rights::Cohort;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a date")
}

pub struct Fx {
    pub school: SchoolData,
    pub q1: PeriodId,
    pub q2: PeriodId,
    pub h1: PeriodId,
    pub c5a: ClassId,
    pub c5b: ClassId,
    pub c10a: ClassId,
    pub math: SubjectId,
    pub rus: SubjectId,
    pub ivanova: StaffId,
    pub petrov: StaffId,
}

impl Fx {
    pub fn new() -> Fx {
        let mut school = SchoolData {
            week_days: 5,
            ..SchoolData::default()
        };
        let year = YearId::new();
        school.current_year = Some(year);
        school.years.insert(
            year,
            AcademicYear {
                id: year,
                title: "2026/2027".into(),
                start: d(2026, 9, 1),
                end: d(2027, 5, 31),
            },
        );
        let mut period = |kind, number, start, end| {
            let id = PeriodId::new();
            school.periods.insert(
                id,
                StudyPeriod {
                    id,
                    year,
                    kind,
                    number,
                    start,
                    end,
                },
            );
            id
        };
        let q1 = period(PeriodKind::Quarter, 1, d(2026, 9, 1), d(2026, 10, 24));
        let q2 = period(PeriodKind::Quarter, 2, d(2026, 11, 5), d(2026, 12, 28));
        let h1 = period(PeriodKind::HalfYear, 1, d(2026, 9, 1), d(2026, 12, 28));
        let mut class = |grade, letter: &str| {
            let id = ClassId::new();
            school.classes.insert(
                id,
                Class {
                    id,
                    year,
                    grade,
                    letter: letter.into(),
                    class_teacher: None,
                },
            );
            id
        };
        let (c5a, c5b, c10a) = (class(5, "А"), class(5, "Б"), class(10, "А"));
        let mut subject = |name: &str| {
            let id = SubjectId::new();
            school.subjects.insert(
                id,
                Subject {
                    id,
                    name: name.into(),
                    grades: vec![5, 10],
                },
            );
            id
        };
        let (math, rus) = (subject("Математика"), subject("Русский язык"));
        let mut staff = |last: &str, first: &str| {
            let id = StaffId::new();
            school.staff.insert(
                id,
                StaffMember {
                    id,
                    last_name: last.into(),
                    first_name: first.into(),
                    middle_name: String::new(),
                    position: "учитель".into(),
                },
            );
            id
        };
        let (ivanova, petrov) = (staff("Иванова", "Анна"), staff("Петров", "Пётр"));
        for (teacher, subject) in [(ivanova, math), (petrov, rus)] {
            for c in [c5a, c5b, c10a] {
                let id = AssignmentId::new();
                school.assignments.insert(
                    id,
                    TeachingAssignment {
                        id,
                        teacher,
                        cohort: Cohort::Class(c),
                        subject,
                        year,
                    },
                );
            }
        }
        Fx {
            school,
            q1,
            q2,
            h1,
            c5a,
            c5b,
            c10a,
            math,
            rus,
            ivanova,
            petrov,
        }
    }

    /// An empty journal of a class, subject and period with these students.
    pub fn journal(
        &self,
        class: ClassId,
        subject: SubjectId,
        period: PeriodId,
        students: &[(StudentId, &str)],
    ) -> JournalData {
        let p = &self.school.periods[&period];
        JournalData {
            meta: JournalMeta {
                cohort: Cohort::Class(class),
                subject,
                period,
                start: p.start,
                end: p.end,
                title: String::new(),
            },
            students: students.iter().map(|(s, n)| (*s, n.to_string())).collect(),
            lessons: BTreeMap::new(),
            attendance: BTreeMap::new(),
            marks: BTreeMap::new(),
            finals: BTreeMap::new(),
            locked: false,
        }
    }

    /// The same with final marks (`"5"`, `"н/а"`, `"осв"`, …), in the students' order.
    pub fn with_finals(
        &self,
        class: ClassId,
        subject: SubjectId,
        period: PeriodId,
        finals: &[(StudentId, &str, &str)],
    ) -> JournalData {
        let students: Vec<(StudentId, &str)> = finals.iter().map(|(s, n, _)| (*s, *n)).collect();
        let mut j = self.journal(class, subject, period, &students);
        for (s, _, v) in finals {
            if !v.is_empty() {
                j.finals.insert(*s, v.parse::<MarkValue>().expect("a mark"));
            }
        }
        j
    }
}

/// `n` new students named «Ученик 1» … .
pub fn students(n: usize) -> Vec<(StudentId, String)> {
    (1..=n)
        .map(|i| (StudentId::new(), format!("Ученик {i:02}")))
        .collect()
}

/// Adds a lesson on `date` (number `number`) and returns its id.
pub fn lesson(j: &mut JournalData, date: NaiveDate, number: u8) -> LessonId {
    let id = LessonId::new();
    j.lessons.insert(
        id,
        Lesson {
            id,
            date,
            number,
            topic: String::new(),
            homework: String::new(),
            substitute: None,
        },
    );
    id
}

pub fn absent(j: &mut JournalData, lesson: LessonId, student: StudentId, code: &str) {
    j.attendance.insert(
        (lesson, student),
        code.parse::<AbsenceCode>().expect("a code"),
    );
}

/// A movement document of these orders (kind, date, students), numbered 1, 2, ….
pub fn movement(orders: &[(OrderKind, NaiveDate, &[StudentId])]) -> MovementData {
    let mut data = MovementData::default();
    for (i, (kind, date, who)) in orders.iter().enumerate() {
        let id = OrderId::new();
        data.orders.insert(
            id,
            Order {
                id,
                number: format!("{}", i + 1),
                date: *date,
                kind: kind.clone(),
                students: who.iter().map(|s| (*s, format!("Ученик {s}"))).collect(),
                note: String::new(),
            },
        );
    }
    data
}
