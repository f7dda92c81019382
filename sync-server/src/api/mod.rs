//! The HTTP API: routes, the sync endpoint, the body limits (64 KiB for JSON; the large
//! `max_body_bytes` only for sync and imports) and the security headers.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod calendar;
pub mod download;
pub mod extract;
pub mod headers;
pub mod issue;
pub mod people;
pub mod report_jobs;
pub mod reports;
pub mod rights;
pub mod school;
pub mod session;
pub mod summary;
pub mod timetable_print;
pub mod web;
pub mod web_ui;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use zvonok_core::wire::SYNC_CONTENT_TYPE;

use crate::error::{body_rejected, ApiResult};
use crate::state::{AppState, JSON_BODY_LIMIT};
use extract::Authed;

/// The server's routes over `state`; testable with `tower::ServiceExt::oneshot`.
pub fn app(state: Arc<AppState>) -> Router {
    let large = DefaultBodyLimit::max(state.max_body_bytes);
    let router = Router::new()
        .route("/v1/login", post(session::login))
        .route("/v1/me", get(session::me))
        .route("/v1/me/password", post(session::change_password))
        .route("/v1/docs", get(session::docs))
        .route("/v1/devices", get(session::devices))
        .route("/v1/devices/{id}", delete(session::revoke_device))
        .route("/v1/sync", post(sync).layer(large))
        .route("/v1/students/{id}/summary", get(summary::summary))
        .route("/v1/web/today", get(web::today))
        .route("/v1/web/journals/{doc}", get(web::journal))
        .route("/v1/web/journals/{doc}/lessons/{lesson}", get(web::lesson))
        .route("/v1/web/journals/{doc}/ops", post(web::apply_op))
        .route("/v1/web/accounts", get(accounts::list))
        .route(
            "/v1/web/accounts/{user}/password",
            post(accounts::reset_password),
        )
        .route("/v1/web/accounts/issue", post(issue::post_issue))
        .route("/v1/web/accounts/slips", post(issue::post_slips))
        .route("/v1/web/rights", get(rights::get_rights))
        .route(
            "/v1/web/accounts/{user}/grants",
            post(rights::post_user_grant),
        )
        .route("/v1/web/rights/role", post(rights::post_role_grant))
        .route(
            "/v1/web/rights/replace-initial",
            post(rights::post_replace_initial),
        )
        .route("/v1/web/people", get(people::get_people))
        .route("/v1/web/people/export.xlsx", get(people::get_people_xlsx))
        .route("/v1/web/people/ops", post(people::post_people_op))
        .route(
            "/v1/web/people/{student}/history",
            get(audit::get_student_history),
        )
        .route("/v1/web/audit", get(audit::get_audit))
        .route("/v1/web/audit.xlsx", get(audit::get_audit_xlsx))
        .route("/v1/web/setup", get(admin::get_setup))
        .route("/v1/web/school", get(school::get_school))
        .route("/v1/web/school/ops", post(admin::post_school_op))
        .route("/v1/web/timetable", get(admin::get_timetable))
        .route("/v1/web/timetable/ops", post(admin::post_timetable_op))
        .route("/v1/web/timetable/off", get(admin::get_off_timetable))
        // Closing a study period and the journal completeness report (issue 11).
        .route("/v1/web/periods", get(admin::get_periods))
        .route("/v1/web/periods/{id}/blockers", get(admin::get_blockers))
        .route("/v1/web/periods/{id}/close", post(admin::post_close))
        .route("/v1/web/periods/{id}/reopen", post(admin::post_reopen))
        .route("/v1/web/completeness", get(admin::get_completeness))
        // The rollout dashboard (issue 11): the stages in JSON and the meeting's page.
        .route("/v1/web/rollout", get(admin::get_rollout))
        .route("/v1/web/rollout.pdf", get(admin::get_rollout_pdf))
        .route(
            "/v1/web/timetable/changes",
            get(admin::get_timetable_changes),
        )
        .route(
            "/v1/web/timetable/substitutions",
            get(admin::get_substitutions),
        )
        .route(
            "/v1/web/timetable/substitutions.xlsx",
            get(admin::get_substitutions_xlsx),
        )
        .route(
            "/v1/web/timetable/print.xlsx",
            get(timetable_print::get_print_xlsx),
        )
        .route(
            "/v1/web/timetable/print.pdf",
            get(timetable_print::get_print_pdf),
        )
        .route("/v1/web/movement/orders", post(admin::post_order))
        .route("/v1/web/movement/book", get(admin::get_book))
        .route("/v1/web/movement/book.xlsx", get(admin::get_book_xlsx))
        // Closing the academic year and moving to the next.
        .route(
            "/v1/web/year-close",
            get(admin::get_year_close).post(admin::post_year_close),
        )
        .route("/v1/web/year-close/undo", post(admin::post_year_close_undo))
        .route(
            "/v1/web/import/preview",
            post(admin::post_import_preview).layer(large),
        )
        .route(
            "/v1/web/import/apply",
            post(admin::post_import_apply).layer(large),
        )
        .route(
            "/v1/web/timetable/import/preview",
            post(admin::post_timetable_import_preview).layer(large),
        )
        .route(
            "/v1/web/timetable/import/apply",
            post(admin::post_timetable_import_apply).layer(large),
        )
        .route(
            "/v1/web/calendar/feeds",
            get(calendar::get_feeds).post(calendar::post_feed),
        )
        .route("/v1/web/calendar/feeds/{id}", delete(calendar::delete_feed))
        .route("/ical/{file}", get(calendar::get_ical))
        // The period reports (issue 11): the picker and each report as JSON or a file.
        .route("/v1/web/reports", get(reports::get_index))
        .route("/v1/web/reports/{file}", get(reports::get_report))
        // Heavy reports as jobs: progress, a cache, the result to download.
        .route("/v1/web/reports/jobs", post(report_jobs::post_job))
        .route("/v1/web/reports/jobs/{id}", get(report_jobs::get_job))
        .route(
            "/v1/web/reports/jobs/{id}/result",
            get(report_jobs::get_result),
        )
        .route("/health", get(|| async { "ok" }));
    let router = match &state.web_dir {
        Some(dir) => {
            let files = web_ui::serve_dir(dir);
            router.fallback(move |req: Request| web_ui::serve(files.clone(), req))
        }
        None => router
            .route("/", get(web_ui::not_built))
            .fallback(|| async { web_ui::api_not_found() }),
    };
    router
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(axum::middleware::map_response(headers::add))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn sync(
    State(state): State<Arc<AppState>>,
    a: Authed,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body.map_err(|e| body_rejected(e, state.max_body_bytes))?;
    let resp = tokio::task::spawn_blocking(move || {
        let entries = crate::sync::decode(&body)?;
        crate::sync::run(&state, &a.user, &a.device, entries)
    })
    .await??;
    Ok(([(CONTENT_TYPE, SYNC_CONTENT_TYPE)], resp.encode()).into_response())
}
