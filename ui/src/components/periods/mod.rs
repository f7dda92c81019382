//! «Закрыть четверть» (`#/periods`): the current year's periods with their state (open, or
//! closed by whom and when), and for one period what blocks closing it grouped by class and
//! teacher, the close button (disabled with the reason while blockers remain) and, for those
//! who may, reopening. «Заполнение журнала» (`#/completeness`, [`completeness`]) is the
//! coordinator's live view of how the journals are kept. Both need the server.

mod blockers;
mod completeness;

use leptos::prelude::*;
use zvonok_core::wire::{PeriodRow, PeriodsView};

use crate::app::{backend, ctx};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::periods::PeriodsPage;
use crate::route::Screen;
use blockers::PeriodDetail;
pub use completeness::CompletenessPage;

#[component]
pub fn PeriodsScreen(page: PeriodsPage) -> impl IntoView {
    match page {
        PeriodsPage::Close(selected) => view! { <ClosePage selected=selected /> }.into_any(),
        PeriodsPage::Completeness(selected) => {
            view! { <CompletenessPage selected=selected /> }.into_any()
        }
    }
}

#[component]
fn ClosePage(selected: Option<zvonok_core::ids::PeriodId>) -> impl IntoView {
    let data = RwSignal::new(Load::<PeriodsView>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.periods().await });
    };
    load();
    let reload = Callback::new(move |_| load());
    view! {
        <section class="periods">
            <h1>{t("periods-title")}</h1>
            <p class="hint">{t("periods-hint")}</p>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => view! { <Failure message=m retry=reload /> }.into_any(),
                Load::Ready(v) if v.periods.is_empty() => {
                    view! { <p class="hint">{t("periods-none")}</p> }.into_any()
                }
                Load::Ready(v) => {
                    let chosen = selected.and_then(|id| v.periods.iter().find(|p| p.id == id).cloned());
                    view! {
                        <div class="table-wrap">
                        <table class="periods-table">
                            <thead>
                                <tr>
                                    <th>{t("periods-col-period")}</th>
                                    <th>{t("periods-col-dates")}</th>
                                    <th>{t("periods-col-state")}</th>
                                    <th>{t("periods-col-journals")}</th>
                                    <th>{t("periods-col-blockers")}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {v.periods.iter().cloned().map(|p| period_row(p, selected)).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        {chosen.map(|p| view! {
                            <PeriodDetail row=p can_close=v.can_close can_reopen=v.can_reopen changed=reload />
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// «Закрыт 05.12.2026 (Громов Андрей Сергеевич)» or «Открыт».
pub(crate) fn state_text(p: &PeriodRow) -> String {
    let when = p
        .changed_at
        .map(|at| at.format("%d.%m.%Y").to_string())
        .unwrap_or_default();
    let who = p.changed_by_name.clone().unwrap_or_default();
    match (p.closed, p.changed_at.is_some()) {
        (true, _) => ts("periods-closed-by", &[("date", &when), ("name", &who)]),
        (false, true) => ts("periods-reopened-by", &[("date", &when), ("name", &who)]),
        (false, false) => t("periods-open"),
    }
}

fn period_row(p: PeriodRow, selected: Option<zvonok_core::ids::PeriodId>) -> impl IntoView {
    let c = ctx();
    let id = p.id;
    let dates = format!(
        "{} – {}",
        p.start.format("%d.%m.%Y"),
        p.end.format("%d.%m.%Y")
    );
    let journals = ts(
        "periods-journals-locked",
        &[
            ("locked", &p.locked.to_string()),
            ("total", &p.journals.to_string()),
        ],
    );
    let blocked = !p.closed && p.blockers > 0;
    let blockers = if p.closed {
        "—".to_string()
    } else {
        p.blockers.to_string()
    };
    view! {
        <tr class:closed=p.closed aria-current=(selected == Some(id)).then_some("true")>
            <td>{p.title.clone()}</td>
            <td>{dates}</td>
            <td>{state_text(&p)}</td>
            <td>{journals}</td>
            <td class:blocked=blocked>{blockers}</td>
            <td>
                <button
                    class="btn"
                    on:click=move |_| c.go(Screen::Periods(PeriodsPage::Close(Some(id))))
                >
                    {t("periods-open-detail")}
                </button>
            </td>
        </tr>
    }
}
