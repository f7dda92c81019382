//! One lesson as the teacher marks it: the class list with each student's attendance code and
//! the marks given in this lesson, plus topic and homework.

use serde::{Deserialize, Serialize};

use super::grid::{GridLesson, GridMark};
use crate::doc::journal::JournalData;
use crate::ids::{DocId, LessonId, StudentId, SubjectId};
use crate::marks::format_average;
use crate::rights::Cohort;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub student: StudentId,
    pub name: String,
    /// «Н», «Б», «УП», «ОП», or none (present).
    pub attendance: Option<String>,
    /// Marks given in this lesson.
    pub marks: Vec<GridMark>,
    /// Weighted average over the whole journal («4,33»).
    pub average: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonSheet {
    pub doc: DocId,
    pub title: String,
    pub cohort: Cohort,
    pub subject: SubjectId,
    pub locked: bool,
    pub lesson: GridLesson,
    pub rows: Vec<SheetRow>,
}

impl LessonSheet {
    /// `None` when the journal has no such lesson.
    pub fn build(doc: DocId, j: &JournalData, lesson: LessonId) -> Option<Self> {
        let l = j.lessons.get(&lesson)?;
        let rows = j
            .students_in_order()
            .into_iter()
            .map(|(student, name)| {
                let mut marks: Vec<GridMark> = j
                    .marks_of(student)
                    .filter(|m| m.lesson == lesson)
                    .map(|m| GridMark {
                        id: m.id,
                        value: m.value.to_string(),
                        kind: m.kind.clone(),
                        weight: m.weight,
                        comment: m.comment.clone(),
                    })
                    .collect();
                marks.sort_by_key(|m| m.id);
                SheetRow {
                    student,
                    name: name.to_string(),
                    attendance: j
                        .attendance
                        .get(&(lesson, student))
                        .map(|c| c.code().to_string()),
                    marks,
                    average: j.average_centi(student).map(format_average),
                }
            })
            .collect();
        Some(LessonSheet {
            doc,
            title: j.meta.title.clone(),
            cohort: j.meta.cohort,
            subject: j.meta.subject,
            locked: j.locked,
            lesson: GridLesson {
                id: l.id,
                date: l.date,
                number: l.number,
                topic: l.topic.clone(),
                homework: l.homework.clone(),
            },
            rows,
        })
    }
}
