//! The movement report of a period: the orders of the period (the movement book's lines), per
//! class the pupils at its start and end with those enrolled, transferred in, transferred out
//! and withdrawn, and the lists of the classes on any date (`roster_on`, e.g. 20 September for
//! the state form ОО-1). Everything comes from `core::movement`'s replay of the orders in force.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doc::movement::{MovementData, OrderKind};
use crate::doc::school::SchoolData;
use crate::error::DomainError;
use crate::ids::{ClassId, StudentId};
use crate::movement::{movement_book, replay, BookEntry, Timeline};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassMovement {
    pub class: ClassId,
    pub name: String,
    pub at_start: u32,
    /// Arrived by an enrollment order.
    pub enrolled: u32,
    /// Arrived from another class of the school.
    pub transferred_in: u32,
    /// Left for another class of the school.
    pub transferred_out: u32,
    /// Left the school.
    pub withdrawn: u32,
    pub at_end: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The book's lines of the period (one per student and order, cancelled ones marked).
    pub entries: Vec<BookEntry>,
    pub classes: Vec<ClassMovement>,
    pub total: ClassMovement,
}

/// The report for `from..=to`: at the start = on the list the day before `from`, at the end =
/// on the list on `to`; `at_end = at_start + enrolled + transferred_in − transferred_out −
/// withdrawn` for every class.
pub fn movement_report(
    school: &SchoolData,
    data: &MovementData,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<MovementReport, DomainError> {
    let book = movement_book(data, from, to)?;
    let timeline = replay(data)?;
    let mut by_class: BTreeMap<ClassId, ClassMovement> = book
        .classes
        .iter()
        .map(|c| {
            (
                c.class,
                ClassMovement {
                    class: c.class,
                    name: class_name(school, c.class),
                    at_start: c.at_start as u32,
                    at_end: c.at_end as u32,
                    ..ClassMovement::default()
                },
            )
        })
        .collect();
    let kind_of = |o| data.orders.get(&o).map(|o| &o.kind);
    for stints in timeline.stints.values() {
        for s in stints {
            let Some(row) = by_class.get_mut(&s.class) else {
                continue;
            };
            if from <= s.start && s.start <= to {
                match kind_of(s.joined_by) {
                    Some(OrderKind::Transfer { .. }) => row.transferred_in += 1,
                    _ => row.enrolled += 1,
                }
            }
            if let (Some(end), Some(by)) = (s.end, s.left_by) {
                if from <= end && end <= to {
                    match kind_of(by) {
                        Some(OrderKind::Transfer { .. }) => row.transferred_out += 1,
                        _ => row.withdrawn += 1,
                    }
                }
            }
        }
    }
    let mut classes: Vec<ClassMovement> = by_class.into_values().collect();
    classes.sort_by_key(|c| (grade(school, c.class), c.name.clone()));
    let mut total = ClassMovement {
        name: "Итого".into(),
        ..ClassMovement::default()
    };
    for c in &classes {
        total.at_start += c.at_start;
        total.enrolled += c.enrolled;
        total.transferred_in += c.transferred_in;
        total.transferred_out += c.transferred_out;
        total.withdrawn += c.withdrawn;
        total.at_end += c.at_end;
    }
    Ok(MovementReport {
        from,
        to,
        entries: book.entries,
        classes,
        total,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRoster {
    pub class: ClassId,
    pub name: String,
    /// (student, name as the last order before the date wrote it), by name.
    pub students: Vec<(StudentId, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterOn {
    pub date: NaiveDate,
    pub classes: Vec<ClassRoster>,
    pub total: u32,
}

/// Who was on each class's list on `date`, by the orders in force.
pub fn roster_on(
    school: &SchoolData,
    data: &MovementData,
    date: NaiveDate,
) -> Result<RosterOn, DomainError> {
    let timeline: Timeline = replay(data)?;
    let mut names: BTreeMap<StudentId, (NaiveDate, String)> = BTreeMap::new();
    for o in data.orders.values().filter(|o| o.date <= date) {
        for (s, n) in &o.students {
            let e = names.entry(*s).or_insert((o.date, n.clone()));
            if o.date >= e.0 {
                *e = (o.date, n.clone());
            }
        }
    }
    let mut by_class: BTreeMap<ClassId, Vec<(StudentId, String)>> = BTreeMap::new();
    for s in timeline.stints.keys() {
        if let Some(c) = timeline.class_on(*s, date) {
            let n = names.get(s).map(|(_, n)| n.clone()).unwrap_or_default();
            by_class.entry(c).or_default().push((*s, n));
        }
    }
    let mut classes: Vec<ClassRoster> = by_class
        .into_iter()
        .map(|(class, mut students)| {
            students.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
            ClassRoster {
                class,
                name: class_name(school, class),
                students,
            }
        })
        .collect();
    classes.sort_by_key(|c| (grade(school, c.class), c.name.clone()));
    Ok(RosterOn {
        date,
        total: classes.iter().map(|c| c.students.len() as u32).sum(),
        classes,
    })
}

fn class_name(school: &SchoolData, class: ClassId) -> String {
    school
        .classes
        .get(&class)
        .map(|c| c.name())
        .unwrap_or_else(|| "класс удалён".into())
}

fn grade(school: &SchoolData, class: ClassId) -> u8 {
    school.classes.get(&class).map_or(0, |c| c.grade)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::movement::OrderKind;
    use crate::reports::fixture::{d, movement, students, Fx};

    /// Orders: 1 Sept five pupils into 5А and two into 5Б; 15 Nov pupil 1 transferred 5А → 5Б;
    /// 20 Nov pupil 2 withdrawn from 5А; 25 Nov a new pupil enrolled into 5А.
    /// For 5–28 November (the 2nd quarter up to the 28th):
    /// 5А: start 5, +1 enrolled, −1 transferred out, −1 withdrawn → end 4;
    /// 5Б: start 2, +1 transferred in → end 3. Total: 7 → 7.
    /// On 20 September (ОО-1): 5А 5, 5Б 2; on 21 November: 5А 3, 5Б 3.
    #[test]
    fn counts_per_class_and_roster_on_a_date() {
        let fx = Fx::new();
        let a = students(5);
        let b = students(2);
        let new = students(1);
        let ids = |v: &Vec<(StudentId, String)>| v.iter().map(|x| x.0).collect::<Vec<_>>();
        let book = movement(&[
            (OrderKind::Enroll { to: fx.c5a }, d(2026, 9, 1), &ids(&a)),
            (OrderKind::Enroll { to: fx.c5b }, d(2026, 9, 1), &ids(&b)),
            (
                OrderKind::Transfer {
                    from: fx.c5a,
                    to: fx.c5b,
                },
                d(2026, 11, 15),
                &[a[0].0],
            ),
            (
                OrderKind::Withdraw {
                    from: fx.c5a,
                    destination: "г. Казань".into(),
                },
                d(2026, 11, 20),
                &[a[1].0],
            ),
            (
                OrderKind::Enroll { to: fx.c5a },
                d(2026, 11, 25),
                &ids(&new),
            ),
        ]);
        let r =
            movement_report(&fx.school, &book, d(2026, 11, 5), d(2026, 11, 28)).expect("report");
        let rows: Vec<_> = r
            .classes
            .iter()
            .map(|c| {
                (
                    c.name.as_str(),
                    c.at_start,
                    c.enrolled,
                    c.transferred_in,
                    c.transferred_out,
                    c.withdrawn,
                    c.at_end,
                )
            })
            .collect();
        assert_eq!(rows, [("5А", 5, 1, 0, 1, 1, 4), ("5Б", 2, 0, 1, 0, 0, 3)]);
        assert_eq!((r.total.at_start, r.total.at_end), (7, 7));
        // The book's lines of the period: transfer, withdrawal, enrollment.
        assert_eq!(r.entries.len(), 3);

        let oo1 = roster_on(&fx.school, &book, d(2026, 9, 20)).expect("roster");
        let sizes: Vec<_> = oo1
            .classes
            .iter()
            .map(|c| (c.name.as_str(), c.students.len()))
            .collect();
        assert_eq!(sizes, [("5А", 5), ("5Б", 2)]);
        assert_eq!(oo1.total, 7);
        let later = roster_on(&fx.school, &book, d(2026, 11, 21)).expect("roster");
        let sizes: Vec<_> = later
            .classes
            .iter()
            .map(|c| (c.name.as_str(), c.students.len()))
            .collect();
        assert_eq!(sizes, [("5А", 3), ("5Б", 3)]);
    }
}
