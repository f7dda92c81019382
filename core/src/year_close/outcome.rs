//! A student's outcome of the year (273-ФЗ, art. 58): proposed from the year's marks, or the
//! coordinator's choice checked against the grade.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::JournalFinals;
use crate::calendar::date_ru;
use crate::doc::school::SchoolData;
use crate::ids::{StudentId, SubjectId};
use crate::marks::MarkValue;
use crate::model::AcademicYear;

/// At most two retakes of an academic debt (art. 58, part 5).
pub const MAX_RETAKES: usize = 2;

/// The outcome of the year for one student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// «Переведён в следующий класс».
    Promoted,
    /// «Переведён условно»: with the academic debt and its retake deadlines (one or two).
    Conditional {
        subjects: Vec<SubjectId>,
        deadlines: Vec<NaiveDate>,
    },
    /// «Оставлен на повторное обучение».
    Retained,
    /// «Выпущен» (the last grade of the school).
    Graduated,
    /// «Выбыл» during the year (from the movement book).
    Left,
}

impl Outcome {
    pub fn title_ru(&self) -> &'static str {
        match self {
            Outcome::Promoted => "переведён",
            Outcome::Conditional { .. } => "переведён условно",
            Outcome::Retained => "оставлен на повторное обучение",
            Outcome::Graduated => "выпущен",
            Outcome::Left => "выбыл",
        }
    }
}

/// The coordinator's choice for one student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Override {
    Promoted,
    /// The debt is the year's failing marks; `deadlines` empty: the proposed ones.
    Conditional {
        #[serde(default)]
        deadlines: Vec<NaiveDate>,
    },
    Retained,
    Graduated,
}

/// One subject of an academic debt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debt {
    pub subject: SubjectId,
    pub name: String,
    /// «2», «н/а», «нз».
    pub mark: String,
}

/// Whether a year's mark is an academic debt.
pub fn is_debt(v: MarkValue) -> bool {
    matches!(
        v,
        MarkValue::Points(1 | 2) | MarkValue::NotAssessed | MarkValue::Fail
    )
}

/// Each student's mark per subject for the year: the final of the latest period of `year`
/// that has one (periods of other years are ignored).
pub fn year_marks(
    school: &SchoolData,
    year: &AcademicYear,
    finals: &[JournalFinals],
) -> BTreeMap<StudentId, BTreeMap<SubjectId, MarkValue>> {
    let mut best: BTreeMap<(StudentId, SubjectId), (NaiveDate, MarkValue)> = BTreeMap::new();
    for j in finals {
        let Some(p) = school.periods.get(&j.period).filter(|p| p.year == year.id) else {
            continue;
        };
        for (s, v) in &j.finals {
            let e = best.entry((*s, j.subject)).or_insert((p.end, *v));
            if p.end > e.0 {
                *e = (p.end, *v);
            }
        }
    }
    let mut out: BTreeMap<StudentId, BTreeMap<SubjectId, MarkValue>> = BTreeMap::new();
    for ((s, subject), (_, v)) in best {
        out.entry(s).or_default().insert(subject, v);
    }
    out
}

/// The subjects of the academic debt, by subject name.
pub fn debts(school: &SchoolData, marks: Option<&BTreeMap<SubjectId, MarkValue>>) -> Vec<Debt> {
    let mut v: Vec<Debt> = marks
        .into_iter()
        .flatten()
        .filter(|(_, v)| is_debt(**v))
        .map(|(s, v)| Debt {
            subject: *s,
            name: school
                .subjects
                .get(s)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| "предмет".into()),
            mark: v.to_string(),
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// How many subjects of the grade have no year's mark for the student.
pub fn missing_finals(
    school: &SchoolData,
    grade: u8,
    marks: Option<&BTreeMap<SubjectId, MarkValue>>,
) -> usize {
    school
        .subjects
        .values()
        .filter(|s| s.grades.contains(&grade))
        .filter(|s| marks.is_none_or(|m| !m.contains_key(&s.id)))
        .count()
}

/// The proposed retake deadlines: the end of next year's September and October (the debt is
/// to be cleared within a year, twice at most; schools set the dates, the coordinator may).
pub fn default_deadlines(next: &AcademicYear) -> Vec<NaiveDate> {
    let first = next.start + Duration::days(29);
    let second = next.start + Duration::days(60);
    vec![first, second]
}

/// The outcome the marks propose.
pub fn propose(grade: u8, last: u8, debts: &[Debt], deadlines: &[NaiveDate]) -> Outcome {
    match (grade >= last, debts.is_empty()) {
        (true, true) => Outcome::Graduated,
        // A debt in the last grade: not admitted to the final exams (art. 59), so not
        // graduated; the coordinator decides, retained is proposed.
        (true, false) => Outcome::Retained,
        (false, true) => Outcome::Promoted,
        (false, false) => Outcome::Conditional {
            subjects: debts.iter().map(|d| d.subject).collect(),
            deadlines: deadlines.to_vec(),
        },
    }
}

/// The coordinator's choice, or why it does not fit (a Russian sentence that says what to do).
pub fn overridden(
    o: &Override,
    grade: u8,
    last: u8,
    debts: &[Debt],
    default: &[NaiveDate],
    next: &AcademicYear,
) -> Result<Outcome, String> {
    let last_class = grade >= last;
    match o {
        Override::Promoted if last_class => Err(format!(
            "{grade}-й класс — последний в школе: выберите «выпущен» или «оставлен на повторное \
             обучение»."
        )),
        Override::Promoted => Ok(Outcome::Promoted),
        Override::Conditional { .. } if last_class => Err(format!(
            "из {grade}-го класса условно не переводят: выберите «выпущен» или «оставлен на \
             повторное обучение»."
        )),
        Override::Conditional { .. } if debts.is_empty() => Err(
            "условный перевод — только при академической задолженности, а годовых отметок 2 или \
             «н/а» нет. Выберите «переведён» или исправьте итоговые отметки."
                .into(),
        ),
        Override::Conditional { deadlines } => {
            let deadlines = if deadlines.is_empty() {
                default.to_vec()
            } else {
                deadlines.clone()
            };
            if deadlines.len() > MAX_RETAKES {
                return Err(format!(
                    "пересдать задолженность можно не более двух раз, а сроков указано {}. \
                     Оставьте один или два срока.",
                    deadlines.len()
                ));
            }
            if deadlines.windows(2).any(|w| w[1] <= w[0]) {
                return Err("второй срок пересдачи должен быть позже первого.".into());
            }
            let latest = next.start + Duration::days(365);
            if let Some(d) = deadlines.iter().find(|d| **d < next.start || **d > latest) {
                return Err(format!(
                    "срок пересдачи {} вне года после перевода ({}–{}). Исправьте срок.",
                    date_ru(*d),
                    date_ru(next.start),
                    date_ru(latest)
                ));
            }
            Ok(Outcome::Conditional {
                subjects: debts.iter().map(|d| d.subject).collect(),
                deadlines,
            })
        }
        Override::Retained => Ok(Outcome::Retained),
        Override::Graduated if !last_class => Err(format!(
            "выпускают из последнего класса школы ({last}-го), а это {grade}-й. Выберите \
             «переведён» или «оставлен на повторное обучение»."
        )),
        Override::Graduated => Ok(Outcome::Graduated),
    }
}
