//! Titles of roles, rights, scopes and order kinds in the user's language (the catalogue ids
//! are built from the variants, so a test checks that every one is there in both languages).

use zvonok_core::doc::movement::OrderKind;
use zvonok_core::rights::{Right, Role, Scope};

use crate::i18n::{lang, t, tr, Lang};
use crate::logic::admin_orders::FormKind;

fn role_id(r: Role) -> &'static str {
    match r {
        Role::ServerAdmin => "admin-role-server-admin",
        Role::Coordinator => "admin-role-coordinator",
        Role::SystemAdmin => "admin-role-system-admin",
        Role::Director => "admin-role-director",
        Role::DeputyHead => "admin-role-deputy-head",
        Role::Teacher => "admin-role-teacher",
        Role::ClassTeacher => "admin-role-class-teacher",
        Role::Secretary => "admin-role-secretary",
        Role::Student => "admin-role-student",
        Role::Parent => "admin-role-parent",
    }
}

fn right_id(r: Right) -> &'static str {
    match r {
        Right::ManageSchool => "admin-right-manage-school",
        Right::ManageAccounts => "admin-right-manage-accounts",
        Right::EditTimetable => "admin-right-edit-timetable",
        Right::EnterStudentLists => "admin-right-enter-student-lists",
        Right::EditOwnClassPeople => "admin-right-edit-own-class-people",
        Right::ReadAllJournals => "admin-right-read-all-journals",
        Right::KeepJournal => "admin-right-keep-journal",
        Right::EditLockedPeriod => "admin-right-edit-locked-period",
        Right::ReadPersonalFiles => "admin-right-read-personal-files",
        Right::EditPersonalFiles => "admin-right-edit-personal-files",
        Right::ReadStudentData => "admin-right-read-student-data",
        Right::IssueMovementOrders => "admin-right-issue-movement-orders",
        Right::ReadMovementBook => "admin-right-read-movement-book",
        Right::ReadAuditLog => "admin-right-read-audit-log",
        Right::ClosePeriods => "admin-right-close-periods",
        Right::ReopenPeriods => "admin-right-reopen-periods",
        Right::CloseYear => "admin-right-close-year",
    }
}

fn scope_id(s: Scope) -> &'static str {
    match s {
        Scope::School => "admin-scope-school",
        Scope::OwnClass => "admin-scope-own-class",
        Scope::OwnSubjects => "admin-scope-own-subjects",
        Scope::OwnChildren => "admin-scope-own-children",
        Scope::Own => "admin-scope-own",
    }
}

pub fn role_in(l: Lang, r: Role) -> String {
    tr(l, role_id(r), &[])
}

pub fn role(r: Role) -> String {
    role_in(lang(), r)
}

/// «Учитель, Классный руководитель».
pub fn roles(rs: &[Role]) -> String {
    rs.iter().map(|r| role(*r)).collect::<Vec<_>>().join(", ")
}

pub fn right(r: Right) -> String {
    tr(lang(), right_id(r), &[])
}

pub fn scope(s: Scope) -> String {
    tr(lang(), scope_id(s), &[])
}

/// «Зачисление», «Перевод», «Выбытие», «Отмена приказа».
pub fn form_kind(k: FormKind) -> String {
    match k {
        FormKind::Enroll => t("admin-order-kind-enroll"),
        FormKind::Transfer => t("admin-order-kind-transfer"),
        FormKind::Withdraw => t("admin-order-kind-withdraw"),
        FormKind::Cancel => t("admin-order-kind-cancel"),
    }
}

pub fn order_kind(k: &OrderKind) -> String {
    form_kind(match k {
        OrderKind::Enroll { .. } => FormKind::Enroll,
        OrderKind::Transfer { .. } => FormKind::Transfer,
        OrderKind::Withdraw { .. } => FormKind::Withdraw,
        OrderKind::Cancel { .. } => FormKind::Cancel,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_right_and_scope_has_a_title_in_both_languages() {
        for l in [Lang::Ru, Lang::En] {
            for r in Role::ALL {
                assert_ne!(tr(l, role_id(r), &[]), role_id(r), "{r:?} {l:?}");
            }
            for r in Right::ALL {
                assert_ne!(tr(l, right_id(r), &[]), right_id(r), "{r:?} {l:?}");
            }
            for s in [
                Scope::School,
                Scope::OwnClass,
                Scope::OwnSubjects,
                Scope::OwnChildren,
                Scope::Own,
            ] {
                assert_ne!(tr(l, scope_id(s), &[]), scope_id(s), "{s:?} {l:?}");
            }
        }
    }

    /// Ids the screens pick at run time (the catalogue test sees only literal ones).
    #[test]
    fn ids_chosen_at_run_time_are_in_both_catalogues() {
        let ids = [
            "admin-order-need-number",
            "admin-order-need-date",
            "admin-order-need-class",
            "admin-order-need-students",
            "admin-order-need-cancels",
            "admin-import-count-rows",
            "admin-import-count-students",
            "admin-import-count-guardians",
            "admin-import-count-links",
            "admin-import-count-staff",
            "admin-rights-role-add-confirm",
            "admin-rights-role-remove-confirm",
            "admin-nav-people",
            "admin-nav-accounts",
            "admin-nav-rights",
            "admin-nav-orders",
        ];
        for l in [Lang::Ru, Lang::En] {
            for id in ids {
                assert_ne!(tr(l, id, &[]), id, "{l:?}");
            }
        }
    }

    #[test]
    fn russian_titles_are_the_seeds_words() {
        assert_eq!(
            tr(Lang::Ru, right_id(Right::EnterStudentLists), &[]),
            Right::EnterStudentLists.title_ru()
        );
        assert_eq!(
            tr(Lang::Ru, right_id(Right::EditOwnClassPeople), &[]),
            Right::EditOwnClassPeople.title_ru()
        );
        assert_eq!(role_in(Lang::Ru, Role::Coordinator), "Координатор");
    }
}
