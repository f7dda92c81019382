//! Closing an academic year and moving to the next (273-ФЗ, art. 58). Pure: the caller passes
//! the school, the class lists, the movement book, the journals' final marks, the
//! coordinator's overrides and today's date.
//!
//! - [`outcome`]: each student's outcome (переведён, переведён условно with the academic debt
//!   and at most two retake deadlines, оставлен на повторное обучение, выпущен, выбыл), proposed
//!   from the final marks and overridable per student.
//! - [`next_calendar`]: next year's calendar proposed from this year's.
//! - [`plan`] (here): the dry run: next year's classes with their students, the graduates, those
//!   who left, the calendar and the problems that block a confirmation.
//! - [`orders`]: the confirmation as dated movement orders of the existing kinds, with
//!   deterministic ids (confirming twice is detected) and their cancellation for the undo.
//! - [`apply`]: the school document's changes (next year, its periods, holidays and classes)
//!   and their removal, and what keeps the undo from being done.
//! - [`read_only`]: the closed year's journals and school data refuse writes.
//!
//! **Which marks decide.** There are no separate year journals: a student's mark in a subject
//! is the final mark («итоговая») of the latest study period of the year that has one for them
//! (normally the last quarter or half-year). A mark of 1 or 2, «н/а» or «незачёт» is an academic
//! debt. Students without any final mark are proposed as promoted and named in a warning.

pub mod apply;
pub mod next_calendar;
pub mod orders;
pub mod outcome;
pub mod read_only;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::date_ru;
use crate::doc::movement::MovementData;
use crate::doc::roster::RosterData;
use crate::doc::school::SchoolData;
use crate::ids::{ClassId, PeriodId, ProfileId, StaffId, StudentId, SubjectId, YearId};
use crate::marks::MarkValue;
use crate::model::{AcademicYear, Holiday, StudyPeriod};

pub use outcome::{Debt, Outcome, Override};

/// The final marks of one journal (a class or group × subject × period).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalFinals {
    pub class: ClassId,
    pub subject: SubjectId,
    pub period: PeriodId,
    pub finals: BTreeMap<StudentId, MarkValue>,
}

/// Everything a dry run reads.
#[derive(Clone, Copy, Debug)]
pub struct YearInput<'a> {
    pub school: &'a SchoolData,
    pub rosters: &'a [RosterData],
    pub movement: &'a MovementData,
    pub finals: &'a [JournalFinals],
    pub overrides: &'a BTreeMap<StudentId, Override>,
    pub today: NaiveDate,
}

/// One student of a class of the closing year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentPlan {
    pub student: StudentId,
    pub name: String,
    /// What the final marks propose.
    pub proposed: Outcome,
    /// What will be done: the override if the coordinator chose one, else the proposal.
    pub outcome: Outcome,
    pub overridden: bool,
    /// The subjects with a 1, 2, «н/а» or «незачёт» as the year's mark.
    pub debts: Vec<Debt>,
    /// How many subjects have no final mark at all for this student.
    pub missing_finals: usize,
    /// Next year's class (promoted, conditionally promoted, retained); `None` for graduates.
    pub to: Option<ClassId>,
}

/// A class of the closing year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassPlan {
    pub class: ClassId,
    pub name: String,
    pub grade: u8,
    /// Where its promoted students go (`None`: the last grade of the school).
    pub next: Option<ClassId>,
    pub students: Vec<StudentPlan>,
}

/// A class of next year, created by the confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextClass {
    pub id: ClassId,
    pub grade: u8,
    pub letter: String,
    pub name: String,
    pub class_teacher: Option<StaffId>,
    /// The curriculum profile this year's class of that grade and letter studies by.
    pub profile: Option<ProfileId>,
    /// Its students, by name: promoted from the class below and retained in this grade.
    pub students: Vec<StudentId>,
}

/// A student who left during the year (the movement book): nothing to do, listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftStudent {
    pub student: StudentId,
    pub name: String,
    pub class: ClassId,
    pub left_on: NaiveDate,
}

/// A problem of the dry run; a `blocking` one refuses the confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearProblem {
    pub key: String,
    pub message: String,
    pub blocking: bool,
}

/// The dry run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPlan {
    pub year: AcademicYear,
    /// The highest grade of the school (9 or 11): its students graduate.
    pub last_grade: u8,
    pub classes: Vec<ClassPlan>,
    pub next_year: AcademicYear,
    pub next_periods: Vec<StudyPeriod>,
    pub next_holidays: Vec<Holiday>,
    pub next_classes: Vec<NextClass>,
    pub left: Vec<LeftStudent>,
    pub problems: Vec<YearProblem>,
}

impl YearPlan {
    pub fn blocking(&self) -> impl Iterator<Item = &YearProblem> {
        self.problems.iter().filter(|p| p.blocking)
    }

    pub fn students(&self) -> impl Iterator<Item = (&ClassPlan, &StudentPlan)> {
        self.classes
            .iter()
            .flat_map(|c| c.students.iter().map(move |s| (c, s)))
    }
}

/// Why no dry run can be made at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum YearCloseError {
    #[error("В школе не выбран текущий учебный год. Выберите его в настройке школы.")]
    NoCurrentYear,
    #[error("Книга движения противоречива: {0}")]
    Movement(String),
}

/// How many names a problem lists before «и ещё N».
const MAX_NAMED: usize = 5;

/// 9 for a school whose classes end at grade 9 or lower, 11 if any class is in grade 10 or 11.
pub fn last_grade(school: &SchoolData) -> u8 {
    if school.classes.values().any(|c| c.grade >= 10) {
        11
    } else {
        9
    }
}

/// The dry run of closing the school's current year.
pub fn plan(input: YearInput<'_>) -> Result<YearPlan, YearCloseError> {
    let school = input.school;
    let year = school
        .current_year
        .and_then(|y| school.years.get(&y))
        .cloned()
        .ok_or(YearCloseError::NoCurrentYear)?;
    let timeline = crate::movement::replay(input.movement)
        .map_err(|e| YearCloseError::Movement(e.to_string()))?;
    let last = last_grade(school);
    let mut problems = Vec::new();
    let mut block = |key: String, message: String| {
        problems.push(YearProblem {
            key,
            message,
            blocking: true,
        })
    };

    let (next_year, next_periods, next_holidays) = next_calendar::propose(school, &year);
    for p in
        crate::calendar::year_problems(&next_year, &next_periods, &next_holidays, school.week_days)
    {
        block(format!("calendar/{}", p.key), p.message);
    }
    if let Some(y) = school
        .years
        .values()
        .find(|y| y.id != year.id && y.start > year.start)
    {
        block(
            format!("year/{}/exists", y.id),
            format!(
                "Следующий учебный год «{}» уже заведён. Переход создаёт его сам: удалите его \
                 периоды и классы в настройке школы или закройте год вручную.",
                y.title
            ),
        );
    }

    let mut this_year: Vec<&crate::model::Class> = school
        .classes
        .values()
        .filter(|c| c.year == year.id)
        .collect();
    this_year.sort_by_key(|c| (c.grade, c.letter.clone()));
    let class_ids: BTreeSet<ClassId> = this_year.iter().map(|c| c.id).collect();
    let finals = outcome::year_marks(school, &year, input.finals);
    let roster_of: BTreeMap<ClassId, &RosterData> =
        input.rosters.iter().map(|r| (r.class, r)).collect();
    let deadlines = outcome::default_deadlines(&next_year);

    // Next year's classes, by (grade, letter).
    let mut next: BTreeMap<(u8, String), NextClass> = BTreeMap::new();
    let mut ensure_next = |grade: u8, letter: &str, teacher: Option<StaffId>| -> ClassId {
        let key = (grade, letter.to_string());
        let id = orders::next_class_id(year.id, grade, letter);
        let profile = this_year
            .iter()
            .find(|c| c.grade == grade && c.letter == letter)
            .and_then(|c| school.class_profiles.get(&c.id).copied());
        let e = next.entry(key).or_insert_with(|| NextClass {
            id,
            grade,
            letter: letter.to_string(),
            name: format!("{grade}{letter}"),
            class_teacher: None,
            profile,
            students: Vec::new(),
        });
        if e.class_teacher.is_none() {
            e.class_teacher = teacher;
        }
        id
    };

    let mut classes = Vec::new();
    let mut placed: Vec<(ClassId, StudentId)> = Vec::new();
    let mut left = Vec::new();
    let mut missing_total = 0usize;
    for c in &this_year {
        let promoted_to = (c.grade < last).then(|| {
            // The class teacher goes up with a class of grades 5–10; primary classes get
            // subject teachers in grade 5.
            let teacher = (c.grade >= 5).then_some(c.class_teacher).flatten();
            ensure_next(c.grade + 1, &c.letter, teacher)
        });
        let mut students = Vec::new();
        let on_roster: BTreeMap<StudentId, String> = roster_of
            .get(&c.id)
            .map(|r| r.students.values().map(|s| (s.id, s.full_name())).collect())
            .unwrap_or_default();
        let members = timeline.members(c.id, year.end);
        let unexplained: Vec<&str> = on_roster
            .iter()
            .filter(|(s, _)| {
                let active = roster_of
                    .get(&c.id)
                    .and_then(|r| r.students.get(s))
                    .is_some_and(|st| st.active);
                active
                    && !members.contains(s)
                    && !timeline
                        .class_on(**s, year.end)
                        .is_some_and(|other| class_ids.contains(&other))
            })
            .map(|(_, name)| name.as_str())
            .collect();
        if !unexplained.is_empty() {
            let shown = unexplained.len().min(MAX_NAMED);
            let more = match unexplained.len() - shown {
                0 => String::new(),
                n => format!(" и ещё {n}"),
            };
            block(
                format!("enrollment/{}", c.id),
                format!(
                    "{}: {} в списке класса, но по книге движения не учатся в нём на {} \
                     (учеников: {}). Оформите приказ о зачислении (можно задним числом) или \
                     переводе, затем закройте год.",
                    c.name(),
                    unexplained[..shown].join(", ") + &more,
                    date_ru(year.end),
                    unexplained.len()
                ),
            );
        }
        // Who left the class during the year and is in no class of the school at its end.
        for (s, stints) in &timeline.stints {
            let Some(last_stint) = stints
                .iter()
                .rfind(|st| st.class == c.id && st.start <= year.end)
            else {
                continue;
            };
            if let Some(end) = last_stint.end {
                if end >= year.start && end <= year.end && timeline.class_on(*s, year.end).is_none()
                {
                    left.push(LeftStudent {
                        student: *s,
                        name: on_roster
                            .get(s)
                            .cloned()
                            .unwrap_or_else(|| name_in_orders(input.movement, *s)),
                        class: c.id,
                        left_on: end,
                    });
                }
            }
        }
        for s in members {
            let name = on_roster
                .get(&s)
                .cloned()
                .unwrap_or_else(|| name_in_orders(input.movement, s));
            let marks = finals.get(&s);
            let debts = outcome::debts(school, marks);
            let missing = outcome::missing_finals(school, c.grade, marks);
            if marks.is_none_or(|m| m.is_empty()) {
                missing_total += 1;
            }
            let proposed = outcome::propose(c.grade, last, &debts, &deadlines);
            let (outcome, overridden) = match input.overrides.get(&s) {
                Some(o) => {
                    match outcome::overridden(o, c.grade, last, &debts, &deadlines, &next_year) {
                        Ok(out) => (out, true),
                        Err(message) => {
                            block(format!("override/{s}"), format!("{name}: {message}"));
                            (proposed.clone(), false)
                        }
                    }
                }
                None => (proposed.clone(), false),
            };
            let to = match &outcome {
                Outcome::Promoted | Outcome::Conditional { .. } => promoted_to,
                Outcome::Retained => Some(ensure_next(c.grade, &c.letter, None)),
                Outcome::Graduated | Outcome::Left => None,
            };
            if let Some(to) = to {
                placed.push((to, s));
            }
            students.push(StudentPlan {
                student: s,
                name,
                proposed,
                outcome,
                overridden,
                debts,
                missing_finals: missing,
                to,
            });
        }
        students.sort_by(|a, b| a.name.cmp(&b.name));
        classes.push(ClassPlan {
            class: c.id,
            name: c.name(),
            grade: c.grade,
            next: promoted_to,
            students,
        });
    }
    for s in input.overrides.keys() {
        if !classes
            .iter()
            .any(|c| c.students.iter().any(|p| p.student == *s))
        {
            block(
                format!("override/{s}/unknown"),
                "Выбран итог для ученика, которого нет в классах закрываемого года. Обновите \
                 страницу."
                    .into(),
            );
        }
    }
    if missing_total > 0 {
        problems.push(YearProblem {
            key: "finals/missing".into(),
            message: format!(
                "У {missing_total} учеников нет ни одной итоговой отметки за год: им предложено \
                 «переведён». Проверьте итоговые отметки или выберите итог вручную."
            ),
            blocking: false,
        });
    }
    if let Some(end) = school
        .periods
        .values()
        .filter(|p| p.year == year.id)
        .map(|p| p.end)
        .max()
    {
        if input.today <= end {
            problems.push(YearProblem {
                key: "year/not_over".into(),
                message: format!(
                    "Учебный год ещё идёт: последний период кончается {}. Итоги после этой даты \
                     могут измениться.",
                    date_ru(end)
                ),
                blocking: false,
            });
        }
    }
    left.sort_by(|a, b| a.name.cmp(&b.name));
    for (to, s) in placed {
        if let Some(n) = next.values_mut().find(|n| n.id == to) {
            n.students.push(s);
        }
    }
    let next_classes: Vec<NextClass> = next
        .into_values()
        .map(|mut n| {
            n.students.sort();
            n
        })
        .collect();
    Ok(YearPlan {
        year,
        last_grade: last,
        classes,
        next_year,
        next_periods,
        next_holidays,
        next_classes,
        left,
        problems,
    })
}

fn name_in_orders(m: &MovementData, s: StudentId) -> String {
    m.orders
        .values()
        .find_map(|o| o.students.get(&s).cloned())
        .unwrap_or_else(|| "Ученик".into())
}

/// The id of next year for `year` (deterministic: confirming after an undo recreates the same).
pub fn next_year_id(year: YearId) -> YearId {
    orders::next_year_id(year)
}

#[cfg(test)]
mod tests;
