//! The journal grid as a teacher reads it: students × lessons, with absence codes and marks
//! in the cells, the weighted average (two decimals) and the final mark per student.

use crate::doc::journal::JournalData;
use crate::ids::{DocId, LessonId, MarkId, StudentId};
use crate::marks::format_average;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridLesson {
    pub id: LessonId,
    pub date: NaiveDate,
    pub number: u8,
    pub topic: String,
    pub homework: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridMark {
    pub id: MarkId,
    pub value: String,
    pub kind: String,
    pub weight: u8,
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCell {
    pub lesson: LessonId,
    pub attendance: Option<String>,
    pub marks: Vec<GridMark>,
}

impl GridCell {
    /// «Н», «5», «Н 4/5», or empty.
    pub fn text(&self) -> String {
        let marks: Vec<&str> = self.marks.iter().map(|m| m.value.as_str()).collect();
        match (&self.attendance, marks.is_empty()) {
            (Some(a), true) => a.clone(),
            (Some(a), false) => format!("{a} {}", marks.join("/")),
            (None, _) => marks.join("/"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRow {
    pub student: StudentId,
    pub name: String,
    pub cells: Vec<GridCell>,
    /// «4,33»
    pub average: Option<String>,
    pub average_centi: Option<u32>,
    pub final_mark: Option<String>,
}

/// The whole grid of one journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalGrid {
    pub doc: DocId,
    pub title: String,
    pub locked: bool,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub lessons: Vec<GridLesson>,
    pub rows: Vec<GridRow>,
}

impl JournalGrid {
    pub fn build(doc: DocId, j: &JournalData) -> Self {
        let lessons: Vec<GridLesson> = j
            .lessons_in_order()
            .into_iter()
            .map(|l| GridLesson {
                id: l.id,
                date: l.date,
                number: l.number,
                topic: l.topic.clone(),
                homework: l.homework.clone(),
            })
            .collect();
        let rows = j
            .students_in_order()
            .into_iter()
            .map(|(student, name)| {
                let cells = lessons
                    .iter()
                    .map(|l| {
                        let mut marks: Vec<GridMark> = j
                            .marks_of(student)
                            .filter(|m| m.lesson == l.id)
                            .map(|m| GridMark {
                                id: m.id,
                                value: m.value.to_string(),
                                kind: m.kind.clone(),
                                weight: m.weight,
                                comment: m.comment.clone(),
                            })
                            .collect();
                        marks.sort_by_key(|m| m.id);
                        GridCell {
                            lesson: l.id,
                            attendance: j
                                .attendance
                                .get(&(l.id, student))
                                .map(|c| c.code().to_string()),
                            marks,
                        }
                    })
                    .collect();
                let average_centi = j.average_centi(student);
                GridRow {
                    student,
                    name: name.to_string(),
                    cells,
                    average: average_centi.map(format_average),
                    average_centi,
                    final_mark: j.finals.get(&student).map(|v| v.to_string()),
                }
            })
            .collect();
        JournalGrid {
            doc,
            title: j.meta.title.clone(),
            locked: j.locked,
            start: j.meta.start,
            end: j.meta.end,
            lessons,
            rows,
        }
    }
}
