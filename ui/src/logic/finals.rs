//! Final period marks from the journal grid: which values may be chosen, which one the weighted
//! average suggests, and whether the final column can be tapped at all.

use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::StudentId;
use zvonok_core::marks::MarkValue;

/// The values a final mark may take, in the order the sheet shows them.
pub const FINAL_VALUES: [MarkValue; 8] = [
    MarkValue::Points(5),
    MarkValue::Points(4),
    MarkValue::Points(3),
    MarkValue::Points(2),
    MarkValue::Pass,
    MarkValue::Fail,
    MarkValue::NotAssessed,
    MarkValue::Exempt,
];

/// The final column is tappable for the teacher who keeps the journal while it is open.
pub fn can_set(writable: bool, locked: bool) -> bool {
    writable && !locked
}

/// The five-point mark the weighted average rounds to (4,50 → 5; 2,49 → 2); none without marks.
pub fn suggested(average_centi: Option<u32>) -> Option<MarkValue> {
    let c = average_centi?;
    let points = ((c + 50) / 100).clamp(2, 5);
    Some(MarkValue::Points(points as u8))
}

/// The write a tap on the sheet makes: a value, or `None` to clear the final mark.
pub fn op(student: StudentId, value: Option<MarkValue>) -> JournalOp {
    JournalOp::SetFinal { student, value }
}

/// Is `value` the one the row shows now?
pub fn is_current(shown: Option<&str>, value: MarkValue) -> bool {
    shown.and_then(|s| s.parse::<MarkValue>().ok()) == Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_rounds_the_weighted_average() {
        assert_eq!(suggested(None), None);
        assert_eq!(suggested(Some(450)), Some(MarkValue::Points(5)));
        assert_eq!(suggested(Some(449)), Some(MarkValue::Points(4)));
        assert_eq!(suggested(Some(333)), Some(MarkValue::Points(3)));
        assert_eq!(suggested(Some(100)), Some(MarkValue::Points(2)));
        assert_eq!(suggested(Some(500)), Some(MarkValue::Points(5)));
    }

    #[test]
    fn choices_and_taps() {
        let shown: Vec<String> = FINAL_VALUES.iter().map(|v| v.to_string()).collect();
        assert_eq!(shown, ["5", "4", "3", "2", "зч", "нз", "н/а", "осв"]);
        assert!(can_set(true, false));
        assert!(!can_set(true, true));
        assert!(!can_set(false, false));
        let s = StudentId::new();
        assert_eq!(
            op(s, Some(MarkValue::Points(4))),
            JournalOp::SetFinal {
                student: s,
                value: Some(MarkValue::Points(4))
            }
        );
        assert!(is_current(Some("4"), MarkValue::Points(4)));
        assert!(!is_current(None, MarkValue::Points(4)));
        assert!(is_current(Some("н/а"), MarkValue::NotAssessed));
        assert!(is_current(Some("осв"), MarkValue::Exempt));
        assert!(
            FINAL_VALUES.contains(&MarkValue::Exempt),
            "the picker offers «осв»"
        );
    }
}
