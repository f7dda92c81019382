//! Who may read which period report, and the default period: the decisions the server's
//! `/v1/web/reports` and a device's offline reports share, each right through `rights::may`.

use chrono::NaiveDate;

use crate::doc::school::SchoolData;
use crate::ids::{ClassId, PeriodId};
use crate::rights::{may, Action, Directory, Principal, Resource};

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
