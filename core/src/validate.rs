//! Validation of incoming changes: the server applies a device's changes to a copy of the
//! document and asks this module whether the result obeys the same rules the device ran.
//! Pure: no I/O, no clocks.

use automerge::{AutoCommit, ChangeHash, PatchAction, Prop, ReadDoc, ROOT};

use crate::doc::journal::{self, JournalPermission, Touched};
use crate::doc::roster::RosterData;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::doc::{kind_of, DocKind};
use crate::error::DomainError;

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
            let after = doc.get_heads();
            let was_locked = matches!(
                doc.get_at(ROOT, "locked", before),
                Ok(Some((automerge::Value::Scalar(s), _))) if s.as_bool() == Some(true)
            );
            let mut touched = Touched::default();
            for patch in doc.diff(before, &after) {
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
                touched.record(&path);
            }
            journal::validate_touched(doc, &touched, was_locked, perm)
        }
        DocKind::School => SchoolData::from_doc(doc).map(|_| ()),
        DocKind::Roster => RosterData::from_doc(doc).map(|_| ()),
        DocKind::Timetable => TimetableData::from_doc(doc).map(|_| ()),
    }
}

fn prop(p: &Prop) -> String {
    match p {
        Prop::Map(k) => k.clone(),
        Prop::Seq(i) => format!("#{i}"),
    }
}
