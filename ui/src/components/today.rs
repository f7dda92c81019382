//! The teacher's day: a date picker and the day's lessons with bell times, class or group,
//! subject, room and what is already filled in. A tap opens the lesson.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use zvonok_core::doc::timetable_changes::ChangeKind;
use zvonok_core::views::today::TodayLesson;

use crate::app::{backend, ctx};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{lang, t, tn, ts};
use crate::logic::dates::{day_month, iso, long_date, parse_iso};
use crate::platform;
use crate::route::Screen;

/// Opens the browser's own calendar for `input` (its popup follows the page language); where
/// `showPicker` is missing, focusing and clicking the input does the same on touch devices.
fn open_picker(input: &web_sys::HtmlInputElement) {
    use wasm_bindgen::JsCast;
    let shown = js_sys::Reflect::get(input, &"showPicker".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|f| f.call0(input).is_ok());
    if !shown {
        let _ = input.focus();
        input.click();
    }
}

/// The day and a way to pick another: the date is always written in the UI's language
/// («пятница, 28 ноября»), never in the browser's date format; tapping it opens the calendar.
#[component]
fn DayPicker(date: NaiveDate) -> impl IntoView {
    let c = ctx();
    let go = move |d: NaiveDate| c.go(Screen::Today(Some(d)));
    let is_today = date == platform::today();
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <div class="daypicker">
            <button class="btn icon" aria-label=t("today-prev") on:click=move |_| go(date - Duration::days(1))>
                "‹"
            </button>
            <div class="day">
                <h1>
                    <button
                        class="pick-date"
                        title=t("today-pick")
                        on:click=move |_| {
                            if let Some(el) = input.get() {
                                open_picker(&el);
                            }
                        }
                    >
                        <span class="date-text">{long_date(lang(), date)}</span>
                        <span class="cal" aria-hidden="true">"▾"</span>
                    </button>
                </h1>
                <input
                    type="date"
                    class="native-date"
                    tabindex="-1"
                    aria-hidden="true"
                    node_ref=input
                    prop:value=iso(date)
                    on:change=move |ev| {
                        if let Some(d) = parse_iso(&event_target_value(&ev)) {
                            go(d)
                        }
                    }
                />
                {(!is_today)
                    .then(|| {
                        view! {
                            <button class="btn ghost" on:click=move |_| go(platform::today())>
                                {t("today-today")}
                            </button>
                        }
                    })}
            </div>
            <button class="btn icon" aria-label=t("today-next") on:click=move |_| go(date + Duration::days(1))>
                "›"
            </button>
        </div>
    }
}

#[component]
fn Badge(on: bool, label: String) -> impl IntoView {
    let class = if on { "badge on" } else { "badge" };
    let mark = if on { "✓ " } else { "" };
    view! { <span class=class>{mark}{label}</span> }
}

/// What changed about this lesson on this date, for the card: the user substitutes, the
/// lesson is given by a substitute, cancelled or moved here.
fn change_note(l: &TodayLesson) -> Option<String> {
    if let Some(t) = &l.replaces {
        return Some(ts("today-replaces", &[("teacher", t)]));
    }
    if let Some(t) = &l.substitute {
        return Some(ts("today-given-to", &[("teacher", t)]));
    }
    if l.change == Some(ChangeKind::Cancel) {
        return Some(t("today-cancelled"));
    }
    let (date, number) = l.moved_from?;
    Some(ts(
        "today-moved-from",
        &[("date", &day_month(date)), ("number", &number.to_string())],
    ))
}

#[component]
fn LessonCard(l: TodayLesson) -> impl IntoView {
    let c = ctx();
    let target = l.journal.zip(l.lesson);
    let open = move |_| {
        if let Some((doc, lesson)) = target {
            c.go(Screen::Lesson { doc, lesson });
        }
    };
    let missing = match (l.journal, l.lesson) {
        (None, _) => Some(t("today-no-journal")),
        (Some(_), None) => Some(t("today-no-lesson")),
        _ => None,
    };
    let room = (!l.room.is_empty()).then(|| l.room.clone());
    let change = change_note(&l);
    view! {
        <li>
            <button class="lesson-card" disabled=target.is_none() on:click=open>
                <div class="when">
                    <span class="num">{l.number}</span>
                    <span class="time">{l.start.clone()}</span>
                    <span class="time end">{l.end.clone()}</span>
                </div>
                <div class="what">
                    <div class="title">
                        <strong>{l.subject_name.clone()}</strong>
                        <span class="cohort">{l.cohort_name.clone()}</span>
                    </div>
                    <div class="meta">
                        {room}
                        {(l.marks > 0).then(|| view! { <span>{tn("marks-count", l.marks)}</span> })}
                        {(l.absences > 0).then(|| view! { <span>{tn("absent-count", l.absences)}</span> })}
                    </div>
                    {change.map(|m| view! { <div class="change" role="note">{m}</div> })}
                    {missing.map(|m| view! { <div class="missing">{m}</div> })}
                    <div class="badges">
                        <Badge on=l.attendance_filled label=t("badge-attendance") />
                        <Badge on=l.topic_filled label=t("badge-topic") />
                        <Badge on=l.homework_filled label=t("badge-homework") />
                    </div>
                </div>
            </button>
        </li>
    }
}

#[component]
pub fn TodayPage(date: Option<NaiveDate>) -> impl IntoView {
    let date = date.unwrap_or_else(platform::today);
    let data = RwSignal::new(Load::<Vec<TodayLesson>>::Loading);
    let load = move || spawn_load(data, async move { backend().today(date).await });
    load();
    view! {
        <section class="today">
            <DayPicker date=date />
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any(),
                Load::Ready(lessons) if lessons.is_empty() => {
                    view! { <p class="empty">{t("today-empty")}</p> }.into_any()
                }
                Load::Ready(lessons) => {
                    view! {
                        <p class="count">{tn("lessons-count", lessons.len())}</p>
                        <ul class="lessons">
                            {lessons.into_iter().map(|l| view! { <LessonCard l=l /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
