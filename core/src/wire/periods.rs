//! Closing a study period: the JSON views of `GET /v1/web/periods`,
//! `GET /v1/web/periods/{id}/blockers` and the answers of `…/close` and `…/reopen`. The
//! completeness report (`GET /v1/web/completeness`) is [`crate::completeness::Completeness`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::completeness::Gap;
use crate::ids::{PeriodId, UserId};
use crate::model::PeriodKind;

/// One study period of the current year with its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub id: PeriodId,
    pub kind: PeriodKind,
    /// «1 четверть»
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub closed: bool,
    /// Who closed it (or reopened it, when open again) and when; `None` if never closed.
    pub changed_by: Option<UserId>,
    pub changed_by_name: Option<String>,
    pub changed_at: Option<DateTime<Utc>>,
    /// Journals of the period and how many of them are locked.
    pub journals: u32,
    pub locked: u32,
    /// What blocks closing it now (missing finals, lessons without attendance); 0 once closed.
    pub blockers: u32,
}

/// `GET /v1/web/periods`: the current year's periods, in order, and what the caller may do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodsView {
    pub periods: Vec<PeriodRow>,
    pub today: Option<NaiveDate>,
    /// «Закрывать учебные периоды».
    pub can_close: bool,
    /// «Открывать закрытый период».
    pub can_reopen: bool,
}

/// `GET /v1/web/periods/{id}/blockers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockersView {
    pub period: PeriodRow,
    /// In the order class, subject, date, student (see `period_close::blockers`).
    pub blockers: Vec<Gap>,
}

/// The answer of `POST /v1/web/periods/{id}/close` and `…/reopen`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodChanged {
    pub period: PeriodRow,
    /// Journals this request locked (close) or unlocked (reopen).
    pub journals_changed: u32,
}
