//! «Отчёты» (`#/reports`): pick a report, a class or the whole school, a period or dates (a
//! student for a report card); «Показать» puts the table on screen with its legend; the
//! download buttons fetch the same report from the server as XLSX, PDF or CSV. A school-wide
//! report runs as a job on the server with a progress line ([`job`]). In the app the tables
//! are made on the device from what it holds (the classes it has, offline) and the download
//! buttons give way to a hint that files come from the server in a browser.

mod card_panel;
mod job;
mod tables;

pub use card_panel::ReportCardPanel;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::wire::{ReportFormat, ReportName, ReportsIndex};

use crate::app::backend;
use crate::backend::BackendError;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::t;
use crate::logic::dates::{iso, parse_iso};
use crate::logic::reports::{
    available, initial, query_in_year, school_wide, title_id, uses_class, uses_period, uses_range,
    Choice,
};
use tables::{shown_view, Shown};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let index = RwSignal::new(Load::<ReportsIndex>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(index, async move { be.reports_index().await });
    };
    load();
    view! {
        <section class="reports">
            <h1>{t("reports-title")}</h1>
            <p class="hint">{t("reports-hint")}</p>
            {move || match index.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => {
                    view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(ix) if available(&ix).is_empty() => {
                    view! { <p class="hint">{t("reports-nothing")}</p> }.into_any()
                }
                Load::Ready(ix) => view! { <ReportsForm ix=ix /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReportsForm(ix: ReportsIndex) -> impl IntoView {
    let reports = available(&ix);
    let ix = StoredValue::new(ix);
    let choice = RwSignal::new(ix.with_value(|ix| initial(ix, reports[0])));
    let shown = RwSignal::new(Load::<Shown>::Failed(String::new()));
    let error = RwSignal::new(None::<String>);
    // The progress of a report running as a job on the server.
    let line = RwSignal::new(None::<String>);
    let set = move |f: &dyn Fn(&mut Choice)| choice.update(|c| f(c));

    let show = move |_| {
        let c = choice.get_untracked();
        let q = match ix.with_value(|ix| query_in_year(&c, ix)) {
            Ok(q) => q,
            Err(id) => {
                error.set(Some(t(id)));
                return;
            }
        };
        error.set(None);
        let be = backend();
        spawn_load(shown, async move {
            let r: Result<Shown, BackendError> = match c.report {
                ReportName::Results => job::report_json(&be, &c, q, line).await.map(Shown::Results),
                ReportName::Finals => job::report_json(&be, &c, q, line).await.map(Shown::Finals),
                ReportName::Attendance => job::report_json(&be, &c, q, line)
                    .await
                    .map(Shown::Attendance),
                ReportName::Card => job::report_json(&be, &c, q, line).await.map(Shown::Card),
                ReportName::Movement => job::report_json(&be, &c, q, line)
                    .await
                    .map(Shown::Movement),
            };
            r
        });
    };
    let fetch = move |format: ReportFormat| {
        let c = choice.get_untracked();
        let q = match ix.with_value(|ix| query_in_year(&c, ix)) {
            Ok(q) => q,
            Err(id) => {
                error.set(Some(t(id)));
                return;
            }
        };
        spawn_local(async move {
            let r = job::report_file(&backend(), &c, format, q, line).await;
            crate::components::admin::offer(r, error);
        });
    };

    let report_picker = view! {
        <label>
            {t("reports-report")}
            <select
                name="report"
                on:change=move |ev| {
                    if let Some(r) = ReportName::parse(&event_target_value(&ev)) {
                        choice.set(ix.with_value(|ix| initial(ix, r)));
                        shown.set(Load::Failed(String::new()));
                    }
                }
            >
                {reports
                    .iter()
                    .map(|r| {
                        let r = *r;
                        view! {
                            <option value=r.as_str() selected=move || choice.with(|c| c.report == r)>
                                {t(title_id(r))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    };
    let class_picker = move || {
        let c = choice.get();
        uses_class(c.report).then(|| {
            let school = ix.with_value(|ix| school_wide(c.report, ix));
            let classes = ix.with_value(|ix| ix.classes.clone());
            view! {
                <label>
                    {t("reports-class")}
                    <select
                        name="class"
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse().ok();
                            set(&|c| c.class = v);
                        }
                    >
                        {school
                            .then(|| {
                                view! {
                                    <option value="" selected=c.class.is_none()>
                                        {t("reports-school")}
                                    </option>
                                }
                            })}
                        {classes
                            .into_iter()
                            .map(|k| {
                                let sel = c.class == Some(k.id);
                                view! { <option value=k.id.to_string() selected=sel>{k.name}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    };
    let period_picker = move || {
        let c = choice.get();
        uses_period(c.report).then(|| {
            let periods = ix.with_value(|ix| ix.periods.clone());
            view! {
                <label>
                    {t("reports-period")}
                    <select
                        name="period"
                        disabled=c.whole_year
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse().ok();
                            set(&|c| c.period = v);
                        }
                    >
                        {periods
                            .into_iter()
                            .map(|p| {
                                let sel = c.period == Some(p.id);
                                view! { <option value=p.id.to_string() selected=sel>{p.title}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                {(c.report == ReportName::Finals)
                    .then(|| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name="whole-year"
                                    prop:checked=c.whole_year
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        set(&|c| c.whole_year = on);
                                    }
                                />
                                {t("reports-whole-year")}
                            </label>
                        }
                    })}
            }
        })
    };
    let date_input = move |label: &'static str,
                           name: &'static str,
                           get: fn(&Choice) -> Option<chrono::NaiveDate>,
                           put: fn(&mut Choice, Option<chrono::NaiveDate>)| {
        view! {
            <label>
                {t(label)}
                <input
                    type="date"
                    name=name
                    prop:value=move || choice.with(|c| get(c).map(iso).unwrap_or_default())
                    on:change=move |ev| {
                        let d = parse_iso(&event_target_value(&ev));
                        choice.update(|c| put(c, d));
                    }
                />
            </label>
        }
    };
    let range_picker = move || {
        let c = choice.get();
        uses_range(c.report).then(|| {
            view! {
                {date_input("reports-from", "from", |c| c.from, |c, d| c.from = d)}
                {date_input("reports-to", "to", |c| c.to, |c, d| c.to = d)}
                {(c.report == ReportName::Movement)
                    .then(|| date_input("reports-on", "on", |c| c.on, |c, d| c.on = d))}
            }
        })
    };
    let student_picker = move || {
        let c = choice.get();
        (c.report == ReportName::Card).then(|| {
            let students = ix.with_value(|ix| ix.students.clone());
            let classes = ix.with_value(|ix| ix.classes.clone());
            view! {
                <label>
                    {t("reports-student")}
                    <select
                        name="student"
                        on:change=move |ev| {
                            let v = event_target_value(&ev).parse().ok();
                            set(&|c| c.student = v);
                        }
                    >
                        {students
                            .into_iter()
                            .map(|s| {
                                let sel = c.student == Some(s.id);
                                let class = classes
                                    .iter()
                                    .find(|k| k.id == s.class)
                                    .map(|k| format!(" ({})", k.name))
                                    .unwrap_or_default();
                                view! {
                                    <option value=s.id.to_string() selected=sel>
                                        {format!("{}{class}", s.name)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    };
    let downloads = move || {
        if !backend().report_files() {
            return view! { <p class="hint report-app-files">{t("reports-app-files")}</p> }
                .into_any();
        }
        let formats = crate::logic::reports::formats(&choice.get());
        view! {
            <div class="report-downloads">
                <span>{t("reports-download")}</span>
                {formats
                    .into_iter()
                    .map(|f| {
                        let label = match f {
                            ReportFormat::Xlsx => "Excel",
                            ReportFormat::Pdf => "PDF",
                            ReportFormat::Csv => "CSV",
                            ReportFormat::Json => "JSON",
                        };
                        view! {
                            <button
                                class="btn"
                                name=format!("report-{}", f.extension())
                                on:click=move |_| fetch(f)
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any()
    };

    view! {
        <div class="report-form card">
            {report_picker}
            {class_picker}
            {period_picker}
            {range_picker}
            {student_picker}
            <button class="btn primary" name="report-show" on:click=show>
                {t("reports-show")}
            </button>
            {downloads}
            <crate::components::admin::InlineError error=error />
            {move || {
                line.get().map(|l| view! { <p class="hint report-progress" role="status">{l}</p> })
            }}
        </div>
        {move || match shown.get() {
            Load::Loading => view! { <Spinner /> }.into_any(),
            Load::Failed(m) if m.is_empty() => ().into_any(),
            Load::Failed(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            Load::Ready(s) => shown_view(s),
        }}
    }
}
