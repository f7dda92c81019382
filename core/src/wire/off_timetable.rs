//! `GET /v1/web/timetable/off`: lessons that no longer fit the timetable but hold data. The
//! server never deletes them (see `crate::lesson_plan`); the coordinator resolves them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{DocId, LessonId};

/// One such lesson: where it is and what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffTimetableLesson {
    pub journal: DocId,
    pub lesson: LessonId,
    /// «5А» or «5А · Группа 1».
    pub class: String,
    pub subject: String,
    /// «1 четверть».
    pub period: String,
    pub date: NaiveDate,
    pub number: u8,
    /// Attendance entries recorded.
    pub attendance: usize,
    pub marks: usize,
    pub topic: String,
    pub homework: String,
    /// «отметок: 2, тема»: what the lesson holds, in Russian.
    pub holds: String,
}

/// Every lesson «не по расписанию», by date, number and class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffTimetableView {
    pub lessons: Vec<OffTimetableLesson>,
}
