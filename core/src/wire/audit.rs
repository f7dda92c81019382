//! The audit log as the coordinator's screen and a student's history see it: the closed set of
//! audited actions ([`AuditAction`]) and the JSON views of `GET /v1/web/audit` and
//! `GET /v1/web/people/{student}/history`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ClassId, DeviceId, DocId, StudentId, UserId};

/// Every kind of audit line the server writes. Stored by [`AuditAction::as_str`]; a stored
/// name this build does not know is shown as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A class list changed: students, guardians, links, groups, active.
    RosterChanged,
    /// Personal files changed (which fields of whom; never the values).
    PersonalChanged,
    /// A journal of a locked study period was changed.
    LockedPeriodEdit,
    /// The server refused changes of a device.
    ChangeRejected,
    /// A device's sync message could not be applied at all.
    MessageFailed,
    /// A right was given to or taken from an account.
    GrantChanged,
    /// A right was given to or taken from every account with a role.
    RoleGrantChanged,
    /// The seed's replacement of «Ввести списки…».
    InitialEntryReplaced,
    /// Accounts were issued (never with their codes).
    AccountsIssued,
    /// The coordinator reset a password.
    PasswordReset,
    /// A user changed their own password.
    PasswordChanged,
    /// A device was revoked.
    DeviceRevoked,
    /// A sign-in with a wrong password.
    LoginFailed,
    /// Sign-ins refused for too many failures.
    LoginThrottled,
    /// A calendar feed link was made (its token is never logged).
    CalendarFeedCreated,
    /// A calendar feed link was revoked.
    CalendarFeedRevoked,
    /// A study period was closed: its journals locked.
    PeriodClosed,
    /// A closed study period was reopened: its journals unlocked.
    PeriodReopened,
    /// The academic year was closed and the school moved to the next (`year_close`).
    YearClosed,
    /// The move to the next academic year was undone.
    YearCloseUndone,
    /// The server answered a period report (`api::reports`, any format): counted by the rollout
    /// dashboard's stage II.
    ReportProduced,
}

impl AuditAction {
    pub const ALL: [AuditAction; 21] = [
        AuditAction::RosterChanged,
        AuditAction::PersonalChanged,
        AuditAction::LockedPeriodEdit,
        AuditAction::ChangeRejected,
        AuditAction::MessageFailed,
        AuditAction::GrantChanged,
        AuditAction::RoleGrantChanged,
        AuditAction::InitialEntryReplaced,
        AuditAction::AccountsIssued,
        AuditAction::PasswordReset,
        AuditAction::PasswordChanged,
        AuditAction::DeviceRevoked,
        AuditAction::LoginFailed,
        AuditAction::LoginThrottled,
        AuditAction::CalendarFeedCreated,
        AuditAction::CalendarFeedRevoked,
        AuditAction::PeriodClosed,
        AuditAction::PeriodReopened,
        AuditAction::YearClosed,
        AuditAction::YearCloseUndone,
        AuditAction::ReportProduced,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::RosterChanged => "roster_changed",
            AuditAction::PersonalChanged => "personal_changed",
            AuditAction::LockedPeriodEdit => "locked_period_edit",
            AuditAction::ChangeRejected => "change_rejected",
            AuditAction::MessageFailed => "message_failed",
            AuditAction::GrantChanged => "grant_changed",
            AuditAction::RoleGrantChanged => "role_grant_changed",
            AuditAction::InitialEntryReplaced => "initial_entry_replaced",
            AuditAction::AccountsIssued => "accounts_issued",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::DeviceRevoked => "device_revoked",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::LoginThrottled => "login_throttled",
            AuditAction::CalendarFeedCreated => "calendar_feed_created",
            AuditAction::CalendarFeedRevoked => "calendar_feed_revoked",
            AuditAction::PeriodClosed => "period_closed",
            AuditAction::PeriodReopened => "period_reopened",
            AuditAction::YearClosed => "year_closed",
            AuditAction::YearCloseUndone => "year_close_undone",
            AuditAction::ReportProduced => "report_produced",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The title on the audit screen and in the XLSX export.
    pub fn title_ru(self) -> &'static str {
        match self {
            AuditAction::RosterChanged => "Изменён список класса",
            AuditAction::PersonalChanged => "Изменены личные дела",
            AuditAction::LockedPeriodEdit => "Правка в закрытом периоде",
            AuditAction::ChangeRejected => "Изменения отклонены сервером",
            AuditAction::MessageFailed => "Сообщение синхронизации не применилось",
            AuditAction::GrantChanged => "Изменены права учётной записи",
            AuditAction::RoleGrantChanged => "Изменены права роли",
            AuditAction::InitialEntryReplaced => "Замена права ввода списков",
            AuditAction::AccountsIssued => "Выданы учётные записи",
            AuditAction::PasswordReset => "Сброшен пароль",
            AuditAction::PasswordChanged => "Изменён пароль",
            AuditAction::DeviceRevoked => "Отозвано устройство",
            AuditAction::LoginFailed => "Неудачный вход",
            AuditAction::LoginThrottled => "Вход временно заблокирован",
            AuditAction::CalendarFeedCreated => "Создана ссылка на календарь",
            AuditAction::CalendarFeedRevoked => "Отозвана ссылка на календарь",
            AuditAction::PeriodClosed => "Учебный период закрыт",
            AuditAction::PeriodReopened => "Учебный период открыт снова",
            AuditAction::YearClosed => "Закрыт учебный год, переход на новый",
            AuditAction::YearCloseUndone => "Отменён переход на новый учебный год",
            AuditAction::ReportProduced => "Получен отчёт",
        }
    }

    /// Actions about people data: what a student's history lists.
    pub fn is_people(self) -> bool {
        matches!(
            self,
            AuditAction::RosterChanged | AuditAction::PersonalChanged
        )
    }
}

/// Most rows one page of `GET /v1/web/audit` returns.
pub const MAX_AUDIT_PAGE: usize = 500;
/// Rows per page unless `limit` says otherwise.
pub const DEFAULT_AUDIT_PAGE: usize = 50;

/// One audit line, readable: author, device, document and student named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRowView {
    /// Position in the log (larger is newer): `before=` of the next page.
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The stored name ([`AuditAction::as_str`] for the known ones).
    pub action: String,
    /// The Russian title, or the stored name of an action this build does not know.
    pub action_title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserId>,
    /// The author's name and login, empty if unknown (a failed sign-in with no such login).
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub user_login: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceId>,
    #[serde(default)]
    pub device_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<DocId>,
    #[serde(default)]
    pub doc_title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<StudentId>,
    #[serde(default)]
    pub student_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ClassId>,
    #[serde(default)]
    pub class_name: String,
    /// What happened, in Russian; never the value of a personal field.
    pub detail: String,
}

/// A name to choose in a filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditChoice<Id> {
    pub id: Id,
    pub name: String,
}

/// `GET /v1/web/audit`: one page, newest first, and what the filters can offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub rows: Vec<AuditRowView>,
    /// `before=` for the next (older) page; none when this page is the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<i64>,
    /// Everyone who has a line in the log, by name (name and login).
    #[serde(default)]
    pub authors: Vec<AuditChoice<UserId>>,
    /// The school's classes.
    #[serde(default)]
    pub classes: Vec<AuditChoice<ClassId>>,
    /// The students of the class filtered on (empty without a class filter).
    #[serde(default)]
    pub students: Vec<AuditChoice<StudentId>>,
}

/// `GET /v1/web/people/{student}/history`: who changed a student's list entry, links and
/// personal file, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentHistory {
    pub student: StudentId,
    pub name: String,
    pub class: ClassId,
    pub rows: Vec<AuditRowView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip_and_are_unique() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).expect("json"),
                format!("\"{}\"", a.as_str())
            );
            assert!(!a.title_ru().is_empty());
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::parse("nonsense"), None);
    }
}
