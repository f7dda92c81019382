//! «Заполнение журнала» (`#/completeness`): for a study period (today's by default), per
//! teacher and per class, the lessons up to today and how many lack attendance, a topic or
//! homework, the pupils with too few marks for a final mark and, from a week before the end,
//! the missing final marks; every gap listed under its row. Computed by the server on each
//! load («Обновить» gives the live state).

use leptos::prelude::*;
use zvonok_core::completeness::{Completeness, Counts, Gap};
use zvonok_core::ids::PeriodId;
use zvonok_core::wire::PeriodsView;

use crate::app::{backend, ctx};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::periods::{attendance_share, totals, PeriodsPage};
use crate::route::Screen;

#[component]
pub fn CompletenessPage(selected: Option<PeriodId>) -> impl IntoView {
    let c = ctx();
    let data = RwSignal::new(Load::<Completeness>::Loading);
    let periods = RwSignal::new(Load::<PeriodsView>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.completeness(selected).await });
    };
    load();
    {
        let be = backend();
        spawn_load(periods, async move { be.periods().await });
    }
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        c.go(Screen::Periods(PeriodsPage::Completeness(v.parse().ok())));
    };
    view! {
        <section class="completeness">
            <h1>{t("completeness-title")}</h1>
            <p class="hint">{t("completeness-hint")}</p>
            <div class="toolbar">
                {move || match periods.get() {
                    Load::Ready(v) => {
                        let current = data.with(|d| match d {
                            Load::Ready(c) => Some(c.period),
                            _ => selected,
                        });
                        view! {
                            <label>
                                <span>{t("completeness-period")}</span>
                                <select on:change=pick>
                                    {v.periods.into_iter().map(|p| {
                                        let id = p.id.to_string();
                                        view! {
                                            <option value=id selected=current == Some(p.id)>{p.title}</option>
                                        }
                                    }).collect_view()}
                                </select>
                            </label>
                        }
                        .into_any()
                    }
                    _ => ().into_any(),
                }}
                <button class="btn" on:click=move |_| load()>{t("completeness-refresh")}</button>
            </div>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => {
                    view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(r) => report(r).into_any(),
            }}
        </section>
    }
}

fn report(r: Completeness) -> impl IntoView {
    let up_to = r.up_to.format("%d.%m.%Y").to_string();
    let finals = if r.finals_due {
        t("completeness-finals-due")
    } else {
        t("completeness-finals-later")
    };
    let teachers: Vec<(String, Counts, Vec<Gap>)> = r
        .by_teacher
        .iter()
        .map(|row| {
            let gaps = r
                .gaps
                .iter()
                .filter(|g| g.teacher == row.teacher)
                .cloned()
                .collect();
            (row.name.clone(), row.counts, gaps)
        })
        .collect();
    let classes: Vec<(String, Counts, Vec<Gap>)> = r
        .by_class
        .iter()
        .map(|row| {
            let gaps = r
                .gaps
                .iter()
                .filter(|g| g.class == row.class)
                .cloned()
                .collect();
            (row.name.clone(), row.counts, gaps)
        })
        .collect();
    view! {
        <p>{ts("completeness-up-to", &[("period", &r.period_title), ("date", &up_to)])}" "{finals}</p>
        <h2>{t("completeness-by-teacher")}</h2>
        {table(t("completeness-col-teacher"), teachers)}
        <h2>{t("completeness-by-class")}</h2>
        {table(t("completeness-col-class"), classes)}
    }
}

fn cells(c: &Counts) -> impl IntoView {
    let n = |v: u32| {
        let gap = v > 0;
        view! { <td class:gap=gap>{v}</td> }
    };
    view! {
        <td>{c.lessons}</td>
        <td>{format!("{} %", attendance_share(c))}</td>
        {n(c.no_attendance)}
        {n(c.no_topic)}
        {n(c.no_homework)}
        {n(c.few_marks)}
        {n(c.missing_finals)}
    }
}

fn table(first: String, rows: Vec<(String, Counts, Vec<Gap>)>) -> impl IntoView {
    let total = totals(rows.iter().map(|r| &r.1));
    view! {
        <div class="table-wrap">
        <table class="completeness-table">
            <thead>
                <tr>
                    <th>{first}</th>
                    <th>{t("completeness-col-lessons")}</th>
                    <th>{t("completeness-col-share")}</th>
                    <th>{t("completeness-col-no-attendance")}</th>
                    <th>{t("completeness-col-no-topic")}</th>
                    <th>{t("completeness-col-no-homework")}</th>
                    <th>{t("completeness-col-few-marks")}</th>
                    <th>{t("completeness-col-missing-finals")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(name, counts, gaps)| {
                        view! {
                            <tr>
                                <th scope="row">
                                    {name}
                                    {(!gaps.is_empty()).then(|| gaps_list(gaps))}
                                </th>
                                {cells(&counts)}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row">{t("completeness-total")}</th>
                    {cells(&total)}
                </tr>
            </tfoot>
        </table>
        </div>
    }
}

/// The gaps of one row, folded: the first 200 in Russian as the server words them.
fn gaps_list(gaps: Vec<Gap>) -> impl IntoView {
    const SHOWN: usize = 200;
    let more = gaps.len().saturating_sub(SHOWN);
    view! {
        <details class="gaps">
            <summary>{t("completeness-show-gaps")}</summary>
            <ul>
                {gaps.into_iter().take(SHOWN).map(|g| view! { <li>{g.message}</li> }).collect_view()}
            </ul>
            {(more > 0).then(|| view! {
                <p class="hint">{ts("completeness-more", &[("count", &more.to_string())])}</p>
            })}
        </details>
    }
}
