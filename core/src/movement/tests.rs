use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ROOT};

use super::*;
use crate::doc::movement::{apply, MovementOp};
use crate::doc::DocKind;
use crate::validate::validate_incoming;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct World {
    a: ClassId,
    b: ClassId,
    s1: StudentId,
    s2: StudentId,
    s3: StudentId,
}

fn world() -> World {
    World {
        a: ClassId::new(),
        b: ClassId::new(),
        s1: StudentId::new(),
        s2: StudentId::new(),
        s3: StudentId::new(),
    }
}

fn order(number: &str, date: NaiveDate, kind: OrderKind, students: &[(StudentId, &str)]) -> Order {
    Order {
        id: OrderId::new(),
        number: number.into(),
        date,
        kind,
        students: students.iter().map(|(s, n)| (*s, n.to_string())).collect(),
        note: String::new(),
    }
}

fn add(data: &mut MovementData, o: Order) -> Result<OrderId, DomainError> {
    check_new_order(data, &o)?;
    let id = o.id;
    data.orders.insert(id, o);
    Ok(id)
}

/// 5А gets three students on 1 September; Петров moves to 5Б on 11 January; Сидорова leaves
/// on 15 March.
fn year(w: &World) -> (MovementData, [OrderId; 3]) {
    let mut m = MovementData::default();
    let enroll = add(
        &mut m,
        order(
            "1-уч",
            d(2026, 9, 1),
            OrderKind::Enroll { to: w.a },
            &[
                (w.s1, "Петров Пётр"),
                (w.s2, "Сидорова Анна"),
                (w.s3, "Котов Иван"),
            ],
        ),
    )
    .unwrap();
    let transfer = add(
        &mut m,
        order(
            "7-уч",
            d(2027, 1, 11),
            OrderKind::Transfer { from: w.a, to: w.b },
            &[(w.s1, "Петров Пётр")],
        ),
    )
    .unwrap();
    let withdraw = add(
        &mut m,
        order(
            "9-уч",
            d(2027, 3, 15),
            OrderKind::Withdraw {
                from: w.a,
                destination: "МБОУ «Школа № 5», г. Тверь".into(),
            },
            &[(w.s2, "Сидорова Анна")],
        ),
    )
    .unwrap();
    (m, [enroll, transfer, withdraw])
}

#[test]
fn classes_on_dates_and_history() {
    let w = world();
    let (m, [enroll, transfer, _]) = year(&w);
    let t = replay(&m).unwrap();
    assert_eq!(t.class_on(w.s1, d(2026, 8, 31)), None);
    assert_eq!(t.class_on(w.s1, d(2026, 9, 1)), Some(w.a));
    assert_eq!(t.class_on(w.s1, d(2027, 1, 10)), Some(w.a));
    assert_eq!(t.class_on(w.s1, d(2027, 1, 11)), Some(w.b));
    assert_eq!(t.class_on(w.s2, d(2027, 3, 14)), Some(w.a));
    assert_eq!(t.class_on(w.s2, d(2027, 3, 15)), None);
    assert_eq!(
        t.members(w.a, d(2027, 4, 1))
            .into_iter()
            .collect::<Vec<_>>(),
        vec![w.s3]
    );
    let h = history(&m, w.s1);
    assert_eq!(
        h.iter().map(|e| e.order.id).collect::<Vec<_>>(),
        vec![enroll, transfer]
    );
    assert_eq!(history(&m, w.s3).len(), 1);
}

#[test]
fn no_movement_without_an_enrollment_order() {
    let w = world();
    let mut m = MovementData::default();
    let stranger = StudentId::new();
    let e = add(
        &mut m,
        order(
            "3",
            d(2026, 10, 1),
            OrderKind::Transfer { from: w.a, to: w.b },
            &[(stranger, "Новиков Олег")],
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("Новиков Олег"), "{e}");
    assert!(e.contains("Сначала оформите приказ о зачислении"), "{e}");
    let e = add(
        &mut m,
        order(
            "4",
            d(2026, 10, 1),
            OrderKind::Withdraw {
                from: w.a,
                destination: "Тверь".into(),
            },
            &[(stranger, "Новиков Олег")],
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("выбытие невозможен") || e.contains("выбытие"),
        "{e}"
    );

    // A transfer dated before the enrollment is refused as well.
    let (mut m, _) = year(&w);
    let e = add(
        &mut m,
        order(
            "10",
            d(2026, 8, 20),
            OrderKind::Transfer { from: w.a, to: w.b },
            &[(w.s3, "Котов Иван")],
        ),
    )
    .unwrap_err();
    assert!(e.to_string().contains("не зачислен"), "{e}");
    // And from the wrong class.
    let e = add(
        &mut m,
        order(
            "11",
            d(2027, 2, 1),
            OrderKind::Transfer { from: w.a, to: w.b },
            &[(w.s1, "Петров Пётр")],
        ),
    )
    .unwrap_err();
    assert!(e.to_string().contains("учится не в классе"), "{e}");
    // Enrolling someone already enrolled is refused.
    let e = add(
        &mut m,
        order(
            "12",
            d(2027, 2, 1),
            OrderKind::Enroll { to: w.b },
            &[(w.s3, "Котов Иван")],
        ),
    )
    .unwrap_err();
    assert!(e.to_string().contains("уже зачислен"), "{e}");
}

#[test]
fn numbers_are_unique_per_academic_year() {
    let w = world();
    let (mut m, _) = year(&w);
    let s = StudentId::new();
    let e = add(
        &mut m,
        order(
            "№ 7-УЧ",
            d(2027, 5, 1),
            OrderKind::Enroll { to: w.b },
            &[(s, "Лебедев Илья")],
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("2026/2027"), "{e}");
    // The next academic year starts its numbering again.
    add(
        &mut m,
        order(
            "7-уч",
            d(2027, 9, 1),
            OrderKind::Enroll { to: w.b },
            &[(s, "Лебедев Илья")],
        ),
    )
    .unwrap();
    assert_eq!(numbering_year(d(2027, 8, 31)), 2026);
    assert_eq!(numbering_year(d(2027, 9, 1)), 2027);
}

#[test]
fn fields_are_required() {
    let w = world();
    let (mut m, _) = year(&w);
    let mut o = order(
        "",
        d(2027, 4, 1),
        OrderKind::Enroll { to: w.a },
        &[(StudentId::new(), "А Б")],
    );
    assert!(add(&mut m, o.clone())
        .unwrap_err()
        .to_string()
        .contains("номер"));
    o.number = "20".into();
    o.students.clear();
    assert!(add(&mut m, o.clone())
        .unwrap_err()
        .to_string()
        .contains("нет ни одного ученика"));
    let no_destination = order(
        "21",
        d(2027, 4, 1),
        OrderKind::Withdraw {
            from: w.a,
            destination: " ".into(),
        },
        &[(w.s3, "Котов Иван")],
    );
    assert!(add(&mut m, no_destination)
        .unwrap_err()
        .to_string()
        .contains("куда выбывает"));
}

#[test]
fn a_mistaken_order_is_cancelled_not_edited() {
    let w = world();
    let (mut m, [enroll, transfer, withdraw]) = year(&w);
    // Cancelling the enrollment while a transfer stands on it is refused.
    let e = add(
        &mut m,
        order(
            "20",
            d(2027, 4, 1),
            OrderKind::Cancel { order: enroll },
            &[],
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("не зачислен"), "{e}");

    let cancel = add(
        &mut m,
        order(
            "21",
            d(2027, 4, 1),
            OrderKind::Cancel { order: transfer },
            &[],
        ),
    )
    .unwrap();
    let t = replay(&m).unwrap();
    assert_eq!(t.class_on(w.s1, d(2027, 2, 1)), Some(w.a), "back in 5А");
    assert_eq!(t.cancelled.get(&transfer), Some(&cancel));
    let h = history(&m, w.s1);
    assert_eq!(h.len(), 3);
    assert_eq!(h[1].cancelled_by, Some(cancel));
    assert_eq!(h[2].order.id, cancel);

    // Effects: the cancellation reverses the transfer from its date.
    let fx = effects(&m, transfer).unwrap();
    assert_eq!(fx.len(), 2);
    assert!(fx
        .iter()
        .any(|e| e.class == w.a && e.change == RosterChange::Leave && e.from == d(2027, 1, 11)));
    assert!(fx
        .iter()
        .any(|e| e.class == w.b && e.change == RosterChange::Join));
    let back = effects(&m, cancel).unwrap();
    assert!(back
        .iter()
        .any(|e| e.class == w.a && e.change == RosterChange::Join && e.from == d(2027, 1, 11)));
    assert!(back
        .iter()
        .any(|e| e.class == w.b && e.change == RosterChange::Leave));
    let fx = effects(&m, withdraw).unwrap();
    assert_eq!(fx.len(), 1);
    assert_eq!(fx[0].name, "Сидорова Анна");

    for (n, target, want) in [
        ("22", transfer, "уже отменён"),
        ("23", cancel, "Отмену не отменяют"),
        ("24", OrderId::new(), "которого нет"),
    ] {
        let e = add(
            &mut m,
            order(n, d(2027, 4, 2), OrderKind::Cancel { order: target }, &[]),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains(want), "{n}: {e}");
    }
    let early = add(
        &mut m,
        order(
            "25",
            d(2027, 3, 1),
            OrderKind::Cancel { order: withdraw },
            &[],
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(early.contains("более поздний"), "{early}");
}

#[test]
fn the_movement_book() {
    let w = world();
    let (mut m, [_, transfer, _]) = year(&w);
    let book = movement_book(&m, d(2026, 9, 1), d(2027, 5, 31)).unwrap();
    assert_eq!(book.entries.len(), 5);
    assert_eq!(
        book.entries[0].name, "Котов Иван",
        "alphabetical within an order"
    );
    let count = |book: &MovementBook, c: ClassId| {
        let x = book.classes.iter().find(|x| x.class == c).unwrap();
        (x.at_start, x.arrived, x.left, x.at_end)
    };
    assert_eq!(count(&book, w.a), (0, 3, 2, 1));
    assert_eq!(count(&book, w.b), (0, 1, 0, 1));

    // The second half of the year only.
    let spring = movement_book(&m, d(2027, 1, 11), d(2027, 5, 31)).unwrap();
    assert_eq!(count(&spring, w.a), (3, 0, 2, 1));
    assert_eq!(spring.entries.len(), 2);

    // A cancelled order stays in the book, marked; the counts follow the orders in force.
    let cancel = add(
        &mut m,
        order(
            "30",
            d(2027, 4, 1),
            OrderKind::Cancel { order: transfer },
            &[],
        ),
    )
    .unwrap();
    let book = movement_book(&m, d(2026, 9, 1), d(2027, 5, 31)).unwrap();
    assert_eq!(book.entries.len(), 6);
    let line = book.entries.iter().find(|e| e.order == transfer).unwrap();
    assert_eq!(line.cancelled_by, Some(cancel));
    assert_eq!(count(&book, w.a), (0, 3, 1, 2));
    assert!(book.classes.iter().all(|c| c.class != w.b));
}

fn server_doc(m: &MovementData) -> AutoCommit {
    m.to_doc().unwrap()
}

fn server_check(
    server: &mut AutoCommit,
    forge: impl FnOnce(&mut AutoCommit),
) -> Result<(), DomainError> {
    let mut device = server.fork().with_actor(ActorId::from(&[9u8; 16][..]));
    forge(&mut device);
    device.commit();
    let before = server.get_heads();
    let mut trial = server.fork();
    trial.merge(&mut device).unwrap();
    validate_incoming(
        DocKind::Movement,
        &mut trial,
        &before,
        &crate::validate::CheckContext::default(),
    )
}

#[test]
fn the_server_keeps_history_append_only() {
    let w = world();
    let (m, [enroll, _, _]) = year(&w);
    let mut doc = server_doc(&m);
    assert_eq!(MovementData::from_doc(&doc).unwrap(), m);

    // Editing an issued order is refused.
    let e = server_check(&mut doc, |dev| {
        let orders = crate::doc::get_map(dev, &ROOT, "orders").unwrap();
        let o = crate::doc::get_map(dev, &orders, &enroll.to_string()).unwrap();
        dev.put(&o, "date", "2026-08-01").unwrap();
    })
    .unwrap_err();
    assert!(matches!(e, DomainError::Forbidden(_)), "{e}");
    // So is deleting one.
    let e = server_check(&mut doc, |dev| {
        let orders = crate::doc::get_map(dev, &ROOT, "orders").unwrap();
        dev.delete(&orders, enroll.to_string()).unwrap();
    })
    .unwrap_err();
    assert!(e.to_string().contains("оформите приказ об отмене"), "{e}");

    // A new, valid order passes; a forged movement without enrollment does not.
    let s = StudentId::new();
    let enroll_s = order(
        "40",
        d(2027, 4, 1),
        OrderKind::Enroll { to: w.b },
        &[(s, "Орлов Лев")],
    );
    server_check(&mut doc, |dev| {
        apply(
            dev,
            &MovementOp::AddOrder {
                order: enroll_s.clone(),
            },
        )
        .unwrap();
    })
    .unwrap();
    let stranger = order(
        "41",
        d(2027, 4, 1),
        OrderKind::Transfer { from: w.a, to: w.b },
        &[(StudentId::new(), "Никто Никтович")],
    );
    let e = server_check(&mut doc, |dev| {
        // Bypasses the device's check, as a forged client would.
        let orders = crate::doc::get_map(dev, &ROOT, "orders").unwrap();
        let mut one = MovementData::default();
        one.orders.insert(stranger.id, stranger.clone());
        let o = crate::doc::put_map(dev, &orders, &stranger.id.to_string()).unwrap();
        dev.put(&o, "number", "41").unwrap();
        dev.put(&o, "date", "2027-04-01").unwrap();
        dev.put(&o, "kind", "transfer").unwrap();
        dev.put(&o, "from", w.a.to_string()).unwrap();
        dev.put(&o, "to", w.b.to_string()).unwrap();
        let st = crate::doc::put_map(dev, &o, "students").unwrap();
        for (id, name) in &stranger.students {
            dev.put(&st, id.to_string(), name.as_str()).unwrap();
        }
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("Сначала оформите приказ о зачислении"), "{e}");

    // The device's own check refuses it too, and writes nothing.
    let heads = doc.get_heads();
    assert!(apply(&mut doc, &MovementOp::AddOrder { order: stranger }).is_err());
    doc.commit();
    assert_eq!(doc.get_heads(), heads);
}
