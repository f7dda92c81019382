//! How the journal grid writes its cells, averages and period.

use chrono::NaiveDate;
use zvonok_core::views::grid::{GridCell, GridMark};

use super::dates::day_month;

/// Dash for an empty average or final mark.
pub const EMPTY: &str = "—";

/// The cell text: «Н», «5», «Н 4/5», or empty.
pub fn cell_text(cell: &GridCell) -> String {
    cell.text()
}

/// CSS classes of a cell: absences and low marks stand out.
pub fn cell_class(cell: &GridCell) -> &'static str {
    let low = cell
        .marks
        .iter()
        .any(|m| matches!(m.value.as_str(), "1" | "2" | "нз"));
    match (&cell.attendance, low) {
        (Some(_), _) => "cell absent",
        (None, true) => "cell low",
        (None, false) if !cell.marks.is_empty() => "cell marked",
        _ => "cell",
    }
}

/// The average as shown («4,33») or a dash.
pub fn average_text(avg: Option<&str>) -> String {
    avg.unwrap_or(EMPTY).to_string()
}

/// «01.09 – 27.10».
pub fn period_range(start: NaiveDate, end: NaiveDate) -> String {
    format!("{} – {}", day_month(start), day_month(end))
}

/// A mark with its weight when it is not 1: «5×3».
pub fn mark_chip(m: &GridMark) -> String {
    if m.weight > 1 {
        format!("{}×{}", m.value, m.weight)
    } else {
        m.value.clone()
    }
}

/// CSS class of a mark chip by value.
pub fn mark_class(value: &str) -> &'static str {
    match value {
        "5" => "mark m5",
        "4" => "mark m4",
        "3" => "mark m3",
        "2" | "1" | "нз" => "mark m2",
        _ => "mark",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::{LessonId, MarkId};

    fn mark(v: &str, w: u8) -> GridMark {
        GridMark {
            id: MarkId::new(),
            value: v.into(),
            kind: "answer".into(),
            weight: w,
            comment: String::new(),
            value_other: vec![],
        }
    }

    #[test]
    fn cells() {
        let mut c = GridCell {
            lesson: LessonId::new(),
            attendance: None,
            marks: vec![],
            attendance_other: vec![],
        };
        assert_eq!((cell_text(&c), cell_class(&c)), (String::new(), "cell"));
        c.marks = vec![mark("4", 1), mark("5", 3)];
        assert_eq!(
            (cell_text(&c), cell_class(&c)),
            ("4/5".into(), "cell marked")
        );
        c.marks.push(mark("2", 1));
        assert_eq!(cell_class(&c), "cell low");
        c.attendance = Some("Н".into());
        assert_eq!(
            (cell_text(&c), cell_class(&c)),
            ("Н 4/5/2".into(), "cell absent")
        );
    }

    #[test]
    fn averages_chips_and_periods() {
        assert_eq!(average_text(Some("4,33")), "4,33");
        assert_eq!(average_text(None), "—");
        assert_eq!(mark_chip(&mark("5", 3)), "5×3");
        assert_eq!(mark_chip(&mark("зч", 1)), "зч");
        assert_eq!(mark_class("нз"), "mark m2");
        let (a, b) = (
            NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
            NaiveDate::from_ymd_opt(2025, 10, 27).unwrap(),
        );
        assert_eq!(period_range(a, b), "01.09 – 27.10");
    }
}
