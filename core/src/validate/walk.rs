//! The generic half of the server's check: a device's change against the kind's layout
//! ([`super::schema`]). Root containers and the header stay the server's; every touched path
//! exists in the layout; every touched entity or flat key holds values of the declared type
//! and bounds after the change (every concurrent value, not only the one reads show);
//! server-only fields keep their value; entities are deleted only where the layout allows.
//! Returns what was touched, for the kind's own rules.

use std::collections::BTreeSet;

use automerge::{
    AutoCommit, ChangeHash, ObjId as ExId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};
use uuid::Uuid;

use super::schema::{root_of, roots, Field, Root, Shape, Ty};
use crate::doc::DocKind;
use crate::error::{DomainError, RefusalKind as K};

/// What a change touched, by root container: entities (`students/<id>`) and flat keys
/// (`links/<a>/<b>`, `students/<id>/<field>` of personal files).
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub entities: BTreeSet<(&'static str, String)>,
    pub flat: BTreeSet<(&'static str, String)>,
}

impl Touched {
    /// The flat keys touched in root container `root`.
    pub fn flat_in<'a>(&'a self, root: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.flat
            .iter()
            .filter(move |(r, _)| *r == root)
            .map(|(_, k)| k.as_str())
    }

    /// The entity ids touched in root container `root`.
    pub fn entities_in<'a>(&'a self, root: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entities
            .iter()
            .filter(move |(r, _)| *r == root)
            .map(|(_, k)| k.as_str())
    }
}

fn refuse<T>(kind: K, message: String) -> Result<T, DomainError> {
    Err(DomainError::refused(kind, message))
}

/// Every root key before and after: the header unchanged, each container the same object
/// (not created, replaced or deleted, no concurrent second one), no key the layout lacks, and
/// no object where a scalar belongs.
pub(crate) fn check_roots(
    kind: DocKind,
    doc: &AutoCommit,
    before: &[ChangeHash],
) -> Result<(), DomainError> {
    let mut keys: Vec<String> = doc.keys(ROOT).collect();
    keys.extend(doc.keys_at(ROOT, before));
    keys.sort();
    keys.dedup();
    for key in keys {
        let now = doc.get_all(ROOT, key.as_str())?;
        let then = doc.get_all_at(ROOT, key.as_str(), before)?;
        let Some(root) = root_of(kind, &key) else {
            if now != then {
                return refuse(
                    K::UnknownPath,
                    format!(
                        "в документе нет раздела «{key}»: изменение подделано или приложение \
                         устарело. Обновите приложение"
                    ),
                );
            }
            continue;
        };
        match root.shape {
            Shape::Header if now != then => {
                return refuse(
                    K::RootContainer,
                    format!(
                        "заголовок документа («{key}») меняет только сервер; обновите \
                         приложение и повторите синхронизацию"
                    ),
                )
            }
            Shape::Scalar if now.iter().any(|(v, _)| matches!(v, Value::Object(_))) => {
                return refuse(
                    K::WrongType,
                    format!("«{key}» — значение, а не раздел; обновите приложение"),
                );
            }
            _ if root.is_container() && (now != then || now.len() > 1) => {
                return refuse(
                    K::RootContainer,
                    format!(
                        "раздел «{key}» создаёт и удаляет только сервер; обновите приложение \
                         и повторите синхронизацию"
                    ),
                )
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks every touched path against the layout and the touched entities and flat keys
/// against their declared types after the change.
pub(crate) fn check_paths(
    kind: DocKind,
    doc: &AutoCommit,
    before: &[ChangeHash],
    paths: &[Vec<String>],
) -> Result<Touched, DomainError> {
    let mut t = Touched::default();
    for path in paths {
        let Some(first) = path.first() else { continue };
        let Some(root) = roots(kind).iter().find(|r| r.key == first.as_str()) else {
            return refuse(
                K::UnknownPath,
                format!("в документе нет раздела «{first}»; обновите приложение"),
            );
        };
        record(root, path, &mut t)?;
    }
    for (root, id) in &t.entities {
        check_entity(kind, doc, before, root, id)?;
    }
    for (root, key) in &t.flat {
        check_flat(kind, doc, root, key)?;
    }
    Ok(t)
}

fn record(root: &'static Root, path: &[String], t: &mut Touched) -> Result<(), DomainError> {
    let whole = path.join("/");
    match root.shape {
        Shape::Header => refuse(
            K::RootContainer,
            format!("заголовок документа («{whole}») меняет только сервер"),
        ),
        Shape::ServerRecord => refuse(
            K::ServerOnlyField,
            format!(
                "«{whole}» меняет только сервер; обновите приложение и повторите синхронизацию"
            ),
        ),
        Shape::Scalar if path.len() > 1 => refuse(
            K::WrongType,
            format!("«{}» — значение, а не раздел", root.key),
        ),
        Shape::Scalar | Shape::KindRules => Ok(()),
        _ if path.len() < 2 => refuse(
            K::RootContainer,
            format!("раздел «{}» создаёт и удаляет только сервер", root.key),
        ),
        Shape::Entities { fields, .. } => {
            let id = &path[1];
            if Uuid::parse_str(id).is_err() {
                return refuse(
                    K::UnknownId,
                    format!("«{id}» в разделе «{}» — не идентификатор", root.key),
                );
            }
            if let Some(field) = path.get(2) {
                if !fields.iter().any(|f| f.key == field.as_str()) {
                    return refuse(
                        K::UnknownPath,
                        format!("у записей раздела «{}» нет поля «{field}»", root.key),
                    );
                }
                if path.len() > 3 {
                    return refuse(
                        K::WrongType,
                        format!("поле «{whole}» — значение, а не раздел"),
                    );
                }
            }
            t.entities.insert((root.key, id.clone()));
            Ok(())
        }
        Shape::Pairs { .. } | Shape::FieldsById { .. } => {
            if path.len() > 2 {
                return refuse(K::WrongType, format!("«{whole}» — значение, а не раздел"));
            }
            let key = &path[1];
            if let Shape::Pairs { .. } = root.shape {
                let ids = key.split_once('/');
                if !ids
                    .is_some_and(|(a, b)| Uuid::parse_str(a).is_ok() && Uuid::parse_str(b).is_ok())
                {
                    return refuse(
                        K::UnknownId,
                        format!(
                            "ключ «{key}» раздела «{}» должен состоять из двух идентификаторов",
                            root.key
                        ),
                    );
                }
            }
            t.flat.insert((root.key, key.clone()));
            Ok(())
        }
    }
}

fn container(doc: &AutoCommit, key: &str) -> Result<ExId, DomainError> {
    match doc.get(ROOT, key)? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => refuse(K::RootContainer, format!("в документе нет раздела «{key}»")),
    }
}

fn check_entity(
    kind: DocKind,
    doc: &AutoCommit,
    before: &[ChangeHash],
    root: &'static str,
    id: &str,
) -> Result<(), DomainError> {
    let Some(Root {
        shape: Shape::Entities { fields, deletable },
        ..
    }) = root_of(kind, root)
    else {
        return Ok(());
    };
    let sec = container(doc, root)?;
    let now = doc.get_all(&sec, id)?;
    let then = doc.get_all_at(&sec, id, before)?;
    let old = then.first().map(|(_, o)| o.clone());
    let gone = then.iter().any(|(_, o)| !now.iter().any(|(_, n)| n == o));
    if gone && !deletable {
        return refuse(
            K::Deletion,
            format!(
                "запись «{id}» раздела «{root}» удалить или заменить нельзя; выбывание \
                 оформляется приказом о движении учащихся"
            ),
        );
    }
    for (value, obj) in &now {
        if !matches!(value, Value::Object(ObjType::Map)) {
            return refuse(
                K::WrongType,
                format!("запись «{id}» раздела «{root}» должна быть объектом"),
            );
        }
        let is_new = old.as_ref() != Some(obj);
        check_fields(doc, before, root, obj, fields, is_new)?;
    }
    Ok(())
}

fn check_fields(
    doc: &AutoCommit,
    before: &[ChangeHash],
    root: &str,
    obj: &ExId,
    fields: &[Field],
    is_new: bool,
) -> Result<(), DomainError> {
    for key in doc.keys(obj) {
        if !fields.iter().any(|f| f.key == key) {
            return refuse(
                K::UnknownPath,
                format!("у записей раздела «{root}» нет поля «{key}»"),
            );
        }
    }
    for field in fields {
        let values = doc.get_all(obj, field.key)?;
        if field.server_only {
            let unchanged = !is_new && values == doc.get_all_at(obj, field.key, before)?;
            let new_default = is_new
                && values
                    .iter()
                    .all(|(v, _)| scalar(v) == Some(&ScalarValue::Boolean(true)));
            if !unchanged && !new_default {
                return refuse(
                    K::ServerOnlyField,
                    format!(
                        "поле «{}» раздела «{root}» меняет только сервер (по приказам о \
                         движении учащихся)",
                        field.key
                    ),
                );
            }
        }
        if values.is_empty() && field.required {
            return refuse(
                K::Required,
                format!("заполните поле «{}» в разделе «{root}»", field.key),
            );
        }
        for (v, _) in &values {
            check_value(
                field.ty,
                v,
                field.required,
                &format!("{root}/{}", field.key),
            )?;
        }
    }
    Ok(())
}

fn check_flat(
    kind: DocKind,
    doc: &AutoCommit,
    root: &'static str,
    key: &str,
) -> Result<(), DomainError> {
    let ty = match root_of(kind, root).map(|r| r.shape) {
        Some(Shape::Pairs { value }) => value,
        Some(Shape::FieldsById { max }) => Ty::Str { max },
        _ => return Ok(()),
    };
    let sec = container(doc, root)?;
    for (v, _) in doc.get_all(&sec, key)? {
        check_value(ty, &v, false, &format!("{root}/{key}"))?;
    }
    Ok(())
}

fn scalar<'a>(v: &'a Value<'_>) -> Option<&'a ScalarValue> {
    match v {
        Value::Scalar(s) => Some(s.as_ref()),
        Value::Object(_) => None,
    }
}

/// One value against its declared type.
pub(crate) fn check_value(
    ty: Ty,
    v: &Value<'_>,
    required: bool,
    what: &str,
) -> Result<(), DomainError> {
    let wrong = || {
        refuse(
            K::WrongType,
            format!("у поля «{what}» неверный тип значения"),
        )
    };
    let Some(s) = scalar(v) else { return wrong() };
    match (ty, s) {
        (Ty::Str { max }, ScalarValue::Str(text)) => {
            let n = text.chars().count();
            if n > max {
                return refuse(
                    K::TooLong,
                    format!("«{what}»: {n} символов при пределе {max}. Сократите текст"),
                );
            }
            if required && text.trim().is_empty() {
                return refuse(K::Required, format!("заполните поле «{what}»"));
            }
            Ok(())
        }
        (Ty::Id, ScalarValue::Str(text)) => match Uuid::parse_str(text) {
            Ok(_) => Ok(()),
            Err(_) => refuse(
                K::UnknownId,
                format!("«{what}»: «{text}» — не идентификатор"),
            ),
        },
        (Ty::Ids { max }, ScalarValue::Str(text)) => {
            let parts: Vec<&str> = text.split(',').map(str::trim).collect();
            if parts.len() > max {
                return refuse(
                    K::OutOfRange,
                    format!("«{what}»: {} значений при пределе {max}", parts.len()),
                );
            }
            let mut seen = std::collections::BTreeSet::new();
            for part in parts {
                if Uuid::parse_str(part).is_err() {
                    return refuse(
                        K::UnknownId,
                        format!("«{what}»: «{part}» — не идентификатор"),
                    );
                }
                if !seen.insert(part) {
                    return refuse(K::BadValue, format!("«{what}»: «{part}» указан дважды"));
                }
            }
            Ok(())
        }
        (Ty::Bool, ScalarValue::Boolean(_)) | (Ty::True, ScalarValue::Boolean(true)) => Ok(()),
        (Ty::Int { min, max }, ScalarValue::Int(_) | ScalarValue::Uint(_)) => {
            let n = match s {
                ScalarValue::Int(i) => *i,
                ScalarValue::Uint(u) => i64::try_from(*u).unwrap_or(i64::MAX),
                _ => 0,
            };
            if (min..=max).contains(&n) {
                Ok(())
            } else {
                refuse(
                    K::OutOfRange,
                    format!("«{what}»: {n} вне допустимого диапазона {min}–{max}"),
                )
            }
        }
        _ => wrong(),
    }
}
