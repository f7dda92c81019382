//! «Права»: the seed's procedure as one explained button, the rights catalogue with the roles
//! that imply each right, per-account grants (add with a scope, remove) and per-role changes
//! (applied to every account of the role, with how many changed).

mod grants;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::UserId;
use zvonok_core::wire::RightsView;

use super::{browser, InlineError};
use crate::app::backend;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, tn};
use crate::logic::admin_titles::{right, roles, scope};

use grants::{RoleGrants, UserGrants};

#[component]
pub fn RightsPage() -> impl IntoView {
    let data = RwSignal::new(Load::<RightsView>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.rights().await });
    };
    load();
    let reload = Callback::new(move |_| load());
    // The account chosen stays chosen when the rights reload after a change.
    let user = RwSignal::new(None::<UserId>);
    view! {
        <section class="admin rights">
            <h1>{t("admin-rights-title")}</h1>
            <ReplaceInitial reload=reload />
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => view! { <Failure message=e retry=reload /> }.into_any(),
                Load::Ready(v) => {
                    view! {
                        <UserGrants view=v.clone() user=user reload=reload />
                        <RoleGrants view=v.clone() reload=reload />
                        {catalogue(&v)}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The seed's step: once the lists are entered, «Ввести списки учеников и родителей» gives way
/// to «Редактировать сведения об учениках и родителях в своём классе».
#[component]
fn ReplaceInitial(reload: Callback<()>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |_| {
        if !browser::confirm(&t("admin-replace-confirm")) {
            return;
        }
        busy.set(true);
        error.set(None);
        done.set(None);
        let be = backend();
        spawn_local(async move {
            match be.replace_initial_entry().await {
                Ok(r) => {
                    done.set(Some(tn("admin-replace-done", r.changed as usize)));
                    reload.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="card replace-initial">
            <h2>{t("admin-replace-title")}</h2>
            <p>{t("admin-replace-explain")}</p>
            <button class="btn primary replace-button" disabled=move || busy.get() on:click=run>
                {t("admin-replace-button")}
            </button>
            <InlineError error=error />
            {move || done.get().map(|d| view! { <p class="ok" role="status">{d}</p> })}
        </div>
    }
}

/// Every right: its title, the scopes it takes, the roles that have it by default.
fn catalogue(v: &RightsView) -> impl IntoView {
    let rows = v
        .rights
        .iter()
        .map(|r| {
            let scopes = r
                .scopes
                .iter()
                .map(|s| scope(*s))
                .collect::<Vec<_>>()
                .join(", ");
            let by_default: Vec<_> = v
                .roles
                .iter()
                .filter(|ro| ro.defaults.iter().any(|g| g.right == r.right))
                .map(|ro| ro.role)
                .collect();
            view! {
                <tr>
                    <td>{right(r.right)}</td>
                    <td>{scopes}</td>
                    <td>{roles(&by_default)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card catalogue">
            <h2>{t("admin-rights-catalogue")}</h2>
            <div class="table-wrap">
                <table class="admin-table">
                    <thead>
                        <tr>
                            <th>{t("admin-rights-col-right")}</th>
                            <th>{t("admin-rights-col-scopes")}</th>
                            <th>{t("admin-rights-col-roles")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
