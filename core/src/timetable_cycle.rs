//! Two-week cycles (week A / week B) and timetable versions in force from a date.
//!
//! - **Versions.** A year's timetable has a base version, in force from the start of the year,
//!   and any number of versions (`TimetableData::versions`), each in force from its `from` date
//!   until the next one begins. A slot belongs to one version (`Slot::version`, `None` = the
//!   base). On a date the version in force is the one with the latest `from` on or before it,
//!   the base when none has begun ([`version_on`]). An older version stays as it was: it still
//!   explains the lessons dated before the next one (journals never change the past).
//! - **Two-week cycle.** `TimetableData::cycle_start` is the Monday of a week A; weeks
//!   alternate A, B, A, … by the calendar from it, in both directions, holidays included (a
//!   holiday week still counts as a week of the cycle) ([`week_on`]). A slot is taught every
//!   week or only in week A or B ([`SlotWeek`]). Without a cycle only every-week slots are
//!   allowed ([`cycle_problem`], [`slot_problem`]).
//! - **Rules per version** ([`crate::timetable_rules`]): two slots clash only within one
//!   version and when their weeks meet ([`weeks_meet`]); an A- or B-only lesson counts as half
//!   a weekly hour against the plan ([`half_hours`]).
//! - [`in_force`]: which version and week a date falls in, for a grid that shows one version
//!   and one week at a time, and for the lessons of a date (`TimetableData::slots_on`,
//!   `lesson_plan`); [`timeline`]: the versions in the order they take effect, with the days
//!   each is in force; [`taught_in`]: whether a slot is taught in a version and week.
//!
//! The checks here return the message the coordinator reads; the device's `TimetableOp::check`
//! and the server's `validate_incoming` both use them, so they refuse with the same words.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::ids::{SlotId, TimetableVersionId};
use crate::model::{weekday_ru, Slot, SlotWeek};
use crate::timetable_rules::TimetableProblem;

/// Longest title of a timetable version.
pub const MAX_VERSION_TITLE: usize = 100;

/// What the base version is called where a title is shown.
pub const BASE_TITLE: &str = "Основное расписание";

/// A version of the year's timetable, in force from `from` until the next version begins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableVersion {
    pub id: TimetableVersionId,
    pub from: NaiveDate,
    /// «Со 2 четверти».
    #[serde(default)]
    pub title: String,
}

/// Which version and which week of the cycle are in force on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InForce {
    /// `None`: the base version.
    pub version: Option<TimetableVersionId>,
    /// The date the version took effect; `None` for the base version (the start of the year).
    pub from: Option<NaiveDate>,
    pub title: String,
    /// `A` or `B`; `None` when the school has no two-week cycle.
    pub week: Option<SlotWeek>,
}

/// The version in force on `date`: the latest `from` on or before it (`None`: the base).
pub fn version_on(t: &TimetableData, date: NaiveDate) -> Option<TimetableVersionId> {
    t.versions
        .values()
        .filter(|v| v.from <= date)
        .max_by_key(|v| (v.from, v.id))
        .map(|v| v.id)
}

/// The Monday of `date`'s week.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Week A or B on `date`; `None` without a cycle.
pub fn week_on(t: &TimetableData, date: NaiveDate) -> Option<SlotWeek> {
    let start = monday_of(t.cycle_start?);
    let weeks = (monday_of(date) - start).num_days() / 7;
    Some(if weeks.rem_euclid(2) == 0 {
        SlotWeek::A
    } else {
        SlotWeek::B
    })
}

/// The version and the week in force on `date`.
pub fn in_force(t: &TimetableData, date: NaiveDate) -> InForce {
    let version = version_on(t, date);
    InForce {
        version,
        from: version.and_then(|v| t.versions.get(&v)).map(|v| v.from),
        title: version_title(t, version),
        week: week_on(t, date),
    }
}

/// Is `slot` taught in `version` in `week` (`None`: a school without a cycle)?
pub fn taught_in(slot: &Slot, version: Option<TimetableVersionId>, week: Option<SlotWeek>) -> bool {
    slot.version == version
        && match slot.week {
            SlotWeek::Every => true,
            w => Some(w) == week,
        }
}

/// Can lessons of these weeks meet: every week meets all; A meets A; B meets B.
pub fn weeks_meet(a: SlotWeek, b: SlotWeek) -> bool {
    a == SlotWeek::Every || b == SlotWeek::Every || a == b
}

/// A slot's weekly hours in half-hours: every week 2 (one hour), week A or B only 1.
pub fn half_hours(w: SlotWeek) -> u16 {
    match w {
        SlotWeek::Every => 2,
        SlotWeek::A | SlotWeek::B => 1,
    }
}

/// «А», «Б», or empty for every week.
pub fn week_letter(w: SlotWeek) -> &'static str {
    match w {
        SlotWeek::Every => "",
        SlotWeek::A => "А",
        SlotWeek::B => "Б",
    }
}

/// A version's title as shown: its own, or «с 05.11.2026» when untitled, or [`BASE_TITLE`].
pub fn version_title(t: &TimetableData, v: Option<TimetableVersionId>) -> String {
    match v.and_then(|v| t.versions.get(&v)) {
        None if v.is_some() => "(удалённое расписание)".into(),
        None => BASE_TITLE.into(),
        Some(v) if v.title.trim().is_empty() => format!("Расписание с {}", ru_date(v.from)),
        Some(v) => v.title.trim().to_string(),
    }
}

/// «05.11.2026».
pub fn ru_date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// One version on the year's timeline: when it takes effect, the last day it is in force, and
/// how many slots it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSpan {
    /// `None`: the base version.
    pub version: Option<TimetableVersionId>,
    /// `None`: from the start of the year.
    pub from: Option<NaiveDate>,
    /// The day before the next version takes effect; `None`: to the end of the year.
    pub until: Option<NaiveDate>,
    pub title: String,
    pub slots: usize,
}

/// Every version in the order they take effect, the base first: what a version picker lists.
pub fn timeline(t: &TimetableData) -> Vec<VersionSpan> {
    let mut versions: Vec<&TimetableVersion> = t.versions.values().collect();
    versions.sort_by_key(|v| (v.from, v.id));
    let count = |v: Option<TimetableVersionId>| t.slots.values().filter(|s| s.version == v).count();
    let mut out = vec![VersionSpan {
        version: None,
        from: None,
        until: versions.first().map(|v| v.from - Duration::days(1)),
        title: version_title(t, None),
        slots: count(None),
    }];
    for (i, v) in versions.iter().enumerate() {
        out.push(VersionSpan {
            version: Some(v.id),
            from: Some(v.from),
            until: versions.get(i + 1).map(|n| n.from - Duration::days(1)),
            title: version_title(t, Some(v.id)),
            slots: count(Some(v.id)),
        });
    }
    out
}

/// The versions in force on at least one day of `start..=end`.
pub fn versions_between(
    t: &TimetableData,
    start: NaiveDate,
    end: NaiveDate,
) -> BTreeSet<Option<TimetableVersionId>> {
    let mut out = BTreeSet::new();
    out.insert(version_on(t, start));
    out.extend(
        t.versions
            .values()
            .filter(|v| v.from > start && v.from <= end)
            .map(|v| Some(v.id)),
    );
    out
}

/// What is wrong with version `v` as it stands in `t`: a title too long, a date outside the
/// school's year (a version begins after the year's first day and no later than its last), or
/// another version from the same date. `None` when all is well.
pub fn version_problem(
    school: &SchoolData,
    t: &TimetableData,
    v: &TimetableVersion,
) -> Option<String> {
    if v.title.trim().chars().count() > MAX_VERSION_TITLE {
        return Some(format!(
            "Название расписания: не больше {MAX_VERSION_TITLE} символов. Сократите."
        ));
    }
    if let Some(year) = school.years.get(&t.year) {
        if v.from <= year.start || v.from > year.end {
            return Some(format!(
                "Новое расписание начинает действовать внутри учебного года {}: после {} и не \
                 позже {}. С начала года действует основное расписание — выберите другую дату.",
                year.title,
                ru_date(year.start),
                ru_date(year.end)
            ));
        }
    }
    if let Some(other) = t
        .versions
        .values()
        .find(|o| o.id != v.id && o.from == v.from)
    {
        return Some(format!(
            "С {} уже действует «{}». Выберите другую дату или измените то расписание.",
            ru_date(v.from),
            version_title(t, Some(other.id))
        ));
    }
    None
}

/// Why version `id` may not be removed from `t` (it still has slots), or `None`.
pub fn removal_problem(t: &TimetableData, id: TimetableVersionId) -> Option<String> {
    let n = t.slots.values().filter(|s| s.version == Some(id)).count();
    (n > 0).then(|| {
        format!(
            "В «{}» есть уроки ({n}): удалить можно только пустое расписание. Сначала уберите \
             его уроки.",
            version_title(t, Some(id))
        )
    })
}

/// What is wrong with the cycle of `t`: a start that is not a Monday, or a slot of week A or
/// B while the school has no cycle. `None` when all is well.
pub fn cycle_problem(t: &TimetableData) -> Option<String> {
    if let Some(d) = t.cycle_start {
        if d.weekday() != Weekday::Mon {
            return Some(format!(
                "Неделя А начинается с понедельника, а {} — {}. Выберите понедельник.",
                ru_date(d),
                weekday_ru(d.weekday())
            ));
        }
        return None;
    }
    t.slots.values().find_map(|s| slot_problem(t, s))
}

/// What is wrong with `slot` against the versions and the cycle of `t`: a version that does
/// not exist, or week A or B without a cycle. `None` when all is well.
pub fn slot_problem(t: &TimetableData, slot: &Slot) -> Option<String> {
    if let Some(v) = slot.version {
        if !t.versions.contains_key(&v) {
            return Some(format!(
                "Урок ({}, урок {}) относится к расписанию, которого нет: его удалили. \
                 Обновите расписание и выберите версию из списка.",
                weekday_ru(slot.weekday),
                slot.number
            ));
        }
    }
    if slot.week != SlotWeek::Every && t.cycle_start.is_none() {
        return Some(format!(
            "Урок ({}, урок {}) стоит только на неделе {}, а чередование недель А/Б не \
             включено. Включите двухнедельный цикл или поставьте урок на каждую неделю.",
            weekday_ru(slot.weekday),
            slot.number,
            week_letter(slot.week)
        ));
    }
    None
}

/// The slots a new version from `from` starts with: those of the version in force on `from`
/// in `t` (before the new version is added), each week's as it was, with fresh ids, in
/// `version`.
pub fn copies(t: &TimetableData, version: TimetableVersionId, from: NaiveDate) -> Vec<Slot> {
    let source = version_on(t, from);
    t.slots
        .values()
        .filter(|s| s.version == source)
        .map(|s| Slot {
            id: SlotId::new(),
            version: Some(version),
            ..s.clone()
        })
        .collect()
}

/// A problem's key with its version left out and its slot named by what the slot says (day,
/// number, week, cohort, subject, teachers, room) instead of its id: a fault copied into another
/// version has the content key of the original, so copying a version with its known problems
/// adds no new one (`timetable_rules::new_problem`).
pub(crate) fn content_key(t: &TimetableData, p: &TimetableProblem) -> String {
    let parts: Vec<&str> = p.key.split('/').collect();
    if parts.first() == Some(&"plan") {
        return parts.iter().take(3).copied().collect::<Vec<_>>().join("/");
    }
    let Some(slot) = parts
        .get(1)
        .and_then(|id| id.parse::<SlotId>().ok())
        .and_then(|id| t.slots.get(&id))
    else {
        return p.key.clone();
    };
    let what = format!(
        "{}:{}:{:?}:{:?}:{}:{}:{}",
        slot.weekday.number_from_monday(),
        slot.number,
        slot.week,
        slot.cohort,
        slot.subject,
        slot.teacher,
        slot.room.trim().to_lowercase()
    );
    // Co-teachers only when there are some, so the keys of one-teacher slots stay as they were.
    let what = if slot.co_teachers.is_empty() {
        what
    } else {
        format!(
            "{what}:{}",
            crate::doc::timetable::join_ids(&slot.co_teachers)
        )
    };
    let mut out = vec![parts[0].to_string(), what];
    out.extend(parts[2..].iter().map(|s| s.to_string()));
    out.join("/")
}

#[cfg(test)]
mod tests;
