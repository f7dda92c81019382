//! Under a class's grid: its weekly hours per subject against its curriculum plan (fewer
//! hours than planned is shown, not an error), and the lessons that no longer fit the
//! timetable but hold work, which the server never deletes (the coordinator resolves them).

use leptos::prelude::*;
use zvonok_core::curriculum::WeeklyHours;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, TimetableVersionId};
use zvonok_core::timetable_rules::plan_vs_fact_in;
use zvonok_core::wire::OffTimetableView;

use crate::app::backend;
use crate::components::common::{spawn_load, Load};
use crate::i18n::t;
use crate::logic::dates::full_numeric;

/// «+1», «−1,5», «0» from a difference in half-hours.
fn signed(half_hours: i32) -> String {
    let h = WeeklyHours(half_hours.unsigned_abs() as u16);
    match half_hours.signum() {
        1 => format!("+{h}"),
        -1 => format!("−{h}"),
        _ => "0".into(),
    }
}

#[component]
pub fn PlanTable(
    school: SchoolData,
    timetable: TimetableData,
    class: ClassId,
    version: Option<TimetableVersionId>,
) -> impl IntoView {
    let rows = plan_vs_fact_in(&school, &timetable, class, version);
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="tt-plan">
            <h2>{t("tt-plan-title")}</h2>
            <table class="setup-table">
                <thead>
                    <tr>
                        <th>{t("tt-subject")}</th>
                        <th class="num">{t("tt-plan-planned")}</th>
                        <th class="num">{t("tt-plan-scheduled")}</th>
                        <th class="num">{t("tt-plan-difference")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let state = match r.difference.signum() {
                                1 => "over",
                                -1 => "under",
                                _ => "even",
                            };
                            view! {
                                <tr class=format!("tt-plan-{state}")>
                                    <td>{r.name}</td>
                                    <td class="num">{r.planned.to_string()}</td>
                                    <td class="num">{r.scheduled.to_string()}</td>
                                    <td class="num">{signed(r.difference)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Lessons «не по расписанию» (browser only: the list is the server's).
#[component]
pub fn OffTimetable() -> impl IntoView {
    let list = RwSignal::new(Load::<OffTimetableView>::Loading);
    spawn_load(list, async move { backend().off_timetable().await });
    move || match list.get() {
        Load::Ready(v) if !v.lessons.is_empty() => view! {
            <div class="tt-off">
                <h2>{t("tt-off-title")}</h2>
                <p class="setup-hint">{t("tt-off-hint")}</p>
                <table class="setup-table">
                    <thead>
                        <tr>
                            <th>{t("tt-off-date")}</th>
                            <th class="num">{t("tt-number")}</th>
                            <th>{t("tt-class")}</th>
                            <th>{t("tt-subject")}</th>
                            <th>{t("tt-off-holds")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {v
                            .lessons
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <tr>
                                        <td>{full_numeric(l.date)}</td>
                                        <td class="num">{l.number}</td>
                                        <td>{l.class}</td>
                                        <td>{l.subject}</td>
                                        <td>{l.holds}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
