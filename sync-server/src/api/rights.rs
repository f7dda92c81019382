//! The rights screen: which rights there are, what each role implies, and per staff account the
//! grants on top of its roles; granting and taking away per account or per role, and the
//! seed's replacement of «Ввести списки учеников и родителей» by «Редактировать сведения об
//! учениках и родителях в своём классе» once the initial lists are entered.
//!
//! Every endpoint needs `ManageAccounts` (`rights::may(Write, Accounts)`) and every change is
//! audited. Role defaults are fixed: a per-role change gives or takes an explicit grant of the
//! accounts that have the role at that moment. A change takes effect on the account's next
//! request (principals are read from storage per request). Nobody may take `ManageAccounts`
//! from themselves, so the school never locks itself out.

use std::sync::{Arc, Mutex};

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::Json;
use chrono::Utc;
use zvonok_core::ids::UserId;
use zvonok_core::rights::{self, may, Action, Grant, Principal, Resource, Right, Role};
use zvonok_core::wire::{
    AuditAction, GrantChange, RightInfo, RightsView, RoleGrantChange, RoleGrantResult, RoleInfo,
    UserRights,
};

use super::extract::Authed;
use crate::error::{json_invalid, ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::state::AppState;
use crate::storage::{AuditEntry, UserRecord};

/// Serialises read-modify-write of principals, so two changes at once never lose one.
static CHANGES: Mutex<()> = Mutex::new(());

const MANAGERS_ONLY: &str =
    "права выдаёт координатор (право «Управлять учётными записями и правами»): обратитесь к нему";

fn require_manager(state: &AppState, user: &UserRecord) -> ApiResult<Arc<SchoolIndex>> {
    let ix = state
        .index()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if may(&user.principal, Action::Write, Resource::Accounts, &ix.dir) {
        Ok(ix)
    } else {
        Err(ApiError::Forbidden(MANAGERS_ONLY.into()))
    }
}

fn user_rights(u: &UserRecord) -> UserRights {
    UserRights {
        user: u.id,
        login: u.login.clone(),
        name: u.display_name.clone(),
        roles: u.principal.roles.clone(),
        grants: u.principal.grants.clone(),
    }
}

/// The view of every right, role and staff account.
pub fn rights_view(state: &AppState, user: &UserRecord) -> ApiResult<RightsView> {
    require_manager(state, user)?;
    let rights = Right::ALL
        .into_iter()
        .map(|right| RightInfo {
            right,
            title: right.title_ru().to_string(),
            scopes: right.scopes().to_vec(),
        })
        .collect();
    let roles = Role::ALL
        .into_iter()
        .map(|role| RoleInfo {
            role,
            title: role.title_ru().to_string(),
            defaults: role.default_grants().to_vec(),
        })
        .collect();
    let users = state
        .storage
        .users()?
        .iter()
        .filter(|u| u.principal.is_staff())
        .map(user_rights)
        .collect();
    Ok(RightsView {
        rights,
        roles,
        users,
    })
}

fn check_scope(grant: Grant) -> ApiResult<()> {
    if grant.right.scopes().contains(&grant.scope) {
        return Ok(());
    }
    let allowed: Vec<&str> = grant.right.scopes().iter().map(|s| s.title_ru()).collect();
    Err(ApiError::Unprocessable(format!(
        "право «{}» нельзя выдать с охватом «{}»; выберите: {}",
        grant.right.title_ru(),
        grant.scope.title_ru(),
        allowed.join(", ")
    )))
}

/// `principal` with `grant` given or taken away; `None` when that changes nothing (giving
/// what the account has, by a grant or by a role; taking away what it was not granted).
fn changed(principal: &Principal, grant: Grant, add: bool) -> Option<Principal> {
    let has = if add {
        principal.effective_grants().any(|g| g == grant)
    } else {
        principal.grants.contains(&grant)
    };
    if has == add {
        return None;
    }
    let mut p = principal.clone();
    if add {
        p.grants.push(grant);
    } else {
        p.grants.retain(|g| *g != grant);
    }
    Some(p)
}

/// A grant that comes with a role cannot be taken away per account: says which role.
fn from_role(principal: &Principal, grant: Grant) -> ApiResult<()> {
    match principal
        .roles
        .iter()
        .find(|r| r.default_grants().contains(&grant))
    {
        Some(role) => Err(ApiError::Unprocessable(format!(
            "право «{}» входит в роль «{}» и у одной учётной записи не забирается; чтобы \
             его не было, нужна другая роль: обратитесь к администратору сервера",
            grant.title_ru(),
            role.title_ru()
        ))),
        None => Ok(()),
    }
}

/// Refuses a change that would leave the acting manager without `ManageAccounts`.
fn no_self_lockout(
    actor: &UserRecord,
    target: UserId,
    after: &Principal,
    ix: &SchoolIndex,
) -> ApiResult<()> {
    if actor.id == target && !may(after, Action::Write, Resource::Accounts, &ix.dir) {
        return Err(ApiError::Unprocessable(
            "нельзя забрать у себя право «Управлять учётными записями и правами»: тогда в школе \
             может не остаться никого, кто выдаёт права. Попросите другого координатора сделать \
             это"
            .into(),
        ));
    }
    Ok(())
}

fn audit(state: &AppState, a: &Authed, action: AuditAction, detail: String) -> ApiResult<()> {
    state.storage.audit(&AuditEntry {
        at: Utc::now(),
        user: Some(a.user.id),
        device: Some(a.device.id),
        doc: None,
        action: action.as_str().into(),
        detail,
    })?;
    Ok(())
}

fn verb(add: bool) -> &'static str {
    if add {
        "выдал"
    } else {
        "забрал"
    }
}

/// Gives or takes away one grant of one account; returns the account's rights after it.
pub fn change_user_grant(
    state: &AppState,
    a: &Authed,
    target: UserId,
    change: &GrantChange,
) -> ApiResult<UserRights> {
    let ix = require_manager(state, &a.user)?;
    check_scope(change.grant)?;
    let _guard = CHANGES.lock().unwrap_or_else(|p| p.into_inner());
    let user = state
        .storage
        .user(target)?
        .ok_or_else(|| ApiError::NotFound("такого пользователя нет; обновите список".into()))?;
    let Some(after) = changed(&user.principal, change.grant, change.add) else {
        if !change.add {
            from_role(&user.principal, change.grant)?;
        }
        return Ok(user_rights(&user));
    };
    no_self_lockout(&a.user, target, &after, &ix)?;
    state.storage.set_principal(target, &after)?;
    audit(
        state,
        a,
        AuditAction::GrantChanged,
        format!(
            "{} {} пользователю {} право «{}»",
            a.user.login,
            verb(change.add),
            user.login,
            change.grant.title_ru()
        ),
    )?;
    Ok(user_rights(&UserRecord {
        principal: after,
        ..user
    }))
}

/// Applies `f` to every account with `role` (or every account, `None`); stores the ones that
/// changed. Refuses the whole change if it would lock the acting manager out.
fn change_many(
    state: &AppState,
    a: &Authed,
    role: Option<Role>,
    f: impl Fn(&Principal) -> Option<Principal>,
) -> ApiResult<Vec<(UserRecord, Principal)>> {
    let ix = require_manager(state, &a.user)?;
    let mut out = Vec::new();
    for u in state.storage.users()? {
        if role.is_some_and(|r| !u.principal.has_role(r)) {
            continue;
        }
        if let Some(after) = f(&u.principal) {
            no_self_lockout(&a.user, u.id, &after, &ix)?;
            out.push((u, after));
        }
    }
    for (u, after) in &out {
        state.storage.set_principal(u.id, after)?;
    }
    Ok(out)
}

/// Gives or takes away a grant of every account that has the role now.
pub fn change_role_grant(
    state: &AppState,
    a: &Authed,
    change: &RoleGrantChange,
) -> ApiResult<RoleGrantResult> {
    require_manager(state, &a.user)?;
    check_scope(change.grant)?;
    let _guard = CHANGES.lock().unwrap_or_else(|p| p.into_inner());
    let done = change_many(state, a, Some(change.role), |p| {
        changed(p, change.grant, change.add)
    })?;
    audit(
        state,
        a,
        AuditAction::RoleGrantChanged,
        format!(
            "{} {} право «{}» всем с ролью «{}» ({} учётных записей)",
            a.user.login,
            verb(change.add),
            change.grant.title_ru(),
            change.role.title_ru(),
            done.len()
        ),
    )?;
    Ok(RoleGrantResult {
        changed: done.len() as u32,
    })
}

/// The seed's procedure: everyone holding «Ввести списки учеников и родителей» gets «Редактировать
/// сведения об учениках и родителях в своём классе» (own class) instead.
pub fn replace_initial(state: &AppState, a: &Authed) -> ApiResult<RoleGrantResult> {
    require_manager(state, &a.user)?;
    let _guard = CHANGES.lock().unwrap_or_else(|p| p.into_inner());
    let done = change_many(state, a, None, |p| {
        let grants = rights::replace_initial_entry(&p.grants);
        (grants != p.grants).then(|| Principal {
            grants,
            ..p.clone()
        })
    })?;
    let logins: Vec<&str> = done.iter().map(|(u, _)| u.login.as_str()).collect();
    audit(
        state,
        a,
        AuditAction::InitialEntryReplaced,
        format!(
            "{} заменил право «{}» на «{}» ({} учётных записей: {})",
            a.user.login,
            Right::EnterStudentLists.title_ru(),
            Right::EditOwnClassPeople.title_ru(),
            done.len(),
            logins.join(", ")
        ),
    )?;
    Ok(RoleGrantResult {
        changed: done.len() as u32,
    })
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    b.map(|Json(v)| v).map_err(|e| {
        json_invalid(
            e,
            "изменение прав не распознано: обновите страницу и повторите",
        )
    })
}

/// `GET /v1/web/rights`
pub async fn get_rights(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<RightsView>> {
    let v = tokio::task::spawn_blocking(move || rights_view(&state, &a.user)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/accounts/{user}/grants` with a JSON `GrantChange`.
pub async fn post_user_grant(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(user): Path<String>,
    b: Result<Json<GrantChange>, JsonRejection>,
) -> ApiResult<Json<UserRights>> {
    let user: UserId = user.parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{user}» — не идентификатор пользователя; выберите пользователя из списка"
        ))
    })?;
    let change = body(b)?;
    let v =
        tokio::task::spawn_blocking(move || change_user_grant(&state, &a, user, &change)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/rights/role` with a JSON `RoleGrantChange`.
pub async fn post_role_grant(
    State(state): State<Arc<AppState>>,
    a: Authed,
    b: Result<Json<RoleGrantChange>, JsonRejection>,
) -> ApiResult<Json<RoleGrantResult>> {
    let change = body(b)?;
    let v = tokio::task::spawn_blocking(move || change_role_grant(&state, &a, &change)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/rights/replace-initial`
pub async fn post_replace_initial(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<RoleGrantResult>> {
    let v = tokio::task::spawn_blocking(move || replace_initial(&state, &a)).await??;
    Ok(Json(v))
}
