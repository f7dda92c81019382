//! The last page, «Учётные записи сотрудников»: accounts for all staff at once, their logins
//! and one-time codes in a table, and printable slips.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::wire::{IssueRequest, IssueResponse, IssueScope};

use crate::app::backend;
use crate::components::issued::{IssuedTable, SlipsButton};
use crate::i18n::{t, tn};

#[component]
pub fn AccountsStep(data: SchoolData) -> impl IntoView {
    let issued = RwSignal::new(None::<IssueResponse>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // `reissue`: new codes for the accounts nobody has used yet (lost slips).
    let issue = move |reissue: bool| {
        if reissue && !crate::components::admin::browser::confirm(&t("issued-reissue-confirm")) {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let req = IssueRequest {
                reissue,
                ..IssueRequest::new(IssueScope::Staff)
            };
            match backend().issue_accounts(&req).await {
                Ok(r) => issued.set(Some(r)),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let no_staff = data.staff.is_empty();
    view! {
        <div class="setup-form">
            <p class="setup-note">{tn("setup-accounts-staff", data.staff.len())}</p>
            <p class="setup-note">{t("setup-accounts-note")}</p>
            <div class="setup-actions">
                <button
                    class="btn primary"
                    name="issue-staff"
                    disabled=move || busy.get() || no_staff
                    on:click=move |_| issue(false)
                >
                    {t("setup-accounts-issue")}
                </button>
                <button
                    class="btn"
                    name="reissue-staff"
                    disabled=move || busy.get() || no_staff
                    on:click=move |_| issue(true)
                >
                    {t("issued-reissue")}
                </button>
            </div>
            {move || error.get().map(|e| view! { <p class="setup-msg refused" role="alert">{e}</p> })}
            {move || {
                issued
                    .get()
                    .map(|r| {
                        view! {
                            <IssuedTable accounts=r.accounts.clone() />
                            <SlipsButton
                                scope=IssueScope::Staff
                                accounts=r.accounts
                                file_name="staff-slips.pdf"
                            />
                        }
                    })
            }}
        </div>
    }
}
