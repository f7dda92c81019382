//! Small typed helpers over Automerge reads and writes, used only by the document modules.

use std::str::FromStr;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use chrono::NaiveDate;

use crate::error::DomainError;

pub(crate) fn get_str(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn get_i64(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<i64> {
    match doc.get(obj, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Int(i) => Some(*i),
            ScalarValue::Uint(u) => i64::try_from(*u).ok(),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn get_bool(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<bool> {
    match doc.get(obj, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Boolean(b) => Some(*b),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn get_map(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(obj, key).ok()?? {
        (Value::Object(ObjType::Map), id) => Some(id),
        _ => None,
    }
}

pub(crate) fn need_map(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<ObjId, DomainError> {
    get_map(doc, obj, key).ok_or_else(|| DomainError::Malformed(format!("нет раздела «{key}»")))
}

pub(crate) fn parse_opt<T: FromStr>(s: Option<String>) -> Option<T> {
    s.and_then(|s| s.parse().ok())
}

pub(crate) fn get_parsed<T: FromStr>(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<T> {
    parse_opt(get_str(doc, obj, key))
}

pub(crate) fn need_parsed<T: FromStr>(
    doc: &AutoCommit,
    obj: &ObjId,
    key: &str,
) -> Result<T, DomainError> {
    get_parsed(doc, obj, key)
        .ok_or_else(|| DomainError::Malformed(format!("поле «{key}» отсутствует или неверно")))
}

pub(crate) fn get_date(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<NaiveDate> {
    get_str(doc, obj, key).and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(crate) fn need_date(
    doc: &AutoCommit,
    obj: &ObjId,
    key: &str,
) -> Result<NaiveDate, DomainError> {
    get_date(doc, obj, key)
        .ok_or_else(|| DomainError::Malformed(format!("дата «{key}» отсутствует или неверна")))
}

pub(crate) fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Keys of a map object, as owned strings.
pub(crate) fn keys(doc: &AutoCommit, obj: &ObjId) -> Vec<String> {
    doc.keys(obj).collect()
}

/// Puts a string, or deletes the key when `None`.
pub(crate) fn put_opt_str(
    doc: &mut AutoCommit,
    obj: &ObjId,
    key: &str,
    value: Option<&str>,
) -> Result<(), DomainError> {
    match value {
        Some(v) => doc.put(obj, key, v)?,
        None => doc.delete(obj, key)?,
    }
    Ok(())
}

pub(crate) fn put_map(doc: &mut AutoCommit, obj: &ObjId, key: &str) -> Result<ObjId, DomainError> {
    Ok(doc.put_object(obj, key, ObjType::Map)?)
}
