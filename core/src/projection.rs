//! Projections: the read-only views parents and students get, derived from the staff documents
//! they never receive. Pure functions over plain data; the server computes them, the device
//! caches them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doc::journal::JournalData;
use crate::doc::roster::RosterData;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::doc::timetable_changes::{ChangeKind, Changes};
use crate::ids::*;
use crate::marks::{format_average, weighted_average_centi, work_kind, AbsenceCode, MarkValue};
use crate::model::{weekday_ru, Slot};
use crate::rights::Cohort;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryMark {
    pub date: NaiveDate,
    pub value: String,
    pub kind: String,
    pub kind_title: String,
    pub weight: u8,
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectSummary {
    pub subject: SubjectId,
    pub name: String,
    pub teacher: String,
    pub marks: Vec<SummaryMark>,
    /// Weighted average in hundredths (433 = 4,33).
    pub average_centi: Option<u32>,
    /// «4,33»
    pub average: Option<String>,
    /// Final mark of the period, if set.
    pub final_mark: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceEntry {
    pub date: NaiveDate,
    pub number: u8,
    pub subject: String,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeworkEntry {
    pub date: NaiveDate,
    pub number: u8,
    pub subject: String,
    pub topic: String,
    pub homework: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableEntry {
    /// 1 = Monday.
    pub weekday: u8,
    pub weekday_name: String,
    pub number: u8,
    pub start: String,
    pub end: String,
    pub subject: String,
    pub teacher: String,
    pub room: String,
}

/// A change of one of the student's lessons on one date: cancelled, moved, or given by a
/// substitute (`crate::timetable_changes`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEntry {
    /// The date the lesson was to take place, and its number.
    pub date: NaiveDate,
    pub number: u8,
    pub subject: String,
    pub kind: ChangeKind,
    /// A moved lesson's new date and number.
    pub to_date: Option<NaiveDate>,
    pub to_number: Option<u8>,
    /// Who gives a substituted lesson («Петрова М. И.»).
    pub teacher: String,
    /// Another room, if the change names one.
    pub room: String,
    pub note: String,
}

/// Everything a parent or student sees about one student for one study period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentSummary {
    pub student: StudentId,
    pub name: String,
    pub class_name: String,
    pub school: String,
    pub period: Option<String>,
    pub subjects: Vec<SubjectSummary>,
    pub attendance: Vec<AttendanceEntry>,
    /// Counts by absence code («Н» → 2).
    pub attendance_counts: BTreeMap<String, u32>,
    pub homework: Vec<HomeworkEntry>,
    pub timetable: Vec<TimetableEntry>,
    /// Changes of the student's lessons from today over the coming days, by date.
    #[serde(default)]
    pub changes: Vec<ChangeEntry>,
}

/// Inputs of [`student_summary`]: the journals are those of the student's class and groups.
pub struct SummaryInput<'a> {
    pub school: &'a SchoolData,
    pub roster: &'a RosterData,
    pub timetable: Option<&'a TimetableData>,
    pub journals: &'a [JournalData],
    /// The period to summarise; `None` means every journal given.
    pub period: Option<PeriodId>,
    /// Homework shown for lessons in this date range (inclusive).
    pub homework_from: NaiveDate,
    pub homework_to: NaiveDate,
    /// The timetable's changes by date; those touching `changes_from..=changes_to` are shown.
    pub changes: Option<&'a Changes>,
    pub changes_from: NaiveDate,
    pub changes_to: NaiveDate,
}

pub fn student_summary(student: StudentId, input: &SummaryInput<'_>) -> Option<StudentSummary> {
    let s = input.roster.students.get(&student)?;
    let school = input.school;
    let class_name = school
        .classes
        .get(&input.roster.class)
        .map(|c| c.name())
        .unwrap_or_default();
    let groups: Vec<GroupId> = input
        .roster
        .group_members
        .iter()
        .filter(|(_, st)| *st == student)
        .map(|(g, _)| *g)
        .collect();
    let in_cohort = |c: &Cohort| match c {
        Cohort::Class(cl) => *cl == input.roster.class,
        Cohort::Group { group, .. } => groups.contains(group),
    };
    let subject_name = |id: &SubjectId| {
        school
            .subjects
            .get(id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let teacher_of = |cohort: &Cohort, subject: &SubjectId| {
        school
            .assignments
            .values()
            .find(|a| a.cohort == *cohort && a.subject == *subject)
            .and_then(|a| school.staff.get(&a.teacher))
            .map(|t| t.short_name())
            .unwrap_or_default()
    };

    let mut subjects: BTreeMap<SubjectId, SubjectSummary> = BTreeMap::new();
    let mut attendance = Vec::new();
    let mut homework = Vec::new();
    for j in input.journals {
        if !in_cohort(&j.meta.cohort) || !j.students.contains_key(&student) {
            continue;
        }
        if input.period.is_some_and(|p| p != j.meta.period) {
            continue;
        }
        let name = subject_name(&j.meta.subject);
        let entry = subjects
            .entry(j.meta.subject)
            .or_insert_with(|| SubjectSummary {
                subject: j.meta.subject,
                name: name.clone(),
                teacher: teacher_of(&j.meta.cohort, &j.meta.subject),
                marks: Vec::new(),
                average_centi: None,
                average: None,
                final_mark: None,
            });
        for m in j.marks_of(student) {
            let Some(lesson) = j.lessons.get(&m.lesson) else {
                continue;
            };
            entry.marks.push(SummaryMark {
                date: lesson.date,
                value: m.value.to_string(),
                kind: m.kind.clone(),
                kind_title: work_kind(&m.kind)
                    .map(|k| k.title_ru.to_string())
                    .unwrap_or_default(),
                weight: m.weight,
                comment: m.comment.clone(),
            });
        }
        if let Some(f) = j.finals.get(&student) {
            entry.final_mark = Some(f.to_string());
        }
        for ((l, st), code) in &j.attendance {
            if *st != student {
                continue;
            }
            if let Some(lesson) = j.lessons.get(l) {
                attendance.push(AttendanceEntry {
                    date: lesson.date,
                    number: lesson.number,
                    subject: name.clone(),
                    code: code.code().to_string(),
                });
            }
        }
        for l in j.lessons.values() {
            if l.date >= input.homework_from
                && l.date <= input.homework_to
                && !l.homework.is_empty()
            {
                homework.push(HomeworkEntry {
                    date: l.date,
                    number: l.number,
                    subject: name.clone(),
                    topic: l.topic.clone(),
                    homework: l.homework.clone(),
                });
            }
        }
    }
    let mut subjects: Vec<SubjectSummary> = subjects.into_values().collect();
    for sub in &mut subjects {
        sub.marks.sort_by_key(|m| m.date);
        let parsed = sub
            .marks
            .iter()
            .filter_map(|m| Some((m.value.parse::<MarkValue>().ok()?, m.weight)));
        sub.average_centi = weighted_average_centi(parsed);
        sub.average = sub.average_centi.map(format_average);
    }
    subjects.sort_by(|a, b| a.name.cmp(&b.name));
    attendance.sort_by_key(|a| (a.date, a.number));
    homework.sort_by_key(|h| (h.date, h.number));
    let mut attendance_counts = BTreeMap::new();
    for code in AbsenceCode::ALL {
        let n = attendance.iter().filter(|a| a.code == code.code()).count() as u32;
        attendance_counts.insert(code.code().to_string(), n);
    }

    let mut timetable: Vec<TimetableEntry> = input
        .timetable
        .map(|t| {
            t.slots
                .values()
                .filter(|sl| in_cohort(&sl.cohort))
                .map(|sl| timetable_entry(school, sl))
                .collect()
        })
        .unwrap_or_default();
    timetable.sort_by_key(|t| (t.weekday, t.number));
    let mut changes = Vec::new();
    if let (Some(t), Some(all)) = (input.timetable, input.changes) {
        let range = input.changes_from..=input.changes_to;
        for c in all.values() {
            let Some(sl) = t.slots.get(&c.slot) else {
                continue;
            };
            let to_date = (c.kind == ChangeKind::Move).then(|| c.to_date.unwrap_or(c.date));
            let shown = range.contains(&c.date) || to_date.is_some_and(|d| range.contains(&d));
            if !shown || !in_cohort(&sl.cohort) {
                continue;
            }
            changes.push(ChangeEntry {
                date: c.date,
                number: sl.number,
                subject: subject_name(&sl.subject),
                kind: c.kind,
                to_date,
                to_number: (c.kind == ChangeKind::Move).then(|| c.to_number.unwrap_or(sl.number)),
                teacher: c
                    .teacher
                    .filter(|_| c.kind == ChangeKind::Substitute)
                    .and_then(|t| school.staff.get(&t))
                    .map(|t| t.short_name())
                    .unwrap_or_default(),
                room: c.room.clone(),
                note: c.note.clone(),
            });
        }
    }
    changes.sort_by(|a, b| (a.date, a.number, &a.subject).cmp(&(b.date, b.number, &b.subject)));

    Some(StudentSummary {
        student,
        name: s.full_name(),
        class_name,
        school: school.card.short_name.clone(),
        period: input
            .period
            .and_then(|p| school.periods.get(&p))
            .map(|p| p.title()),
        subjects,
        attendance,
        attendance_counts,
        homework,
        timetable,
        changes,
    })
}

fn timetable_entry(school: &SchoolData, sl: &Slot) -> TimetableEntry {
    let bell = school.bell(sl.number);
    TimetableEntry {
        weekday: sl.weekday.number_from_monday() as u8,
        weekday_name: weekday_ru(sl.weekday).to_string(),
        number: sl.number,
        start: bell.map(|b| b.start.clone()).unwrap_or_default(),
        end: bell.map(|b| b.end.clone()).unwrap_or_default(),
        subject: school
            .subjects
            .get(&sl.subject)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        // A co-taught lesson names every teacher, the lead first.
        teacher: sl
            .teachers()
            .filter_map(|t| school.staff.get(&t).map(|t| t.short_name()))
            .collect::<Vec<_>>()
            .join(", "),
        room: sl.room.clone(),
    }
}
