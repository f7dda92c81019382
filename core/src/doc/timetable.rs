//! The `timetable` document: one per school and academic year. Weekly slots: on a weekday,
//! lesson number N, a class or group has a subject with a teacher in a room. Written by the
//! administration and the deputy head; read by all staff.
//!
//! Layout: `meta{year}`, `slots{id:{weekday,number,class,group,subject,teacher,room}}`,
//! `changes{id:{…}}` (changes by date, read with `super::timetable_changes`).

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableData {
    pub year: YearId,
    pub slots: BTreeMap<SlotId, Slot>,
}

impl TimetableData {
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
            doc.put(&o, "room", s.room.as_str())?;
        }
        // Changes by date start empty (`super::timetable_changes`).
        put_map(&mut doc, &ROOT, super::timetable_changes::CHANGES)?;
        doc.commit();
        Ok(doc)
    }

    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        check_header(doc, DocKind::Timetable)?;
        let meta = need_map(doc, &ROOT, "meta")?;
        let mut t = TimetableData {
            year: need_parsed(doc, &meta, "year")?,
            slots: BTreeMap::new(),
        };
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
                    room: get_str(doc, o, "room").unwrap_or_default(),
                },
            );
            Ok(())
        })?;
        Ok(t)
    }

    /// The slots that fall on `date`'s weekday, ordered by lesson number.
    pub fn slots_on(&self, date: NaiveDate) -> Vec<&Slot> {
        let mut v: Vec<&Slot> = self
            .slots
            .values()
            .filter(|s| s.weekday == date.weekday())
            .collect();
        v.sort_by_key(|s| (s.number, s.cohort));
        v
    }
}
