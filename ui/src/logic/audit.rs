//! The audit screen without the DOM: the filters as the query of `GET /v1/web/audit`, and the
//! catalogue ids of the audited actions (a test checks both languages have every one).

use chrono::NaiveDate;
use zvonok_core::ids::{ClassId, StudentId, UserId};
use zvonok_core::wire::AuditAction;

use crate::logic::dates::iso;

/// What the coordinator filters the log by; `None` is «any».
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub action: Option<AuditAction>,
    pub user: Option<UserId>,
    pub class: Option<ClassId>,
    pub student: Option<StudentId>,
}

impl AuditFilter {
    /// `?from=…&to=…&action=…&user=…&class=…&student=…[&before=N]`, only what is set.
    pub fn query(&self, before: Option<i64>) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = self.from {
            parts.push(format!("from={}", iso(d)));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={}", iso(d)));
        }
        if let Some(a) = self.action {
            parts.push(format!("action={}", a.as_str()));
        }
        if let Some(u) = self.user {
            parts.push(format!("user={u}"));
        }
        if let Some(c) = self.class {
            parts.push(format!("class={c}"));
        }
        if let Some(s) = self.student {
            parts.push(format!("student={s}"));
        }
        if let Some(b) = before {
            parts.push(format!("before={b}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// A new class filter drops the student (they belong to the class chosen before).
    pub fn with_class(&self, class: Option<ClassId>) -> AuditFilter {
        AuditFilter {
            class,
            student: None,
            ..self.clone()
        }
    }
}

/// The catalogue id of an action's title.
pub fn action_id(a: AuditAction) -> &'static str {
    match a {
        AuditAction::RosterChanged => "audit-action-roster-changed",
        AuditAction::PersonalChanged => "audit-action-personal-changed",
        AuditAction::LockedPeriodEdit => "audit-action-locked-period-edit",
        AuditAction::ChangeRejected => "audit-action-change-rejected",
        AuditAction::MessageFailed => "audit-action-message-failed",
        AuditAction::GrantChanged => "audit-action-grant-changed",
        AuditAction::RoleGrantChanged => "audit-action-role-grant-changed",
        AuditAction::InitialEntryReplaced => "audit-action-initial-entry-replaced",
        AuditAction::AccountsIssued => "audit-action-accounts-issued",
        AuditAction::PasswordReset => "audit-action-password-reset",
        AuditAction::PasswordChanged => "audit-action-password-changed",
        AuditAction::DeviceRevoked => "audit-action-device-revoked",
        AuditAction::LoginFailed => "audit-action-login-failed",
        AuditAction::LoginThrottled => "audit-action-login-throttled",
        AuditAction::CalendarFeedCreated => "audit-action-calendar-feed-created",
        AuditAction::CalendarFeedRevoked => "audit-action-calendar-feed-revoked",
        AuditAction::PeriodClosed => "audit-action-period-closed",
        AuditAction::PeriodReopened => "audit-action-period-reopened",
        AuditAction::YearClosed => "audit-action-year-closed",
        AuditAction::YearCloseUndone => "audit-action-year-close-undone",
        AuditAction::ReportProduced => "audit-action-report-produced",
    }
}

/// An action's title in the user's language; an action this build does not know keeps the
/// server's title.
pub fn action_title(stored: &str, server_title: &str) -> String {
    match AuditAction::parse(stored) {
        Some(a) => crate::i18n::t(action_id(a)),
        None => server_title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{tr, Lang};

    #[test]
    fn the_query_carries_only_what_is_set() {
        assert_eq!(AuditFilter::default().query(None), "");
        let class = ClassId::new();
        let f = AuditFilter {
            from: NaiveDate::from_ymd_opt(2026, 9, 1),
            to: NaiveDate::from_ymd_opt(2026, 9, 30),
            action: Some(AuditAction::RosterChanged),
            class: Some(class),
            student: Some(StudentId::new()),
            ..Default::default()
        };
        let q = f.query(Some(42));
        assert!(
            q.starts_with("?from=2026-09-01&to=2026-09-30&action=roster_changed&class="),
            "{q}"
        );
        assert!(q.ends_with("&before=42") && q.contains("&student="), "{q}");
        let other = f.with_class(None);
        assert_eq!((other.class, other.student), (None, None));
        assert_eq!(other.action, f.action);
    }

    #[test]
    fn every_action_has_a_title_in_both_languages() {
        for l in [Lang::Ru, Lang::En] {
            for a in AuditAction::ALL {
                assert_ne!(tr(l, action_id(a), &[]), action_id(a), "{a:?} {l:?}");
            }
        }
        assert_eq!(action_title("someday_new", "Новое"), "Новое");
    }
}
