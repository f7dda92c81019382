//! Validated writes of the `timetable` document: what the coordinator's device (and the
//! browser path on the server) does when it keeps the weekly timetable. [`check`] refuses an
//! operation that would give the week a new problem ([`crate::timetable_rules`]: a teacher,
//! room or class in two places, a teacher without the assignment, a lesson outside the week or
//! the bells, hours over the plan); [`apply`] performs it. The server re-checks the resulting
//! state of every incoming change with the same rules (`validate::validate_incoming`).
//!
//! Writes go only inside the `slots` container the server created; a slot is one object keyed
//! by its id, created once and then changed field by field, so two devices adding different
//! slots, or changing different fields of one slot, both keep their edits.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use serde::{Deserialize, Serialize};

use super::school::SchoolData;
use super::timetable::TimetableData;
use super::timetable_changes::{self, LessonChange};
use super::*;
use crate::error::DomainError;
use crate::ids::{ChangeId, SlotId};
use crate::model::Slot;
use crate::rights::Cohort;
use crate::timetable_changes as rules;
use crate::timetable_rules;
use crate::validate::schema::limits::MAX_ROOM;

/// One write of the timetable document, as a device performs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TimetableOp {
    /// Adds a slot or changes one (same id).
    PutSlot {
        slot: Slot,
    },
    RemoveSlot {
        id: SlotId,
    },
    /// Adds a change by date or changes one (same id): a lesson cancelled, moved or given to a
    /// substitute (`crate::timetable_changes`).
    PutChange {
        change: LessonChange,
    },
    RemoveChange {
        id: ChangeId,
    },
}

impl TimetableOp {
    /// The operation on plain data (what [`apply`] does to the document).
    pub fn apply_to(&self, t: &mut TimetableData) -> Result<(), DomainError> {
        match self {
            TimetableOp::PutSlot { slot } => {
                let room = slot.room.trim();
                if room.chars().count() > MAX_ROOM {
                    return Err(DomainError::Rule(format!(
                        "Кабинет «{}…»: не больше {MAX_ROOM} символов. Сократите.",
                        room.chars().take(20).collect::<String>()
                    )));
                }
                let mut s = slot.clone();
                s.room = room.to_string();
                t.slots.insert(s.id, s);
            }
            TimetableOp::RemoveSlot { id } => {
                t.slots.remove(id).ok_or_else(|| {
                    DomainError::Rule(
                        "Урок расписания не найден: возможно, его уже удалили. Обновите \
                         расписание (синхронизация)."
                            .into(),
                    )
                })?;
            }
            // Changes by date live beside the week (`doc::timetable_changes`).
            TimetableOp::PutChange { .. } | TimetableOp::RemoveChange { .. } => {}
        }
        Ok(())
    }
}

/// Checks an operation against the document and the school without changing anything.
pub fn check(doc: &AutoCommit, school: &SchoolData, op: &TimetableOp) -> Result<(), DomainError> {
    let before = TimetableData::from_doc(doc)?;
    if get_map(doc, &ROOT, "slots").is_none() {
        return Err(DomainError::Rule(
            "Документ расписания ещё не создан сервером. Синхронизируйтесь и повторите.".into(),
        ));
    }
    match op {
        TimetableOp::PutChange { change } => {
            check_change_op(doc, school, &before, Some(change), None)
        }
        TimetableOp::RemoveChange { id } => check_change_op(doc, school, &before, None, Some(*id)),
        TimetableOp::PutSlot { .. } | TimetableOp::RemoveSlot { .. } => {
            let mut after = before.clone();
            op.apply_to(&mut after)?;
            timetable_rules::check_not_worse(school, &before, &after)
        }
    }
}

/// A change by date put (`put`) or removed (`remove`): the change's own rules, then no new
/// clash on the dates it concerns, before and after.
fn check_change_op(
    doc: &AutoCommit,
    school: &SchoolData,
    week: &TimetableData,
    put: Option<&LessonChange>,
    remove: Option<ChangeId>,
) -> Result<(), DomainError> {
    if !timetable_changes::has_container(doc) {
        return Err(timetable_changes::no_container());
    }
    let before = timetable_changes::read_changes(doc)?;
    let mut after = before.clone();
    let mut dates = Vec::new();
    if let Some(id) = remove {
        let old = after.remove(&id).ok_or_else(|| {
            DomainError::Rule(
                "Изменение расписания не найдено: возможно, его уже удалили. Обновите \
                 расписание (синхронизация)."
                    .into(),
            )
        })?;
        dates.extend(rules::dates_of(&old));
    }
    if let Some(c) = put {
        let mut c = c.clone();
        c.room = c.room.trim().to_string();
        c.note = c.note.trim().to_string();
        if let Some(old) = after.insert(c.id, c.clone()) {
            dates.extend(rules::dates_of(&old));
        }
        dates.extend(rules::dates_of(&c));
        rules::check_change(school, week, &after, &c)?;
    }
    rules::check_not_worse(school, week, &before, &after, dates)
}

/// Puts a value only when it differs, so re-saving a cell writes nothing new.
fn put_str(doc: &mut AutoCommit, o: &ObjId, key: &str, v: &str) -> Result<(), DomainError> {
    if get_str(doc, o, key).as_deref() != Some(v) {
        doc.put(o, key, v)?;
    }
    Ok(())
}

fn put_int(doc: &mut AutoCommit, o: &ObjId, key: &str, v: i64) -> Result<(), DomainError> {
    if get_i64(doc, o, key) != Some(v) {
        doc.put(o, key, v)?;
    }
    Ok(())
}

/// Validates and performs one operation. The caller commits the change.
pub fn apply(
    doc: &mut AutoCommit,
    school: &SchoolData,
    op: &TimetableOp,
) -> Result<(), DomainError> {
    check(doc, school, op)?;
    match op {
        TimetableOp::PutChange { change } => return timetable_changes::write_change(doc, change),
        TimetableOp::RemoveChange { id } => return timetable_changes::delete_change(doc, *id),
        TimetableOp::PutSlot { .. } | TimetableOp::RemoveSlot { .. } => {}
    }
    let slots = need_map(doc, &ROOT, "slots")?;
    match op {
        TimetableOp::PutSlot { slot: s } => {
            let key = s.id.to_string();
            let o = match get_map(doc, &slots, &key) {
                Some(o) => o,
                None => put_map(doc, &slots, &key)?,
            };
            put_int(
                doc,
                &o,
                "weekday",
                i64::from(s.weekday.number_from_monday()),
            )?;
            put_int(doc, &o, "number", i64::from(s.number))?;
            put_str(doc, &o, "class", &s.cohort.class().to_string())?;
            match s.cohort {
                Cohort::Class(_) => {
                    if get_str(doc, &o, "group").is_some() {
                        doc.delete(&o, "group")?;
                    }
                }
                Cohort::Group { group, .. } => put_str(doc, &o, "group", &group.to_string())?,
            }
            put_str(doc, &o, "subject", &s.subject.to_string())?;
            put_str(doc, &o, "teacher", &s.teacher.to_string())?;
            put_str(doc, &o, "room", s.room.trim())?;
        }
        TimetableOp::RemoveSlot { id } => {
            doc.delete(&slots, id.to_string().as_str())?;
        }
        TimetableOp::PutChange { .. } | TimetableOp::RemoveChange { .. } => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests;
