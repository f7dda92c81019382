//! The changes by date kept in the `timetable` document: one lesson of the weekly timetable,
//! on one date, cancelled, moved to another date and/or lesson number, or given to a
//! substitute teacher (замена), optionally in another room.
//!
//! Layout: root `changes{id:{date,slot,kind,to_date,to_number,teacher,room,note}}`, created by
//! the server (new documents: [`super::timetable::TimetableData::to_doc`]; older ones:
//! [`upgrade`]). A change is one object keyed by its id, created once by a device and then
//! changed field by field (`doc::timetable_ops::TimetableOp::{PutChange, RemoveChange}`); the
//! rules it obeys are [`crate::timetable_changes`].

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::school::{for_each, parse_id};
use super::*;
use crate::error::DomainError;
use crate::ids::{ChangeId, SlotId, StaffId};

/// The root container of the changes.
pub const CHANGES: &str = "changes";

/// What happens to the lesson on that date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The lesson does not take place.
    Cancel,
    /// The lesson takes place on `to_date` and/or as lesson `to_number` instead.
    Move,
    /// Another teacher (`teacher`) gives the lesson.
    Substitute,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Cancel => "cancel",
            ChangeKind::Move => "move",
            ChangeKind::Substitute => "substitute",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cancel" => Some(ChangeKind::Cancel),
            "move" => Some(ChangeKind::Move),
            "substitute" => Some(ChangeKind::Substitute),
            _ => None,
        }
    }

    /// «отменён», «перенесён», «замена».
    pub fn title_ru(self) -> &'static str {
        match self {
            ChangeKind::Cancel => "урок отменён",
            ChangeKind::Move => "урок перенесён",
            ChangeKind::Substitute => "замена",
        }
    }
}

/// One change of one weekly slot on one date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LessonChange {
    pub id: ChangeId,
    /// The date the slot's lesson would take place.
    pub date: NaiveDate,
    pub slot: SlotId,
    pub kind: ChangeKind,
    /// `Move`: the new date (none: the same date).
    #[serde(default)]
    pub to_date: Option<NaiveDate>,
    /// `Move`: the new lesson number (none: the slot's number).
    #[serde(default)]
    pub to_number: Option<u8>,
    /// `Substitute`: who gives the lesson.
    #[serde(default)]
    pub teacher: Option<StaffId>,
    /// Another room (empty: the slot's room).
    #[serde(default)]
    pub room: String,
    /// Why (shown to the coordinator and the teachers).
    #[serde(default)]
    pub note: String,
}

/// Every change of a timetable document, by id.
pub type Changes = BTreeMap<ChangeId, LessonChange>;

/// Longest note of a change (characters).
pub const MAX_NOTE: usize = 200;

/// Reads the changes; a document made before changes existed has none.
pub fn read_changes(doc: &AutoCommit) -> Result<Changes, DomainError> {
    let mut out = Changes::new();
    for_each(doc, CHANGES, |id, o| {
        let id: ChangeId = parse_id(id)?;
        let bad = || DomainError::Malformed(format!("изменение расписания {id}"));
        let kind = get_str(doc, o, "kind")
            .and_then(|k| ChangeKind::parse(&k))
            .ok_or_else(bad)?;
        out.insert(
            id,
            LessonChange {
                id,
                date: get_date(doc, o, "date").ok_or_else(bad)?,
                slot: get_parsed(doc, o, "slot").ok_or_else(bad)?,
                kind,
                to_date: get_date(doc, o, "to_date"),
                to_number: get_i64(doc, o, "to_number").and_then(|n| u8::try_from(n).ok()),
                teacher: get_parsed(doc, o, "teacher"),
                room: get_str(doc, o, "room").unwrap_or_default(),
                note: get_str(doc, o, "note").unwrap_or_default(),
            },
        );
        Ok(())
    })?;
    Ok(out)
}

/// Does the document have the server's `changes` container?
pub fn has_container(doc: &AutoCommit) -> bool {
    get_map(doc, &ROOT, CHANGES).is_some()
}

/// Adds the `changes` container to a timetable document made before it existed. Server only
/// (devices never create containers). Returns whether it was added; the caller commits.
pub fn upgrade(doc: &mut AutoCommit) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Timetable)?;
    if has_container(doc) {
        return Ok(false);
    }
    put_map(doc, &ROOT, CHANGES)?;
    Ok(true)
}

fn put_str(doc: &mut AutoCommit, o: &ObjId, key: &str, v: &str) -> Result<(), DomainError> {
    if get_str(doc, o, key).as_deref() != Some(v) {
        doc.put(o, key, v)?;
    }
    Ok(())
}

fn put_opt(
    doc: &mut AutoCommit,
    o: &ObjId,
    key: &str,
    v: Option<String>,
) -> Result<(), DomainError> {
    match v {
        Some(v) => put_str(doc, o, key, &v),
        None if doc.get(o, key)?.is_some() => Ok(doc.delete(o, key)?),
        None => Ok(()),
    }
}

/// Writes one change field by field into the server's container (the caller checked it and
/// commits). A field already holding the value is not written again.
pub(crate) fn write_change(doc: &mut AutoCommit, c: &LessonChange) -> Result<(), DomainError> {
    let changes = get_map(doc, &ROOT, CHANGES).ok_or_else(no_container)?;
    let key = c.id.to_string();
    let o = match get_map(doc, &changes, &key) {
        Some(o) => o,
        None => put_map(doc, &changes, &key)?,
    };
    put_str(doc, &o, "date", &fmt_date(c.date))?;
    put_str(doc, &o, "slot", &c.slot.to_string())?;
    put_str(doc, &o, "kind", c.kind.as_str())?;
    put_opt(doc, &o, "to_date", c.to_date.map(fmt_date))?;
    match c.to_number {
        Some(n) if get_i64(doc, &o, "to_number") != Some(i64::from(n)) => {
            doc.put(&o, "to_number", i64::from(n))?
        }
        Some(_) => {}
        None if doc.get(&o, "to_number")?.is_some() => doc.delete(&o, "to_number")?,
        None => {}
    }
    put_opt(doc, &o, "teacher", c.teacher.map(|t| t.to_string()))?;
    put_str(doc, &o, "room", c.room.trim())?;
    put_str(doc, &o, "note", c.note.trim())?;
    Ok(())
}

/// Removes one change (the caller checked that it exists).
pub(crate) fn delete_change(doc: &mut AutoCommit, id: ChangeId) -> Result<(), DomainError> {
    let changes = get_map(doc, &ROOT, CHANGES).ok_or_else(no_container)?;
    doc.delete(&changes, id.to_string().as_str())?;
    Ok(())
}

/// The message when a device holds a timetable document the server has not upgraded yet.
pub(crate) fn no_container() -> DomainError {
    DomainError::Rule(
        "Изменения расписания по датам ещё не включены сервером для этого документа. \
         Синхронизируйтесь и повторите."
            .into(),
    )
}

/// The changes of `date` (the lessons of that date changed, and lessons moved to it).
pub fn touching(changes: &Changes, date: NaiveDate) -> impl Iterator<Item = &LessonChange> {
    changes
        .values()
        .filter(move |c| c.date == date || c.to_date == Some(date))
}

/// The changes written in `doc` whose dates fall in `from..=to`, ordered by date.
pub fn in_range(changes: &Changes, from: NaiveDate, to: NaiveDate) -> Vec<&LessonChange> {
    let mut v: Vec<&LessonChange> = changes
        .values()
        .filter(|c| (from..=to).contains(&c.date))
        .collect();
    v.sort_by_key(|c| (c.date, c.slot, c.id));
    v
}

/// Builds the changes map from a list (tests and fixtures).
pub fn collect(list: impl IntoIterator<Item = LessonChange>) -> Changes {
    list.into_iter().map(|c| (c.id, c)).collect()
}
