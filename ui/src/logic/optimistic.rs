//! Operations still waiting in the browser's queue, applied to the view model the server (or
//! the cache) returned, so the screen shows what the teacher did even before it is sent.

use zvonok_core::doc::journal::JournalOp;
use zvonok_core::views::grid::{GridLesson, GridMark, JournalGrid};
use zvonok_core::views::lesson::LessonSheet;

fn apply_lesson(l: &mut GridLesson, op: &JournalOp) {
    match op {
        JournalOp::SetTopic { lesson, topic } if *lesson == l.id => {
            l.topic = topic.clone();
            l.topic_other.clear();
        }
        JournalOp::SetHomework { lesson, homework } if *lesson == l.id => {
            l.homework = homework.clone();
            l.homework_other.clear();
        }
        _ => {}
    }
}

/// Applies an op to a list of marks of one student in one lesson.
fn apply_marks(marks: &mut Vec<GridMark>, op: &JournalOp) {
    match op {
        JournalOp::EditMark {
            id,
            value,
            kind,
            weight,
            comment,
        } => {
            if let Some(m) = marks.iter_mut().find(|m| m.id == *id) {
                m.value = value.to_string();
                m.kind = kind.clone();
                m.weight = *weight;
                m.comment = comment.clone();
                m.value_other.clear();
            }
        }
        JournalOp::RemoveMark { id } => marks.retain(|m| m.id != *id),
        _ => {}
    }
}

fn new_mark(op: &JournalOp) -> Option<GridMark> {
    match op {
        JournalOp::GiveMark {
            id,
            value,
            kind,
            weight,
            comment,
            ..
        } => Some(GridMark {
            id: *id,
            value: value.to_string(),
            kind: kind.clone(),
            weight: *weight,
            comment: comment.clone(),
            value_other: Vec::new(),
        }),
        _ => None,
    }
}

/// Applies one waiting operation to a lesson sheet.
pub fn apply_to_sheet(sheet: &mut LessonSheet, op: &JournalOp) {
    apply_lesson(&mut sheet.lesson, op);
    let this = sheet.lesson.id;
    for row in &mut sheet.rows {
        match op {
            JournalOp::SetAttendance {
                lesson,
                student,
                code,
            } if *lesson == this && *student == row.student => {
                row.attendance = code.map(|c| c.code().to_string());
                row.attendance_other.clear();
            }
            JournalOp::GiveMark {
                id,
                lesson,
                student,
                ..
            } if *lesson == this
                && *student == row.student
                && !row.marks.iter().any(|m| m.id == *id) =>
            {
                row.marks.extend(new_mark(op));
            }
            _ => apply_marks(&mut row.marks, op),
        }
    }
}

/// Applies one waiting operation to a journal grid.
pub fn apply_to_grid(grid: &mut JournalGrid, op: &JournalOp) {
    for l in &mut grid.lessons {
        apply_lesson(l, op);
    }
    for row in &mut grid.rows {
        if let JournalOp::SetFinal { student, value } = op {
            if *student == row.student {
                row.final_mark = value.map(|v| v.to_string());
                row.final_other.clear();
            }
            continue;
        }
        for cell in &mut row.cells {
            match op {
                JournalOp::SetAttendance {
                    lesson,
                    student,
                    code,
                } if *lesson == cell.lesson && *student == row.student => {
                    cell.attendance = code.map(|c| c.code().to_string());
                    cell.attendance_other.clear();
                }
                JournalOp::GiveMark {
                    id,
                    lesson,
                    student,
                    ..
                } if *lesson == cell.lesson
                    && *student == row.student
                    && !cell.marks.iter().any(|m| m.id == *id) =>
                {
                    cell.marks.extend(new_mark(op));
                }
                _ => apply_marks(&mut cell.marks, op),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::doc::journal::{apply, read_conflicts, JournalData, JournalPermission};
    use zvonok_core::fixtures::tiny_journal;
    use zvonok_core::ids::{DocId, MarkId};
    use zvonok_core::marks::{AbsenceCode, MarkValue};

    /// Applying the ops to the view equals building the view after applying them to the doc.
    #[test]
    fn same_as_the_journal_would_show() {
        let (data, lesson, student) = tiny_journal();
        let id = DocId::new();
        let mark = MarkId::new();
        let ops = vec![
            JournalOp::SetAttendance {
                lesson,
                student,
                code: Some(AbsenceCode::Late),
            },
            JournalOp::GiveMark {
                id: mark,
                lesson,
                student,
                value: MarkValue::Points(4),
                kind: "answer".into(),
                weight: 1,
                comment: String::new(),
            },
            JournalOp::EditMark {
                id: mark,
                value: MarkValue::Points(5),
                kind: "test".into(),
                weight: 3,
                comment: String::new(),
            },
            JournalOp::SetTopic {
                lesson,
                topic: "Дроби".into(),
            },
            JournalOp::SetHomework {
                lesson,
                homework: "№ 5".into(),
            },
            JournalOp::SetFinal {
                student,
                value: Some(MarkValue::Points(5)),
            },
        ];
        let mut sheet = LessonSheet::build(id, &data, lesson).unwrap();
        let mut grid = JournalGrid::build(id, &data);
        let mut doc = data.to_doc().unwrap();
        for op in &ops {
            apply_to_sheet(&mut sheet, op);
            apply_to_grid(&mut grid, op);
            apply(&mut doc, op, JournalPermission::default()).unwrap();
        }
        let after = JournalData::from_doc(&doc).unwrap();
        let c = read_conflicts(&doc).unwrap();
        let want_sheet = LessonSheet::build_with(id, &after, &c, lesson).unwrap();
        let want_grid = JournalGrid::build_with(id, &after, &c);
        assert_eq!(sheet.rows[0].attendance, want_sheet.rows[0].attendance);
        assert_eq!(sheet.rows[0].marks, want_sheet.rows[0].marks);
        assert_eq!(sheet.lesson, want_sheet.lesson);
        assert_eq!(grid.rows[0].cells, want_grid.rows[0].cells);
        assert_eq!(grid.rows[0].final_mark, want_grid.rows[0].final_mark);
        assert_eq!(grid.lessons, want_grid.lessons);

        let remove = JournalOp::RemoveMark { id: mark };
        apply_to_sheet(&mut sheet, &remove);
        apply_to_grid(&mut grid, &remove);
        assert!(sheet.rows[0].marks.is_empty());
        assert!(grid.rows[0].cells[0].marks.is_empty());
    }
}
