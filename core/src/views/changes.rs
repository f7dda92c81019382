//! The changes by date of a range of dates, readable: what the coordinator's «changes and
//! substitutions for a date» screen lists (built alike by the server, `GET
//! /v1/web/timetable/changes`, and by a device from its replica). Each change comes with the
//! lesson it concerns in words, and the clashes of the range's days after the changes
//! (`timetable_changes::day_clashes`), so the screen shows conflicts in place.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::doc::timetable_changes::{Changes, LessonChange};
use crate::timetable_changes::day_clashes;

/// One change with its lesson in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    pub change: LessonChange,
    /// The slot's lesson number (0 when the slot is gone).
    pub number: u8,
    /// «5А» or «5А · Группа 1».
    pub class: String,
    pub subject: String,
    /// The slot's teachers, the lead first («Соколова И. П.», «Соколова И. П., Орлова М. А.»).
    pub teacher: String,
    /// The substitute, for a substitution.
    pub substitute: String,
    /// «урок отменён», «урок перенесён», «замена».
    pub title: String,
}

/// The changes touching `from..=to` and the clashes of those days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangesView {
    pub changes: Vec<ChangeView>,
    /// Messages of the clashes on the range's days after the changes (a teacher, room or
    /// class in two places), by date.
    pub clashes: Vec<String>,
    /// Whether this user may write changes («Редактировать расписание»).
    pub can_edit: bool,
}

/// The longest range of dates one view covers.
pub const MAX_RANGE_DAYS: i64 = 62;

/// The range rule shared by the server and the device: `from ≤ to`, at most
/// [`MAX_RANGE_DAYS`] days. The error says what to send instead.
pub fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), String> {
    if to < from || (to - from).num_days() >= MAX_RANGE_DAYS {
        return Err(format!(
            "укажите даты from и to в виде ГГГГ-ММ-ДД, не раньше одна другой и не больше \
             {MAX_RANGE_DAYS} дней, например from=2026-09-01&to=2026-09-07"
        ));
    }
    Ok(())
}

/// Builds the view of `from..=to` (at most the dates the range holds; the caller bounds it
/// with [`check_range`]).
pub fn changes_view(
    school: &SchoolData,
    timetable: &TimetableData,
    changes: &Changes,
    from: NaiveDate,
    to: NaiveDate,
    can_edit: bool,
) -> ChangesView {
    let name = |t| {
        school
            .staff
            .get(&t)
            .map(|s| s.short_name())
            .unwrap_or_default()
    };
    let range = from..=to;
    let mut out: Vec<ChangeView> = changes
        .values()
        .filter(|c| range.contains(&c.date) || c.to_date.is_some_and(|d| range.contains(&d)))
        .map(|c| {
            let slot = timetable.slots.get(&c.slot);
            ChangeView {
                change: c.clone(),
                number: slot.map_or(0, |s| s.number),
                class: slot
                    .map(|s| school.cohort_name(&s.cohort))
                    .unwrap_or_default(),
                subject: slot
                    .and_then(|s| school.subjects.get(&s.subject))
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                teacher: slot
                    .map(|s| s.teachers().map(name).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default(),
                substitute: c.teacher.map(name).unwrap_or_default(),
                title: c.kind.title_ru().to_string(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.change.date, a.number, &a.class).cmp(&(b.change.date, b.number, &b.class))
    });
    let mut clashes = Vec::new();
    let mut d = from;
    while d <= to {
        clashes.extend(
            day_clashes(school, timetable, changes, d)
                .into_iter()
                .map(|c| c.message),
        );
        d = match d.succ_opt() {
            Some(n) => n,
            None => break,
        };
    }
    ChangesView {
        changes: out,
        clashes,
        can_edit,
    }
}
