//! The lesson editor under the grid: day, lesson number, class or group, subject (the assigned
//! teacher is proposed), teacher, the other teachers of a co-taught lesson (added and removed
//! one by one, up to three) and room. What saving would break is listed while the fields
//! change, before anything is sent; a lesson that would add a problem cannot be saved.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::ids::SlotId;
use zvonok_core::model::SlotWeek;
use zvonok_core::rights::Cohort;

use super::{day_name, tt, SaveLine};
use crate::i18n::t;
use crate::logic::timetable::{
    assigned_teacher, classes, cohorts_of, problems_if_saved, school_days, subjects_for, teachers,
    Draft,
};

fn cohort_value(c: Cohort) -> String {
    match c {
        Cohort::Class(id) => id.to_string(),
        Cohort::Group { group, .. } => group.to_string(),
    }
}

#[component]
pub fn Editor(school: SchoolData, timetable: TimetableData, draft: Draft) -> impl IntoView {
    let s = tt();
    let is_new = draft.id.is_none();
    let d = RwSignal::new(draft);
    // The id a new slot gets, fixed while the editor is open.
    let new_id = SlotId::new();
    let school = StoredValue::new(school);
    let timetable = StoredValue::new(timetable);

    let days = school.with_value(school_days);
    let numbers: Vec<u8> = school.with_value(|sc| {
        if sc.bells.is_empty() {
            (1..=8).collect()
        } else {
            sc.bells.iter().map(|b| b.number).collect()
        }
    });
    let class_list = school.with_value(classes);
    let cycle = timetable.with_value(|tv| tv.cycle_start.is_some());
    let staff = school.with_value(teachers);
    let co_staff = StoredValue::new(staff.clone());

    let slot = move || d.with(|x| x.slot(new_id));
    let problems = Memo::new(move |_| match slot() {
        Some(sl) => {
            school.with_value(|sc| timetable.with_value(|tv| problems_if_saved(sc, tv, &sl)))
        }
        None => Vec::new(),
    });
    let save = move |_| {
        if let Some(sl) = slot() {
            s.save(TimetableOp::PutSlot { slot: sl });
        }
    };
    let remove = move |_| {
        if let Some(id) = d.with_untracked(|x| x.id) {
            s.save(TimetableOp::RemoveSlot { id });
        }
    };
    let set_subject = move |v: String| {
        let subject = v.parse().ok();
        d.update(|x| {
            x.subject = subject;
            if let (Some(co), Some(su)) = (x.cohort, subject) {
                if let Some(te) = school.with_value(|sc| assigned_teacher(sc, co, su)) {
                    x.teacher = Some(te);
                }
            }
        });
    };
    let cohorts = move || {
        d.with(|x| x.cohort.map(|c| c.class()))
            .map(|class| school.with_value(|sc| cohorts_of(sc, class)))
            .unwrap_or_default()
    };
    let subjects = move || {
        d.with(|x| x.cohort)
            .map(|c| school.with_value(|sc| subjects_for(sc, c)))
            .unwrap_or_default()
    };

    // The editor opens under the grid: bring it into view.
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            el.scroll_into_view();
        }
    });
    view! {
        <div class="tt-editor" node_ref=node role="dialog" aria-label=t(if is_new { "tt-new" } else { "tt-edit" })>
            <h2>{t(if is_new { "tt-new" } else { "tt-edit" })}</h2>
            <div class="setup-row">
                <label class="field narrow">
                    <span>{t("tt-day")}</span>
                    <select
                        name="tt-day"
                        on:change=move |ev| {
                            let n: u32 = event_target_value(&ev).parse().unwrap_or(1);
                            if let Some(w) = zvonok_core::model::weekday_from_number(n.into()) {
                                d.update(|x| x.weekday = w);
                            }
                        }
                    >
                        {days
                            .into_iter()
                            .map(|w| {
                                view! {
                                    <option
                                        value=w.number_from_monday().to_string()
                                        selected=move || d.with(|x| x.weekday == w)
                                    >
                                        {day_name(w)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field narrow">
                    <span>{t("tt-number")}</span>
                    <select
                        name="tt-number"
                        on:change=move |ev| {
                            let n = event_target_value(&ev).parse().unwrap_or(1);
                            d.update(|x| x.number = n);
                        }
                    >
                        {numbers
                            .into_iter()
                            .map(|n| {
                                view! {
                                    <option value=n.to_string() selected=move || d.with(|x| x.number == n)>
                                        {n}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t("tt-class")}</span>
                    <select
                        name="tt-class"
                        on:change=move |ev| {
                            let class = event_target_value(&ev).parse().ok();
                            d.update(|x| {
                                x.cohort = class.map(Cohort::Class);
                                x.subject = None;
                            });
                        }
                    >
                        <option value="" selected=move || d.with(|x| x.cohort.is_none())>
                            {t("setup-choose")}
                        </option>
                        {class_list
                            .into_iter()
                            .map(|(id, name)| {
                                view! {
                                    <option
                                        value=id.to_string()
                                        selected=move || d.with(|x| x.cohort.map(|c| c.class()) == Some(id))
                                    >
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                {move || {
                    let list = cohorts();
                    (list.len() > 1)
                        .then(|| {
                            view! {
                                <label class="field">
                                    <span>{t("tt-group")}</span>
                                    <select
                                        name="tt-cohort"
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            let c = cohorts().into_iter().find(|(c, _)| cohort_value(*c) == v);
                                            if let Some((c, _)) = c {
                                                d.update(|x| x.cohort = Some(c));
                                            }
                                        }
                                    >
                                        {list
                                            .into_iter()
                                            .map(|(c, name)| {
                                                view! {
                                                    <option
                                                        value=cohort_value(c)
                                                        selected=move || d.with(|x| x.cohort == Some(c))
                                                    >
                                                        {name}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            }
                        })
                }}
            </div>
            <div class="setup-row">
                <label class="field">
                    <span>{t("tt-subject")}</span>
                    <select name="tt-subject" on:change=move |ev| set_subject(event_target_value(&ev))>
                        <option value="" selected=move || d.with(|x| x.subject.is_none())>
                            {t("setup-choose")}
                        </option>
                        {move || {
                            subjects()
                                .into_iter()
                                .map(|(id, name)| {
                                    view! {
                                        <option value=id.to_string() selected=move || d.with(|x| x.subject == Some(id))>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="field">
                    <span>{t("tt-teacher")}</span>
                    <select
                        name="tt-teacher"
                        on:change=move |ev| {
                            let te = event_target_value(&ev).parse().ok();
                            d.update(|x| x.teacher = te);
                        }
                    >
                        <option value="" selected=move || d.with(|x| x.teacher.is_none())>
                            {t("setup-choose")}
                        </option>
                        {staff
                            .into_iter()
                            .map(|(id, name)| {
                                view! {
                                    <option value=id.to_string() selected=move || d.with(|x| x.teacher == Some(id))>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field narrow">
                    <span>{t("tt-room")}</span>
                    <input
                        name="tt-room"
                        maxlength="50"
                        prop:value=move || d.with(|x| x.room.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            d.update(|x| x.room = v);
                        }
                    />
                </label>
            </div>
            // The other teachers of a co-taught lesson: each row a choice and a remove button.
            <div class="setup-row tt-co-teachers">
                {move || {
                    d.with(|x| x.co_teachers.clone())
                        .into_iter()
                        .enumerate()
                        .map(|(i, cur)| {
                            view! {
                                <label class="field">
                                    <span>{t("tt-co-teacher")}</span>
                                    <select
                                        name="tt-co-teacher"
                                        on:change=move |ev| {
                                            let te = event_target_value(&ev).parse().ok();
                                            d.update(|x| x.set_co_teacher(i, te));
                                        }
                                    >
                                        <option value="" selected=cur.is_none()>
                                            {t("setup-choose")}
                                        </option>
                                        {co_staff
                                            .get_value()
                                            .into_iter()
                                            .map(|(id, name)| {
                                                view! {
                                                    <option value=id.to_string() selected=cur == Some(id)>
                                                        {name}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <button
                                    class="btn ghost"
                                    name="tt-remove-co-teacher"
                                    title=t("tt-remove-co-teacher")
                                    aria-label=t("tt-remove-co-teacher")
                                    on:click=move |_| d.update(|x| x.remove_co_teacher(i))
                                >
                                    "×"
                                </button>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    d.with(|x| x.may_add_co_teacher())
                        .then(|| {
                            view! {
                                <button
                                    class="btn ghost"
                                    name="tt-add-co-teacher"
                                    on:click=move |_| d.update(|x| x.add_co_teacher())
                                >
                                    {t("tt-add-co-teacher")}
                                </button>
                            }
                        })
                }}
            </div>
            {cycle
                .then(|| {
                    let weeks = [
                        (SlotWeek::Every, "tt-week-every"),
                        (SlotWeek::A, "tt-week-a"),
                        (SlotWeek::B, "tt-week-b"),
                    ];
                    view! {
                        <div class="setup-row">
                            <label class="field narrow">
                                <span>{t("tt-week")}</span>
                                <select
                                    name="tt-slot-week"
                                    on:change=move |ev| {
                                        let w = match event_target_value(&ev).as_str() {
                                            "a" => SlotWeek::A,
                                            "b" => SlotWeek::B,
                                            _ => SlotWeek::Every,
                                        };
                                        d.update(|x| x.week = w);
                                    }
                                >
                                    {weeks
                                        .into_iter()
                                        .map(|(w, label)| {
                                            let value = match w {
                                                SlotWeek::A => "a",
                                                SlotWeek::B => "b",
                                                SlotWeek::Every => "every",
                                            };
                                            view! {
                                                <option value=value selected=move || d.with(|x| x.week == w)>
                                                    {t(label)}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                        </div>
                    }
                })}
            {move || {
                let p = problems.get();
                if slot().is_none() {
                    view! { <p class="setup-hint">{t("tt-incomplete")}</p> }.into_any()
                } else if p.is_empty() {
                    view! { <p class="tt-ok" role="status">{t("tt-would-fit")}</p> }.into_any()
                } else {
                    view! {
                        <div class="tt-problems" role="alert">
                            <h3>{t("tt-would-break")}</h3>
                            <ul>{p.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        </div>
                    }
                    .into_any()
                }
            }}
            <p class="hint">{t("tt-journals-from-today")}</p>
            <div class="setup-actions">
                <button
                    class="btn primary"
                    disabled=move || slot().is_none() || !problems.get().is_empty()
                    on:click=save
                >
                    {t("setup-save")}
                </button>
                {(!is_new)
                    .then(|| view! { <button class="btn danger" on:click=remove>{t("setup-remove")}</button> })}
                <button class="btn ghost" on:click=move |_| s.draft.set(None)>
                    {t("setup-cancel")}
                </button>
            </div>
            <SaveLine />
        </div>
    }
}
