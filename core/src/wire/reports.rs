//! The reports screen's JSON (`GET /v1/web/reports` and `GET /v1/web/reports/{report}`): what
//! the caller may pick, the report names and formats, and the movement report's answer. The
//! reports themselves are `crate::reports`' types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{ClassId, PeriodId, StudentId, YearId};
use crate::reports::movement_report::{MovementReport, RosterOn};

/// A report of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportName {
    /// «Итоги успеваемости за учебный период».
    Results,
    /// «Сводная ведомость итоговых отметок».
    Finals,
    /// «Отчёт о посещаемости».
    Attendance,
    /// A student's report card.
    Card,
    /// «Движение учащихся».
    Movement,
}

impl ReportName {
    pub const ALL: [ReportName; 5] = [
        ReportName::Results,
        ReportName::Finals,
        ReportName::Attendance,
        ReportName::Card,
        ReportName::Movement,
    ];

    /// The path segment: `results`, `finals`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ReportName::Results => "results",
            ReportName::Finals => "finals",
            ReportName::Attendance => "attendance",
            ReportName::Card => "card",
            ReportName::Movement => "movement",
        }
    }

    pub fn parse(s: &str) -> Option<ReportName> {
        ReportName::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn title_ru(self) -> &'static str {
        match self {
            ReportName::Results => "Итоги успеваемости за учебный период",
            ReportName::Finals => "Сводная ведомость итоговых отметок",
            ReportName::Attendance => "Отчёт о посещаемости",
            ReportName::Card => "Информационное письмо для родителей (табель)",
            ReportName::Movement => "Движение учащихся",
        }
    }
}

/// How a report is answered: the extension of the path (none = JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Json,
    Xlsx,
    Pdf,
    Csv,
}

impl ReportFormat {
    /// `results.xlsx` → (results, xlsx); `results` → (results, json).
    pub fn split(file: &str) -> Option<(ReportName, ReportFormat)> {
        let (name, ext) = file.split_once('.').unwrap_or((file, ""));
        let format = match ext {
            "" | "json" => ReportFormat::Json,
            "xlsx" => ReportFormat::Xlsx,
            "pdf" => ReportFormat::Pdf,
            "csv" => ReportFormat::Csv,
            _ => return None,
        };
        Some((ReportName::parse(name)?, format))
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Csv => "csv",
        }
    }
}

/// The query of `GET /v1/web/reports/{report}`; what each report reads:
/// results `period[&class]` (no class: the school), finals `class&(period|year)`, attendance
/// `[class&]from&to`, card `student&period`, movement `from&to[&on]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ClassId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<YearId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<StudentId>,
    /// The roster's date of the movement report (default: 20 September of the year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

impl ReportQuery {
    /// `class=…&period=…` for a URL (ids and ISO dates need no escaping).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.class {
            parts.push(format!("class={v}"));
        }
        if let Some(v) = self.period {
            parts.push(format!("period={v}"));
        }
        if let Some(v) = self.year {
            parts.push(format!("year={v}"));
        }
        if let Some(v) = self.from {
            parts.push(format!("from={v}"));
        }
        if let Some(v) = self.to {
            parts.push(format!("to={v}"));
        }
        if let Some(v) = self.student {
            parts.push(format!("student={v}"));
        }
        if let Some(v) = self.on {
            parts.push(format!("on={v}"));
        }
        parts.join("&")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportClass {
    pub id: ClassId,
    pub name: String,
    pub grade: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPeriod {
    pub id: PeriodId,
    /// «2 четверть».
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStudent {
    pub id: StudentId,
    pub name: String,
    pub class: ClassId,
}

/// `GET /v1/web/reports`: what the caller may ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportsIndex {
    /// The school-wide reports (every journal readable).
    pub school: bool,
    /// Classes whose reports the caller may read.
    pub classes: Vec<ReportClass>,
    /// The current year's periods, by start.
    pub periods: Vec<ReportPeriod>,
    pub year: Option<YearId>,
    /// The movement book may be read.
    pub movement: bool,
    /// Students whose report card the caller may read (own children, or a class's students).
    pub students: Vec<ReportStudent>,
    /// The school's today.
    pub today: NaiveDate,
    /// The period that contains today (or the last one that ended).
    pub current_period: Option<PeriodId>,
}

/// `GET /v1/web/reports/movement`: the report and the lists on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementView {
    pub report: MovementReport,
    pub roster: RosterOn,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_formats_from_the_path() {
        assert_eq!(
            ReportFormat::split("results.xlsx"),
            Some((ReportName::Results, ReportFormat::Xlsx))
        );
        assert_eq!(
            ReportFormat::split("card"),
            Some((ReportName::Card, ReportFormat::Json))
        );
        assert_eq!(ReportFormat::split("card.doc"), None);
        assert_eq!(ReportFormat::split("nothing.pdf"), None);
        for r in ReportName::ALL {
            assert_eq!(ReportName::parse(r.as_str()), Some(r));
        }
    }
}
