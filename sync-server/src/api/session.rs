//! Login, the user's own card, the list of readable documents, and devices.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use zvonok_core::ids::{DeviceId, UserId};
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::wire::{
    ChangePasswordRequest, DeviceInfo, DevicesResponse, DocsResponse, LoginRequest, LoginResponse,
    UserInfo, MIN_PASSWORD_CHARS,
};

use super::extract::{Authed, ClientIp};
use crate::auth::{self, Throttled, ThrottledBy};
use crate::error::{json_invalid, ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::state::AppState;
use crate::storage::{AuditEntry, DeviceRecord};

#[derive(Debug, Deserialize)]
pub struct DevicesQuery {
    /// Another user's devices (needs ManageAccounts).
    pub user: Option<UserId>,
}

fn index_of(state: &AppState) -> ApiResult<Arc<SchoolIndex>> {
    state.index().map_err(|e| ApiError::Internal(e.to_string()))
}

/// May this user manage accounts and devices of others?
fn manages_accounts(state: &AppState, p: &Principal) -> ApiResult<bool> {
    Ok(may(
        p,
        Action::Write,
        Resource::Accounts,
        &index_of(state)?.dir,
    ))
}

/// Writes an audit row of a failed or throttled sign-in (never the password).
fn audit_sign_in(
    state: &AppState,
    action: &str,
    user: Option<UserId>,
    login: &str,
    ip: Option<IpAddr>,
    what: &str,
) -> ApiResult<()> {
    let addr = ip.map_or_else(|| "неизвестен".to_string(), |ip| ip.to_string());
    state.storage.audit(&AuditEntry {
        at: Utc::now(),
        user,
        device: None,
        doc: None,
        action: action.into(),
        detail: format!("{what}: логин «{login}», адрес {addr}"),
    })?;
    Ok(())
}

/// Audits a sign-in the limiter held back and answers 429 with `Retry-After`.
async fn throttled(
    state: &Arc<AppState>,
    t: Throttled,
    login: String,
    ip: Option<IpAddr>,
    what: &'static str,
) -> ApiError {
    let st = state.clone();
    let audited = tokio::task::spawn_blocking(move || {
        let user = st.storage.user_by_login(&login)?.map(|u| u.id);
        let why = match t.by {
            ThrottledBy::Account => "по учётной записи",
            ThrottledBy::Address => "по адресу",
        };
        audit_sign_in(
            &st,
            "login_throttled",
            user,
            &login,
            ip,
            &format!("{what}, ограничение {why}"),
        )
    })
    .await;
    match audited {
        Ok(Ok(())) => t.into(),
        Ok(Err(e)) => e,
        Err(e) => e.into(),
    }
}

/// `POST /v1/login`. The attempt is counted before the password is checked (see
/// `auth::limiter`); a failure or a throttled attempt is audited.
pub async fn login(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> ApiResult<Json<LoginResponse>> {
    let Json(req) = body
        .map_err(|e| json_invalid(e, "тело запроса не разобрано: нужны поля login и password"))?;
    auth::check_bounds(&req.login, &req.password)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let login = req.login.trim().to_string();
    let attempt = match state.limiter.begin(&login, ip) {
        Ok(a) => a,
        Err(t) => return Err(throttled(&state, t, login, ip, "вход").await),
    };
    let st = state.clone();
    let outcome = tokio::task::spawn_blocking(move || -> ApiResult<Option<LoginResponse>> {
        let user = st.storage.user_by_login(&login)?;
        let ok = match &user {
            Some(u) => auth::verify_password(&req.password, &u.password_hash),
            None => {
                auth::verify_password(&req.password, &st.dummy_hash);
                false
            }
        };
        let user = match user {
            Some(u) if ok => u,
            other => {
                let what = if other.is_some() {
                    "неверный пароль"
                } else {
                    "неизвестный логин"
                };
                audit_sign_in(&st, "login_failed", other.map(|u| u.id), &login, ip, what)?;
                return Ok(None);
            }
        };
        let token = auth::new_token();
        let now = Utc::now();
        let name = req.device_name.trim();
        let device = DeviceRecord {
            id: DeviceId::new(),
            user: user.id,
            name: if name.is_empty() {
                "Устройство".to_string()
            } else {
                name.chars().take(200).collect()
            },
            token_hash: auth::token_hash(&token),
            actor: auth::new_actor(),
            created: now,
            last_seen: now,
            revoked: None,
        };
        st.storage.create_device(&device)?;
        st.storage.record_login(user.id, device.id, now)?;
        let info = index_of(&st)?.user_info(&user);
        Ok(Some(LoginResponse {
            token,
            device: device.id,
            actor: device.actor,
            user: info,
        }))
    })
    .await??;
    match outcome {
        Some(resp) => {
            state.limiter.succeeded(attempt);
            Ok(Json(resp))
        }
        None => Err(ApiError::BadCredentials),
    }
}

/// `POST /v1/me/password`: checks the current password (an attempt of the sign-in limiter,
/// audited when wrong), stores the argon2 hash of the new one and signs out every other
/// device of the account; the device making the change stays signed in.
pub async fn change_password(
    State(state): State<Arc<AppState>>,
    ClientIp(ip): ClientIp,
    a: Authed,
    body: Result<Json<ChangePasswordRequest>, JsonRejection>,
) -> ApiResult<StatusCode> {
    let Json(req) =
        body.map_err(|e| json_invalid(e, "тело запроса не разобрано: нужны поля current и new"))?;
    auth::check_password_bound(&req.current)
        .and_then(|()| auth::check_password_bound(&req.new))
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if req.new.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::BadRequest(format!(
            "новый пароль слишком короткий: нужно не меньше {MIN_PASSWORD_CHARS} знаков"
        )));
    }
    if req.new == req.current {
        return Err(ApiError::BadRequest(
            "новый пароль совпадает с нынешним: придумайте другой".into(),
        ));
    }
    let attempt = match state.limiter.begin(&a.user.login, ip) {
        Ok(attempt) => attempt,
        Err(t) => return Err(throttled(&state, t, a.user.login, ip, "смена пароля").await),
    };
    let st = state.clone();
    let user = a.user.clone();
    let device = a.device.id;
    let current = req.current;
    let changed = tokio::task::spawn_blocking(move || -> ApiResult<bool> {
        if !auth::verify_password(&current, &user.password_hash) {
            audit_sign_in(
                &st,
                "login_failed",
                Some(user.id),
                &user.login,
                ip,
                "неверный текущий пароль при смене пароля",
            )?;
            return Ok(false);
        }
        let hash = auth::hash_password(&req.new).map_err(|e| ApiError::Internal(e.to_string()))?;
        st.storage.set_password_hash(user.id, &hash)?;
        let now = Utc::now();
        let signed_out = st.storage.revoke_devices_of(user.id, Some(device), now)?;
        st.storage.audit(&AuditEntry {
            at: now,
            user: Some(user.id),
            device: Some(device),
            doc: None,
            action: "password_changed".into(),
            detail: format!(
                "пароль пользователя {} изменён; другие устройства вышли из учётной записи: {signed_out}",
                user.login
            ),
        })?;
        Ok(true)
    })
    .await??;
    if changed {
        state.limiter.succeeded(attempt);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::BadCredentials)
    }
}

pub async fn me(State(state): State<Arc<AppState>>, a: Authed) -> ApiResult<Json<UserInfo>> {
    let info =
        tokio::task::spawn_blocking(move || index_of(&state).map(|ix| ix.user_info(&a.user)))
            .await??;
    Ok(Json(info))
}

pub async fn docs(State(state): State<Arc<AppState>>, a: Authed) -> ApiResult<Json<DocsResponse>> {
    let docs = tokio::task::spawn_blocking(move || -> ApiResult<DocsResponse> {
        let ix = index_of(&state)?;
        let docs = state
            .storage
            .docs()?
            .iter()
            .filter(|r| ix.may_read(&a.user.principal, r))
            .map(SchoolIndex::doc_info)
            .collect();
        Ok(DocsResponse { docs })
    })
    .await??;
    Ok(Json(docs))
}

fn device_info(d: DeviceRecord, current: DeviceId) -> DeviceInfo {
    DeviceInfo {
        id: d.id,
        user: d.user,
        name: d.name,
        created: d.created,
        last_seen: d.last_seen,
        revoked: d.revoked,
        current: d.id == current,
    }
}

pub async fn devices(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Query(q): Query<DevicesQuery>,
) -> ApiResult<Json<DevicesResponse>> {
    let whose = q.user.unwrap_or(a.user.id);
    if whose != a.user.id && !manages_accounts(&state, &a.user.principal)? {
        return Err(ApiError::Forbidden(
            "чужие устройства видит только тот, кто управляет учётными записями".into(),
        ));
    }
    let list = state.storage.devices_of(whose)?;
    Ok(Json(DevicesResponse {
        devices: list
            .into_iter()
            .map(|d| device_info(d, a.device.id))
            .collect(),
    }))
}

pub async fn revoke_device(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id: DeviceId = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("«{id}» — не идентификатор устройства")))?;
    let Some(dev) = state.storage.device(id)? else {
        return Err(ApiError::NotFound(
            "такого устройства нет; обновите список устройств".into(),
        ));
    };
    if dev.user != a.user.id && !manages_accounts(&state, &a.user.principal)? {
        return Err(ApiError::Forbidden(
            "отозвать чужое устройство может только тот, кто управляет учётными записями".into(),
        ));
    }
    let now = Utc::now();
    if state.storage.revoke_device(id, now)? {
        state.storage.audit(&AuditEntry {
            at: now,
            user: Some(a.user.id),
            device: Some(a.device.id),
            doc: None,
            action: "device_revoked".into(),
            detail: format!("отозвано устройство «{}» ({id})", dev.name),
        })?;
    }
    Ok(StatusCode::NO_CONTENT)
}
