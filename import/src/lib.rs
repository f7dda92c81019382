//! Imports and exports for Zvonok: people lists (staff, and students with their guardians),
//! and timetables from scheduling programs.
//!
//! The pipeline, with no I/O (callers pass bytes and get values back, so the server and the
//! app share it):
//!
//! 1. [`read_table`] (or [`read_csv`] / [`read_xlsx`]): bytes → [`Table`], detecting the CSV
//!    encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1251) and delimiter,
//!    keeping row numbers as Excel shows them.
//! 2. [`plan`]: maps the headers ([`ColumnMap`]), validates every row with exact Russian
//!    per-row errors ([`RowError`]), and compares with the people the school already has
//!    ([`ExistingPeople`]) → an [`ImportPlan`] to preview. Nothing is written: the caller
//!    applies the plan after the user confirms. Re-planning the same file against the state
//!    after applying it adds nothing.
//! 3. [`export_xlsx`], [`export_class_list`], [`export_staff_list`]: lists → XLSX bytes that
//!    this crate reads back.
//!
//! Timetables from scheduling programs (FET's CSV export and its `.fet` XML) go through
//! [`timetable`]: file → [`TimetableSource`] → names matched ([`map_timetable`], with the
//! user's remembered [`NameMap`]) → [`TimetablePlan`] against the school's timetable.
//!
//! The import only adds: a person already present is "unchanged", even when the file has
//! other details for them (edits and class changes go through personal files and orders).

pub mod columns;
pub mod csv_read;
pub mod dates;
pub mod encoding;
pub mod error;
pub mod export;
pub mod plan;
pub mod records;
mod rows;
pub mod sample;
pub mod source;
pub mod table;
pub mod timetable;
pub mod values;
pub mod xlsx_read;

pub use columns::{ColumnMap, Field, GuardianField, ImportKind, PersonField, UnusedColumn};
pub use csv_read::{read_csv, CsvOptions, CsvRead, Delimiter};
pub use encoding::{decode, detect, Decoded, TextEncoding};
pub use error::{ImportError, RowError, RowProblem};
pub use export::{
    export_book, export_class_list, export_staff_list, export_xlsx, ClassListEntry, ExportColumn,
    ExportSheet,
};
pub use plan::{
    plan, plan_with_progress, Action, ExistingPeople, ImportPlan, PlanCounts, PlannedGuardian,
    PlannedLink, PlannedStaff, PlannedStudent, RowOutcome, RowStatus,
};
pub use records::{GuardianKey, GuardianRecord, StaffKey, StaffRecord, StudentKey, StudentRecord};
pub use rows::ClassIndex;
pub use source::{read_table, ReadOptions, ReadTable, SourceFormat};
pub use table::{Cell, Row, Table};
pub use timetable::{
    map_timetable, plan_timetable, read_fet_csv, read_fet_xml, MappedLesson, MappedTimetable,
    NameKind, NameMap, SourceHour, SourceLesson, Suggestion, Target, TimetableCounts,
    TimetablePlan, TimetableSource, Unmatched,
};
pub use values::Sex;
pub use xlsx_read::{read_xlsx, XlsxRead};
