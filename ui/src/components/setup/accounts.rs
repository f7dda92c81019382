//! The last page, «Учётные записи сотрудников»: accounts for all staff at once, their logins
//! and one-time codes in a table, and printable slips.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::wire::{IssueResponse, IssueScope};

use crate::app::backend;
use crate::components::issued::{IssuedTable, SlipsButton};
use crate::i18n::{t, tn};

#[component]
pub fn AccountsStep(data: SchoolData) -> impl IntoView {
    let issued = RwSignal::new(None::<IssueResponse>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The slips were printed: they carry fresh codes, the table's codes no longer work.
    let printed = RwSignal::new(false);
    let issue = move |_| {
        busy.set(true);
        error.set(None);
        printed.set(false);
        spawn_local(async move {
            match backend().issue_accounts(IssueScope::Staff).await {
                Ok(r) => issued.set(Some(r)),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="setup-form">
            <p class="setup-note">{tn("setup-accounts-staff", data.staff.len())}</p>
            <p class="setup-note">{t("setup-accounts-note")}</p>
            <div class="setup-actions">
                <button
                    class="btn primary"
                    name="issue-staff"
                    disabled=move || busy.get() || data.staff.is_empty()
                    on:click=issue
                >
                    {t("setup-accounts-issue")}
                </button>
            </div>
            {move || {
                printed
                    .get()
                    .then(|| view! { <p class="setup-msg saved" role="status">{t("issued-printed")}</p> })
            }}
            {move || error.get().map(|e| view! { <p class="setup-msg refused" role="alert">{e}</p> })}
            {move || {
                issued
                    .get()
                    .map(|r| {
                        view! {
                            <IssuedTable accounts=r.accounts />
                            <SlipsButton
                                scope=IssueScope::Staff
                                file_name="staff-slips.pdf"
                                on_done=Callback::new(move |_| {
                                    issued.set(None);
                                    printed.set(true);
                                })
                            />
                        }
                    })
            }}
        </div>
    }
}
