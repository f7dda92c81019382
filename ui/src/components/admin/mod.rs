//! The coordinator's screens: people and imports, accounts and devices, rights, orders and the
//! movement book, the audit log. They work in the browser against the server (see `backend::admin`).

pub mod accounts;
pub mod audit;
pub mod browser;
pub mod import;
pub mod orders;
pub mod people;
pub mod rights;

use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;

use crate::app::ctx;
use crate::backend::admin::Download;
use crate::backend::Result;
use crate::i18n::t;
use crate::logic::admin::{may_open, AdminPage};
use crate::logic::dates::full_numeric;
use crate::platform;

use accounts::AccountsPage;
use audit::AuditPage;
use import::ImportPage;
use orders::OrdersPage;
use people::PeoplePage;
use rights::RightsPage;

/// «29.11.2026 14:05» in the browser's time zone; «—» when there is none.
pub fn when(at: Option<DateTime<Utc>>) -> String {
    match at {
        Some(at) => {
            let local = at + Duration::minutes(platform::offset_minutes(at));
            format!(
                "{} {}",
                full_numeric(local.date_naive()),
                platform::local_hm(at)
            )
        }
        None => "—".into(),
    }
}

/// Saves a downloaded file, or shows why it could not be made.
pub fn offer(result: Result<Download>, error: RwSignal<Option<String>>) {
    match result {
        Ok(d) => {
            error.set(None);
            browser::save(&d);
        }
        Err(e) => error.set(Some(e.to_string())),
    }
}

/// A busy line: what the server is doing now.
#[component]
pub fn Busy(what: Signal<Option<String>>) -> impl IntoView {
    move || {
        what.get().map(|w| {
            view! {
                <p class="admin-busy" role="status">
                    <span class="spin" aria-hidden="true"></span>
                    {w}
                </p>
            }
        })
    }
}

/// An error shown in place, next to what caused it.
#[component]
pub fn InlineError(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="error" role="alert">{e}</p> })
    }
}

/// One coordinator screen, for users whose roles and grants open it (the server checks again).
#[component]
pub fn AdminScreen(page: AdminPage) -> impl IntoView {
    let allowed = ctx()
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| may_open(&s.user, page.area())));
    if !allowed {
        return view! { <p class="failure" role="alert">{t("admin-not-allowed")}</p> }.into_any();
    }
    match page {
        AdminPage::People(class) => view! { <PeoplePage class=class /> }.into_any(),
        AdminPage::Import => view! { <ImportPage /> }.into_any(),
        AdminPage::Accounts => view! { <AccountsPage /> }.into_any(),
        AdminPage::Rights => view! { <RightsPage /> }.into_any(),
        AdminPage::Orders => view! { <OrdersPage /> }.into_any(),
        AdminPage::Audit => view! { <AuditPage /> }.into_any(),
    }
}
