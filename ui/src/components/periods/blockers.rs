//! One period: what blocks closing it, grouped by class and teacher, and the close or reopen
//! button (disabled with the reason while blockers remain).

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::completeness::GapKind;
use zvonok_core::wire::{BlockersView, PeriodRow};

use super::state_text;
use crate::app::backend;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, tn, ts};
use crate::logic::periods::{close_button, group_blockers, BlockerGroup, CloseButton};

#[component]
pub fn PeriodDetail(
    row: PeriodRow,
    can_close: bool,
    can_reopen: bool,
    /// Called after a close or reopen, to reload the list.
    changed: Callback<()>,
) -> impl IntoView {
    let id = row.id;
    let data = RwSignal::new(Load::<BlockersView>::Loading);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.period_blockers(id).await });
    };
    load();
    let act = move |reopen: bool| {
        busy.set(true);
        let be = backend();
        spawn_local(async move {
            let done = if reopen {
                be.reopen_period(id).await
            } else {
                be.close_period(id).await
            };
            match done {
                Ok(_) => {
                    error.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="period-detail card">
            <h2>{row.title.clone()}</h2>
            <p>{state_text(&row)}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => {
                    view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) => {
                    let button = close_button(&v.period, can_close, can_reopen);
                    view! {
                        {actions(button, busy, act)}
                        {(!v.period.closed).then(|| blockers_view(&v))}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

fn actions(
    button: CloseButton,
    busy: RwSignal<bool>,
    act: impl Fn(bool) + Copy + 'static,
) -> impl IntoView {
    match button {
        CloseButton::Enabled => view! {
            <div class="actions">
                <button class="btn primary" disabled=move || busy.get() on:click=move |_| act(false)>
                    {t("periods-close")}
                </button>
            </div>
        }
        .into_any(),
        CloseButton::Disabled { reason, count } => {
            let why = if count > 0 { tn(reason, count as usize) } else { t(reason) };
            view! {
                <div class="actions">
                    <button class="btn primary" disabled=true title=why.clone()>
                        {t("periods-close")}
                    </button>
                    <p class="hint" role="note">{why}</p>
                </div>
            }
            .into_any()
        }
        CloseButton::Closed { may_reopen: true } => view! {
            <div class="actions">
                <button class="btn danger" disabled=move || busy.get() on:click=move |_| act(true)>
                    {t("periods-reopen")}
                </button>
                <p class="hint">{t("periods-reopen-hint")}</p>
            </div>
        }
        .into_any(),
        CloseButton::Closed { may_reopen: false } => {
            view! { <p class="hint" role="note">{t("periods-reopen-no-right")}</p> }.into_any()
        }
    }
}

fn blockers_view(v: &BlockersView) -> AnyView {
    if v.blockers.is_empty() {
        return view! { <p class="ok">{t("periods-nothing-blocks")}</p> }.into_any();
    }
    let groups = group_blockers(&v.blockers);
    view! {
        <div class="blocker-groups">
            {groups.into_iter().map(group_view).collect_view()}
        </div>
    }
    .into_any()
}

fn group_view(g: BlockerGroup) -> impl IntoView {
    let items = g.items.clone();
    view! {
        <details class="blocker-group">
            <summary>
                <strong>{format!("{} · {}", g.class, g.teacher)}</strong>
                {(g.missing_finals > 0).then(|| view! {
                    <span class="count">{tn("periods-missing-finals", g.missing_finals as usize)}</span>
                })}
                {(g.no_attendance > 0).then(|| view! {
                    <span class="count">{tn("periods-no-attendance", g.no_attendance as usize)}</span>
                })}
            </summary>
            <ul>
                {items
                    .into_iter()
                    .map(|b| {
                        let what = match b.kind {
                            GapKind::MissingFinal => format!("{}: {}", b.subject, b.student_name),
                            _ => format!(
                                "{}: {}",
                                b.subject,
                                ts(
                                    "periods-lesson-at",
                                    &[
                                        (
                                            "date",
                                            &b.date
                                                .map(|d| d.format("%d.%m.%Y").to_string())
                                                .unwrap_or_default(),
                                        ),
                                        ("number", &b.number.map(|n| n.to_string()).unwrap_or_default()),
                                    ],
                                ),
                            ),
                        };
                        let kind = match b.kind {
                            GapKind::MissingFinal => t("periods-kind-final"),
                            _ => t("periods-kind-attendance"),
                        };
                        view! { <li><span class="kind">{kind}</span>" "{what}</li> }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
