//! One tap on a student's attendance button: present → Н → Б → УП → ОП → present.

use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{LessonId, StudentId};
use zvonok_core::marks::AbsenceCode;

/// Reads the code a view model carries («Н», «Б», …); anything else counts as present.
pub fn parse_code(code: Option<&str>) -> Option<AbsenceCode> {
    code.and_then(|c| c.parse().ok())
}

/// The next code after a tap and the operation that records it.
pub fn tap(
    lesson: LessonId,
    student: StudentId,
    current: Option<AbsenceCode>,
) -> (Option<AbsenceCode>, JournalOp) {
    let next = AbsenceCode::cycle(current);
    (
        next,
        JournalOp::SetAttendance {
            lesson,
            student,
            code: next,
        },
    )
}

/// CSS modifier of the attendance button.
pub fn css_class(code: Option<AbsenceCode>) -> &'static str {
    match code {
        None => "att present",
        Some(AbsenceCode::Absent) => "att absent",
        Some(AbsenceCode::Ill) => "att ill",
        Some(AbsenceCode::Excused) => "att excused",
        Some(AbsenceCode::Late) => "att late",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_taps_come_back_to_present() {
        let (l, s) = (LessonId::new(), StudentId::new());
        let mut code = None;
        let mut seen = Vec::new();
        for _ in 0..5 {
            let (next, op) = tap(l, s, code);
            assert_eq!(
                op,
                JournalOp::SetAttendance {
                    lesson: l,
                    student: s,
                    code: next
                }
            );
            seen.push(next.map(|c| c.code()));
            code = next;
        }
        assert_eq!(
            seen,
            vec![Some("Н"), Some("Б"), Some("УП"), Some("ОП"), None]
        );
    }

    #[test]
    fn parses_view_codes() {
        assert_eq!(parse_code(Some("УП")), Some(AbsenceCode::Excused));
        assert_eq!(parse_code(Some("?")), None);
        assert_eq!(parse_code(None), None);
        assert_eq!(css_class(Some(AbsenceCode::Ill)), "att ill");
    }
}
