//! The orders screen without the DOM: the order form turned into an `Order` (with the form's
//! own checks; the server checks the history), and the orders listed from the movement book.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use zvonok_core::doc::movement::{Order, OrderKind};
use zvonok_core::ids::{ClassId, OrderId, StudentId};
use zvonok_core::movement::MovementBook;

use crate::logic::dates::parse_iso;

/// The kinds the form offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Enroll,
    Transfer,
    Withdraw,
    Cancel,
}

impl FormKind {
    pub const ALL: [FormKind; 4] = [
        FormKind::Enroll,
        FormKind::Transfer,
        FormKind::Withdraw,
        FormKind::Cancel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FormKind::Enroll => "enroll",
            FormKind::Transfer => "transfer",
            FormKind::Withdraw => "withdraw",
            FormKind::Cancel => "cancel",
        }
    }

    pub fn parse(s: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The class whose list the students are picked from.
    pub fn picks_from(self) -> Pick {
        match self {
            FormKind::Enroll => Pick::To,
            FormKind::Transfer | FormKind::Withdraw => Pick::From,
            FormKind::Cancel => Pick::Nobody,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    To,
    From,
    Nobody,
}

/// What the form holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderForm {
    pub kind: FormKind,
    pub number: String,
    /// `YYYY-MM-DD`, as a date input gives it.
    pub date: String,
    pub from: Option<ClassId>,
    pub to: Option<ClassId>,
    pub destination: String,
    pub cancels: Option<OrderId>,
    pub students: BTreeMap<StudentId, String>,
}

/// The order the form describes, or the catalogue id of what to fill in first.
pub fn build_order(f: &OrderForm) -> Result<Order, &'static str> {
    if f.number.trim().is_empty() {
        return Err("admin-order-need-number");
    }
    let date = parse_iso(f.date.trim()).ok_or("admin-order-need-date")?;
    let need = |c: Option<ClassId>| c.ok_or("admin-order-need-class");
    let kind = match f.kind {
        FormKind::Enroll => OrderKind::Enroll { to: need(f.to)? },
        FormKind::Transfer => OrderKind::Transfer {
            from: need(f.from)?,
            to: need(f.to)?,
        },
        FormKind::Withdraw => OrderKind::Withdraw {
            from: need(f.from)?,
            destination: f.destination.trim().to_string(),
        },
        FormKind::Cancel => OrderKind::Cancel {
            order: f.cancels.ok_or("admin-order-need-cancels")?,
        },
    };
    let students = match f.kind {
        FormKind::Cancel => BTreeMap::new(),
        _ if f.students.is_empty() => return Err("admin-order-need-students"),
        _ => f.students.clone(),
    };
    Ok(Order {
        id: OrderId::new(),
        number: f.number.trim().to_string(),
        date,
        kind,
        students,
        note: String::new(),
    })
}

/// One order as the list shows it, from the lines of the book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    pub order: OrderId,
    pub number: String,
    pub date: NaiveDate,
    pub kind: OrderKind,
    pub students: Vec<String>,
    pub cancelled: bool,
}

/// The orders of the book, newest first; one line per order however many students it has.
pub fn orders_of(book: &MovementBook) -> Vec<OrderLine> {
    let mut by_id: BTreeMap<OrderId, OrderLine> = BTreeMap::new();
    for e in &book.entries {
        let line = by_id.entry(e.order).or_insert_with(|| OrderLine {
            order: e.order,
            number: e.number.clone(),
            date: e.date,
            kind: e.kind.clone(),
            students: Vec::new(),
            cancelled: false,
        });
        if e.student.is_some() {
            line.students.push(e.name.clone());
        }
        line.cancelled |= e.cancelled_by.is_some();
    }
    let mut v: Vec<OrderLine> = by_id.into_values().collect();
    v.sort_by(|a, b| b.date.cmp(&a.date).then(b.order.cmp(&a.order)));
    v
}

/// Orders a cancellation may name: not cancellations themselves, not cancelled already.
pub fn cancellable(lines: &[OrderLine]) -> Vec<&OrderLine> {
    lines
        .iter()
        .filter(|l| !l.cancelled && !matches!(l.kind, OrderKind::Cancel { .. }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::movement::BookEntry;

    fn form(kind: FormKind) -> OrderForm {
        OrderForm {
            kind,
            number: " 15 ".into(),
            date: "2026-09-01".into(),
            from: None,
            to: None,
            destination: String::new(),
            cancels: None,
            students: BTreeMap::new(),
        }
    }

    #[test]
    fn the_form_says_what_is_missing_first() {
        let mut f = form(FormKind::Enroll);
        f.number = " ".into();
        assert_eq!(build_order(&f), Err("admin-order-need-number"));
        f.number = "15".into();
        f.date = "01.09.2026".into();
        assert_eq!(build_order(&f), Err("admin-order-need-date"));
        f.date = "2026-09-01".into();
        assert_eq!(build_order(&f), Err("admin-order-need-class"));
        f.to = Some(ClassId::new());
        assert_eq!(build_order(&f), Err("admin-order-need-students"));
        f.students.insert(StudentId::new(), "Иванов Пётр".into());
        let o = build_order(&f).unwrap();
        assert_eq!(o.number, "15");
        assert!(matches!(o.kind, OrderKind::Enroll { to } if Some(to) == f.to));
    }

    #[test]
    fn a_cancellation_names_an_order_and_no_students() {
        let mut f = form(FormKind::Cancel);
        f.students.insert(StudentId::new(), "x".into());
        assert_eq!(build_order(&f), Err("admin-order-need-cancels"));
        let target = OrderId::new();
        f.cancels = Some(target);
        let o = build_order(&f).unwrap();
        assert!(o.students.is_empty());
        assert_eq!(o.kind, OrderKind::Cancel { order: target });
    }

    #[test]
    fn orders_are_listed_once_newest_first_and_cancelled_ones_are_not_cancellable() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let (a, b) = (OrderId::new(), OrderId::new());
        let to = ClassId::new();
        let entry = |order, date, name: &str, cancelled_by| BookEntry {
            date,
            number: "1".into(),
            order,
            kind: OrderKind::Enroll { to },
            student: Some(StudentId::new()),
            name: name.into(),
            cancelled_by,
        };
        let book = MovementBook {
            from: d(9, 1),
            to: d(12, 31),
            entries: vec![
                entry(a, d(9, 1), "Иванов", None),
                entry(a, d(9, 1), "Петров", None),
                entry(b, d(10, 1), "Сидоров", Some(OrderId::new())),
            ],
            classes: vec![],
        };
        let lines = orders_of(&book);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].order, b);
        assert_eq!(lines[1].students, vec!["Иванов", "Петров"]);
        let c = cancellable(&lines);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].order, a);
    }
}
