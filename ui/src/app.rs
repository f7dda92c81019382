//! The root: picks the backend, restores the session and the screen from the URL hash, and
//! switches screens. Everything below reads the shared state through [`Ctx`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::rights::Role;
use zvonok_core::views::status::{Session, Status};

use crate::backend::{self, Backend};
use crate::components::admin::AdminScreen;
use crate::components::calendar_feed::CalendarFeedPage;
use crate::components::common::Spinner;
use crate::components::header::Header;
use crate::components::journal::JournalPage;
use crate::components::lesson::LessonPage;
use crate::components::parent::ParentPage;
use crate::components::periods::PeriodsScreen;
use crate::components::reports::ReportsPage;
use crate::components::rollout::RolloutPage;
use crate::components::setup::{SetupHome, SetupScreen};
use crate::components::sign_in::SignIn;
use crate::components::status_bar::StatusBar;
use crate::components::timetable::TimetableScreen;
use crate::components::today::TodayPage;
use crate::components::year_close::YearClosePage;
use crate::i18n::{self, Lang};
use crate::logic::setup::is_coordinator;
use crate::platform;
use crate::route::Screen;

/// State every screen may read.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub session: RwSignal<Option<Session>>,
    pub screen: RwSignal<Screen>,
    pub status: RwSignal<Option<Status>>,
    pub lang: RwSignal<Lang>,
}

impl Ctx {
    /// Shows a screen and records it in the URL hash.
    pub fn go(&self, s: Screen) {
        platform::set_hash(&s.to_hash());
        self.screen.set(s);
    }

    pub fn set_lang(&self, l: Lang) {
        i18n::set_lang(l);
        self.lang.set(l);
    }
}

pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// The shared state from anywhere (tasks and event handlers too); `None` before the app runs.
pub fn try_ctx() -> Option<Ctx> {
    CTX.with(std::cell::Cell::get)
}

thread_local! {
    static CTX: std::cell::Cell<Option<Ctx>> = const { std::cell::Cell::new(None) };
    static BACKEND: std::cell::OnceCell<Backend> = const { std::cell::OnceCell::new() };
}

/// The backend chosen at start (usable anywhere, also in event handlers and tasks).
pub fn backend() -> Backend {
    BACKEND.with(|b| b.get_or_init(Backend::detect).clone())
}

/// Staff see their day; parents and students see the child view.
fn is_family(s: &Session) -> bool {
    s.user.staff.is_none()
        && (s
            .user
            .roles
            .iter()
            .any(|r| matches!(r, Role::Parent | Role::Student))
            || !s.user.children.is_empty()
            || s.user.student.is_some())
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::restore_lang());
    let be = backend();
    let ctx = Ctx {
        session: RwSignal::new(None),
        screen: RwSignal::new(Screen::from_hash(&platform::hash())),
        status: RwSignal::new(None),
        lang,
    };
    provide_context(ctx);
    CTX.with(|c| c.set(Some(ctx)));
    let booting = RwSignal::new(true);

    backend::on_status(move |s| ctx.status.set(Some(s)));
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let s = Screen::from_hash(&platform::hash());
        if ctx.screen.get_untracked() != s {
            ctx.screen.set(s);
        }
    });
    spawn_local(async move {
        if let Ok(Some(s)) = be.session().await {
            ctx.session.set(Some(s));
        }
        if let Ok(st) = be.status().await {
            ctx.status.set(Some(st));
        }
        booting.set(false);
    });
    // The server refused the token: back to the sign-in screen.
    Effect::new(move |_| {
        let refused = ctx
            .status
            .with(|s| s.as_ref().is_some_and(|s| !s.logged_in));
        if refused && ctx.session.with_untracked(Option::is_some) {
            ctx.session.set(None);
        }
    });

    view! {
        {move || {
            lang.track();
            view! {
                <div class="app" lang=lang.get().code()>
                    <Header />
                    <main class="screen">{move || body(ctx, booting.get())}</main>
                    <StatusBar />
                </div>
            }
        }}
    }
}

fn body(ctx: Ctx, booting: bool) -> AnyView {
    if booting {
        return view! { <Spinner /> }.into_any();
    }
    let Some(session) = ctx.session.get() else {
        return view! { <SignIn /> }.into_any();
    };
    match ctx.screen.get() {
        Screen::Home if is_family(&session) => view! { <ParentPage student=None /> }.into_any(),
        Screen::Home if is_coordinator(&session.user.roles) => view! { <SetupHome /> }.into_any(),
        Screen::Home => view! { <TodayPage date=None /> }.into_any(),
        Screen::Today(date) => view! { <TodayPage date=date /> }.into_any(),
        Screen::Lesson { doc, lesson } => view! { <LessonPage doc=doc lesson=lesson /> }.into_any(),
        Screen::Journal { doc } => view! { <JournalPage doc=doc /> }.into_any(),
        Screen::Child(student) => view! { <ParentPage student=student /> }.into_any(),
        Screen::Setup(page) => view! { <SetupScreen page=page /> }.into_any(),
        Screen::Admin(page) => view! { <AdminScreen page=page /> }.into_any(),
        Screen::Timetable(page) => view! { <TimetableScreen page=page /> }.into_any(),
        Screen::Calendar => view! { <CalendarFeedPage /> }.into_any(),
        Screen::Periods(page) => view! { <PeriodsScreen page=page /> }.into_any(),
        Screen::Reports => view! { <ReportsPage /> }.into_any(),
        Screen::YearClose => view! { <YearClosePage /> }.into_any(),
        Screen::Rollout => view! { <RolloutPage /> }.into_any(),
    }
}
