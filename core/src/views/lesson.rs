//! One lesson as the teacher marks it: the class list with each student's attendance code and
//! the marks given in this lesson, plus topic and homework. A cell two devices wrote at the
//! same time carries the other value, so the teacher sees it and keeps one with a tap.

use serde::{Deserialize, Serialize};

use super::grid::{attendance_other, lesson_marks, GridLesson, GridMark};
use crate::doc::journal::{JournalConflicts, JournalData};
use crate::ids::{DocId, LessonId, StudentId, SubjectId};
use crate::marks::format_average;
use crate::rights::Cohort;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub student: StudentId,
    pub name: String,
    /// «Н», «Б», «УП», «ОП», or none (present).
    pub attendance: Option<String>,
    /// Marks given in this lesson.
    pub marks: Vec<GridMark>,
    /// Weighted average over the whole journal («4,33»).
    pub average: Option<String>,
    /// Absence codes another device wrote for this student and lesson at the same time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendance_other: Vec<String>,
}

impl SheetRow {
    /// Does anything on this row hold a concurrently written value?
    pub fn has_conflict(&self) -> bool {
        !self.attendance_other.is_empty() || self.marks.iter().any(|m| !m.value_other.is_empty())
    }
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonSheet {
    pub doc: DocId,
    pub title: String,
    pub cohort: Cohort,
    pub subject: SubjectId,
    pub locked: bool,
    pub lesson: GridLesson,
    pub rows: Vec<SheetRow>,
    /// May the reader write this journal? Set by whoever builds the view for a user.
    #[serde(default = "yes")]
    pub writable: bool,
}

impl LessonSheet {
    /// The sheet without conflict information (see [`LessonSheet::build_with`]).
    /// `None` when the journal has no such lesson.
    pub fn build(doc: DocId, j: &JournalData, lesson: LessonId) -> Option<Self> {
        Self::build_with(doc, j, &JournalConflicts::default(), lesson)
    }

    /// The sheet with the other values of concurrently written cells
    /// (`journal::read_conflicts`). `None` when the journal has no such lesson.
    pub fn build_with(
        doc: DocId,
        j: &JournalData,
        c: &JournalConflicts,
        lesson: LessonId,
    ) -> Option<Self> {
        let l = j.lessons.get(&lesson)?;
        let rows = j
            .students_in_order()
            .into_iter()
            .map(|(student, name)| SheetRow {
                student,
                name: name.to_string(),
                attendance: j
                    .attendance
                    .get(&(lesson, student))
                    .map(|c| c.code().to_string()),
                marks: lesson_marks(j, c, student, lesson),
                average: j.average_centi(student).map(format_average),
                attendance_other: attendance_other(c, lesson, student),
            })
            .collect();
        Some(LessonSheet {
            doc,
            title: j.meta.title.clone(),
            cohort: j.meta.cohort,
            subject: j.meta.subject,
            locked: j.locked,
            lesson: GridLesson::of(l, c),
            rows,
            writable: true,
        })
    }

    /// How many rows hold concurrently written values.
    pub fn conflicts(&self) -> usize {
        self.rows.iter().filter(|r| r.has_conflict()).count()
            + usize::from(!self.lesson.topic_other.is_empty())
            + usize::from(!self.lesson.homework_other.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use automerge::sync::{State, SyncDoc};
    use automerge::{ActorId, AutoCommit};

    use super::*;
    use crate::doc::journal::{apply, read_conflicts, JournalOp, JournalPermission};
    use crate::fixtures::tiny_journal;
    use crate::ids::MarkId;
    use crate::marks::{AbsenceCode, MarkValue};
    use crate::views::grid::JournalGrid;

    fn fork(doc: &mut AutoCommit, actor: u8) -> AutoCommit {
        doc.fork().with_actor(ActorId::from(&[actor; 16][..]))
    }

    fn write(doc: &mut AutoCommit, op: JournalOp) {
        apply(doc, &op, JournalPermission::default()).unwrap();
        doc.commit();
    }

    /// Both ways of getting changes across: merge, and the sync protocol devices use.
    fn exchange(a: &mut AutoCommit, b: &mut AutoCommit) {
        let (mut sa, mut sb) = (State::new(), State::new());
        for _ in 0..10 {
            let ma = a.sync().generate_sync_message(&mut sa);
            let mb = b.sync().generate_sync_message(&mut sb);
            if ma.is_none() && mb.is_none() {
                break;
            }
            if let Some(m) = ma {
                b.sync().receive_sync_message(&mut sb, m).unwrap();
            }
            if let Some(m) = mb {
                a.sync().receive_sync_message(&mut sa, m).unwrap();
            }
        }
    }

    #[test]
    fn concurrent_attendance_and_final_are_shown_until_rewritten() {
        let (data, lesson, student) = tiny_journal();
        let mut base = data.to_doc().unwrap();
        let (mut a, mut b) = (fork(&mut base, 1), fork(&mut base, 2));
        let att = |code| JournalOp::SetAttendance {
            lesson,
            student,
            code: Some(code),
        };
        let fin = |v| JournalOp::SetFinal {
            student,
            value: Some(v),
        };
        write(&mut a, att(AbsenceCode::Absent));
        write(&mut b, att(AbsenceCode::Ill));
        write(&mut a, fin(MarkValue::Points(5)));
        write(&mut b, fin(MarkValue::Points(4)));
        exchange(&mut a, &mut b);
        assert_eq!(a.get_heads(), b.get_heads());

        let doc_id = crate::ids::DocId::new();
        for d in [&a, &b] {
            let j = JournalData::from_doc(d).unwrap();
            let c = read_conflicts(d).unwrap();
            let sheet = LessonSheet::build_with(doc_id, &j, &c, lesson).unwrap();
            let row = &sheet.rows[0];
            let shown = row.attendance.clone().unwrap();
            let mut both = vec![shown.clone(), row.attendance_other.join("")];
            both.sort();
            assert_eq!(
                both,
                ["Б", "Н"],
                "shown {shown}, other {:?}",
                row.attendance_other
            );
            assert!(row.has_conflict());
            assert_eq!(sheet.conflicts(), 1);

            let grid = JournalGrid::build_with(doc_id, &j, &c);
            let g = &grid.rows[0];
            assert!(g.cells[0].has_conflict());
            assert_eq!(g.cells[0].attendance_other, row.attendance_other);
            let mut finals = vec![g.final_mark.clone().unwrap(), g.final_other.join("")];
            finals.sort();
            assert_eq!(finals, ["4", "5"]);
            assert_eq!(grid.conflicts(), 2);
            // Without conflict information nothing is reported.
            assert_eq!(JournalGrid::build(doc_id, &j).conflicts(), 0);
        }
        // Both devices show the same winner.
        let ja = JournalData::from_doc(&a).unwrap();
        let jb = JournalData::from_doc(&b).unwrap();
        assert_eq!(ja, jb);

        // The teacher keeps one value: a new write resolves the cell on every device.
        write(&mut a, att(AbsenceCode::Ill));
        write(&mut b, fin(MarkValue::Points(5)));
        exchange(&mut a, &mut b);
        for d in [&a, &b] {
            assert!(read_conflicts(d).unwrap().is_empty());
            let j = JournalData::from_doc(d).unwrap();
            assert_eq!(
                j.attendance.get(&(lesson, student)),
                Some(&AbsenceCode::Ill)
            );
            assert_eq!(j.finals.get(&student), Some(&MarkValue::Points(5)));
            let c = read_conflicts(d).unwrap();
            let sheet = LessonSheet::build_with(doc_id, &j, &c, lesson).unwrap();
            assert_eq!(sheet.conflicts(), 0);
        }
    }

    #[test]
    fn concurrent_mark_value_topic_and_homework() {
        let (data, lesson, student) = tiny_journal();
        let mut base = data.to_doc().unwrap();
        let id = MarkId::new();
        write(
            &mut base,
            JournalOp::GiveMark {
                id,
                lesson,
                student,
                value: MarkValue::Points(3),
                kind: "answer".into(),
                weight: 1,
                comment: String::new(),
            },
        );
        let (mut a, mut b) = (fork(&mut base, 1), fork(&mut base, 2));
        let edit = |v| JournalOp::EditMark {
            id,
            value: MarkValue::Points(v),
            kind: "answer".into(),
            weight: 1,
            comment: String::new(),
        };
        write(&mut a, edit(5));
        write(&mut b, edit(4));
        // The same value on both sides is not a conflict.
        for d in [&mut a, &mut b] {
            write(
                d,
                JournalOp::SetHomework {
                    lesson,
                    homework: "№ 1".into(),
                },
            );
        }
        write(
            &mut a,
            JournalOp::SetTopic {
                lesson,
                topic: "Дроби".into(),
            },
        );
        write(
            &mut b,
            JournalOp::SetTopic {
                lesson,
                topic: "Проценты".into(),
            },
        );
        a.merge(&mut b).unwrap();
        let c = read_conflicts(&a).unwrap();
        assert_eq!(c.mark_values.len(), 1);
        assert!(c.homework.is_empty());
        let j = JournalData::from_doc(&a).unwrap();
        let sheet = LessonSheet::build_with(crate::ids::DocId::new(), &j, &c, lesson).unwrap();
        let m = &sheet.rows[0].marks[0];
        let mut both = vec![m.value.clone(), m.value_other.join("")];
        both.sort();
        assert_eq!(both, ["4", "5"]);
        let mut topics = vec![
            sheet.lesson.topic.clone(),
            sheet.lesson.topic_other.join(""),
        ];
        topics.sort();
        assert_eq!(topics, ["Дроби", "Проценты"]);
        assert!(sheet.lesson.homework_other.is_empty());
        assert_eq!(sheet.conflicts(), 2);

        // Removing the mark resolves its conflict too.
        write(&mut a, JournalOp::RemoveMark { id });
        assert!(read_conflicts(&a).unwrap().mark_values.is_empty());
    }
}
