//! Bodies of the coordinator's account issuing: `POST /v1/web/accounts/issue` (JSON) and
//! `POST /v1/web/accounts/slips` (the same request, a PDF of printed slips back).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{ClassId, UserId};
use crate::rights::Role;

/// Whose accounts to create and whose one-time codes to issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueScope {
    /// Every staff member of the school.
    Staff,
    /// Every active student of the class and every guardian linked to them.
    Class { class: ClassId },
}

/// `POST /v1/web/accounts/issue` and `POST /v1/web/accounts/slips` request.
///
/// Accounts are created for everyone in scope who has none, each with a new code. An account
/// that exists and was never used keeps the code it was given (a guardian of children in two
/// classes is on both lists, and the first slip must keep working) unless `reissue` asks for
/// new codes; the slips print the codes in `codes` (login → code, as `/issue` just showed them)
/// after checking each against the account, so printing never invalidates what is on screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueRequest {
    pub scope: IssueScope,
    /// New codes for every account in scope that was never used (a lost slip).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reissue: bool,
    /// Codes shown by an earlier `/issue`, to print instead of issuing new ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub codes: BTreeMap<String, String>,
}

impl IssueRequest {
    /// Accounts and codes for `scope`, keeping the codes given earlier.
    pub fn new(scope: IssueScope) -> Self {
        IssueRequest {
            scope,
            reissue: false,
            codes: BTreeMap::new(),
        }
    }
}

/// One person in scope and what they got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedAccount {
    pub user: UserId,
    pub login: String,
    /// The full name.
    pub name: String,
    /// The role the slip names: `Student`, `Parent`, or the staff member's main role.
    pub role: Role,
    /// «5А»: the class of a student or guardian, the class a staff member leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The one-time code, shown once: only its argon2 hash is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Why there is no code (the person has signed in already, or got their code earlier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /v1/web/accounts/issue` response, ordered as a class list: students by name, then
/// guardians by name; staff by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueResponse {
    pub accounts: Vec<IssuedAccount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_tagged_by_kind() {
        let staff = IssueRequest::new(IssueScope::Staff);
        assert_eq!(
            serde_json::to_value(&staff).expect("json"),
            serde_json::json!({"scope": {"kind": "staff"}})
        );
        let class = ClassId::new();
        let v = serde_json::json!({"scope": {"kind": "class", "class": class.to_string()}});
        let read: IssueRequest = serde_json::from_value(v).expect("read");
        assert_eq!(read.scope, IssueScope::Class { class });
        assert!(serde_json::from_value::<IssueRequest>(
            serde_json::json!({"scope": {"kind": "everyone"}})
        )
        .is_err());
    }
}
