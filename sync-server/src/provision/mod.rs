//! What the server writes because of what others wrote (devices never create documents, see
//! ARCHITECTURE.md):
//!
//! - **Documents that follow from the school.** Every class has a `roster` and a `personal`
//!   document (`DocMeta.class` set), the school has one `movement` document and, once it has a
//!   current academic year, an (empty) `timetable` document for that year (`DocMeta.year`,
//!   «Расписание 2026/2027»). [`missing`] says which are lacking; [`after_school_change`]
//!   creates them once a school or timetable change is stored (sync or a browser write) and at
//!   start-up; the demo and the first start create them with the school.
//! - **Journals follow from the timetable** ([`journals`]): in the same call, the journals and
//!   dated lessons the current year's timetable calls for are created, never destroying work.
//! - **Orders act on rosters.** After a `movement` change with new orders is stored,
//!   [`apply_orders`] applies `movement::effects` of each new order to the rosters as the
//!   server actor: Join → the student is in the target roster, active (with their guardians
//!   and links, copied from the roster they come from); Leave → inactive in the old roster,
//!   never deleted. A student who joined a class is added to the class's journals of the
//!   period the order takes effect in and later ones; past marks stay in the old journals.
//!   Personal files follow ([`personal_files`]): copied to the class the student is active
//!   in, cleared from the class they left.

use std::collections::{BTreeSet, HashMap, HashSet};

use automerge::AutoCommit;
use zvonok_core::doc::journal;
use zvonok_core::doc::journal_students;
use zvonok_core::doc::movement::{MovementData, Order};
use zvonok_core::doc::personal::PersonalData;
use zvonok_core::doc::roster::{self, RosterData};
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId, OrderId};
use zvonok_core::model::Student;
use zvonok_core::movement::{self, RosterChange, RosterEffect};
use zvonok_core::rights::Cohort;
use zvonok_core::DomainError;

use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::persist::{self, Writer};
use crate::state::AppState;
use crate::storage::{DocMeta, DocRecord, NewDoc};
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes;

pub mod journals;
pub mod personal_files;
pub mod timetable_upgrade;

/// The title of the school's movement document.
pub const MOVEMENT_TITLE: &str = "Книга движения учащихся";

/// «Расписание 2026/2027».
pub fn timetable_title(year_title: &str) -> String {
    format!("Расписание {}", year_title.trim())
}

/// «Список класса 5А».
pub fn roster_title(class_name: &str) -> String {
    format!("Список класса {class_name}")
}

/// «Личные дела 5А».
pub fn personal_title(class_name: &str) -> String {
    format!("Личные дела {class_name}")
}

/// A new document row with its first snapshot.
pub fn new_doc(kind: DocKind, title: String, meta: DocMeta, mut doc: AutoCommit) -> NewDoc {
    NewDoc {
        record: DocRecord {
            id: DocId::new(),
            kind,
            title,
            meta,
            heads: doc.get_heads(),
        },
        snapshot: doc.save(),
    }
}

/// The documents `school` calls for that `records` lack: a roster and a personal document per
/// class, one movement document.
pub fn missing(school: &SchoolData, records: &[DocRecord]) -> Result<Vec<NewDoc>, DomainError> {
    let of_kind = |kind: DocKind| -> HashSet<ClassId> {
        records
            .iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| r.meta.class)
            .collect()
    };
    let rosters = of_kind(DocKind::Roster);
    let personal = of_kind(DocKind::Personal);
    let mut out = Vec::new();
    for c in school.classes.values() {
        let meta = DocMeta {
            class: Some(c.id),
            ..DocMeta::default()
        };
        if !rosters.contains(&c.id) {
            out.push(new_doc(
                DocKind::Roster,
                roster_title(&c.name()),
                meta.clone(),
                RosterData::new(c.id).to_doc()?,
            ));
        }
        if !personal.contains(&c.id) {
            out.push(new_doc(
                DocKind::Personal,
                personal_title(&c.name()),
                meta,
                PersonalData::new(c.id).to_doc()?,
            ));
        }
    }
    if !records.iter().any(|r| r.kind == DocKind::Movement) {
        out.push(movement_doc()?);
    }
    if let Some(year) = school.current_year.and_then(|y| school.years.get(&y)) {
        let has = records
            .iter()
            .any(|r| r.kind == DocKind::Timetable && r.meta.year == Some(year.id));
        if !has {
            let data = TimetableData {
                year: year.id,
                slots: Default::default(),
                versions: Default::default(),
                cycle_start: None,
            };
            out.push(new_doc(
                DocKind::Timetable,
                timetable_title(&year.title),
                DocMeta {
                    year: Some(year.id),
                    ..DocMeta::default()
                },
                data.to_doc()?,
            ));
        }
    }
    Ok(out)
}

/// The school's (empty) movement document.
pub fn movement_doc() -> Result<NewDoc, DomainError> {
    Ok(new_doc(
        DocKind::Movement,
        MOVEMENT_TITLE.into(),
        DocMeta::default(),
        MovementData::default().to_doc()?,
    ))
}

pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

/// After a school or timetable change was stored, and at start-up: creates the documents the
/// school now calls for, then the journals and lessons the timetable calls for
/// ([`journals::bring_in_line`]). Returns how many documents were created (the rights index
/// is invalidated if any).
pub fn after_school_change(state: &AppState) -> ApiResult<usize> {
    let mut seen = state
        .provision_lock
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let records = state.storage.docs()?;
    let Some(rec) = records.iter().find(|r| r.kind == DocKind::School) else {
        return Ok(0);
    };
    let shared = state
        .docs
        .get(rec.id, rec.kind)
        .map_err(internal)?
        .ok_or_else(|| internal(format!("документ школы {} не найден", rec.id)))?;
    let school = SchoolData::from_doc(&lock(&shared).doc).map_err(internal)?;
    let new = missing(&school, &records).map_err(internal)?;
    let records = if new.is_empty() {
        records
    } else {
        state.storage.create_docs(&new)?;
        state.invalidate_index();
        tracing::info!(count = new.len(), "documents created for the school");
        state.storage.docs()?
    };
    timetable_upgrade::upgrade_timetables(state, &records)?;
    upgrade_timetable_changes(state, &records)?;
    let done = journals::bring_in_line(state, &mut seen, school, &records)?;
    Ok(new.len() + done.created)
}

/// Adds the `changes` container (changes by date) to timetable documents made before it
/// existed, as the server actor (devices never create containers).
fn upgrade_timetable_changes(state: &AppState, records: &[DocRecord]) -> ApiResult<()> {
    for rec in records.iter().filter(|r| r.kind == DocKind::Timetable) {
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let mut hot = lock(&shared);
        if timetable_changes::has_container(&hot.doc) {
            continue;
        }
        if let Err(e) = timetable_changes::upgrade(&mut hot.doc) {
            hot.doc.rollback();
            return Err(internal(e));
        }
        let Some(change) = hot
            .doc
            .commit()
            .and_then(|h| hot.doc.get_change_by_hash(&h))
        else {
            continue;
        };
        persist::store_server_changes(state, rec, &mut hot, &[change])?;
        tracing::info!(doc = %rec.id, "timetable document upgraded: changes by date");
    }
    Ok(())
}

/// Makes the next [`after_school_change`] compare every journal with the timetable again, as
/// at start-up, even when nothing it depends on changed (tests and benchmarks).
pub fn forget_last_run(state: &AppState) {
    *state
        .provision_lock
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = None;
}

/// The ids of `after`'s orders that `before` lacks, in the order they take effect (date,
/// then id).
pub fn new_orders(before: &BTreeSet<OrderId>, after: &MovementData) -> Vec<OrderId> {
    let mut v: Vec<&Order> = after
        .orders
        .values()
        .filter(|o| !before.contains(&o.id))
        .collect();
    v.sort_by_key(|o| (o.date, o.id));
    v.into_iter().map(|o| o.id).collect()
}

/// Splits «Иванов Иван Иванович» into last, first and middle name.
fn split_name(full: &str) -> (String, String, String) {
    let mut parts = full.split_whitespace();
    let last = parts.next().unwrap_or_default().to_string();
    let first = parts.next().unwrap_or_default().to_string();
    let middle = parts.collect::<Vec<_>>().join(" ");
    (last, first, middle)
}

/// Applies the roster effects of `orders` (new orders of `data`, already stored) as the
/// server actor, each roster change stored like any other change. Returns how many roster
/// documents changed; the rights index is invalidated if any did.
pub fn apply_orders(
    state: &AppState,
    writer: Writer<'_>,
    data: &MovementData,
    orders: &[OrderId],
) -> ApiResult<usize> {
    if orders.is_empty() {
        return Ok(0);
    }
    let mut effects: Vec<RosterEffect> = Vec::new();
    for id in orders {
        effects.extend(movement::effects(data, *id).map_err(internal)?);
    }
    if effects.is_empty() {
        return Ok(0);
    }
    let records = state.storage.docs()?;
    let rosters: HashMap<ClassId, &DocRecord> = records
        .iter()
        .filter(|r| r.kind == DocKind::Roster)
        .filter_map(|r| Some((r.meta.class?, r)))
        .collect();
    // What every roster says now, to copy a joining student's names, guardians and links.
    let mut all: Vec<RosterData> = Vec::new();
    for rec in rosters.values() {
        if let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? {
            all.push(RosterData::from_doc(&lock(&shared).doc).map_err(internal)?);
        }
    }
    let mut changed_docs = 0;
    let mut by_class: Vec<(ClassId, Vec<&RosterEffect>)> = Vec::new();
    for e in &effects {
        match by_class.iter_mut().find(|(c, _)| *c == e.class) {
            Some((_, v)) => v.push(e),
            None => by_class.push((e.class, vec![e])),
        }
    }
    for (class, effs) in by_class {
        let Some(rec) = rosters.get(&class) else {
            tracing::warn!(%class, "an order names a class without a roster");
            continue;
        };
        let shared = state
            .docs
            .get(rec.id, rec.kind)
            .map_err(internal)?
            .ok_or_else(|| internal(format!("список класса {} не найден", rec.id)))?;
        let mut hot = lock(&shared);
        let written = write_effects(&mut hot.doc, &effs, &all);
        let written = match written {
            Ok(w) => w,
            Err(e) => {
                hot.doc.rollback();
                return Err(internal(e));
            }
        };
        if !written {
            hot.doc.rollback();
            continue;
        }
        let Some(change) = hot
            .doc
            .commit()
            .and_then(|h| hot.doc.get_change_by_hash(&h))
        else {
            continue;
        };
        let stored = persist::store_changes(state, writer, rec, &mut hot, &[change], false)?;
        drop(hot);
        changed_docs += 1;
        if stored.index_dirty {
            state.invalidate_index();
        }
    }
    for e in effects.iter().filter(|e| e.change == RosterChange::Join) {
        let name = all
            .iter()
            .find_map(|r| r.students.get(&e.student))
            .map(Student::full_name)
            .unwrap_or_else(|| e.name.trim().to_string());
        changed_docs += join_journals(state, writer, &records, e, &name)?;
    }
    let moved: BTreeSet<_> = effects.iter().map(|e| e.student).collect();
    changed_docs += personal_files::follow(state, writer, &moved)?;
    Ok(changed_docs)
}

/// Adds a student who joined a class to the class's journals of the period the order takes
/// effect in and later ones (journals of groups need the group's membership and are left to
/// the class teacher). Returns how many journals changed.
fn join_journals(
    state: &AppState,
    writer: Writer<'_>,
    records: &[DocRecord],
    e: &RosterEffect,
    name: &str,
) -> ApiResult<usize> {
    let mut changed = 0;
    for rec in records
        .iter()
        .filter(|r| r.kind == DocKind::Journal && r.meta.cohort == Some(Cohort::Class(e.class)))
    {
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let mut hot = lock(&shared);
        let meta = journal::read_meta(&hot.doc).map_err(internal)?;
        if meta.end < e.from {
            continue; // a past period: the student was not in the class then
        }
        match journal_students::add_student(&mut hot.doc, e.student, name) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(err) => {
                hot.doc.rollback();
                return Err(internal(err));
            }
        }
        let Some(change) = hot
            .doc
            .commit()
            .and_then(|h| hot.doc.get_change_by_hash(&h))
        else {
            continue;
        };
        let _ = persist::store_changes(state, writer, rec, &mut hot, &[change], false)?;
        changed += 1;
    }
    Ok(changed)
}

/// Writes the effects on one roster; returns whether anything was written.
fn write_effects(
    doc: &mut AutoCommit,
    effs: &[&RosterEffect],
    all: &[RosterData],
) -> Result<bool, DomainError> {
    let mut written = false;
    for e in effs {
        match e.change {
            RosterChange::Leave => written |= roster::set_active(doc, e.student, false)?,
            RosterChange::Join => {
                let known = all
                    .iter()
                    .find_map(|r| r.students.get(&e.student).map(|s| (r, s)));
                let student = match known {
                    Some((_, s)) => Student {
                        active: true,
                        ..s.clone()
                    },
                    None => {
                        let (last_name, first_name, middle_name) = split_name(&e.name);
                        Student {
                            id: e.student,
                            last_name,
                            first_name,
                            middle_name,
                            active: true,
                        }
                    }
                };
                written |= roster::put_student(doc, &student)?;
                if let Some((from, _)) = known {
                    for (g, s) in &from.links {
                        if *s != e.student {
                            continue;
                        }
                        if let Some(guardian) = from.guardians.get(g) {
                            written |= roster::put_guardian(doc, guardian)?;
                            written |= roster::link(doc, *g, e.student)?;
                        }
                    }
                }
            }
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_three_parts() {
        assert_eq!(
            split_name("  Иванова  Анна Сергеевна "),
            ("Иванова".into(), "Анна".into(), "Сергеевна".into())
        );
        assert_eq!(
            split_name("Ким Ли"),
            ("Ким".into(), "Ли".into(), String::new())
        );
    }

    #[test]
    fn a_school_with_classes_calls_for_rosters_personal_files_and_a_book() {
        use zvonok_core::ids::YearId;
        use zvonok_core::model::Class;
        let mut s = SchoolData::default();
        let year = YearId::new();
        for letter in ["А", "Б"] {
            let id = ClassId::new();
            s.classes.insert(
                id,
                Class {
                    id,
                    year,
                    grade: 5,
                    letter: letter.into(),
                    class_teacher: None,
                },
            );
        }
        let new = missing(&s, &[]).expect("docs");
        assert_eq!(new.len(), 5);
        let records: Vec<DocRecord> = new.iter().map(|n| n.record.clone()).collect();
        assert!(missing(&s, &records).expect("docs").is_empty(), "once");
        assert!(records
            .iter()
            .filter(|r| r.kind != DocKind::Movement)
            .all(|r| r.meta.class.is_some()));
    }

    #[test]
    fn a_current_year_calls_for_its_timetable_once() {
        use chrono::NaiveDate;
        use zvonok_core::ids::YearId;
        use zvonok_core::model::AcademicYear;
        let mut s = SchoolData::default();
        let records: Vec<DocRecord> = missing(&s, &[])
            .expect("docs")
            .into_iter()
            .map(|n| n.record)
            .collect();
        assert!(records.iter().all(|r| r.kind != DocKind::Timetable));
        let year = YearId::new();
        s.years.insert(
            year,
            AcademicYear {
                id: year,
                title: "2026/2027".into(),
                start: NaiveDate::from_ymd_opt(2026, 9, 1).expect("date"),
                end: NaiveDate::from_ymd_opt(2027, 5, 31).expect("date"),
            },
        );
        s.current_year = Some(year);
        let new = missing(&s, &records).expect("docs");
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].record.kind, DocKind::Timetable);
        assert_eq!(new[0].record.meta.year, Some(year));
        assert_eq!(new[0].record.title, "Расписание 2026/2027");
        let doc = AutoCommit::load(&new[0].snapshot).expect("load");
        let tt = TimetableData::from_doc(&doc).expect("timetable");
        assert_eq!((tt.year, tt.slots.len()), (year, 0));
        let mut all = records;
        all.push(new[0].record.clone());
        assert!(missing(&s, &all).expect("docs").is_empty(), "once");
    }
}
