//! Step 1: the school card (full and short name, address).

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;

use super::{wizard, Field};
use crate::i18n::t;

#[component]
pub fn CardStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let name = RwSignal::new(data.card.name.clone());
    let short = RwSignal::new(data.card.short_name.clone());
    let address = RwSignal::new(data.card.address.clone());
    let save = move |_| {
        w.save(vec![SchoolOp::SetCard {
            name: name.get_untracked(),
            short_name: short.get_untracked(),
            address: address.get_untracked(),
        }])
    };
    view! {
        <div class="setup-form">
            <Field label=t("setup-card-name") value=name name="school-name" />
            <Field label=t("setup-card-short") value=short name="school-short" />
            <Field label=t("setup-card-address") value=address name="school-address" />
            <div class="setup-actions">
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
        </div>
    }
}
