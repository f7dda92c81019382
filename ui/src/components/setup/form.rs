//! Form pieces the wizard's pages share: a labelled input bound to a signal, a grade select and
//! a staff select.

use std::collections::BTreeMap;

use leptos::prelude::*;
use zvonok_core::ids::StaffId;
use zvonok_core::model::StaffMember;

use crate::i18n::t;

/// A labelled input; `kind` is the input type (text, date, time).
#[component]
pub fn Field(
    label: String,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] name: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=kind
                name=name
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// Grade level 1–11.
#[component]
pub fn GradeSelect(label: String, value: RwSignal<u8>) -> impl IntoView {
    view! {
        <label class="field narrow">
            <span>{label}</span>
            <select on:change=move |ev| {
                if let Ok(g) = event_target_value(&ev).parse() {
                    value.set(g)
                }
            }>
                {(1..=11u8)
                    .map(|g| {
                        view! {
                            <option value=g.to_string() selected=move || value.get() == g>
                                {g.to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// One of the school's staff, or nobody.
#[component]
pub fn StaffSelect(
    label: String,
    staff: BTreeMap<StaffId, StaffMember>,
    value: RwSignal<Option<StaffId>>,
) -> impl IntoView {
    let mut people: Vec<StaffMember> = staff.into_values().collect();
    people.sort_by_key(StaffMember::short_name);
    view! {
        <label class="field">
            <span>{label}</span>
            <select on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || value.get().is_none()>
                    {t("setup-nobody")}
                </option>
                {people
                    .into_iter()
                    .map(|m| {
                        let id = m.id;
                        view! {
                            <option value=id.to_string() selected=move || value.get() == Some(id)>
                                {m.short_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
