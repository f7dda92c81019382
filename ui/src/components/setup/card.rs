//! Step 1: the school card (full and short name, address) and the school's time zone, which
//! decides every "today" of the school.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::time_zone::{DEFAULT_TIME_ZONE, RUSSIAN_TIME_ZONES};

use super::{wizard, Field};
use crate::i18n::t;

/// The catalogue key of a zone's title: `setup-tz-moscow` for `Europe/Moscow`.
pub(crate) fn zone_key(zone: &str) -> String {
    let city = zone.rsplit('/').next().unwrap_or(zone);
    format!("setup-tz-{}", city.to_lowercase())
}

#[component]
pub fn CardStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let name = RwSignal::new(data.card.name.clone());
    let short = RwSignal::new(data.card.short_name.clone());
    let address = RwSignal::new(data.card.address.clone());
    let stored_zone = if data.time_zone.is_empty() {
        DEFAULT_TIME_ZONE.to_string()
    } else {
        data.time_zone.clone()
    };
    let zone = RwSignal::new(stored_zone.clone());
    let save = move |_| {
        let mut ops = vec![SchoolOp::SetCard {
            name: name.get_untracked(),
            short_name: short.get_untracked(),
            address: address.get_untracked(),
        }];
        let chosen = zone.get_untracked();
        if chosen != stored_zone {
            ops.push(SchoolOp::SetTimeZone { zone: chosen });
        }
        w.save(ops)
    };
    // A zone chosen outside Russia (set by another tool) stays selectable as it is.
    let mut zones: Vec<String> = RUSSIAN_TIME_ZONES.iter().map(|z| z.to_string()).collect();
    if !zones.contains(&zone.get_untracked()) {
        zones.push(zone.get_untracked());
    }
    view! {
        <div class="setup-form">
            <Field label=t("setup-card-name") value=name name="school-name" />
            <Field label=t("setup-card-short") value=short name="school-short" />
            <Field label=t("setup-card-address") value=address name="school-address" />
            <label class="field">
                <span>{t("setup-card-time-zone")}</span>
                <select
                    name="school-time-zone"
                    on:change=move |ev| zone.set(event_target_value(&ev))
                >
                    {zones
                        .into_iter()
                        .map(|z| {
                            let title = if RUSSIAN_TIME_ZONES.contains(&z.as_str()) {
                                t(&zone_key(&z))
                            } else {
                                z.clone()
                            };
                            let value = z.clone();
                            view! {
                                <option value=value selected=move || zone.get() == z>
                                    {title}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="setup-actions">
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
        </div>
    }
}
