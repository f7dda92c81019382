//! The server's one write of a journal's student list: after an order moved a student into a
//! class, the server adds them to the journals of that class's current and later periods
//! (`students{id:{name}}`, see [`super::journal`]). Nobody is removed: a student who left keeps
//! their marks readable in the old journals.

use automerge::transaction::Transactable;
use automerge::AutoCommit;
use automerge::ROOT;

use super::*;
use crate::error::DomainError;
use crate::ids::StudentId;

/// Adds `student` with `name` to the journal's students (server only); `false` when the
/// journal already lists them. The caller commits.
pub fn add_student(
    doc: &mut AutoCommit,
    student: StudentId,
    name: &str,
) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Journal)?;
    let students = need_map(doc, &ROOT, "students")?;
    if get_map(doc, &students, &student.to_string()).is_some() {
        return Ok(false);
    }
    let o = put_map(doc, &students, &student.to_string())?;
    doc.put(&o, "name", name.trim())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::journal::JournalData;
    use crate::fixtures::tiny_journal;

    #[test]
    fn a_student_is_added_once() {
        let (data, _, _) = tiny_journal();
        let mut doc = data.to_doc().expect("doc");
        let s = StudentId::new();
        assert!(add_student(&mut doc, s, " Новиков Борис ").expect("add"));
        assert!(!add_student(&mut doc, s, "Новиков Борис").expect("again"));
        doc.commit();
        let j = JournalData::from_doc(&doc).expect("read");
        assert_eq!(
            j.students.get(&s).map(String::as_str),
            Some("Новиков Борис")
        );
    }
}
