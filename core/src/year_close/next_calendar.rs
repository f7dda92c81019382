//! Next year's calendar proposed from this year's: the same periods and holidays, every date
//! moved by 52 weeks (364 days) so it falls on the same weekday; the year's first day is the
//! first school day from the same day of the month a year later (1 September, or the Monday
//! after it when it is a day off), and a period that ended with the year ends with the new year
//! (the same day and month). Ids are derived from this year's, so a proposal made twice (or
//! again after an undo) is the same.

use chrono::{Datelike, Duration, NaiveDate};

use super::orders::{derived_id, next_year_id};
use crate::calendar::is_weekend;
use crate::doc::school::SchoolData;
use crate::ids::{HolidayId, PeriodId};
use crate::model::{AcademicYear, Holiday, StudyPeriod};

/// 52 weeks: the same weekday about a year later.
pub const SHIFT_DAYS: i64 = 364;

/// The same day and month a year later (29 February → 28 February).
pub fn a_year_later(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() + 1, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(d.year() + 1, d.month(), d.day() - 1))
        .unwrap_or(d + Duration::days(365))
}

fn first_school_day(mut d: NaiveDate, week_days: u8) -> NaiveDate {
    while is_weekend(d, week_days) {
        d += Duration::days(1);
    }
    d
}

/// «2026/2027» → «2027/2028»; another title: the new dates' years.
pub fn next_title(year: &AcademicYear, next: &AcademicYear) -> String {
    let parts: Vec<&str> = year.title.trim().split('/').collect();
    if let [a, b] = parts.as_slice() {
        if let (Ok(a), Ok(b)) = (a.trim().parse::<i32>(), b.trim().parse::<i32>()) {
            return format!("{}/{}", a + 1, b + 1);
        }
    }
    format!("{}/{}", next.start.year(), next.end.year())
}

/// Next year, its periods and its holidays.
pub fn propose(
    school: &SchoolData,
    year: &AcademicYear,
) -> (AcademicYear, Vec<StudyPeriod>, Vec<Holiday>) {
    let id = next_year_id(year.id);
    let start = first_school_day(a_year_later(year.start), school.week_days);
    let end = a_year_later(year.end);
    let mut next = AcademicYear {
        id,
        title: String::new(),
        start,
        end,
    };
    next.title = next_title(year, &next);
    let shift = |d: NaiveDate| d + Duration::days(SHIFT_DAYS);
    let mut periods: Vec<StudyPeriod> = school
        .periods
        .values()
        .filter(|p| p.year == year.id)
        .map(|p| StudyPeriod {
            id: PeriodId::from_bytes(derived_id(&[
                "year-close/period",
                &year.id.to_string(),
                &p.id.to_string(),
            ])),
            year: id,
            kind: p.kind,
            number: p.number,
            start: if p.start <= year.start {
                start
            } else {
                shift(p.start)
            },
            end: if p.end >= year.end {
                end
            } else {
                shift(p.end).min(end)
            },
        })
        .collect();
    periods.sort_by_key(|p| (p.kind.as_str(), p.number));
    let mut holidays: Vec<Holiday> = school
        .holidays
        .values()
        .filter(|h| h.year == year.id)
        .map(|h| Holiday {
            id: HolidayId::from_bytes(derived_id(&[
                "year-close/holiday",
                &year.id.to_string(),
                &h.id.to_string(),
            ])),
            year: id,
            title: h.title.clone(),
            start: shift(h.start).max(start),
            end: shift(h.end).min(end),
        })
        .collect();
    holidays.sort_by_key(|h| h.start);
    (next, periods, holidays)
}
