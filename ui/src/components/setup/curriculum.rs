//! Step 8: curriculum profiles (name, grade) with weekly hours per subject in half-hour steps
//! («1,5»). The running total is shown against the SanPiN limit for the grade and the week
//! length before saving; over the limit the plan can still be sent, and the server's refusal
//! is shown.

use std::collections::BTreeMap;

use leptos::prelude::*;
use zvonok_core::curriculum::{CurriculumProfile, WeeklyHours};
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::{ProfileId, SubjectId};

use super::{wizard, Field, GradeSelect};
use crate::i18n::{t, ts};
use crate::logic::setup_plan::{load, parse_hours, send_order, Load};

#[derive(Clone, Copy)]
struct HoursRow {
    subject: SubjectId,
    name: StoredValue<String>,
    hours: RwSignal<String>,
}

#[component]
pub fn CurriculumStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let mut profiles: Vec<CurriculumProfile> = data.profiles.values().cloned().collect();
    profiles.sort_by(|a, b| (a.grade, &a.name).cmp(&(b.grade, &b.name)));
    // The profile open: the one kept by the wizard across saves, else the first.
    let open: Option<CurriculumProfile> = w
        .focus
        .get_untracked()
        .and_then(|f| f.parse::<ProfileId>().ok())
        .and_then(|id| data.profiles.get(&id).cloned())
        .or_else(|| profiles.first().cloned());
    let tabs = profiles.clone();
    let open_id = open.as_ref().map(|p| p.id);
    view! {
        <div class="setup-form">
            <div class="setup-tabs" role="tablist">
                {tabs
                    .into_iter()
                    .map(|p| {
                        let id = p.id;
                        let label = ts(
                            "setup-profile-tab",
                            &[("name", &p.name), ("grade", &p.grade.to_string())],
                        );
                        view! {
                            <button
                                class="tab"
                                role="tab"
                                aria-selected=(open_id == Some(id)).to_string()
                                on:click=move |_| {
                                    w.focus.set(Some(id.to_string()));
                                    w.msg.set(super::SaveMsg::Idle);
                                    w.school.update(|_| {});
                                }
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
                <button
                    class="tab"
                    role="tab"
                    aria-selected=open_id.is_none().to_string()
                    name="profile-new"
                    on:click=move |_| {
                        w.focus.set(Some(String::from("new")));
                        w.msg.set(super::SaveMsg::Idle);
                        w.school.update(|_| {});
                    }
                >
                    {t("setup-profile-new")}
                </button>
            </div>
            {
                let is_new = w.focus.get_untracked().as_deref() == Some("new");
                let p = if is_new { None } else { open };
                view! { <ProfileEditor profile=p data=data /> }
            }
        </div>
    }
}

#[component]
fn ProfileEditor(profile: Option<CurriculumProfile>, data: SchoolData) -> impl IntoView {
    let w = wizard();
    let id = profile.as_ref().map_or_else(ProfileId::new, |p| p.id);
    let before: BTreeMap<SubjectId, WeeklyHours> = profile
        .as_ref()
        .map(|p| p.hours.clone())
        .unwrap_or_default();
    let before = StoredValue::new(before);
    let name = RwSignal::new(
        profile
            .as_ref()
            .map_or_else(|| t("setup-profile-default-name"), |p| p.name.clone()),
    );
    let grade = RwSignal::new(profile.as_ref().map_or(5, |p| p.grade));
    let week_days = data.week_days;
    let mut subjects: Vec<_> = data.subjects.values().cloned().collect();
    subjects.sort_by(|a, b| a.name.cmp(&b.name));
    // One field per subject; a subject shows when it is taught at the chosen grade.
    let rows: Vec<(HoursRow, Vec<u8>)> = subjects
        .into_iter()
        .map(|s| {
            let h = before.with_value(|b| b.get(&s.id).copied().unwrap_or_default());
            let name = StoredValue::new(s.name);
            (
                HoursRow {
                    subject: s.id,
                    name,
                    hours: RwSignal::new(if h.is_zero() {
                        String::new()
                    } else {
                        h.to_string()
                    }),
                },
                s.grades,
            )
        })
        .collect();
    let rows = StoredValue::new(rows);
    let visible = move || -> Vec<HoursRow> {
        let g = grade.get();
        rows.with_value(|r| {
            r.iter()
                .filter(|(_, grades)| grades.contains(&g))
                .map(|(row, _)| *row)
                .collect()
        })
    };
    // The typed hours of the visible subjects, or the first field that does not read.
    let typed = move || -> Result<Vec<(SubjectId, WeeklyHours)>, String> {
        visible()
            .into_iter()
            .map(|r| Ok((r.subject, parse_hours(&r.hours.get())?)))
            .collect()
    };
    let status = move || {
        typed().map(|h| {
            load(
                &h.iter().map(|x| x.1).collect::<Vec<_>>(),
                grade.get(),
                week_days,
            )
        })
    };
    let ops = move || -> Result<Vec<SchoolOp>, String> {
        let typed = typed()?;
        let changes: Vec<(WeeklyHours, WeeklyHours)> = typed
            .iter()
            .map(|(s, h)| {
                (
                    before.with_value(|b| b.get(s).copied().unwrap_or_default()),
                    *h,
                )
            })
            .collect();
        let mut ops = vec![SchoolOp::PutProfile {
            id,
            name: name.get_untracked().trim().to_string(),
            grade: grade.get_untracked(),
        }];
        for i in send_order(&changes) {
            ops.push(SchoolOp::SetPlanHours {
                profile: id,
                subject: typed[i].0,
                hours: typed[i].1,
            });
        }
        Ok(ops)
    };
    let save = move |_| match ops() {
        Ok(ops) => {
            w.focus.set(Some(id.to_string()));
            w.save(ops)
        }
        Err(e) => w.refuse(e),
    };
    let week = if week_days == 6 {
        t("setup-week-six-short")
    } else {
        t("setup-week-five-short")
    };
    view! {
        <div class="setup-row">
            <Field label=t("setup-profile-name") value=name name="profile-name" />
            <GradeSelect label=t("setup-profile-grade") value=grade />
        </div>
        {move || {
            let rows = visible();
            if rows.is_empty() {
                return view! { <p class="setup-hint">{t("setup-profile-no-subjects")}</p> }
                    .into_any();
            }
            view! {
                <table class="setup-table hours">
                    <thead>
                        <tr>
                            <th>{t("setup-subject")}</th>
                            <th class="num">{t("setup-hours")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td>{r.name.get_value()}</td>
                                        <td class="num">
                                            <input
                                                class="hours"
                                                inputmode="decimal"
                                                aria-label=ts("setup-hours-of", &[("subject", &r.name.get_value())])
                                                prop:value=move || r.hours.get()
                                                on:input=move |ev| r.hours.set(event_target_value(&ev))
                                            />
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
        {move || {
            let g = grade.get().to_string();
            match status() {
                Err(e) => view! { <p class="setup-load over" role="alert">{e}</p> }.into_any(),
                Ok(Load::Within { total, limit }) => {
                    view! {
                        <p class="setup-load within" role="status">
                            {ts(
                                "setup-load-within",
                                &[
                                    ("total", &total.to_string()),
                                    ("limit", &limit.to_string()),
                                    ("grade", &g),
                                    ("week", &week),
                                ],
                            )}
                        </p>
                        <div class="setup-actions">
                            <button class="btn primary" name="profile-save" on:click=save>
                                {t("setup-save")}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Ok(Load::Over { total, limit }) => {
                    view! {
                        <p class="setup-load over" role="alert">
                            {ts(
                                "setup-load-over",
                                &[
                                    ("total", &total.to_string()),
                                    ("limit", &limit.to_string()),
                                    ("grade", &g),
                                    ("week", &week),
                                ],
                            )}
                        </p>
                        <div class="setup-actions">
                            <button class="btn danger" name="profile-force" on:click=save>
                                {t("setup-save-anyway")}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Ok(Load::Unknown { total }) => {
                    view! {
                        <p class="setup-load">
                            {ts("setup-load-total", &[("total", &total.to_string())])}
                        </p>
                        <div class="setup-actions">
                            <button class="btn primary" name="profile-save" on:click=save>
                                {t("setup-save")}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }
        }}
    }
}
