//! The coordinator's screens without the DOM: who may open which screen (from the user's roles
//! and grants, the same defaults the server uses; the server checks again), searching people by
//! name as they are typed, filtering accounts, and the date ranges of the movement book.

use chrono::{Datelike, NaiveDate};
use zvonok_core::ids::ClassId;
use zvonok_core::names::normalize;
use zvonok_core::rights::{Grant, Principal, Right, Role};
use zvonok_core::wire::{AccountInfo, UserInfo};

/// The coordinator's screens, as the navigation lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    People,
    Accounts,
    Rights,
    Orders,
    Audit,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::People,
        Area::Accounts,
        Area::Rights,
        Area::Orders,
        Area::Audit,
    ];
}

/// One coordinator screen as the URL names it: `#/admin/people[/<class>]`, `#/admin/import`,
/// `#/admin/accounts`, `#/admin/rights`, `#/admin/orders`, `#/admin/audit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminPage {
    People(Option<ClassId>),
    Import,
    Accounts,
    Rights,
    Orders,
    Audit,
}

impl AdminPage {
    /// The path after `#/admin`.
    pub fn to_path(self) -> String {
        match self {
            AdminPage::People(None) => "/people".into(),
            AdminPage::People(Some(c)) => format!("/people/{c}"),
            AdminPage::Import => "/import".into(),
            AdminPage::Accounts => "/accounts".into(),
            AdminPage::Rights => "/rights".into(),
            AdminPage::Orders => "/orders".into(),
            AdminPage::Audit => "/audit".into(),
        }
    }

    pub fn from_parts(parts: &[&str]) -> Option<AdminPage> {
        match parts {
            ["people"] => Some(AdminPage::People(None)),
            ["people", c] => c.parse().ok().map(|c| AdminPage::People(Some(c))),
            ["import"] => Some(AdminPage::Import),
            ["accounts"] => Some(AdminPage::Accounts),
            ["rights"] => Some(AdminPage::Rights),
            ["orders"] => Some(AdminPage::Orders),
            ["audit"] => Some(AdminPage::Audit),
            _ => None,
        }
    }

    /// The navigation entry this page belongs to.
    pub fn area(self) -> Area {
        match self {
            AdminPage::People(_) | AdminPage::Import => Area::People,
            AdminPage::Accounts => Area::Accounts,
            AdminPage::Rights => Area::Rights,
            AdminPage::Orders => Area::Orders,
            AdminPage::Audit => Area::Audit,
        }
    }
}

pub(crate) fn principal(user: &UserInfo) -> Principal {
    Principal {
        user: user.id,
        roles: user.roles.clone(),
        grants: user.grants.clone(),
        staff: user.staff,
        guardian: user.guardian,
        student: user.student,
    }
}

fn has(grants: &[Grant], rights: &[Right]) -> bool {
    grants.iter().any(|g| rights.contains(&g.right))
}

/// May `user` open `area`? Computed from the roles' default grants and the user's own grants.
pub fn may_open(user: &UserInfo, area: Area) -> bool {
    let p = principal(user);
    if !p.is_staff() {
        return false;
    }
    let grants: Vec<Grant> = p.effective_grants().collect();
    match area {
        Area::People => has(
            &grants,
            &[
                Right::ManageAccounts,
                Right::EnterStudentLists,
                Right::EditOwnClassPeople,
                Right::ReadPersonalFiles,
                Right::EditPersonalFiles,
            ],
        ),
        Area::Accounts | Area::Rights => has(&grants, &[Right::ManageAccounts]),
        Area::Orders => has(
            &grants,
            &[Right::IssueMovementOrders, Right::ReadMovementBook],
        ),
        Area::Audit => has(&grants, &[Right::ReadAuditLog]),
    }
}

/// May `user` issue orders (not only read the book)?
pub fn may_issue_orders(user: &UserInfo) -> bool {
    has(
        &principal(user).effective_grants().collect::<Vec<_>>(),
        &[Right::IssueMovementOrders],
    )
}

/// Does `name` contain every word of `query`, compared as people type («ё» = «е», case)?
/// An empty query matches everything.
pub fn name_matches(query: &str, name: &str) -> bool {
    let name = normalize(name);
    query
        .split_whitespace()
        .map(normalize)
        .all(|w| name.contains(&w))
}

/// The account list as filtered on the screen: by role (`None`: every role) and by a search in
/// the name or the login.
pub fn filter_accounts<'a>(
    accounts: &'a [AccountInfo],
    role: Option<Role>,
    query: &str,
) -> Vec<&'a AccountInfo> {
    accounts
        .iter()
        .filter(|a| role.is_none_or(|r| a.roles.contains(&r)))
        .filter(|a| {
            name_matches(query, &a.display_name)
                || normalize(&a.login).contains(&normalize(query.trim()))
        })
        .collect()
}

/// The academic year (1 September – 31 August) that `d` falls in.
pub fn school_year_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start_year = if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    };
    let from = NaiveDate::from_ymd_opt(start_year, 9, 1).unwrap_or(d);
    let to = NaiveDate::from_ymd_opt(start_year + 1, 8, 31).unwrap_or(d);
    (from, to)
}

/// The login and one-time code of a slip's QR link, `#/signin?login=<l>&code=<c>`.
pub fn slip_prefill(hash: &str) -> Option<(String, String)> {
    let rest = hash.trim_start_matches('#').trim_start_matches('/');
    let query = rest.strip_prefix("signin?")?;
    let mut login = None;
    let mut code = None;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "login" => login = Some(url_decode(v)),
            "code" => code = Some(url_decode(v)),
            _ => {}
        }
    }
    Some((login?, code.unwrap_or_default()))
}

/// `%D0%90+b` → «А b»; a malformed escape stays as written.
fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The longest account list drawn at once (a school has over a thousand accounts); the search
/// narrows it.
pub const ACCOUNTS_SHOWN: usize = 200;

/// The sign-in windows the accounts screen offers, in days.
pub const WINDOWS: [u32; 3] = [7, 30, 90];

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::UserId;
    use zvonok_core::rights::Scope;

    fn user(roles: Vec<Role>, grants: Vec<Grant>) -> UserInfo {
        UserInfo {
            id: UserId::new(),
            login: "u".into(),
            display_name: "U".into(),
            roles,
            staff: Some(zvonok_core::ids::StaffId::new()),
            guardian: None,
            student: None,
            grants,
            children: vec![],
        }
    }

    #[test]
    fn the_coordinator_sees_every_screen_a_teacher_none() {
        let c = user(vec![Role::Coordinator], vec![]);
        assert!(Area::ALL.iter().all(|a| may_open(&c, *a)));
        let t = user(vec![Role::Teacher], vec![]);
        assert!(Area::ALL.iter().all(|a| !may_open(&t, *a)));
    }

    #[test]
    fn a_grant_opens_its_screen_only() {
        let s = user(
            vec![Role::Teacher],
            vec![Grant {
                right: Right::EnterStudentLists,
                scope: Scope::School,
            }],
        );
        assert!(may_open(&s, Area::People));
        assert!(!may_open(&s, Area::Accounts));
        assert!(!may_open(&s, Area::Orders));
        assert!(!may_open(&s, Area::Audit));
        let d = user(vec![Role::Director], vec![]);
        assert!(may_open(&d, Area::Orders));
        assert!(
            may_open(&d, Area::Audit),
            "the director reads the audit log"
        );
        assert!(!may_issue_orders(&d));
        let secretary = user(vec![Role::Secretary], vec![]);
        assert!(!may_open(&secretary, Area::Audit));
    }

    #[test]
    fn families_see_none_even_with_a_stray_grant() {
        let mut p = user(
            vec![Role::Parent],
            vec![Grant {
                right: Right::ManageAccounts,
                scope: Scope::School,
            }],
        );
        p.staff = None;
        assert!(!may_open(&p, Area::Accounts));
    }

    #[test]
    fn pages_survive_their_paths() {
        for p in [
            AdminPage::People(None),
            AdminPage::People(Some(ClassId::new())),
            AdminPage::Import,
            AdminPage::Accounts,
            AdminPage::Rights,
            AdminPage::Orders,
            AdminPage::Audit,
        ] {
            let path = p.to_path();
            let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            assert_eq!(AdminPage::from_parts(&parts), Some(p), "{path}");
        }
        assert_eq!(AdminPage::from_parts(&["people", "5А"]), None);
        assert_eq!(AdminPage::from_parts(&[]), None);
    }

    #[test]
    fn a_slip_link_prefills_login_and_code() {
        assert_eq!(
            slip_prefill("#/signin?login=ivanov.p&code=K7-QX%2B9"),
            Some(("ivanov.p".into(), "K7-QX+9".into()))
        );
        assert_eq!(
            slip_prefill("#/signin?code=abc&login=%D0%B0%20b"),
            Some(("а b".into(), "abc".into()))
        );
        assert_eq!(slip_prefill("#/signin?code=abc"), None);
        assert_eq!(slip_prefill("#/today"), None);
        assert_eq!(url_decode("100%"), "100%");
        assert_eq!(url_decode("%zz1"), "%zz1");
    }

    #[test]
    fn names_match_as_typed() {
        assert!(name_matches("", "Иванов Пётр"));
        assert!(name_matches("петр ИВАН", "Иванов Пётр Сергеевич"));
        assert!(!name_matches("Петров", "Иванов Пётр"));
    }

    fn account(login: &str, name: &str, roles: Vec<Role>) -> AccountInfo {
        AccountInfo {
            id: UserId::new(),
            login: login.into(),
            display_name: name.into(),
            roles,
            sign_ins: 0,
            last_sign_in: None,
            devices: 0,
            last_seen: None,
        }
    }

    #[test]
    fn accounts_filter_by_role_and_by_name_or_login() {
        let list = vec![
            account("teacher", "Смирнова Анна", vec![Role::Teacher]),
            account("director", "Ёлкин Иван", vec![Role::Director]),
        ];
        assert_eq!(filter_accounts(&list, None, "").len(), 2);
        assert_eq!(filter_accounts(&list, Some(Role::Director), "").len(), 1);
        assert_eq!(filter_accounts(&list, None, "елкин")[0].login, "director");
        assert_eq!(filter_accounts(&list, None, "TEACH")[0].login, "teacher");
        assert!(filter_accounts(&list, Some(Role::Teacher), "елкин").is_empty());
    }

    #[test]
    fn the_school_year_turns_on_the_first_of_september() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            school_year_of(d(2026, 11, 29)),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        assert_eq!(
            school_year_of(d(2027, 8, 31)),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
        assert_eq!(
            school_year_of(d(2026, 9, 1)),
            (d(2026, 9, 1), d(2027, 8, 31))
        );
    }
}
