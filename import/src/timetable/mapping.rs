//! [`TimetableSource`] → lessons in the school's terms ([`MappedLesson`]): every name is
//! looked up in the caller's [`NameMap`] first, then matched by [`SchoolIndex`]. A name that
//! cannot be matched is reported once ([`Unmatched`], with every row it occurs in and
//! suggestions); its lessons are left out until the user answers. Days outside the school's
//! week and lesson numbers outside the bells are row errors.

use std::collections::BTreeMap;

use chrono::Weekday;
use serde::{Deserialize, Serialize};
use zvonok_core::doc::school::SchoolData;
use zvonok_core::ids::{ClassId, StaffId, SubjectId, YearId};
use zvonok_core::rights::Cohort;

use crate::error::{RowError, RowProblem};
use crate::timetable::matching::{SchoolIndex, Suggestion};
use crate::timetable::name_map::{name_key, NameKind, NameMap, Target};
use crate::timetable::source::{SourceHour, SourceLesson, SourceWeek, TimetableSource};

/// A name the file gives that matches nothing (or several things) in the school: asked once
/// in the preview; the answer goes into the [`NameMap`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub kind: NameKind,
    /// As first written in the file.
    pub name: String,
    /// Rows (or XML lines) it occurs in, ascending, each once.
    pub rows: Vec<u32>,
    /// Candidates: the ambiguous ones, or look-alikes.
    pub suggestions: Vec<Suggestion>,
}

/// One weekly hour in the school's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedLesson {
    pub row: u32,
    pub activity_id: String,
    pub weekday: Weekday,
    pub number: u8,
    /// One per student set of the activity («5А+5Б» → two).
    pub cohorts: Vec<Cohort>,
    pub subject: SubjectId,
    /// In the file's order; never empty.
    pub teachers: Vec<StaffId>,
    pub room: String,
}

/// A lesson left out (unmatched name or bad hour), with what is known of where it is: the
/// plan keeps the school's slots there rather than removing them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub row: u32,
    pub weekday: Weekday,
    /// `None` when the hour itself did not match.
    pub number: Option<u8>,
    /// Classes of the student sets that matched; `all_classes` when one did not.
    pub classes: Vec<ClassId>,
    pub all_classes: bool,
}

/// The result of mapping a source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedTimetable {
    pub lessons: Vec<MappedLesson>,
    pub left_out: Vec<LeftOut>,
    pub unmatched: Vec<Unmatched>,
    /// The source's row errors, then those found here.
    pub errors: Vec<RowError>,
}

/// Maps every lesson of `source` to the school's entities, classes of `year` (the
/// timetable's academic year) only.
pub fn map_timetable(
    source: &TimetableSource,
    school: &SchoolData,
    names: &NameMap,
    year: YearId,
) -> MappedTimetable {
    let index = SchoolIndex::new(school, Some(year));
    let mut out = MappedTimetable {
        errors: source.errors.clone(),
        ..MappedTimetable::default()
    };
    let mut unmatched: BTreeMap<(NameKind, String), Unmatched> = BTreeMap::new();
    let week_days = if school.week_days == 0 {
        7
    } else {
        school.week_days
    };
    for lesson in &source.activities {
        let mut missing = |kind: NameKind, name: &str, suggestions: Vec<Suggestion>| {
            let entry = unmatched
                .entry((kind, name_key(name)))
                .or_insert_with(|| Unmatched {
                    kind,
                    name: name.to_string(),
                    rows: Vec::new(),
                    suggestions,
                });
            if entry.rows.last() != Some(&lesson.row) {
                entry.rows.push(lesson.row);
            }
        };
        if lesson.week != SourceWeek::Every {
            let classes: Vec<ClassId> = lesson
                .students
                .iter()
                .filter_map(|set| {
                    match resolve(&index, names, NameKind::StudentSet, set, |n| {
                        index
                            .student_set(n, &lesson.subject, &source.parents)
                            .map(Target::Cohort)
                    }) {
                        Ok(Target::Cohort(c)) => Some(c.class()),
                        _ => None,
                    }
                })
                .collect();
            // Until the timetable keeps weeks A and B, such a lesson would stand every week:
            // refused, and the school's slots where it stands are kept.
            out.errors.push(RowError {
                row: lesson.row,
                column: Some("weeks".into()),
                problem: RowProblem::TwoWeekCycle {
                    week: lesson.week.label_ru().to_string(),
                },
            });
            out.left_out.push(LeftOut {
                row: lesson.row,
                weekday: lesson.day,
                number: match lesson.hour {
                    SourceHour::Number(n) => Some(n),
                    SourceHour::Times { .. } => None,
                },
                classes: classes.clone(),
                all_classes: classes.len() < lesson.students.len(),
            });
            continue;
        }
        if lesson.day.number_from_monday() > u32::from(week_days) {
            out.errors.push(RowError {
                row: lesson.row,
                column: Some("Day".into()),
                problem: RowProblem::DayOffWeek {
                    value: zvonok_core::model::weekday_ru(lesson.day).to_string(),
                    week_days,
                },
            });
            continue;
        }
        let number = lesson_number(&index, names, lesson, &mut out.errors, &mut missing);
        let subject = resolve(&index, names, NameKind::Subject, &lesson.subject, |n| {
            index.subject(n).map(Target::Subject)
        });
        let subject = match subject {
            Ok(Target::Subject(id)) => Some(id),
            Ok(_) => None,
            Err(s) => {
                missing(NameKind::Subject, &lesson.subject, s);
                None
            }
        };
        let mut teachers = Vec::new();
        for t in &lesson.teachers {
            match resolve(&index, names, NameKind::Teacher, t, |n| {
                index.teacher(n).map(Target::Staff)
            }) {
                Ok(Target::Staff(id)) => teachers.push(id),
                Ok(_) => {}
                Err(s) => missing(NameKind::Teacher, t, s),
            }
        }
        let mut cohorts = Vec::new();
        let mut all_sets = true;
        for set in &lesson.students {
            match resolve(&index, names, NameKind::StudentSet, set, |n| {
                index
                    .student_set(n, &lesson.subject, &source.parents)
                    .map(Target::Cohort)
            }) {
                Ok(Target::Cohort(c)) => cohorts.push(c),
                Ok(_) => all_sets = false,
                Err(s) => {
                    all_sets = false;
                    missing(NameKind::StudentSet, set, s);
                }
            }
        }
        match (number, subject) {
            (Some(number), Some(subject))
                if all_sets && teachers.len() == lesson.teachers.len() =>
            {
                let mut seen = std::collections::HashSet::new();
                cohorts.retain(|c| seen.insert(*c));
                out.lessons.push(MappedLesson {
                    row: lesson.row,
                    activity_id: lesson.activity_id.clone(),
                    weekday: lesson.day,
                    number,
                    cohorts,
                    subject,
                    teachers,
                    room: lesson.room.clone(),
                })
            }
            _ => out.left_out.push(LeftOut {
                row: lesson.row,
                weekday: lesson.day,
                number,
                classes: cohorts.iter().map(Cohort::class).collect(),
                all_classes: !all_sets,
            }),
        }
    }
    out.unmatched = unmatched
        .into_values()
        .map(|mut u| {
            u.rows.sort_unstable();
            u.rows.dedup();
            u
        })
        .collect();
    out.unmatched
        .sort_by_key(|u| (u.kind, u.rows.first().copied()));
    out
}

/// A remembered answer (when it still names something in the school), else `matcher`.
fn resolve(
    index: &SchoolIndex,
    names: &NameMap,
    kind: NameKind,
    name: &str,
    matcher: impl FnOnce(&str) -> Result<Target, Vec<Suggestion>>,
) -> Result<Target, Vec<Suggestion>> {
    match names.get(kind, name) {
        Some(t) if index.exists(t) => Ok(t),
        _ => matcher(name),
    }
}

/// The bell schedule's lesson number of a lesson's hour; a number outside the bells is a row
/// error, a time that matches no bell an unmatched name.
fn lesson_number(
    index: &SchoolIndex,
    names: &NameMap,
    lesson: &SourceLesson,
    errors: &mut Vec<RowError>,
    missing: &mut impl FnMut(NameKind, &str, Vec<Suggestion>),
) -> Option<u8> {
    let number = match &lesson.hour {
        SourceHour::Number(n) => *n,
        SourceHour::Times { start, end } => {
            let label = lesson.hour.label();
            match resolve(index, names, NameKind::Hour, &label, |_| {
                index.lesson_at(start, end).map(Target::Lesson)
            }) {
                Ok(Target::Lesson(n)) => n,
                Ok(_) => return None,
                Err(s) => {
                    missing(NameKind::Hour, &label, s);
                    return None;
                }
            }
        }
    };
    if index.has_lesson(number) {
        Some(number)
    } else {
        errors.push(RowError {
            row: lesson.row,
            column: Some("Hour".into()),
            problem: RowProblem::LessonNotInBells {
                number,
                known: index.bell_numbers(),
            },
        });
        None
    }
}
