//! One table row → a record, collecting every problem of the row with its column.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::columns::{ColumnMap, Field, GuardianField, PersonField};
use crate::dates::cell_date;
use crate::error::{RowError, RowProblem};
use crate::records::{full_name, GuardianRecord, StaffKey, StaffRecord, StudentKey, StudentRecord};
use crate::table::{Cell, Row};
use crate::values::{
    class_key, parse_email, parse_phone, parse_sex, parse_snils, split_full_name, split_list, tidy,
    Sex,
};

/// The school's classes, found by what people type («5A» = «5 а» = «5А»).
#[derive(Debug, Clone)]
pub struct ClassIndex {
    by_key: HashMap<String, String>,
    names: Vec<String>,
}

impl ClassIndex {
    pub fn new(classes: &[String]) -> ClassIndex {
        let mut by_key = HashMap::new();
        for name in classes {
            by_key
                .entry(class_key(name))
                .or_insert_with(|| name.trim().to_string());
        }
        ClassIndex {
            by_key,
            names: classes.iter().map(|c| c.trim().to_string()).collect(),
        }
    }

    /// The school's name of the class typed as `typed`.
    pub fn find(&self, typed: &str) -> Option<&str> {
        self.by_key.get(&class_key(typed)).map(String::as_str)
    }

    fn unknown(&self, typed: &str) -> RowProblem {
        RowProblem::UnknownClass {
            value: tidy(typed),
            known: self.names.clone(),
        }
    }
}

/// What one student row gave.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StudentRead {
    /// `None` when the row has errors.
    pub student: Option<(StudentRecord, Vec<GuardianRecord>)>,
    /// Known when the name and the date of birth are valid, even if other cells are not, so
    /// a later copy of the row is reported as a duplicate of this one; with the full name
    /// as written.
    pub key: Option<(StudentKey, String)>,
    pub errors: Vec<RowError>,
}

/// What one staff row gave.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StaffRead {
    pub staff: Option<StaffRecord>,
    /// Known when the name is valid; with the full name as written.
    pub key: Option<(StaffKey, String)>,
    pub errors: Vec<RowError>,
}

pub(crate) fn read_student(row: &Row, map: &ColumnMap, classes: &ClassIndex) -> StudentRead {
    let mut c = Cells::new(row, map);
    let name = c.person_name();
    let birth_date = c.date(Field::Person(PersonField::BirthDate), true);
    let class = c.class(Field::Class, classes);
    let details = c.details();
    let guardians: Vec<GuardianRecord> = map
        .guardian_slots()
        .into_iter()
        .filter_map(|slot| c.guardian(slot))
        .collect();
    let key = match (&name, birth_date) {
        (Some((l, f, m)), Some(d)) => Some((StudentKey::new(l, f, m, d), full_name(l, f, m))),
        _ => None,
    };
    let student = match (name, birth_date, class) {
        (Some((last_name, first_name, middle_name)), Some(birth_date), Some(class))
            if c.errors.is_empty() =>
        {
            Some((
                StudentRecord {
                    last_name,
                    first_name,
                    middle_name,
                    birth_date,
                    class,
                    sex: details.sex,
                    address: details.address,
                    snils: details.snils,
                    phone: details.phone,
                    email: details.email,
                },
                dedup_guardians(guardians),
            ))
        }
        _ => None,
    };
    StudentRead {
        student,
        key,
        errors: c.errors,
    }
}

/// The same guardian twice in one row counts once.
fn dedup_guardians(guardians: Vec<GuardianRecord>) -> Vec<GuardianRecord> {
    let mut out: Vec<GuardianRecord> = Vec::with_capacity(guardians.len());
    for g in guardians {
        if !out.iter().any(|o| o.key() == g.key()) {
            out.push(g);
        }
    }
    out
}

pub(crate) fn read_staff(row: &Row, map: &ColumnMap, classes: &ClassIndex) -> StaffRead {
    let mut c = Cells::new(row, map);
    let name = c.person_name();
    let birth_date = c.date(Field::Person(PersonField::BirthDate), false);
    let position = c.required_text(Field::Position);
    let subjects = split_list(&c.text(Field::Subjects));
    let mut class_teacher_of = Vec::new();
    if let Some(col) = map.get(Field::ClassTeacherOf) {
        for typed in split_list(&c.text(Field::ClassTeacherOf)) {
            match classes.find(&typed) {
                Some(name) => class_teacher_of.push(name.to_string()),
                None => c.error(Some(col), classes.unknown(&typed)),
            }
        }
    }
    let details = c.details();
    let key = name
        .as_ref()
        .map(|(l, f, m)| (StaffKey::new(l, f, m), full_name(l, f, m)));
    let staff = match (name, position) {
        (Some((last_name, first_name, middle_name)), Some(position)) if c.errors.is_empty() => {
            Some(StaffRecord {
                last_name,
                first_name,
                middle_name,
                birth_date,
                sex: details.sex,
                position,
                subjects,
                class_teacher_of,
                phone: details.phone,
                email: details.email,
                address: details.address,
                snils: details.snils,
            })
        }
        _ => None,
    };
    StaffRead {
        staff,
        key,
        errors: c.errors,
    }
}

/// Optional personal details of the row's person.
struct Details {
    sex: Option<Sex>,
    address: String,
    snils: String,
    phone: String,
    email: String,
}

/// The cells of one row, read through the column map; problems accumulate in `errors`.
struct Cells<'a> {
    row: &'a Row,
    map: &'a ColumnMap,
    errors: Vec<RowError>,
}

impl<'a> Cells<'a> {
    fn new(row: &'a Row, map: &'a ColumnMap) -> Self {
        Cells {
            row,
            map,
            errors: Vec::new(),
        }
    }

    fn error(&mut self, column: Option<usize>, problem: RowProblem) {
        self.errors.push(RowError {
            row: self.row.number,
            column: column.map(|i| self.map.header(i).to_string()),
            problem,
        });
    }

    /// The non-blank cell of `field`, with its column.
    fn cell(&self, field: Field) -> Option<(usize, &'a Cell)> {
        let col = self.map.get(field)?;
        let cell = self.row.cell(col);
        (!cell.is_blank()).then_some((col, cell))
    }

    fn text(&self, field: Field) -> String {
        self.cell(field)
            .map_or_else(String::new, |(_, c)| tidy(&c.display()))
    }

    fn required_text(&mut self, field: Field) -> Option<String> {
        let text = self.text(field);
        if text.is_empty() {
            let col = self.map.get(field);
            self.error(col, RowProblem::Missing);
            None
        } else {
            Some(text)
        }
    }

    /// Parses a non-blank cell; blank gives `Some(default)`, a bad value records the problem.
    fn parse(
        &mut self,
        field: Field,
        parse: impl Fn(&str, &Cell) -> Result<String, RowProblem>,
    ) -> String {
        let Some((col, cell)) = self.cell(field) else {
            return String::new();
        };
        match parse(&cell.display(), cell) {
            Ok(v) => v,
            Err(p) => {
                self.error(Some(col), p);
                String::new()
            }
        }
    }

    fn date(&mut self, field: Field, required: bool) -> Option<NaiveDate> {
        match self.cell(field) {
            Some((col, cell)) => cell_date(cell).map_err(|p| self.error(Some(col), p)).ok(),
            None => {
                if required {
                    let col = self.map.get(field);
                    self.error(col, RowProblem::Missing);
                }
                None
            }
        }
    }

    fn class(&mut self, field: Field, classes: &ClassIndex) -> Option<String> {
        let typed = self.required_text(field)?;
        match classes.find(&typed) {
            Some(name) => Some(name.to_string()),
            None => {
                let col = self.map.get(field);
                self.error(col, classes.unknown(&typed));
                None
            }
        }
    }

    fn details(&mut self) -> Details {
        let sex = match self.cell(Field::Person(PersonField::Sex)) {
            Some((col, cell)) => parse_sex(&cell.display())
                .map_err(|p| self.error(Some(col), p))
                .ok(),
            None => None,
        };
        Details {
            sex,
            address: self.text(Field::Person(PersonField::Address)),
            snils: self.parse(Field::Person(PersonField::Snils), |s, cell| {
                parse_snils(s, matches!(cell, Cell::Number(_)))
            }),
            phone: self.parse(Field::Person(PersonField::Phone), |s, _| parse_phone(s)),
            email: self.parse(Field::Person(PersonField::Email), |s, _| parse_email(s)),
        }
    }

    /// The row person's name from «Фамилия»/«Имя»/«Отчество» or, where those are blank, «ФИО».
    fn person_name(&mut self) -> Option<(String, String, String)> {
        let p = |f| Field::Person(f);
        self.name(
            p(PersonField::FullName),
            p(PersonField::LastName),
            p(PersonField::FirstName),
            p(PersonField::MiddleName),
            true,
        )
    }

    fn name(
        &mut self,
        full: Field,
        last: Field,
        first: Field,
        middle: Field,
        required: bool,
    ) -> Option<(String, String, String)> {
        let (l, f, m) = (self.text(last), self.text(first), self.text(middle));
        if !l.is_empty() && !f.is_empty() {
            return Some((l, f, m));
        }
        if let Some((col, cell)) = self.cell(full) {
            if l.is_empty() && f.is_empty() {
                let value = tidy(&cell.display());
                return match split_full_name(&value) {
                    Some(parts) => Some(parts),
                    None => {
                        self.error(Some(col), RowProblem::IncompleteName { value });
                        None
                    }
                };
            }
        }
        if required {
            let blank_parts = [(last, &l), (first, &f)];
            let mut reported = false;
            for (field, value) in blank_parts {
                if value.is_empty() {
                    if let Some(col) = self.map.get(field) {
                        self.error(Some(col), RowProblem::Missing);
                        reported = true;
                    }
                }
            }
            if !reported {
                let col = self.map.get(full);
                self.error(col, RowProblem::Missing);
            }
        }
        None
    }

    /// Guardian `slot` of the row, `None` when all its cells are blank or it has problems.
    fn guardian(&mut self, slot: u8) -> Option<GuardianRecord> {
        let g = |f| Field::Guardian(slot, f);
        let any = [
            GuardianField::FullName,
            GuardianField::LastName,
            GuardianField::FirstName,
            GuardianField::MiddleName,
            GuardianField::Relation,
            GuardianField::Phone,
            GuardianField::Email,
        ]
        .into_iter()
        .any(|f| self.cell(g(f)).is_some());
        if !any {
            return None;
        }
        let before = self.errors.len();
        let has_name = [
            GuardianField::FullName,
            GuardianField::LastName,
            GuardianField::FirstName,
        ]
        .into_iter()
        .any(|f| self.cell(g(f)).is_some());
        let name = if has_name {
            self.name(
                g(GuardianField::FullName),
                g(GuardianField::LastName),
                g(GuardianField::FirstName),
                g(GuardianField::MiddleName),
                true,
            )
        } else {
            let col = self
                .map
                .get(g(GuardianField::FullName))
                .or_else(|| self.map.get(g(GuardianField::LastName)));
            self.error(col, RowProblem::GuardianWithoutName { slot });
            None
        };
        let mut relation = self.text(g(GuardianField::Relation)).to_lowercase();
        if relation.is_empty() {
            relation = self
                .map
                .implied_relation
                .get(&slot)
                .cloned()
                .unwrap_or_default();
        }
        let phone = self.parse(g(GuardianField::Phone), |s, _| parse_phone(s));
        let email = self.parse(g(GuardianField::Email), |s, _| parse_email(s));
        let (last_name, first_name, middle_name) = name?;
        (self.errors.len() == before).then_some(GuardianRecord {
            last_name,
            first_name,
            middle_name,
            relation,
            phone,
            email,
        })
    }
}
