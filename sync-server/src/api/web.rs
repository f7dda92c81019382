//! `/v1/web/*`: what the browser build of the UI asks of the server that served it. The same
//! `core::views` types the app builds from its replica, built here from the server's documents
//! (see `crate::views`), and journal writes performed on the server (see `crate::apply_op`).

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId};
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::views::lesson::LessonSheet;
use zvonok_core::views::status::Saved;
use zvonok_core::views::today::TodayLesson;

use super::extract::Authed;
use crate::error::{json_rejected, query_rejected, ApiError, ApiResult};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct TodayQuery {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

fn parse_date(s: Option<&str>) -> ApiResult<NaiveDate> {
    let s = s.map(str::trim).unwrap_or("");
    if s.is_empty() {
        return Err(ApiError::BadRequest(
            "укажите дату: ?date=ГГГГ-ММ-ДД, например ?date=2026-11-25".into(),
        ));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        ApiError::BadRequest(format!(
            "«{s}» — не дата; укажите её в виде ГГГГ-ММ-ДД, например 2026-11-25"
        ))
    })
}

fn parse_doc(s: &str) -> ApiResult<DocId> {
    s.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{s}» — не идентификатор журнала; откройте журнал из списка уроков"
        ))
    })
}

fn parse_lesson(s: &str) -> ApiResult<LessonId> {
    s.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{s}» — не идентификатор урока; выберите урок из списка"
        ))
    })
}

/// `GET /v1/web/today?date=YYYY-MM-DD`
pub async fn today(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<TodayQuery>, QueryRejection>,
) -> ApiResult<Json<Vec<TodayLesson>>> {
    let Query(q) = q.map_err(|e| query_rejected(e, "нужен ?date=ГГГГ-ММ-ДД"))?;
    let date = parse_date(q.date.as_deref())?;
    let lessons =
        tokio::task::spawn_blocking(move || crate::views::today(&state, &a.user, date)).await??;
    Ok(Json(lessons))
}

/// `GET /v1/web/journals/{doc}`
pub async fn journal(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(doc): Path<String>,
) -> ApiResult<Json<JournalGrid>> {
    let doc = parse_doc(&doc)?;
    let grid =
        tokio::task::spawn_blocking(move || crate::views::grid(&state, &a.user, doc)).await??;
    Ok(Json(grid))
}

/// `GET /v1/web/journals/{doc}/lessons/{lesson}`
pub async fn lesson(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path((doc, lesson)): Path<(String, String)>,
) -> ApiResult<Json<LessonSheet>> {
    let doc = parse_doc(&doc)?;
    let lesson = parse_lesson(&lesson)?;
    let sheet =
        tokio::task::spawn_blocking(move || crate::views::lesson(&state, &a.user, doc, lesson))
            .await??;
    Ok(Json(sheet))
}

/// `POST /v1/web/journals/{doc}/ops` with a JSON `JournalOp`.
pub async fn apply_op(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(doc): Path<String>,
    body: Result<Json<JournalOp>, JsonRejection>,
) -> ApiResult<Json<Saved>> {
    let doc = parse_doc(&doc)?;
    let Json(op) = body.map_err(op_rejection)?;
    let saved = tokio::task::spawn_blocking(move || {
        crate::apply_op::apply_op(&state, &a.user, &a.device, doc, &op)
    })
    .await??;
    Ok(Json(saved))
}

fn op_rejection(e: JsonRejection) -> ApiError {
    json_rejected(
        e,
        "Операция журнала не распознана. Обновите страницу и повторите.",
    )
}
