//! The coordinator's issuing of access: `POST /v1/web/accounts/issue` (accounts and one-time
//! codes as JSON) and `POST /v1/web/accounts/slips` (the same, as a PDF of printed slips).
//! Both need `ManageAccounts` (`rights::may(Write, Accounts)`); see `accounts_issue`.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::header::HOST;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::Json;
use zvonok_core::wire::{IssueRequest, IssueResponse, IssueScope};

use super::accounts::require_manager;
use super::extract::Authed;
use crate::accounts_issue::{issue, IssueError, Issuer};
use crate::error::{json_invalid, ApiError, ApiResult};
use crate::slips::{self, SlipError};
use crate::state::AppState;

impl From<IssueError> for ApiError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::UnknownClass(_) => ApiError::NotFound(e.to_string()),
            IssueError::Storage(e) => e.into(),
            IssueError::Hash(e) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<SlipError> for ApiError {
    fn from(e: SlipError) -> Self {
        match e {
            SlipError::Empty => ApiError::Unprocessable(e.to_string()),
            e => ApiError::Internal(e.to_string()),
        }
    }
}

fn read_request(body: Result<Json<IssueRequest>, JsonRejection>) -> ApiResult<IssueRequest> {
    body.map(|Json(r)| r).map_err(|e| {
        json_invalid(
            e,
            "запрос не разобран: укажите {\"scope\":{\"kind\":\"staff\"}} или \
             {\"scope\":{\"kind\":\"class\",\"class\":\"<id класса>\"}}",
        )
    })
}

/// Creates the missing accounts and issues codes; the response and the class's name.
async fn run(
    state: Arc<AppState>,
    a: Authed,
    req: IssueRequest,
) -> ApiResult<(IssueResponse, String, String)> {
    tokio::task::spawn_blocking(move || {
        require_manager(&state, &a)?;
        let ix = state
            .index()
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let resp = issue(
            state.storage.as_ref(),
            &ix,
            &req,
            Issuer {
                user: &a.user,
                device: a.device.id,
            },
        )?;
        let class_name = match &req.scope {
            IssueScope::Class { class } => ix.class_name(*class),
            IssueScope::Staff => String::new(),
        };
        let school = if ix.school.card.name.trim().is_empty() {
            ix.school.card.short_name.clone()
        } else {
            ix.school.card.name.clone()
        };
        Ok((resp, class_name, school))
    })
    .await?
}

/// `POST /v1/web/accounts/issue`
pub async fn post_issue(
    State(state): State<Arc<AppState>>,
    a: Authed,
    body: Result<Json<IssueRequest>, JsonRejection>,
) -> ApiResult<Json<IssueResponse>> {
    let req = read_request(body)?;
    let (resp, _, _) = run(state, a, req).await?;
    Ok(Json(resp))
}

/// `http://` + the address the client reached the server at (the Host header, or the
/// authority of an absolute request target). Only host and port characters are accepted.
fn base_url(headers: &HeaderMap, uri: &Uri) -> ApiResult<String> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .ok_or_else(|| {
            ApiError::BadRequest(
                "в запросе нет адреса сервера (заголовка Host); откройте страницу по адресу сервера"
                    .into(),
            )
        })?;
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !ok {
        return Err(ApiError::BadRequest(format!(
            "адрес сервера «{host}» не подходит для бланков; откройте страницу по IP-адресу или имени сервера"
        )));
    }
    Ok(format!("http://{host}"))
}

/// `POST /v1/web/accounts/slips`: issues like `/issue` (printing the codes `/issue` showed when
/// they are sent back in `codes`), answers with the slips as a PDF.
pub async fn post_slips(
    State(state): State<Arc<AppState>>,
    a: Authed,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Json<IssueRequest>, JsonRejection>,
) -> ApiResult<Response> {
    let req = read_request(body)?;
    let base = base_url(&headers, &uri)?;
    let scope = req.scope.clone();
    let (resp, class_name, school) = run(state, a, req).await?;
    let name = slips::filename(&scope, &class_name);
    let pdf = tokio::task::spawn_blocking(move || {
        slips::render(&slips::slips(&school, &base, &resp.accounts))
    })
    .await??;
    Ok(super::download::attachment(
        super::download::PDF,
        &name,
        pdf,
    ))
}
