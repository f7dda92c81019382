//! The wizard's overview: every step in the seed's order with its state (done, to do, or the
//! problems to fix) and a button to continue where the setup stopped.

use leptos::prelude::*;
use zvonok_core::setup::StepState;

use super::{step_title, wizard};
use crate::app::ctx;
use crate::i18n::{t, ts};
use crate::logic::setup::SetupPage;
use crate::route::Screen;

#[component]
pub fn Overview() -> impl IntoView {
    let c = ctx();
    let w = wizard();
    move || {
        let Some(v) = w.progress.get() else {
            return view! { <crate::components::common::Spinner /> }.into_any();
        };
        let done = v
            .steps
            .iter()
            .filter(|s| s.state == StepState::Done)
            .count();
        let total = v.steps.len();
        let resume = v.next.map_or(SetupPage::Accounts, SetupPage::Step);
        let resume_label = match v.next {
            Some(s) => ts("setup-continue", &[("step", &step_title(s))]),
            None => t("setup-all-done"),
        };
        view! {
            <div class="setup-overview">
                <div class="setup-progress">
                    <p class="setup-progress-text" role="status">
                        {ts(
                            "setup-progress",
                            &[("done", &done.to_string()), ("total", &total.to_string())],
                        )}
                    </p>
                    <progress max=total.to_string() value=done.to_string()></progress>
                    <button class="btn primary" name="setup-resume" on:click=move |_| c.go(Screen::Setup(resume))>
                        {resume_label}
                    </button>
                </div>
                <ol class="setup-steps">
                    {v
                        .steps
                        .into_iter()
                        .map(|s| {
                            let page = SetupPage::Step(s.step);
                            let (class, badge) = match &s.state {
                                StepState::Done => ("done", t("setup-state-done")),
                                StepState::ToDo { .. } => ("todo", t("setup-state-todo")),
                                StepState::Problems { .. } => ("problems", t("setup-state-problems")),
                            };
                            let detail = match s.state {
                                StepState::Done => None,
                                StepState::ToDo { hint } => {
                                    Some(view! { <p class="setup-hint">{hint}</p> }.into_any())
                                }
                                StepState::Problems { problems } => Some(
                                    view! {
                                        <ul class="setup-problems">
                                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                        </ul>
                                    }
                                        .into_any(),
                                ),
                            };
                            view! {
                                <li class=format!("setup-step {class}") data-step=crate::logic::setup::slug(s.step)>
                                    <div class="setup-step-head">
                                        <span class=format!("badge {class}")>{badge}</span>
                                        <span class="setup-step-title">{step_title(s.step)}</span>
                                        <button class="btn ghost" on:click=move |_| c.go(Screen::Setup(page))>
                                            {t("setup-open")}
                                        </button>
                                    </div>
                                    {detail}
                                </li>
                            }
                        })
                        .collect_view()}
                    <li class="setup-step" data-step="accounts">
                        <div class="setup-step-head">
                            <span class="badge">"›"</span>
                            <span class="setup-step-title">{t("setup-accounts-title")}</span>
                            <button
                                class="btn ghost"
                                on:click=move |_| c.go(Screen::Setup(SetupPage::Accounts))
                            >
                                {t("setup-open")}
                            </button>
                        </div>
                    </li>
                </ol>
            </div>
        }
            .into_any()
    }
}
