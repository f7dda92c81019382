//! The journal grid as a teacher reads it: students × lessons, with absence codes and marks
//! in the cells, the weighted average (two decimals) and the final mark per student. Cells
//! that two devices wrote concurrently carry the other value too (see
//! [`JournalConflicts`]), so the screen can show it instead of hiding it.

use crate::doc::journal::{JournalConflicts, JournalData, Lesson, MarkEntry};
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
    /// Topics another device wrote at the same time (a conflict; empty normally).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic_other: Vec<String>,
    /// Homework another device wrote at the same time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub homework_other: Vec<String>,
}

impl GridLesson {
    pub(crate) fn of(l: &Lesson, c: &JournalConflicts) -> Self {
        GridLesson {
            id: l.id,
            date: l.date,
            number: l.number,
            topic: l.topic.clone(),
            homework: l.homework.clone(),
            topic_other: c.topics.get(&l.id).cloned().unwrap_or_default(),
            homework_other: c.homework.get(&l.id).cloned().unwrap_or_default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridMark {
    pub id: MarkId,
    pub value: String,
    pub kind: String,
    pub weight: u8,
    pub comment: String,
    /// Values another device gave this mark at the same time («4» against the shown «5»).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_other: Vec<String>,
}

impl GridMark {
    pub(crate) fn of(m: &MarkEntry, c: &JournalConflicts) -> Self {
        GridMark {
            id: m.id,
            value: m.value.to_string(),
            kind: m.kind.clone(),
            weight: m.weight,
            comment: m.comment.clone(),
            value_other: c
                .mark_values
                .get(&m.id)
                .map(|v| v.iter().map(ToString::to_string).collect())
                .unwrap_or_default(),
        }
    }
}

/// The marks of one student in one lesson, by id.
pub(crate) fn lesson_marks(
    j: &JournalData,
    c: &JournalConflicts,
    student: StudentId,
    lesson: LessonId,
) -> Vec<GridMark> {
    let mut marks: Vec<GridMark> = j
        .marks_of(student)
        .filter(|m| m.lesson == lesson)
        .map(|m| GridMark::of(m, c))
        .collect();
    marks.sort_by_key(|m| m.id);
    marks
}

/// Other attendance codes of a cell, as shown («Б»).
pub(crate) fn attendance_other(
    c: &JournalConflicts,
    lesson: LessonId,
    student: StudentId,
) -> Vec<String> {
    c.attendance
        .get(&(lesson, student))
        .map(|v| v.iter().map(|a| a.code().to_string()).collect())
        .unwrap_or_default()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCell {
    pub lesson: LessonId,
    pub attendance: Option<String>,
    pub marks: Vec<GridMark>,
    /// Absence codes another device wrote into this cell at the same time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendance_other: Vec<String>,
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

    /// Did two devices write this cell differently at the same time?
    pub fn has_conflict(&self) -> bool {
        !self.attendance_other.is_empty() || self.marks.iter().any(|m| !m.value_other.is_empty())
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
    /// Final marks another device set at the same time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub final_other: Vec<String>,
}

fn yes() -> bool {
    true
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
    /// May the reader write this journal (the assigned teacher)? Set by whoever builds the
    /// view for a user; `build` assumes yes.
    #[serde(default = "yes")]
    pub writable: bool,
}

impl JournalGrid {
    /// The grid without conflict information (see [`JournalGrid::build_with`]).
    pub fn build(doc: DocId, j: &JournalData) -> Self {
        Self::build_with(doc, j, &JournalConflicts::default())
    }

    /// The grid, with the other values of cells written concurrently
    /// (`journal::read_conflicts`).
    pub fn build_with(doc: DocId, j: &JournalData, c: &JournalConflicts) -> Self {
        let lessons: Vec<GridLesson> = j
            .lessons_in_order()
            .into_iter()
            .map(|l| GridLesson::of(l, c))
            .collect();
        let rows = j
            .students_in_order()
            .into_iter()
            .map(|(student, name)| {
                let cells = lessons
                    .iter()
                    .map(|l| GridCell {
                        lesson: l.id,
                        attendance: j
                            .attendance
                            .get(&(l.id, student))
                            .map(|c| c.code().to_string()),
                        marks: lesson_marks(j, c, student, l.id),
                        attendance_other: attendance_other(c, l.id, student),
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
                    final_other: c
                        .finals
                        .get(&student)
                        .map(|v| v.iter().map(ToString::to_string).collect())
                        .unwrap_or_default(),
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
            writable: true,
        }
    }

    /// How many cells (including final marks) hold concurrently written values.
    pub fn conflicts(&self) -> usize {
        self.rows
            .iter()
            .map(|r| {
                r.cells.iter().filter(|c| c.has_conflict()).count()
                    + usize::from(!r.final_other.is_empty())
            })
            .sum()
    }
}
