//! Steps 3 and 4: the bell schedule (lesson number, start, end; 45-minute defaults offered) and
//! the length of the school week.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::model::Bell;

use super::wizard;
use crate::i18n::{t, ts};
use crate::logic::setup_calendar::{bell_after, bell_problem, default_bells, BellProblem};

#[derive(Clone, Copy)]
struct BellRow {
    key: u32,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

#[component]
pub fn BellsStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let next_key = StoredValue::new(0u32);
    let row = move |b: &Bell| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        BellRow {
            key,
            start: RwSignal::new(b.start.clone()),
            end: RwSignal::new(b.end.clone()),
        }
    };
    let rows = RwSignal::new(data.bells.iter().map(row).collect::<Vec<_>>());
    let first = RwSignal::new("08:30".to_string());
    let count = RwSignal::new(7u8);
    let fill = move |_| {
        let bells = default_bells(&first.get_untracked(), count.get_untracked());
        rows.set(bells.iter().map(row).collect());
    };
    let add = move |_| {
        let last = rows.with_untracked(|r| r.last().map(|b| b.end.get_untracked()));
        let b = bell_after(last.as_deref(), &first.get_untracked());
        rows.update(|r| r.push(row(&b)));
    };
    let save = move |_| {
        let bells: Vec<Bell> = rows
            .get_untracked()
            .iter()
            .enumerate()
            .map(|(i, r)| Bell {
                number: u8::try_from(i + 1).unwrap_or(u8::MAX),
                start: r.start.get_untracked().trim().to_string(),
                end: r.end.get_untracked().trim().to_string(),
            })
            .collect();
        for (i, b) in bells.iter().enumerate() {
            let problem = bell_problem(b, i.checked_sub(1).map(|j| &bells[j]));
            let n = b.number.to_string();
            let id = match problem {
                None => continue,
                Some(BellProblem::BadTime) => "setup-bell-bad-time",
                Some(BellProblem::EndsBeforeStart) => "setup-bell-reversed",
                Some(BellProblem::Overlaps) => "setup-bell-overlaps",
            };
            w.refuse(ts(id, &[("n", &n)]));
            return;
        }
        w.save(vec![SchoolOp::SetBells { bells }]);
    };
    view! {
        <div class="setup-form">
            <div class="setup-row">
                <label class="field narrow">
                    <span>{t("setup-bells-first")}</span>
                    <input
                        type="time"
                        name="bells-first"
                        prop:value=move || first.get()
                        on:input=move |ev| first.set(event_target_value(&ev))
                    />
                </label>
                <label class="field narrow">
                    <span>{t("setup-bells-count")}</span>
                    <input
                        type="number"
                        min="1"
                        max="12"
                        name="bells-count"
                        prop:value=move || count.get().to_string()
                        on:input=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u8>() {
                                count.set(n.clamp(1, 12))
                            }
                        }
                    />
                </label>
                <button class="btn" on:click=fill>{t("setup-bells-defaults")}</button>
            </div>
            <table class="setup-table bells">
                <thead>
                    <tr>
                        <th>{t("setup-bell-number")}</th>
                        <th>{t("setup-bell-start")}</th>
                        <th>{t("setup-bell-end")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get().into_iter().enumerate() key=|(i, r)| (*i, r.key) let:item>
                        <tr>
                            <td class="num">{item.0 + 1}</td>
                            <td>
                                <input
                                    type="time"
                                    aria-label=t("setup-bell-start")
                                    prop:value=move || item.1.start.get()
                                    on:input=move |ev| item.1.start.set(event_target_value(&ev))
                                />
                            </td>
                            <td>
                                <input
                                    type="time"
                                    aria-label=t("setup-bell-end")
                                    prop:value=move || item.1.end.get()
                                    on:input=move |ev| item.1.end.set(event_target_value(&ev))
                                />
                            </td>
                            <td>
                                <button
                                    class="btn ghost"
                                    on:click=move |_| {
                                        rows.update(|r| r.retain(|x| x.key != item.1.key))
                                    }
                                >
                                    {t("setup-remove")}
                                </button>
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <div class="setup-actions">
                <button class="btn" on:click=add>{t("setup-bell-add")}</button>
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
        </div>
    }
}

#[component]
pub fn WeekStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let days = RwSignal::new(if data.week_days == 6 { 6u8 } else { 5 });
    let save = move |_| {
        w.save(vec![SchoolOp::SetWeekDays {
            days: days.get_untracked(),
        }])
    };
    view! {
        <div class="setup-form">
            <fieldset class="setup-choice">
                <legend>{t("setup-week-legend")}</legend>
                {[5u8, 6]
                    .into_iter()
                    .map(|n| {
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="week-days"
                                    value=n.to_string()
                                    prop:checked=move || days.get() == n
                                    on:change=move |_| days.set(n)
                                />
                                <span>
                                    {if n == 5 { t("setup-week-five") } else { t("setup-week-six") }}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="setup-note">{t("setup-week-note")}</p>
            <div class="setup-actions">
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
        </div>
    }
}
