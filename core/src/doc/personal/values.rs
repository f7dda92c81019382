//! The one rule for the typed values of personal files: phones, e-mail addresses and SNILS.
//! The device, the server's check of incoming changes and the import of people lists all call
//! these, so a value an import accepted is a value the personal document accepts.
//!
//! `check_*` say what is wrong as a [`ValueProblem`] (the import maps it to its per-row
//! errors); `normalise_*` give the Russian message a form shows.

use crate::error::DomainError;

/// Why a value is not a phone, an e-mail address or a SNILS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueProblem {
    NotPhone,
    NotEmail,
    NotSnils,
    /// Eleven digits whose control number does not match the first nine.
    SnilsChecksum,
}

impl ValueProblem {
    /// The message for `value`: what is wrong and how to type it.
    pub fn message(self, value: &str) -> String {
        match self {
            ValueProblem::NotPhone => {
                format!("«{value}» — не номер телефона. Введите его так: +7 912 345-67-89.")
            }
            ValueProblem::NotEmail => format!(
                "«{value}» — не адрес электронной почты. Введите его так: ivanova@example.ru."
            ),
            ValueProblem::NotSnils => {
                format!("«{value}» — не СНИЛС. Введите 11 цифр: 123-456-789 64.")
            }
            ValueProblem::SnilsChecksum => format!(
                "СНИЛС «{value}»: контрольное число не сходится. Проверьте цифры по документу."
            ),
        }
    }

    fn error(self, value: &str) -> DomainError {
        DomainError::Rule(self.message(value))
    }
}

/// Separators people type inside phone numbers and SNILS.
fn separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}')
}

/// Russian numbers to `+7XXXXXXXXXX` («8 (912) 345-67-89», «+7 912 …», «912 345 67 89»);
/// other international numbers keep their `+` and digits (8–15 digits).
pub fn check_phone(v: &str) -> Result<String, ValueProblem> {
    let v = v.trim();
    let plus = v.starts_with('+');
    let body = v.strip_prefix('+').unwrap_or(v);
    if body.chars().any(|c| !(c.is_ascii_digit() || separator(c))) {
        return Err(ValueProblem::NotPhone);
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    match (plus, digits.len()) {
        (_, 11) if digits.starts_with('7') || (!plus && digits.starts_with('8')) => {
            Ok(format!("+7{}", &digits[1..]))
        }
        (false, 10) => Ok(format!("+7{digits}")),
        (true, 8..=15) => Ok(format!("+{digits}")),
        _ => Err(ValueProblem::NotPhone),
    }
}

/// An address with one «@», something before it and a dotted domain after it; the domain is
/// lower-cased (the part before «@» is kept as typed).
pub fn check_email(v: &str) -> Result<String, ValueProblem> {
    let v = v.trim();
    let (local, domain) = v.split_once('@').ok_or(ValueProblem::NotEmail)?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !v.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && v.len() <= 254;
    if !ok {
        return Err(ValueProblem::NotEmail);
    }
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

/// SNILS as «123-456-789 64». The control number is checked for numbers above 001-001-998
/// (the lower ones were issued before control numbers existed).
pub fn check_snils(v: &str) -> Result<String, ValueProblem> {
    let v = v.trim();
    if v.chars().any(|c| !(c.is_ascii_digit() || separator(c))) {
        return Err(ValueProblem::NotSnils);
    }
    let digits: Vec<u32> = v.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 11 {
        return Err(ValueProblem::NotSnils);
    }
    let number = digits[..9].iter().fold(0, |acc, d| acc * 10 + d);
    if number > 1_001_998 {
        let sum: u32 = digits[..9]
            .iter()
            .enumerate()
            .map(|(i, d)| d * (9 - i as u32))
            .sum();
        let check = match sum {
            s if s < 100 => s,
            100 | 101 => 0,
            s => match s % 101 {
                100 => 0,
                r => r,
            },
        };
        if digits[9] * 10 + digits[10] != check {
            return Err(ValueProblem::SnilsChecksum);
        }
    }
    let d: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    Ok(format!(
        "{}-{}-{} {}",
        &d[0..3],
        &d[3..6],
        &d[6..9],
        &d[9..11]
    ))
}

pub fn normalise_phone(v: &str) -> Result<String, DomainError> {
    check_phone(v).map_err(|p| p.error(v))
}

pub fn normalise_email(v: &str) -> Result<String, DomainError> {
    check_email(v).map_err(|p| p.error(v))
}

pub fn normalise_snils(v: &str) -> Result<String, DomainError> {
    check_snils(v).map_err(|p| p.error(v))
}
