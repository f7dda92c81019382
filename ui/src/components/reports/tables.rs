//! The reports as HTML tables: one view per report kind, with the legend core writes.

use leptos::prelude::*;
use zvonok_core::reports::attendance::{AttendanceCounts, AttendanceReport};
use zvonok_core::reports::final_sheet::FinalSheet;
use zvonok_core::reports::period_results::{PeriodResults, ResultRow, ResultTable};
use zvonok_core::reports::report_card::ReportCard;
use zvonok_core::wire::MovementView;

use crate::i18n::{t, ts};
use crate::logic::reports::centi;

/// What the screen shows: the last report loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Results(PeriodResults),
    Finals(FinalSheet),
    Attendance(AttendanceReport),
    Card(ReportCard),
    Movement(MovementView),
}

pub fn shown_view(s: Shown) -> AnyView {
    match s {
        Shown::Results(r) => results_view(r).into_any(),
        Shown::Finals(f) => finals_view(f).into_any(),
        Shown::Attendance(a) => attendance_view(a).into_any(),
        Shown::Card(c) => card_view(c).into_any(),
        Shown::Movement(m) => movement_view(m).into_any(),
    }
}

fn legend(lines: Vec<String>) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        view! {
            <details class="report-legend" open>
                <summary>{t("reports-legend")}</summary>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </details>
        }
    })
}

fn head(cols: Vec<String>) -> impl IntoView {
    view! {
        <thead>
            <tr>{cols.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
        </thead>
    }
}

fn result_row(r: ResultRow, total: bool) -> impl IntoView {
    let c = r.counts;
    let n = |v: u32| view! { <td class="num">{v}</td> };
    view! {
        <tr class:total=total>
            <th scope="row">{r.label}</th>
            {n(r.n)}
            {n(c.n5)}
            {n(c.n4)}
            {n(c.n3)}
            {n(c.n2)}
            {n(c.not_assessed)}
            {n(c.pass)}
            {n(c.fail)}
            {n(c.missing)}
            {n(c.exempt)}
            <td class="num">{centi(r.success)}</td>
            <td class="num">{centi(r.quality)}</td>
            <td class="num">{centi(r.sou)}</td>
            <td class="num">{centi(r.average)}</td>
        </tr>
    }
}

fn result_table(table: ResultTable, first: &'static str) -> impl IntoView {
    let cols: Vec<String> = [first, "reports-col-n"]
        .iter()
        .map(|id| t(id))
        .chain(["5", "4", "3", "2"].iter().map(|s| s.to_string()))
        .chain(
            [
                "reports-col-na",
                "reports-col-pass",
                "reports-col-fail",
                "reports-col-missing",
                "reports-col-exempt",
                "reports-col-success",
                "reports-col-quality",
                "reports-col-sou",
                "reports-col-average",
            ]
            .iter()
            .map(|id| t(id)),
        )
        .collect();
    view! {
        <div class="report-table">
            <h3>{table.title}</h3>
            <table class="report">
                {head(cols)}
                <tbody>
                    {table.rows.into_iter().map(|r| result_row(r, false)).collect_view()}
                    {result_row(table.total, true)}
                </tbody>
            </table>
        </div>
    }
}

fn results_view(r: PeriodResults) -> impl IntoView {
    let one_class = r.classes.len() == 1 && r.grades.len() == 1;
    let sections = if one_class {
        vec![(None, r.classes, "reports-col-subject")]
    } else {
        vec![
            (
                Some("reports-sec-school"),
                vec![r.school],
                "reports-col-grade",
            ),
            (Some("reports-sec-grades"), r.grades, "reports-col-class"),
            (
                Some("reports-sec-classes"),
                r.classes,
                "reports-col-subject",
            ),
            (
                Some("reports-sec-teachers"),
                r.teachers,
                "reports-col-journal",
            ),
        ]
    };
    view! {
        <div class="report-results">
            <h2>{r.period}</h2>
            {sections
                .into_iter()
                .map(|(title, tables, first)| {
                    view! {
                        <section>
                            {title.map(|id| view! { <h2 class="report-section">{t(id)}</h2> })}
                            {tables.into_iter().map(|tb| result_table(tb, first)).collect_view()}
                        </section>
                    }
                })
                .collect_view()}
            {legend(r.legend)}
        </div>
    }
}

fn finals_view(f: FinalSheet) -> impl IntoView {
    let one_period = f.columns.windows(2).all(|w| w[0].period == w[1].period);
    let mut cols = vec![t("reports-col-no"), t("reports-col-student")];
    cols.extend(f.columns.iter().map(|c| {
        if one_period {
            c.subject_name.clone()
        } else {
            format!("{} ({})", c.subject_name, c.period_title)
        }
    }));
    view! {
        <div class="report-table">
            <h2>{f.title}</h2>
            {f.rows.is_empty().then(|| view! { <p class="hint">{t("reports-empty")}</p> })}
            <table class="report finals">
                {head(cols)}
                <tbody>
                    {f
                        .rows
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| {
                            view! {
                                <tr>
                                    <td class="num">{i + 1}</td>
                                    <th scope="row">{r.name}</th>
                                    {r
                                        .cells
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <td class="mark">
                                                    {c.map(|v| v.to_string()).unwrap_or_default()}
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {legend(f.note.into_iter().collect())}
        </div>
    }
}

fn attendance_row(label: String, c: AttendanceCounts, total: bool) -> impl IntoView {
    view! {
        <tr class:total=total>
            <th scope="row">{label}</th>
            <td class="num">{c.lessons}</td>
            <td class="num">{c.absent}</td>
            <td class="num">{c.ill}</td>
            <td class="num">{c.excused}</td>
            <td class="num">{c.missed()}</td>
            <td class="num">{c.days_missed}</td>
            <td class="num">{c.late}</td>
            <td class="num">{centi(c.excused_share())}</td>
        </tr>
    }
}

fn attendance_head(first: &str) -> impl IntoView {
    let mut cols = vec![t(first), t("reports-col-lessons")];
    cols.extend(["Н", "Б", "УП"].iter().map(|s| s.to_string()));
    cols.extend(
        [
            "reports-col-missed",
            "reports-col-days",
            "reports-col-late",
            "reports-col-excused",
        ]
        .iter()
        .map(|id| t(id)),
    );
    head(cols)
}

fn attendance_view(a: AttendanceReport) -> impl IntoView {
    let span = format!(
        "{} – {}",
        a.from.format("%d.%m.%Y"),
        a.to.format("%d.%m.%Y")
    );
    let several = a.classes.len() > 1;
    let summary = several.then(|| {
        let rows: Vec<_> = a
            .classes
            .iter()
            .map(|c| (c.name.clone(), c.total))
            .collect();
        view! {
            <table class="report">
                {attendance_head("reports-col-class")}
                <tbody>
                    {rows.into_iter().map(|(n, c)| attendance_row(n, c, false)).collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <div class="report-attendance">
            <h2>{span}</h2>
            {a.classes.is_empty().then(|| view! { <p class="hint">{t("reports-empty")}</p> })}
            {summary}
            {a
                .classes
                .into_iter()
                .map(|c| {
                    view! {
                        <div class="report-table">
                            <h3>{c.name}</h3>
                            <table class="report">
                                {attendance_head("reports-col-student")}
                                <tbody>
                                    {c
                                        .students
                                        .into_iter()
                                        .map(|s| attendance_row(s.name, s.counts, false))
                                        .collect_view()}
                                    {attendance_row(t("reports-total"), c.total, true)}
                                </tbody>
                            </table>
                        </div>
                    }
                })
                .collect_view()}
            {legend(a.legend)}
        </div>
    }
}

pub(super) fn card_view(c: ReportCard) -> impl IntoView {
    let mut cols = vec![t("reports-col-subject")];
    cols.extend(c.periods.iter().map(|p| p.title.clone()));
    cols.extend(
        [
            "reports-col-average",
            "reports-col-missed",
            "reports-col-excused-n",
            "reports-col-late",
        ]
        .iter()
        .map(|id| t(id)),
    );
    let blanks = c.periods.len() + 1;
    view! {
        <div class="report-table report-card">
            <h2>{format!("{} · {} · {}", c.name, c.class, c.period)}</h2>
            <p class="hint">{c.school.clone()}</p>
            <table class="report">
                {head(cols)}
                <tbody>
                    {c
                        .rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row">{r.name}</th>
                                    {r
                                        .finals
                                        .into_iter()
                                        .map(|v| {
                                            view! {
                                                <td class="mark">
                                                    {v.map(|v| v.to_string()).unwrap_or_default()}
                                                </td>
                                            }
                                        })
                                        .collect_view()}
                                    <td class="num">{centi(r.average)}</td>
                                    <td class="num">{r.missed}</td>
                                    <td class="num">{r.excused}</td>
                                    <td class="num">{r.late}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                    <tr class="total">
                        <th scope="row">{t("reports-total")}</th>
                        {(0..blanks).map(|_| view! { <td></td> }).collect_view()}
                        <td class="num">{c.missed}</td>
                        <td class="num">{c.excused}</td>
                        <td class="num">{c.late}</td>
                    </tr>
                </tbody>
            </table>
            {legend(vec![c.note])}
        </div>
    }
}

fn movement_view(m: MovementView) -> impl IntoView {
    let r = m.report;
    let span = format!(
        "{} – {}",
        r.from.format("%d.%m.%Y"),
        r.to.format("%d.%m.%Y")
    );
    let cols: Vec<String> = [
        "reports-col-class",
        "reports-col-at-start",
        "reports-col-enrolled",
        "reports-col-in",
        "reports-col-out",
        "reports-col-withdrawn",
        "reports-col-at-end",
    ]
    .iter()
    .map(|id| t(id))
    .collect();
    let row = |c: zvonok_core::reports::movement_report::ClassMovement, total: bool| {
        view! {
            <tr class:total=total>
                <th scope="row">{c.name}</th>
                <td class="num">{c.at_start}</td>
                <td class="num">{c.enrolled}</td>
                <td class="num">{c.transferred_in}</td>
                <td class="num">{c.transferred_out}</td>
                <td class="num">{c.withdrawn}</td>
                <td class="num">{c.at_end}</td>
            </tr>
        }
    };
    let order_cols: Vec<String> = [
        "reports-col-date",
        "reports-col-no",
        "reports-col-order",
        "reports-col-student",
        "reports-col-cancelled",
    ]
    .iter()
    .map(|id| t(id))
    .collect();
    let on = m.roster.date.format("%d.%m.%Y").to_string();
    let count = m.roster.total.to_string();
    view! {
        <div class="report-movement">
            <h2>{span}</h2>
            <table class="report">
                {head(cols)}
                <tbody>
                    {r.classes.into_iter().map(|c| row(c, false)).collect_view()}
                    {row(r.total, true)}
                </tbody>
            </table>
            <h3>{t("reports-orders")}</h3>
            <table class="report">
                {head(order_cols)}
                <tbody>
                    {r
                        .entries
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    <td>{e.date.format("%d.%m.%Y").to_string()}</td>
                                    <td>{e.number}</td>
                                    <td>{e.kind.title_ru()}</td>
                                    <td>{e.name}</td>
                                    <td>{e.cancelled_by.map(|_| t("reports-yes"))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h3>{ts("reports-roster-on", &[("date", &on), ("count", &count)])}</h3>
            {m
                .roster
                .classes
                .into_iter()
                .map(|c| {
                    view! {
                        <details class="report-roster">
                            <summary>{format!("{} — {}", c.name, c.students.len())}</summary>
                            <ol>
                                {c
                                    .students
                                    .into_iter()
                                    .map(|(_, n)| view! { <li>{n}</li> })
                                    .collect_view()}
                            </ol>
                        </details>
                    }
                })
                .collect_view()}
        </div>
    }
}
