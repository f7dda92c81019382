//! Step 9: the classes of the current year (grade and letter, class teacher, curriculum
//! profile) and their groups.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::{ClassId, GroupId, ProfileId, StaffId};
use zvonok_core::model::{Class, Group};

use super::{wizard, Field, GradeSelect, StaffSelect};
use crate::i18n::{t, ts};

/// A profile select over the profiles of one grade.
#[component]
fn ProfileSelect(
    data: SchoolData,
    grade: Signal<u8>,
    value: RwSignal<Option<ProfileId>>,
) -> impl IntoView {
    let profiles: Vec<_> = data.profiles.values().cloned().collect();
    view! {
        <label class="field">
            <span>{t("setup-class-profile")}</span>
            <select on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || value.get().is_none()>
                    {t("setup-none")}
                </option>
                {move || {
                    let g = grade.get();
                    profiles
                        .iter()
                        .filter(|p| p.grade == g)
                        .map(|p| {
                            let id = p.id;
                            view! {
                                <option value=id.to_string() selected=move || value.get() == Some(id)>
                                    {p.name.clone()}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// One class: its teacher and profile, and its groups.
#[component]
fn ClassCard(class: Class, data: SchoolData) -> impl IntoView {
    let w = wizard();
    let teacher = RwSignal::new(class.class_teacher);
    let profile = RwSignal::new(data.class_profiles.get(&class.id).copied());
    let grade = class.grade;
    let mut groups: Vec<Group> = data
        .groups
        .values()
        .filter(|g| g.class == class.id)
        .cloned()
        .collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let new_group = RwSignal::new(String::new());
    let class_id = class.id;
    let name = class.name();
    let c2 = class.clone();
    let save = move |_| {
        w.save(vec![
            SchoolOp::PutClass {
                class: Class {
                    class_teacher: teacher.get_untracked(),
                    ..c2.clone()
                },
            },
            SchoolOp::SetClassProfile {
                class: class_id,
                profile: profile.get_untracked(),
            },
        ])
    };
    let add_group = move |_| {
        let n = new_group.get_untracked().trim().to_string();
        if n.is_empty() {
            return;
        }
        w.save(vec![SchoolOp::PutGroup {
            group: Group {
                id: GroupId::new(),
                class: class_id,
                name: n,
            },
        }]);
    };
    view! {
        <article class="setup-card" data-class=name.clone()>
            <h2>{ts("setup-class-title", &[("name", &name)])}</h2>
            <div class="setup-row">
                <StaffSelect label=t("setup-class-teacher") staff=data.staff.clone() value=teacher />
                <ProfileSelect data=data.clone() grade=Signal::derive(move || grade) value=profile />
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
            <div class="setup-groups">
                <span class="label">{t("setup-groups")}</span>
                {groups
                    .into_iter()
                    .map(|g| {
                        let id = g.id;
                        view! {
                            <span class="group-chip">
                                {g.name}
                                <button
                                    class="group-chip-x"
                                    aria-label=t("setup-remove")
                                    on:click=move |_| w.save(vec![SchoolOp::RemoveGroup { id }])
                                >
                                    "×"
                                </button>
                            </span>
                        }
                    })
                    .collect_view()}
                <input
                    class="group-new"
                    aria-label=t("setup-group-new")
                    placeholder=t("setup-group-new")
                    prop:value=move || new_group.get()
                    on:input=move |ev| new_group.set(event_target_value(&ev))
                />
                <button class="btn" on:click=add_group>{t("setup-group-add")}</button>
            </div>
        </article>
    }
}

#[component]
pub fn ClassesStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let Some(year) = data.current_year else {
        return view! { <p class="setup-hint">{t("setup-need-year")}</p> }.into_any();
    };
    let mut classes: Vec<Class> = data
        .classes
        .values()
        .filter(|c| c.year == year)
        .cloned()
        .collect();
    classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
    let grade = RwSignal::new(5u8);
    let letter = RwSignal::new(String::from("А"));
    let teacher = RwSignal::new(None::<StaffId>);
    let profile = RwSignal::new(None::<ProfileId>);
    let add = move |_| {
        let l = letter.get_untracked().trim().to_uppercase();
        if l.is_empty() {
            w.refuse(t("setup-class-letter-needed"));
            return;
        }
        let id = ClassId::new();
        let mut ops = vec![SchoolOp::PutClass {
            class: Class {
                id,
                year,
                grade: grade.get_untracked(),
                letter: l,
                class_teacher: teacher.get_untracked(),
            },
        }];
        if let Some(p) = profile.get_untracked() {
            ops.push(SchoolOp::SetClassProfile {
                class: id,
                profile: Some(p),
            });
        }
        w.save(ops);
    };
    view! {
        <div class="setup-form">
            {classes
                .into_iter()
                .map(|c| view! { <ClassCard class=c data=data.clone() /> })
                .collect_view()}
            <h2>{t("setup-class-add")}</h2>
            <div class="setup-row">
                <GradeSelect label=t("setup-class-grade") value=grade />
                <Field label=t("setup-class-letter") value=letter name="class-letter" />
                <StaffSelect label=t("setup-class-teacher") staff=data.staff.clone() value=teacher />
                <ProfileSelect data=data.clone() grade=grade.into() value=profile />
            </div>
            <div class="setup-actions">
                <button class="btn primary" name="class-add" on:click=add>
                    {t("setup-class-add-button")}
                </button>
            </div>
        </div>
    }
    .into_any()
}
