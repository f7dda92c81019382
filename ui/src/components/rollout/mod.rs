//! «Ход внедрения» (`#/rollout`): the seed's five rollout stages as cards, each with its status
//! (пройден / идёт / не начат), how many of its measures hold, what holds and what is missing
//! (the server's sentences, with the numbers), and «PDF для совещания»: the same on one page
//! for the administration meeting. Server only: in the app it says so.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::calendar::date_ru;
use zvonok_core::rollout::{MeasureState, Stage};
use zvonok_core::wire::RolloutView;

use crate::app::backend;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::rollout::{done_count, held, status_class, status_id, title_id};

#[component]
pub fn RolloutPage() -> impl IntoView {
    let data = RwSignal::new(Load::<RolloutView>::Loading);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.rollout().await });
    };
    load();
    let pdf = move |_| {
        spawn_local(async move {
            let r = backend().rollout_pdf().await;
            crate::components::admin::offer(r, error);
        });
    };
    view! {
        <section class="rollout">
            <h1>{t("rollout-title")}</h1>
            <p class="hint">{t("rollout-hint")}</p>
            <button class="btn" name="rollout-pdf" on:click=pdf>
                {t("rollout-pdf")}
            </button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => {
                    view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) => page(v).into_any(),
            }}
        </section>
    }
}

fn page(v: RolloutView) -> impl IntoView {
    let summary = ts(
        "rollout-summary",
        &[
            ("school", &v.school),
            ("date", &date_ru(v.today)),
            ("done", &done_count(&v.stages).to_string()),
        ],
    );
    view! {
        <p class="rollout-summary">{summary}</p>
        <div class="rollout-stages">
            {v.stages.into_iter().map(card).collect_view()}
        </div>
    }
}

fn card(s: Stage) -> impl IntoView {
    let (holds, of) = held(&s);
    let list = |state: fn(MeasureState) -> bool, s: &Stage| -> Vec<String> {
        s.measures
            .iter()
            .filter(|m| state(m.state))
            .map(|m| m.text.clone())
            .collect()
    };
    let holding = list(|m| m == MeasureState::Holds, &s);
    let missing = list(|m| m == MeasureState::Short, &s);
    let not_kept = list(|m| m == MeasureState::NotKept, &s);
    let block = |title: &'static str, class: &'static str, items: Vec<String>| {
        (!items.is_empty()).then(|| {
            view! {
                <h3>{t(title)}</h3>
                <ul class=class>
                    {items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <article class=status_class(s.status) data-stage=s.id.numeral()>
            <h2>
                {ts("rollout-stage-heading", &[("n", s.id.numeral())])} " "
                {t(title_id(s.id))}
            </h2>
            <p class="rollout-status">
                <strong>{t(status_id(s.status))}</strong>
                {(of > 0)
                    .then(|| {
                        format!(
                            " · {}",
                            ts(
                                "rollout-held",
                                &[("holds", &holds.to_string()), ("of", &of.to_string())],
                            ),
                        )
                    })}
            </p>
            {block("rollout-holds", "rollout-holds", holding)}
            {block("rollout-missing", "rollout-missing", missing)}
            {block("rollout-not-kept", "rollout-not-kept", not_kept)}
        </article>
    }
}
