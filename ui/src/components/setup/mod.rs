//! The coordinator's setup wizard: an overview of the steps in the seed's order with their
//! state, one page per step that shows the school's current data and edits it, and the staff
//! accounts page at the end. Every page saves through `SchoolOp`s, shows «Сохранено» or the
//! server's reason, and can be reopened later from the overview. The page is in the URL hash,
//! so a reload returns to it.

mod accounts;
mod assignments;
mod bells;
mod card;
#[cfg(test)]
pub(crate) use card::zone_key;
mod classes;
mod curriculum;
mod form;
mod overview;
mod staff;
mod subjects;
mod year;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::setup::{SetupStep, StepState};
use zvonok_core::wire::setup::SetupView;

use crate::app::{backend, ctx};
use crate::components::common::{Failure, Load, Spinner};
use crate::components::today::TodayPage;
use crate::i18n::{t, ts};
use crate::logic::setup::{slug, SetupPage, STEP_PAGES};
use crate::route::Screen;

/// What the last save said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveMsg {
    Idle,
    Saving,
    Saved,
    Refused(String),
}

/// The wizard's shared state: the school's data, the progress, the last save's answer, and
/// which entity a page has open (kept across the reload that follows a save).
#[derive(Clone, Copy)]
pub struct Wizard {
    pub school: RwSignal<Load<SchoolData>>,
    pub progress: RwSignal<Option<SetupView>>,
    pub msg: RwSignal<SaveMsg>,
    pub focus: RwSignal<Option<String>>,
}

impl Wizard {
    fn new() -> Self {
        Wizard {
            school: RwSignal::new(Load::Loading),
            progress: RwSignal::new(None),
            msg: RwSignal::new(SaveMsg::Idle),
            focus: RwSignal::new(None),
        }
    }

    fn load(self) {
        self.school.set(Load::Loading);
        spawn_local(async move {
            let be = backend();
            let school = be.school().await;
            self.school.set(match school {
                Ok(s) => Load::Ready(s),
                Err(e) => Load::Failed(e.to_string()),
            });
            self.refresh_progress().await;
        });
    }

    async fn refresh_progress(self) {
        if let Ok(v) = backend().setup_view().await {
            self.progress.set(Some(v));
        }
    }

    /// Sends `ops` one by one; the first refusal stops and is shown (what the user typed stays
    /// on the page). After a full save the school and the progress are read again.
    pub fn save(self, ops: Vec<SchoolOp>) {
        self.msg.set(SaveMsg::Saving);
        spawn_local(async move {
            let be = backend();
            for op in &ops {
                if let Err(e) = be.school_op(op).await {
                    self.msg.set(SaveMsg::Refused(e.to_string()));
                    self.refresh_progress().await;
                    return;
                }
            }
            if let Ok(s) = be.school().await {
                self.school.set(Load::Ready(s));
            }
            self.refresh_progress().await;
            self.msg.set(SaveMsg::Saved);
        });
    }

    /// A problem found on the page before sending anything.
    pub fn refuse(self, message: String) {
        self.msg.set(SaveMsg::Refused(message));
    }

    fn state_of(self, step: SetupStep) -> Option<StepState> {
        self.progress.with(|p| {
            p.as_ref()?
                .steps
                .iter()
                .find(|s| s.step == step)
                .map(|s| s.state.clone())
        })
    }
}

pub fn wizard() -> Wizard {
    expect_context::<Wizard>()
}

/// The step's name in the UI's language.
pub fn step_title(step: SetupStep) -> String {
    match step {
        SetupStep::SchoolCard => t("setup-step-card"),
        SetupStep::AcademicYear => t("setup-step-year"),
        SetupStep::Bells => t("setup-step-bells"),
        SetupStep::WeekLength => t("setup-step-week"),
        SetupStep::Staff => t("setup-step-staff"),
        SetupStep::Subjects => t("setup-step-subjects"),
        SetupStep::SubjectsPerGrade => t("setup-step-subject-grades"),
        SetupStep::Curriculum => t("setup-step-curriculum"),
        SetupStep::Classes => t("setup-step-classes"),
        SetupStep::Assignments => t("setup-step-assignments"),
    }
}

fn page_title(p: SetupPage) -> String {
    match p {
        SetupPage::Overview => t("setup-overview-title"),
        SetupPage::Step(s) => step_title(s),
        SetupPage::Accounts => t("setup-accounts-title"),
    }
}

/// Home of a coordinator: the wizard while setup has steps to do, else the day. (The app has
/// no setup calls yet: there Home is the day.)
#[component]
pub fn SetupHome() -> impl IntoView {
    if matches!(backend(), crate::backend::Backend::Tauri) {
        return view! { <TodayPage date=None /> }.into_any();
    }
    let view_sig = RwSignal::new(Load::<SetupView>::Loading);
    let load = move || {
        let be = backend();
        crate::components::common::spawn_load(view_sig, async move { be.setup_view().await })
    };
    load();
    let body = move || match view_sig.get() {
        Load::Loading => view! { <Spinner /> }.into_any(),
        Load::Ready(v) if v.next.is_some() => {
            view! { <SetupScreen page=SetupPage::Overview /> }.into_any()
        }
        Load::Ready(_) => view! { <TodayPage date=None /> }.into_any(),
        Load::Failed(m) => {
            view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
        }
    };
    view! { {body} }.into_any()
}

/// One page of the wizard.
#[component]
pub fn SetupScreen(page: SetupPage) -> impl IntoView {
    let w = Wizard::new();
    provide_context(w);
    w.load();
    let page = page.canonical();
    view! {
        <div class="setup">
            {(page != SetupPage::Overview).then(|| view! { <StepStrip current=page /> })}
            <section class="setup-main">
                <header class="setup-head">
                    {page
                        .number()
                        .map(|n| {
                            view! {
                                <p class="setup-count">
                                    {ts(
                                        "setup-step-of",
                                        &[("n", &n.to_string()), ("total", &STEP_PAGES.to_string())],
                                    )}
                                </p>
                            }
                        })}
                    <h1>{page_title(page)}</h1>
                </header>
                {move || match w.school.get() {
                    Load::Loading => view! { <Spinner /> }.into_any(),
                    Load::Failed(m) => {
                        view! { <Failure message=m retry=Callback::new(move |_| w.load()) /> }
                            .into_any()
                    }
                    Load::Ready(data) => page_body(page, data),
                }}
                {(page != SetupPage::Overview).then(|| view! { <SaveLine /> <PageNav page=page /> })}
            </section>
        </div>
    }
}

fn page_body(page: SetupPage, data: SchoolData) -> AnyView {
    let body = match page {
        SetupPage::Overview => return view! { <overview::Overview /> }.into_any(),
        SetupPage::Accounts => return view! { <accounts::AccountsStep data=data /> }.into_any(),
        SetupPage::Step(s) => s,
    };
    let form = match body {
        SetupStep::SchoolCard => view! { <card::CardStep data=data /> }.into_any(),
        SetupStep::AcademicYear => view! { <year::YearStep data=data /> }.into_any(),
        SetupStep::Bells => view! { <bells::BellsStep data=data /> }.into_any(),
        SetupStep::WeekLength => view! { <bells::WeekStep data=data /> }.into_any(),
        SetupStep::Staff => view! { <staff::StaffStep data=data /> }.into_any(),
        SetupStep::Subjects | SetupStep::SubjectsPerGrade => {
            view! { <subjects::SubjectsStep data=data /> }.into_any()
        }
        SetupStep::Curriculum => view! { <curriculum::CurriculumStep data=data /> }.into_any(),
        SetupStep::Classes => view! { <classes::ClassesStep data=data /> }.into_any(),
        SetupStep::Assignments => view! { <assignments::AssignmentsStep data=data /> }.into_any(),
    };
    let steps: Vec<SetupStep> = if body == SetupStep::Subjects {
        vec![SetupStep::Subjects, SetupStep::SubjectsPerGrade]
    } else {
        vec![body]
    };
    view! {
        {steps.into_iter().map(|s| view! { <StepState step=s /> }).collect_view()}
        {form}
    }
    .into_any()
}

/// What the server says is missing or wrong in a step.
#[component]
fn StepState(step: SetupStep) -> impl IntoView {
    let w = wizard();
    move || match w.state_of(step) {
        None | Some(StepState::Done) => None,
        Some(StepState::ToDo { hint }) => {
            Some(view! { <p class="setup-hint">{hint}</p> }.into_any())
        }
        Some(StepState::Problems { problems }) => Some(
            view! {
                <ul class="setup-problems" role="alert">
                    {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
    }
}

/// «Сохранено» or the server's reason.
#[component]
fn SaveLine() -> impl IntoView {
    let w = wizard();
    move || match w.msg.get() {
        SaveMsg::Idle => None,
        SaveMsg::Saving => {
            Some(view! { <p class="setup-msg" role="status">{t("setup-saving")}</p> }.into_any())
        }
        SaveMsg::Saved => Some(
            view! { <p class="setup-msg saved" role="status">{t("setup-saved")}</p> }.into_any(),
        ),
        SaveMsg::Refused(m) => {
            Some(view! { <p class="setup-msg refused" role="alert">{m}</p> }.into_any())
        }
    }
}

/// Back, overview and next.
#[component]
fn PageNav(page: SetupPage) -> impl IntoView {
    let c = ctx();
    view! {
        <nav class="setup-nav">
            {page
                .prev()
                .map(|p| {
                    view! {
                        <button class="btn" on:click=move |_| c.go(Screen::Setup(p))>
                            {t("setup-back")}
                        </button>
                    }
                })}
            <button class="btn ghost" on:click=move |_| c.go(Screen::Setup(SetupPage::Overview))>
                {t("setup-to-overview")}
            </button>
            {page
                .next()
                .map(|p| {
                    view! {
                        <button class="btn primary" on:click=move |_| c.go(Screen::Setup(p))>
                            {t("setup-next")}
                        </button>
                    }
                })}
        </nav>
    }
}

/// The state mark of a step: ✓ done, • to do, ! problems.
fn mark(state: Option<&StepState>) -> (&'static str, &'static str) {
    match state {
        Some(StepState::Done) => ("✓", "done"),
        Some(StepState::Problems { .. }) => ("!", "problems"),
        _ => ("•", "todo"),
    }
}

/// The steps as a strip of links with their state, the current one marked.
#[component]
fn StepStrip(current: SetupPage) -> impl IntoView {
    let c = ctx();
    let w = wizard();
    let pages = crate::logic::setup::PAGES;
    view! {
        <nav class="setup-strip" aria-label=t("setup-steps")>
            {pages
                .into_iter()
                .skip(1)
                .enumerate()
                .map(|(i, p)| {
                    let state = move || match p {
                        SetupPage::Step(s) => {
                            let st = w.state_of(s);
                            let extra = (s == SetupStep::Subjects)
                                .then(|| w.state_of(SetupStep::SubjectsPerGrade))
                                .flatten();
                            match (&st, &extra) {
                                (Some(StepState::Done), Some(e)) => mark(Some(e)),
                                _ => mark(st.as_ref()),
                            }
                        }
                        _ => ("›", "todo"),
                    };
                    let id = match p {
                        SetupPage::Step(s) => slug(s),
                        _ => "accounts",
                    };
                    view! {
                        <button
                            class=move || {
                                format!(
                                    "strip-step {}{}",
                                    state().1,
                                    if p == current { " current" } else { "" },
                                )
                            }
                            data-step=id
                            aria-current=move || (p == current).then_some("step")
                            on:click=move |_| c.go(Screen::Setup(p))
                        >
                            <span class="strip-mark" aria-hidden="true">{move || state().0}</span>
                            <span class="strip-n">{i + 1}</span>
                            <span class="strip-title">{page_title(p)}</span>
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

pub(crate) use form::{Field, GradeSelect, StaffSelect};
