//! The people an import produces (this crate's own row types) and the keys that say whether
//! two of them are the same person. Text fields are tidied; an empty string means "not given".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::values::{fold, Sex};

/// «Фамилия Имя Отчество» without empty parts (`zvonok_core::model::full_name`).
pub use zvonok_core::model::full_name;

/// A student from one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentRecord {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub birth_date: NaiveDate,
    /// The class name as the school has it («5А»), whatever the file wrote.
    pub class: String,
    pub sex: Option<Sex>,
    pub address: String,
    /// «123-456-789 01».
    pub snils: String,
    /// «+7XXXXXXXXXX».
    pub phone: String,
    pub email: String,
}

impl StudentRecord {
    pub fn full_name(&self) -> String {
        full_name(&self.last_name, &self.first_name, &self.middle_name)
    }

    pub fn key(&self) -> StudentKey {
        StudentKey::new(
            &self.last_name,
            &self.first_name,
            &self.middle_name,
            self.birth_date,
        )
    }
}

/// A guardian from one or more student rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianRecord {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    /// «мать», «отец», «опекун» … (lower case), as given in the first row naming them.
    pub relation: String,
    /// «+7XXXXXXXXXX».
    pub phone: String,
    pub email: String,
}

impl GuardianRecord {
    pub fn full_name(&self) -> String {
        full_name(&self.last_name, &self.first_name, &self.middle_name)
    }

    pub fn key(&self) -> GuardianKey {
        GuardianKey::new(
            &self.last_name,
            &self.first_name,
            &self.middle_name,
            &self.phone,
        )
    }
}

/// A staff member from one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRecord {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<Sex>,
    /// «Учитель математики», «Директор» …
    pub position: String,
    pub subjects: Vec<String>,
    /// Classes the person is the class teacher of, as the school names them.
    pub class_teacher_of: Vec<String>,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub snils: String,
}

impl StaffRecord {
    pub fn full_name(&self) -> String {
        full_name(&self.last_name, &self.first_name, &self.middle_name)
    }

    pub fn key(&self) -> StaffKey {
        StaffKey::new(&self.last_name, &self.first_name, &self.middle_name)
    }
}

/// A student is the same person when the full name (case, «ё», look-alike letters and spaces
/// aside) and the date of birth are equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StudentKey {
    pub name: String,
    pub birth_date: NaiveDate,
}

impl StudentKey {
    pub fn new(last: &str, first: &str, middle: &str, birth_date: NaiveDate) -> StudentKey {
        StudentKey {
            name: fold(&full_name(last, first, middle)),
            birth_date,
        }
    }
}

/// A guardian is the same person when the full name and the phone are equal (a guardian
/// given without a phone matches only guardians without one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GuardianKey {
    pub name: String,
    /// Canonical «+7XXXXXXXXXX» or empty.
    pub phone: String,
}

impl GuardianKey {
    /// `phone` must already be canonical (as in [`GuardianRecord::phone`]) or empty.
    pub fn new(last: &str, first: &str, middle: &str, phone: &str) -> GuardianKey {
        GuardianKey {
            name: fold(&full_name(last, first, middle)),
            phone: phone.to_string(),
        }
    }
}

/// A staff member is the same person when the full name is equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StaffKey {
    pub name: String,
}

impl StaffKey {
    pub fn new(last: &str, first: &str, middle: &str) -> StaffKey {
        StaffKey {
            name: fold(&full_name(last, first, middle)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_yo_and_lookalikes() {
        let d = NaiveDate::from_ymd_opt(2012, 2, 1).unwrap();
        assert_eq!(
            StudentKey::new("Ёлкина", "Анна", "", d),
            StudentKey::new("ЕЛКИНА", "Aнна", "", d)
        );
        assert_ne!(
            GuardianKey::new("Иванова", "Мария", "", "+79120000000"),
            GuardianKey::new("Иванова", "Мария", "", "")
        );
        assert_eq!(full_name("Иванов", "Иван", ""), "Иванов Иван");
    }
}
