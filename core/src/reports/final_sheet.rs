//! «Сводная ведомость итоговых отметок»: a class's students down, its subjects across, the final
//! marks of a period (or of every period of the year, side by side) in the cells.
//!
//! The journals hold one final mark per period; there is no year's final mark in them yet, so
//! the year's sheet shows the periods only and says so in its note.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{counted_students, of_class, periods_ending_with};
use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::ids::{ClassId, PeriodId, StudentId, SubjectId, YearId};
use crate::marks::MarkValue;
use crate::movement::Timeline;

/// What the sheet covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "span", content = "id", rename_all = "snake_case")]
pub enum SheetSpan {
    /// One period (with the periods that end with it).
    Period(PeriodId),
    /// Every period of the year.
    Year(YearId),
}

/// The note of a year's sheet.
pub const NO_YEAR_FINALS: &str = "Годовые отметки в журналах не ведутся: в ведомости за год \
показаны итоговые отметки за каждый период.";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetColumn {
    pub subject: SubjectId,
    pub subject_name: String,
    pub period: PeriodId,
    /// «1 четверть».
    pub period_title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub student: StudentId,
    pub name: String,
    /// One per column; `None`: no final mark.
    pub cells: Vec<Option<MarkValue>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalSheet {
    /// «5А · 2 четверть», «5А · 2026/2027 учебный год».
    pub title: String,
    pub columns: Vec<SheetColumn>,
    pub rows: Vec<SheetRow>,
    pub note: Option<String>,
}

/// The sheet of `class` from `journals` (those of other classes are skipped). A pupil appears
/// when counted in at least one journal of the sheet (on the class's list at that period's
/// end, by the movement book).
pub fn final_sheet(
    school: &SchoolData,
    journals: &[JournalData],
    timeline: &Timeline,
    class: ClassId,
    span: SheetSpan,
) -> FinalSheet {
    let wanted: BTreeSet<PeriodId> = match span {
        SheetSpan::Period(p) => periods_ending_with(school, p),
        SheetSpan::Year(y) => school
            .periods
            .values()
            .filter(|p| p.year == y)
            .map(|p| p.id)
            .collect(),
    };
    let class_name = school
        .classes
        .get(&class)
        .map(|c| c.name())
        .unwrap_or_default();
    let mut cells: BTreeMap<(SubjectId, PeriodId, StudentId), MarkValue> = BTreeMap::new();
    let mut subjects: BTreeSet<(String, SubjectId)> = BTreeSet::new();
    let mut periods: BTreeSet<PeriodId> = BTreeSet::new();
    let mut pupils: BTreeMap<StudentId, String> = BTreeMap::new();
    for j in of_class(journals, class).filter(|j| wanted.contains(&j.meta.period)) {
        let name = school
            .subjects
            .get(&j.meta.subject)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        subjects.insert((name, j.meta.subject));
        periods.insert(j.meta.period);
        for (s, n) in counted_students(j, timeline) {
            pupils.insert(s, n.to_string());
        }
        for (s, v) in &j.finals {
            cells.insert((j.meta.subject, j.meta.period, *s), *v);
        }
    }
    let mut periods: Vec<_> = periods
        .iter()
        .filter_map(|p| school.periods.get(p))
        .collect();
    periods.sort_by_key(|p| (p.start, p.end, p.kind.as_str()));
    let columns: Vec<SheetColumn> = subjects
        .iter()
        .flat_map(|(name, subject)| {
            periods.iter().map(move |p| SheetColumn {
                subject: *subject,
                subject_name: name.clone(),
                period: p.id,
                period_title: p.title(),
            })
        })
        .collect();
    let mut rows: Vec<SheetRow> = pupils
        .into_iter()
        .map(|(student, name)| SheetRow {
            student,
            cells: columns
                .iter()
                .map(|c| cells.get(&(c.subject, c.period, student)).copied())
                .collect(),
            name,
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.student.cmp(&b.student)));
    let (title, note) = match span {
        SheetSpan::Period(_) => {
            let t = periods
                .iter()
                .map(|p| p.title())
                .collect::<Vec<_>>()
                .join(", ");
            (format!("{class_name} · {t}"), None)
        }
        SheetSpan::Year(y) => {
            let year = school
                .years
                .get(&y)
                .map(|y| y.title.clone())
                .unwrap_or_default();
            (
                format!("{class_name} · {year} учебный год"),
                Some(NO_YEAR_FINALS.to_string()),
            )
        }
    };
    FinalSheet {
        title,
        columns,
        rows,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::movement::OrderKind;
    use crate::movement::replay;
    use crate::reports::fixture::{d, movement, students, Fx};

    #[test]
    fn period_and_year_sheets() {
        let fx = Fx::new();
        let a = students(3);
        let fin = |subject, period, marks: [&str; 3]| {
            let rows: Vec<_> = (0..3)
                .map(|i| (a[i].0, a[i].1.as_str(), marks[i]))
                .collect();
            fx.with_finals(fx.c5a, subject, period, &rows)
        };
        let journals = vec![
            fin(fx.math, fx.q1, ["5", "4", "3"]),
            fin(fx.math, fx.q2, ["5", "", "осв"]),
            fin(fx.rus, fx.q2, ["4", "н/а", "3"]),
            // another class's journal is not on this sheet
            fx.with_finals(fx.c5b, fx.math, fx.q2, &[(a[0].0, "Чужой", "2")]),
        ];
        // Pupil 3 moved to 5Б on 1 December: not on 5А's list at the 2nd quarter's end, still
        // there at the 1st quarter's end.
        let book = movement(&[
            (
                OrderKind::Enroll { to: fx.c5a },
                d(2026, 9, 1),
                &[a[0].0, a[1].0, a[2].0],
            ),
            (
                OrderKind::Transfer {
                    from: fx.c5a,
                    to: fx.c5b,
                },
                d(2026, 12, 1),
                &[a[2].0],
            ),
        ]);
        let t = replay(&book).expect("book");

        let q2 = final_sheet(&fx.school, &journals, &t, fx.c5a, SheetSpan::Period(fx.q2));
        assert_eq!(q2.title, "5А · 2 четверть");
        let heads: Vec<_> = q2.columns.iter().map(|c| c.subject_name.as_str()).collect();
        assert_eq!(heads, ["Математика", "Русский язык"]);
        let shown: Vec<(String, Vec<String>)> = q2
            .rows
            .iter()
            .map(|r| {
                let cells = r
                    .cells
                    .iter()
                    .map(|c| c.map(|v| v.to_string()).unwrap_or_default());
                (r.name.clone(), cells.collect())
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("Ученик 01".to_string(), vec!["5".to_string(), "4".into()]),
                ("Ученик 02".to_string(), vec![String::new(), "н/а".into()]),
            ]
        );
        assert_eq!(q2.note, None);

        let year = final_sheet(
            &fx.school,
            &journals,
            &t,
            fx.c5a,
            SheetSpan::Year(fx.school.current_year.expect("year")),
        );
        assert_eq!(year.title, "5А · 2026/2027 учебный год");
        let heads: Vec<_> = year
            .columns
            .iter()
            .map(|c| format!("{} {}", c.subject_name, c.period_title))
            .collect();
        assert_eq!(
            heads,
            [
                "Математика 1 четверть",
                "Математика 2 четверть",
                "Русский язык 1 четверть",
                "Русский язык 2 четверть",
            ]
        );
        // Pupil 3 was counted in the 1st quarter: a row, with «осв» kept from the journal.
        assert_eq!(year.rows.len(), 3);
        let third: Vec<String> = year.rows[2]
            .cells
            .iter()
            .map(|c| c.map(|v| v.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(third, ["3", "осв", "", "3"]);
        assert_eq!(year.note.as_deref(), Some(NO_YEAR_FINALS));
    }
}
