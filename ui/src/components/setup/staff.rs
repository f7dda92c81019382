//! Step 5: the staff list (full name and position): add, edit, remove.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::StaffId;
use zvonok_core::model::{full_name, StaffMember};

use super::{wizard, Field};
use crate::i18n::t;

#[component]
pub fn StaffStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let mut people: Vec<StaffMember> = data.staff.values().cloned().collect();
    people.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    let editing = RwSignal::new(None::<StaffId>);
    let last = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let middle = RwSignal::new(String::new());
    let position = RwSignal::new(String::new());
    let edit = move |m: &StaffMember| {
        editing.set(Some(m.id));
        last.set(m.last_name.clone());
        first.set(m.first_name.clone());
        middle.set(m.middle_name.clone());
        position.set(m.position.clone());
    };
    let clear = move || {
        editing.set(None);
        for s in [last, first, middle, position] {
            s.set(String::new());
        }
    };
    let save = move |_| {
        if last.get_untracked().trim().is_empty() || first.get_untracked().trim().is_empty() {
            w.refuse(t("setup-staff-name-needed"));
            return;
        }
        let member = StaffMember {
            id: editing.get_untracked().unwrap_or_default(),
            last_name: last.get_untracked().trim().to_string(),
            first_name: first.get_untracked().trim().to_string(),
            middle_name: middle.get_untracked().trim().to_string(),
            position: position.get_untracked().trim().to_string(),
        };
        w.save(vec![SchoolOp::PutStaff { member }]);
    };
    view! {
        <div class="setup-form">
            <table class="setup-table staff">
                <thead>
                    <tr>
                        <th>{t("setup-staff-name")}</th>
                        <th>{t("setup-staff-position")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {people
                        .into_iter()
                        .map(|m| {
                            let id = m.id;
                            let name = full_name(&m.last_name, &m.first_name, &m.middle_name);
                            let pos = m.position.clone();
                            view! {
                                <tr>
                                    <td>{name}</td>
                                    <td>{pos}</td>
                                    <td class="row-actions">
                                        <button class="btn ghost" on:click=move |_| edit(&m)>
                                            {t("setup-edit")}
                                        </button>
                                        <button
                                            class="btn ghost"
                                            on:click=move |_| w.save(vec![SchoolOp::RemoveStaff { id }])
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
            <h2>
                {move || {
                    if editing.get().is_some() { t("setup-staff-edit") } else { t("setup-staff-add") }
                }}
            </h2>
            <div class="setup-row">
                <Field label=t("setup-last-name") value=last name="staff-last" />
                <Field label=t("setup-first-name") value=first name="staff-first" />
                <Field label=t("setup-middle-name") value=middle name="staff-middle" />
                <Field label=t("setup-staff-position") value=position name="staff-position" />
            </div>
            <div class="setup-actions">
                <Show when=move || editing.get().is_some()>
                    <button class="btn ghost" on:click=move |_| clear()>{t("setup-cancel")}</button>
                </Show>
                <button class="btn primary" name="staff-save" on:click=save>
                    {move || {
                        if editing.get().is_some() { t("setup-save") } else { t("setup-staff-add-button") }
                    }}
                </button>
            </div>
        </div>
    }
}
