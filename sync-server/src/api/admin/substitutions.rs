//! The monthly substitutions report, for paying substituted hours: `GET
//! /v1/web/timetable/substitutions?month=YYYY-MM` (JSON `SubstitutionsView`: who replaced
//! whom, date, lesson number, class, subject, room, note; hours per substitute) and
//! `GET /v1/web/timetable/substitutions.xlsx?month=YYYY-MM` (sheet «Замены» with the lessons,
//! sheet «Часы» with the hours per substitute). Needs «Настраивать школу» or «Редактировать
//! расписание».

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::views::substitutions::{month_range, substitutions, SubstitutionsView};
use zvonok_import::{export_book, Cell, ExportColumn, ExportSheet};

use super::{forbid_unless, index, internal, query};
use crate::api::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::provision::journals::Plan;
use crate::state::AppState;
use crate::storage::UserRecord;

const MAY_SEE: &str = "отчёт о заменах видят координатор и составитель расписания; попросите \
право «Редактировать расписание»";
const MONTH: &str = "укажите месяц отчёта в виде ГГГГ-ММ, например month=2026-09";

#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    pub month: String,
}

/// The substitutions of `month` («YYYY-MM») in the current year's timetable.
pub fn substitutions_view(
    state: &AppState,
    user: &UserRecord,
    month: &str,
) -> ApiResult<SubstitutionsView> {
    let (from, to) = month_range(month).ok_or_else(|| ApiError::BadRequest(MONTH.into()))?;
    let ix = index(state)?;
    let p = &user.principal;
    forbid_unless(
        may(p, Action::Write, Resource::School, &ix.dir)
            || may(p, Action::Write, Resource::Timetable, &ix.dir),
        MAY_SEE,
    )?;
    let school = ix.school.clone();
    drop(ix);
    let records = state.storage.docs()?;
    let Some(plan) = Plan::read(state, school, &records)? else {
        return Ok(SubstitutionsView {
            month: month.trim().to_string(),
            rows: Vec::new(),
            totals: Vec::new(),
        });
    };
    Ok(substitutions(
        &plan.school,
        &plan.timetable,
        &plan.changes,
        month,
        from,
        to,
    ))
}

/// The report as a workbook: «Замены» (one line per substituted lesson) and «Часы».
pub fn substitutions_xlsx(v: &SubstitutionsView) -> ApiResult<Vec<u8>> {
    let lessons = ExportSheet {
        title: "Замены".into(),
        columns: vec![
            ExportColumn::new("Дата", 12.0),
            ExportColumn::new("Урок", 6.0),
            ExportColumn::new("Класс", 12.0),
            ExportColumn::new("Предмет", 24.0),
            ExportColumn::new("Замещающий учитель", 26.0),
            ExportColumn::new("Кого заменял", 26.0),
            ExportColumn::new("Кабинет", 10.0),
            ExportColumn::new("Примечание", 30.0),
        ],
        rows: v
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Date(r.date),
                    Cell::Number(f64::from(r.number)),
                    Cell::text(r.class.clone()),
                    Cell::text(r.subject.clone()),
                    Cell::text(r.substitute_name.clone()),
                    Cell::text(r.replaced_name.clone()),
                    Cell::text(r.room.clone()),
                    Cell::text(r.note.clone()),
                ]
            })
            .collect(),
    };
    let hours = ExportSheet {
        title: "Часы".into(),
        columns: vec![
            ExportColumn::new("Замещающий учитель", 30.0),
            ExportColumn::new("Часов замены", 14.0),
        ],
        rows: v
            .totals
            .iter()
            .map(|t| vec![Cell::text(t.name.clone()), Cell::Number(f64::from(t.hours))])
            .collect(),
    };
    export_book(&[lessons, hours]).map_err(internal)
}

/// `GET /v1/web/timetable/substitutions?month=YYYY-MM`
pub async fn get_substitutions(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<MonthQuery>, QueryRejection>,
) -> ApiResult<Json<SubstitutionsView>> {
    let q = query(q, MONTH)?;
    let v = tokio::task::spawn_blocking(move || substitutions_view(&state, &a.user, &q.month))
        .await??;
    Ok(Json(v))
}

/// `GET /v1/web/timetable/substitutions.xlsx?month=YYYY-MM`
pub async fn get_substitutions_xlsx(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<MonthQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, MONTH)?;
    let month = q.month.trim().to_string();
    let bytes = tokio::task::spawn_blocking(move || {
        let v = substitutions_view(&state, &a.user, &q.month)?;
        substitutions_xlsx(&v)
    })
    .await??;
    Ok(crate::api::download::attachment(
        crate::api::download::XLSX,
        &format!("substitutions-{month}.xlsx"),
        bytes,
    ))
}
