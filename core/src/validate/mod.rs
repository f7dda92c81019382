//! Validation of incoming changes: the server applies a device's changes to a copy of the
//! document and asks this module whether the result obeys the same rules the device ran.
//! Pure: no I/O, no clocks.
//!
//! One rule per document kind, checked by state: [`schema`] declares each kind's layout
//! (root containers, entities keyed by UUID, flat composite keys, field types and bounds,
//! server-only fields); [`walk`] checks the touched paths of a change and the touched entities
//! after it against that layout; then the kind's own rules run with the context they need
//! ([`CheckContext`]: the school for a roster's groups and a timetable's ids, the class's roster
//! for personal files, the writer's rights). Every refusal of the layout or of a state rule is
//! a typed [`DomainError::Refused`] (`error::RefusalKind`).
//!
//! Per kind: `journal` checks exactly what was touched (`journal::validate_touched`, with the
//! period lock); `school` refuses new problems (`school_rules`, e.g. a plan over the maximum
//! weekly load); `personal` allows only valid, normalised values about people on the class's
//! roster; `movement` allows only new orders that obey `movement::check_new_order`; `roster`
//! keeps its class and its people (no deletions, `active` is the server's), links and groups
//! only between people of this list and groups of this class, new people only with the lists
//! right; `timetable` slots name what exists in the school, within its week and bells, and
//! the week gains no problem of `timetable_rules` (no double booking, no lesson without an
//! assignment, no hours over the plan).

mod personal;
mod roster;
pub mod schema;
mod school;
mod timetable;
mod walk;

#[cfg(test)]
mod tests;

use automerge::{AutoCommit, ChangeHash, PatchAction, Prop, ReadDoc, ROOT};

use crate::doc::journal::{self, JournalPermission, Touched as JournalTouched};
use crate::doc::movement::{self, MovementData};
use crate::doc::roster::RosterData;
use crate::doc::school::SchoolData;
use crate::doc::{kind_of, DocKind};
use crate::error::{DomainError, RefusalKind};

/// What the check needs besides the document: the writer's rights and the documents the rules
/// of this kind read.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckContext<'a> {
    /// `rights::may(EditLocked)` for a journal.
    pub perm: JournalPermission,
    /// `rights::may_enter_people` for a roster's class: without it a change may edit the
    /// people listed but not enter new ones.
    pub may_enter_people: bool,
    /// The school's data: a roster's groups and a timetable's ids are checked against it.
    pub school: Option<&'a SchoolData>,
    /// The roster of a personal document's class: files only of people on it.
    pub roster: Option<&'a RosterData>,
}

/// Checks that the changes between `before` and the document's current heads keep it valid.
/// `kind` is the kind the server has on record for this document: a change may not alter it.
pub fn validate_incoming(
    kind: DocKind,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    cx: &CheckContext<'_>,
) -> Result<(), DomainError> {
    if kind_of(doc) != Some(kind) {
        return Err(DomainError::refused(
            RefusalKind::RootContainer,
            "вид документа меняет только сервер; обновите приложение",
        ));
    }
    walk::check_roots(kind, doc, before)?;
    let paths = touched_paths(doc, before);
    let touched = walk::check_paths(kind, doc, before, &paths)?;
    match kind {
        DocKind::Journal => {
            let was_locked = matches!(
                doc.get_at(ROOT, "locked", before),
                Ok(Some((automerge::Value::Scalar(s), _))) if s.as_bool() == Some(true)
            );
            let mut t = JournalTouched::default();
            for path in &paths {
                t.record(path);
            }
            journal::validate_touched(doc, &t, was_locked, cx.perm)?;
            match cx.perm.substitute {
                Some(staff) => {
                    let old = doc.fork_at(before)?;
                    crate::doc::journal_substitute::check_touched(doc, &old, &t, staff)
                }
                None => Ok(()),
            }
        }
        DocKind::School => school::check(doc, before),
        DocKind::Roster => roster::check(doc, before, &touched, cx),
        DocKind::Timetable => timetable::check(doc, before, &touched, cx),
        DocKind::Personal => personal::check(doc, &touched, cx),
        DocKind::Movement => {
            let old = MovementData::from_doc(&doc.fork_at(before)?)?;
            movement::validate_change(&old, doc, &paths)
        }
    }
}

/// The path of every value the changes since `before` touched: the map keys down to the
/// changed key (`["orders", "<id>", "number"]`); list positions are `#<index>`, other actions
/// end in `#`.
fn touched_paths(doc: &mut AutoCommit, before: &[ChangeHash]) -> Vec<Vec<String>> {
    let after = doc.get_heads();
    doc.diff(before, &after)
        .into_iter()
        .map(|patch| {
            let mut path: Vec<String> = patch.path.iter().map(|(_, p)| prop(p)).collect();
            match &patch.action {
                PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => {
                    path.push(key.clone())
                }
                PatchAction::Increment { prop: p, .. } | PatchAction::Conflict { prop: p } => {
                    path.push(prop(p))
                }
                _ => path.push("#".into()),
            }
            path
        })
        .collect()
}

fn prop(p: &Prop) -> String {
    match p {
        Prop::Map(k) => k.clone(),
        Prop::Seq(i) => format!("#{i}"),
    }
}
