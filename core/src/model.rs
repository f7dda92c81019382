//! School structure: the plain domain types the documents hold. Serializable, so they also
//! serve as the JSON the CLI and the UI read.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::ids::*;
use crate::rights::Cohort;

/// The school card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolCard {
    pub name: String,
    pub short_name: String,
    pub address: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcademicYear {
    pub id: YearId,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Quarter,
    HalfYear,
    Trimester,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "quarter",
            PeriodKind::HalfYear => "halfyear",
            PeriodKind::Trimester => "trimester",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "quarter" => Some(PeriodKind::Quarter),
            "halfyear" => Some(PeriodKind::HalfYear),
            "trimester" => Some(PeriodKind::Trimester),
            _ => None,
        }
    }
    /// «1 четверть», «2 полугодие», «3 триместр».
    pub fn title_ru(self, number: u8) -> String {
        let word = match self {
            PeriodKind::Quarter => "четверть",
            PeriodKind::HalfYear => "полугодие",
            PeriodKind::Trimester => "триместр",
        };
        format!("{number} {word}")
    }
}

/// A study period with its boundaries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyPeriod {
    pub id: PeriodId,
    pub year: YearId,
    pub kind: PeriodKind,
    pub number: u8,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl StudyPeriod {
    pub fn title(&self) -> String {
        self.kind.title_ru(self.number)
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// School holidays (каникулы) of an academic year: days with no lessons, between study periods
/// (or inside a long one: the autumn holidays fall inside the first half-year).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub id: HolidayId,
    pub year: YearId,
    /// «Осенние каникулы».
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Holiday {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// One line of the bell schedule: lesson number and its times ("08:30").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bell {
    pub number: u8,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: SubjectId,
    pub name: String,
    /// Grade levels (1–11) the subject is taught at.
    pub grades: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: StaffId,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    /// «Учитель математики», «Директор» …
    pub position: String,
}

impl StaffMember {
    /// «Иванова А. П.»
    pub fn short_name(&self) -> String {
        short_name(&self.last_name, &self.first_name, &self.middle_name)
    }
}

pub fn short_name(last: &str, first: &str, middle: &str) -> String {
    let initial = |s: &str| {
        s.chars()
            .next()
            .map(|c| format!("{c}."))
            .unwrap_or_default()
    };
    let mut out = last.to_string();
    if !first.is_empty() {
        out.push(' ');
        out.push_str(&initial(first));
    }
    if !middle.is_empty() {
        out.push(' ');
        out.push_str(&initial(middle));
    }
    out
}

pub fn full_name(last: &str, first: &str, middle: &str) -> String {
    [last, first, middle]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Class {
    pub id: ClassId,
    pub year: YearId,
    pub grade: u8,
    pub letter: String,
    pub class_teacher: Option<StaffId>,
}

impl Class {
    /// «5А»
    pub fn name(&self) -> String {
        format!("{}{}", self.grade, self.letter)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub class: ClassId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeachingAssignment {
    pub id: AssignmentId,
    pub teacher: StaffId,
    pub cohort: Cohort,
    pub subject: SubjectId,
    pub year: YearId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Student {
    pub id: StudentId,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub active: bool,
}

impl Student {
    pub fn full_name(&self) -> String {
        full_name(&self.last_name, &self.first_name, &self.middle_name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardian {
    pub id: GuardianId,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    /// «мать», «отец», «опекун» …
    pub relation: String,
}

impl Guardian {
    pub fn full_name(&self) -> String {
        full_name(&self.last_name, &self.first_name, &self.middle_name)
    }
}

/// A weekly timetable slot: on `weekday`, lesson `number`, this cohort has this subject.
/// `week`: every week, or only week A or B of a two-week cycle; `version`: the timetable
/// version it belongs to (`None`: the base version, in force from the start of the year). See
/// [`crate::timetable_cycle`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: SlotId,
    pub weekday: Weekday,
    pub number: u8,
    pub cohort: Cohort,
    pub subject: SubjectId,
    /// The lead teacher (the first one named; the one changes and imports name first).
    pub teacher: StaffId,
    /// The other teachers of a co-taught lesson, in order: at most [`MAX_CO_TEACHERS`], none
    /// twice, never the lead. Empty for a lesson with one teacher (and in older documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_teachers: Vec<StaffId>,
    pub room: String,
    #[serde(default)]
    pub week: SlotWeek,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<TimetableVersionId>,
}

/// The most teachers a slot names besides its lead teacher.
pub const MAX_CO_TEACHERS: usize = 3;

impl Slot {
    /// Every teacher of the slot: the lead first, then the co-teachers.
    pub fn teachers(&self) -> impl Iterator<Item = StaffId> + '_ {
        std::iter::once(self.teacher).chain(self.co_teachers.iter().copied())
    }

    /// Whether `staff` teaches this slot (as the lead or a co-teacher).
    pub fn taught_by(&self, staff: StaffId) -> bool {
        self.teachers().any(|t| t == staff)
    }

    /// What is wrong with the slot's list of teachers, in words the coordinator acts on: too
    /// many, one named twice, the lead named again.
    pub fn teachers_problem(&self) -> Option<String> {
        if self.co_teachers.len() > MAX_CO_TEACHERS {
            return Some(format!(
                "У урока не больше {} учителей. Уберите лишних.",
                MAX_CO_TEACHERS + 1
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for t in self.teachers() {
            if !seen.insert(t) {
                return Some("Один учитель указан у урока дважды. Уберите повтор.".to_string());
            }
        }
        None
    }
}

/// Which weeks of a two-week cycle a slot is taught in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SlotWeek {
    /// Every week (also every slot of a school without a cycle).
    #[default]
    Every,
    /// Week A only («чётная/нечётная» as the school names them: A is the cycle's first week).
    A,
    /// Week B only.
    B,
}

pub fn weekday_from_number(n: i64) -> Option<Weekday> {
    match n {
        1 => Some(Weekday::Mon),
        2 => Some(Weekday::Tue),
        3 => Some(Weekday::Wed),
        4 => Some(Weekday::Thu),
        5 => Some(Weekday::Fri),
        6 => Some(Weekday::Sat),
        7 => Some(Weekday::Sun),
        _ => None,
    }
}

pub fn weekday_ru(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "понедельник",
        Weekday::Tue => "вторник",
        Weekday::Wed => "среда",
        Weekday::Thu => "четверг",
        Weekday::Fri => "пятница",
        Weekday::Sat => "суббота",
        Weekday::Sun => "воскресенье",
    }
}
