//! Marks, kinds of work, absence codes and the weighted average.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// A mark («отметка»): 1–5, pass/fail («зачёт/незачёт»), «н/а» (not assessed) or, as a final
/// mark only, «осв» (the pupil is exempt from the subject: «освобождён»).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MarkValue {
    Points(u8),
    Pass,
    Fail,
    NotAssessed,
    /// «осв»: exempt from the subject; a final mark only (see [`MarkValue::check_lesson_mark`]).
    Exempt,
}

impl MarkValue {
    /// The numeric value that enters a weighted average, if any.
    pub fn points(self) -> Option<u8> {
        match self {
            MarkValue::Points(p) => Some(p),
            _ => None,
        }
    }

    /// Whether this value may be given for a lesson: every value but «осв», which only a final
    /// mark takes.
    pub fn check_lesson_mark(self) -> Result<(), DomainError> {
        match self {
            MarkValue::Exempt => Err(DomainError::Rule(
                "«осв» (освобождён) ставится только итоговой отметкой за период; за урок \
                 поставьте отметку или отметьте пропуск."
                    .into(),
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for MarkValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkValue::Points(p) => write!(f, "{p}"),
            MarkValue::Pass => f.write_str("зч"),
            MarkValue::Fail => f.write_str("нз"),
            MarkValue::NotAssessed => f.write_str("н/а"),
            MarkValue::Exempt => f.write_str("осв"),
        }
    }
}

impl FromStr for MarkValue {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase();
        match t.as_str() {
            "1" | "2" | "3" | "4" | "5" => Ok(MarkValue::Points(t.parse().unwrap_or(0))),
            "зч" | "зачёт" | "зачет" | "pass" => Ok(MarkValue::Pass),
            "нз" | "незачёт" | "незачет" | "fail" => Ok(MarkValue::Fail),
            "н/а" | "на" | "n/a" | "na" => Ok(MarkValue::NotAssessed),
            "осв" | "освобожден" | "освобождён" | "exempt" => {
                Ok(MarkValue::Exempt)
            }
            _ => Err(DomainError::BadMark(s.to_string())),
        }
    }
}

/// Absence codes: Н (absent), Б (ill), УП (excused), ОП (late).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AbsenceCode {
    Absent,
    Ill,
    Excused,
    Late,
}

impl AbsenceCode {
    pub const ALL: [AbsenceCode; 4] = [
        AbsenceCode::Absent,
        AbsenceCode::Ill,
        AbsenceCode::Excused,
        AbsenceCode::Late,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AbsenceCode::Absent => "Н",
            AbsenceCode::Ill => "Б",
            AbsenceCode::Excused => "УП",
            AbsenceCode::Late => "ОП",
        }
    }

    /// The next state when a teacher taps a student: present → Н → Б → УП → ОП → present.
    pub fn cycle(current: Option<AbsenceCode>) -> Option<AbsenceCode> {
        match current {
            None => Some(AbsenceCode::Absent),
            Some(AbsenceCode::Absent) => Some(AbsenceCode::Ill),
            Some(AbsenceCode::Ill) => Some(AbsenceCode::Excused),
            Some(AbsenceCode::Excused) => Some(AbsenceCode::Late),
            Some(AbsenceCode::Late) => None,
        }
    }
}

impl fmt::Display for AbsenceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for AbsenceCode {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_uppercase().as_str() {
            "Н" | "N" => Ok(AbsenceCode::Absent),
            "Б" | "B" => Ok(AbsenceCode::Ill),
            "УП" | "UP" => Ok(AbsenceCode::Excused),
            "ОП" | "OP" => Ok(AbsenceCode::Late),
            _ => Err(DomainError::BadAbsenceCode(s.to_string())),
        }
    }
}

/// Allowed mark weights.
pub const MIN_WEIGHT: u8 = 1;
pub const MAX_WEIGHT: u8 = 5;

/// A kind of work («вид работы») with its usual weight. Stored by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkKind {
    pub code: &'static str,
    pub title_ru: &'static str,
    pub default_weight: u8,
}

/// The kinds of work a school starts with.
pub const WORK_KINDS: &[WorkKind] = &[
    WorkKind {
        code: "answer",
        title_ru: "Ответ на уроке",
        default_weight: 1,
    },
    WorkKind {
        code: "homework",
        title_ru: "Домашняя работа",
        default_weight: 1,
    },
    WorkKind {
        code: "classwork",
        title_ru: "Работа на уроке",
        default_weight: 1,
    },
    WorkKind {
        code: "dictation",
        title_ru: "Диктант",
        default_weight: 2,
    },
    WorkKind {
        code: "independent",
        title_ru: "Самостоятельная работа",
        default_weight: 2,
    },
    WorkKind {
        code: "lab",
        title_ru: "Лабораторная работа",
        default_weight: 2,
    },
    WorkKind {
        code: "test",
        title_ru: "Контрольная работа",
        default_weight: 3,
    },
    WorkKind {
        code: "essay",
        title_ru: "Сочинение",
        default_weight: 3,
    },
];

pub fn work_kind(code: &str) -> Option<&'static WorkKind> {
    WORK_KINDS.iter().find(|k| k.code == code)
}

/// Finds a kind by its code or its Russian title (case-insensitive).
pub fn find_work_kind(s: &str) -> Option<&'static WorkKind> {
    let t = s.trim().to_lowercase();
    WORK_KINDS
        .iter()
        .find(|k| k.code == t || k.title_ru.to_lowercase() == t)
}

/// Weighted average of the numeric marks, in hundredths (e.g. 4.33 → 433), rounded half up.
/// `None` when there is no numeric mark. Integer arithmetic keeps device and server identical.
pub fn weighted_average_centi<I>(marks: I) -> Option<u32>
where
    I: IntoIterator<Item = (MarkValue, u8)>,
{
    let (mut sum, mut weights) = (0u64, 0u64);
    for (value, weight) in marks {
        if let Some(p) = value.points() {
            sum += u64::from(p) * u64::from(weight);
            weights += u64::from(weight);
        }
    }
    if weights == 0 {
        return None;
    }
    // round(100 * sum / weights), half up
    Some(((200 * sum + weights) / (2 * weights)) as u32)
}

/// Formats an average in hundredths with two decimals and a comma, as Russian schools write it.
pub fn format_average(centi: u32) -> String {
    format!("{},{:02}", centi / 100, centi % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_averages() {
        use MarkValue::*;
        type Case<'a> = (&'a [(MarkValue, u8)], Option<u32>, &'a str);
        let cases: &[Case] = &[
            (&[], None, "no marks"),
            (&[(Pass, 1), (NotAssessed, 1)], None, "no numeric marks"),
            (&[(Points(5), 1)], Some(500), "one mark"),
            (&[(Exempt, 1), (Points(4), 1)], Some(400), "exempt ignored"),
            (
                &[(Points(5), 1), (Points(4), 1), (Points(4), 1)],
                Some(433),
                "4.333 rounds down",
            ),
            (
                &[(Points(5), 1), (Points(5), 1), (Points(4), 1)],
                Some(467),
                "4.666 rounds up",
            ),
            (
                &[(Points(5), 3), (Points(3), 1)],
                Some(450),
                "weights count",
            ),
            (
                &[(Points(2), 2), (Points(5), 1), (Pass, 5)],
                Some(300),
                "pass/fail ignored",
            ),
            (&[(Points(4), 1), (Points(5), 1)], Some(450), "half"),
            (
                &[
                    (Points(3), 1),
                    (Points(4), 1),
                    (Points(4), 1),
                    (Points(4), 1),
                    (Points(4), 1),
                    (Points(4), 1),
                    (Points(5), 2),
                ],
                Some(413),
                "4.125 → 4.13 half up",
            ),
        ];
        for (marks, want, name) in cases {
            assert_eq!(
                weighted_average_centi(marks.iter().copied()),
                *want,
                "{name}"
            );
        }
        assert_eq!(format_average(433), "4,33");
        assert_eq!(format_average(500), "5,00");
        assert_eq!(format_average(407), "4,07");
    }

    #[test]
    fn parsing_marks_and_codes() {
        for (s, want) in [
            ("5", Ok(MarkValue::Points(5))),
            (" 1 ", Ok(MarkValue::Points(1))),
            ("зачёт", Ok(MarkValue::Pass)),
            ("нз", Ok(MarkValue::Fail)),
            ("н/а", Ok(MarkValue::NotAssessed)),
            ("осв", Ok(MarkValue::Exempt)),
            ("Освобождён", Ok(MarkValue::Exempt)),
            ("освобожден", Ok(MarkValue::Exempt)),
            ("6", Err(())),
            ("0", Err(())),
            ("", Err(())),
        ] {
            assert_eq!(s.parse::<MarkValue>().map_err(|_| ()), want, "{s:?}");
        }
        for v in [
            MarkValue::Points(3),
            MarkValue::Pass,
            MarkValue::Fail,
            MarkValue::NotAssessed,
            MarkValue::Exempt,
        ] {
            assert_eq!(v.to_string().parse::<MarkValue>(), Ok(v));
        }
        for c in AbsenceCode::ALL {
            assert_eq!(c.code().parse::<AbsenceCode>(), Ok(c));
        }
        assert!("X".parse::<AbsenceCode>().is_err());
        let mut state = None;
        let mut seen = vec![];
        for _ in 0..5 {
            state = AbsenceCode::cycle(state);
            seen.push(state);
        }
        assert_eq!(seen.last(), Some(&None), "five taps return to present");
        assert_eq!(
            find_work_kind("Контрольная работа").map(|k| k.default_weight),
            Some(3)
        );
    }
}
