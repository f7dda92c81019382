//! JSON bodies of the rights screen (`/v1/web/rights*`, `/v1/web/accounts/{user}/grants`):
//! which rights exist with the scopes they take, the roles with their default grants, and per
//! account the roles and the grants given on top of them. `ManageAccounts` only.

use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::rights::{Grant, Right, Role, Scope};

/// One right as the rights screen lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightInfo {
    pub right: Right,
    /// `Right::title_ru`.
    pub title: String,
    /// The scopes a grant of it can take (`Right::scopes`), the widest first.
    pub scopes: Vec<Scope>,
}

/// One role with what it implies. Role defaults are fixed; grants are given per account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub role: Role,
    pub title: String,
    pub defaults: Vec<Grant>,
}

/// One account's roles and its grants on top of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRights {
    pub user: UserId,
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Explicit grants (the roles' defaults are in `RightsView::roles`).
    pub grants: Vec<Grant>,
}

/// `GET /v1/web/rights`: every right, every role, and the staff accounts (parents and
/// students have their fixed read rights and are not listed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightsView {
    pub rights: Vec<RightInfo>,
    pub roles: Vec<RoleInfo>,
    pub users: Vec<UserRights>,
}

/// `POST /v1/web/accounts/{user}/grants`: give (`add`) or take away one grant of one account.
/// Giving a grant the account has, or taking one it lacks, changes nothing (200).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantChange {
    pub grant: Grant,
    pub add: bool,
}

/// `POST /v1/web/rights/role`: the same change for every account that has `role` at that
/// moment (accounts given the role later do not get it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrantChange {
    pub role: Role,
    pub grant: Grant,
    pub add: bool,
}

/// How many accounts a per-role change or `POST /v1/web/rights/replace-initial` changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrantResult {
    pub changed: u32,
}
