//! Which journals and dated lessons the timetable calls for (pure: no I/O, no documents).
//!
//! - [`plan_year`] / [`plan_period`]: for every cohort (class or group) and subject that has
//!   slots in the timetable, one journal per study period of the timetable's year, and in it a
//!   lesson for every date of the period whose weekday has a slot of that cohort and subject
//!   (the slot's lesson number; two slots on one day give two lessons), holidays of the year
//!   and days off (Sunday; Saturday in a five-day week) excluded.
//! - **Which periods a class studies by**: a year may hold quarters and half-years at once.
//!   One kind in the year: everyone studies by it. Several: grades 10–11 study by half-years
//!   when the year has them, the others by quarters when it has them, else by the first kind
//!   present (quarter, trimester, half-year) ([`period_kind_for`]).
//! - [`reconcile`]: an existing journal against its expected (date, number) set: the lessons
//!   to add, the empty lessons that no longer fit (they may be removed) and the lessons that no
//!   longer fit but hold attendance, marks, a topic or homework: these are never removed, they
//!   stay and are listed for the coordinator («не по расписанию»).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate};

use crate::calendar::is_weekend;
use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::ids::{LessonId, PeriodId, StaffId, SubjectId, YearId};
use crate::model::{PeriodKind, StudyPeriod};
use crate::rights::Cohort;
use crate::timetable_changes::{self, Changes};

/// A lesson's place: its date and lesson number.
pub type LessonSlot = (NaiveDate, u8);

/// One journal the timetable calls for, with the lessons it should hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedJournal {
    pub cohort: Cohort,
    pub subject: SubjectId,
    pub period: StudyPeriod,
    /// «5А · Математика · 1 четверть».
    pub title: String,
    pub lessons: BTreeSet<LessonSlot>,
    /// Lessons given by a substitute (changes by date, `crate::timetable_changes`).
    pub substitutes: BTreeMap<LessonSlot, StaffId>,
}

/// Is `date` a school day of `year`: not a day off by the school's week, not in its holidays?
pub fn is_school_day(school: &SchoolData, year: YearId, date: NaiveDate) -> bool {
    !is_weekend(date, school.week_days)
        && !school
            .holidays
            .values()
            .any(|h| h.year == year && h.contains(date))
}

/// The kind of study period a class of `grade` studies by in `year` (see the module docs);
/// `None` when the year has no periods.
pub fn period_kind_for(school: &SchoolData, year: YearId, grade: u8) -> Option<PeriodKind> {
    let kinds: BTreeSet<&'static str> = school
        .periods
        .values()
        .filter(|p| p.year == year)
        .map(|p| p.kind.as_str())
        .collect();
    let has = |k: PeriodKind| kinds.contains(k.as_str());
    if kinds.len() <= 1 {
        return kinds.iter().next().and_then(|k| PeriodKind::parse(k));
    }
    if grade >= 10 && has(PeriodKind::HalfYear) {
        return Some(PeriodKind::HalfYear);
    }
    [
        PeriodKind::Quarter,
        PeriodKind::Trimester,
        PeriodKind::HalfYear,
    ]
    .into_iter()
    .find(|k| has(*k))
}

/// «5А · Математика · 1 четверть».
pub fn journal_title(
    school: &SchoolData,
    cohort: &Cohort,
    subject: SubjectId,
    p: &StudyPeriod,
) -> String {
    let subject_name = school
        .subjects
        .get(&subject)
        .map(|s| s.name.as_str())
        .unwrap_or("");
    format!(
        "{} · {subject_name} · {}",
        school.cohort_name(cohort),
        p.title()
    )
}

/// The journals of one period: every cohort × subject with slots in `timetable` whose class
/// studies by this period's kind, each with its dated lessons.
pub fn plan_period(
    school: &SchoolData,
    timetable: &TimetableData,
    period: &StudyPeriod,
) -> Vec<PlannedJournal> {
    // (cohort, subject) → weekday → lesson numbers.
    let mut weekly: BTreeMap<(Cohort, SubjectId), BTreeMap<u32, BTreeSet<u8>>> = BTreeMap::new();
    for s in timetable.slots.values() {
        let Some(class) = school.classes.get(&s.cohort.class()) else {
            continue;
        };
        if period_kind_for(school, period.year, class.grade) != Some(period.kind) {
            continue;
        }
        if let Cohort::Group { group, .. } = s.cohort {
            if !school.groups.contains_key(&group) {
                continue;
            }
        }
        if !school.subjects.contains_key(&s.subject) {
            continue;
        }
        weekly
            .entry((s.cohort, s.subject))
            .or_default()
            .entry(s.weekday.num_days_from_monday())
            .or_default()
            .insert(s.number);
    }
    let mut out = Vec::new();
    for ((cohort, subject), days) in weekly {
        let mut lessons = BTreeSet::new();
        let mut d = period.start;
        while d <= period.end {
            if let Some(numbers) = days.get(&d.weekday().num_days_from_monday()) {
                if is_school_day(school, period.year, d) {
                    lessons.extend(numbers.iter().map(|n| (d, *n)));
                }
            }
            d += Duration::days(1);
        }
        out.push(PlannedJournal {
            cohort,
            subject,
            title: journal_title(school, &cohort, subject, period),
            period: period.clone(),
            lessons,
            substitutes: BTreeMap::new(),
        });
    }
    out
}

/// The journals of every period of the timetable's year.
pub fn plan_year(school: &SchoolData, timetable: &TimetableData) -> Vec<PlannedJournal> {
    let mut periods: Vec<&StudyPeriod> = school
        .periods
        .values()
        .filter(|p| p.year == timetable.year)
        .collect();
    periods.sort_by_key(|p| (p.start, p.kind.as_str(), p.number));
    periods
        .into_iter()
        .flat_map(|p| plan_period(school, timetable, p))
        .collect()
}

/// The journals of the timetable's year once its changes by date apply (cancelled lessons are
/// not planned, moved ones at their new date and number, substituted ones name the substitute).
pub fn plan_year_with_changes(
    school: &SchoolData,
    timetable: &TimetableData,
    changes: &Changes,
) -> Vec<PlannedJournal> {
    let mut plans = plan_year(school, timetable);
    timetable_changes::apply_to_plans(timetable, changes, &mut plans);
    plans
}

/// What a lesson holds that a teacher wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonContent {
    /// Attendance entries (absence codes) recorded for the lesson.
    pub attendance: usize,
    pub marks: usize,
    pub topic: bool,
    pub homework: bool,
}

impl LessonContent {
    pub fn is_empty(&self) -> bool {
        self.attendance == 0 && self.marks == 0 && !self.topic && !self.homework
    }

    /// «2 отметки, посещаемость, тема» — what the coordinator reads.
    pub fn describe_ru(&self) -> String {
        let mut parts = Vec::new();
        if self.marks > 0 {
            parts.push(format!("отметок: {}", self.marks));
        }
        if self.attendance > 0 {
            parts.push(format!("отметок посещаемости: {}", self.attendance));
        }
        if self.topic {
            parts.push("тема".to_string());
        }
        if self.homework {
            parts.push("домашнее задание".to_string());
        }
        parts.join(", ")
    }
}

/// What `lesson` of `journal` holds.
pub fn lesson_content(journal: &JournalData, lesson: LessonId) -> LessonContent {
    let l = journal.lessons.get(&lesson);
    LessonContent {
        attendance: journal
            .attendance
            .keys()
            .filter(|(id, _)| *id == lesson)
            .count(),
        marks: journal
            .marks
            .values()
            .filter(|m| m.lesson == lesson)
            .count(),
        topic: l.is_some_and(|l| !l.topic.trim().is_empty()),
        homework: l.is_some_and(|l| !l.homework.trim().is_empty()),
    }
}

/// How an existing journal differs from the lessons the timetable calls for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Expected lessons the journal lacks, in date order.
    pub add: Vec<LessonSlot>,
    /// Empty lessons that no longer fit (or repeat a date and number): may be removed.
    pub remove: Vec<LessonId>,
    /// Lessons that no longer fit but hold data: kept, listed for the coordinator.
    pub off_timetable: Vec<LessonId>,
}

impl Reconciled {
    /// Nothing to write.
    pub fn is_settled(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }
}

/// Compares `journal` with `expected`. A lesson at an expected (date, number) fits (lessons
/// with data first, then in id order; a second lesson at the same place does not fit). A
/// lesson that does not fit is removed only when it holds nothing and is dated `from` or
/// later; one with data is never removed. The past (before `from`) is history: no lesson is
/// added or removed there, but its lessons with data that do not fit are still listed.
pub fn reconcile(
    journal: &JournalData,
    expected: &BTreeSet<LessonSlot>,
    from: NaiveDate,
) -> Reconciled {
    let mut out = Reconciled::default();
    let mut present: BTreeSet<LessonSlot> = BTreeSet::new();
    // Lessons with data claim their place first, so an empty duplicate is the one removed.
    let mut ordered: Vec<(&LessonId, bool)> = journal
        .lessons
        .keys()
        .map(|id| (id, lesson_content(journal, *id).is_empty()))
        .collect();
    ordered.sort_by_key(|(id, empty)| (*empty, **id));
    for (id, empty) in ordered {
        let l = &journal.lessons[id];
        let place = (l.date, l.number);
        if expected.contains(&place) && present.insert(place) {
            continue;
        }
        if !empty {
            out.off_timetable.push(*id);
        } else if l.date >= from {
            out.remove.push(*id);
        }
    }
    out.add = expected
        .difference(&present)
        .filter(|(d, _)| *d >= from)
        .copied()
        .collect();
    out.remove.sort_by_key(|id| {
        let l = &journal.lessons[id];
        (l.date, l.number, *id)
    });
    out.off_timetable.sort_by_key(|id| {
        let l = &journal.lessons[id];
        (l.date, l.number, *id)
    });
    out
}

/// The planned journal for a journal's cohort, subject and period, if the timetable calls for
/// one.
pub fn find_planned<'a>(
    plans: &'a [PlannedJournal],
    cohort: &Cohort,
    subject: SubjectId,
    period: PeriodId,
) -> Option<&'a PlannedJournal> {
    plans
        .iter()
        .find(|p| p.cohort == *cohort && p.subject == subject && p.period.id == period)
}

#[cfg(test)]
mod tests;
