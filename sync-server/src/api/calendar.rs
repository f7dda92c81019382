//! Calendar feeds: `GET/POST /v1/web/calendar/feeds`, `DELETE /v1/web/calendar/feeds/{id}`
//! (the owner's links, see `crate::calendar_feeds`) and the public `GET /ical/{token}.ics`
//! a phone's calendar subscribes to (no bearer: the token is the credential; 404 for an
//! unknown or revoked link or an owner who lost the right).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use zvonok_core::ids::CalendarFeedId;
use zvonok_core::wire::{CalendarFeedsView, CreateFeedRequest, CreatedFeed};

use super::extract::Authed;
use crate::calendar_feeds;
use crate::error::{json_rejected, ApiError, ApiResult};
use crate::state::AppState;

/// The content type of a feed.
pub const CALENDAR_CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// `GET /v1/web/calendar/feeds`
pub async fn get_feeds(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<CalendarFeedsView>> {
    let view = tokio::task::spawn_blocking(move || calendar_feeds::list(&state, &a.user)).await??;
    Ok(Json(view))
}

/// `POST /v1/web/calendar/feeds` with `CreateFeedRequest`.
pub async fn post_feed(
    State(state): State<Arc<AppState>>,
    a: Authed,
    body: Result<Json<CreateFeedRequest>, JsonRejection>,
) -> ApiResult<Json<CreatedFeed>> {
    let Json(req) = body.map_err(|e| {
        json_rejected(
            e,
            "Запрос на календарь не распознан. Обновите страницу и выберите календарь снова.",
        )
    })?;
    let created = tokio::task::spawn_blocking(move || {
        calendar_feeds::create(&state, &a.user, &a.device, req.target, Utc::now())
    })
    .await??;
    Ok(Json(created))
}

/// `DELETE /v1/web/calendar/feeds/{id}` → 204.
pub async fn delete_feed(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id: CalendarFeedId = id.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{id}» — не идентификатор ссылки на календарь; обновите страницу"
        ))
    })?;
    tokio::task::spawn_blocking(move || {
        calendar_feeds::revoke(&state, &a.user, &a.device, id, Utc::now())
    })
    .await??;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /ical/{token}.ics`
pub async fn get_ical(
    State(state): State<Arc<AppState>>,
    Path(file): Path<String>,
) -> ApiResult<Response> {
    let gone = || {
        ApiError::NotFound(
            "ссылка на календарь недействительна или отозвана; получите новую в Звонке, \
             раздел «Календарь»"
                .into(),
        )
    };
    let token = file.strip_suffix(".ics").ok_or_else(gone)?.to_string();
    let text =
        tokio::task::spawn_blocking(move || calendar_feeds::fetch(&state, &token, Utc::now()))
            .await??
            .ok_or_else(gone)?;
    Ok((
        [
            (CONTENT_TYPE, CALENDAR_CONTENT_TYPE),
            (CACHE_CONTROL, "private, max-age=300"),
        ],
        text,
    )
        .into_response())
}
