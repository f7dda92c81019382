//! «Учётные записи»: every account with its sign-ins in a window (7/30/90 days), last sign-in,
//! devices and last contact; filters by role and a search; per account a password reset (the
//! new one-time password shown once) and its devices with «Отключить».

mod detail;
mod slips;

use leptos::prelude::*;
use zvonok_core::ids::UserId;
use zvonok_core::rights::Role;
use zvonok_core::wire::AccountsResponse;

use super::when;
use crate::app::backend;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, tn, ts};
use crate::logic::admin::{filter_accounts, ACCOUNTS_SHOWN, WINDOWS};
use crate::logic::admin_titles::{role, roles};

use detail::AccountDetail;
use slips::SlipsPanel;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let days = RwSignal::new(30u32);
    let role_filter = RwSignal::new(None::<Role>);
    let query = RwSignal::new(String::new());
    let data = RwSignal::new(Load::<AccountsResponse>::Loading);
    let open = RwSignal::new(None::<UserId>);
    let reload = move || {
        let d = days.get_untracked();
        let be = backend();
        spawn_load(data, async move { be.accounts(d).await });
    };
    Effect::new(move |_| {
        days.track();
        reload();
    });

    let window_buttons = WINDOWS
        .iter()
        .map(|&n| {
            view! {
                <button
                    class="btn seg"
                    class:on=move || days.get() == n
                    aria-pressed=move || (days.get() == n).to_string()
                    on:click=move |_| days.set(n)
                >
                    {tn("admin-accounts-days", n as usize)}
                </button>
            }
        })
        .collect_view();
    let role_options = Role::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| view! { <option value=i.to_string()>{role(*r)}</option> })
        .collect_view();

    view! {
        <section class="admin accounts">
            <h1>{t("admin-accounts-title")}</h1>
            <div class="admin-filters">
                <div class="segmented" role="group" aria-label=t("admin-accounts-window")>
                    {window_buttons}
                </div>
                <label class="inline">
                    <span>{t("admin-accounts-role")}</span>
                    <select on:change=move |ev| {
                        let v = event_target_value(&ev);
                        role_filter.set(v.parse::<usize>().ok().and_then(|i| Role::ALL.get(i).copied()));
                    }>
                        <option value="">{t("admin-accounts-role-all")}</option>
                        {role_options}
                    </select>
                </label>
                <label class="inline grow">
                    <span>{t("admin-search")}</span>
                    <input
                        type="search"
                        class="admin-search"
                        placeholder=t("admin-accounts-search-hint")
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
            </div>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| reload()) /> }.into_any()
                }
                Load::Ready(r) => {
                    let total = r.accounts.len();
                    let found = filter_accounts(&r.accounts, role_filter.get(), &query.get());
                    let more = found.len().saturating_sub(ACCOUNTS_SHOWN);
                    let shown = found
                        .into_iter()
                        .take(ACCOUNTS_SHOWN)
                        .cloned()
                        .collect::<Vec<_>>();
                    let summary = ts(
                        "admin-accounts-summary",
                        &[
                            ("signed", &r.signed_in.to_string()),
                            ("total", &total.to_string()),
                            ("sign_ins", &r.sign_ins.to_string()),
                            ("days", &r.days.to_string()),
                        ],
                    );
                    let rows = shown
                        .into_iter()
                        .map(|a| {
                            let id = a.id;
                            let login = a.login.clone();
                            let name = a.display_name.clone();
                            view! {
                                <tr class:open=move || open.get() == Some(id)>
                                    <td>
                                        <span class="name">{a.display_name.clone()}</span>
                                        <span class="login">{a.login.clone()}</span>
                                    </td>
                                    <td>{roles(&a.roles)}</td>
                                    <td class="num">{a.sign_ins}</td>
                                    <td>{when(a.last_sign_in)}</td>
                                    <td class="num">{a.devices}</td>
                                    <td>{when(a.last_seen)}</td>
                                    <td>
                                        <button
                                            class="btn small"
                                            aria-expanded=move || (open.get() == Some(id)).to_string()
                                            on:click=move |_| {
                                                open.update(|o| {
                                                    *o = if *o == Some(id) { None } else { Some(id) }
                                                })
                                            }
                                        >
                                            {t("admin-accounts-manage")}
                                        </button>
                                    </td>
                                </tr>
                                <Show when=move || open.get() == Some(id)>
                                    <tr class="detail-row">
                                        <td colspan="7">
                                            <AccountDetail
                                                user=id
                                                login=login.clone()
                                                name=name.clone()
                                                changed=Callback::new(move |_| reload())
                                            />
                                        </td>
                                    </tr>
                                </Show>
                            }
                        })
                        .collect_view();
                    view! {
                        <p class="hint">{summary}</p>
                        <div class="table-wrap">
                            <table class="admin-table accounts-table">
                                <thead>
                                    <tr>
                                        <th>{t("admin-accounts-col-name")}</th>
                                        <th>{t("admin-accounts-col-roles")}</th>
                                        <th class="num">{t("admin-accounts-col-sign-ins")}</th>
                                        <th>{t("admin-accounts-col-last-sign-in")}</th>
                                        <th class="num">{t("admin-accounts-col-devices")}</th>
                                        <th>{t("admin-accounts-col-last-seen")}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! { <p class="hint">{tn("admin-accounts-more", more)}</p> })}
                    }
                        .into_any()
                }
            }}
            <SlipsPanel />
        </section>
    }
}
