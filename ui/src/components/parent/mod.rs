//! What a parent or student sees: a child switcher (a student sees themselves), marks per
//! subject with weighted averages, attendance, the week's homework and the timetable.

mod attendance;
mod changes;
mod subjects;
mod timetable;

use leptos::prelude::*;
use zvonok_core::ids::StudentId;
use zvonok_core::views::status::SummaryView;
use zvonok_core::wire::ChildInfo;

use crate::app::{backend, ctx};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::dates::full_numeric;
use crate::platform;
use crate::route::Screen;

/// The children the signed-in user may see; a student is their own only child.
fn children_of(c: crate::app::Ctx) -> Vec<ChildInfo> {
    c.session.with_untracked(|s| {
        let Some(s) = s else { return vec![] };
        if !s.user.children.is_empty() {
            return s.user.children.clone();
        }
        s.user
            .student
            .map(|id| ChildInfo {
                id,
                name: s.user.display_name.clone(),
                class_name: String::new(),
            })
            .into_iter()
            .collect()
    })
}

#[component]
fn Switcher(children: Vec<ChildInfo>, current: StudentId) -> impl IntoView {
    let c = ctx();
    (children.len() > 1).then(|| {
        view! {
            <nav class="children" aria-label=t("child-select")>
                {children
                    .into_iter()
                    .map(|ch| {
                        let id = ch.id;
                        view! {
                            <button
                                class="chip"
                                class:on=id == current
                                on:click=move |_| c.go(Screen::Child(Some(id)))
                            >
                                {ch.name}
                                <small>{ch.class_name}</small>
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
        }
    })
}

#[component]
fn Summary(data: SummaryView) -> impl IntoView {
    let s = data.summary;
    let stale = data.offline.then(|| {
        let at = format!(
            "{} {}",
            full_numeric(data.fetched_at.date_naive()),
            platform::local_hm(data.fetched_at)
        );
        view! { <p class="stale" role="note">{ts("summary-stale", &[("time", &at)])}</p> }
    });
    let period = s.period.clone().unwrap_or_default();
    view! {
        <div class="summary-head">
            <h1>{s.name.clone()}</h1>
            <p>{s.class_name.clone()} " · " {s.school.clone()} " · " {period}</p>
        </div>
        {stale}
        <changes::Changes changes=s.changes />
        <subjects::Subjects subjects=s.subjects />
        <attendance::Attendance counts=s.attendance_counts entries=s.attendance />
        <attendance::Homework items=s.homework />
        <timetable::Timetable entries=s.timetable />
    }
}

#[component]
pub fn ParentPage(student: Option<StudentId>) -> impl IntoView {
    let c = ctx();
    let children = children_of(c);
    let Some(current) = student.or_else(|| children.first().map(|ch| ch.id)) else {
        return view! { <p class="empty">{t("child-none")}</p> }.into_any();
    };
    let data = RwSignal::new(Load::<SummaryView>::Loading);
    let load = move || spawn_load(data, async move { backend().summary(current).await });
    load();
    view! {
        <section class="family">
            <Switcher children=children current=current />
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any(),
                Load::Ready(v) => view! { <Summary data=v /> }.into_any(),
            }}
            <crate::components::reports::ReportCardPanel student=current />
        </section>
    }
    .into_any()
}
