//! The rules of student movement and the movement book («книга движения учащихся»), over the
//! orders of the `movement` document ([`crate::doc::movement`]). Pure.
//!
//! - A student moves (transfer, withdrawal) only after an enrollment order; a student is
//!   enrolled in at most one class at a time.
//! - Every order has a number, unique within its academic year (1 September – 31 August), and a
//!   date; the order's date is the first day of the new state (transferred on 10.01: in the new
//!   class from 10.01 on).
//! - Orders take effect in date order (same date: in the order they were made, by id), whatever
//!   order they were entered in: enrollment orders for lists entered earlier may be backdated.
//! - History is append-only. A cancelling order undoes an earlier one (its date must not be
//!   before the cancelled order's); it is refused if the history without the cancelled order
//!   would be inconsistent (e.g. cancelling an enrollment the student was later transferred on:
//!   cancel the transfer first). A cancellation cannot itself be cancelled: issue a new order.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::doc::movement::{MovementData, Order, OrderKind};
use crate::error::DomainError;
use crate::ids::{ClassId, OrderId, StudentId};

/// Longest order number, destination or note (characters).
pub const MAX_NUMBER: usize = 30;
pub const MAX_TEXT: usize = 500;
/// Most students in one order.
pub const MAX_STUDENTS: usize = 2000;

/// The academic year an order's number counts in: the calendar year of its 1 September.
pub fn numbering_year(d: NaiveDate) -> i32 {
    if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    }
}

fn same_number(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.trim()
            .trim_start_matches('№')
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    norm(a) == norm(b)
}

/// One stay of a student in a class: from `start` to the day before `end` (`None`: still
/// there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stint {
    pub class: ClassId,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// The order that brought the student into the class (enrollment or transfer).
    pub joined_by: OrderId,
    /// The order that took them out (transfer or withdrawal).
    pub left_by: Option<OrderId>,
}

impl Stint {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d < e)
    }
}

/// The effective history: each student's stays in classes, from the orders in force.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub stints: BTreeMap<StudentId, Vec<Stint>>,
    /// Cancelled order → the order that cancelled it.
    pub cancelled: BTreeMap<OrderId, OrderId>,
}

impl Timeline {
    /// The student's class on `date`, if enrolled then.
    pub fn class_on(&self, student: StudentId, date: NaiveDate) -> Option<ClassId> {
        self.stints
            .get(&student)?
            .iter()
            .find(|s| s.contains(date))
            .map(|s| s.class)
    }

    /// Students in `class` on `date`.
    pub fn members(&self, class: ClassId, date: NaiveDate) -> BTreeSet<StudentId> {
        self.stints
            .iter()
            .filter(|(_, v)| v.iter().any(|s| s.class == class && s.contains(date)))
            .map(|(id, _)| *id)
            .collect()
    }
}

fn who(order: &Order, s: StudentId) -> String {
    order
        .students
        .get(&s)
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Ученик".into())
}

/// Replays the orders in force and returns the timeline, or the first inconsistency.
pub fn replay(data: &MovementData) -> Result<Timeline, DomainError> {
    let mut t = Timeline::default();
    for o in data.orders.values() {
        if let OrderKind::Cancel { order } = o.kind {
            let target = data.orders.get(&order).ok_or_else(|| {
                DomainError::Rule(format!(
                    "{} отменяет приказ, которого нет в книге. Проверьте, какой приказ отменить.",
                    o.title()
                ))
            })?;
            if matches!(target.kind, OrderKind::Cancel { .. }) {
                return Err(DomainError::Rule(format!(
                    "{} отменяет отмену ({}). Отмену не отменяют: оформите новый приказ.",
                    o.title(),
                    target.title()
                )));
            }
            if target.date > o.date {
                return Err(DomainError::Rule(format!(
                    "{} отменяет более поздний {}. Датируйте отмену не раньше отменяемого \
                     приказа.",
                    o.title(),
                    target.title().to_lowercase()
                )));
            }
            if let Some(first) = t.cancelled.insert(order, o.id) {
                let first = data
                    .orders
                    .get(&first)
                    .map(Order::title)
                    .unwrap_or_default();
                return Err(DomainError::Rule(format!(
                    "{} уже отменён: {}.",
                    target.title(),
                    first.to_lowercase()
                )));
            }
        }
    }
    let mut in_force: Vec<&Order> = data
        .orders
        .values()
        .filter(|o| !matches!(o.kind, OrderKind::Cancel { .. }) && !t.cancelled.contains_key(&o.id))
        .collect();
    in_force.sort_by_key(|o| (o.date, o.id));

    for o in in_force {
        for &s in o.students.keys() {
            let stints = t.stints.entry(s).or_default();
            let current = stints.last_mut().filter(|x| x.end.is_none());
            let name = who(o, s);
            match (&o.kind, current) {
                (OrderKind::Enroll { to }, None) => stints.push(Stint {
                    class: *to,
                    start: o.date,
                    end: None,
                    joined_by: o.id,
                    left_by: None,
                }),
                (OrderKind::Enroll { .. }, Some(_)) => {
                    return Err(DomainError::Rule(format!(
                        "{name} на {} уже зачислен(а) в школу, повторно зачислить нельзя \
                         ({}). Если ученик переходит в другой класс, оформите перевод.",
                        o.date.format("%d.%m.%Y"),
                        o.title().to_lowercase()
                    )))
                }
                (OrderKind::Transfer { .. } | OrderKind::Withdraw { .. }, None) => {
                    return Err(DomainError::Rule(format!(
                        "{name} на {} не зачислен(а) в школу: {} невозможен. Сначала \
                         оформите приказ о зачислении.",
                        o.date.format("%d.%m.%Y"),
                        if matches!(o.kind, OrderKind::Transfer { .. }) {
                            "перевод"
                        } else {
                            "выбытие"
                        }
                    )))
                }
                (OrderKind::Transfer { from, to }, Some(cur)) => {
                    if cur.class != *from {
                        return Err(not_in_class(&name, o));
                    }
                    if from == to {
                        return Err(DomainError::Rule(format!(
                            "{}: перевод в тот же класс. Выберите другой класс.",
                            o.title()
                        )));
                    }
                    cur.end = Some(o.date);
                    cur.left_by = Some(o.id);
                    stints.push(Stint {
                        class: *to,
                        start: o.date,
                        end: None,
                        joined_by: o.id,
                        left_by: None,
                    });
                }
                (OrderKind::Withdraw { from, .. }, Some(cur)) => {
                    if cur.class != *from {
                        return Err(not_in_class(&name, o));
                    }
                    cur.end = Some(o.date);
                    cur.left_by = Some(o.id);
                }
                (OrderKind::Cancel { .. }, _) => {}
            }
        }
    }
    Ok(t)
}

fn not_in_class(name: &str, o: &Order) -> DomainError {
    DomainError::Rule(format!(
        "{name} на {} учится не в классе, указанном в приказе ({}). Проверьте класс и \
         дату.",
        o.date.format("%d.%m.%Y"),
        o.title().to_lowercase()
    ))
}

/// Checks one new order against the orders already issued: its own fields, its number, and
/// that the history with it is consistent.
pub fn check_new_order(data: &MovementData, order: &Order) -> Result<(), DomainError> {
    if data.orders.contains_key(&order.id) {
        return Err(DomainError::Forbidden(
            "приказ уже издан: изменить его нельзя, оформите приказ об отмене".into(),
        ));
    }
    let number = order.number.trim();
    if number.is_empty() {
        return Err(DomainError::Rule("Укажите номер приказа.".into()));
    }
    for (text, max) in [
        (number, MAX_NUMBER),
        (order.note.as_str(), MAX_TEXT),
        (
            match &order.kind {
                OrderKind::Withdraw { destination, .. } => destination.as_str(),
                _ => "",
            },
            MAX_TEXT,
        ),
    ] {
        let n = text.chars().count();
        if n > max {
            return Err(DomainError::TooLong(n, max));
        }
    }
    if let Some(other) = data.orders.values().find(|o| {
        numbering_year(o.date) == numbering_year(order.date) && same_number(&o.number, number)
    }) {
        let y = numbering_year(order.date);
        return Err(DomainError::Rule(format!(
            "Номер {number} в {y}/{} учебном году уже занят: {}. Проверьте номер приказа.",
            y + 1,
            other.title().to_lowercase()
        )));
    }
    match &order.kind {
        OrderKind::Cancel { .. } => {
            if !order.students.is_empty() {
                return Err(DomainError::Rule(
                    "Приказ об отмене относится к ученикам отменяемого приказа: не \
                     указывайте учеников."
                        .into(),
                ));
            }
        }
        kind => {
            if order.students.is_empty() {
                return Err(DomainError::Rule(format!(
                    "В приказе {} нет ни одного ученика. Добавьте учеников.",
                    kind.title_ru()
                )));
            }
            if order.students.len() > MAX_STUDENTS {
                return Err(DomainError::TooLong(order.students.len(), MAX_STUDENTS));
            }
            if order.students.values().any(|n| n.trim().is_empty()) {
                return Err(DomainError::Rule(
                    "У ученика в приказе нет фамилии и имени. Укажите их.".into(),
                ));
            }
            if let OrderKind::Withdraw { destination, .. } = kind {
                if destination.trim().is_empty() {
                    return Err(DomainError::Rule(
                        "Укажите, куда выбывает ученик (школа, населённый пункт).".into(),
                    ));
                }
            }
        }
    }
    let mut with = data.clone();
    with.orders.insert(order.id, order.clone());
    replay(&with).map(|_| ())
}

/// A student's orders in force order, each with the order that cancelled it (if any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub order: Order,
    pub cancelled_by: Option<OrderId>,
}

/// Every order that concerns a student (including cancellations of those orders), by date.
pub fn history(data: &MovementData, student: StudentId) -> Vec<HistoryEntry> {
    let mine: BTreeSet<OrderId> = data
        .orders
        .values()
        .filter(|o| o.students.contains_key(&student))
        .map(|o| o.id)
        .collect();
    let cancelled_by: BTreeMap<OrderId, OrderId> = data
        .orders
        .values()
        .filter_map(|o| match o.kind {
            OrderKind::Cancel { order } => Some((order, o.id)),
            _ => None,
        })
        .collect();
    let mut v: Vec<HistoryEntry> = data
        .orders
        .values()
        .filter(|o| match o.kind {
            OrderKind::Cancel { order } => mine.contains(&order),
            _ => mine.contains(&o.id),
        })
        .map(|o| HistoryEntry {
            order: o.clone(),
            cancelled_by: cancelled_by.get(&o.id).copied(),
        })
        .collect();
    v.sort_by_key(|e| (e.order.date, e.order.id));
    v
}

/// Whether a roster gains or loses a student.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterChange {
    Join,
    Leave,
}

/// What an order does to the class rosters: `class` gains or loses `student` from `from`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEffect {
    pub class: ClassId,
    pub student: StudentId,
    /// The student's name as the order gives it (for a roster that gains them).
    pub name: String,
    pub change: RosterChange,
    pub from: NaiveDate,
}

/// The effects of an order on rosters, so the server can update them after it accepted the
/// order. A cancellation reverses the cancelled order's effects, from that order's date.
pub fn effects(data: &MovementData, order: OrderId) -> Result<Vec<RosterEffect>, DomainError> {
    let o = data.orders.get(&order).ok_or_else(|| {
        DomainError::Rule("Приказ не найден. Обновите данные (синхронизация).".into())
    })?;
    let direct = |o: &Order| -> Vec<RosterEffect> {
        let mut out = Vec::new();
        for (s, name) in &o.students {
            let mut eff = |class: ClassId, change| {
                out.push(RosterEffect {
                    class,
                    student: *s,
                    name: name.clone(),
                    change,
                    from: o.date,
                })
            };
            match &o.kind {
                OrderKind::Enroll { to } => eff(*to, RosterChange::Join),
                OrderKind::Transfer { from, to } => {
                    eff(*from, RosterChange::Leave);
                    eff(*to, RosterChange::Join);
                }
                OrderKind::Withdraw { from, .. } => eff(*from, RosterChange::Leave),
                OrderKind::Cancel { .. } => {}
            }
        }
        out
    };
    Ok(match o.kind {
        OrderKind::Cancel { order: target } => {
            let t = data
                .orders
                .get(&target)
                .ok_or_else(|| DomainError::Rule("Отменяемый приказ не найден.".into()))?;
            direct(t)
                .into_iter()
                .map(|mut e| {
                    e.change = match e.change {
                        RosterChange::Join => RosterChange::Leave,
                        RosterChange::Leave => RosterChange::Join,
                    };
                    e
                })
                .collect()
        }
        _ => direct(o),
    })
}

/// One line of the movement book: one student in one order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookEntry {
    pub date: NaiveDate,
    pub number: String,
    pub order: OrderId,
    pub kind: OrderKind,
    /// `None` for a cancellation's own line.
    pub student: Option<StudentId>,
    pub name: String,
    /// The order that cancelled this one, if any (the line stays, marked cancelled).
    pub cancelled_by: Option<OrderId>,
}

/// Per class: students at the start and end of a period, how many arrived and left.
/// `at_end = at_start + arrived - left`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCount {
    pub class: ClassId,
    pub at_start: usize,
    pub arrived: usize,
    pub left: usize,
    pub at_end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementBook {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every order dated within the period, by date; one line per student.
    pub entries: Vec<BookEntry>,
    /// Every class that had a student during the period or at its edges.
    pub classes: Vec<ClassCount>,
}

/// The movement book for `from..=to`: the lines, and per class the counts at the start of
/// `from` (before its orders) and at the end of `to` (after its orders), from the orders in
/// force.
pub fn movement_book(
    data: &MovementData,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<MovementBook, DomainError> {
    let t = replay(data)?;
    let mut entries = Vec::new();
    let mut orders: Vec<&Order> = data
        .orders
        .values()
        .filter(|o| from <= o.date && o.date <= to)
        .collect();
    orders.sort_by_key(|o| (o.date, o.id));
    for o in orders {
        let line = |student: Option<StudentId>, name: String| BookEntry {
            date: o.date,
            number: o.number.clone(),
            order: o.id,
            kind: o.kind.clone(),
            student,
            name,
            cancelled_by: t.cancelled.get(&o.id).copied(),
        };
        if o.students.is_empty() {
            entries.push(line(None, String::new()));
        }
        let mut names: Vec<(&StudentId, &String)> = o.students.iter().collect();
        names.sort_by(|a, b| a.1.cmp(b.1));
        for (s, n) in names {
            entries.push(line(Some(*s), n.clone()));
        }
    }
    let before = from - Duration::days(1);
    let mut counts: BTreeMap<ClassId, ClassCount> = BTreeMap::new();
    for stints in t.stints.values() {
        for s in stints {
            let c = counts.entry(s.class).or_insert(ClassCount {
                class: s.class,
                at_start: 0,
                arrived: 0,
                left: 0,
                at_end: 0,
            });
            if s.contains(before) {
                c.at_start += 1;
            }
            if s.contains(to) {
                c.at_end += 1;
            }
            if from <= s.start && s.start <= to {
                c.arrived += 1;
            }
            if s.end.is_some_and(|e| from <= e && e <= to) {
                c.left += 1;
            }
        }
    }
    counts.retain(|_, c| c.at_start + c.arrived + c.at_end > 0);
    Ok(MovementBook {
        from,
        to,
        entries,
        classes: counts.into_values().collect(),
    })
}

#[cfg(test)]
mod tests;
