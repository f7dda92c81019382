//! Steps 6 and 7: the subjects and the grade levels each is taught at (a grid of grades 1–11).

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::SubjectId;
use zvonok_core::model::Subject;

use super::wizard;
use crate::i18n::{t, ts};

#[derive(Clone, Copy)]
struct Row {
    id: SubjectId,
    name: RwSignal<String>,
    grades: RwSignal<Vec<u8>>,
    saved: bool,
}

const GRADES: std::ops::RangeInclusive<u8> = 1..=11;

#[component]
pub fn SubjectsStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let mut subjects: Vec<Subject> = data.subjects.values().cloned().collect();
    subjects.sort_by(|a, b| a.name.cmp(&b.name));
    let originals = StoredValue::new(subjects.clone());
    let rows = RwSignal::new(
        subjects
            .iter()
            .map(|s| Row {
                id: s.id,
                name: RwSignal::new(s.name.clone()),
                grades: RwSignal::new(s.grades.clone()),
                saved: true,
            })
            .collect::<Vec<_>>(),
    );
    let new_name = RwSignal::new(String::new());
    let add = move || {
        let name = new_name.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        rows.update(|r| {
            r.push(Row {
                id: SubjectId::new(),
                name: RwSignal::new(name),
                grades: RwSignal::new(Vec::new()),
                saved: false,
            })
        });
        new_name.set(String::new());
    };
    let save = move |_| {
        let ops: Vec<SchoolOp> = rows
            .get_untracked()
            .iter()
            .filter_map(|r| {
                let mut grades = r.grades.get_untracked();
                grades.sort_unstable();
                let subject = Subject {
                    id: r.id,
                    name: r.name.get_untracked().trim().to_string(),
                    grades,
                };
                let same = originals.with_value(|o| o.contains(&subject));
                (!same && !subject.name.is_empty()).then_some(SchoolOp::PutSubject { subject })
            })
            .collect();
        w.save(ops);
    };
    view! {
        <div class="setup-form">
            <p class="setup-note">{t("setup-subjects-note")}</p>
            <div class="table-scroll">
                <table class="setup-table subjects">
                    <thead>
                        <tr>
                            <th>{t("setup-subject")}</th>
                            {GRADES.map(|g| view! { <th class="grade">{g}</th> }).collect_view()}
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| r.id let:r>
                            <tr data-subject=move || r.name.get()>
                                <td>
                                    <input
                                        class="subject-name"
                                        aria-label=t("setup-subject")
                                        prop:value=move || r.name.get()
                                        on:input=move |ev| r.name.set(event_target_value(&ev))
                                    />
                                </td>
                                {GRADES
                                    .map(|g| {
                                        let label = move || {
                                            ts(
                                                "setup-subject-grade",
                                                &[("subject", &r.name.get()), ("grade", &g.to_string())],
                                            )
                                        };
                                        view! {
                                            <td class="grade">
                                                <input
                                                    type="checkbox"
                                                    aria-label=label
                                                    data-grade=g
                                                    prop:checked=move || r.grades.with(|x| x.contains(&g))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        r.grades
                                                            .update(|x| {
                                                                x.retain(|y| *y != g);
                                                                if on {
                                                                    x.push(g);
                                                                }
                                                            })
                                                    }
                                                />
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                                <td>
                                    <button
                                        class="btn ghost"
                                        on:click=move |_| {
                                            if r.saved {
                                                w.save(vec![SchoolOp::RemoveSubject { id: r.id }]);
                                            } else {
                                                rows.update(|x| x.retain(|y| y.id != r.id));
                                            }
                                        }
                                    >
                                        {t("setup-remove")}
                                    </button>
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <div class="setup-row">
                <label class="field">
                    <span>{t("setup-subject-new")}</span>
                    <input
                        name="subject-new"
                        prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" {
                                add()
                            }
                        }
                    />
                </label>
                <button class="btn" name="subject-add" on:click=move |_| add()>
                    {t("setup-subject-add")}
                </button>
            </div>
            <div class="setup-actions">
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
        </div>
    }
}
