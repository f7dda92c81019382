//! A small school: grades 8 and 9 (the last), one class each, a quarter calendar for
//! 2026/2027 with three holidays, enrollment orders, and final marks of two quarters.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use super::orders::{confirm_orders, in_force, runs, undo_orders};
use super::*;
use crate::doc::journal::{self, JournalOp, JournalPermission};
use crate::doc::movement::{Order, OrderKind};
use crate::doc::school_ops;
use crate::fixtures::tiny_journal;
use crate::ids::{HolidayId, OrderId};
use crate::model::{Class, Holiday, PeriodKind, Student, Subject};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

struct World {
    school: SchoolData,
    rosters: Vec<RosterData>,
    movement: MovementData,
    finals: Vec<JournalFinals>,
    c8: ClassId,
    c9: ClassId,
    math: SubjectId,
    art: SubjectId,
    /// 8А: good, failing maths in Q4 (2 in Q2 fixed to 4 would not count), н/а in art.
    s: [StudentId; 6],
}

const NAMES: [&str; 6] = [
    "Андреев Антон",   // 8А, all good
    "Борисова Бэла",   // 8А, 2 in maths (Q4)
    "Волков Виктор",   // 8А, 2 in Q2 but 4 in Q4: no debt
    "Григорьева Галя", // 9А, all good: graduates
    "Данилов Денис",   // 9А, н/а in art: retained is proposed
    "Егорова Ева",     // 8А, left in January
];

fn world() -> World {
    let year = YearId::new();
    let mut school = SchoolData {
        week_days: 5,
        current_year: Some(year),
        ..SchoolData::default()
    };
    school.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2026/2027".into(),
            start: d(2026, 9, 1),
            end: d(2027, 5, 31),
        },
    );
    let quarters = [
        (d(2026, 9, 1), d(2026, 10, 24)),
        (d(2026, 11, 5), d(2026, 12, 28)),
        (d(2027, 1, 12), d(2027, 3, 20)),
        (d(2027, 3, 30), d(2027, 5, 31)),
    ];
    let mut pids = Vec::new();
    for (i, (start, end)) in quarters.into_iter().enumerate() {
        let id = PeriodId::new();
        pids.push(id);
        school.periods.insert(
            id,
            StudyPeriod {
                id,
                year,
                kind: PeriodKind::Quarter,
                number: i as u8 + 1,
                start,
                end,
            },
        );
    }
    for (title, start, end) in [
        ("Осенние каникулы", d(2026, 10, 25), d(2026, 11, 4)),
        ("Зимние каникулы", d(2026, 12, 29), d(2027, 1, 11)),
        ("Весенние каникулы", d(2027, 3, 21), d(2027, 3, 29)),
    ] {
        let id = HolidayId::new();
        school.holidays.insert(
            id,
            Holiday {
                id,
                year,
                title: title.into(),
                start,
                end,
            },
        );
    }
    let math = SubjectId::new();
    let art = SubjectId::new();
    for (id, name) in [(math, "Математика"), (art, "Изобразительное искусство")]
    {
        school.subjects.insert(
            id,
            Subject {
                id,
                name: name.into(),
                grades: vec![8, 9],
            },
        );
    }
    let (c8, c9) = (ClassId::new(), ClassId::new());
    for (id, grade) in [(c8, 8), (c9, 9)] {
        school.classes.insert(
            id,
            Class {
                id,
                year,
                grade,
                letter: "А".into(),
                class_teacher: None,
            },
        );
    }
    let s: [StudentId; 6] = std::array::from_fn(|_| StudentId::new());
    let class_of = |i: usize| if i == 3 || i == 4 { c9 } else { c8 };
    let mut rosters = vec![RosterData::new(c8), RosterData::new(c9)];
    let mut movement = MovementData::default();
    for (i, id) in s.iter().enumerate() {
        let (last, first) = NAMES[i].split_once(' ').expect("name");
        let r = rosters
            .iter_mut()
            .find(|r| r.class == class_of(i))
            .expect("roster");
        r.students.insert(
            *id,
            Student {
                id: *id,
                last_name: last.into(),
                first_name: first.into(),
                middle_name: String::new(),
                active: i != 5,
            },
        );
    }
    for (n, class) in [(1, c8), (2, c9)] {
        let oid = OrderId::new();
        movement.orders.insert(
            oid,
            Order {
                id: oid,
                number: n.to_string(),
                date: d(2026, 9, 1),
                kind: OrderKind::Enroll { to: class },
                students: (0..6)
                    .filter(|i| class_of(*i) == class)
                    .map(|i| (s[i], NAMES[i].to_string()))
                    .collect(),
                note: String::new(),
            },
        );
    }
    let oid = OrderId::new();
    movement.orders.insert(
        oid,
        Order {
            id: oid,
            number: "3".into(),
            date: d(2027, 1, 20),
            kind: OrderKind::Withdraw {
                from: c8,
                destination: "Школа № 5 г. Твери".into(),
            },
            students: BTreeMap::from([(s[5], NAMES[5].to_string())]),
            note: String::new(),
        },
    );
    let m = |v: &str| v.parse::<MarkValue>().expect("mark");
    let (q2, q4) = (pids[1], pids[3]);
    let finals = vec![
        JournalFinals {
            class: c8,
            subject: math,
            period: q2,
            finals: BTreeMap::from([(s[0], m("5")), (s[1], m("3")), (s[2], m("2"))]),
        },
        JournalFinals {
            class: c8,
            subject: math,
            period: q4,
            finals: BTreeMap::from([(s[0], m("5")), (s[1], m("2")), (s[2], m("4"))]),
        },
        JournalFinals {
            class: c8,
            subject: art,
            period: q4,
            finals: BTreeMap::from([(s[0], m("5")), (s[1], m("н/а")), (s[2], m("4"))]),
        },
        JournalFinals {
            class: c9,
            subject: math,
            period: q4,
            finals: BTreeMap::from([(s[3], m("4")), (s[4], m("3"))]),
        },
        JournalFinals {
            class: c9,
            subject: art,
            period: q4,
            finals: BTreeMap::from([(s[3], m("5")), (s[4], m("н/а"))]),
        },
    ];
    World {
        school,
        rosters,
        movement,
        finals,
        c8,
        c9,
        math,
        art,
        s,
    }
}

fn run(w: &World, overrides: &BTreeMap<StudentId, Override>) -> YearPlan {
    plan(YearInput {
        school: &w.school,
        rosters: &w.rosters,
        movement: &w.movement,
        finals: &w.finals,
        overrides,
        today: d(2027, 6, 5),
    })
    .expect("plan")
}

fn student(p: &YearPlan, s: StudentId) -> &StudentPlan {
    p.students()
        .map(|(_, x)| x)
        .find(|x| x.student == s)
        .expect("student in plan")
}

#[test]
fn outcomes_are_proposed_from_the_latest_final_of_the_year() {
    let w = world();
    let p = run(&w, &BTreeMap::new());
    assert!(p.blocking().next().is_none(), "{:?}", p.problems);
    assert_eq!(p.last_grade, 9);
    assert_eq!(student(&p, w.s[0]).outcome, Outcome::Promoted);
    // Q4's 2 in maths and н/а in art: both are the debt, sorted by subject name.
    let b = student(&p, w.s[1]);
    let debts: Vec<&str> = b.debts.iter().map(|d| d.mark.as_str()).collect();
    assert_eq!(debts, ["н/а", "2"]);
    assert_eq!(
        b.outcome,
        Outcome::Conditional {
            subjects: vec![w.art, w.math],
            deadlines: vec![d(2027, 9, 30), d(2027, 10, 31)],
        }
    );
    // A 2 in Q2 is replaced by the 4 of Q4: no debt.
    assert_eq!(student(&p, w.s[2]).outcome, Outcome::Promoted);
    assert!(student(&p, w.s[2]).debts.is_empty());
    assert_eq!(student(&p, w.s[3]).outcome, Outcome::Graduated);
    assert_eq!(student(&p, w.s[4]).outcome, Outcome::Retained);
    // She left in January: listed, not in any class plan.
    assert_eq!(p.left.len(), 1);
    assert_eq!(
        (p.left[0].student, p.left[0].left_on),
        (w.s[5], d(2027, 1, 20))
    );
    assert!(p.students().all(|(_, x)| x.student != w.s[5]));
}

#[test]
fn next_year_classes_hold_the_promoted_and_the_retained() {
    let w = world();
    let p = run(&w, &BTreeMap::new());
    let names: Vec<&str> = p.next_classes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        ["9А"],
        "8А → 9А; the retained ninth-grader joins the new 9А"
    );
    let n9 = &p.next_classes[0];
    let mut want = vec![w.s[0], w.s[1], w.s[2], w.s[4]];
    want.sort();
    assert_eq!(n9.students, want);
    assert_eq!(student(&p, w.s[3]).to, None, "the graduate goes nowhere");
    assert_eq!(p.classes[0].next, Some(n9.id));
    assert_eq!(p.classes[1].next, None, "9 is the last grade");
}

#[test]
fn next_year_calendar_keeps_weekdays_and_has_no_problems() {
    let w = world();
    let p = run(&w, &BTreeMap::new());
    assert_eq!(p.next_year.title, "2027/2028");
    assert_eq!(p.next_year.start, d(2027, 9, 1));
    assert_eq!(p.next_year.end, d(2028, 5, 31));
    let q: Vec<(NaiveDate, NaiveDate)> = p.next_periods.iter().map(|x| (x.start, x.end)).collect();
    // Q1 ended Saturday 24.10.2026 → Saturday 23.10.2027; Q4 ends with the year.
    assert_eq!(q[0], (d(2027, 9, 1), d(2027, 10, 23)));
    assert_eq!(q[0].1.weekday(), Weekday::Sat);
    assert_eq!(q[1], (d(2027, 11, 4), d(2027, 12, 27)));
    assert_eq!(q[3], (d(2028, 3, 28), d(2028, 5, 31)));
    assert_eq!(p.next_holidays[0].start, d(2027, 10, 24));
    assert!(
        crate::calendar::year_problems(&p.next_year, &p.next_periods, &p.next_holidays, 5)
            .is_empty()
    );
    // The same proposal twice: the same ids.
    let again = run(&w, &BTreeMap::new());
    assert_eq!(p.next_periods, again.next_periods);
    assert_eq!(p.next_year.id, again.next_year.id);
}

#[test]
fn overrides_are_checked_against_the_grade() {
    let w = world();
    let o = BTreeMap::from([
        (w.s[0], Override::Graduated),
        (
            w.s[1],
            Override::Conditional {
                deadlines: vec![d(2027, 9, 15)],
            },
        ),
        (w.s[2], Override::Conditional { deadlines: vec![] }),
        (w.s[4], Override::Graduated),
    ]);
    let p = run(&w, &o);
    let blocking: Vec<&str> = p.blocking().map(|x| x.key.as_str()).collect();
    assert_eq!(
        blocking,
        [
            format!("override/{}", w.s[0]).as_str(),
            format!("override/{}", w.s[2]).as_str()
        ],
        "graduating from grade 8, a conditional promotion without a debt"
    );
    assert!(student(&p, w.s[1]).overridden);
    assert_eq!(
        student(&p, w.s[1]).outcome,
        Outcome::Conditional {
            subjects: vec![w.art, w.math],
            deadlines: vec![d(2027, 9, 15)]
        }
    );
    assert_eq!(student(&p, w.s[4]).outcome, Outcome::Graduated);
    let three = BTreeMap::from([(
        w.s[1],
        Override::Conditional {
            deadlines: vec![d(2027, 9, 15), d(2027, 10, 1), d(2027, 11, 1)],
        },
    )]);
    assert!(run(&w, &three)
        .blocking()
        .any(|x| x.message.contains("двух раз")));
}

#[test]
fn a_student_on_the_list_without_an_enrollment_order_blocks() {
    let mut w = world();
    let extra = StudentId::new();
    w.rosters[0].students.insert(
        extra,
        Student {
            id: extra,
            last_name: "Жуков".into(),
            first_name: "Жора".into(),
            middle_name: String::new(),
            active: true,
        },
    );
    let p = run(&w, &BTreeMap::new());
    let b: Vec<&YearProblem> = p.blocking().collect();
    assert_eq!(b.len(), 1);
    assert!(b[0].message.contains("Жуков Жора"), "{}", b[0].message);
    assert!(b[0].message.contains("приказ о зачислении"));
}

fn with(m: &MovementData, orders: &[Order]) -> MovementData {
    let mut m = m.clone();
    for o in orders {
        m.orders.insert(o.id, o.clone());
    }
    m
}

#[test]
fn the_confirmation_is_a_set_of_orders_the_book_explains_and_the_undo_cancels_them() {
    let w = world();
    let o = BTreeMap::from([(w.s[2], Override::Retained)]);
    let p = run(&w, &o);
    let orders = confirm_orders(&p, &w.movement).expect("orders");
    let kinds: Vec<(&str, &str, usize)> = orders
        .iter()
        .map(|o| (o.kind.code(), o.number.as_str(), o.students.len()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("transfer", "П-1", 1), // 8А → 9А: Андреев
            ("transfer", "П-2", 1), // Борисова, conditionally
            ("transfer", "П-3", 1), // Волков stays in grade 8: new 8А
            ("transfer", "П-4", 1), // Данилов stays in grade 9: new 9А
            ("withdraw", "П-1", 1), // Григорьева graduates (numbered in 2026/2027)
        ]
    );
    assert!(orders[1].note.contains("Математика"));
    assert!(orders[1].note.contains("до 30.09.2027, до 31.10.2027"));
    assert_eq!(orders[4].date, d(2027, 6, 1));
    assert!(
        matches!(&orders[4].kind, OrderKind::Withdraw { destination, .. } if destination == "выпуск")
    );
    let after = with(&w.movement, &orders);
    let t = crate::movement::replay(&after).expect("replay");
    let n9 = p.next_classes.iter().find(|n| n.grade == 9).expect("9А").id;
    let n8 = p.next_classes.iter().find(|n| n.grade == 8).expect("8А").id;
    assert_eq!(t.class_on(w.s[0], d(2027, 9, 1)), Some(n9));
    assert_eq!(t.class_on(w.s[2], d(2027, 9, 1)), Some(n8));
    assert_eq!(t.class_on(w.s[4], d(2027, 9, 1)), Some(n9));
    assert_eq!(t.class_on(w.s[3], d(2027, 6, 1)), None, "graduated");
    assert_eq!(t.class_on(w.s[3], d(2027, 5, 31)), Some(w.c9));
    assert_eq!(
        t.class_on(w.s[0], d(2027, 5, 31)),
        Some(w.c8),
        "the old year stays"
    );

    let r = in_force(&after, p.year.id).expect("run in force");
    assert_eq!((r.generation, r.orders.len()), (0, 5));
    // A dry run after the confirmation still sees the same year's end.
    let again = plan(YearInput {
        school: &w.school,
        rosters: &w.rosters,
        movement: &after,
        finals: &w.finals,
        overrides: &o,
        today: d(2027, 6, 5),
    })
    .expect("plan");
    assert_eq!(again.next_classes, p.next_classes);

    let undo = undo_orders(&r, &after).expect("undo");
    assert_eq!(undo.len(), 5);
    assert_eq!(undo[0].number, "П-1-отм");
    let undone = with(&after, &undo);
    assert!(in_force(&undone, p.year.id).is_none());
    let t = crate::movement::replay(&undone).expect("replay");
    assert_eq!(t.class_on(w.s[3], d(2027, 9, 1)), Some(w.c9), "back in 9А");

    // Confirming again: a new run, new ids and numbers, the same classes.
    let second = confirm_orders(&p, &undone).expect("orders");
    assert!(second.iter().all(|o| !undone.orders.contains_key(&o.id)));
    assert_eq!(second[0].number, "П-5");
    let twice = with(&undone, &second);
    assert_eq!(runs(&twice, p.year.id).len(), 2);
    assert_eq!(in_force(&twice, p.year.id).expect("run").generation, 1);
    let t = crate::movement::replay(&twice).expect("replay");
    assert_eq!(t.class_on(w.s[0], d(2027, 9, 1)), Some(n9));
}

#[test]
fn school_writes_add_next_year_and_the_undo_removes_it() {
    let w = world();
    let p = run(&w, &BTreeMap::new());
    let mut doc = w.school.to_doc().expect("doc");
    for op in apply::confirm_school_ops(&p) {
        school_ops::apply(&mut doc, &op).expect("op");
    }
    doc.commit();
    let s = SchoolData::from_doc(&doc).expect("school");
    assert_eq!(s.current_year, Some(p.next_year.id));
    assert_eq!(
        s.periods
            .values()
            .filter(|x| x.year == p.next_year.id)
            .count(),
        4
    );
    let created = apply::created_classes(&s, p.year.id, p.next_year.id);
    assert_eq!(created.len(), 1);
    let m = with(
        &w.movement,
        &confirm_orders(&p, &w.movement).expect("orders"),
    );
    let r = in_force(&m, p.year.id).expect("run");
    assert!(apply::undo_problems(&s, &m, &r, p.year.id, p.next_year.id, 0, 0).is_empty());
    let blocked = apply::undo_problems(&s, &m, &r, p.year.id, p.next_year.id, 3, 0);
    assert!(blocked[0].contains("3 уроков"), "{blocked:?}");
    apply::remove_next_year(&mut doc, &s, p.year.id, p.next_year.id).expect("remove");
    doc.commit();
    let back = SchoolData::from_doc(&doc).expect("school");
    assert_eq!(back, w.school, "the school is as before the confirmation");
}

#[test]
fn a_closed_years_journal_refuses_every_write_even_with_the_lock_right() {
    let (data, lesson, student) = tiny_journal();
    let mut doc = data.to_doc().expect("doc");
    assert!(read_only::set_journal_closed(&mut doc, true).expect("close"));
    assert!(!read_only::set_journal_closed(&mut doc, true).expect("again"));
    doc.commit();
    let op = JournalOp::SetAttendance {
        lesson,
        student,
        code: Some("Н".parse().expect("code")),
    };
    let all = JournalPermission {
        edit_locked: true,
        substitute: None,
    };
    let e = journal::apply(&mut doc, &op, all).expect_err("refused");
    assert!(e.to_string().contains("закрыт"), "{e}");
    assert!(journal::apply(&mut doc, &JournalOp::Unlock, all).is_err());
    assert!(read_only::set_journal_closed(&mut doc, false).expect("reopen"));
    doc.commit();
    journal::apply(&mut doc, &op, all).expect("open again");
}

#[test]
fn derived_ids_are_stable_and_distinct() {
    let y = YearId::from_bytes([7; 16]);
    assert_eq!(
        orders::next_class_id(y, 5, "А"),
        orders::next_class_id(y, 5, "А")
    );
    assert_ne!(
        orders::next_class_id(y, 5, "А"),
        orders::next_class_id(y, 5, "Б")
    );
    assert_ne!(
        orders::next_class_id(y, 5, "А"),
        orders::next_class_id(y, 6, "А")
    );
    assert_eq!(next_year_id(y).0.get_version_num(), 8);
}

#[test]
fn a_closed_years_school_data_refuses_writes_until_the_undo() {
    let w = world();
    let p = run(&w, &BTreeMap::new());
    let mut doc = w.school.to_doc().expect("doc");
    for op in apply::confirm_school_ops(&p) {
        school_ops::apply(&mut doc, &op).expect("op");
    }
    doc.commit();
    let s = SchoolData::from_doc(&doc).expect("school");
    assert_eq!(
        read_only::closed_years(&s).into_iter().collect::<Vec<_>>(),
        [p.year.id]
    );
    let mut old_q1 = w
        .school
        .periods
        .values()
        .find(|x| x.number == 1)
        .expect("q1")
        .clone();
    old_q1.end = d(2026, 10, 23);
    let refused = [
        school_ops::SchoolOp::PutPeriod {
            period: old_q1.clone(),
        },
        school_ops::SchoolOp::SetCurrentYear { year: p.year.id },
        school_ops::SchoolOp::PutClass {
            class: Class {
                letter: "Б".into(),
                ..w.school.classes[&w.c8].clone()
            },
        },
    ];
    for op in refused {
        let e = school_ops::check(&doc, &op).expect_err("closed");
        assert!(e.to_string().contains("закрыт"), "{e}");
    }
    // Next year's data stays editable.
    let mut new_q1 = p.next_periods[0].clone();
    new_q1.end = d(2027, 10, 22);
    school_ops::check(&doc, &school_ops::SchoolOp::PutPeriod { period: new_q1 }).expect("open");
    // After the undo the old year is the school's again.
    apply::remove_next_year(&mut doc, &s, p.year.id, p.next_year.id).expect("remove");
    doc.commit();
    school_ops::check(&doc, &school_ops::SchoolOp::PutPeriod { period: old_q1 }).expect("open");
}
