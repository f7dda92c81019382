//! A teacher's day: the timetable's lessons for a date with bell times and what the journal
//! already holds for each.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::doc::journal::{JournalData, JournalMeta};
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::ids::{DocId, LessonId, StaffId, SubjectId};
use crate::model::Slot;
use crate::rights::Cohort;
use crate::timetable_changes::{lessons_on, ChangeKind, Changes, LessonChange};

/// One lesson of the user's day, from the timetable and the journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayLesson {
    pub date: NaiveDate,
    pub number: u8,
    /// Bell times, "08:30".
    pub start: String,
    pub end: String,
    pub cohort: Cohort,
    /// «5А» or «5А · Группа 1».
    pub cohort_name: String,
    pub subject: SubjectId,
    pub subject_name: String,
    pub room: String,
    /// The journal holding this lesson, if there is one.
    pub journal: Option<DocId>,
    /// The journal's lesson for this date and number, if the server created it.
    pub lesson: Option<LessonId>,
    pub topic: String,
    pub homework: String,
    /// Students with an absence code recorded for this lesson.
    pub absences: usize,
    /// Marks given in this lesson.
    pub marks: usize,
    pub students: usize,
    /// Has anything about attendance been entered for this lesson?
    pub attendance_filled: bool,
    pub topic_filled: bool,
    pub homework_filled: bool,
    /// The change of the timetable that concerns this lesson on this date, if any.
    #[serde(default)]
    pub change: Option<ChangeKind>,
    /// Who gives the lesson instead of its teacher («Петрова М. И.»), for a substitution.
    #[serde(default)]
    pub substitute: Option<String>,
    /// Whom the user replaces («Иванова А. П.»), when the user is the substitute.
    #[serde(default)]
    pub replaces: Option<String>,
    /// Where a moved lesson came from (date, lesson number).
    #[serde(default)]
    pub moved_from: Option<(NaiveDate, u8)>,
    /// The user's own lesson that does not take place for them (cancelled, or given to a
    /// substitute): shown, not to be marked.
    #[serde(default)]
    pub not_mine: bool,
    /// The change's note.
    #[serde(default)]
    pub note: String,
}

/// The lessons `staff` teaches on `date`, once the changes by date apply: their own lessons
/// (a substituted or cancelled one stays listed, `not_mine`, with who gives it), the lessons
/// they substitute (`replaces`) and lessons moved to this date (`moved_from`). `journals`
/// lists the journals at hand with their headers; `load` reads one of them in full (it may
/// fail, then the lesson shows no data).
pub fn today_lessons(
    school: &SchoolData,
    timetable: &TimetableData,
    changes: &Changes,
    staff: StaffId,
    date: NaiveDate,
    journals: &[(DocId, JournalMeta)],
    mut load: impl FnMut(DocId) -> Option<JournalData>,
) -> Vec<TodayLesson> {
    let period = school.period_at(date).map(|p| p.id);
    let name = |t: StaffId| school.staff.get(&t).map(|s| s.short_name());
    let mut out = Vec::new();
    let mut rows: Vec<(Slot, Option<&LessonChange>, bool)> = Vec::new();
    for l in lessons_on(timetable, changes, date) {
        // Co-taught lessons count for each of their teachers.
        if !l.involves(staff) {
            continue;
        }
        let Some(s) = timetable.slots.get(&l.slot) else {
            continue;
        };
        let slot = Slot {
            number: l.number,
            room: l.room.clone(),
            teacher: l.teacher,
            co_teachers: l.co_teachers.clone(),
            ..s.clone()
        };
        let mine = l.teachers().any(|t| t == staff);
        rows.push((slot, l.change.and_then(|c| changes.get(&c)), !mine));
    }
    for c in changes
        .values()
        .filter(|c| c.date == date && c.kind == ChangeKind::Cancel)
    {
        if let Some(s) = timetable.slots.get(&c.slot) {
            if s.taught_by(staff) && s.weekday == date.weekday() {
                rows.push((s.clone(), Some(c), true));
            }
        }
    }
    rows.sort_by_key(|(s, _, _)| (s.number, s.cohort));
    for (slot, change, not_mine) in rows {
        // Whom a substitute replaces: every teacher of the slot.
        let regular = timetable
            .slots
            .get(&slot.id)
            .map(|s| s.teachers().filter_map(name).collect::<Vec<_>>().join(", "));
        let bell = school.bell(slot.number);
        let journal = journals
            .iter()
            .find(|(_, m)| {
                m.cohort == slot.cohort
                    && m.subject == slot.subject
                    && (Some(m.period) == period || (m.start <= date && date <= m.end))
            })
            .map(|(id, _)| *id);
        let mut row = TodayLesson {
            date,
            number: slot.number,
            start: bell.map(|b| b.start.clone()).unwrap_or_default(),
            end: bell.map(|b| b.end.clone()).unwrap_or_default(),
            cohort: slot.cohort,
            cohort_name: school.cohort_name(&slot.cohort),
            subject: slot.subject,
            subject_name: school
                .subjects
                .get(&slot.subject)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            room: slot.room.clone(),
            journal,
            lesson: None,
            topic: String::new(),
            homework: String::new(),
            absences: 0,
            marks: 0,
            students: 0,
            attendance_filled: false,
            topic_filled: false,
            homework_filled: false,
            change: change.map(|c| c.kind),
            substitute: change
                .filter(|c| c.kind == ChangeKind::Substitute)
                .and_then(|c| c.teacher)
                .filter(|t| *t != staff)
                .and_then(name),
            replaces: change
                .filter(|c| c.kind == ChangeKind::Substitute && c.teacher == Some(staff))
                .and(regular)
                .filter(|n| !n.is_empty()),
            moved_from: change
                .filter(|c| c.kind == ChangeKind::Move)
                .and_then(|c| Some((c.date, timetable.slots.get(&c.slot)?.number))),
            not_mine,
            note: change.map(|c| c.note.clone()).unwrap_or_default(),
        };
        if let Some(data) = journal.and_then(&mut load) {
            row.students = data.students.len();
            if let Some(l) = data.lesson_on(date, slot.number) {
                row.lesson = Some(l.id);
                row.topic = l.topic.clone();
                row.homework = l.homework.clone();
                row.absences = data
                    .attendance
                    .keys()
                    .filter(|(lid, _)| *lid == l.id)
                    .count();
                row.marks = data.marks.values().filter(|m| m.lesson == l.id).count();
                row.attendance_filled = row.absences > 0;
                row.topic_filled = !l.topic.trim().is_empty();
                row.homework_filled = !l.homework.trim().is_empty();
            }
        }
        out.push(row);
    }
    out
}
