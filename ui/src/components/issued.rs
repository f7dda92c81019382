//! The accounts just issued (name, class, login, one-time code, or why there is no code) and
//! a button that downloads their printable slips. Used for staff by the setup wizard and for a
//! class's students and guardians by the accounts screen.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::wire::{IssueRequest, IssueScope, IssuedAccount};

use crate::app::backend;
use crate::i18n::t;

#[component]
pub fn IssuedTable(accounts: Vec<IssuedAccount>) -> impl IntoView {
    let with_class = accounts.iter().any(|a| a.class.is_some());
    if accounts.is_empty() {
        return view! { <p class="setup-hint">{t("issued-none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="issued">
                <thead>
                    <tr>
                        <th>{t("issued-name")}</th>
                        {with_class.then(|| view! { <th>{t("issued-class")}</th> })}
                        <th>{t("issued-login")}</th>
                        <th>{t("issued-code")}</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts
                        .into_iter()
                        .map(|a| {
                            let code = match (a.code, a.note) {
                                (Some(c), _) => view! { <code class="code">{c}</code> }.into_any(),
                                (None, Some(n)) => view! { <span class="note">{n}</span> }.into_any(),
                                (None, None) => view! { <span class="note">"—"</span> }.into_any(),
                            };
                            let login = a.login.clone();
                            view! {
                                <tr data-login=login>
                                    <td class="name">{a.name}</td>
                                    {with_class
                                        .then(|| view! { <td>{a.class.unwrap_or_default()}</td> })}
                                    <td class="login">
                                        <code>{a.login}</code>
                                    </td>
                                    <td class="code-cell">{code}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="setup-note">{t("issued-once")}</p>
    }
    .into_any()
}

/// «Распечатать листки»: downloads the slips of `scope` as a PDF with the codes of `accounts`
/// (the table just shown: printing keeps them valid).
#[component]
pub fn SlipsButton(
    scope: IssueScope,
    accounts: Vec<IssuedAccount>,
    file_name: &'static str,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let request = StoredValue::new(IssueRequest {
        codes: accounts
            .into_iter()
            .filter_map(|a| Some((a.login, a.code?)))
            .collect(),
        ..IssueRequest::new(scope)
    });
    let print = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match backend()
                .download_slips(&request.get_value(), file_name)
                .await
            {
                Ok(()) => saved.set(true),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="setup-actions">
            <button class="btn" name="print-slips" disabled=move || busy.get() on:click=print>
                {t("issued-print")}
            </button>
        </div>
        {move || {
            saved
                .get()
                .then(|| view! { <p class="setup-msg saved" role="status">{t("issued-printed")}</p> })
        }}
        {move || error.get().map(|e| view! { <p class="setup-msg refused" role="alert">{e}</p> })}
    }
}
