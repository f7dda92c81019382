//! Step 10: teaching assignments: which teacher teaches which subject to a class or a group.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::{AssignmentId, StaffId, SubjectId};
use zvonok_core::model::TeachingAssignment;
use zvonok_core::rights::Cohort;

use super::{wizard, StaffSelect};
use crate::i18n::t;

/// «5А» or «5А, группа 1».
fn cohort_name(data: &SchoolData, c: Cohort) -> String {
    let class = data
        .classes
        .get(&c.class())
        .map(|x| x.name())
        .unwrap_or_default();
    match c {
        Cohort::Class(_) => class,
        Cohort::Group { group, .. } => {
            let g = data
                .groups
                .get(&group)
                .map(|g| g.name.clone())
                .unwrap_or_default();
            format!("{class} · {g}")
        }
    }
}

fn cohort_key(c: Cohort) -> String {
    match c {
        Cohort::Class(id) => id.to_string(),
        Cohort::Group { group, .. } => group.to_string(),
    }
}

#[component]
pub fn AssignmentsStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let Some(year) = data.current_year else {
        return view! { <p class="setup-hint">{t("setup-need-year")}</p> }.into_any();
    };
    let mut classes: Vec<_> = data
        .classes
        .values()
        .filter(|c| c.year == year)
        .cloned()
        .collect();
    classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
    let mut cohorts: Vec<(Cohort, String, u8)> = Vec::new();
    for c in &classes {
        cohorts.push((Cohort::Class(c.id), c.name(), c.grade));
        let mut groups: Vec<_> = data.groups.values().filter(|g| g.class == c.id).collect();
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        for g in groups {
            let co = Cohort::Group {
                class: c.id,
                group: g.id,
            };
            cohorts.push((co, cohort_name(&data, co), c.grade));
        }
    }
    let mut list: Vec<(String, String, String, AssignmentId)> = data
        .assignments
        .values()
        .filter(|a| a.year == year)
        .map(|a| {
            (
                cohort_name(&data, a.cohort),
                data.subjects
                    .get(&a.subject)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                data.staff
                    .get(&a.teacher)
                    .map(|s| s.short_name())
                    .unwrap_or_default(),
                a.id,
            )
        })
        .collect();
    list.sort();
    let cohort = RwSignal::new(cohorts.first().map(|c| c.0));
    let subject = RwSignal::new(None::<SubjectId>);
    let teacher = RwSignal::new(None::<StaffId>);
    let grade_of = {
        let cohorts = cohorts.clone();
        move |c: Option<Cohort>| cohorts.iter().find(|x| Some(x.0) == c).map(|x| x.2)
    };
    let mut subjects: Vec<_> = data.subjects.values().cloned().collect();
    subjects.sort_by(|a, b| a.name.cmp(&b.name));
    let add = move |_| {
        let (Some(co), Some(s), Some(te)) = (
            cohort.get_untracked(),
            subject.get_untracked(),
            teacher.get_untracked(),
        ) else {
            w.refuse(t("setup-assignment-incomplete"));
            return;
        };
        w.save(vec![SchoolOp::PutAssignment {
            assignment: TeachingAssignment {
                id: AssignmentId::new(),
                teacher: te,
                cohort: co,
                subject: s,
                year,
            },
        }]);
    };
    let cohort_options = cohorts.clone();
    view! {
        <div class="setup-form">
            <table class="setup-table assignments">
                <thead>
                    <tr>
                        <th>{t("setup-cohort")}</th>
                        <th>{t("setup-subject")}</th>
                        <th>{t("setup-teacher")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|(c, s, te, id)| {
                            view! {
                                <tr>
                                    <td>{c}</td>
                                    <td>{s}</td>
                                    <td>{te}</td>
                                    <td>
                                        <button
                                            class="btn ghost"
                                            on:click=move |_| {
                                                w.save(vec![SchoolOp::RemoveAssignment { id }])
                                            }
                                        >
                                            {t("setup-remove")}
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h2>{t("setup-assignment-add")}</h2>
            <div class="setup-row">
                <label class="field">
                    <span>{t("setup-cohort")}</span>
                    <select
                        name="assignment-cohort"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            cohort.set(cohort_options.iter().find(|c| cohort_key(c.0) == v).map(|c| c.0));
                            subject.set(None);
                        }
                    >
                        {cohorts
                            .iter()
                            .map(|(c, name, _)| {
                                let c = *c;
                                view! {
                                    <option value=cohort_key(c) selected=move || cohort.get() == Some(c)>
                                        {name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t("setup-subject")}</span>
                    <select
                        name="assignment-subject"
                        on:change=move |ev| subject.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="" selected=move || subject.get().is_none()>
                            {t("setup-choose")}
                        </option>
                        {move || {
                            let g = grade_of(cohort.get());
                            subjects
                                .iter()
                                .filter(|s| g.is_some_and(|g| s.grades.contains(&g)))
                                .map(|s| {
                                    let id = s.id;
                                    view! {
                                        <option value=id.to_string() selected=move || subject.get() == Some(id)>
                                            {s.name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <StaffSelect label=t("setup-teacher") staff=data.staff.clone() value=teacher />
            </div>
            <div class="setup-actions">
                <button class="btn primary" name="assignment-add" on:click=add>
                    {t("setup-assignment-add-button")}
                </button>
            </div>
        </div>
    }
    .into_any()
}
