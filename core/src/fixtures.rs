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
