//! Changes and substitutions for a date (замены): the day's lessons of the timetable in force,
//! by number and class, each with its change if it has one. Whoever may edit the timetable
//! gives a lesson to a substitute (teachers busy at that time are marked), moves it to another
//! number, or cancels it, with a note; the server checks each change with the same rules as
//! the device (no teacher, room or class in two places) and the journals follow: the
//! substitute sees the lesson in their Today and may write that lesson only. The month's
//! substitutions report (who replaced whom, hours per substitute) downloads as Excel (in the
//! browser: the server makes the workbook). In the app the screen reads and writes the
//! device's copy, offline.

use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::{ChangeKind, Changes, LessonChange};
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::ids::{ChangeId, SlotId};
use zvonok_core::model::Slot;
use zvonok_core::views::changes::ChangesView;

use super::{tt, SaveLine, SaveMsg};
use crate::app::{backend, ctx};
use crate::components::admin::{offer, InlineError};
use crate::components::common::{spawn_load, Load};
use crate::i18n::{lang, t, ts};
use crate::logic::dates::{iso, long_date, parse_iso};
use crate::logic::timetable::{busy_at, teachers, TimetablePage};
use crate::route::Screen;

/// What the form of one lesson is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Substitute,
    Move,
    Cancel,
}

#[component]
pub fn ChangesPage(school: SchoolData, timetable: TimetableData, date: NaiveDate) -> impl IntoView {
    let c = ctx();
    let view = RwSignal::new(Load::<ChangesView>::Loading);
    let reload = move || {
        spawn_load(view, async move {
            backend().timetable_changes(date, date).await
        })
    };
    reload();
    let s = tt();
    // After a saved change, read the day again.
    Effect::new(move |_| {
        if let SaveMsg::Saved(_) = s.msg.get() {
            reload();
        }
    });
    let go = move |d: NaiveDate| c.go(Screen::Timetable(TimetablePage::Changes(Some(d))));
    let error = RwSignal::new(None::<String>);
    let month = format!("{:04}-{:02}", date.year(), date.month());
    let report = move |_| {
        let month = month.clone();
        spawn_local(async move {
            offer(backend().substitutions_xlsx(&month).await, error);
        });
    };
    // Whose lessons: everyone's, or one teacher's (the one who is ill).
    let whose = s.whose;
    let day_teachers: Vec<(zvonok_core::ids::StaffId, String)> = {
        let on: std::collections::BTreeSet<_> = timetable
            .slots_on(date)
            .into_iter()
            .flat_map(|s| s.teachers())
            .collect();
        teachers(&school)
            .into_iter()
            .filter(|(id, _)| on.contains(id))
            .collect()
    };
    let school = StoredValue::new(school);
    let timetable = StoredValue::new(timetable);
    view! {
        <section class="tt tt-changes">
            <div class="tt-head">
                <button class="btn ghost" on:click=move |_| c.go(Screen::Timetable(TimetablePage::Grid(None)))>
                    {t("tt-back")}
                </button>
                <h1>{t("tt-changes-title")}</h1>
                {(backend().admin_base().is_ok())
                    .then(|| view! { <button class="btn" name="tt-substitutions" on:click=report>{t("tt-substitutions-xlsx")}</button> })}
            </div>
            <InlineError error=error />
            <div class="tt-daybar">
                <button class="btn icon" aria-label=t("today-prev") on:click=move |_| go(date - Duration::days(1))>"‹"</button>
                <h2 class="tt-date">{long_date(lang(), date)}</h2>
                <input
                    type="date"
                    name="tt-changes-date"
                    value=iso(date)
                    on:change=move |ev| {
                        if let Some(d) = parse_iso(&event_target_value(&ev)) {
                            go(d)
                        }
                    }
                />
                <button class="btn icon" aria-label=t("today-next") on:click=move |_| go(date + Duration::days(1))>"›"</button>
            </div>
            <label class="field inline tt-whose">
                <span>{t("tt-changes-whose")}</span>
                <select name="tt-whose" on:change=move |ev| whose.set(event_target_value(&ev).parse().ok())>
                    <option value="" selected=move || whose.get().is_none()>
                        {t("tt-changes-everyone")}
                    </option>
                    {day_teachers
                        .into_iter()
                        .map(|(id, n)| {
                            view! {
                                <option value=id.to_string() selected=move || whose.get() == Some(id)>
                                    {n}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <SaveLine />
            {move || match view.get() {
                Load::Loading => view! { <p class="loading">{t("loading")}</p> }.into_any(),
                Load::Failed(e) => view! { <p class="setup-msg refused" role="alert">{e}</p> }.into_any(),
                Load::Ready(v) => {
                    let changes: Changes = v.changes.iter().map(|x| (x.change.id, x.change.clone())).collect();
                    let only = whose.get();
                    let day: Vec<Slot> = timetable.with_value(|tv| {
                        tv.slots_on(date)
                            .into_iter()
                            .filter(|s| only.is_none_or(|t| s.taught_by(t)))
                            .cloned()
                            .collect()
                    });
                    let clashes = v.clashes.clone();
                    view! {
                        {(!clashes.is_empty())
                            .then(|| view! {
                                <div class="tt-problems" role="alert">
                                    <ul>{clashes.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                </div>
                            })}
                        {if day.is_empty() {
                            view! { <p class="empty">{t("tt-changes-no-lessons")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="tt-day">
                                    {day
                                        .into_iter()
                                        .map(|slot| {
                                            let change = v
                                                .changes
                                                .iter()
                                                .find(|x| x.change.slot == slot.id && x.change.date == date)
                                                .cloned();
                                            view! {
                                                <DayLessonRow
                                                    school=school.get_value()
                                                    timetable=timetable.get_value()
                                                    changes=changes.clone()
                                                    lesson=slot
                                                    date=date
                                                    change=change
                                                    can_edit=v.can_edit
                                                />
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any()
                        }}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn DayLessonRow(
    school: SchoolData,
    timetable: TimetableData,
    changes: Changes,
    lesson: Slot,
    date: NaiveDate,
    change: Option<zvonok_core::views::changes::ChangeView>,
    can_edit: bool,
) -> impl IntoView {
    let s = tt();
    let slot = lesson;
    let form = RwSignal::new(None::<Form>);
    let subject = school
        .subjects
        .get(&slot.subject)
        .map(|x| x.name.clone())
        .unwrap_or_default();
    let teacher = slot
        .teachers()
        .filter_map(|t| school.staff.get(&t).map(|x| x.short_name()))
        .collect::<Vec<_>>()
        .join(", ");
    let cohort = school.cohort_name(&slot.cohort);
    let busy = busy_at(&timetable, &changes, date, slot.number);
    let staff: Vec<(zvonok_core::ids::StaffId, String, bool)> = teachers(&school)
        .into_iter()
        .filter(|(id, _)| !slot.taught_by(*id))
        .map(|(id, n)| (id, n, busy.contains(&id)))
        .collect();
    let numbers: Vec<u8> = if school.bells.is_empty() {
        (1..=8).collect()
    } else {
        school.bells.iter().map(|b| b.number).collect()
    };
    let sub = RwSignal::new(None::<zvonok_core::ids::StaffId>);
    let to_number = RwSignal::new(slot.number);
    let to_date = RwSignal::new(date);
    let room = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let slot_id: SlotId = slot.id;
    let send = move |kind: Form| {
        let mut ch = LessonChange {
            id: ChangeId::new(),
            date,
            slot: slot_id,
            kind: ChangeKind::Cancel,
            to_date: None,
            to_number: None,
            teacher: None,
            room: room.get_untracked().trim().to_string(),
            note: note.get_untracked().trim().to_string(),
        };
        match kind {
            Form::Cancel => {}
            Form::Substitute => {
                let Some(t) = sub.get_untracked() else {
                    s.msg.set(SaveMsg::Refused(crate::i18n::t(
                        "tt-changes-choose-teacher",
                    )));
                    return;
                };
                ch.kind = ChangeKind::Substitute;
                ch.teacher = Some(t);
            }
            Form::Move => {
                ch.kind = ChangeKind::Move;
                let d = to_date.get_untracked();
                ch.to_date = (d != date).then_some(d);
                ch.to_number = Some(to_number.get_untracked());
            }
        }
        s.save(TimetableOp::PutChange { change: ch });
    };
    let tab = move |f: Form, label: &'static str| {
        view! {
            <button class="tab" role="tab" aria-selected=move || (form.get() == Some(f)).to_string() on:click=move |_| form.set(Some(f))>
                {t(label)}
            </button>
        }
    };
    view! {
        <li class="tt-day-lesson card" class:changed=change.is_some()>
            <div class="tt-day-head">
                <span class="tt-n">{slot.number}</span>
                <strong>{cohort}</strong>
                <span>{subject}</span>
                <span class="tt-detail">{teacher} {(!slot.room.is_empty()).then(|| format!(" · {}", slot.room))}</span>
            </div>
            {change
                .clone()
                .map(|ch| {
                    let id = ch.change.id;
                    let what = match ch.change.kind {
                        ChangeKind::Substitute => ts("tt-changes-is-substitute", &[("who", &ch.substitute)]),
                        _ => ch.title.clone(),
                    };
                    view! {
                        <p class="tt-change">
                            <b>{what}</b>
                            {(!ch.change.note.is_empty()).then(|| format!(" — {}", ch.change.note))}
                            {can_edit
                                .then(|| view! {
                                    <button class="btn ghost" on:click=move |_| s.save(TimetableOp::RemoveChange { id })>
                                        {t("tt-changes-undo")}
                                    </button>
                                })}
                        </p>
                    }
                })}
            {(can_edit && change.is_none())
                .then(|| view! {
                    <div class="tabs tt-change-kinds" role="tablist">
                        {tab(Form::Substitute, "tt-changes-substitute")}
                        {tab(Form::Move, "tt-changes-move")}
                        {tab(Form::Cancel, "tt-changes-cancel")}
                    </div>
                    {move || form.get().map(|f| {
                        let staff = staff.clone();
                        let numbers = numbers.clone();
                        view! {
                            <div class="setup-row tt-change-form">
                                {(f == Form::Substitute).then(|| view! {
                                    <label class="field">
                                        <span>{t("tt-changes-who")}</span>
                                        <select name="tt-substitute" on:change=move |ev| sub.set(event_target_value(&ev).parse().ok())>
                                            <option value="">{t("setup-choose")}</option>
                                            {staff.into_iter().map(|(id, n, busy)| {
                                                let label = if busy { ts("tt-changes-busy", &[("name", &n)]) } else { n };
                                                view! { <option value=id.to_string()>{label}</option> }
                                            }).collect_view()}
                                        </select>
                                    </label>
                                })}
                                {(f == Form::Move).then(|| view! {
                                    <label class="field narrow">
                                        <span>{t("tt-off-date")}</span>
                                        <input type="date" value=iso(date) on:change=move |ev| {
                                            if let Some(d) = parse_iso(&event_target_value(&ev)) { to_date.set(d) }
                                        } />
                                    </label>
                                    <label class="field narrow">
                                        <span>{t("tt-number")}</span>
                                        <select name="tt-move-number" on:change=move |ev| to_number.set(event_target_value(&ev).parse().unwrap_or(1))>
                                            {numbers.into_iter().map(|n| view! {
                                                <option value=n.to_string() selected=move || to_number.get() == n>{n}</option>
                                            }).collect_view()}
                                        </select>
                                    </label>
                                })}
                                {(f != Form::Cancel).then(|| view! {
                                    <label class="field narrow">
                                        <span>{t("tt-room")}</span>
                                        <input maxlength="50" placeholder=t("tt-changes-same-room") on:input=move |ev| room.set(event_target_value(&ev)) />
                                    </label>
                                })}
                                <label class="field">
                                    <span>{t("tt-changes-note")}</span>
                                    <input name="tt-change-note" maxlength="200" on:input=move |ev| note.set(event_target_value(&ev)) />
                                </label>
                                <button class="btn primary" name="tt-change-save" on:click=move |_| send(f)>{t("setup-save")}</button>
                            </div>
                        }
                    })}
                })}
        </li>
    }
}
