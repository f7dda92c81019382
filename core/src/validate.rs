//! Validation of incoming changes: the server applies a device's changes to a copy of the
//! document and asks this module whether the result obeys the same rules the device ran.
//! Pure: no I/O, no clocks.
//!
//! Per kind: `journal` checks exactly what was touched (`journal::validate_touched`, with the
//! period lock); `school` refuses new problems (`school_rules`, e.g. a plan over the maximum
//! weekly load) and device-made containers; `personal` allows only valid, normalised field
//! values; `movement` allows only new orders that obey `movement::check_new_order`.

use automerge::{AutoCommit, ChangeHash, PatchAction, Prop, ReadDoc, Value, ROOT};

use crate::doc::journal::{self, JournalPermission, Touched};
use crate::doc::movement::{self, MovementData};
use crate::doc::personal;
use crate::doc::roster::RosterData;
use crate::doc::school::{self, SchoolData};
use crate::doc::timetable::TimetableData;
use crate::doc::{kind_of, DocKind};
use crate::error::DomainError;
use crate::school_rules;

/// Checks that the changes between `before` and the document's current heads keep it valid.
/// `kind` is the kind the server has on record for this document: a change may not alter it.
pub fn validate_incoming(
    kind: DocKind,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    perm: JournalPermission,
) -> Result<(), DomainError> {
    if kind_of(doc) != Some(kind) {
        return Err(DomainError::Forbidden("вид документа менять нельзя".into()));
    }
    match kind {
        DocKind::Journal => {
            let was_locked = matches!(
                doc.get_at(ROOT, "locked", before),
                Ok(Some((automerge::Value::Scalar(s), _))) if s.as_bool() == Some(true)
            );
            let mut touched = Touched::default();
            for path in touched_paths(doc, before) {
                touched.record(&path);
            }
            journal::validate_touched(doc, &touched, was_locked, perm)
        }
        DocKind::School => validate_school(doc, before),
        DocKind::Roster => RosterData::from_doc(doc).map(|_| ()),
        DocKind::Timetable => TimetableData::from_doc(doc).map(|_| ()),
        DocKind::Personal => {
            let paths = touched_paths(doc, before);
            personal::validate_paths(doc, &paths)?;
            personal::PersonalData::from_doc(doc).map(|_| ())
        }
        DocKind::Movement => {
            let paths = touched_paths(doc, before);
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

/// The school document: root containers stay the server's (a device may not create or replace
/// one), the header stays, and the data after the change has no problem it did not have
/// before (`school_rules`): e.g. a forged plan over the maximum weekly load, or a switch to a
/// five-day week that puts an existing plan over it, is refused.
fn validate_school(doc: &mut AutoCommit, before: &[ChangeHash]) -> Result<(), DomainError> {
    let after = SchoolData::from_doc(doc)?;
    let mut root: Vec<String> = doc.keys(ROOT).collect();
    root.extend(doc.keys_at(ROOT, before));
    root.sort();
    root.dedup();
    for key in root {
        let now = doc.get(ROOT, key.as_str())?;
        let then = doc.get_at(ROOT, key.as_str(), before)?;
        let container = school::SECTIONS.contains(&key.as_str())
            || school::FLAT_SECTIONS.contains(&key.as_str());
        match (&now, &then) {
            (Some((Value::Object(_), a)), Some((Value::Object(_), b))) if a == b => {}
            (Some((Value::Object(_), _)), _) | (_, Some((Value::Object(_), _))) => {
                return Err(DomainError::Forbidden(format!(
                    "раздел «{key}» документа школы создаёт только сервер"
                )))
            }
            _ if container => {
                return Err(DomainError::Forbidden(format!(
                    "раздел «{key}» документа школы создаёт только сервер"
                )))
            }
            _ if key == "schema" && now.as_ref().map(|n| &n.0) != then.as_ref().map(|t| &t.0) => {
                return Err(DomainError::Forbidden(
                    "версию схемы документа меняет только сервер".into(),
                ))
            }
            _ => {}
        }
    }
    let old = SchoolData::from_doc(&doc.fork_at(before)?)?;
    school_rules::check_not_worse(&old, &after)
}

fn prop(p: &Prop) -> String {
    match p {
        Prop::Map(k) => k.clone(),
        Prop::Seq(i) => format!("#{i}"),
    }
}
