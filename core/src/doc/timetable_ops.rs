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
//!
//! Versions and the two-week cycle ([`crate::timetable_cycle`]): `add_version` (from a date
//! inside the year, optionally starting with a copy of the slots of the version in force on
//! that date), `edit_version` (title, date), `remove_version` (only one without slots) write
//! inside the server's `versions` container; `set_cycle` writes the root scalar `cycle_start`
//! (the Monday of a week A, or none). A slot of week A or B needs a cycle; a slot's version
//! must exist.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::school::SchoolData;
use super::timetable::{join_ids, week_number, TimetableData, CO_TEACHERS};
use super::timetable_changes::{self, LessonChange};
use super::*;
use crate::error::DomainError;
use crate::ids::{ChangeId, SlotId, TimetableVersionId};
use crate::model::Slot;
use crate::rights::Cohort;
use crate::timetable_changes as rules;
use crate::timetable_cycle::{self, TimetableVersion};
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
    /// Adds a version in force from `version.from`; with `copy` it starts with the slots of
    /// the version in force on that date (new ids, same weeks).
    AddVersion {
        version: TimetableVersion,
        #[serde(default)]
        copy: bool,
    },
    /// Renames a version or moves the date it takes effect.
    EditVersion {
        version: TimetableVersion,
    },
    /// Removes a version that has no slots.
    RemoveVersion {
        id: TimetableVersionId,
    },
    /// Starts the two-week cycle (`start`: the Monday of a week A) or ends it (`None`).
    SetCycle {
        start: Option<NaiveDate>,
    },
}

fn version_gone() -> DomainError {
    DomainError::Rule(
        "Такого расписания нет: возможно, его уже удалили. Обновите расписание          (синхронизация)."
            .into(),
    )
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
                if let Some(problem) = s.teachers_problem() {
                    return Err(DomainError::Rule(problem));
                }
                if let Some(problem) = timetable_cycle::slot_problem(t, &s) {
                    return Err(DomainError::Rule(problem));
                }
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
            TimetableOp::AddVersion { version, copy } => {
                if t.versions.contains_key(&version.id) {
                    return Err(DomainError::Rule(
                        "Это расписание уже добавлено. Обновите расписание (синхронизация).".into(),
                    ));
                }
                let copies = if *copy {
                    timetable_cycle::copies(t, version.id, version.from)
                } else {
                    Vec::new()
                };
                t.versions.insert(version.id, trimmed(version));
                t.slots.extend(copies.into_iter().map(|s| (s.id, s)));
            }
            TimetableOp::EditVersion { version } => {
                let v = t.versions.get_mut(&version.id).ok_or_else(version_gone)?;
                *v = trimmed(version);
            }
            TimetableOp::RemoveVersion { id } => {
                if !t.versions.contains_key(id) {
                    return Err(version_gone());
                }
                if let Some(problem) = timetable_cycle::removal_problem(t, *id) {
                    return Err(DomainError::Rule(problem));
                }
                t.versions.remove(id);
            }
            TimetableOp::SetCycle { start } => {
                t.cycle_start = *start;
                if let Some(problem) = timetable_cycle::cycle_problem(t) {
                    return Err(DomainError::Rule(problem));
                }
            }
        }
        Ok(())
    }
}

fn trimmed(v: &TimetableVersion) -> TimetableVersion {
    TimetableVersion {
        title: v.title.trim().to_string(),
        ..v.clone()
    }
}

/// Checks an operation against the document and the school without changing anything.
pub fn check(doc: &AutoCommit, school: &SchoolData, op: &TimetableOp) -> Result<(), DomainError> {
    checked(doc, school, op).map(|_| ())
}

/// The timetable before and after the operation, once the operation passed every check.
fn checked(
    doc: &AutoCommit,
    school: &SchoolData,
    op: &TimetableOp,
) -> Result<(TimetableData, TimetableData), DomainError> {
    let before = TimetableData::from_doc(doc)?;
    if get_map(doc, &ROOT, "slots").is_none() {
        return Err(DomainError::Rule(
            "Документ расписания ещё не создан сервером. Синхронизируйтесь и повторите.".into(),
        ));
    }
    match op {
        TimetableOp::PutChange { change } => {
            check_change_op(doc, school, &before, Some(change), None)?;
            return Ok((before.clone(), before));
        }
        TimetableOp::RemoveChange { id } => {
            check_change_op(doc, school, &before, None, Some(*id))?;
            return Ok((before.clone(), before));
        }
        _ => {}
    }
    let versions_op = matches!(
        op,
        TimetableOp::AddVersion { .. }
            | TimetableOp::EditVersion { .. }
            | TimetableOp::RemoveVersion { .. }
    );
    if versions_op && get_map(doc, &ROOT, "versions").is_none() {
        return Err(DomainError::Rule(
            "Документ расписания ещё не обновлён сервером для версий расписания. \
             Синхронизируйтесь и повторите."
                .into(),
        ));
    }
    let mut after = before.clone();
    op.apply_to(&mut after)?;
    if let TimetableOp::AddVersion { version, .. } | TimetableOp::EditVersion { version } = op {
        if let Some(v) = after.versions.get(&version.id) {
            if let Some(problem) = timetable_cycle::version_problem(school, &after, v) {
                return Err(DomainError::Rule(problem));
            }
        }
    }
    timetable_rules::check_not_worse(school, &before, &after)?;
    Ok((before, after))
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
    let (before, after) = checked(doc, school, op)?;
    match op {
        TimetableOp::PutChange { change } => return timetable_changes::write_change(doc, change),
        TimetableOp::RemoveChange { id } => return timetable_changes::delete_change(doc, *id),
        _ => {}
    }
    let slots = need_map(doc, &ROOT, "slots")?;
    match op {
        TimetableOp::PutSlot { slot: s } => write_slot(doc, &slots, s)?,
        TimetableOp::RemoveSlot { id } => {
            doc.delete(&slots, id.to_string().as_str())?;
        }
        TimetableOp::PutChange { .. } | TimetableOp::RemoveChange { .. } => {}
        TimetableOp::AddVersion { version, .. } | TimetableOp::EditVersion { version } => {
            let versions = need_map(doc, &ROOT, "versions")?;
            let key = version.id.to_string();
            let o = match get_map(doc, &versions, &key) {
                Some(o) => o,
                None => put_map(doc, &versions, &key)?,
            };
            let v = &after.versions[&version.id];
            put_str(doc, &o, "from", &fmt_date(v.from))?;
            put_str(doc, &o, "title", &v.title)?;
            for s in after.slots.values() {
                if !before.slots.contains_key(&s.id) {
                    write_slot(doc, &slots, s)?;
                }
            }
        }
        TimetableOp::RemoveVersion { id } => {
            let versions = need_map(doc, &ROOT, "versions")?;
            doc.delete(&versions, id.to_string().as_str())?;
        }
        TimetableOp::SetCycle { start } => match start {
            Some(d) => put_str(doc, &ROOT, "cycle_start", &fmt_date(*d))?,
            None => {
                if get_str(doc, &ROOT, "cycle_start").is_some() {
                    doc.delete(&ROOT, "cycle_start")?;
                }
            }
        },
    }
    Ok(())
}

/// Writes one slot, creating its object once and then changing only the fields that differ.
fn write_slot(doc: &mut AutoCommit, slots: &ObjId, s: &Slot) -> Result<(), DomainError> {
    let key = s.id.to_string();
    let o = match get_map(doc, slots, &key) {
        Some(o) => o,
        None => put_map(doc, slots, &key)?,
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
    if s.co_teachers.is_empty() {
        if get_str(doc, &o, CO_TEACHERS).is_some() {
            doc.delete(&o, CO_TEACHERS)?;
        }
    } else {
        put_str(doc, &o, CO_TEACHERS, &join_ids(&s.co_teachers))?;
    }
    put_str(doc, &o, "room", s.room.trim())?;
    match week_number(s.week) {
        Some(w) => put_int(doc, &o, "week", w)?,
        None => {
            if get_i64(doc, &o, "week").is_some() {
                doc.delete(&o, "week")?;
            }
        }
    }
    match s.version {
        Some(v) => put_str(doc, &o, "version", &v.to_string())?,
        None => {
            if get_str(doc, &o, "version").is_some() {
                doc.delete(&o, "version")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
