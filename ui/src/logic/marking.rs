//! Giving a mark in two taps: a value, then a kind of work (its usual weight preselected,
//! adjustable before the kind is tapped). The sheet's state machine ends in a `JournalOp`.

use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{LessonId, MarkId, StudentId};
use zvonok_core::marks::{work_kind, MarkValue, MAX_WEIGHT, MIN_WEIGHT};
use zvonok_core::views::grid::GridMark;

/// The values on the sheet, in the order teachers expect them.
pub const VALUES: [MarkValue; 8] = [
    MarkValue::Points(5),
    MarkValue::Points(4),
    MarkValue::Points(3),
    MarkValue::Points(2),
    MarkValue::Points(1),
    MarkValue::Pass,
    MarkValue::Fail,
    MarkValue::NotAssessed,
];

/// The mark sheet of one student in one lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkEntry {
    pub lesson: LessonId,
    pub student: StudentId,
    pub value: Option<MarkValue>,
    /// A weight the teacher chose; `None` keeps the kind's usual weight.
    pub weight: Option<u8>,
}

/// What a tap on a kind of work did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindTap {
    /// No value picked yet: the sheet asks for one.
    NeedValue,
    /// The mark to save.
    Give(JournalOp),
}

impl MarkEntry {
    pub fn new(lesson: LessonId, student: StudentId) -> Self {
        MarkEntry {
            lesson,
            student,
            value: None,
            weight: None,
        }
    }

    pub fn pick_value(&mut self, v: MarkValue) {
        self.value = Some(v);
    }

    /// Sets the weight (clamped to 1–5); tapping the chosen weight again returns to the default.
    pub fn pick_weight(&mut self, w: u8) {
        let w = w.clamp(MIN_WEIGHT, MAX_WEIGHT);
        self.weight = if self.weight == Some(w) {
            None
        } else {
            Some(w)
        };
    }

    /// The weight a kind would be saved with.
    pub fn weight_for(&self, kind: &str) -> u8 {
        self.weight
            .unwrap_or_else(|| work_kind(kind).map_or(1, |k| k.default_weight))
    }

    /// The second tap: the kind of work. `id` names the new mark.
    pub fn pick_kind(&self, kind: &str, id: MarkId) -> KindTap {
        match self.value {
            None => KindTap::NeedValue,
            Some(value) => KindTap::Give(JournalOp::GiveMark {
                id,
                lesson: self.lesson,
                student: self.student,
                value,
                kind: kind.to_string(),
                weight: self.weight_for(kind),
                comment: String::new(),
            }),
        }
    }
}

/// Editing an existing mark: its value, kind of work and weight, or removing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkEdit {
    pub original: GridMark,
    pub value: MarkValue,
    pub kind: String,
    pub weight: u8,
}

impl MarkEdit {
    /// `None` when the mark's value cannot be read (it cannot be edited then, only removed).
    pub fn new(m: &GridMark) -> Option<Self> {
        Some(MarkEdit {
            original: m.clone(),
            value: m.value.parse().ok()?,
            kind: m.kind.clone(),
            weight: m.weight,
        })
    }

    pub fn pick_value(&mut self, v: MarkValue) {
        self.value = v;
    }

    /// Another kind of work brings its usual weight.
    pub fn pick_kind(&mut self, kind: &str) {
        if self.kind != kind {
            self.kind = kind.to_string();
            self.weight = work_kind(kind).map_or(1, |k| k.default_weight);
        }
    }

    pub fn pick_weight(&mut self, w: u8) {
        self.weight = w.clamp(MIN_WEIGHT, MAX_WEIGHT);
    }

    pub fn changed(&self) -> bool {
        self.value.to_string() != self.original.value
            || self.kind != self.original.kind
            || self.weight != self.original.weight
    }

    /// The write, or `None` when nothing changed.
    pub fn op(&self) -> Option<JournalOp> {
        self.changed().then(|| JournalOp::EditMark {
            id: self.original.id,
            value: self.value,
            kind: self.kind.clone(),
            weight: self.weight,
            comment: self.original.comment.clone(),
        })
    }

    /// The mark as the row shows it after the edit (a resolved conflict included).
    pub fn edited(&self) -> GridMark {
        GridMark {
            value: self.value.to_string(),
            kind: self.kind.clone(),
            weight: self.weight,
            value_other: Vec::new(),
            ..self.original.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> MarkEntry {
        MarkEntry::new(LessonId::new(), StudentId::new())
    }

    #[test]
    fn value_then_kind_gives_default_weight() {
        let mut e = entry();
        let id = MarkId::new();
        assert_eq!(e.pick_kind("test", id), KindTap::NeedValue);
        e.pick_value(MarkValue::Points(5));
        match e.pick_kind("test", id) {
            KindTap::Give(JournalOp::GiveMark {
                id: got,
                value,
                kind,
                weight,
                lesson,
                student,
                ..
            }) => {
                assert_eq!(
                    (got, value, kind.as_str(), weight),
                    (id, MarkValue::Points(5), "test", 3)
                );
                assert_eq!((lesson, student), (e.lesson, e.student));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.weight_for("answer"), 1);
    }

    #[test]
    fn weight_override_and_toggle() {
        let mut e = entry();
        e.pick_value(MarkValue::Pass);
        e.pick_weight(9);
        assert_eq!(e.weight, Some(5));
        assert_eq!(e.weight_for("answer"), 5);
        e.pick_weight(5);
        assert_eq!(e.weight, None);
        assert_eq!(e.weight_for("dictation"), 2);
        assert_eq!(e.weight_for("unknown-kind"), 1);
    }

    #[test]
    fn sheet_values_display_as_in_the_journal() {
        let shown: Vec<String> = VALUES.iter().map(|v| v.to_string()).collect();
        assert_eq!(shown, ["5", "4", "3", "2", "1", "зч", "нз", "н/а"]);
    }

    #[test]
    fn editing_a_mark() {
        let m = GridMark {
            id: MarkId::new(),
            value: "4".into(),
            kind: "answer".into(),
            weight: 1,
            comment: "у доски".into(),
            value_other: vec!["3".into()],
        };
        let mut e = MarkEdit::new(&m).unwrap();
        assert_eq!(e.op(), None);
        e.pick_value(MarkValue::Points(5));
        e.pick_kind("test");
        assert_eq!(e.weight, 3);
        e.pick_weight(9);
        assert_eq!(
            e.op(),
            Some(JournalOp::EditMark {
                id: m.id,
                value: MarkValue::Points(5),
                kind: "test".into(),
                weight: 5,
                comment: "у доски".into()
            })
        );
        let shown = e.edited();
        assert_eq!((shown.value.as_str(), shown.weight), ("5", 5));
        assert!(shown.value_other.is_empty());
        e.pick_value(MarkValue::Points(4));
        e.pick_kind("answer");
        assert_eq!(e.op(), None, "back to the original: nothing to save");
        let bad = GridMark {
            value: "?".into(),
            ..m
        };
        assert!(MarkEdit::new(&bad).is_none());
    }
}
