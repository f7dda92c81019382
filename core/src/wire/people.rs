//! JSON bodies of the people screens: a class's people (`GET /v1/web/people`), the movement
//! book (`GET /v1/web/movement/book`) and the preview of an import of people lists
//! (`POST /v1/web/import/{preview,apply}`). Restricted fields (personal files) are present
//! only for readers allowed to see them, and absent (not empty) otherwise.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doc::personal::StudentFile;
use crate::ids::{ClassId, GuardianId, StudentId};
use crate::movement::MovementBook;

/// `GET /v1/web/movement/book`: the book with the names of its classes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookView {
    #[serde(flatten)]
    pub book: MovementBook,
    /// Class id → «5А».
    pub class_names: BTreeMap<ClassId, String>,
}

/// One class the user may read the list of (`GET /v1/web/people` without `class`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRow {
    pub id: ClassId,
    pub name: String,
    /// Students listed and active.
    pub students: u32,
    pub can_edit: bool,
    pub can_add: bool,
}

/// `GET /v1/web/people`: the classes whose lists the user may read, by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassesView {
    pub classes: Vec<ClassRow>,
}

/// A guardian of a student as the class list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianRow {
    pub id: GuardianId,
    pub name: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub relation: String,
    /// Personal files only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Personal files only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One student of the class list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: StudentId,
    pub name: String,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    /// Personal files only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// `false`: left the class by an order; still listed.
    pub active: bool,
    pub guardians: Vec<GuardianRow>,
    /// The whole personal file, for readers of personal files only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<StudentFile>,
}

/// `GET /v1/web/people?class=<id>`: a class's students (active first, by name) with their
/// guardians, and what the reader may do. Search and filtering are the UI's (≤ 40 students).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleView {
    pub class: ClassId,
    pub class_name: String,
    pub students: Vec<PersonRow>,
    /// May edit the people listed (`may(Write, Roster)`).
    pub can_edit: bool,
    /// May enter new people (`rights::may_enter_people`).
    pub can_add: bool,
    pub can_read_personal: bool,
    pub can_edit_personal: bool,
}

/// Adds and already-there counts of one kind of entity of an import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCounts {
    pub add: u32,
    pub unchanged: u32,
}

/// What an import adds, per entity; rows with errors are skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub rows: EntityCounts,
    pub rows_with_errors: u32,
    /// Problems found (a row may have several).
    pub errors: u32,
    pub students: EntityCounts,
    pub guardians: EntityCounts,
    pub links: EntityCounts,
    pub staff: EntityCounts,
}

/// A problem of one row (or one cell) of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowErrorView {
    /// Row number as Excel shows it (the header is row 1).
    pub row: u32,
    /// The column header as written in the file; `None` for the whole row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Russian, says what to fix.
    pub message: String,
}

/// A column of the file the import does not use, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownColumn {
    pub header: String,
    pub reason: String,
}

/// What kind of list is imported (`?kind=students|staff`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportListKind {
    /// Students with their guardians, into rosters and personal files.
    Students,
    /// Staff, into the school document.
    Staff,
}

/// Longest `ImportPreview::adds`.
pub const MAX_PREVIEW_ADDS: usize = 200;

/// `POST /v1/web/import/preview?kind=students|staff[&encoding=utf-8|windows-1251|utf-16le|
/// utf-16be]` (and `/apply` with the same query and file): how the file was read and what the
/// import adds. A CSV's encoding is detected unless `encoding` forces one (`encoding_forced`);
/// XLSX files have no encoding or delimiter. Preview writes nothing; apply writes the adds and
/// returns the same view (`applied`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub kind: ImportListKind,
    /// «CSV» or «XLSX».
    pub format: String,
    /// CSV: «UTF-8», «Windows-1251», …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// CSV: the encoding came from `?encoding=`, not from detection.
    pub encoding_forced: bool,
    /// CSV: «точка с запятой», «запятая», «табуляция».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// XLSX: the sheet read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Data rows of the file (the header not counted).
    pub rows_total: u32,
    pub counts: ImportCounts,
    pub errors: Vec<RowErrorView>,
    pub unknown_columns: Vec<UnknownColumn>,
    /// Short readable lines of what is added («Ученик: Новикова Алиса Игоревна, 5А»), at most
    /// [`MAX_PREVIEW_ADDS`]; `adds_more` says how many are not listed.
    pub adds: Vec<String>,
    pub adds_more: u32,
    /// Was this the answer of `/apply` (written) or of `/preview` (nothing written)?
    pub applied: bool,
}

impl ImportPreview {
    /// Does applying add nothing?
    pub fn adds_nothing(&self) -> bool {
        let c = &self.counts;
        c.students.add + c.guardians.add + c.links.add + c.staff.add == 0
    }
}
