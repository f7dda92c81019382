//! A student's report card («табель», «Информационное письмо для родителей»): per subject the
//! final marks of every period of the year up to the chosen one, the average mark and the
//! absences of the chosen period. The journals hold no year's final mark, so the card has
//! none (its note says so).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::periods_ending_with;
use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::ids::{PeriodId, StudentId, SubjectId};
use crate::marks::{weighted_average_centi, AbsenceCode, MarkValue};

pub const NOTE: &str = "Годовые отметки в журналах не ведутся: в табеле итоговые отметки за \
периоды. Пропуски — за выбранный период: всего уроков и из них по уважительной причине (Б, УП).";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPeriod {
    pub id: PeriodId,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRow {
    pub subject: SubjectId,
    pub name: String,
    /// One per [`ReportCard::periods`].
    pub finals: Vec<Option<MarkValue>>,
    /// The weighted average of the chosen period's marks, hundredths.
    pub average: Option<u32>,
    /// Lessons missed in the chosen period (Н, Б, УП), of them excused (Б, УП), and late (ОП).
    pub missed: u32,
    pub excused: u32,
    pub late: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCard {
    pub school: String,
    pub student: StudentId,
    pub name: String,
    pub class: String,
    /// The chosen period(s): «2 четверть».
    pub period: String,
    pub periods: Vec<CardPeriod>,
    pub rows: Vec<CardRow>,
    pub missed: u32,
    pub excused: u32,
    pub late: u32,
    pub note: String,
}

/// The card of `student` for `period` from the journals that list them.
pub fn report_card(
    school: &SchoolData,
    journals: &[JournalData],
    student: StudentId,
    period: PeriodId,
) -> ReportCard {
    let chosen = periods_ending_with(school, period);
    let end = school.periods.get(&period).map(|p| (p.year, p.end));
    let mine: Vec<&JournalData> = journals
        .iter()
        .filter(|j| j.students.contains_key(&student))
        .filter(|j| {
            school
                .periods
                .get(&j.meta.period)
                .zip(end)
                .is_some_and(|(p, (year, end))| p.year == year && p.end <= end)
        })
        .collect();
    let mut periods: Vec<_> = mine
        .iter()
        .map(|j| j.meta.period)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|p| school.periods.get(&p))
        .collect();
    periods.sort_by_key(|p| (p.start, p.end, p.kind.as_str()));
    let mut rows: BTreeMap<(String, SubjectId), CardRow> = BTreeMap::new();
    let (mut name, mut class) = (String::new(), String::new());
    for j in &mine {
        let subject = school
            .subjects
            .get(&j.meta.subject)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let row = rows
            .entry((subject.clone(), j.meta.subject))
            .or_insert_with(|| CardRow {
                subject: j.meta.subject,
                name: subject,
                finals: vec![None; periods.len()],
                average: None,
                missed: 0,
                excused: 0,
                late: 0,
            });
        if let Some(i) = periods.iter().position(|p| p.id == j.meta.period) {
            if let Some(v) = j.finals.get(&student) {
                row.finals[i] = Some(*v);
            }
        }
        if !chosen.contains(&j.meta.period) {
            continue;
        }
        name = j.students.get(&student).cloned().unwrap_or_default();
        class = school
            .classes
            .get(&j.meta.cohort.class())
            .map(|c| c.name())
            .unwrap_or_default();
        row.average = weighted_average_centi(j.marks_of(student).map(|m| (m.value, m.weight)));
        for ((_, s), code) in &j.attendance {
            if *s != student {
                continue;
            }
            match code {
                AbsenceCode::Absent => row.missed += 1,
                AbsenceCode::Ill | AbsenceCode::Excused => {
                    row.missed += 1;
                    row.excused += 1;
                }
                AbsenceCode::Late => row.late += 1,
            }
        }
    }
    let rows: Vec<CardRow> = rows.into_values().collect();
    let mut chosen_titles: Vec<_> = chosen
        .iter()
        .filter_map(|p| school.periods.get(p))
        .filter(|p| periods.iter().any(|q| q.id == p.id))
        .map(|p| p.title())
        .collect();
    if chosen_titles.is_empty() {
        chosen_titles = school
            .periods
            .get(&period)
            .map(|p| p.title())
            .into_iter()
            .collect();
    }
    ReportCard {
        school: school.card.name.clone(),
        student,
        name,
        class,
        period: chosen_titles.join(", "),
        periods: periods
            .iter()
            .map(|p| CardPeriod {
                id: p.id,
                title: p.title(),
            })
            .collect(),
        missed: rows.iter().map(|r| r.missed).sum(),
        excused: rows.iter().map(|r| r.excused).sum(),
        late: rows.iter().map(|r| r.late).sum(),
        rows,
        note: NOTE.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::journal::MarkEntry;
    use crate::ids::MarkId;
    use crate::reports::fixture::{absent, d, lesson, students, Fx};

    /// Pupil 1 of 5А: mathematics 1st quarter 4, 2nd quarter 5 with marks 5 (weight 1) and 4
    /// (weight 3): average (5 + 12)/4 = 4,25; absences in the 2nd quarter: Н, Б, ОП → missed 2,
    /// excused 1, late 1. Russian: 2nd quarter «осв», no absences. Another pupil's absence and
    /// the 1st quarter's absence do not count for the 2nd quarter.
    #[test]
    fn finals_average_and_absences() {
        let mut fx = Fx::new();
        fx.school.card.name = "Школа № 1".into();
        let p = students(2);
        let names: Vec<_> = p.iter().map(|(s, n)| (*s, n.as_str())).collect();
        let me = p[0].0;
        let mut m1 = fx.journal(fx.c5a, fx.math, fx.q1, &names);
        m1.finals.insert(me, MarkValue::Points(4));
        let l1 = lesson(&mut m1, d(2026, 9, 10), 1);
        absent(&mut m1, l1, me, "Н");
        let mut m2 = fx.journal(fx.c5a, fx.math, fx.q2, &names);
        m2.finals.insert(me, MarkValue::Points(5));
        let a = lesson(&mut m2, d(2026, 11, 10), 1);
        let b = lesson(&mut m2, d(2026, 11, 11), 1);
        let c = lesson(&mut m2, d(2026, 11, 12), 1);
        absent(&mut m2, a, me, "Н");
        absent(&mut m2, b, me, "Б");
        absent(&mut m2, c, me, "ОП");
        absent(&mut m2, c, p[1].0, "Н");
        for (value, weight) in [(5, 1), (4, 3)] {
            let id = MarkId::new();
            m2.marks.insert(
                id,
                MarkEntry {
                    id,
                    student: me,
                    lesson: a,
                    value: MarkValue::Points(value),
                    kind: "answer".into(),
                    weight,
                    comment: String::new(),
                },
            );
        }
        let mut r2 = fx.journal(fx.c5a, fx.rus, fx.q2, &names);
        r2.finals.insert(me, MarkValue::Exempt);
        let card = report_card(&fx.school, &[m1, m2, r2], me, fx.q2);
        assert_eq!(card.school, "Школа № 1");
        assert_eq!(
            (card.name.as_str(), card.class.as_str()),
            ("Ученик 01", "5А")
        );
        assert_eq!(card.period, "2 четверть");
        let titles: Vec<_> = card.periods.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["1 четверть", "2 четверть"]);
        let math = &card.rows[0];
        assert_eq!(math.name, "Математика");
        assert_eq!(
            math.finals,
            [Some(MarkValue::Points(4)), Some(MarkValue::Points(5))]
        );
        assert_eq!(math.average, Some(425));
        assert_eq!((math.missed, math.excused, math.late), (2, 1, 1));
        let rus = &card.rows[1];
        assert_eq!(rus.finals, [None, Some(MarkValue::Exempt)]);
        assert_eq!((card.missed, card.excused, card.late), (2, 1, 1));

        // The 1st quarter's card: only its period, its absence.
        let first = report_card(
            &fx.school,
            &[fx.journal(fx.c5a, fx.math, fx.q1, &names)],
            me,
            fx.q1,
        );
        assert_eq!(first.periods.len(), 1);
        assert_eq!(first.missed, 0);
    }
}
