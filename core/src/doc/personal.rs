//! The `personal` document: personal files («личные дела») of one class: the restricted fields
//! of its students (date of birth, address, identity document, phone, SNILS) and of their
//! guardians (phone, e-mail, address). Read and written only by those with
//! `ReadPersonalFiles` / `EditPersonalFiles` in scope (`rights::Resource::Personal`); never sent
//! to guardians or students. Names and guardian links stay in the class's `roster`.
//!
//! Layout: `meta{class}` (server only), flat `students{"<student>/<field>": "value"}` and flat
//! `guardians{"<guardian>/<field>": "value"}`. Flat keys, so the secretary and the class teacher
//! filling in the same new student offline never create the same object twice. A cleared field
//! is a deleted key. Values are stored normalised (phones as `+7XXXXXXXXXX`, dates ISO).

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::school::parse_id;
use super::*;
use crate::error::DomainError;
use crate::ids::*;

mod values;

pub use values::{
    check_email, check_phone, check_snils, normalise_email, normalise_phone, normalise_snils,
    ValueProblem,
};

/// Longest free-text value (an address).
pub const MAX_VALUE: usize = 500;

/// Kinds of identity document a student has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    BirthCertificate,
    Passport,
    ForeignDocument,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::BirthCertificate => "birth_certificate",
            DocumentKind::Passport => "passport",
            DocumentKind::ForeignDocument => "foreign_document",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            DocumentKind::BirthCertificate,
            DocumentKind::Passport,
            DocumentKind::ForeignDocument,
        ]
        .into_iter()
        .find(|k| k.as_str() == s || k.title_ru().eq_ignore_ascii_case(s))
    }
    pub fn title_ru(self) -> &'static str {
        match self {
            DocumentKind::BirthCertificate => "Свидетельство о рождении",
            DocumentKind::Passport => "Паспорт гражданина РФ",
            DocumentKind::ForeignDocument => "Иной документ",
        }
    }
}

/// A student's restricted fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentFile {
    pub birth_date: Option<NaiveDate>,
    pub address: String,
    pub document_kind: Option<DocumentKind>,
    pub document_series: String,
    pub document_number: String,
    pub phone: String,
    /// «123-456-789 64».
    pub snils: String,
}

/// A guardian's restricted fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianFile {
    pub phone: String,
    pub email: String,
    pub address: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudentField {
    BirthDate,
    Address,
    DocumentKind,
    DocumentSeries,
    DocumentNumber,
    Phone,
    Snils,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardianField {
    Phone,
    Email,
    Address,
}

impl StudentField {
    pub const ALL: [StudentField; 7] = [
        StudentField::BirthDate,
        StudentField::Address,
        StudentField::DocumentKind,
        StudentField::DocumentSeries,
        StudentField::DocumentNumber,
        StudentField::Phone,
        StudentField::Snils,
    ];
    pub fn key(self) -> &'static str {
        match self {
            StudentField::BirthDate => "birth_date",
            StudentField::Address => "address",
            StudentField::DocumentKind => "document_kind",
            StudentField::DocumentSeries => "document_series",
            StudentField::DocumentNumber => "document_number",
            StudentField::Phone => "phone",
            StudentField::Snils => "snils",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == s)
    }
    /// Normalises a value typed by a user; `None`: the field is cleared.
    pub fn normalise(self, value: &str) -> Result<Option<String>, DomainError> {
        let v = value.trim();
        if v.is_empty() {
            return Ok(None);
        }
        Ok(Some(match self {
            StudentField::BirthDate => fmt_date(parse_birth_date(v)?),
            StudentField::Address => text(v)?,
            StudentField::DocumentKind => DocumentKind::parse(v)
                .ok_or_else(|| {
                    DomainError::Rule(format!(
                        "«{v}» — неизвестный вид документа. Выберите: свидетельство о \
                         рождении, паспорт или иной документ."
                    ))
                })?
                .as_str()
                .to_string(),
            StudentField::DocumentSeries | StudentField::DocumentNumber => {
                let n = v.chars().count();
                if n > 20 {
                    return Err(DomainError::TooLong(n, 20));
                }
                v.to_uppercase()
            }
            StudentField::Phone => normalise_phone(v)?,
            StudentField::Snils => normalise_snils(v)?,
        }))
    }
}

impl GuardianField {
    pub const ALL: [GuardianField; 3] = [
        GuardianField::Phone,
        GuardianField::Email,
        GuardianField::Address,
    ];
    pub fn key(self) -> &'static str {
        match self {
            GuardianField::Phone => "phone",
            GuardianField::Email => "email",
            GuardianField::Address => "address",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == s)
    }
    /// Normalises a value typed by a user; `None`: the field is cleared.
    pub fn normalise(self, value: &str) -> Result<Option<String>, DomainError> {
        let v = value.trim();
        if v.is_empty() {
            return Ok(None);
        }
        Ok(Some(match self {
            GuardianField::Phone => normalise_phone(v)?,
            GuardianField::Email => normalise_email(v)?,
            GuardianField::Address => text(v)?,
        }))
    }
}

fn text(v: &str) -> Result<String, DomainError> {
    let n = v.chars().count();
    if n > MAX_VALUE {
        return Err(DomainError::TooLong(n, MAX_VALUE));
    }
    Ok(v.to_string())
}

/// «12.03.2015» or «2015-03-12».
fn parse_birth_date(v: &str) -> Result<NaiveDate, DomainError> {
    let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v, "%d.%m.%Y"))
        .map_err(|_| {
            DomainError::Rule(format!(
                "«{v}» — не дата рождения. Введите её как ДД.ММ.ГГГГ, например 12.03.2015."
            ))
        })?;
    let lo = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let hi = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default();
    if d < lo || d > hi {
        return Err(DomainError::Rule(format!(
            "Дата рождения {} неправдоподобна. Проверьте год.",
            d.format("%d.%m.%Y")
        )));
    }
    Ok(d)
}

/// The personal files of one class.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    pub class: ClassId,
    pub students: BTreeMap<StudentId, StudentFile>,
    pub guardians: BTreeMap<GuardianId, GuardianFile>,
}

/// One write of a personal file. An empty value clears the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PersonalOp {
    SetStudentField {
        student: StudentId,
        field: StudentField,
        value: String,
    },
    SetGuardianField {
        guardian: GuardianId,
        field: GuardianField,
        value: String,
    },
}

fn set_student(f: &mut StudentFile, field: StudentField, v: Option<String>) {
    let s = v.clone().unwrap_or_default();
    match field {
        StudentField::BirthDate => {
            f.birth_date = v.and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok())
        }
        StudentField::Address => f.address = s,
        StudentField::DocumentKind => f.document_kind = v.and_then(|v| DocumentKind::parse(&v)),
        StudentField::DocumentSeries => f.document_series = s,
        StudentField::DocumentNumber => f.document_number = s,
        StudentField::Phone => f.phone = s,
        StudentField::Snils => f.snils = s,
    }
}

fn set_guardian(f: &mut GuardianFile, field: GuardianField, v: Option<String>) {
    let s = v.unwrap_or_default();
    match field {
        GuardianField::Phone => f.phone = s,
        GuardianField::Email => f.email = s,
        GuardianField::Address => f.address = s,
    }
}

fn field_key(id: impl std::fmt::Display, field: &str) -> String {
    format!("{id}/{field}")
}

impl PersonalData {
    pub fn new(class: ClassId) -> Self {
        PersonalData {
            class,
            students: BTreeMap::new(),
            guardians: BTreeMap::new(),
        }
    }

    /// Creates the document (server only): the header, `meta` and both containers.
    pub fn to_doc(&self) -> Result<AutoCommit, DomainError> {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        write_header(&mut doc, DocKind::Personal)?;
        let meta = put_map(&mut doc, &ROOT, "meta")?;
        doc.put(&meta, "class", self.class.to_string())?;
        let students = put_map(&mut doc, &ROOT, "students")?;
        for (id, f) in &self.students {
            for field in StudentField::ALL {
                if let Some(v) = student_value(f, field) {
                    doc.put(&students, field_key(id, field.key()), v)?;
                }
            }
        }
        let guardians = put_map(&mut doc, &ROOT, "guardians")?;
        for (id, f) in &self.guardians {
            for field in GuardianField::ALL {
                let v = match field {
                    GuardianField::Phone => &f.phone,
                    GuardianField::Email => &f.email,
                    GuardianField::Address => &f.address,
                };
                if !v.is_empty() {
                    doc.put(&guardians, field_key(id, field.key()), v.as_str())?;
                }
            }
        }
        doc.commit();
        Ok(doc)
    }

    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        let mut p = PersonalData::new(read_class(doc)?);
        let students = need_map(doc, &ROOT, "students")?;
        for key in keys(doc, &students) {
            let (id, field) = split_key(&key)?;
            let field = StudentField::parse(field)
                .ok_or_else(|| DomainError::Malformed(format!("поле личного дела «{key}»")))?;
            let v = get_str(doc, &students, &key);
            set_student(p.students.entry(parse_id(id)?).or_default(), field, v);
        }
        let guardians = need_map(doc, &ROOT, "guardians")?;
        for key in keys(doc, &guardians) {
            let (id, field) = split_key(&key)?;
            let field = GuardianField::parse(field)
                .ok_or_else(|| DomainError::Malformed(format!("поле личного дела «{key}»")))?;
            let v = get_str(doc, &guardians, &key);
            set_guardian(p.guardians.entry(parse_id(id)?).or_default(), field, v);
        }
        Ok(p)
    }
}

fn student_value(f: &StudentFile, field: StudentField) -> Option<String> {
    let s = match field {
        StudentField::BirthDate => return f.birth_date.map(fmt_date),
        StudentField::DocumentKind => return f.document_kind.map(|k| k.as_str().to_string()),
        StudentField::Address => &f.address,
        StudentField::DocumentSeries => &f.document_series,
        StudentField::DocumentNumber => &f.document_number,
        StudentField::Phone => &f.phone,
        StudentField::Snils => &f.snils,
    };
    (!s.is_empty()).then(|| s.clone())
}

/// The writes that make a student's file in a personal document equal `f` (every field; an
/// empty one clears it): the server copies a file with them, and clears one with
/// `StudentFile::default()`.
pub fn student_file_ops(student: StudentId, f: &StudentFile) -> Vec<PersonalOp> {
    StudentField::ALL
        .into_iter()
        .map(|field| PersonalOp::SetStudentField {
            student,
            field,
            value: student_value(f, field).unwrap_or_default(),
        })
        .collect()
}

/// The writes that make a guardian's file equal `f` (see [`student_file_ops`]).
pub fn guardian_file_ops(guardian: GuardianId, f: &GuardianFile) -> Vec<PersonalOp> {
    GuardianField::ALL
        .into_iter()
        .map(|field| PersonalOp::SetGuardianField {
            guardian,
            field,
            value: match field {
                GuardianField::Phone => f.phone.clone(),
                GuardianField::Email => f.email.clone(),
                GuardianField::Address => f.address.clone(),
            },
        })
        .collect()
}

/// The class a personal document belongs to: cheap, for rights checks.
pub fn read_class(doc: &AutoCommit) -> Result<ClassId, DomainError> {
    check_header(doc, DocKind::Personal)?;
    let meta = need_map(doc, &ROOT, "meta")?;
    need_parsed(doc, &meta, "class")
}

fn split_key(key: &str) -> Result<(&str, &str), DomainError> {
    key.split_once('/')
        .ok_or_else(|| DomainError::Malformed(format!("ключ личного дела «{key}»")))
}

/// Validates and normalises an operation; returns the container, the key and the value to
/// write (`None`: delete).
fn plan(op: &PersonalOp) -> Result<(&'static str, String, Option<String>), DomainError> {
    Ok(match op {
        PersonalOp::SetStudentField {
            student,
            field,
            value,
        } => (
            "students",
            field_key(student, field.key()),
            field.normalise(value)?,
        ),
        PersonalOp::SetGuardianField {
            guardian,
            field,
            value,
        } => (
            "guardians",
            field_key(guardian, field.key()),
            field.normalise(value)?,
        ),
    })
}

/// Checks an operation against the document without changing it.
pub fn check(doc: &AutoCommit, op: &PersonalOp) -> Result<(), DomainError> {
    read_class(doc)?;
    let (section, _, _) = plan(op)?;
    need_map(doc, &ROOT, section)?;
    Ok(())
}

/// Validates and performs one operation (values are stored normalised). The caller commits.
pub fn apply(doc: &mut AutoCommit, op: &PersonalOp) -> Result<(), DomainError> {
    check(doc, op)?;
    let (section, key, value) = plan(op)?;
    let sec = need_map(doc, &ROOT, section)?;
    if get_str(doc, &sec, &key) != value {
        put_opt_str(doc, &sec, &key, value.as_deref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
