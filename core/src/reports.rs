//! Reports over a study period (issue 11, item 1), computed from the school, journal and
//! movement documents with no I/O, so the server makes them for the whole school and a device
//! for what it holds. One concept per submodule:
//!
//! - [`period_results`]: «Итоги успеваемости за учебный период» (counts of final marks,
//!   успеваемость, качество, СОУ, average) per class, grade level, teacher and school;
//! - [`final_sheet`]: «Сводная ведомость итоговых отметок», students × subjects;
//! - [`attendance`]: «Отчёт о посещаемости» for a date range;
//! - [`report_card`]: a student's табель / «Информационное письмо для родителей»;
//! - [`movement_report`]: arrivals, departures and transfers of a period, the roster on a date.
//!
//! This module holds what they share: which journals a period's report reads, who is counted
//! in a class at a date (the movement timeline), whose journal it is, and the percentages.

pub mod access;
pub mod attendance;
pub mod final_sheet;
pub mod movement_report;
pub mod period_results;
pub mod report_card;

#[cfg(test)]
mod fixture;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::doc::journal::{JournalData, JournalMeta};
use crate::doc::school::SchoolData;
use crate::ids::{ClassId, PeriodId, StaffId, StudentId};
use crate::movement::Timeline;
use crate::rights::Cohort;

/// The periods a report «за период» covers: `period` and every period of its year that ends
/// the same day (the 2nd quarter of grades 1–9 and the 1st half-year of grades 10–11 are
/// reported together). Empty if the period is unknown.
pub fn periods_ending_with(school: &SchoolData, period: PeriodId) -> BTreeSet<PeriodId> {
    let Some(p) = school.periods.get(&period) else {
        return BTreeSet::new();
    };
    school
        .periods
        .values()
        .filter(|q| q.year == p.year && q.end == p.end)
        .map(|q| q.id)
        .collect()
}

/// Whether `student` belongs to `class` on `date` by the movement book. A student the book
/// has no order for (lists entered before the orders) belongs where the journal lists them.
pub fn in_class_on(
    timeline: &Timeline,
    student: StudentId,
    class: ClassId,
    date: NaiveDate,
) -> bool {
    match timeline.stints.get(&student) {
        Some(stints) if !stints.is_empty() => timeline.class_on(student, date) == Some(class),
        _ => true,
    }
}

/// The students of a journal counted at its period's end: listed in the journal and, by the
/// movement book, still in the journal's class on the period's last day (a pupil who left or
/// moved to another class before then is not counted here).
pub fn counted_students<'a>(
    journal: &'a JournalData,
    timeline: &'a Timeline,
) -> impl Iterator<Item = (StudentId, &'a str)> + 'a {
    let class = journal.meta.cohort.class();
    let end = journal.meta.end;
    journal
        .students_in_order()
        .into_iter()
        .filter(move |(s, _)| in_class_on(timeline, *s, class, end))
}

/// The teacher whose journal this is: the teaching assignment of its cohort and subject in the
/// period's year (a group's journal falls back to the class's assignment). A substitute who
/// gave some lessons does not change whose journal it is.
pub fn journal_teacher(school: &SchoolData, meta: &JournalMeta) -> Option<StaffId> {
    let year = school.periods.get(&meta.period).map(|p| p.year);
    let of = |cohort: Cohort| {
        school
            .assignments
            .values()
            .filter(|a| a.cohort == cohort && a.subject == meta.subject)
            .filter(|a| year.is_none_or(|y| a.year == y))
            .map(|a| a.teacher)
            .min()
    };
    of(meta.cohort).or_else(|| match meta.cohort {
        Cohort::Group { class, .. } => of(Cohort::Class(class)),
        Cohort::Class(_) => None,
    })
}

/// `part / whole` in hundredths of a percent, rounded half up (2 of 3 → 6667, i.e. 66,67 %);
/// `None` when `whole` is zero.
pub fn percent_centi(part: u32, whole: u32) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let (p, w) = (u64::from(part), u64::from(whole));
    Some(((20_000 * p + w) / (2 * w)) as u32)
}

/// «66,67» from 6667; «—» for none.
pub fn format_centi(v: Option<u32>) -> String {
    match v {
        Some(c) => crate::marks::format_average(c),
        None => "—".into(),
    }
}

/// The journals of `class` (its own and its groups') among `journals`.
pub fn of_class(journals: &[JournalData], class: ClassId) -> impl Iterator<Item = &JournalData> {
    journals
        .iter()
        .filter(move |j| j.meta.cohort.class() == class)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up() {
        // (part, whole, want): 2/3 = 66.666… → 66,67; 1/8 = 12.5 exactly; 1/6 = 16.666… → 16,67;
        // 1/200 = 0.5 % → 50 hundredths.
        for (part, whole, want) in [
            (2, 3, Some(6667)),
            (1, 8, Some(1250)),
            (1, 6, Some(1667)),
            (1, 200, Some(50)),
            (5, 5, Some(10_000)),
            (0, 4, Some(0)),
            (0, 0, None),
        ] {
            assert_eq!(percent_centi(part, whole), want, "{part}/{whole}");
        }
        assert_eq!(format_centi(Some(6667)), "66,67");
        assert_eq!(format_centi(None), "—");
    }
}
