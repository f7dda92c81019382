//! Step 2: the academic year, its study periods (quarters, half-years or trimesters, with
//! default boundaries the coordinator adjusts) and its holidays, saved at once with
//! `SetYearCalendar` and made the current year.

use leptos::prelude::*;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::{HolidayId, PeriodId, YearId};
use zvonok_core::model::{AcademicYear, Holiday, PeriodKind, StudyPeriod};

use super::{wizard, Field};
use crate::i18n::{t, ts};
use crate::logic::dates::{iso, parse_iso};
use crate::logic::setup_calendar::{
    default_holidays, default_periods, default_year, school_year_start,
};
use crate::platform;

#[derive(Clone, Copy)]
struct PeriodRow {
    id: PeriodId,
    kind: PeriodKind,
    number: u8,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

impl PeriodRow {
    fn of(p: &StudyPeriod) -> Self {
        PeriodRow {
            id: p.id,
            kind: p.kind,
            number: p.number,
            start: RwSignal::new(iso(p.start)),
            end: RwSignal::new(iso(p.end)),
        }
    }
}

#[derive(Clone, Copy)]
struct HolidayRow {
    id: HolidayId,
    title: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

impl HolidayRow {
    fn of(h: &Holiday) -> Self {
        HolidayRow {
            id: h.id,
            title: RwSignal::new(h.title.clone()),
            start: RwSignal::new(iso(h.start)),
            end: RwSignal::new(iso(h.end)),
        }
    }
}

fn kind_title(k: PeriodKind) -> String {
    match k {
        PeriodKind::Quarter => t("setup-kind-quarter"),
        PeriodKind::HalfYear => t("setup-kind-halfyear"),
        PeriodKind::Trimester => t("setup-kind-trimester"),
    }
}

/// «1 четверть».
fn period_title(k: PeriodKind, n: u8) -> String {
    let n = n.to_string();
    match k {
        PeriodKind::Quarter => ts("setup-period-quarter", &[("n", &n)]),
        PeriodKind::HalfYear => ts("setup-period-halfyear", &[("n", &n)]),
        PeriodKind::Trimester => ts("setup-period-trimester", &[("n", &n)]),
    }
}

fn holiday_titles() -> [String; 3] {
    [
        t("setup-holiday-autumn"),
        t("setup-holiday-winter"),
        t("setup-holiday-spring"),
    ]
}

#[component]
pub fn YearStep(data: SchoolData) -> impl IntoView {
    let w = wizard();
    let existing = data.current_year.and_then(|y| data.years.get(&y)).cloned();
    let is_new = existing.is_none();
    let year = existing.unwrap_or_else(|| default_year(school_year_start(platform::today())));
    let year_id: YearId = year.id;
    let was_current = data.current_year == Some(year_id);
    let title = RwSignal::new(year.title.clone());
    let start = RwSignal::new(iso(year.start));
    let end = RwSignal::new(iso(year.end));
    let mut periods: Vec<StudyPeriod> = data
        .periods
        .values()
        .filter(|p| p.year == year_id)
        .cloned()
        .collect();
    periods.sort_by_key(|p| (p.kind.as_str(), p.number));
    let mut holidays: Vec<Holiday> = data
        .holidays
        .values()
        .filter(|h| h.year == year_id)
        .cloned()
        .collect();
    holidays.sort_by_key(|h| h.start);
    let kind = RwSignal::new(periods.first().map_or(PeriodKind::Quarter, |p| p.kind));
    if is_new {
        let [a, b, c] = holiday_titles();
        holidays = default_holidays(&year, [&a, &b, &c]);
        periods = default_periods(&year, PeriodKind::Quarter, &holidays);
    }
    let period_rows = RwSignal::new(periods.iter().map(PeriodRow::of).collect::<Vec<_>>());
    let holiday_rows = RwSignal::new(holidays.iter().map(HolidayRow::of).collect::<Vec<_>>());

    // The year as typed (the saved one when a date does not read).
    let typed_year = move || -> Option<AcademicYear> {
        Some(AcademicYear {
            id: year_id,
            title: title.get_untracked().trim().to_string(),
            start: parse_iso(&start.get_untracked())?,
            end: parse_iso(&end.get_untracked())?,
        })
    };
    let typed_holidays = move || -> Option<Vec<Holiday>> {
        holiday_rows
            .get_untracked()
            .iter()
            .map(|h| {
                Some(Holiday {
                    id: h.id,
                    year: year_id,
                    title: h.title.get_untracked().trim().to_string(),
                    start: parse_iso(&h.start.get_untracked())?,
                    end: parse_iso(&h.end.get_untracked())?,
                })
            })
            .collect()
    };
    let regenerate_periods = move |k: PeriodKind| {
        let (Some(y), Some(h)) = (typed_year(), typed_holidays()) else {
            w.refuse(t("setup-bad-date"));
            return;
        };
        let p = default_periods(&y, k, &h);
        period_rows.set(p.iter().map(PeriodRow::of).collect());
    };
    let fill_defaults = move |_| {
        let Some(y) = typed_year() else {
            w.refuse(t("setup-bad-date"));
            return;
        };
        let [a, b, c] = holiday_titles();
        let h = default_holidays(&y, [&a, &b, &c]);
        period_rows.set(
            default_periods(&y, kind.get_untracked(), &h)
                .iter()
                .map(PeriodRow::of)
                .collect(),
        );
        holiday_rows.set(h.iter().map(HolidayRow::of).collect());
    };
    let add_holiday = move |_| {
        let Some(y) = typed_year() else {
            w.refuse(t("setup-bad-date"));
            return;
        };
        let h = Holiday {
            id: HolidayId::new(),
            year: year_id,
            title: String::new(),
            start: y.start,
            end: y.start,
        };
        holiday_rows.update(|r| r.push(HolidayRow::of(&h)));
    };
    let save = move |_| {
        let Some(y) = typed_year() else {
            w.refuse(t("setup-bad-date"));
            return;
        };
        let Some(h) = typed_holidays() else {
            w.refuse(t("setup-bad-date"));
            return;
        };
        let p: Option<Vec<StudyPeriod>> = period_rows
            .get_untracked()
            .iter()
            .map(|r| {
                Some(StudyPeriod {
                    id: r.id,
                    year: year_id,
                    kind: r.kind,
                    number: r.number,
                    start: parse_iso(&r.start.get_untracked())?,
                    end: parse_iso(&r.end.get_untracked())?,
                })
            })
            .collect();
        let Some(p) = p else {
            w.refuse(t("setup-bad-date"));
            return;
        };
        let mut ops = vec![SchoolOp::SetYearCalendar {
            year: y,
            periods: p,
            holidays: h,
        }];
        if !was_current {
            ops.push(SchoolOp::SetCurrentYear { year: year_id });
        }
        w.save(ops);
    };

    view! {
        <div class="setup-form">
            <div class="setup-row">
                <Field label=t("setup-year-title") value=title name="year-title" />
                <Field label=t("setup-year-start") value=start kind="date" name="year-start" />
                <Field label=t("setup-year-end") value=end kind="date" name="year-end" />
            </div>
            <div class="setup-row">
                <label class="field">
                    <span>{t("setup-period-kind")}</span>
                    <select
                        name="period-kind"
                        on:change=move |ev| {
                            if let Some(k) = PeriodKind::parse(&event_target_value(&ev)) {
                                kind.set(k);
                                regenerate_periods(k);
                            }
                        }
                    >
                        {[PeriodKind::Quarter, PeriodKind::HalfYear, PeriodKind::Trimester]
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.as_str() selected=move || kind.get() == k>
                                        {kind_title(k)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button class="btn" on:click=fill_defaults>{t("setup-year-defaults")}</button>
            </div>
            <h2>{t("setup-periods")}</h2>
            <table class="setup-table">
                <thead>
                    <tr>
                        <th>{t("setup-period")}</th>
                        <th>{t("setup-from")}</th>
                        <th>{t("setup-to")}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || period_rows.get() key=|r| r.id let:r>
                        <tr>
                            <td>{period_title(r.kind, r.number)}</td>
                            <td>
                                <input
                                    type="date"
                                    aria-label=t("setup-from")
                                    prop:value=move || r.start.get()
                                    on:input=move |ev| r.start.set(event_target_value(&ev))
                                />
                            </td>
                            <td>
                                <input
                                    type="date"
                                    aria-label=t("setup-to")
                                    prop:value=move || r.end.get()
                                    on:input=move |ev| r.end.set(event_target_value(&ev))
                                />
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <h2>{t("setup-holidays")}</h2>
            <table class="setup-table holidays">
                <thead>
                    <tr>
                        <th>{t("setup-holiday-title")}</th>
                        <th>{t("setup-from")}</th>
                        <th>{t("setup-to")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || holiday_rows.get() key=|r| r.id let:r>
                        <tr>
                            <td>
                                <input
                                    aria-label=t("setup-holiday-title")
                                    prop:value=move || r.title.get()
                                    on:input=move |ev| r.title.set(event_target_value(&ev))
                                />
                            </td>
                            <td>
                                <input
                                    type="date"
                                    aria-label=t("setup-from")
                                    prop:value=move || r.start.get()
                                    on:input=move |ev| r.start.set(event_target_value(&ev))
                                />
                            </td>
                            <td>
                                <input
                                    type="date"
                                    aria-label=t("setup-to")
                                    prop:value=move || r.end.get()
                                    on:input=move |ev| r.end.set(event_target_value(&ev))
                                />
                            </td>
                            <td>
                                <button
                                    class="btn ghost"
                                    on:click=move |_| {
                                        holiday_rows.update(|rows| rows.retain(|x| x.id != r.id))
                                    }
                                >
                                    {t("setup-remove")}
                                </button>
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <div class="setup-actions">
                <button class="btn" on:click=add_holiday>{t("setup-holiday-add")}</button>
                <button class="btn primary" on:click=save>{t("setup-save")}</button>
            </div>
        </div>
    }
}
