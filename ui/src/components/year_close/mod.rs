//! «Новый год» (`#/year-close`): closing the academic year and moving to the next. The dry run
//! per class (where its students go, each student's outcome with a picker to change it, the
//! academic debt and its deadlines), who left during the year, next year's classes and
//! calendar, and the problems; confirmed once after the browser's question; the move in force
//! with its orders and the undo while it is allowed. Server only: in the app it says so.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::calendar::date_ru;
use zvonok_core::ids::{ClassId, StudentId};
use zvonok_core::wire::{YearCloseDone, YearCloseRequest, YearCloseView};
use zvonok_core::year_close::{ClassPlan, Outcome, Override, StudentPlan, YearPlan};

use crate::app::backend;
use crate::components::admin::browser;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::year_close::{choices, counts, outcome_id, set_choice, Choice};

#[component]
pub fn YearClosePage() -> impl IntoView {
    let data = RwSignal::new(Load::<YearCloseView>::Loading);
    let overrides = RwSignal::new(BTreeMap::<StudentId, Override>::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move || {
        let be = backend();
        let o = overrides.get_untracked();
        spawn_load(data, async move { be.year_close(&o).await });
    };
    load();
    let pick = move |s: StudentId, c: Choice| {
        overrides.update(|o| set_choice(o, s, c));
        load();
    };
    let confirm = move |plan: YearPlan| {
        let question = ts(
            "yc-confirm-question",
            &[("next", &plan.next_year.title), ("year", &plan.year.title)],
        );
        if !browser::confirm(&question) {
            return;
        }
        busy.set(true);
        let be = backend();
        let req = YearCloseRequest {
            year: plan.year.id,
            overrides: overrides.get_untracked(),
        };
        spawn_local(async move {
            match be.confirm_year_close(&req).await {
                Ok(done) => {
                    notice.set(Some(ts(
                        "yc-done",
                        &[("year", &done.year_title), ("next", &done.next_year_title)],
                    )));
                    error.set(None);
                    overrides.set(BTreeMap::new());
                    load();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let undo = move |done: YearCloseDone| {
        if !browser::confirm(&ts("yc-undo-question", &[("year", &done.year_title)])) {
            return;
        }
        busy.set(true);
        let be = backend();
        spawn_local(async move {
            match be.undo_year_close().await {
                Ok(u) => {
                    notice.set(Some(ts(
                        "yc-undone",
                        &[
                            ("orders", &u.orders_cancelled.to_string()),
                            ("classes", &u.classes_removed.to_string()),
                        ],
                    )));
                    error.set(None);
                    load();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="year-close">
            <h1>{t("yc-title")}</h1>
            <p class="hint">{t("yc-hint")}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => {
                    view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) => {
                    let done = v.done.clone().map(|d| done_view(d, v.undo_problems.clone(), busy, undo));
                    let names = v.class_names.clone();
                    let plan = v.plan.clone().map(|p| {
                        plan_view(p, names, overrides, busy, Callback::new(move |(s, c)| pick(s, c)), confirm)
                    });
                    let plan_error = v.plan_error.clone().map(|e| view! { <p class="hint">{e}</p> });
                    view! { {done} {plan_error} {plan} }.into_any()
                }
            }}
        </section>
    }
}

fn done_view(
    done: YearCloseDone,
    problems: Vec<String>,
    busy: RwSignal<bool>,
    undo: impl Fn(YearCloseDone) + Copy + 'static,
) -> impl IntoView {
    let blocked = !problems.is_empty();
    let d = done.clone();
    view! {
        <div class="card year-close-done">
            <h2>
                {ts("yc-done", &[("year", &done.year_title), ("next", &done.next_year_title)])}
            </h2>
            <h3>{t("yc-done-orders")}</h3>
            <ul>
                {done
                    .orders
                    .iter()
                    .map(|o| {
                        view! {
                            <li>
                                {ts(
                                    "yc-order-row",
                                    &[
                                        ("number", &o.number),
                                        ("date", &date_ru(o.date)),
                                        ("kind", &o.kind),
                                        ("count", &o.students.to_string()),
                                    ],
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {blocked
                .then(|| {
                    view! {
                        <div class="problems">
                            <p>{t("yc-undo-blocked")}</p>
                            <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    }
                })}
            <button
                class="btn danger"
                disabled=move || busy.get() || blocked
                on:click=move |_| undo(d.clone())
            >
                {t("yc-undo")}
            </button>
        </div>
    }
}

fn plan_view(
    plan: YearPlan,
    names: BTreeMap<ClassId, String>,
    overrides: RwSignal<BTreeMap<StudentId, Override>>,
    busy: RwSignal<bool>,
    pick: Callback<(StudentId, Choice)>,
    confirm: impl Fn(YearPlan) + Copy + 'static,
) -> impl IntoView {
    let names = StoredValue::new(names);
    let name = move |c: &ClassId| names.with_value(|n| n.get(c).cloned().unwrap_or_default());
    let blocking: Vec<String> = plan.blocking().map(|p| p.message.clone()).collect();
    let warnings: Vec<String> = plan
        .problems
        .iter()
        .filter(|p| !p.blocking)
        .map(|p| p.message.clone())
        .collect();
    let blocked = !blocking.is_empty();
    let whole = plan.clone();
    let last = plan.last_grade;
    view! {
        <p>
            {ts(
                "yc-year",
                &[
                    ("year", &plan.year.title),
                    ("next", &plan.next_year.title),
                    ("start", &date_ru(plan.next_year.start)),
                    ("end", &date_ru(plan.next_year.end)),
                ],
            )}
        </p>
        {if blocked {
            view! {
                <div class="problems" role="alert">
                    <h2>{t("yc-problems")}</h2>
                    <ul>{blocking.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any()
        } else {
            view! { <p class="ok">{t("yc-no-problems")}</p> }.into_any()
        }}
        {(!warnings.is_empty())
            .then(|| {
                view! {
                    <div class="warnings">
                        <h2>{t("yc-warnings")}</h2>
                        <ul>{warnings.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                }
            })}
        {plan
            .classes
            .iter()
            .map(|c| class_view(c.clone(), last, name(&c.next.unwrap_or(c.class)), overrides, pick, name))
            .collect_view()}
        {(!plan.left.is_empty())
            .then(|| {
                view! {
                    <div class="card">
                        <h2>{t("yc-left")}</h2>
                        <ul>
                            {plan
                                .left
                                .iter()
                                .map(|l| {
                                    view! {
                                        <li>
                                            {ts(
                                                "yc-left-row",
                                                &[
                                                    ("name", &l.name),
                                                    ("class", &name(&l.class)),
                                                    ("date", &date_ru(l.left_on)),
                                                ],
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
        <div class="card">
            <h2>{t("yc-next-classes")}</h2>
            <ul>
                {plan
                    .next_classes
                    .iter()
                    .map(|n| {
                        view! {
                            <li>
                                {ts(
                                    "yc-next-class-row",
                                    &[("class", &n.name), ("count", &n.students.len().to_string())],
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
        <div class="card">
            <h2>{t("yc-calendar")}</h2>
            <ul>
                {plan
                    .next_periods
                    .iter()
                    .map(|p| {
                        view! {
                            <li>
                                {ts(
                                    "yc-period-row",
                                    &[
                                        ("title", &p.title()),
                                        ("start", &date_ru(p.start)),
                                        ("end", &date_ru(p.end)),
                                    ],
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
                {plan
                    .next_holidays
                    .iter()
                    .map(|h| {
                        view! {
                            <li>
                                {ts(
                                    "yc-holiday-row",
                                    &[
                                        ("title", &h.title),
                                        ("start", &date_ru(h.start)),
                                        ("end", &date_ru(h.end)),
                                    ],
                                )}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
        <button
            class="btn primary"
            disabled=move || busy.get() || blocked
            on:click=move |_| confirm(whole.clone())
        >
            {t("yc-confirm")}
        </button>
    }
}

fn class_view(
    c: ClassPlan,
    last: u8,
    next_name: String,
    overrides: RwSignal<BTreeMap<StudentId, Override>>,
    pick: Callback<(StudentId, Choice)>,
    name: impl Fn(&ClassId) -> String + Copy + 'static,
) -> impl IntoView {
    let n = counts(&c);
    let title = if c.next.is_some() {
        ts("yc-class", &[("class", &c.name), ("next", &next_name)])
    } else {
        ts("yc-class-last", &[("class", &c.name)])
    };
    let grade = c.grade;
    view! {
        <div class="card year-close-class">
            <h2>{title}</h2>
            <p class="hint">
                {ts(
                    "yc-counts",
                    &[
                        ("promoted", &n.promoted.to_string()),
                        ("conditional", &n.conditional.to_string()),
                        ("retained", &n.retained.to_string()),
                        ("graduated", &n.graduated.to_string()),
                    ],
                )}
            </p>
            <table class="year-close-students">
                <thead>
                    <tr>
                        <th>{t("yc-student")}</th>
                        <th>{t("yc-outcome")}</th>
                        <th>{t("yc-debts")}</th>
                        <th>{t("yc-next-class")}</th>
                    </tr>
                </thead>
                <tbody>
                    {c
                        .students
                        .into_iter()
                        .map(|s| student_row(s, grade, last, overrides, pick, name))
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn student_row(
    s: StudentPlan,
    grade: u8,
    last: u8,
    overrides: RwSignal<BTreeMap<StudentId, Override>>,
    pick: Callback<(StudentId, Choice)>,
    name: impl Fn(&ClassId) -> String + Copy + 'static,
) -> impl IntoView {
    let id = s.student;
    let current = move || Choice::of(overrides.with(|o| o.get(&id).cloned()).as_ref());
    let options = choices(grade, last, !s.debts.is_empty())
        .into_iter()
        .map(|c| {
            let label = if c == Choice::Proposed {
                format!("{} ({})", t(c.id()), t(outcome_id(&s.proposed)))
            } else {
                t(c.id())
            };
            view! {
                <option value=c.key() selected=move || current() == c>{label}</option>
            }
        })
        .collect_view();
    let debts: Vec<String> = s
        .debts
        .iter()
        .map(|d| format!("{} ({})", d.name, d.mark))
        .collect();
    let deadlines = match &s.outcome {
        Outcome::Conditional { deadlines, .. } if !deadlines.is_empty() => {
            let dates: Vec<String> = deadlines.iter().map(|d| date_ru(*d)).collect();
            Some(ts("yc-deadlines", &[("dates", &dates.join(", "))]))
        }
        _ => None,
    };
    let missing = (s.missing_finals > 0).then(|| {
        ts(
            "yc-missing-finals",
            &[("count", &s.missing_finals.to_string())],
        )
    });
    view! {
        <tr class:overridden=s.overridden>
            <td>{s.name.clone()}</td>
            <td>
                <select
                    aria-label=t("yc-outcome")
                    on:change=move |ev| pick.run((id, Choice::from_key(&event_target_value(&ev))))
                >
                    {options}
                </select>
                {s.overridden.then(|| view! { <span class="hint">{t("yc-overridden")}</span> })}
            </td>
            <td>
                {debts.join(", ")}
                {deadlines.map(|d| view! { <div class="hint">{d}</div> })}
                {missing.map(|m| view! { <div class="hint">{m}</div> })}
            </td>
            <td>{s.to.map(|c| name(&c)).unwrap_or_default()}</td>
        </tr>
    }
}
