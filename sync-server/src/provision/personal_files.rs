//! Personal files follow movement orders. A student's file (and their guardians' files) lives
//! in the personal document of the class whose list has the student active: after an order's
//! roster effects, [`follow`] copies the file into the new class's personal document and then
//! clears it from every class whose list no longer has the student active, as the server's own
//! change, so the old class's teacher stops reading a student who left for another class
//! (personal-data minimisation). A guardian's file leaves a class only when no active student
//! of that class is linked to them. A student active in no class (left the school) keeps the
//! file where it was: there is nowhere to move it, and the school still hands the file over.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use zvonok_core::doc::personal::{
    self, guardian_file_ops, student_file_ops, GuardianFile, PersonalData, PersonalOp, StudentFile,
};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, GuardianId, StudentId};

use super::internal;
use crate::docstore::lock;
use crate::error::ApiResult;
use crate::persist::{self, Writer};
use crate::state::AppState;
use crate::storage::DocRecord;

/// The writes per class's personal document that make the files of `students` follow their
/// active class; pure, over the rosters and personal files as they are now.
pub fn plan(
    students: &BTreeSet<StudentId>,
    rosters: &BTreeMap<ClassId, RosterData>,
    files: &BTreeMap<ClassId, PersonalData>,
) -> BTreeMap<ClassId, Vec<PersonalOp>> {
    let mut ops: BTreeMap<ClassId, Vec<PersonalOp>> = BTreeMap::new();
    let active_in = |class: &ClassId, s: StudentId| {
        rosters
            .get(class)
            .and_then(|r| r.students.get(&s))
            .is_some_and(|x| x.active)
    };
    let linked_active = |class: &ClassId, g: GuardianId| {
        rosters.get(class).is_some_and(|r| {
            r.links
                .iter()
                .any(|(lg, ls)| *lg == g && active_in(class, *ls))
        })
    };
    for &s in students {
        let mut active: Vec<ClassId> = rosters
            .keys()
            .copied()
            .filter(|c| active_in(c, s))
            .collect();
        let Some(target) = active.pop().filter(|_| active.is_empty()) else {
            continue; // left the school (or a forged double listing): the file stays
        };
        let Some(target_files) = files.get(&target) else {
            continue;
        };
        if !target_files.students.contains_key(&s) {
            if let Some(f) = files.values().find_map(|p| p.students.get(&s)) {
                ops.entry(target)
                    .or_default()
                    .extend(student_file_ops(s, f));
            }
        }
        let guardians: Vec<GuardianId> = rosters[&target]
            .links
            .iter()
            .filter(|(_, ls)| *ls == s)
            .map(|(g, _)| *g)
            .collect();
        for &g in &guardians {
            if !target_files.guardians.contains_key(&g) {
                if let Some(f) = files.values().find_map(|p| p.guardians.get(&g)) {
                    ops.entry(target)
                        .or_default()
                        .extend(guardian_file_ops(g, f));
                }
            }
        }
        for (class, p) in files.iter().filter(|(c, _)| **c != target) {
            if p.students.contains_key(&s) && !active_in(class, s) {
                ops.entry(*class)
                    .or_default()
                    .extend(student_file_ops(s, &StudentFile::default()));
            }
            for &g in &guardians {
                if p.guardians.contains_key(&g) && !linked_active(class, g) {
                    ops.entry(*class)
                        .or_default()
                        .extend(guardian_file_ops(g, &GuardianFile::default()));
                }
            }
        }
    }
    ops
}

/// Moves the personal files of `students` after their orders' roster effects were stored.
/// Returns how many personal documents changed.
pub fn follow(
    state: &AppState,
    writer: Writer<'_>,
    students: &BTreeSet<StudentId>,
) -> ApiResult<usize> {
    if students.is_empty() {
        return Ok(0);
    }
    let records = state.storage.docs()?;
    let mut rosters = BTreeMap::new();
    let mut files = BTreeMap::new();
    let mut personal_recs: HashMap<ClassId, &DocRecord> = HashMap::new();
    for rec in &records {
        let Some(class) = rec.meta.class else {
            continue;
        };
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let hot = lock(&shared);
        match rec.kind {
            DocKind::Roster => {
                rosters.insert(class, RosterData::from_doc(&hot.doc).map_err(internal)?);
            }
            DocKind::Personal => {
                files.insert(class, PersonalData::from_doc(&hot.doc).map_err(internal)?);
                personal_recs.insert(class, rec);
            }
            _ => {}
        }
    }
    let mut changed = 0;
    for (class, ops) in plan(students, &rosters, &files) {
        let Some(rec) = personal_recs.get(&class) else {
            continue;
        };
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let mut hot = lock(&shared);
        for op in &ops {
            if let Err(e) = personal::apply(&mut hot.doc, op) {
                hot.doc.rollback();
                return Err(internal(e));
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
