//! JSON bodies of `/v1/web/year-close` (closing the year and moving to the next).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{ClassId, OrderId, StudentId, SubjectId, YearId};
use crate::year_close::{Override, YearPlan};

/// `GET /v1/web/year-close`: the dry run of closing the current year (with the overrides
/// given, none by default), and the move in force that may be undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCloseView {
    /// `None` when the school has no current year to close.
    pub plan: Option<YearPlan>,
    /// Why there is no plan (a Russian sentence).
    #[serde(default)]
    pub plan_error: Option<String>,
    /// Subject names for the debts and marks.
    pub subjects: BTreeMap<SubjectId, String>,
    /// Names of this year's and next year's classes.
    pub class_names: BTreeMap<ClassId, String>,
    /// The last move to a new year that is in force (may be undone if `undo_problems` is empty).
    pub done: Option<YearCloseDone>,
    #[serde(default)]
    pub undo_problems: Vec<String>,
}

/// `POST /v1/web/year-close`: confirm closing `year` with these overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCloseRequest {
    pub year: YearId,
    #[serde(default)]
    pub overrides: BTreeMap<StudentId, Override>,
}

/// One order of the move, as the book lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCloseOrder {
    pub id: OrderId,
    pub number: String,
    pub date: NaiveDate,
    /// «о переводе», «о выбытии».
    pub kind: String,
    pub students: usize,
    pub note: String,
}

/// The move to the next year in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCloseDone {
    pub year: YearId,
    pub year_title: String,
    pub next_year: YearId,
    pub next_year_title: String,
    pub orders: Vec<YearCloseOrder>,
    /// `false`: the year was already closed this way and nothing was written.
    pub changed: bool,
}

/// `POST /v1/web/year-close/undo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCloseUndone {
    pub year: YearId,
    pub orders_cancelled: usize,
    pub classes_removed: usize,
    pub journals_reopened: usize,
}
