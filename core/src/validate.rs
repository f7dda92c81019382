//! Validation of incoming changes: the server applies a device's changes to a copy of the
//! document and asks this module whether the result obeys the same rules the device ran.
//! Pure: no I/O, no clocks.
//!
//! Per kind: `journal` checks exactly what was touched (`journal::validate_touched`, with the
//! period lock); `school` refuses new problems (`school_rules`, e.g. a plan over the maximum
//! weekly load) and device-made containers; `personal` allows only valid, normalised field
//! values; `movement` allows only new orders that obey `movement::check_new_order`; `roster`
//! is read, and [`validate_roster`] adds the rule of the lists right.

use automerge::{AutoCommit, ChangeHash, PatchAction, Prop, ReadDoc, Value, ROOT};

use crate::doc::journal::{self, JournalPermission, Touched};
use crate::doc::movement::{self, MovementData};
use crate::doc::personal;
use crate::doc::roster::{self, RosterData};
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

/// The roster of a class, beyond its layout (`validate_incoming`): the class it belongs to
/// stays, and a change that enters new people into the list needs «Ввести списки учеников и
/// родителей» for that class (`may_enter`, from `rights::may_enter_people`): with only
/// «Редактировать сведения об учениках и родителях в своём классе» a class teacher edits the
/// people already listed (`roster::check_entry`).
pub fn validate_roster(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    may_enter: bool,
) -> Result<(), DomainError> {
    let after = RosterData::from_doc(doc)?;
    let old = RosterData::from_doc(&doc.fork_at(before)?)?;
    if old.class != after.class {
        return Err(DomainError::Forbidden(
            "класс, к которому относится список, меняет только сервер".into(),
        ));
    }
    roster::check_entry(&old, &after, may_enter)
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

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ReadDoc};

    use super::*;
    use crate::ids::{ClassId, StudentId};
    use crate::model::Student;

    fn listed() -> (AutoCommit, StudentId) {
        let mut r = RosterData::new(ClassId::new());
        let id = StudentId::new();
        r.students.insert(
            id,
            Student {
                id,
                last_name: "Орлова".into(),
                first_name: "Вера".into(),
                middle_name: String::new(),
                active: true,
            },
        );
        (r.to_doc().expect("roster"), id)
    }

    fn students(doc: &AutoCommit) -> automerge::ObjId {
        match doc.get(ROOT, "students") {
            Ok(Some((Value::Object(_), id))) => id,
            other => panic!("no students: {other:?}"),
        }
    }

    #[test]
    fn a_device_enters_people_only_with_the_lists_right() {
        let (mut doc, listed) = listed();
        let before = doc.get_heads();
        let s = students(&doc);
        let o = match doc.get(&s, listed.to_string()) {
            Ok(Some((Value::Object(_), id))) => id,
            other => panic!("no student: {other:?}"),
        };
        doc.put(&o, "last", "Соколова").expect("rename");
        doc.commit();
        validate_roster(&mut doc, &before, false).expect("an edit of someone listed");

        let before = doc.get_heads();
        let new = doc
            .put_object(&s, StudentId::new().to_string(), ObjType::Map)
            .expect("new");
        doc.put(&new, "last", "Новая").expect("last");
        doc.put(&new, "first", "Нина").expect("first");
        doc.commit();
        let err = validate_roster(&mut doc, &before, false).expect_err("entry refused");
        assert!(err.to_string().contains("Ввести списки"), "{err}");
        validate_roster(&mut doc, &before, true).expect("allowed with the right");
    }

    #[test]
    fn the_class_of_a_roster_stays() {
        let (mut doc, _) = listed();
        let before = doc.get_heads();
        let meta = match doc.get(ROOT, "meta") {
            Ok(Some((Value::Object(_), id))) => id,
            other => panic!("no meta: {other:?}"),
        };
        doc.put(&meta, "class", ClassId::new().to_string())
            .expect("class");
        doc.commit();
        assert!(validate_roster(&mut doc, &before, true).is_err());
    }
}
