//! Heavy reports as jobs (issue 11, item 5), over [`crate::reports::jobs`]:
//! `POST /v1/web/reports/jobs` with a `ReportJobRequest` → `ReportJob` (done at once with
//! `cached: true` when nothing it reads changed); `GET /v1/web/reports/jobs/{id}` → the job's
//! state and progress («классы 7 из 22»); `GET /v1/web/reports/jobs/{id}/result` → the file
//! or the JSON, as `GET /v1/web/reports/{report}` answers it.
//!
//! Rights are those of the report (`api::reports::plan`), checked when the job is created and
//! again when its result is fetched; a job belongs to the user who started it (others: 404).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use zvonok_core::wire::{ReportJob, ReportJobRequest};

use super::reports::{answer_file, plan, produced};
use crate::api::extract::Authed;
use crate::error::{json_invalid, ApiResult};
use crate::state::AppState;

const REQUEST_HINT: &str = "запрос не разобран: укажите {\"report\":\"results\",\
\"format\":\"xlsx\",\"query\":{\"period\":\"<id периода>\"}}";

/// `POST /v1/web/reports/jobs`
pub async fn post_job(
    State(state): State<Arc<AppState>>,
    a: Authed,
    body: Result<Json<ReportJobRequest>, JsonRejection>,
) -> ApiResult<Json<ReportJob>> {
    let req = body
        .map(|Json(r)| r)
        .map_err(|e| json_invalid(e, REQUEST_HINT))?;
    let s = state.clone();
    let user = a.user;
    let p = {
        let (user, q) = (user.clone(), req.query.clone());
        tokio::task::spawn_blocking(move || plan(&s, &user, req.report, &q)).await??
    };
    let job =
        state
            .report_jobs
            .start(state.clone(), user.id, p, req.report, req.format, req.query)?;
    Ok(Json(job))
}

/// `GET /v1/web/reports/jobs/{id}`
pub async fn get_job(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<Json<ReportJob>> {
    Ok(Json(state.report_jobs.get(a.user.id, &id)?))
}

/// `GET /v1/web/reports/jobs/{id}/result`
pub async fn get_result(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let r = state.report_jobs.result(a.user.id, &id)?;
    let (s, name, format, q) = (state.clone(), r.name, r.format, r.query.clone());
    // The rights again: they may have been taken away since the job started.
    tokio::task::spawn_blocking(move || {
        plan(&s, &a.user, name, &q)?;
        produced(&s, &a, name, format)
    })
    .await??;
    Ok(answer_file(r.name, r.format, r.bytes.as_ref().clone()))
}
