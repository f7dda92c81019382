//! Who may read which period report, and the default period: the decisions the server's
//! `/v1/web/reports` and a device's offline reports share, each right through `rights::may`.

use chrono::{Duration, NaiveDate};

use crate::doc::school::SchoolData;
use crate::ids::{ClassId, PeriodId};
use crate::rights::{may, Action, Directory, Principal, Resource};
use crate::wire::ReportQuery;

/// Refusal of the school-wide reports.
pub const MAY_SCHOOL: &str = "отчёт по всей школе доступен тем, кто может читать все журналы \
школы (право «Просматривать все классные журналы»); выберите свой класс";
/// Refusal of a class's reports.
pub const MAY_CLASS: &str = "отчёты класса доступны классному руководителю, учителям класса и \
тем, кто читает все журналы; выберите свой класс";
/// Refusal of a student's report card.
pub const MAY_CARD: &str = "табель ученика видят сам ученик, его родители и сотрудники, которые \
ведут его класс; выберите своего ребёнка";
/// Refusal of the movement report.
pub const MAY_MOVEMENT: &str = "отчёт о движении учащихся доступен тем, кто ведёт или читает \
книгу движения; попросите право «Просматривать книгу движения учащихся»";

/// A class's reports: its list readable and every journal of the class (`journals`: the
/// resources of the class's journals the caller knows of) readable.
pub fn class_readable(
    p: &Principal,
    dir: &Directory,
    class: ClassId,
    journals: impl IntoIterator<Item = Resource>,
) -> bool {
    may(p, Action::Read, Resource::Roster(class), dir)
        && journals
            .into_iter()
            .all(|res| may(p, Action::Read, res, dir))
}

/// The classes of the school's current year.
pub fn year_classes(school: &SchoolData) -> Vec<ClassId> {
    school
        .classes
        .values()
        .filter(|c| Some(c.year) == school.current_year)
        .map(|c| c.id)
        .collect()
}

/// The shortest period that contains `today` (a quarter rather than the half-year around
/// it), else the last that ended, else the first.
pub fn default_period(school: &SchoolData, today: NaiveDate) -> Option<PeriodId> {
    let periods = school.current_periods();
    periods
        .iter()
        .filter(|p| p.contains(today))
        .min_by_key(|p| (p.end - p.start, p.start))
        .or_else(|| periods.iter().rev().find(|p| p.end < today))
        .or(periods.first())
        .map(|p| p.id)
}

/// The longest attendance range, days.
pub const MAX_RANGE_DAYS: i64 = 400;

/// Why a report's period or dates cannot be taken as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PickError {
    #[error("в учебном году нет периодов: задайте четверти или полугодия в настройке школы")]
    NoPeriods,
    #[error("такого учебного периода нет; выберите период из списка")]
    UnknownPeriod,
    #[error("конец периода раньше начала: поменяйте даты местами")]
    Reversed,
    #[error("слишком длинный период: не больше {MAX_RANGE_DAYS} дней; выберите учебный год или его часть")]
    TooLong,
}

/// The period asked for, or the default one around `today`.
pub fn pick_period(
    school: &SchoolData,
    asked: Option<PeriodId>,
    today: NaiveDate,
) -> Result<PeriodId, PickError> {
    let id = match asked {
        Some(p) => p,
        None => default_period(school, today).ok_or(PickError::NoPeriods)?,
    };
    if !school.periods.contains_key(&id) {
        return Err(PickError::UnknownPeriod);
    }
    Ok(id)
}

/// The dates of an attendance report: `from..=to` as asked, the missing ends taken from the
/// period (asked or default; its end no later than `today`).
pub fn pick_range(
    school: &SchoolData,
    q: &ReportQuery,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), PickError> {
    let (from, to) = match (q.from, q.to) {
        (Some(f), Some(t)) => (f, t),
        _ => {
            let p = &school.periods[&pick_period(school, q.period, today)?];
            (
                q.from.unwrap_or(p.start),
                q.to.unwrap_or(p.end.min(today).max(p.start)),
            )
        }
    };
    if to < from {
        return Err(PickError::Reversed);
    }
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(PickError::TooLong);
    }
    Ok((from, to))
}
