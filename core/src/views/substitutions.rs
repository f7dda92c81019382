//! The monthly substitutions report (schools pay for substituted hours): who replaced whom,
//! on which date, which lesson of which class and subject, and the hours per substitute.
//! Built from the timetable's changes by date (`crate::timetable_changes`); the server serves
//! it as JSON and as XLSX.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::doc::timetable_changes::{ChangeKind, Changes};
use crate::ids::{ChangeId, StaffId};

/// One substituted lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstitutionRow {
    pub change: ChangeId,
    pub date: NaiveDate,
    pub number: u8,
    /// «5А» or «5А · Группа 1».
    pub class: String,
    pub subject: String,
    pub substitute: StaffId,
    /// «Петрова М. И.»
    pub substitute_name: String,
    /// The slot's lead teacher.
    pub replaced: StaffId,
    /// The slot's other teachers, replaced too (a substitute gives the lesson instead of all
    /// of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_replaced: Vec<StaffId>,
    /// Every replaced teacher, the lead first: «Иванова А. А., Петрова С. И.».
    pub replaced_name: String,
    pub room: String,
    pub note: String,
}

/// The lessons one teacher gave as a substitute in the month (one lesson = one hour).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstituteHours {
    pub teacher: StaffId,
    pub name: String,
    pub hours: u32,
}

/// `GET /v1/web/timetable/substitutions?month=YYYY-MM`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubstitutionsView {
    /// «2026-09».
    pub month: String,
    /// By date, lesson number, class.
    pub rows: Vec<SubstitutionRow>,
    /// By name.
    pub totals: Vec<SubstituteHours>,
}

/// Parses «YYYY-MM» into the month's first and last day.
pub fn month_range(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, m) = month.trim().split_once('-')?;
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

/// The substitutions of `from..=to` (changes whose slot is gone are left out: nothing says
/// which lesson they were).
pub fn substitutions(
    school: &SchoolData,
    timetable: &TimetableData,
    changes: &Changes,
    month: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> SubstitutionsView {
    let name = |t: StaffId| {
        school
            .staff
            .get(&t)
            .map(|s| s.short_name())
            .unwrap_or_default()
    };
    let mut rows: Vec<SubstitutionRow> = changes
        .values()
        .filter(|c| c.kind == ChangeKind::Substitute && (from..=to).contains(&c.date))
        .filter_map(|c| {
            let slot = timetable.slots.get(&c.slot)?;
            let substitute = c.teacher?;
            Some(SubstitutionRow {
                change: c.id,
                date: c.date,
                number: slot.number,
                class: school.cohort_name(&slot.cohort),
                subject: school
                    .subjects
                    .get(&slot.subject)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                substitute,
                substitute_name: name(substitute),
                replaced: slot.teacher,
                also_replaced: slot.co_teachers.clone(),
                replaced_name: slot.teachers().map(name).collect::<Vec<_>>().join(", "),
                room: if c.room.trim().is_empty() {
                    slot.room.clone()
                } else {
                    c.room.trim().to_string()
                },
                note: c.note.clone(),
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.date, a.number, &a.class).cmp(&(b.date, b.number, &b.class)));
    let mut hours: BTreeMap<StaffId, u32> = BTreeMap::new();
    for r in &rows {
        *hours.entry(r.substitute).or_default() += 1;
    }
    let mut totals: Vec<SubstituteHours> = hours
        .into_iter()
        .map(|(teacher, hours)| SubstituteHours {
            teacher,
            name: name(teacher),
            hours,
        })
        .collect();
    totals.sort_by(|a, b| a.name.cmp(&b.name).then(a.teacher.cmp(&b.teacher)));
    SubstitutionsView {
        month: month.trim().to_string(),
        rows,
        totals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_have_their_days() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(
            month_range("2026-09"),
            Some((d(2026, 9, 1), d(2026, 9, 30)))
        );
        assert_eq!(
            month_range("2026-12"),
            Some((d(2026, 12, 1), d(2026, 12, 31)))
        );
        assert_eq!(
            month_range("2027-02"),
            Some((d(2027, 2, 1), d(2027, 2, 28)))
        );
        assert_eq!(month_range("2026-13"), None);
        assert_eq!(month_range("сентябрь"), None);
    }
}
