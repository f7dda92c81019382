//! Above the grid: which version of the year's timetable is shown (the one in force today
//! opens first; older ones stay as history and still explain past lessons) and, with a
//! two-week cycle, which week. Whoever may edit adds a version from a date (starting from a
//! copy of the lessons in force then), removes an empty one, and turns the week A/B cycle on
//! or off.

use chrono::NaiveDate;
use leptos::prelude::*;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::ids::TimetableVersionId;
use zvonok_core::model::SlotWeek;
use zvonok_core::timetable_cycle::{ru_date, timeline, TimetableVersion};

use super::{tt, SaveMsg};
use crate::i18n::{t, ts};
use crate::logic::dates::parse_iso;
use crate::logic::timetable::Shown;

fn span_label(from: Option<NaiveDate>, until: Option<NaiveDate>, title: &str) -> String {
    match (from, until) {
        (None, None) => ts("tt-version-whole", &[("title", title)]),
        (None, Some(u)) => ts(
            "tt-version-until",
            &[("title", title), ("until", &ru_date(u))],
        ),
        (Some(f), None) => ts(
            "tt-version-from",
            &[("title", title), ("from", &ru_date(f))],
        ),
        (Some(f), Some(u)) => ts(
            "tt-version-between",
            &[
                ("title", title),
                ("from", &ru_date(f)),
                ("until", &ru_date(u)),
            ],
        ),
    }
}

#[component]
pub fn VersionBar(timetable: TimetableData, shown: Shown, can_edit: bool) -> impl IntoView {
    let s = tt();
    let spans = timeline(&timetable);
    let cycle = timetable.cycle_start;
    let current = spans.iter().find(|v| v.version == shown.version).cloned();
    let set_version = move |v: String| {
        let version: Option<TimetableVersionId> = v.parse().ok();
        s.draft.set(None);
        s.shown.update(|x| {
            if let Some(x) = x {
                x.version = version;
            }
        });
    };
    let week_tab = move |w: Option<SlotWeek>, label: &'static str| {
        view! {
            <button
                class="tab"
                role="tab"
                aria-selected=(shown.week == w).to_string()
                on:click=move |_| {
                    s.draft.set(None);
                    s.shown.update(|x| {
                        if let Some(x) = x {
                            x.week = w;
                        }
                    })
                }
            >
                {t(label)}
            </button>
        }
    };
    let picker = (spans.len() > 1).then(|| {
        view! {
            <label class="field inline">
                <span>{t("tt-version")}</span>
                <select name="tt-version" on:change=move |ev| set_version(event_target_value(&ev))>
                    {spans
                        .iter()
                        .map(|v| {
                            let value = v.version.map(|id| id.to_string()).unwrap_or_default();
                            view! {
                                <option value=value selected=v.version == shown.version>
                                    {span_label(v.from, v.until, &v.title)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    });
    let weeks = cycle.map(|_| {
        view! {
            <div class="tabs" role="tablist" aria-label=t("tt-week")>
                {week_tab(None, "tt-week-all")}
                {week_tab(Some(SlotWeek::A), "tt-week-a")}
                {week_tab(Some(SlotWeek::B), "tt-week-b")}
            </div>
        }
    });
    let manage = can_edit.then(|| {
        let from = RwSignal::new(String::new());
        let title = RwSignal::new(String::new());
        let copy = RwSignal::new(true);
        let monday = RwSignal::new(String::new());
        let add = move |_| {
            let Some(date) = parse_iso(&from.get_untracked()) else {
                s.msg.set(SaveMsg::Refused(t("tt-version-no-date")));
                return;
            };
            let id = TimetableVersionId::new();
            s.save(TimetableOp::AddVersion {
                version: TimetableVersion {
                    id,
                    from: date,
                    title: title.get_untracked().trim().to_string(),
                },
                copy: copy.get_untracked(),
            });
            s.shown.update(|x| {
                if let Some(x) = x {
                    x.version = Some(id);
                }
            });
        };
        let removable = current
            .as_ref()
            .and_then(|v| v.version.filter(|_| v.slots == 0));
        let start_cycle = move |_| match parse_iso(&monday.get_untracked()) {
            Some(d) => s.save(TimetableOp::SetCycle { start: Some(d) }),
            None => s.msg.set(SaveMsg::Refused(t("tt-version-no-date"))),
        };
        view! {
            <details class="tt-versions">
                <summary>{t("tt-versions-manage")}</summary>
                <h3>{t("tt-version-add")}</h3>
                <p class="hint">{t("tt-version-add-hint")}</p>
                <div class="setup-row">
                    <label class="field narrow">
                        <span>{t("tt-version-date")}</span>
                        <input type="date" name="tt-version-from" on:input=move |ev| from.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span>{t("tt-version-title")}</span>
                        <input name="tt-version-title" maxlength="100" on:input=move |ev| title.set(event_target_value(&ev)) />
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || copy.get() on:change=move |ev| copy.set(event_target_checked(&ev)) />
                        <span>{t("tt-version-copy")}</span>
                    </label>
                    <button class="btn" name="tt-version-add" on:click=add>{t("tt-version-add-button")}</button>
                </div>
                {removable
                    .map(|id| {
                        view! {
                            <button class="btn danger" on:click=move |_| s.save(TimetableOp::RemoveVersion { id })>
                                {t("tt-version-remove")}
                            </button>
                        }
                    })}
                <h3>{t("tt-cycle")}</h3>
                {match cycle {
                    Some(d) => view! {
                        <p>{ts("tt-cycle-on", &[("date", &ru_date(d))])}</p>
                        <button class="btn" on:click=move |_| s.save(TimetableOp::SetCycle { start: None })>
                            {t("tt-cycle-off")}
                        </button>
                    }
                    .into_any(),
                    None => view! {
                        <p class="hint">{t("tt-cycle-hint")}</p>
                        <div class="setup-row">
                            <label class="field narrow">
                                <span>{t("tt-cycle-start")}</span>
                                <input type="date" name="tt-cycle-start" on:input=move |ev| monday.set(event_target_value(&ev)) />
                            </label>
                            <button class="btn" on:click=start_cycle>{t("tt-cycle-turn-on")}</button>
                        </div>
                    }
                    .into_any(),
                }}
            </details>
        }
    });
    view! {
        <div class="tt-lens tt-version-bar">
            {picker}
            {weeks}
        </div>
        {manage}
    }
}
