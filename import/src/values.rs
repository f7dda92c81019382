//! Typed values from cell text: person names, class names, sex, phones, e-mail, SNILS. Each
//! parser returns the canonical form stored and compared, or the [`RowProblem`] to report.

use serde::{Deserialize, Serialize};
use zvonok_core::doc::personal::{check_email, check_phone, check_snils, ValueProblem};

use crate::error::RowProblem;

/// Trimmed, with runs of whitespace made one space.
pub fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name for comparison: [`tidy`], lower case, «ё» → «е», Latin look-alikes → Cyrillic
/// (`zvonok_core::names::normalize`, the rule the client's name lookup uses too).
pub use zvonok_core::names::normalize as fold;

/// A class name for comparison: «5 А», «5a», «5-А класс» → «5а» (the project's one rule).
pub use zvonok_core::names::class_key;

/// «Иванов Иван Иванович» → (last, first, middle); two words give no middle name; more than
/// three keep the rest as the middle name («Алиев Рашид Гусейн оглы»).
pub fn split_full_name(s: &str) -> Option<(String, String, String)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [] | [_] => None,
        [last, first] => Some((last.to_string(), first.to_string(), String::new())),
        [last, first, rest @ ..] => Some((last.to_string(), first.to_string(), rest.join(" "))),
    }
}

/// Sex as written in personal files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// «м» / «ж», as exports write it.
    pub fn letter(self) -> &'static str {
        match self {
            Sex::Male => "м",
            Sex::Female => "ж",
        }
    }
}

/// «м», «М.», «муж», «мужской», «M», «male» … and the same for «ж» / «F».
pub fn parse_sex(raw: &str) -> Result<Sex, RowProblem> {
    let plain: String = raw
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let folded: String = fold(raw).chars().filter(|c| c.is_alphabetic()).collect();
    match (plain.as_str(), folded.as_str()) {
        ("m" | "male", _) | (_, "м" | "муж" | "мужской" | "мальчик") => {
            Ok(Sex::Male)
        }
        ("f" | "female", _) | (_, "ж" | "жен" | "женский" | "девочка") => {
            Ok(Sex::Female)
        }
        _ => Err(RowProblem::BadSex {
            value: raw.trim().to_string(),
        }),
    }
}

/// A phone number, by core's rule (`+7XXXXXXXXXX` for Russian numbers).
pub fn parse_phone(raw: &str) -> Result<String, RowProblem> {
    check_phone(raw).map_err(|_| RowProblem::BadPhone {
        value: raw.trim().to_string(),
    })
}

/// An e-mail address, by core's rule (the domain lower-cased).
pub fn parse_email(raw: &str) -> Result<String, RowProblem> {
    check_email(raw).map_err(|_| RowProblem::BadEmail {
        value: raw.trim().to_string(),
    })
}

/// A SNILS as «123-456-789 01», by core's rule (control number included). Fewer than 11 digits
/// are padded with leading zeros only when the cell was a number (Excel drops them).
pub fn parse_snils(raw: &str, from_number: bool) -> Result<String, RowProblem> {
    let value = raw.trim().to_string();
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let padded = if from_number && digits.len() < 11 && digits.len() == value.len() {
        format!("{digits:0>11}")
    } else {
        value.clone()
    };
    check_snils(&padded).map_err(|p| match p {
        ValueProblem::SnilsChecksum => RowProblem::SnilsChecksum { value },
        _ => RowProblem::BadSnils { value },
    })
}

/// A list in one cell: «Математика, Физика; Информатика» → three items.
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n'])
        .map(tidy)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_match_across_lookalikes_and_spaces() {
        for typed in ["5А", "5A", "5 а", " 5-a ", "5а класс", "5 «А»"] {
            assert_eq!(class_key(typed), class_key("5А"), "{typed}");
        }
        assert_ne!(class_key("5Б"), class_key("5А"));
        assert_eq!(class_key("10B"), class_key("10В"));
    }

    #[test]
    fn names() {
        assert_eq!(fold("  Ёлкина   Anna "), "елкина аnnа");
        assert_eq!(
            split_full_name(" Иванов  Иван Иванович "),
            Some(("Иванов".into(), "Иван".into(), "Иванович".into()))
        );
        assert_eq!(
            split_full_name("Алиев Рашид Гусейн оглы").unwrap().2,
            "Гусейн оглы"
        );
        assert_eq!(split_full_name("Иванов"), None);
    }

    #[test]
    fn sex_phone_email() {
        assert_eq!(parse_sex("М"), Ok(Sex::Male));
        assert_eq!(parse_sex("M"), Ok(Sex::Male));
        assert_eq!(parse_sex("жен."), Ok(Sex::Female));
        assert_eq!(parse_sex("F"), Ok(Sex::Female));
        assert!(parse_sex("?").is_err());
        assert_eq!(parse_phone("8 (912) 345-67-89"), Ok("+79123456789".into()));
        assert_eq!(parse_phone("+7 912 345 67 89"), Ok("+79123456789".into()));
        assert_eq!(parse_phone("9123456789"), Ok("+79123456789".into()));
        assert!(parse_phone("345-67-89").is_err());
        assert!(parse_phone("доб. 12").is_err());
        assert_eq!(parse_email(" Ivan@Mail.RU "), Ok("Ivan@mail.ru".into()));
        assert!(parse_email("ivan@mail").is_err());
        assert!(parse_email("ivan mail.ru").is_err());
    }

    #[test]
    fn snils_control_number() {
        assert_eq!(
            parse_snils("112-233-445 95", false),
            Ok("112-233-445 95".into())
        );
        assert_eq!(
            parse_snils("11223344595", false),
            Ok("112-233-445 95".into())
        );
        assert_eq!(
            parse_snils("112-233-445 96", false),
            Err(RowProblem::SnilsChecksum {
                value: "112-233-445 96".into()
            })
        );
        assert!(matches!(
            parse_snils("1122", false),
            Err(RowProblem::BadSnils { .. })
        ));
        // 001-001-998 and below are not checked; a number cell lost its leading zeros.
        assert_eq!(parse_snils("100199800", true), Ok("001-001-998 00".into()));
    }

    #[test]
    fn lists() {
        assert_eq!(
            split_list("Математика, Физика;  Информатика ,"),
            vec!["Математика", "Физика", "Информатика"]
        );
    }
}
