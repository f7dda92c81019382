//! A substitute's writes in a journal: a teacher given a lesson by a change of the timetable
//! (`crate::timetable_changes`) may write that lesson's attendance, marks, topic and homework,
//! and nothing else of the journal (no other lesson, no final marks, no lock).
//!
//! The lesson names its substitute in `lessons/<id>/substitute`, written by the server only
//! ([`set_substitute`], from the changes by date); devices cannot write it (the journal's
//! `Touched` forbids every lesson field but `topic` and `homework`). The device checks an
//! operation with [`check_op`] (from `journal::check` when `JournalPermission::substitute` is
//! set); the server checks what an incoming change touched with [`check_touched`], so a forged
//! change that writes another lesson is refused with the same message.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

use super::journal::{read_mark, JournalOp, Touched};
use super::school::parse_id;
use super::*;
use crate::error::{DomainError, RefusalKind};
use crate::ids::{LessonId, MarkId, StaffId};

/// The message of every refusal: what the substitute may write and what to do.
pub const ONLY_THAT_LESSON: &str = "Вы замещаете в этом журнале отдельные уроки и можете \
     писать только в них (посещаемость, отметки, тема и задание этих уроков). Этот урок ведёт \
     учитель по расписанию: обратитесь к нему или к заместителю директора.";

fn refused() -> DomainError {
    DomainError::refused(RefusalKind::Rule, ONLY_THAT_LESSON)
}

/// The substitute named by `lesson`, if any.
pub fn lesson_substitute(doc: &AutoCommit, lesson: LessonId) -> Option<StaffId> {
    let lessons = get_map(doc, &ROOT, "lessons")?;
    let o = get_map(doc, &lessons, &lesson.to_string())?;
    get_parsed(doc, &o, "substitute")
}

fn mark_lesson(doc: &AutoCommit, id: MarkId) -> Option<LessonId> {
    let marks = get_map(doc, &ROOT, "marks")?;
    read_mark(doc, &marks, id).ok().map(|m| m.lesson)
}

fn own(doc: &AutoCommit, lesson: Option<LessonId>, staff: StaffId) -> Result<(), DomainError> {
    match lesson {
        Some(l) if lesson_substitute(doc, l) == Some(staff) => Ok(()),
        _ => Err(refused()),
    }
}

/// May substitute `staff` perform `op` in this journal?
pub fn check_op(doc: &AutoCommit, op: &JournalOp, staff: StaffId) -> Result<(), DomainError> {
    match op {
        JournalOp::SetAttendance { lesson, .. }
        | JournalOp::GiveMark { lesson, .. }
        | JournalOp::SetTopic { lesson, .. }
        | JournalOp::SetHomework { lesson, .. } => own(doc, Some(*lesson), staff),
        JournalOp::EditMark { id, .. } | JournalOp::RemoveMark { id } => {
            own(doc, mark_lesson(doc, *id), staff)
        }
        JournalOp::SetFinal { .. } | JournalOp::Lock | JournalOp::Unlock => Err(refused()),
    }
}

/// Did an incoming change of substitute `staff` touch only the lessons they substitute?
/// `before` is the document before the change (a mark moved from another lesson counts).
pub(crate) fn check_touched(
    doc: &AutoCommit,
    before: &AutoCommit,
    t: &Touched,
    staff: StaffId,
) -> Result<(), DomainError> {
    if !t.finals.is_empty() || t.lock {
        return Err(refused());
    }
    for key in &t.attendance {
        let lesson = key.split_once('/').and_then(|(l, _)| l.parse().ok());
        own(doc, lesson, staff)?;
    }
    for key in &t.marks {
        let id: MarkId = parse_id(key)?;
        let after = mark_lesson(doc, id);
        let was = mark_lesson(before, id);
        if after.is_none() && was.is_none() {
            return Err(refused());
        }
        for l in [after, was].into_iter().flatten() {
            own(doc, Some(l), staff)?;
        }
    }
    for (l, _) in &t.lesson_fields {
        own(doc, l.parse().ok(), staff)?;
    }
    Ok(())
}

/// Sets or clears the substitute of a lesson (server only). Writes nothing when it already
/// holds that value; returns whether it wrote. The caller commits.
pub fn set_substitute(
    doc: &mut AutoCommit,
    lesson: LessonId,
    staff: Option<StaffId>,
) -> Result<bool, DomainError> {
    if lesson_substitute(doc, lesson) == staff {
        return Ok(false);
    }
    let lessons = need_map(doc, &ROOT, "lessons")?;
    let o = get_map(doc, &lessons, &lesson.to_string()).ok_or(DomainError::NoSuchLesson)?;
    match staff {
        Some(s) => doc.put(&o, "substitute", s.to_string())?,
        None => doc.delete(&o, "substitute")?,
    }
    Ok(true)
}
