//! The `timetable` document: one per school and academic year. Weekly slots: on a weekday,
//! lesson number N, a class or group has a subject with a teacher in a room. Written by the
//! administration and the deputy head; read by all staff.
//!
//! Layout: `meta{year}`, `slots{id:{weekday,number,class,group,subject,teacher,co_teachers,
//! room,week,version}}`, `versions{id:{from,title}}` and the root scalar `cycle_start` (see
//! [`crate::timetable_cycle`]): a slot's `week` is 1 (week A) or 2 (week B), absent = every
//! week; its `version` names a version of `versions`, absent = the base version. Documents made
//! before versions lack `versions`: they read as having none and [`upgrade`] (server only) adds
//! the container. `changes{id:{…}}` holds the changes by date (read with
//! `super::timetable_changes`; older documents get it from `super::timetable_changes::upgrade`).
//! A slot's `teacher` is its lead teacher; `co_teachers` (absent in older documents and for a
//! lesson with one teacher) lists the others as ids joined with `,`.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::school::{for_each, get_cohort, parse_id, put_cohort};
use super::*;
use crate::error::DomainError;
use crate::ids::*;
use crate::model::*;
use crate::timetable_cycle::{self, TimetableVersion};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableData {
    pub year: YearId,
    pub slots: BTreeMap<SlotId, Slot>,
    /// Versions in force from a date (the base version, from the start of the year, is not
    /// listed).
    #[serde(default)]
    pub versions: BTreeMap<TimetableVersionId, TimetableVersion>,
    /// The Monday that starts a week A; `None`: the school has no two-week cycle.
    #[serde(default)]
    pub cycle_start: Option<NaiveDate>,
}

/// The root containers of a timetable document, all created by the server.
pub const SECTIONS: [&str; 3] = ["meta", "slots", "versions"];

/// Adds the containers this build writes into and an old document lacks (`versions`). Server
/// only (devices never create containers). Returns whether anything was added; the caller
/// commits.
pub fn upgrade(doc: &mut AutoCommit) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Timetable)?;
    if get_map(doc, &ROOT, "versions").is_some() {
        return Ok(false);
    }
    put_map(doc, &ROOT, "versions")?;
    Ok(true)
}

/// The slot field holding the co-teachers: their ids joined with `,` in order (absent = the
/// lead teacher alone), as the school document keeps a profile's grades.
pub const CO_TEACHERS: &str = "co_teachers";

/// A slot's co-teachers as the document writes them.
pub(crate) fn join_ids(ids: &[StaffId]) -> String {
    ids.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The co-teachers of a document value; `None` when a part is not an id. Blank = none.
pub(crate) fn split_ids(value: &str) -> Option<Vec<StaffId>> {
    if value.trim().is_empty() {
        return Some(Vec::new());
    }
    value.split(',').map(|p| p.trim().parse().ok()).collect()
}

/// The document value of a slot's week: 1 = A, 2 = B, none = every week.
pub(crate) fn week_number(w: SlotWeek) -> Option<i64> {
    match w {
        SlotWeek::Every => None,
        SlotWeek::A => Some(1),
        SlotWeek::B => Some(2),
    }
}

impl TimetableData {
    /// An empty timetable of `year`: no slots, no versions, no cycle.
    pub fn new(year: YearId) -> Self {
        TimetableData {
            year,
            slots: BTreeMap::new(),
            versions: BTreeMap::new(),
            cycle_start: None,
        }
    }

    pub fn to_doc(&self) -> Result<AutoCommit, DomainError> {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        write_header(&mut doc, DocKind::Timetable)?;
        let meta = put_map(&mut doc, &ROOT, "meta")?;
        doc.put(&meta, "year", self.year.to_string())?;
        let slots = put_map(&mut doc, &ROOT, "slots")?;
        for s in self.slots.values() {
            let o = put_map(&mut doc, &slots, &s.id.to_string())?;
            doc.put(&o, "weekday", i64::from(s.weekday.number_from_monday()))?;
            doc.put(&o, "number", i64::from(s.number))?;
            put_cohort(&mut doc, &o, &s.cohort)?;
            doc.put(&o, "subject", s.subject.to_string())?;
            doc.put(&o, "teacher", s.teacher.to_string())?;
            if !s.co_teachers.is_empty() {
                doc.put(&o, CO_TEACHERS, join_ids(&s.co_teachers))?;
            }
            doc.put(&o, "room", s.room.as_str())?;
            if let Some(w) = week_number(s.week) {
                doc.put(&o, "week", w)?;
            }
            if let Some(v) = s.version {
                doc.put(&o, "version", v.to_string())?;
            }
        }
        let versions = put_map(&mut doc, &ROOT, "versions")?;
        for v in self.versions.values() {
            let o = put_map(&mut doc, &versions, &v.id.to_string())?;
            doc.put(&o, "from", fmt_date(v.from))?;
            doc.put(&o, "title", v.title.as_str())?;
        }
        if let Some(d) = self.cycle_start {
            doc.put(&ROOT, "cycle_start", fmt_date(d))?;
        }
        // Changes by date start empty (`super::timetable_changes`).
        put_map(&mut doc, &ROOT, super::timetable_changes::CHANGES)?;
        doc.commit();
        Ok(doc)
    }

    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        check_header(doc, DocKind::Timetable)?;
        let meta = need_map(doc, &ROOT, "meta")?;
        let mut t = TimetableData::new(need_parsed(doc, &meta, "year")?);
        t.cycle_start = get_date(doc, &ROOT, "cycle_start");
        for_each(doc, "slots", |id, o| {
            let id: SlotId = parse_id(id)?;
            let weekday = get_i64(doc, o, "weekday")
                .and_then(weekday_from_number)
                .ok_or_else(|| DomainError::Malformed("день недели".into()))?;
            t.slots.insert(
                id,
                Slot {
                    id,
                    weekday,
                    number: get_i64(doc, o, "number").unwrap_or(0) as u8,
                    cohort: get_cohort(doc, o)?,
                    subject: need_parsed(doc, o, "subject")?,
                    teacher: need_parsed(doc, o, "teacher")?,
                    co_teachers: split_ids(&get_str(doc, o, CO_TEACHERS).unwrap_or_default())
                        .ok_or_else(|| DomainError::Malformed("учителя урока".into()))?,
                    room: get_str(doc, o, "room").unwrap_or_default(),
                    week: match get_i64(doc, o, "week") {
                        Some(1) => SlotWeek::A,
                        Some(2) => SlotWeek::B,
                        _ => SlotWeek::Every,
                    },
                    version: get_parsed(doc, o, "version"),
                },
            );
            Ok(())
        })?;
        for_each(doc, "versions", |id, o| {
            let id: TimetableVersionId = parse_id(id)?;
            let from = need_date(doc, o, "from")?;
            let title = get_str(doc, o, "title").unwrap_or_default();
            t.versions.insert(id, TimetableVersion { id, from, title });
            Ok(())
        })?;
        Ok(t)
    }

    /// The slots taught on `date`: its weekday, of the version in force then, of that date's
    /// week of the cycle ([`timetable_cycle::in_force`]), ordered by lesson number.
    pub fn slots_on(&self, date: NaiveDate) -> Vec<&Slot> {
        let version = timetable_cycle::version_on(self, date);
        let week = timetable_cycle::week_on(self, date);
        let mut v: Vec<&Slot> = self
            .slots
            .values()
            .filter(|s| s.weekday == date.weekday())
            .filter(|s| timetable_cycle::taught_in(s, version, week))
            .collect();
        v.sort_by_key(|s| (s.number, s.cohort));
        v
    }
}
