//! The coordinator's view of accounts: every account with its sign-ins in a window and its
//! devices (the seed's "user visit statistics"), and a password reset that issues a new
//! one-time password. Both need `ManageAccounts` (`rights::may(Write, Accounts)`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{Duration, Utc};
use serde::Deserialize;
use zvonok_core::ids::UserId;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::wire::{AccountInfo, AccountsResponse, PasswordReset};

use super::extract::Authed;
use crate::error::{query_rejected, ApiError, ApiResult};
use crate::first_start::one_time_password;
use crate::state::AppState;
use crate::storage::AuditEntry;

/// The longest window of the visit statistics, in days.
pub const MAX_DAYS: u32 = 366;

#[derive(Debug, Deserialize)]
pub struct AccountsQuery {
    /// Sign-ins of the last `days` days (default 30).
    pub days: Option<u32>,
}

pub(crate) fn require_manager(state: &AppState, a: &Authed) -> ApiResult<()> {
    let index = state
        .index()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if may(
        &a.user.principal,
        Action::Write,
        Resource::Accounts,
        &index.dir,
    ) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "учётными записями управляет координатор: обратитесь к нему".into(),
        ))
    }
}

/// `GET /v1/web/accounts?days=N`
pub async fn list(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<AccountsQuery>, QueryRejection>,
) -> ApiResult<Json<AccountsResponse>> {
    let Query(q) =
        q.map_err(|e| query_rejected(e, &format!("days — число дней от 1 до {MAX_DAYS}")))?;
    let days = q.days.unwrap_or(30);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ApiError::BadRequest(format!(
            "days = {days}: укажите число дней от 1 до {MAX_DAYS}"
        )));
    }
    let resp = tokio::task::spawn_blocking(move || -> ApiResult<AccountsResponse> {
        require_manager(&state, &a)?;
        let since = Utc::now() - Duration::days(i64::from(days));
        let stats: HashMap<UserId, _> = state
            .storage
            .login_stats_since(since)?
            .into_iter()
            .map(|s| (s.user, s))
            .collect();
        let mut accounts = Vec::new();
        for u in state.storage.users()? {
            let devices = state.storage.devices_of(u.id)?;
            let active: Vec<_> = devices.iter().filter(|d| d.revoked.is_none()).collect();
            let stat = stats.get(&u.id);
            accounts.push(AccountInfo {
                id: u.id,
                login: u.login,
                display_name: u.display_name,
                roles: u.principal.roles,
                sign_ins: stat.map_or(0, |s| s.count),
                last_sign_in: stat.map(|s| s.last),
                devices: active.len() as u32,
                last_seen: active.iter().map(|d| d.last_seen).max(),
            });
        }
        Ok(AccountsResponse {
            days,
            signed_in: stats.len() as u32,
            sign_ins: stats.values().map(|s| s.count).sum(),
            accounts,
        })
    })
    .await??;
    Ok(Json(resp))
}

/// `POST /v1/web/accounts/{user}/password`: replaces the user's password with a new one-time
/// password, returned once (only its argon2 hash is stored), and signs out every device of
/// the account.
pub async fn reset_password(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(user): Path<String>,
) -> ApiResult<Json<PasswordReset>> {
    let user: UserId = user.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{user}» — не идентификатор пользователя; выберите пользователя из списка"
        ))
    })?;
    let reset = tokio::task::spawn_blocking(move || -> ApiResult<PasswordReset> {
        require_manager(&state, &a)?;
        let target = state
            .storage
            .user(user)?
            .ok_or_else(|| ApiError::NotFound("такого пользователя нет; обновите список".into()))?;
        let password = one_time_password();
        let hash =
            crate::auth::hash_password(&password).map_err(|e| ApiError::Internal(e.to_string()))?;
        state.storage.set_password_hash(target.id, &hash)?;
        // The account's devices sign out (the coordinator's own device stays, when they reset
        // their own password).
        let now = Utc::now();
        let keep = (target.id == a.user.id).then_some(a.device.id);
        let signed_out = state.storage.revoke_devices_of(target.id, keep, now)?;
        state.storage.audit(&AuditEntry {
            at: now,
            user: Some(a.user.id),
            device: Some(a.device.id),
            doc: None,
            action: "password_reset".into(),
            detail: format!(
                "{} выдал новый одноразовый пароль пользователю {}; его устройства вышли из \
                 учётной записи: {signed_out}",
                a.user.login, target.login
            ),
        })?;
        Ok(PasswordReset {
            login: target.login,
            password,
        })
    })
    .await??;
    Ok(Json(reset))
}
