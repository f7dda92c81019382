//! Column mapping: which header means which field, for Russian and English headers in the
//! variants schools write («ФИО», «Фамилия ученика», «Телефон родителя 2», «ФИО матери»,
//! «Эл. почта», «Классное руководство» …), case-, space- and punctuation-insensitive.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ImportError;

/// What is being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportKind {
    /// A row is a staff member.
    Staff,
    /// A row is a student, with guardians in further columns.
    StudentsWithGuardians,
}

/// Fields of the row's person (the student or the staff member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PersonField {
    LastName,
    FirstName,
    MiddleName,
    /// «ФИО» in one cell, split into three.
    FullName,
    BirthDate,
    Sex,
    Address,
    Snils,
    Phone,
    Email,
}

/// Fields of a guardian in a student row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GuardianField {
    FullName,
    LastName,
    FirstName,
    MiddleName,
    /// «Кем приходится»: «мать», «отец», «опекун» …
    Relation,
    Phone,
    Email,
}

/// A recognised column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Person(PersonField),
    /// The student's class.
    Class,
    /// Staff: «Должность».
    Position,
    /// Staff: «Предметы», a list.
    Subjects,
    /// Staff: «Классное руководство», a list of classes.
    ClassTeacherOf,
    /// Guardian number `slot` (1-based) of a student row.
    Guardian(u8, GuardianField),
}

impl Field {
    /// Russian name of the field for the preview: «Родитель 2: телефон».
    pub fn label(self) -> String {
        let person = |f: PersonField| match f {
            PersonField::LastName => "Фамилия",
            PersonField::FirstName => "Имя",
            PersonField::MiddleName => "Отчество",
            PersonField::FullName => "ФИО",
            PersonField::BirthDate => "Дата рождения",
            PersonField::Sex => "Пол",
            PersonField::Address => "Адрес",
            PersonField::Snils => "СНИЛС",
            PersonField::Phone => "Телефон",
            PersonField::Email => "Эл. почта",
        };
        match self {
            Field::Person(f) => person(f).to_string(),
            Field::Class => "Класс".into(),
            Field::Position => "Должность".into(),
            Field::Subjects => "Предметы".into(),
            Field::ClassTeacherOf => "Классное руководство".into(),
            Field::Guardian(slot, f) => {
                let what = match f {
                    GuardianField::FullName => "ФИО",
                    GuardianField::LastName => "фамилия",
                    GuardianField::FirstName => "имя",
                    GuardianField::MiddleName => "отчество",
                    GuardianField::Relation => "кем приходится",
                    GuardianField::Phone => "телефон",
                    GuardianField::Email => "эл. почта",
                };
                format!("Родитель {slot}: {what}")
            }
        }
    }
}

/// A column that takes no part in the import, and why (shown in the preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnusedColumn {
    pub index: usize,
    pub header: String,
    /// «не распознан», «повторяет столбец «Телефон»», «не нужен для этого импорта».
    pub reason: String,
}

/// Headers of a table mapped to fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    pub kind: ImportKind,
    pub headers: Vec<String>,
    /// Recognised columns: (column index, field), in column order.
    pub fields: Vec<(usize, Field)>,
    pub unused: Vec<UnusedColumn>,
    /// Relation implied by the header («ФИО матери» → «мать») per guardian slot.
    pub implied_relation: BTreeMap<u8, String>,
}

impl ColumnMap {
    /// Maps `headers` for an import of `kind`. Fails when a required column is missing:
    /// the name («Фамилия» and «Имя», or «ФИО») always; «Дата рождения» and «Класс» for
    /// students; «Должность» for staff.
    pub fn build(headers: &[String], kind: ImportKind) -> Result<ColumnMap, ImportError> {
        let mut map = ColumnMap {
            kind,
            headers: headers.to_vec(),
            fields: Vec::new(),
            unused: Vec::new(),
            implied_relation: BTreeMap::new(),
        };
        for (i, header) in headers.iter().enumerate() {
            if header.trim().is_empty() {
                continue;
            }
            let unused = |reason: String| UnusedColumn {
                index: i,
                header: header.clone(),
                reason,
            };
            let field = match recognise(header) {
                Guess::Skip => continue,
                Guess::Unknown => {
                    map.unused.push(unused("не распознан".into()));
                    continue;
                }
                Guess::Field(f) => f,
                Guess::Guardian {
                    slot,
                    field,
                    relation,
                } => {
                    let slot = slot.unwrap_or_else(|| {
                        (1..=u8::MAX)
                            .find(|s| map.get(Field::Guardian(*s, field)).is_none())
                            .unwrap_or(1)
                    });
                    if let Some(rel) = relation {
                        map.implied_relation
                            .entry(slot)
                            .or_insert_with(|| rel.to_string());
                    }
                    Field::Guardian(slot, field)
                }
            };
            if !applies(field, kind) {
                map.unused.push(unused("не нужен для этого импорта".into()));
            } else if let Some(first) = map.get(field) {
                map.unused
                    .push(unused(format!("повторяет столбец «{}»", headers[first])));
            } else {
                map.fields.push((i, field));
            }
        }
        let missing = map.missing_required();
        if missing.is_empty() {
            Ok(map)
        } else {
            Err(ImportError::MissingColumns { missing })
        }
    }

    /// The column of `field`, if the file has one.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.fields
            .iter()
            .find(|(_, f)| *f == field)
            .map(|(i, _)| *i)
    }

    /// The header text of column `index`.
    pub fn header(&self, index: usize) -> &str {
        self.headers.get(index).map_or("", String::as_str)
    }

    /// Guardian slots that have at least one column, ascending.
    pub fn guardian_slots(&self) -> Vec<u8> {
        let mut slots: Vec<u8> = self
            .fields
            .iter()
            .filter_map(|(_, f)| match f {
                Field::Guardian(s, _) => Some(*s),
                _ => None,
            })
            .collect();
        slots.sort_unstable();
        slots.dedup();
        slots
    }

    fn missing_required(&self) -> Vec<String> {
        let has = |f: PersonField| self.get(Field::Person(f)).is_some();
        let mut missing = Vec::new();
        if !has(PersonField::FullName) {
            if !has(PersonField::LastName) {
                missing.push("Фамилия".to_string());
            }
            if !has(PersonField::FirstName) {
                missing.push("Имя".to_string());
            }
        }
        match self.kind {
            ImportKind::StudentsWithGuardians => {
                if !has(PersonField::BirthDate) {
                    missing.push("Дата рождения".into());
                }
                if self.get(Field::Class).is_none() {
                    missing.push("Класс".into());
                }
            }
            ImportKind::Staff => {
                if self.get(Field::Position).is_none() {
                    missing.push("Должность".into());
                }
            }
        }
        missing
    }
}

fn applies(field: Field, kind: ImportKind) -> bool {
    matches!(
        (field, kind),
        (Field::Person(_), _)
            | (
                Field::Class | Field::Guardian(..),
                ImportKind::StudentsWithGuardians
            )
            | (
                Field::Position | Field::Subjects | Field::ClassTeacherOf,
                ImportKind::Staff
            )
    )
}

enum Guess {
    /// A row-number column («№», «п/п»): silently skipped.
    Skip,
    Unknown,
    Field(Field),
    Guardian {
        slot: Option<u8>,
        field: GuardianField,
        relation: Option<&'static str>,
    },
}

/// Lower case, «ё» → «е», letters, digits and «№» only.
fn squeeze(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '№' || *c == '#')
        .collect()
}

const GUARDIAN_MARKERS: [&str; 9] = [
    "законногопредставителя",
    "законныйпредставитель",
    "представителя",
    "представитель",
    "родителей",
    "родителя",
    "родитель",
    "parent",
    "guardian",
];
const MOTHER: [&str; 3] = ["матери", "мать", "mother"];
const FATHER: [&str; 3] = ["отца", "отец", "father"];
const PERSON_MARKERS: [&str; 14] = [
    "обучающегося",
    "обучающийся",
    "учащегося",
    "учащийся",
    "ученика",
    "ученик",
    "ребенка",
    "ребенок",
    "сотрудника",
    "сотрудник",
    "работника",
    "student",
    "pupil",
    "employee",
];

fn recognise(header: &str) -> Guess {
    let h = squeeze(header);
    if matches!(
        h.as_str(),
        "" | "№" | "#" | "№пп" | "пп" | "нпп" | "номерпп" | "no" | "n" | "nr" | "номер"
    ) {
        return Guess::Skip;
    }
    if let Some(f) = staff_or_class(&h) {
        return Guess::Field(f);
    }
    // Guardian columns: a marker word, optionally a number («Родитель 2 …», «второго»).
    let mut found = None;
    if let Some(m) = GUARDIAN_MARKERS.iter().find(|m| h.contains(*m)) {
        found = Some((h.replacen(m, "", 1), None));
    } else if let Some(m) = MOTHER.iter().find(|m| h.contains(*m)) {
        found = Some((h.replacen(m, "", 1), Some("мать")));
    } else if let Some(m) = FATHER.iter().find(|m| h.contains(*m)) {
        found = Some((h.replacen(m, "", 1), Some("отец")));
    } else if relation(&without_slot(&h).1) {
        found = Some((h.clone(), None));
    }
    if let Some((rest, relation_hint)) = found {
        let (slot, rest) = without_slot(&rest);
        return match guardian_field(&rest) {
            Some(field) => Guess::Guardian {
                slot,
                field,
                relation: relation_hint,
            },
            None => Guess::Unknown,
        };
    }
    if let Some(f) = person_field(&h) {
        return Guess::Field(Field::Person(f));
    }
    // «Фамилия ученика», «ФИО сотрудника», «Ученик».
    if let Some(m) = PERSON_MARKERS.iter().find(|m| h.contains(*m)) {
        let rest = h.replacen(m, "", 1);
        if rest.is_empty() {
            return Guess::Field(Field::Person(PersonField::FullName));
        }
        if let Some(f) = person_field(&rest) {
            return Guess::Field(Field::Person(f));
        }
    }
    Guess::Unknown
}

/// Removes a slot number (a digit 1–9 or «первого»/«второго» …) and returns it.
fn without_slot(s: &str) -> (Option<u8>, String) {
    const ORDINALS: [(&str, u8); 8] = [
        ("первого", 1),
        ("первый", 1),
        ("второго", 2),
        ("второй", 2),
        ("третьего", 3),
        ("третий", 3),
        ("first", 1),
        ("second", 2),
    ];
    if let Some(pos) = s.find(|c: char| ('1'..='9').contains(&c)) {
        let digit = s.as_bytes()[pos] - b'0';
        let mut rest = s.to_string();
        rest.remove(pos);
        return (Some(digit), rest);
    }
    for (word, n) in ORDINALS {
        if s.contains(word) {
            return (Some(n), s.replacen(word, "", 1));
        }
    }
    (None, s.to_string())
}

fn relation(h: &str) -> bool {
    matches!(
        h,
        "кемприходится"
            | "кемприходитсяученику"
            | "кемприходитсяребенку"
            | "степеньродства"
            | "родство"
            | "кемявляется"
            | "relation"
            | "relationship"
            | "кем"
    )
}

fn guardian_field(rest: &str) -> Option<GuardianField> {
    if relation(rest) {
        return Some(GuardianField::Relation);
    }
    Some(match person_field(rest) {
        _ if rest.is_empty() => GuardianField::FullName,
        Some(PersonField::FullName) => GuardianField::FullName,
        Some(PersonField::LastName) => GuardianField::LastName,
        Some(PersonField::FirstName) => GuardianField::FirstName,
        Some(PersonField::MiddleName) => GuardianField::MiddleName,
        Some(PersonField::Phone) => GuardianField::Phone,
        Some(PersonField::Email) => GuardianField::Email,
        _ => return None,
    })
}

fn staff_or_class(h: &str) -> Option<Field> {
    if h.starts_with("классноеруковод")
        || h.starts_with("классныйруковод")
        || h.starts_with("классрук")
        || matches!(
            h,
            "classteacher" | "formtutor" | "homeroom" | "classteacherof"
        )
    {
        return Some(Field::ClassTeacherOf);
    }
    if h.starts_with("класс") || matches!(h, "class" | "form" | "classname" | "grade") {
        return Some(Field::Class);
    }
    if h.starts_with("должност") || matches!(h, "position" | "post" | "jobtitle" | "job") {
        return Some(Field::Position);
    }
    if h.contains("предмет") || h.starts_with("дисциплин") || h.starts_with("subject")
    {
        return Some(Field::Subjects);
    }
    None
}

fn person_field(h: &str) -> Option<PersonField> {
    use PersonField::*;
    Some(match h {
        "фамилия" | "lastname" | "surname" | "familyname" => LastName,
        "имя" | "firstname" | "givenname" => FirstName,
        "отчество" | "middlename" | "patronymic" | "secondname" => MiddleName,
        "фио"
        | "фамилияимяотчество"
        | "фамилияимя"
        | "фамилияиимя"
        | "полноеимя"
        | "fullname"
        | "name"
        | "фиополностью" => FullName,
        "пол" | "sex" | "gender" => Sex,
        "снилс" | "snils" => Snils,
        "др" | "дрожд" | "birthdate" | "dateofbirth" | "birthday" | "dob" | "деньрождения" => {
            BirthDate
        }
        _ if h.starts_with("датарожд") || h.starts_with("годрожд") => BirthDate,
        _ if h.starts_with("снилс") => Snils,
        "email" | "mail" | "emailaddress" | "эпочта" | "элпочта" | "емейл" | "емэйл" | "имейл"
        | "почта" => Email,
        _ if h.contains("почт") || h.starts_with("email") => Email,
        "тел" | "телефоны" | "мобильный" | "сотовый" | "phone" | "mobile" | "tel" | "telephone"
        | "phonenumber" => Phone,
        _ if h.contains("телефон") => Phone,
        "address" | "местожительства" | "местопроживания" => Address,
        _ if h.starts_with("адрес") => Address,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
