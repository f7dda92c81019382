//! `GET /v1/students/{id}/summary`: what a parent or student sees, derived on the server from
//! documents they never receive. Served with an ETag; 304 when unchanged.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::{read_changes, Changes};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{PeriodId, StudentId};
use zvonok_core::projection::{student_summary, StudentSummary, SummaryInput};
use zvonok_core::rights::{may, Action, Resource};

use super::extract::Authed;
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct SummaryQuery {
    pub period: Option<String>,
}

pub async fn summary(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
    Query(q): Query<SummaryQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let student: StudentId = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("«{id}» — не идентификатор ученика")))?;
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(p.parse::<PeriodId>().map_err(|_| {
            ApiError::BadRequest(format!("«{p}» — не идентификатор учебного периода"))
        })?),
        None => None,
    };
    let now = Utc::now();
    let summary =
        tokio::task::spawn_blocking(move || build(&state, &a, student, period, now)).await??;
    let body = serde_json::to_vec(&summary).map_err(|e| ApiError::Internal(e.to_string()))?;
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    let matches = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let common = [
        (ETAG, etag.clone()),
        (CACHE_CONTROL, "private, no-cache".to_string()),
    ];
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    Ok((
        StatusCode::OK,
        common,
        [(CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

/// Monday of the week before `today` .. Sunday of the week after it.
/// How many days ahead of today a summary shows the changes of the timetable.
pub const CHANGES_AHEAD_DAYS: i64 = 7;

pub fn homework_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (monday - Duration::days(7), monday + Duration::days(13))
}

fn build(
    state: &AppState,
    a: &Authed,
    student: StudentId,
    period: Option<PeriodId>,
    now: DateTime<Utc>,
) -> ApiResult<StudentSummary> {
    let ix = state
        .index()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some((_, class)) = ix.student(student) else {
        return Err(ApiError::NotFound(
            "такого ученика нет в школе; обновите список детей".into(),
        ));
    };
    if !may(
        &a.user.principal,
        Action::Read,
        Resource::StudentData(student),
        &ix.dir,
    ) {
        return Err(ApiError::Forbidden(
            "сведения об этом ученике видят только он сам, его родители и его учителя".into(),
        ));
    }
    let school = &ix.school;
    // The school's date, in its time zone: the UTC date is yesterday for a Russian school
    // until 03:00 Moscow time.
    let today = school.today(now);
    let period = match period {
        Some(p) if school.periods.contains_key(&p) => p,
        Some(_) => {
            return Err(ApiError::NotFound(
                "такого учебного периода нет; выберите период из списка".into(),
            ))
        }
        None => {
            let periods = school.current_periods();
            let started = periods
                .iter()
                .rev()
                .find(|p| p.start <= today)
                .or(periods.first());
            match started {
                Some(p) => p.id,
                None => {
                    return Err(ApiError::NotFound(
                        "в школе ещё не заданы учебные периоды".into(),
                    ))
                }
            }
        }
    };
    let roster = ix
        .rosters
        .get(&class)
        .ok_or_else(|| ApiError::Internal("список класса не найден".into()))?;
    let mut timetable = None;
    let mut changes = Changes::new();
    let mut journals = Vec::new();
    for rec in state.storage.docs()? {
        let wanted = match rec.kind {
            DocKind::Timetable => {
                timetable.is_none()
                    && (rec.meta.year.is_none() || rec.meta.year == school.current_year)
            }
            DocKind::Journal => {
                rec.meta.period == Some(period)
                    && rec.meta.cohort.is_some_and(|c| c.class() == class)
            }
            _ => false,
        };
        if !wanted {
            continue;
        }
        let Some(shared) = state
            .docs
            .get(rec.id, rec.kind)
            .map_err(|e| ApiError::Internal(e.to_string()))?
        else {
            continue;
        };
        let hot = lock(&shared);
        let bad =
            |e: zvonok_core::DomainError| ApiError::Internal(format!("документ {}: {e}", rec.id));
        if rec.kind == DocKind::Timetable {
            timetable = Some(TimetableData::from_doc(&hot.doc).map_err(bad)?);
            changes = read_changes(&hot.doc).map_err(bad)?;
        } else {
            journals.push(JournalData::from_doc(&hot.doc).map_err(bad)?);
        }
    }
    let (homework_from, homework_to) = homework_range(today);
    let input = SummaryInput {
        school,
        roster,
        timetable: timetable.as_ref(),
        journals: &journals,
        period: Some(period),
        homework_from,
        homework_to,
        changes: Some(&changes),
        changes_from: today,
        changes_to: today + Duration::days(CHANGES_AHEAD_DAYS),
    };
    student_summary(student, &input)
        .ok_or_else(|| ApiError::NotFound("ученик не найден в списке класса".into()))
}
