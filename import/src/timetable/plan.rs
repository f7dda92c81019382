//! A timetable file compared with the timetable the school has → a [`TimetablePlan`] to
//! preview; nothing is written until the caller applies it.
//!
//! A slot is identified by (weekday, lesson number, class or group, subject): ids in the
//! files are not stable between exports. A wanted slot equal to an existing one is
//! unchanged; one that differs only in teachers or room keeps the existing slot's id; a new one
//! gets an id derived from its identity (so two previews of the same file agree). Existing
//! slots are removed only for the classes the file covers (a class entered by hand and absent
//! from the file is left alone), and never where a lesson of the file was left out for an
//! unmatched name or a bad hour. Applying the plan and planning the same file again gives
//! nothing to put and nothing to remove.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::Weekday;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, SlotId, StaffId, SubjectId, YearId};
use zvonok_core::model::{Slot, SlotWeek, MAX_CO_TEACHERS};
use zvonok_core::rights::Cohort;

use crate::error::{RowError, RowProblem};
use crate::timetable::mapping::{map_timetable_in, LeftOut, MappedTimetable, Unmatched};
use crate::timetable::name_map::NameMap;
use crate::timetable::source::TimetableSource;

/// What identifies a weekly slot across imports: (weekday from Monday = 1, lesson number,
/// class or group, subject, week: 0 every week, 1 week A, 2 week B).
type SlotKey = (u8, u8, Cohort, SubjectId, u8);

fn week_code(w: SlotWeek) -> u8 {
    match w {
        SlotWeek::Every => 0,
        SlotWeek::A => 1,
        SlotWeek::B => 2,
    }
}

fn day(w: Weekday) -> u8 {
    w.number_from_monday() as u8
}

/// A lesson with more teachers than a slot holds (the lead and
/// [`MAX_CO_TEACHERS`](zvonok_core::model::MAX_CO_TEACHERS) co-teachers): the slot keeps the
/// first ones in the file's order; the rest are listed here for the preview and not written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraTeachers {
    pub row: u32,
    pub slot: SlotId,
    pub others: Vec<StaffId>,
}

/// Counts for the preview's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableCounts {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// What importing the file would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetablePlan {
    /// New slots and changed ones (a changed one keeps its existing id).
    pub slots_to_put: Vec<Slot>,
    pub slots_to_remove: Vec<SlotId>,
    /// Existing slots the file has as they are.
    pub unchanged: Vec<SlotId>,
    pub unmatched: Vec<Unmatched>,
    pub errors: Vec<RowError>,
    pub extra_teachers: Vec<ExtraTeachers>,
    pub counts: TimetableCounts,
}

impl TimetablePlan {
    /// Writes the plan into `timetable` (the caller does so only after the user confirms).
    pub fn apply(&self, timetable: &mut TimetableData) {
        for id in &self.slots_to_remove {
            timetable.slots.remove(id);
        }
        for slot in &self.slots_to_put {
            timetable.slots.insert(slot.id, slot.clone());
        }
    }

    /// Nothing to put and nothing to remove.
    pub fn is_empty(&self) -> bool {
        self.slots_to_put.is_empty() && self.slots_to_remove.is_empty()
    }
}

/// Maps `source` to the school (answers in `names` first) and compares it with `existing`.
pub fn plan_timetable(
    source: &TimetableSource,
    school: &SchoolData,
    names: &NameMap,
    existing: &TimetableData,
) -> TimetablePlan {
    let mapped = map_timetable_in(
        source,
        school,
        names,
        existing.year,
        existing.cycle_start.is_some(),
    );
    plan_mapped(mapped, existing)
}

/// [`plan_timetable`] for a source already mapped.
pub fn plan_mapped(mapped: MappedTimetable, existing: &TimetableData) -> TimetablePlan {
    let MappedTimetable {
        lessons,
        left_out,
        unmatched,
        mut errors,
    } = mapped;

    // The slots the file wants, first row wins.
    let mut wanted: BTreeMap<SlotKey, (StaffId, Vec<StaffId>, String, u32)> = BTreeMap::new();
    let mut scope: BTreeSet<ClassId> = BTreeSet::new();
    for lesson in &lessons {
        // Every teacher of the lesson, each once, in the file's order: the first leads.
        let mut all: Vec<StaffId> = Vec::with_capacity(lesson.teachers.len());
        for t in &lesson.teachers {
            if !all.contains(t) {
                all.push(*t);
            }
        }
        let Some((&teacher, others)) = all.split_first() else {
            continue;
        };
        for &cohort in &lesson.cohorts {
            scope.insert(cohort.class());
            let key = (
                day(lesson.weekday),
                lesson.number,
                cohort,
                lesson.subject,
                week_code(lesson.week),
            );
            if let Some((.., first_row)) = wanted.get(&key) {
                if *first_row != lesson.row {
                    errors.push(RowError {
                        row: lesson.row,
                        column: None,
                        problem: RowProblem::Duplicate {
                            who: format!(
                                "Урок в {} № {} у того же класса или группы по тому же предмету",
                                weekday_short(lesson.weekday),
                                lesson.number
                            ),
                            first_row: *first_row,
                        },
                    });
                }
                continue;
            }
            wanted.insert(
                key,
                (teacher, others.to_vec(), lesson.room.clone(), lesson.row),
            );
        }
    }
    scope.extend(left_out.iter().flat_map(|l| l.classes.iter().copied()));

    let mut by_key: BTreeMap<SlotKey, &Slot> = BTreeMap::new();
    for slot in existing.slots.values().filter(|s| s.version.is_none()) {
        by_key
            .entry((
                day(slot.weekday),
                slot.number,
                slot.cohort,
                slot.subject,
                week_code(slot.week),
            ))
            .or_insert(slot);
    }
    let mut plan = TimetablePlan {
        unmatched,
        ..TimetablePlan::default()
    };
    let mut kept: HashSet<SlotId> = HashSet::new();
    let mut taken: HashSet<SlotId> = existing.slots.keys().copied().collect();
    for (key, (teacher, others, room, row)) in wanted {
        let (weekday, number, cohort, subject, week) = key;
        let fit = others.len().min(MAX_CO_TEACHERS);
        let (co_teachers, beyond) = (others[..fit].to_vec(), others[fit..].to_vec());
        let weekday =
            zvonok_core::model::weekday_from_number(i64::from(weekday)).unwrap_or(Weekday::Mon);
        let slot = match by_key.get(&key) {
            Some(old) => {
                kept.insert(old.id);
                if old.teacher == teacher && old.co_teachers == co_teachers && old.room == room {
                    plan.unchanged.push(old.id);
                    note_extra(&mut plan, row, old.id, beyond);
                    continue;
                }
                plan.counts.changed += 1;
                Slot {
                    teacher,
                    co_teachers,
                    room,
                    ..(*old).clone()
                }
            }
            None => {
                plan.counts.added += 1;
                let id = derived_id(existing.year, &key, &taken);
                taken.insert(id);
                Slot {
                    id,
                    weekday,
                    number,
                    cohort,
                    subject,
                    teacher,
                    co_teachers,
                    room,
                    week: match week {
                        1 => SlotWeek::A,
                        2 => SlotWeek::B,
                        _ => SlotWeek::Every,
                    },
                    version: None,
                }
            }
        };
        note_extra(&mut plan, row, slot.id, beyond);
        plan.slots_to_put.push(slot);
    }
    for slot in existing.slots.values().filter(|s| s.version.is_none()) {
        if kept.contains(&slot.id) || !scope.contains(&slot.cohort.class()) {
            continue;
        }
        if left_out.iter().any(|l| covers(l, slot)) {
            continue;
        }
        plan.slots_to_remove.push(slot.id);
    }
    plan.counts.removed = plan.slots_to_remove.len();
    plan.counts.unchanged = plan.unchanged.len();
    errors.sort_by_key(|e| e.row);
    plan.errors = errors;
    plan
}

fn note_extra(plan: &mut TimetablePlan, row: u32, slot: SlotId, others: Vec<StaffId>) {
    if !others.is_empty() {
        plan.extra_teachers
            .push(ExtraTeachers { row, slot, others });
    }
}

/// Whether a left-out lesson of the file may stand where `slot` is.
fn covers(l: &LeftOut, slot: &Slot) -> bool {
    l.weekday == slot.weekday
        && l.number.is_none_or(|n| n == slot.number)
        && (l.all_classes || l.classes.contains(&slot.cohort.class()))
}

/// An id from the slot's identity (stable across previews of the same file), skipping ids
/// already used.
fn derived_id(year: YearId, key: &SlotKey, taken: &HashSet<SlotId>) -> SlotId {
    let (weekday, number, cohort, subject, week) = key;
    let (class, group) = match cohort {
        Cohort::Class(c) => (*c, None),
        Cohort::Group { class, group } => (*class, Some(*group)),
    };
    for attempt in 0u32.. {
        let mut h = Sha256::new();
        h.update(b"zvonok timetable slot\0");
        h.update(year.as_bytes());
        h.update([*weekday, *number]);
        h.update(class.as_bytes());
        h.update(group.map_or([0u8; 16], |g| *g.as_bytes()));
        h.update(subject.as_bytes());
        // Every-week slots keep the ids they had before weeks existed.
        if *week != 0 {
            h.update([*week]);
        }
        h.update(attempt.to_le_bytes());
        let digest = h.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        let id = SlotId::from_uuid(uuid::Builder::from_custom_bytes(bytes).into_uuid());
        if !taken.contains(&id) {
            return id;
        }
    }
    unreachable!("an unbounded counter always finds a free id")
}

/// «пн», «вт» … for messages.
fn weekday_short(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "пн",
        Weekday::Tue => "вт",
        Weekday::Wed => "ср",
        Weekday::Thu => "чт",
        Weekday::Fri => "пт",
        Weekday::Sat => "сб",
        Weekday::Sun => "вс",
    }
}
