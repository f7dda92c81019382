//! Grants per account and per role, with a picker of a right and one of the scopes it takes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::UserId;
use zvonok_core::rights::{Grant, Role};
use zvonok_core::wire::{GrantChange, RightInfo, RightsView, RoleGrantChange};

use crate::app::backend;
use crate::components::admin::{browser, InlineError};
use crate::i18n::{t, tn, ts};
use crate::logic::admin::name_matches;
use crate::logic::admin_titles::{right, role, roles, scope};

fn grant_title(g: &Grant) -> String {
    format!("{} ({})", right(g.right), scope(g.scope))
}

/// A right and one of its scopes.
#[component]
fn GrantPicker(rights: Vec<RightInfo>, value: RwSignal<Option<Grant>>) -> impl IntoView {
    let chosen = RwSignal::new(None::<usize>);
    let list = StoredValue::new(rights);
    let right_options = list.with_value(|l| {
        l.iter()
            .enumerate()
            .map(|(i, r)| view! { <option value=i.to_string()>{right(r.right)}</option> })
            .collect_view()
    });
    let pick_scope = move |s: usize| {
        let g = chosen.get_untracked().and_then(|i| {
            list.with_value(|l| {
                let r = l.get(i)?;
                Some(Grant {
                    right: r.right,
                    scope: *r.scopes.get(s)?,
                })
            })
        });
        value.set(g);
    };
    view! {
        <label class="inline grow">
            <span>{t("admin-rights-right")}</span>
            <select
                class="grant-right"
                on:change=move |ev| {
                    chosen.set(event_target_value(&ev).parse().ok());
                    pick_scope(0);
                }
            >
                <option value="">{t("admin-choose")}</option>
                {right_options}
            </select>
        </label>
        <label class="inline">
            <span>{t("admin-rights-scope")}</span>
            <select
                class="grant-scope"
                on:change=move |ev| pick_scope(event_target_value(&ev).parse().unwrap_or(0))
            >
                {move || {
                    let scopes = chosen
                        .get()
                        .and_then(|i| list.with_value(|l| l.get(i).map(|r| r.scopes.clone())))
                        .unwrap_or_default();
                    scopes
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| view! { <option value=i.to_string()>{scope(s)}</option> })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

#[component]
pub fn UserGrants(
    view: RightsView,
    user: RwSignal<Option<UserId>>,
    reload: Callback<()>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let grant = RwSignal::new(None::<Grant>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let v = StoredValue::new(view);
    let change = move |who: UserId, g: Grant, add: bool| {
        busy.set(true);
        error.set(None);
        let be = backend();
        spawn_local(async move {
            match be.change_grant(who, &GrantChange { grant: g, add }).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let options = move || {
        let q = query.get();
        v.with_value(|v| {
            v.users
                .iter()
                .filter(|u| name_matches(&q, &u.name) || u.login.contains(q.trim()))
                .map(|u| {
                    let id = u.user.to_string();
                    let label = format!("{} ({})", u.name, u.login);
                    let uid = u.user;
                    view! { <option value=id selected=move || user.get() == Some(uid)>{label}</option> }
                })
                .collect_view()
        })
    };
    let detail = move || {
        let who = user.get()?;
        v.with_value(|v| {
            let u = v.users.iter().find(|u| u.user == who)?.clone();
            let defaults: Vec<Grant> = v
                .roles
                .iter()
                .filter(|r| u.roles.contains(&r.role))
                .flat_map(|r| r.defaults.iter().copied())
                .collect();
            let own = u
                .grants
                .iter()
                .map(|g| {
                    let g = *g;
                    view! {
                        <li>
                            <span>{grant_title(&g)}</span>
                            <button
                                class="btn danger small"
                                disabled=move || busy.get()
                                on:click=move |_| change(who, g, false)
                            >
                                {t("admin-rights-remove")}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            let rights = v.rights.clone();
            Some(view! {
                <p class="hint">{ts("admin-rights-user-roles", &[("roles", &roles(&u.roles))])}</p>
                <h3>{t("admin-rights-defaults")}</h3>
                <ul class="grant-list muted">
                    {defaults.iter().map(|g| view! { <li>{grant_title(g)}</li> }).collect_view()}
                </ul>
                <h3>{t("admin-rights-own")}</h3>
                {u.grants.is_empty().then(|| view! { <p class="empty">{t("admin-rights-none")}</p> })}
                <ul class="grant-list user-grants">{own}</ul>
                <div class="admin-filters">
                    <GrantPicker rights=rights value=grant />
                    <button
                        class="btn primary grant-add"
                        disabled=move || busy.get() || grant.get().is_none()
                        on:click=move |_| {
                            if let Some(g) = grant.get_untracked() {
                                change(who, g, true);
                            }
                        }
                    >
                        {t("admin-rights-add")}
                    </button>
                </div>
            })
        })
    };
    view! {
        <div class="card user-rights">
            <h2>{t("admin-rights-per-user")}</h2>
            <div class="admin-filters">
                <label class="inline grow">
                    <span>{t("admin-search")}</span>
                    <input
                        type="search"
                        class="admin-search rights-search"
                        placeholder=t("admin-accounts-search-hint")
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                <label class="inline grow">
                    <span>{t("admin-rights-account")}</span>
                    <select
                        class="rights-user"
                        on:change=move |ev| user.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">{t("admin-choose")}</option>
                        {options}
                    </select>
                </label>
            </div>
            {detail}
            <InlineError error=error />
        </div>
    }
}

#[component]
pub fn RoleGrants(view: RightsView, reload: Callback<()>) -> impl IntoView {
    let chosen = RwSignal::new(None::<Role>);
    let grant = RwSignal::new(None::<Grant>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let role_options = view
        .roles
        .iter()
        .filter(|r| r.role.is_staff())
        .map(|r| {
            let i = Role::ALL.iter().position(|x| *x == r.role).unwrap_or(0);
            view! { <option value=i.to_string()>{role(r.role)}</option> }
        })
        .collect_view();
    let apply = move |add: bool| {
        let (Some(r), Some(g)) = (chosen.get_untracked(), grant.get_untracked()) else {
            error.set(Some(t("admin-rights-pick-both")));
            return;
        };
        let id = if add {
            "admin-rights-role-add-confirm"
        } else {
            "admin-rights-role-remove-confirm"
        };
        let question = ts(id, &[("role", &role(r)), ("grant", &grant_title(&g))]);
        if !browser::confirm(&question) {
            return;
        }
        busy.set(true);
        error.set(None);
        done.set(None);
        let be = backend();
        spawn_local(async move {
            let change = RoleGrantChange {
                role: r,
                grant: g,
                add,
            };
            match be.change_role_grant(&change).await {
                Ok(res) => {
                    done.set(Some(tn("admin-rights-role-done", res.changed as usize)));
                    reload.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="card role-rights">
            <h2>{t("admin-rights-per-role")}</h2>
            <p class="hint">{t("admin-rights-per-role-hint")}</p>
            <div class="admin-filters">
                <label class="inline">
                    <span>{t("admin-accounts-role")}</span>
                    <select on:change=move |ev| {
                        chosen.set(event_target_value(&ev).parse::<usize>().ok().and_then(|i| Role::ALL.get(i).copied()))
                    }>
                        <option value="">{t("admin-choose")}</option>
                        {role_options}
                    </select>
                </label>
                <GrantPicker rights=view.rights.clone() value=grant />
            </div>
            <div class="form-actions">
                <button class="btn primary" disabled=move || busy.get() on:click=move |_| apply(true)>
                    {t("admin-rights-role-add")}
                </button>
                <button class="btn danger" disabled=move || busy.get() on:click=move |_| apply(false)>
                    {t("admin-rights-role-remove")}
                </button>
            </div>
            <InlineError error=error />
            {move || done.get().map(|d| view! { <p class="ok" role="status">{d}</p> })}
        </div>
    }
}
