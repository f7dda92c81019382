//! Which lessons a feed holds (see the module docs of [`super`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{FeedLesson, FeedScope};
use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::ids::{PeriodId, StaffId, SubjectId};
use crate::lesson_plan::plan_year_with_changes;
use crate::rights::Cohort;
use crate::timetable_changes::{change_of, lessons_on, ChangeKind, Changes, DayLesson};

/// Who gives a lesson, where, and what shaped it.
struct Resolved {
    teacher: Option<StaffId>,
    co_teachers: Vec<StaffId>,
    regular: Option<StaffId>,
    regular_co: Vec<StaffId>,
    room: String,
    moved_from: Option<(NaiveDate, u8)>,
    note: String,
}

/// The timetable with its changes, and each date's lessons once they apply (computed once a
/// date).
struct Week<'a> {
    school: &'a SchoolData,
    timetable: Option<&'a TimetableData>,
    changes: &'a Changes,
    days: BTreeMap<NaiveDate, Vec<DayLesson>>,
}

impl Week<'_> {
    fn resolve(
        &mut self,
        cohort: &Cohort,
        subject: SubjectId,
        date: NaiveDate,
        number: u8,
    ) -> Resolved {
        if let Some(tt) = self.timetable {
            let changes = self.changes;
            let day = self
                .days
                .entry(date)
                .or_insert_with(|| lessons_on(tt, changes, date));
            if let Some(l) = day
                .iter()
                .find(|l| l.cohort == *cohort && l.subject == subject && l.number == number)
            {
                return Resolved {
                    teacher: Some(l.teacher),
                    co_teachers: l.co_teachers.clone(),
                    regular: Some(l.regular_teacher),
                    regular_co: l.regular_co_teachers.clone(),
                    room: l.room.clone(),
                    moved_from: l.moved_from,
                    note: l
                        .change
                        .and_then(|c| changes.get(&c))
                        .map(|c| c.note.clone())
                        .unwrap_or_default(),
                };
            }
            let any = tt
                .slots
                .values()
                .find(|s| s.cohort == *cohort && s.subject == subject);
            if let Some(s) = any {
                return Resolved {
                    teacher: Some(s.teacher),
                    co_teachers: s.co_teachers.clone(),
                    regular: Some(s.teacher),
                    regular_co: s.co_teachers.clone(),
                    room: String::new(),
                    moved_from: None,
                    note: String::new(),
                };
            }
        }
        let school = self.school;
        let year = self.timetable.map(|t| t.year).or(school.current_year);
        let assigned = school
            .assignments
            .values()
            .filter(|a| Some(a.year) == year)
            .find(|a| a.cohort == *cohort && a.subject == subject)
            .map(|a| a.teacher);
        Resolved {
            teacher: assigned,
            co_teachers: Vec::new(),
            regular: assigned,
            regular_co: Vec::new(),
            room: String::new(),
            moved_from: None,
            note: String::new(),
        }
    }
}

type Key = (NaiveDate, u8, Cohort, SubjectId);

/// Adds `l` if it belongs to `scope`: a teacher's feed takes the lessons they give (co-taught
/// ones too) and, as cancelled, their own lessons a substitute gives.
fn keep(out: &mut BTreeMap<Key, FeedLesson>, scope: &FeedScope, mut l: FeedLesson) {
    if let FeedScope::Teacher(me) = scope {
        if !l.given_by(*me) {
            if !l.replaced(*me) {
                return;
            }
            l.cancelled = true;
        }
    }
    out.insert((l.date, l.number, l.cohort, l.subject), l);
}

fn lesson(
    r: Resolved,
    date: NaiveDate,
    number: u8,
    cohort: Cohort,
    subject: SubjectId,
) -> FeedLesson {
    let substituted = r.regular.is_some_and(|reg| r.teacher != Some(reg));
    FeedLesson {
        date,
        number,
        cohort,
        subject,
        replaces: r.regular.filter(|_| substituted),
        also_replaces: if substituted {
            r.regular_co
        } else {
            Vec::new()
        },
        teacher: r.teacher,
        co_teachers: r.co_teachers,
        room: r.room,
        topic: String::new(),
        homework: String::new(),
        moved_from: r.moved_from,
        cancelled: false,
        note: r.note,
    }
}

/// The lessons of `scope` dated `from` to `to` (both included), in date and number order:
/// the journals' lessons, the planned ones of journals not open yet (after the changes by
/// date), and the lessons the changes cancel.
pub fn feed_lessons(
    school: &SchoolData,
    timetable: Option<&TimetableData>,
    changes: &Changes,
    journals: &[JournalData],
    scope: &FeedScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<FeedLesson> {
    let inside = |d: NaiveDate| from <= d && d <= to;
    let mut week = Week {
        school,
        timetable,
        changes,
        days: BTreeMap::new(),
    };
    let mut out: BTreeMap<Key, FeedLesson> = BTreeMap::new();
    let mut open: BTreeSet<(Cohort, SubjectId, PeriodId)> = BTreeSet::new();
    for j in journals {
        let m = &j.meta;
        if !scope.has_cohort(&m.cohort) {
            continue;
        }
        open.insert((m.cohort, m.subject, m.period));
        for l in j.lessons.values().filter(|l| inside(l.date)) {
            let mut r = week.resolve(&m.cohort, m.subject, l.date, l.number);
            if let Some(sub) = l.substitute.filter(|s| r.teacher != Some(*s)) {
                r.teacher = Some(sub);
                r.co_teachers.clear();
            }
            let mut fl = lesson(r, l.date, l.number, m.cohort, m.subject);
            fl.topic = l.topic.trim().to_string();
            fl.homework = l.homework.trim().to_string();
            keep(&mut out, scope, fl);
        }
    }
    let Some(tt) = timetable else {
        return out.into_values().collect();
    };
    // Plan only from the slots of this scope (a teacher's: theirs and those they substitute
    // in): a school's whole year is not needed.
    let substituting = |slot| {
        matches!(scope, FeedScope::Teacher(me) if changes.values().any(|c| {
            c.slot == slot && c.kind == ChangeKind::Substitute && c.teacher == Some(*me)
        }))
    };
    let mine = TimetableData {
        year: tt.year,
        slots: tt
            .slots
            .iter()
            .filter(|(id, s)| match scope {
                FeedScope::Teacher(staff) => s.taught_by(*staff) || substituting(**id),
                _ => scope.has_cohort(&s.cohort),
            })
            .map(|(id, s)| (*id, s.clone()))
            .collect(),
        versions: tt.versions.clone(),
        cycle_start: tt.cycle_start,
    };
    for plan in plan_year_with_changes(school, &mine, changes) {
        if plan.period.end < from
            || plan.period.start > to
            || open.contains(&(plan.cohort, plan.subject, plan.period.id))
        {
            continue;
        }
        for (date, number) in plan.lessons.iter().filter(|(d, _)| inside(*d)) {
            let r = week.resolve(&plan.cohort, plan.subject, *date, *number);
            let fl = lesson(r, *date, *number, plan.cohort, plan.subject);
            keep(&mut out, scope, fl);
        }
    }
    // Cancelled lessons: listed as such (a kept lesson with work in it is marked so).
    for c in changes.values().filter(|c| c.kind == ChangeKind::Cancel) {
        let Some(s) = mine.slots.get(&c.slot) else {
            continue;
        };
        let first = change_of(changes, c.slot, c.date).map(|f| f.id) == Some(c.id);
        if !inside(c.date) || s.weekday != c.date.weekday() || !first {
            continue;
        }
        let key = (c.date, s.number, s.cohort, s.subject);
        if let Some(kept) = out.get_mut(&key) {
            kept.cancelled = true;
            kept.note = c.note.clone();
            continue;
        }
        let cancelled = FeedLesson {
            date: c.date,
            number: s.number,
            cohort: s.cohort,
            subject: s.subject,
            teacher: Some(s.teacher),
            co_teachers: s.co_teachers.clone(),
            replaces: None,
            also_replaces: Vec::new(),
            room: s.room.clone(),
            topic: String::new(),
            homework: String::new(),
            moved_from: None,
            cancelled: true,
            note: c.note.clone(),
        };
        keep(&mut out, scope, cancelled);
    }
    out.into_values().collect()
}
