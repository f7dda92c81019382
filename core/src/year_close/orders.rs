//! The confirmation as movement orders of the kinds the book already has, so the book, the
//! rosters and the reports explain it:
//!
//! - promoted students of a class: one «о переводе» order from this year's class into next
//!   year's class of the next grade (5А → 6А), dated next year's first day;
//! - a conditionally promoted student: an order «о переводе» of their own, its note naming the
//!   debt's subjects and the retake deadlines;
//! - retained students of a class: one «о переводе» into next year's class of the same grade
//!   and letter (5А → 5А of the new year);
//! - graduates of a class: one «о выбытии» with the destination «выпуск», dated the day after
//!   the closing year ends;
//! - students who left during the year already have their order: nothing.
//!
//! Order ids are derived from the year, the run («generation»: how many earlier runs were
//! undone) and the order's place, so whether a run is in force is read from the book itself.
//! The undo is one cancelling order per order of the run, dated like the order it cancels.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Duration;

use super::{Outcome, YearPlan};
use crate::calendar::date_ru;
use crate::doc::movement::{MovementData, Order, OrderKind};
use crate::error::DomainError;
use crate::ids::{ClassId, OrderId, StudentId, YearId};
use crate::movement::{check_new_order, numbering_year};

/// Most runs looked for (a year closed and undone 100 times is not a school's practice).
const MAX_RUNS: u32 = 100;

/// A stable 128-bit id from text parts (FNV-1a, two lanes), marked as a UUID v8.
pub fn derived_id(parts: &[&str]) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for p in parts {
        for byte in p.bytes().chain(std::iter::once(0xff)) {
            a ^= u64::from(byte);
            a = a.wrapping_mul(0x0000_0100_0000_01b3);
            b ^= u64::from(byte).rotate_left(5) ^ a;
            b = b.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out[6] = (out[6] & 0x0f) | 0x80;
    out[8] = (out[8] & 0x3f) | 0x80;
    out
}

pub fn next_year_id(year: YearId) -> YearId {
    YearId::from_bytes(derived_id(&["year-close/year", &year.to_string()]))
}

pub fn next_class_id(year: YearId, grade: u8, letter: &str) -> ClassId {
    ClassId::from_bytes(derived_id(&[
        "year-close/class",
        &year.to_string(),
        &grade.to_string(),
        letter,
    ]))
}

fn order_id(year: YearId, generation: u32, index: usize) -> OrderId {
    OrderId::from_bytes(derived_id(&[
        "year-close/order",
        &year.to_string(),
        &generation.to_string(),
        &index.to_string(),
    ]))
}

fn cancel_id(year: YearId, generation: u32, index: usize) -> OrderId {
    OrderId::from_bytes(derived_id(&[
        "year-close/cancel",
        &year.to_string(),
        &generation.to_string(),
        &index.to_string(),
    ]))
}

/// One confirmation of closing `year` as found in the movement book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub year: YearId,
    pub generation: u32,
    pub orders: Vec<OrderId>,
    /// Every order of the run was cancelled (the run was undone).
    pub undone: bool,
}

/// Every run of closing `year`, oldest first.
pub fn runs(m: &MovementData, year: YearId) -> Vec<Run> {
    let cancelled: BTreeSet<OrderId> = m
        .orders
        .values()
        .filter_map(|o| match o.kind {
            OrderKind::Cancel { order } => Some(order),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for generation in 0..MAX_RUNS {
        let orders: Vec<OrderId> = (0..)
            .map(|i| order_id(year, generation, i))
            .take_while(|id| m.orders.contains_key(id))
            .collect();
        if orders.is_empty() {
            break;
        }
        let undone = orders.iter().all(|o| cancelled.contains(o));
        out.push(Run {
            year,
            generation,
            orders,
            undone,
        });
    }
    out
}

/// The run of closing `year` in force (confirmed and not undone), if any.
pub fn in_force(m: &MovementData, year: YearId) -> Option<Run> {
    runs(m, year).into_iter().rfind(|r| !r.undone)
}

fn norm(n: &str) -> String {
    n.trim()
        .trim_start_matches('№')
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Hands out order numbers «П-1», «П-2» … free in the numbering year of each date.
struct Numbers {
    taken: BTreeSet<(i32, String)>,
}

impl Numbers {
    fn new(m: &MovementData) -> Self {
        Numbers {
            taken: m
                .orders
                .values()
                .map(|o| (numbering_year(o.date), norm(&o.number)))
                .collect(),
        }
    }

    fn take(&mut self, date: chrono::NaiveDate, wanted: impl Fn(usize) -> String) -> String {
        let y = numbering_year(date);
        let mut k = 1;
        loop {
            let n = wanted(k);
            if self.taken.insert((y, norm(&n))) {
                return n;
            }
            k += 1;
        }
    }
}

/// The orders that carry out `plan` (refused with the first reason if the book would not take
/// them: the caller writes nothing then).
pub fn confirm_orders(plan: &YearPlan, m: &MovementData) -> Result<Vec<Order>, DomainError> {
    let year = plan.year.id;
    let generation = runs(m, year).len() as u32;
    let title = plan.year.title.trim();
    let next_names: BTreeMap<ClassId, String> = plan
        .next_classes
        .iter()
        .map(|n| (n.id, n.name.clone()))
        .collect();
    let transfer_date = plan.next_year.start;
    let graduation_date = (plan.year.end + Duration::days(1)).min(transfer_date);
    let mut numbers = Numbers::new(m);
    let mut out: Vec<Order> = Vec::new();
    let mut push = |date, kind, students: BTreeMap<StudentId, String>, note: String| {
        if students.is_empty() {
            return;
        }
        let number = numbers.take(date, |k| format!("П-{k}"));
        out.push(Order {
            id: order_id(year, generation, out.len()),
            number,
            date,
            kind,
            students,
            note,
        });
    };
    for c in &plan.classes {
        let group = |f: &dyn Fn(&Outcome) -> bool| -> BTreeMap<StudentId, String> {
            c.students
                .iter()
                .filter(|s| f(&s.outcome))
                .map(|s| (s.student, s.name.clone()))
                .collect()
        };
        if let Some(next) = c.next {
            let to = next_names.get(&next).cloned().unwrap_or_default();
            push(
                transfer_date,
                OrderKind::Transfer {
                    from: c.class,
                    to: next,
                },
                group(&|o| matches!(o, Outcome::Promoted)),
                format!(
                    "Переведены в {to} по итогам {title} учебного года (ч. 1 ст. 58 \
                     Федерального закона № 273-ФЗ)."
                ),
            );
            for s in &c.students {
                let Outcome::Conditional { deadlines, .. } = &s.outcome else {
                    continue;
                };
                let subjects: Vec<&str> = s.debts.iter().map(|d| d.name.as_str()).collect();
                let dates: Vec<String> = deadlines
                    .iter()
                    .map(|d| format!("до {}", date_ru(*d)))
                    .collect();
                push(
                    transfer_date,
                    OrderKind::Transfer {
                        from: c.class,
                        to: next,
                    },
                    BTreeMap::from([(s.student, s.name.clone())]),
                    format!(
                        "Переведён(а) в {to} условно по итогам {title} учебного года (ч. 8 ст. 58 \
                         Федерального закона № 273-ФЗ). Академическая задолженность: {}. Сроки \
                         ликвидации: {}.",
                        subjects.join(", "),
                        dates.join(", ")
                    ),
                );
            }
        }
        let retained = group(&|o| matches!(o, Outcome::Retained));
        if let Some(to) = c
            .students
            .iter()
            .find(|s| matches!(s.outcome, Outcome::Retained))
            .and_then(|s| s.to)
        {
            push(
                transfer_date,
                OrderKind::Transfer { from: c.class, to },
                retained,
                format!(
                    "Оставлены на повторное обучение в {} классе по итогам {title} учебного года \
                     (ч. 9 ст. 58 Федерального закона № 273-ФЗ).",
                    c.grade
                ),
            );
        }
        push(
            graduation_date,
            OrderKind::Withdraw {
                from: c.class,
                destination: "выпуск".into(),
            },
            group(&|o| matches!(o, Outcome::Graduated)),
            format!(
                "Выпуск: завершено обучение в {} классе, {title} учебный год.",
                c.grade
            ),
        );
    }
    let mut so_far = m.clone();
    for o in &out {
        check_new_order(&so_far, o)?;
        so_far.orders.insert(o.id, o.clone());
    }
    Ok(out)
}

/// The cancelling orders that undo `run` (one per order, dated like it).
pub fn undo_orders(run: &Run, m: &MovementData) -> Result<Vec<Order>, DomainError> {
    let mut numbers = Numbers::new(m);
    let mut out = Vec::new();
    let mut so_far = m.clone();
    for (i, id) in run.orders.iter().enumerate() {
        let Some(target) = m.orders.get(id) else {
            continue;
        };
        let base = target.number.trim().to_string();
        let number = numbers.take(target.date, |k| {
            if k == 1 {
                format!("{base}-отм")
            } else {
                format!("{base}-отм{k}")
            }
        });
        let o = Order {
            id: cancel_id(run.year, run.generation, i),
            number,
            date: target.date,
            kind: OrderKind::Cancel { order: *id },
            students: BTreeMap::new(),
            note: "Отмена перехода на новый учебный год.".into(),
        };
        if so_far.orders.contains_key(&o.id) {
            continue;
        }
        check_new_order(&so_far, &o)?;
        so_far.orders.insert(o.id, o.clone());
        out.push(o);
    }
    Ok(out)
}
