//! «Закрыть четверть»: `GET /v1/web/periods`, `GET /v1/web/periods/{id}/blockers`,
//! `POST /v1/web/periods/{id}/close`, `POST /v1/web/periods/{id}/reopen` and the journal
//! completeness report `GET /v1/web/completeness?period=`. The work is in `crate::periods`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use zvonok_core::completeness::Completeness;
use zvonok_core::ids::PeriodId;
use zvonok_core::wire::{BlockersView, PeriodChanged, PeriodsView};

use crate::api::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::periods;
use crate::state::AppState;

fn period_id(id: &str) -> ApiResult<PeriodId> {
    id.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{id}» — не идентификатор учебного периода; обновите страницу"
        ))
    })
}

/// `GET /v1/web/periods`
pub async fn get_periods(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<PeriodsView>> {
    let v = tokio::task::spawn_blocking(move || periods::periods_view(&state, &a.user)).await??;
    Ok(Json(v))
}

/// `GET /v1/web/periods/{id}/blockers`
pub async fn get_blockers(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<Json<BlockersView>> {
    let id = period_id(&id)?;
    let v =
        tokio::task::spawn_blocking(move || periods::blockers_view(&state, &a.user, id)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/periods/{id}/close`
pub async fn post_close(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<Json<PeriodChanged>> {
    let id = period_id(&id)?;
    let v = tokio::task::spawn_blocking(move || periods::close(&state, &a.user, &a.device, id))
        .await??;
    Ok(Json(v))
}

/// `POST /v1/web/periods/{id}/reopen`
pub async fn post_reopen(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<Json<PeriodChanged>> {
    let id = period_id(&id)?;
    let v = tokio::task::spawn_blocking(move || periods::reopen(&state, &a.user, &a.device, id))
        .await??;
    Ok(Json(v))
}

#[derive(Debug, Deserialize)]
pub struct CompletenessQuery {
    pub period: Option<String>,
}

/// `GET /v1/web/completeness?period=`
pub async fn get_completeness(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Query(q): Query<CompletenessQuery>,
) -> ApiResult<Json<Completeness>> {
    let id = q
        .period
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(period_id)
        .transpose()?;
    let v = tokio::task::spawn_blocking(move || periods::completeness_view(&state, &a.user, id))
        .await??;
    Ok(Json(v))
}
