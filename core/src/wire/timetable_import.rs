//! `POST /v1/web/timetable/import/{preview,apply}`: a timetable file from a scheduling program
//! (FET, aSc Timetables) compared with the current year's timetable. The preview writes nothing; the apply
//! writes the same plan. The names the user matched by hand travel with every request
//! ([`TimetableNames`]), so the client keeps them between imports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{SlotId, StaffId, SubjectId};
use crate::rights::Cohort;

/// The user's answers: (kind, name as the file writes it) → what it means in the school. The
/// same shape the server reads back in `?names=`; names are compared in any case and spacing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimetableNames {
    pub teachers: BTreeMap<String, StaffId>,
    pub student_sets: BTreeMap<String, Cohort>,
    pub subjects: BTreeMap<String, SubjectId>,
    /// A time range («08:30-09:15») → a lesson number of the bell schedule.
    pub hours: BTreeMap<String, u8>,
}

/// What kind of name did not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimetableNameKind {
    Teacher,
    StudentSet,
    Subject,
    Hour,
}

/// What a suggested answer means: the entry to add to [`TimetableNames`] under the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum TimetableNameTarget {
    Staff(StaffId),
    Cohort(Cohort),
    Subject(SubjectId),
    Lesson(u8),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableNameSuggestion {
    pub target: TimetableNameTarget,
    /// How the school names it: «Иванова Анна Петровна», «5А, Англ. 1».
    pub label: String,
}

/// A name of the file the school does not know (once per name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableUnmatched {
    pub kind: TimetableNameKind,
    /// «учитель», «класс или группа», «предмет», «урок по времени».
    pub kind_label: String,
    pub name: String,
    pub rows: Vec<u32>,
    pub suggestions: Vec<TimetableNameSuggestion>,
}

/// A row left out, and why (in Russian).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableRowError {
    pub row: u32,
    pub reason: String,
}

/// A lesson with more teachers than a slot holds (the lead and three co-teachers): the slot
/// keeps the first four, these are the rest, not written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableExtraTeachers {
    pub row: u32,
    pub slot: SlotId,
    /// Full names.
    pub others: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableImportCounts {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// The preview (or, with `applied`, what was written).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableImportView {
    /// `true` from the apply: the counts were written.
    pub applied: bool,
    pub counts: TimetableImportCounts,
    pub errors: Vec<TimetableRowError>,
    /// While any is listed, the apply is refused: answer them in `names`.
    pub unmatched: Vec<TimetableUnmatched>,
    pub extra_teachers: Vec<TimetableExtraTeachers>,
    /// The answers in force, to send back with the next request.
    pub names: TimetableNames,
}
