//! The timetable's own rules, beyond its layout: every slot a change touched names a class,
//! group, subject and teachers of the school (the lead and every co-teacher, none twice), falls on a day of the school's week and on a
//! lesson number of its bell schedule. Slots the change did not touch are not judged again
//! one by one; then the whole week after the change is compared with the week before it
//! ([`timetable_rules::new_problem`]): a change that adds a problem (a teacher, room or class
//! in two places, a lesson without a teaching assignment, hours over the plan) is refused
//! with [`K::Rule`], exactly as the device's `TimetableOp::check` refuses it. Versions and
//! the two-week cycle: [`super::timetable_versions`]; a touched slot's version exists and its
//! week A or B has a cycle (`timetable_cycle::slot_problem`).

use automerge::{AutoCommit, ChangeHash, ObjType, ReadDoc, Value, ROOT};

use super::walk::Touched;
use super::CheckContext;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::doc::timetable_changes::{read_changes, CHANGES};
use crate::error::{DomainError, RefusalKind as K};
use crate::ids::{ChangeId, SlotId};
use crate::rights::Cohort;
use crate::timetable_changes as changes_rules;
use crate::timetable_rules;

pub(crate) fn check(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    touched: &Touched,
    cx: &CheckContext<'_>,
) -> Result<(), DomainError> {
    super::timetable_versions::check(doc, before, touched, cx)?;
    let data = TimetableData::from_doc(doc)?;
    let ids: Vec<SlotId> = touched
        .entities_in("slots")
        .filter_map(|id| id.parse().ok())
        .collect();
    let change_ids: Vec<ChangeId> = touched
        .entities_in(CHANGES)
        .filter_map(|id| id.parse().ok())
        .collect();
    if ids.is_empty() && change_ids.is_empty() {
        return Ok(());
    }
    let Some(school) = cx.school else {
        return Err(DomainError::refused(
            K::UnknownId,
            "расписание проверяется по данным школы, а их нет; повторите синхронизацию позже",
        ));
    };
    if !change_ids.is_empty() {
        check_changes(doc, before, &data, school, &change_ids)?;
    }
    if ids.is_empty() {
        return Ok(());
    }
    // Every concurrent version of a touched slot counts, not only the one reads show.
    let slots = match doc.get(ROOT, "slots")? {
        Some((Value::Object(ObjType::Map), id)) => id,
        _ => return Ok(()),
    };
    for id in ids {
        if doc.get_all(&slots, id.to_string())?.len() > 1 {
            return Err(DomainError::refused(
                K::Rule,
                "этот урок расписания уже создан на другом устройстве; обновите расписание",
            ));
        }
        if let Some(slot) = data.slots.get(&id) {
            check_slot(school, slot)?;
            if let Some(p) = crate::timetable_cycle::slot_problem(&data, slot) {
                return Err(DomainError::refused(K::Rule, p));
            }
        }
    }
    let old = TimetableData::from_doc(&doc.fork_at(before)?)?;
    match timetable_rules::new_problem(school, &old, &data) {
        Some(p) => Err(DomainError::refused(K::Rule, p.message)),
        None => Ok(()),
    }
}

/// The touched changes by date obey `timetable_changes::check_change`, and the dates they
/// concern (before and after) gain no clash, as the device's `TimetableOp::check` decides.
fn check_changes(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    week: &TimetableData,
    school: &SchoolData,
    ids: &[ChangeId],
) -> Result<(), DomainError> {
    let rule = |e: DomainError| match e {
        DomainError::Rule(m) => DomainError::refused(K::Rule, m),
        DomainError::Refused(r) => DomainError::Refused(r),
        other => DomainError::refused(
            K::BadValue,
            format!("изменение расписания записано неверно ({other}); обновите приложение"),
        ),
    };
    if let Some((Value::Object(ObjType::Map), changes)) = doc.get(ROOT, CHANGES)? {
        for id in ids {
            if doc.get_all(&changes, id.to_string())?.len() > 1 {
                return Err(DomainError::refused(
                    K::Rule,
                    "это изменение расписания уже создано на другом устройстве; обновите \
                     расписание",
                ));
            }
        }
    }
    let after = read_changes(doc).map_err(rule)?;
    let old = read_changes(&doc.fork_at(before)?).map_err(rule)?;
    let mut dates = Vec::new();
    for id in ids {
        for c in [old.get(id), after.get(id)].into_iter().flatten() {
            dates.extend(changes_rules::dates_of(c));
        }
        if let Some(c) = after.get(id) {
            changes_rules::check_change(school, week, &after, c).map_err(rule)?;
        }
    }
    changes_rules::check_not_worse(school, week, &old, &after, dates).map_err(rule)
}

fn check_slot(school: &SchoolData, slot: &crate::model::Slot) -> Result<(), DomainError> {
    let days = timetable_rules::days_in_week(school);
    let weekday = slot.weekday.number_from_monday();
    if weekday > days {
        return Err(DomainError::refused(
            K::OutOfRange,
            format!("в школе {days}-дневная неделя: день {weekday} в расписание не ставится"),
        ));
    }
    if !timetable_rules::number_in_bells(school, slot.number) {
        return Err(DomainError::refused(
            K::OutOfRange,
            format!(
                "урока №{} нет в расписании звонков; выберите номер урока из расписания звонков",
                slot.number
            ),
        ));
    }
    let unknown = |what: &str| {
        Err(DomainError::refused(
            K::UnknownId,
            format!("{what} нет в данных школы; выберите из списка"),
        ))
    };
    let class = match slot.cohort {
        Cohort::Class(c) | Cohort::Group { class: c, .. } => c,
    };
    if !school.classes.contains_key(&class) {
        return unknown("Такого класса");
    }
    if let Cohort::Group { group, .. } = slot.cohort {
        if school.groups.get(&group).is_none_or(|g| g.class != class) {
            return unknown("Такой группы в этом классе");
        }
    }
    if !school.subjects.contains_key(&slot.subject) {
        return unknown("Такого предмета");
    }
    if slot.teachers().any(|t| !school.staff.contains_key(&t)) {
        return unknown("Такого учителя");
    }
    if let Some(p) = slot.teachers_problem() {
        return Err(DomainError::refused(K::BadValue, p));
    }
    Ok(())
}
