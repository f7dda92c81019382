//! The server's writes of a journal's lessons (`lessons{id:{date,number,topic,homework}}`,
//! see [`super::journal`]): lessons follow from the timetable (`crate::lesson_plan`), so only
//! the server adds them, and it removes only lessons that hold nothing. Devices never write
//! here (their changes to `lessons` other than `topic` and `homework` are refused).

use automerge::transaction::Transactable;
use automerge::AutoCommit;
use automerge::ROOT;
use chrono::NaiveDate;

use super::*;
use crate::error::DomainError;
use crate::ids::LessonId;

/// Adds an empty lesson on `date` with lesson `number` (server only). The caller commits.
pub fn add_lesson(
    doc: &mut AutoCommit,
    id: LessonId,
    date: NaiveDate,
    number: u8,
) -> Result<(), DomainError> {
    check_header(doc, DocKind::Journal)?;
    let lessons = need_map(doc, &ROOT, "lessons")?;
    let o = put_map(doc, &lessons, &id.to_string())?;
    doc.put(&o, "date", fmt_date(date))?;
    doc.put(&o, "number", i64::from(number))?;
    doc.put(&o, "topic", "")?;
    doc.put(&o, "homework", "")?;
    Ok(())
}

/// Removes a lesson (server only). Refused when anything refers to it or it holds a topic or
/// homework: work is never deleted. The caller commits.
pub fn remove_empty_lesson(doc: &mut AutoCommit, id: LessonId) -> Result<(), DomainError> {
    let data = super::journal::JournalData::from_doc(doc)?;
    if !data.lessons.contains_key(&id) {
        return Err(DomainError::NoSuchLesson);
    }
    if !crate::lesson_plan::lesson_content(&data, id).is_empty() {
        return Err(DomainError::Rule(
            "урок с посещаемостью, отметками, темой или заданием не удаляется".into(),
        ));
    }
    let lessons = need_map(doc, &ROOT, "lessons")?;
    doc.delete(&lessons, id.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::journal::{apply, JournalData, JournalOp, JournalPermission};
    use crate::fixtures::tiny_journal;

    #[test]
    fn a_lesson_is_added_and_an_empty_one_removed_but_never_one_with_a_topic() {
        let (data, old, _) = tiny_journal();
        let mut doc = data.to_doc().expect("doc");
        let new = LessonId::new();
        let date = NaiveDate::from_ymd_opt(2026, 9, 2).expect("date");
        add_lesson(&mut doc, new, date, 3).expect("add");
        doc.commit();
        let j = JournalData::from_doc(&doc).expect("read");
        assert_eq!(j.lessons[&new].date, date);
        assert_eq!(j.lessons[&new].number, 3);

        let op = JournalOp::SetTopic {
            lesson: old,
            topic: "Дроби".into(),
        };
        apply(&mut doc, &op, JournalPermission::default()).expect("topic");
        doc.commit();
        assert!(remove_empty_lesson(&mut doc, old).is_err());
        remove_empty_lesson(&mut doc, new).expect("empty goes");
        doc.commit();
        let j = JournalData::from_doc(&doc).expect("read");
        assert_eq!(j.lessons.keys().copied().collect::<Vec<_>>(), vec![old]);
    }
}
