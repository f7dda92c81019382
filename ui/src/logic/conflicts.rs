//! Concurrent edits: when two devices wrote the same cell at the same time, the view model
//! carries the other value too. The screen says so («С другого устройства: Б») and offers one
//! button per value; a tap writes that value again, which resolves the conflict everywhere.

use fluent_bundle::FluentValue;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{LessonId, StudentId};
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::views::grid::{GridCell, GridMark};

use crate::i18n::{tr, Lang};

/// One value the teacher may keep, and the write that keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// As shown on the button («Н», «5», the text).
    pub value: String,
    /// The value shown now (the one normal reads return).
    pub current: bool,
    pub op: JournalOp,
}

fn shown_then_others<'a>(shown: Option<&'a str>, others: &'a [String]) -> Vec<(&'a str, bool)> {
    if others.is_empty() {
        return Vec::new();
    }
    let mut v: Vec<(&str, bool)> = shown.map(|s| (s, true)).into_iter().collect();
    v.extend(
        others
            .iter()
            .filter(|o| Some(o.as_str()) != shown)
            .map(|o| (o.as_str(), false)),
    );
    v
}

/// The attendance codes of a cell to choose from (none when there is no conflict).
pub fn attendance_choices(
    lesson: LessonId,
    student: StudentId,
    shown: Option<&str>,
    others: &[String],
) -> Vec<Choice> {
    shown_then_others(shown, others)
        .into_iter()
        .filter_map(|(v, current)| {
            let code: AbsenceCode = v.parse().ok()?;
            Some(Choice {
                value: code.code().to_string(),
                current,
                op: JournalOp::SetAttendance {
                    lesson,
                    student,
                    code: Some(code),
                },
            })
        })
        .collect()
}

/// The values of a mark to choose from: an edit that keeps kind, weight and comment.
pub fn mark_choices(m: &GridMark) -> Vec<Choice> {
    shown_then_others(Some(&m.value), &m.value_other)
        .into_iter()
        .filter_map(|(v, current)| {
            let value: MarkValue = v.parse().ok()?;
            Some(Choice {
                value: value.to_string(),
                current,
                op: JournalOp::EditMark {
                    id: m.id,
                    value,
                    kind: m.kind.clone(),
                    weight: m.weight,
                    comment: m.comment.clone(),
                },
            })
        })
        .collect()
}

/// The final marks of a student to choose from.
pub fn final_choices(student: StudentId, shown: Option<&str>, others: &[String]) -> Vec<Choice> {
    shown_then_others(shown, others)
        .into_iter()
        .filter_map(|(v, current)| {
            let value: MarkValue = v.parse().ok()?;
            Some(Choice {
                value: value.to_string(),
                current,
                op: JournalOp::SetFinal {
                    student,
                    value: Some(value),
                },
            })
        })
        .collect()
}

/// Topic or homework texts to choose from.
pub fn text_choices(lesson: LessonId, topic: bool, shown: &str, others: &[String]) -> Vec<Choice> {
    shown_then_others(Some(shown), others)
        .into_iter()
        .map(|(v, current)| Choice {
            value: v.to_string(),
            current,
            op: if topic {
                JournalOp::SetTopic {
                    lesson,
                    topic: v.to_string(),
                }
            } else {
                JournalOp::SetHomework {
                    lesson,
                    homework: v.to_string(),
                }
            },
        })
        .collect()
}

/// «С другого устройства: Б» (several values joined with « / »).
pub fn other_line(lang: Lang, others: &[String]) -> String {
    let value = FluentValue::from(others.join(" / "));
    tr(lang, "conflict-other", &[("value", value)])
}

/// The button that keeps one value: «Оставить Б».
pub fn keep_label(lang: Lang, value: &str) -> String {
    tr(
        lang,
        "conflict-keep",
        &[("value", FluentValue::from(value))],
    )
}

/// The tooltip of a grid cell that holds a conflict: what the other device wrote.
pub fn cell_note(lang: Lang, cell: &GridCell) -> Option<String> {
    let mut others: Vec<String> = cell.attendance_other.clone();
    for m in &cell.marks {
        others.extend(m.value_other.iter().cloned());
    }
    (!others.is_empty()).then(|| other_line(lang, &others))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::MarkId;

    #[test]
    fn attendance_shown_first_then_the_other_device() {
        let (l, s) = (LessonId::new(), StudentId::new());
        assert!(attendance_choices(l, s, Some("Н"), &[]).is_empty());
        let c = attendance_choices(l, s, Some("Н"), &["Б".into(), "??".into()]);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].value.as_str(), c[0].current), ("Н", true));
        assert_eq!((c[1].value.as_str(), c[1].current), ("Б", false));
        assert_eq!(
            c[1].op,
            JournalOp::SetAttendance {
                lesson: l,
                student: s,
                code: Some(AbsenceCode::Ill)
            }
        );
        assert_eq!(
            other_line(Lang::Ru, &["Б".into()]),
            "С другого устройства: Б"
        );
        assert_eq!(
            other_line(Lang::En, &["Б".into()]),
            "From another device: Б"
        );
        assert_eq!(keep_label(Lang::Ru, "Б"), "Оставить Б");
    }

    #[test]
    fn marks_finals_and_texts() {
        let m = GridMark {
            id: MarkId::new(),
            value: "5".into(),
            kind: "test".into(),
            weight: 3,
            comment: "устно".into(),
            value_other: vec!["4".into()],
        };
        let c = mark_choices(&m);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[1].op,
            JournalOp::EditMark {
                id: m.id,
                value: MarkValue::Points(4),
                kind: "test".into(),
                weight: 3,
                comment: "устно".into()
            }
        );
        let s = StudentId::new();
        let f = final_choices(s, Some("5"), &["4".into()]);
        assert_eq!(
            f.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(),
            ["5", "4"]
        );
        assert!(final_choices(s, Some("5"), &[]).is_empty());
        let l = LessonId::new();
        let t = text_choices(l, true, "Дроби", &["Проценты".into()]);
        assert_eq!(
            t[1].op,
            JournalOp::SetTopic {
                lesson: l,
                topic: "Проценты".into()
            }
        );
        let cell = GridCell {
            lesson: l,
            attendance: Some("Н".into()),
            marks: vec![m],
            attendance_other: vec!["Б".into()],
        };
        assert_eq!(
            cell_note(Lang::Ru, &cell).as_deref(),
            Some("С другого устройства: Б / 4")
        );
    }
}
