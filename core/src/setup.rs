//! The setup wizard's progress («Мастер ввода данных»), derived from the school document alone,
//! so the wizard is resumable on any device and after any pause: [`progress`] says for each
//! step whether it is done, still to do, or has problems (with the text of each problem).
//!
//! The steps follow the seed's data-entry table (section 4, stage 2): the school card; the
//! academic year with its study periods (types and boundaries) and holidays; the bell schedule;
//! the week length; staff; subjects; subjects taught per grade level; curriculum profiles with
//! weekly hours (checked against the maximum weekly load); classes and groups; teaching
//! assignments. Each step is written with [`crate::doc::school_ops::SchoolOp`] and can be
//! edited later outside the wizard.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::doc::school::SchoolData;
use crate::school_rules;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    SchoolCard,
    AcademicYear,
    Bells,
    WeekLength,
    Staff,
    Subjects,
    SubjectsPerGrade,
    Curriculum,
    Classes,
    Assignments,
}

impl SetupStep {
    /// The steps in the wizard's order.
    pub const ALL: [SetupStep; 10] = [
        SetupStep::SchoolCard,
        SetupStep::AcademicYear,
        SetupStep::Bells,
        SetupStep::WeekLength,
        SetupStep::Staff,
        SetupStep::Subjects,
        SetupStep::SubjectsPerGrade,
        SetupStep::Curriculum,
        SetupStep::Classes,
        SetupStep::Assignments,
    ];

    pub fn title_ru(self) -> &'static str {
        match self {
            SetupStep::SchoolCard => "Карточка школы",
            SetupStep::AcademicYear => "Учебный год, периоды и каникулы",
            SetupStep::Bells => "Расписание звонков",
            SetupStep::WeekLength => "Учебная неделя",
            SetupStep::Staff => "Сотрудники",
            SetupStep::Subjects => "Предметы",
            SetupStep::SubjectsPerGrade => "Предметы в параллелях",
            SetupStep::Curriculum => "Профили учебного плана и часы",
            SetupStep::Classes => "Классы и группы",
            SetupStep::Assignments => "Педагогическая нагрузка",
        }
    }
}

/// The state of one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    Done,
    /// Not finished: `hint` says what is missing.
    ToDo {
        hint: String,
    },
    /// The data is wrong: each problem says what to fix.
    Problems {
        problems: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepProgress {
    pub step: SetupStep,
    pub title: String,
    pub state: StepState,
}

/// Each step's state, in the wizard's order.
pub fn progress(s: &SchoolData) -> Vec<StepProgress> {
    let problems = school_rules::problems(s);
    SetupStep::ALL
        .iter()
        .map(|&step| {
            let mine: Vec<String> = problems
                .iter()
                .filter(|p| p.step == step)
                .map(|p| p.message.clone())
                .collect();
            let state = if !mine.is_empty() {
                StepState::Problems { problems: mine }
            } else {
                match missing(s, step) {
                    Some(hint) => StepState::ToDo { hint },
                    None => StepState::Done,
                }
            };
            StepProgress {
                step,
                title: step.title_ru().to_string(),
                state,
            }
        })
        .collect()
}

/// The first step that is not done: where a resumed wizard opens.
pub fn next_step(progress: &[StepProgress]) -> Option<SetupStep> {
    progress
        .iter()
        .find(|p| p.state != StepState::Done)
        .map(|p| p.step)
}

/// Grade levels that have a class in the current year.
fn grades_in_use(s: &SchoolData) -> BTreeSet<u8> {
    s.classes
        .values()
        .filter(|c| Some(c.year) == s.current_year)
        .map(|c| c.grade)
        .collect()
}

fn list(grades: &BTreeSet<u8>) -> String {
    grades
        .iter()
        .map(|g| g.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is still missing for a step (when it has no problems).
fn missing(s: &SchoolData, step: SetupStep) -> Option<String> {
    match step {
        SetupStep::SchoolCard => s
            .card
            .name
            .trim()
            .is_empty()
            .then(|| "Введите полное и краткое название школы и её адрес.".into()),
        SetupStep::AcademicYear => {
            let Some(year) = s.current_year else {
                return Some("Создайте учебный год и сделайте его текущим.".into());
            };
            if !s.periods.values().any(|p| p.year == year) {
                return Some(
                    "Задайте учебные периоды года (четверти, полугодия или триместры) и их \
                     границы."
                        .into(),
                );
            }
            if !s.holidays.values().any(|h| h.year == year) {
                return Some("Внесите каникулы между периодами.".into());
            }
            None
        }
        SetupStep::Bells => s
            .bells
            .is_empty()
            .then(|| "Введите время начала и конца каждого урока.".into()),
        SetupStep::WeekLength => None,
        SetupStep::Staff => s
            .staff
            .is_empty()
            .then(|| "Введите сотрудников: как минимум классных руководителей и секретаря.".into()),
        SetupStep::Subjects => s
            .subjects
            .is_empty()
            .then(|| "Введите преподаваемые предметы.".into()),
        SetupStep::SubjectsPerGrade => {
            if let Some(sub) = s.subjects.values().find(|sub| sub.grades.is_empty()) {
                return Some(format!(
                    "Отметьте параллели, в которых преподаётся «{}».",
                    sub.name
                ));
            }
            let bare: BTreeSet<u8> = grades_in_use(s)
                .into_iter()
                .filter(|g| !s.subjects.values().any(|sub| sub.grades.contains(g)))
                .collect();
            (!bare.is_empty()).then(|| {
                format!(
                    "В параллелях {} не преподаётся ни один предмет: отметьте их у предметов.",
                    list(&bare)
                )
            })
        }
        SetupStep::Curriculum => {
            if s.profiles.is_empty() {
                return Some(
                    "Создайте профили учебного плана и задайте недельные часы по предметам.".into(),
                );
            }
            if let Some(p) = s.profiles.values().find(|p| p.hours.is_empty()) {
                return Some(format!(
                    "Задайте часы по предметам в плане «{}» ({} класс).",
                    p.name, p.grade
                ));
            }
            let bare: BTreeSet<u8> = grades_in_use(s)
                .into_iter()
                .filter(|g| !s.profiles.values().any(|p| p.grade == *g))
                .collect();
            (!bare.is_empty())
                .then(|| format!("Нет профиля учебного плана для параллелей {}.", list(&bare)))
        }
        SetupStep::Classes => {
            let classes: Vec<_> = s
                .classes
                .values()
                .filter(|c| Some(c.year) == s.current_year)
                .collect();
            if classes.is_empty() {
                return Some("Создайте классы текущего учебного года.".into());
            }
            let mut no_teacher: Vec<String> = classes
                .iter()
                .filter(|c| c.class_teacher.is_none())
                .map(|c| c.name())
                .collect();
            no_teacher.sort();
            if !no_teacher.is_empty() {
                return Some(format!(
                    "Назначьте классных руководителей: {}.",
                    no_teacher.join(", ")
                ));
            }
            let mut no_plan: Vec<String> = classes
                .iter()
                .filter(|c| !s.class_profiles.contains_key(&c.id))
                .map(|c| c.name())
                .collect();
            no_plan.sort();
            (!no_plan.is_empty()).then(|| {
                format!(
                    "Выберите профиль учебного плана для классов: {}.",
                    no_plan.join(", ")
                )
            })
        }
        SetupStep::Assignments => {
            let year = s.current_year;
            let mut uncovered: Vec<String> = Vec::new();
            for c in s.classes.values().filter(|c| Some(c.year) == year) {
                let Some(plan) = s.class_profiles.get(&c.id).and_then(|p| s.profiles.get(p)) else {
                    continue;
                };
                for subject in plan.hours.keys() {
                    let taught = s.assignments.values().any(|a| {
                        Some(a.year) == year && a.cohort.class() == c.id && a.subject == *subject
                    });
                    if !taught {
                        let name = s
                            .subjects
                            .get(subject)
                            .map(|x| x.name.as_str())
                            .unwrap_or("?");
                        uncovered.push(format!("{} — {name}", c.name()));
                    }
                }
            }
            uncovered.sort();
            if !uncovered.is_empty() {
                let shown: Vec<String> = uncovered.iter().take(5).cloned().collect();
                let more = uncovered.len() - shown.len();
                let tail = if more > 0 {
                    format!(" и ещё {more}")
                } else {
                    String::new()
                };
                return Some(format!("Назначьте учителей: {}{tail}.", shown.join("; ")));
            }
            (!s.assignments.values().any(|a| Some(a.year) == year))
                .then(|| "Назначьте учителей классам и предметам.".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_school_starts_at_the_card() {
        let s = SchoolData {
            week_days: 5,
            ..Default::default()
        };
        let p = progress(&s);
        assert_eq!(p.len(), 10);
        assert_eq!(next_step(&p), Some(SetupStep::SchoolCard));
        assert!(matches!(p[0].state, StepState::ToDo { .. }));
        assert_eq!(p[3].state, StepState::Done, "the week has a default");
    }
}
