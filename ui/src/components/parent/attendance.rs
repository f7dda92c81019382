//! Attendance counts by absence code, and the week's homework.

use std::collections::BTreeMap;

use leptos::prelude::*;
use zvonok_core::marks::AbsenceCode;
use zvonok_core::projection::{AttendanceEntry, HomeworkEntry};

use crate::i18n::{lang, t, tn};
use crate::logic::dates::{day_month, homework_week, long_date};
use crate::platform;

fn code_id(code: AbsenceCode) -> &'static str {
    match code {
        AbsenceCode::Absent => "absent",
        AbsenceCode::Ill => "ill",
        AbsenceCode::Excused => "excused",
        AbsenceCode::Late => "late",
    }
}

#[component]
pub fn Attendance(counts: BTreeMap<String, u32>, entries: Vec<AttendanceEntry>) -> impl IntoView {
    let total: u32 = counts.values().sum();
    let open = RwSignal::new(false);
    view! {
        <section class="card">
            <h2>{t("summary-attendance")}</h2>
            <p>{tn("absences-total", total as usize)}</p>
            <ul class="codes">
                {AbsenceCode::ALL
                    .iter()
                    .map(|c| {
                        let n = counts.get(c.code()).copied().unwrap_or(0);
                        view! {
                            <li class:zero=n == 0>
                                <span class="code">{c.code()}</span>
                                <span class="what">{t(&format!("absence-{}", code_id(*c)))}</span>
                                <strong>{n}</strong>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(!entries.is_empty())
                .then(|| {
                    view! {
                        <button class="btn ghost" on:click=move |_| open.update(|o| *o = !*o)>
                            {t("summary-attendance-list")}
                        </button>
                        <Show when=move || open.get()>
                            <ul class="absences">
                                {entries
                                    .iter()
                                    .map(|a| {
                                        view! {
                                            <li>
                                                <span>{day_month(a.date)}</span>
                                                <span>{a.subject.clone()}</span>
                                                <strong>{a.code.clone()}</strong>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </Show>
                    }
                })}
        </section>
    }
}

#[component]
pub fn Homework(items: Vec<HomeworkEntry>) -> impl IntoView {
    let (from, to) = homework_week(platform::today());
    let items: Vec<HomeworkEntry> = items
        .into_iter()
        .filter(|h| from <= h.date && h.date <= to)
        .collect();
    view! {
        <section class="card">
            <h2>{t("summary-homework")}</h2>
            {if items.is_empty() {
                view! { <p class="empty">{t("summary-no-homework")}</p> }.into_any()
            } else {
                view! {
                    <ul class="homework">
                        {items
                            .into_iter()
                            .map(|h| {
                                view! {
                                    <li>
                                        <div class="when">{long_date(lang(), h.date)}</div>
                                        <div class="subject">{h.subject}</div>
                                        <div class="task">{h.homework}</div>
                                        {(!h.topic.is_empty()).then(|| view! { <small>{h.topic}</small> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
