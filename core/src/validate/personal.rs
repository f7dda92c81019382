//! The personal files' own rules, beyond their layout: every written key is
//! `"<id>/<field>"` of a known field, about a student or guardian on the class's roster, with a
//! valid value stored normalised (`personal::StudentField::normalise`, …). A cleared field (a
//! deleted key) needs no roster entry.

use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, Value, ROOT};

use super::walk::Touched;
use super::CheckContext;
use crate::doc::personal::{self, GuardianField, StudentField};
use crate::error::{DomainError, RefusalKind as K};
use crate::ids::{GuardianId, StudentId};

pub(crate) fn check(
    doc: &AutoCommit,
    touched: &Touched,
    cx: &CheckContext<'_>,
) -> Result<(), DomainError> {
    let class = personal::read_class(doc)?;
    for section in ["students", "guardians"] {
        let sec = match doc.get(ROOT, section)? {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => continue,
        };
        for key in touched.flat_in(section) {
            let Some((id, field)) = key.split_once('/') else {
                return Err(DomainError::refused(
                    K::UnknownPath,
                    format!("ключ личного дела «{key}» должен быть вида «человек/поле»"),
                ));
            };
            let values: Vec<String> = doc
                .get_all(&sec, key)?
                .into_iter()
                .filter_map(|(v, _)| match v {
                    Value::Scalar(s) => match s.as_ref() {
                        ScalarValue::Str(s) => Some(s.to_string()),
                        _ => None,
                    },
                    Value::Object(_) => None,
                })
                .collect();
            let on_roster = |roster: &crate::doc::roster::RosterData| {
                if section == "students" {
                    id.parse::<StudentId>()
                        .is_ok_and(|s| roster.students.contains_key(&s))
                } else {
                    id.parse::<GuardianId>()
                        .is_ok_and(|g| roster.guardians.contains_key(&g))
                }
            };
            if uuid::Uuid::parse_str(id).is_err() {
                return Err(DomainError::refused(
                    K::UnknownId,
                    format!("«{id}» в личном деле — не идентификатор"),
                ));
            }
            let normalise = |v: &str| -> Result<Option<String>, DomainError> {
                if section == "students" {
                    match StudentField::parse(field) {
                        Some(f) => f.normalise(v),
                        None => Err(unknown_field(field)),
                    }
                } else {
                    match GuardianField::parse(field) {
                        Some(f) => f.normalise(v),
                        None => Err(unknown_field(field)),
                    }
                }
            };
            if values.is_empty() {
                normalise("").map_err(bad_value)?;
                continue; // cleared
            }
            let listed = cx.roster.is_some_and(|r| r.class == class && on_roster(r));
            if !listed {
                return Err(DomainError::refused(
                    K::NotOnRoster,
                    "личное дело можно заполнить только для ученика или родителя из списка \
                     этого класса; обновите данные и выберите человека из списка",
                ));
            }
            for v in values {
                let normal = normalise(&v).map_err(bad_value)?;
                if normal.as_deref() != Some(v.as_str()) {
                    return Err(DomainError::refused(
                        K::BadValue,
                        format!(
                            "значение «{key}» записано не в принятом виде; обновите приложение"
                        ),
                    ));
                }
            }
        }
    }
    personal::PersonalData::from_doc(doc).map(|_| ())
}

/// A value the field's rule refuses: too long, or in a wrong format.
fn bad_value(e: DomainError) -> DomainError {
    match e {
        DomainError::Refused(_) => e,
        DomainError::TooLong(..) => DomainError::refused(K::TooLong, e.to_string()),
        _ => DomainError::refused(K::BadValue, e.to_string()),
    }
}

fn unknown_field(field: &str) -> DomainError {
    DomainError::refused(
        K::UnknownPath,
        format!("в личном деле нет поля «{field}»; обновите приложение"),
    )
}
