//! Marks per subject: each with its kind, date and weight, and the weighted average.

use leptos::prelude::*;
use zvonok_core::projection::{SubjectSummary, SummaryMark};

use crate::components::lesson::kind_title;
use crate::i18n::{t, ts};
use crate::logic::dates::day_month;
use crate::logic::grid_fmt::{average_text, mark_class};

#[component]
fn Mark(m: SummaryMark) -> impl IntoView {
    let kind = if m.kind_title.is_empty() {
        kind_title(&m.kind)
    } else if crate::i18n::lang() == crate::i18n::Lang::Ru {
        m.kind_title.clone()
    } else {
        kind_title(&m.kind)
    };
    let detail = ts(
        "summary-mark",
        &[
            ("kind", &kind),
            ("date", &day_month(m.date)),
            ("weight", &m.weight.to_string()),
        ],
    );
    view! {
        <li class="summary-mark">
            <span class=mark_class(&m.value)>{m.value.clone()}</span>
            <span class="detail">{detail}</span>
            {(!m.comment.is_empty()).then(|| view! { <em>{m.comment.clone()}</em> })}
        </li>
    }
}

#[component]
fn Subject(s: SubjectSummary) -> impl IntoView {
    let open = RwSignal::new(false);
    let n = s.marks.len();
    let chips: String = s
        .marks
        .iter()
        .map(|m| m.value.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <li class="subject">
            <button class="subject-head" on:click=move |_| open.update(|o| *o = !*o)>
                <span class="name">
                    <strong>{s.name.clone()}</strong>
                    <small>{s.teacher.clone()}</small>
                </span>
                <span class="chips">{chips}</span>
                <span class="avg">{average_text(s.average.as_deref())}</span>
            </button>
            {s.final_mark.clone().map(|f| view! { <p class="final">{ts("summary-final", &[("mark", &f)])}</p> })}
            <Show when=move || open.get()>
                {if n == 0 {
                    view! { <p class="empty">{t("summary-no-marks")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mark-list">
                            {s.marks.iter().cloned().map(|m| view! { <Mark m=m /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </Show>
        </li>
    }
}

#[component]
pub fn Subjects(subjects: Vec<SubjectSummary>) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{t("summary-subjects")}</h2>
            <p class="hint">{t("summary-subjects-hint")}</p>
            {if subjects.is_empty() {
                view! { <p class="empty">{t("summary-no-marks")}</p> }.into_any()
            } else {
                view! {
                    <ul class="subjects">
                        {subjects.into_iter().map(|s| view! { <Subject s=s /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
