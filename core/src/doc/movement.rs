//! The `movement` document: one per school. Numbered, dated orders («приказы»): enrollment
//! into a class, transfer between classes, withdrawal (with where to), and cancellation of an
//! earlier order. The movement book and each student's history are derived from it
//! ([`crate::movement`]). Written by whoever has «Оформлять приказы о движении учащихся»; read
//! also with «Просматривать книгу движения учащихся».
//!
//! Layout: `meta{}` (server only) and `orders{id:{number,date,kind,to,from,destination,
//! cancels,note,students{"<student>": "full name"}}}`, `kind` ∈ `enroll|transfer|withdraw|
//! cancel`. Every order is a new object under a fresh id, written once by one device.
//! **History is append-only:** a change may add orders and nothing else; a mistaken order is
//! undone by a cancelling order.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::school::parse_id;
use super::*;
use crate::error::DomainError;
use crate::ids::*;

/// What an order does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrderKind {
    /// «Приказ о зачислении»: into `to`.
    Enroll { to: ClassId },
    /// «Приказ о переводе» from one class to another.
    Transfer { from: ClassId, to: ClassId },
    /// «Приказ о выбытии» from `from`; `destination`: where to (another school, a city …).
    Withdraw { from: ClassId, destination: String },
    /// Cancels an earlier order («отменить приказ № …»); applies to that order's students.
    Cancel { order: OrderId },
}

impl OrderKind {
    pub fn code(&self) -> &'static str {
        match self {
            OrderKind::Enroll { .. } => "enroll",
            OrderKind::Transfer { .. } => "transfer",
            OrderKind::Withdraw { .. } => "withdraw",
            OrderKind::Cancel { .. } => "cancel",
        }
    }

    /// «о зачислении», «о переводе», «о выбытии», «об отмене приказа».
    pub fn title_ru(&self) -> &'static str {
        match self {
            OrderKind::Enroll { .. } => "о зачислении",
            OrderKind::Transfer { .. } => "о переводе",
            OrderKind::Withdraw { .. } => "о выбытии",
            OrderKind::Cancel { .. } => "об отмене приказа",
        }
    }
}

/// One order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: OrderId,
    /// The order's number as printed: «15», «15-уч».
    pub number: String,
    pub date: NaiveDate,
    pub kind: OrderKind,
    /// The students it concerns, with their full names as of the order (the book prints
    /// them). Empty for a cancellation.
    pub students: BTreeMap<StudentId, String>,
    pub note: String,
}

impl Order {
    /// «Приказ № 15 от 01.09.2026».
    pub fn title(&self) -> String {
        format!(
            "Приказ № {} от {}",
            self.number.trim(),
            self.date.format("%d.%m.%Y")
        )
    }
}

/// The whole movement document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementData {
    pub orders: BTreeMap<OrderId, Order>,
}

/// One write of the movement document: the only one there is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum MovementOp {
    AddOrder { order: Order },
}

impl MovementData {
    /// Creates the document (server only) with its containers.
    pub fn to_doc(&self) -> Result<AutoCommit, DomainError> {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        write_header(&mut doc, DocKind::Movement)?;
        put_map(&mut doc, &ROOT, "meta")?;
        let orders = put_map(&mut doc, &ROOT, "orders")?;
        for o in self.orders.values() {
            write_order(&mut doc, &orders, o)?;
        }
        doc.commit();
        Ok(doc)
    }

    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        check_header(doc, DocKind::Movement)?;
        let orders = need_map(doc, &ROOT, "orders")?;
        let mut m = MovementData::default();
        for key in keys(doc, &orders) {
            let id: OrderId = parse_id(&key)?;
            let o = get_map(doc, &orders, &key)
                .ok_or_else(|| DomainError::Malformed(format!("приказ «{key}»")))?;
            m.orders.insert(id, read_order(doc, &o, id)?);
        }
        Ok(m)
    }
}

fn write_order(doc: &mut AutoCommit, orders: &ObjId, o: &Order) -> Result<(), DomainError> {
    let obj = put_map(doc, orders, &o.id.to_string())?;
    doc.put(&obj, "number", o.number.trim())?;
    doc.put(&obj, "date", fmt_date(o.date))?;
    doc.put(&obj, "kind", o.kind.code())?;
    match &o.kind {
        OrderKind::Enroll { to } => {
            doc.put(&obj, "to", to.to_string())?;
        }
        OrderKind::Transfer { from, to } => {
            doc.put(&obj, "from", from.to_string())?;
            doc.put(&obj, "to", to.to_string())?;
        }
        OrderKind::Withdraw { from, destination } => {
            doc.put(&obj, "from", from.to_string())?;
            doc.put(&obj, "destination", destination.trim())?;
        }
        OrderKind::Cancel { order } => {
            doc.put(&obj, "cancels", order.to_string())?;
        }
    }
    doc.put(&obj, "note", o.note.trim())?;
    let students = put_map(doc, &obj, "students")?;
    for (s, name) in &o.students {
        doc.put(&students, s.to_string(), name.trim())?;
    }
    Ok(())
}

fn read_order(doc: &AutoCommit, o: &ObjId, id: OrderId) -> Result<Order, DomainError> {
    let kind = match get_str(doc, o, "kind").as_deref() {
        Some("enroll") => OrderKind::Enroll {
            to: need_parsed(doc, o, "to")?,
        },
        Some("transfer") => OrderKind::Transfer {
            from: need_parsed(doc, o, "from")?,
            to: need_parsed(doc, o, "to")?,
        },
        Some("withdraw") => OrderKind::Withdraw {
            from: need_parsed(doc, o, "from")?,
            destination: get_str(doc, o, "destination").unwrap_or_default(),
        },
        Some("cancel") => OrderKind::Cancel {
            order: need_parsed(doc, o, "cancels")?,
        },
        _ => return Err(DomainError::Malformed(format!("вид приказа {id}"))),
    };
    let mut students = BTreeMap::new();
    if let Some(sm) = get_map(doc, o, "students") {
        for key in keys(doc, &sm) {
            let name = get_str(doc, &sm, &key)
                .ok_or_else(|| DomainError::Malformed(format!("ученик приказа {id}")))?;
            students.insert(parse_id(&key)?, name);
        }
    }
    Ok(Order {
        id,
        number: get_str(doc, o, "number").unwrap_or_default(),
        date: need_date(doc, o, "date")?,
        kind,
        students,
        note: get_str(doc, o, "note").unwrap_or_default(),
    })
}

/// Checks an operation against the document without changing it.
pub fn check(doc: &AutoCommit, op: &MovementOp) -> Result<(), DomainError> {
    let data = MovementData::from_doc(doc)?;
    let MovementOp::AddOrder { order } = op;
    crate::movement::check_new_order(&data, order)
}

/// Validates and performs one operation. The caller commits the change.
pub fn apply(doc: &mut AutoCommit, op: &MovementOp) -> Result<(), DomainError> {
    check(doc, op)?;
    let MovementOp::AddOrder { order } = op;
    let orders = need_map(doc, &ROOT, "orders")?;
    write_order(doc, &orders, order)
}

/// The server's check of an incoming change. `paths` are the paths the change touched (from
/// Automerge patches), `before` the document as it was. Only new orders may appear; each must
/// obey the rules against the orders before it.
pub(crate) fn validate_change(
    before: &MovementData,
    after_doc: &AutoCommit,
    paths: &[Vec<String>],
) -> Result<(), DomainError> {
    for path in paths {
        let ok = match path.as_slice() {
            [orders, id, ..] if orders == "orders" => match id.parse::<OrderId>() {
                Ok(id) => !before.orders.contains_key(&id),
                Err(_) => false,
            },
            _ => false,
        };
        if !ok {
            return Err(DomainError::Forbidden(
                "изданный приказ нельзя изменить или удалить: оформите приказ об отмене".into(),
            ));
        }
    }
    let after = MovementData::from_doc(after_doc)?;
    if before
        .orders
        .keys()
        .any(|id| !after.orders.contains_key(id))
    {
        return Err(DomainError::Forbidden(
            "изданный приказ нельзя удалить: оформите приказ об отмене".into(),
        ));
    }
    // Check the new orders one by one, in the order they will be read (date, then id).
    let mut so_far = before.clone();
    let mut new: Vec<&Order> = after
        .orders
        .values()
        .filter(|o| !before.orders.contains_key(&o.id))
        .collect();
    new.sort_by_key(|o| (o.date, o.id));
    for o in new {
        crate::movement::check_new_order(&so_far, o)?;
        so_far.orders.insert(o.id, o.clone());
    }
    Ok(())
}
