//! The timetable's versions and two-week cycle, as a device's change leaves them: a touched
//! version has one value (not created concurrently on two devices), a date `from` inside the
//! school's year and unlike the other versions' (`timetable_cycle::version_problem`); a
//! removed version leaves no slot behind (`removal_problem`); a changed `cycle_start` is one
//! date, a Monday, and removing it leaves no slot of week A or B (`cycle_problem`). The
//! messages are the ones the device's `TimetableOp::check` shows.

use automerge::{AutoCommit, ChangeHash, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use chrono::NaiveDate;

use super::walk::Touched;
use super::CheckContext;
use crate::doc::timetable::TimetableData;
use crate::error::{DomainError, RefusalKind as K};
use crate::ids::TimetableVersionId;
use crate::timetable_cycle;

fn is_date(v: &Value<'_>) -> bool {
    matches!(v, Value::Scalar(s) if matches!(s.as_ref(), ScalarValue::Str(t)
        if NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok()))
}

pub(crate) fn check(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    touched: &Touched,
    cx: &CheckContext<'_>,
) -> Result<(), DomainError> {
    let ids: Vec<&str> = touched.entities_in("versions").collect();
    let cycle_now = doc.get_all(ROOT, "cycle_start")?;
    let cycle_changed = cycle_now != doc.get_all_at(ROOT, "cycle_start", before)?;
    if ids.is_empty() && !cycle_changed {
        return Ok(());
    }
    if cycle_changed {
        if cycle_now.len() > 1 {
            return Err(DomainError::refused(
                K::Rule,
                "чередование недель уже изменили на другом устройстве; обновите расписание",
            ));
        }
        if !cycle_now.iter().all(|(v, _)| is_date(v)) {
            return Err(DomainError::refused(
                K::WrongType,
                "начало недели А — дата вида ГГГГ-ММ-ДД; обновите приложение",
            ));
        }
    }
    if !ids.is_empty() {
        let Some((Value::Object(ObjType::Map), versions)) = doc.get(ROOT, "versions")? else {
            return Err(DomainError::refused(
                K::RootContainer,
                "в документе нет раздела «versions»",
            ));
        };
        for id in &ids {
            let all = doc.get_all(&versions, *id)?;
            if all.len() > 1 {
                return Err(DomainError::refused(
                    K::Rule,
                    "это расписание уже создано на другом устройстве; обновите расписание",
                ));
            }
            for (_, o) in &all {
                if !doc.get_all(o, "from")?.iter().all(|(v, _)| is_date(v)) {
                    return Err(DomainError::refused(
                        K::WrongType,
                        "дата начала расписания — дата вида ГГГГ-ММ-ДД; обновите приложение",
                    ));
                }
            }
        }
    }
    let data = TimetableData::from_doc(doc)?;
    if cycle_changed {
        if let Some(p) = timetable_cycle::cycle_problem(&data) {
            return Err(DomainError::refused(K::Rule, p));
        }
    }
    for id in ids {
        let Ok(id) = id.parse::<TimetableVersionId>() else {
            continue; // the layout check refused a key that is not an id already
        };
        let problem = match data.versions.get(&id) {
            Some(v) => {
                let Some(school) = cx.school else {
                    return Err(DomainError::refused(
                        K::UnknownId,
                        "расписание проверяется по данным школы, а их нет; повторите \
                         синхронизацию позже",
                    ));
                };
                timetable_cycle::version_problem(school, &data, v)
            }
            None => {
                // Named as it was before the change removed it.
                let old = TimetableData::from_doc(&doc.fork_at(before)?)?;
                let mut view = data.clone();
                if let Some(v) = old.versions.get(&id) {
                    view.versions.insert(id, v.clone());
                }
                timetable_cycle::removal_problem(&view, id)
            }
        };
        if let Some(p) = problem {
            return Err(DomainError::refused(K::Rule, p));
        }
    }
    Ok(())
}
