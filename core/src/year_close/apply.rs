//! What the confirmation and the undo write besides the orders: the school document (next
//! year, its periods, holidays and classes, the current year) and the closed year's journals.
//! The closed year's read-only rules are in [`super::read_only`].

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

use super::orders::{next_class_id, Run};
use super::YearPlan;
use crate::doc::movement::{MovementData, OrderKind};
use crate::doc::school::SchoolData;
use crate::doc::school_ops::SchoolOp;
use crate::doc::{get_map, get_str, need_map};
use crate::error::DomainError;
use crate::ids::{ClassId, YearId};
use crate::model::Class;

/// The school writes of a confirmation, in order: next year's calendar, its classes (with the
/// profile of this year's class of the same grade and letter), then next year as current.
pub fn confirm_school_ops(plan: &YearPlan) -> Vec<SchoolOp> {
    let mut ops = vec![SchoolOp::SetYearCalendar {
        year: plan.next_year.clone(),
        periods: plan.next_periods.clone(),
        holidays: plan.next_holidays.clone(),
    }];
    for n in &plan.next_classes {
        ops.push(SchoolOp::PutClass {
            class: Class {
                id: n.id,
                year: plan.next_year.id,
                grade: n.grade,
                letter: n.letter.clone(),
                class_teacher: n.class_teacher,
            },
        });
        if n.profile.is_some() {
            ops.push(SchoolOp::SetClassProfile {
                class: n.id,
                profile: n.profile,
            });
        }
    }
    ops.push(SchoolOp::SetCurrentYear {
        year: plan.next_year.id,
    });
    ops
}

/// The classes of `next` that the year close of `closed` created.
pub fn created_classes(school: &SchoolData, closed: YearId, next: YearId) -> BTreeSet<ClassId> {
    school
        .classes
        .values()
        .filter(|c| c.year == next && c.id == next_class_id(closed, c.grade, &c.letter))
        .map(|c| c.id)
        .collect()
}

/// What keeps the year close of `closed` from being undone (Russian sentences; empty: it may be
/// undone). `new_lessons_with_data`: lessons of the new year's journals that hold attendance,
/// marks, a topic or homework; `new_slots`: lessons in the new year's timetable.
pub fn undo_problems(
    school: &SchoolData,
    movement: &MovementData,
    run: &Run,
    closed: YearId,
    next: YearId,
    new_lessons_with_data: usize,
    new_slots: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    if school.current_year != Some(next) {
        out.push(
            "Текущий учебный год уже не тот, на который перешли: отменить переход нельзя.".into(),
        );
    }
    if new_lessons_with_data > 0 {
        out.push(format!(
            "В журналах нового года уже есть записи ({new_lessons_with_data} уроков с \
             посещаемостью, отметками или темами): переход отменить нельзя."
        ));
    }
    if new_slots > 0 {
        out.push(format!(
            "Расписание нового года уже составлено ({new_slots} уроков в неделю). Удалите его, \
             чтобы отменить переход."
        ));
    }
    let ours = created_classes(school, closed, next);
    let others: Vec<String> = school
        .classes
        .values()
        .filter(|c| c.year == next && !ours.contains(&c.id))
        .map(Class::name)
        .collect();
    if !others.is_empty() {
        out.push(format!(
            "В новом году заведены классы, которых переход не создавал: {}. Удалите их или \
             переведите учеников, затем отмените переход.",
            others.join(", ")
        ));
    }
    let used = school.groups.values().any(|g| ours.contains(&g.class))
        || school
            .assignments
            .values()
            .any(|a| a.year == next || ours.contains(&a.cohort.class()));
    if used {
        out.push(
            "Для классов нового года уже заведены группы или нагрузка учителей. Удалите их, затем \
             отмените переход."
                .into(),
        );
    }
    let run_orders: BTreeSet<_> = run.orders.iter().copied().collect();
    let cancelled: BTreeSet<_> = movement
        .orders
        .values()
        .filter_map(|o| match o.kind {
            OrderKind::Cancel { order } => Some(order),
            _ => None,
        })
        .collect();
    let later = movement.orders.values().filter(|o| {
        !run_orders.contains(&o.id)
            && !cancelled.contains(&o.id)
            && match &o.kind {
                OrderKind::Enroll { to } => ours.contains(to),
                OrderKind::Transfer { from, to } => ours.contains(from) || ours.contains(to),
                OrderKind::Withdraw { from, .. } => ours.contains(from),
                OrderKind::Cancel { .. } => false,
            }
    });
    let titles: Vec<String> = later.map(|o| o.title()).collect();
    if !titles.is_empty() {
        out.push(format!(
            "После перехода изданы приказы по классам нового года: {}. Отмените их, затем \
             отмените переход.",
            titles.join("; ")
        ));
    }
    out
}

/// Removes from the school document what the confirmation created: next year's classes (and
/// their profiles), periods, holidays and the year; `closed` becomes current again. Server
/// only; the caller commits.
pub fn remove_next_year(
    doc: &mut AutoCommit,
    school: &SchoolData,
    closed: YearId,
    next: YearId,
) -> Result<(), DomainError> {
    let ours = created_classes(school, closed, next);
    let classes = need_map(doc, &ROOT, "classes")?;
    for c in &ours {
        doc.delete(&classes, c.to_string())?;
    }
    if let Some(cp) = get_map(doc, &ROOT, "class_profiles") {
        for c in &ours {
            if get_str(doc, &cp, &c.to_string()).is_some() {
                doc.delete(&cp, c.to_string())?;
            }
        }
    }
    let periods = need_map(doc, &ROOT, "periods")?;
    for p in school.periods.values().filter(|p| p.year == next) {
        doc.delete(&periods, p.id.to_string())?;
    }
    if let Some(holidays) = get_map(doc, &ROOT, "holidays") {
        for h in school.holidays.values().filter(|h| h.year == next) {
            doc.delete(&holidays, h.id.to_string())?;
        }
    }
    let years = need_map(doc, &ROOT, "years")?;
    doc.delete(&years, next.to_string())?;
    doc.put(ROOT, "current_year", closed.to_string())?;
    Ok(())
}
