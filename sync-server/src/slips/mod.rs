//! Printed slips for the accounts the coordinator issued (`POST /v1/web/accounts/slips`): an
//! A4 PDF of cut-out slips, each with the school, class, name, role, login, one-time code (or
//! why there is none), the server's address and a QR code that opens the web app's sign-in
//! with the login and code filled in.
//!
//! [`slips`] builds the slips (pure), [`render`] draws them: text in DejaVu Sans, subset and
//! embedded ([`crate::pdf`]), the QR matrix as filled rectangles ([`qr`]).

mod pdf;
pub mod qr;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use thiserror::Error;
use zvonok_core::logins::transliterate;
use zvonok_core::rights::Role;
use zvonok_core::wire::{IssueScope, IssuedAccount};

pub use pdf::{render, COLUMNS, ROWS};

/// Slips on one A4 page.
pub const PER_PAGE: usize = COLUMNS * ROWS;

#[derive(Debug, Error)]
pub enum SlipError {
    #[error("не удалось построить QR-код для входа ({0}); сообщите администратору")]
    Qr(String),
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("бланков нет: в выбранном списке нет людей; сначала введите список")]
    Empty,
}

/// One printed slip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub school: String,
    /// «5А» for students and guardians, «классный руководитель 5А» for staff.
    pub class: Option<String>,
    pub name: String,
    /// «Ученик», «Родитель», «Учитель» …
    pub role: String,
    pub login: String,
    pub code: Option<String>,
    /// Printed instead of a code.
    pub note: Option<String>,
    /// `http://host:port`
    pub server: String,
    /// What the QR code holds: the sign-in address with the login (and code) filled in.
    pub qr: String,
}

/// Characters kept as they are in a query value (RFC 3986 unreserved).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `{base}/#/signin?login=<login>&code=<code>`, values URL-encoded; no `code` without one.
pub fn signin_url(base: &str, login: &str, code: Option<&str>) -> String {
    let mut url = format!(
        "{}/#/signin?login={}",
        base.trim_end_matches('/'),
        utf8_percent_encode(login, QUERY_VALUE)
    );
    if let Some(code) = code {
        url.push_str("&code=");
        url.push_str(&utf8_percent_encode(code, QUERY_VALUE).to_string());
    }
    url
}

/// The slips of issued accounts, in the same order.
pub fn slips(school: &str, base: &str, accounts: &[IssuedAccount]) -> Vec<Slip> {
    accounts
        .iter()
        .map(|a| Slip {
            school: school.to_string(),
            class: match (a.role, &a.class) {
                (Role::Student | Role::Parent, Some(c)) => Some(c.clone()),
                (_, Some(c)) => Some(format!("классный руководитель {c}")),
                (_, None) => None,
            },
            name: a.name.clone(),
            role: a.role.title_ru().to_string(),
            login: a.login.clone(),
            code: a.code.clone(),
            note: a.note.clone(),
            server: base.to_string(),
            qr: signin_url(base, &a.login, a.code.as_deref()),
        })
        .collect()
}

/// `slips-5A.pdf`, `slips-staff.pdf`: ASCII, so every browser keeps it.
pub fn filename(scope: &IssueScope, class_name: &str) -> String {
    match scope {
        IssueScope::Staff => "slips-staff.pdf".into(),
        IssueScope::Class { .. } => {
            let label = transliterate(class_name).to_uppercase();
            if label.is_empty() {
                "slips-class.pdf".into()
            } else {
                format!("slips-{label}.pdf")
            }
        }
    }
}

/// Pages a PDF of `n` slips has.
pub fn pages_for(n: usize) -> usize {
    n.div_ceil(PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::{ClassId, UserId};

    #[test]
    fn signin_addresses_are_encoded() {
        assert_eq!(
            signin_url("http://10.0.0.5:8080", "ivanova.ap", Some("k7mp-2xqa-9fde")),
            "http://10.0.0.5:8080/#/signin?login=ivanova.ap&code=k7mp-2xqa-9fde"
        );
        assert_eq!(
            signin_url("http://school.local/", "o&b", None),
            "http://school.local/#/signin?login=o%26b"
        );
        assert_eq!(
            signin_url("http://h", "a b+c", Some("x=y")),
            "http://h/#/signin?login=a%20b%2Bc&code=x%3Dy"
        );
    }

    #[test]
    fn slips_carry_what_is_printed() {
        let accounts = vec![
            IssuedAccount {
                user: UserId::new(),
                login: "ivanova.ap".into(),
                name: "Иванова Анна Петровна".into(),
                role: Role::Student,
                class: Some("5А".into()),
                code: Some("k7mp-2xqa-9fde".into()),
                note: None,
            },
            IssuedAccount {
                user: UserId::new(),
                login: "ivanov.pi".into(),
                name: "Иванов Пётр Ильич".into(),
                role: Role::Parent,
                class: Some("5А".into()),
                code: None,
                note: Some(crate::accounts_issue::SIGNED_IN_NOTE.into()),
            },
        ];
        let s = slips("Школа № 1", "http://h:1", &accounts);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].role, "Ученик");
        assert_eq!(s[0].class.as_deref(), Some("5А"));
        assert_eq!(
            s[0].qr,
            "http://h:1/#/signin?login=ivanova.ap&code=k7mp-2xqa-9fde"
        );
        assert_eq!(s[1].qr, "http://h:1/#/signin?login=ivanov.pi");
        let teacher = IssuedAccount {
            role: Role::Teacher,
            login: "petrova.ai".into(),
            ..accounts[0].clone()
        };
        let t = &slips("Школа", "http://h", &[teacher])[0];
        assert_eq!(t.class.as_deref(), Some("классный руководитель 5А"));
        assert_eq!(t.role, "Учитель");
        assert_eq!(s[1].code, None);
        assert!(s[1].note.is_some());
    }

    #[test]
    fn file_names_are_ascii() {
        let class = IssueScope::Class {
            class: ClassId::new(),
        };
        assert_eq!(filename(&class, "5А"), "slips-5A.pdf");
        assert_eq!(filename(&class, "10Ж"), "slips-10ZH.pdf");
        assert_eq!(filename(&IssueScope::Staff, ""), "slips-staff.pdf");
        assert_eq!(pages_for(0), 0);
        assert_eq!(pages_for(PER_PAGE), 1);
        assert_eq!(pages_for(PER_PAGE + 1), 2);
    }
}
