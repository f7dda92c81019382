//! **The closed year is read-only**, for everyone, the right «Редактировать закрытый период»
//! included; the one way back is the undo of the year close (right «Закрывать учебный год и
//! переходить на новый»), allowed until the first lesson of the new year holds data.
//!
//! - Journals: the server marks every journal of the closed year (`meta.year_closed`, a
//!   server-only field); [`check_year_open`] refuses every write to such a journal, on the
//!   device (`journal::check`) and on the server (`journal::validate_touched`).
//! - The school document: a year is closed while the school holds the next year the year close
//!   made of it ([`super::next_year_id`]); [`check_closed_years`] refuses a write that changes
//!   a closed year, its periods, holidays, classes, groups, teaching assignments or class
//!   profiles, or makes it current again (`school_ops::check` and the server's check of a
//!   device's school change).

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};

use super::next_year_id;
use crate::doc::school::SchoolData;
use crate::doc::{get_bool, get_map, need_map};
use crate::error::DomainError;
use crate::ids::{ClassId, YearId};

/// Marks a journal of the closed year read-only (or, for the undo, writable again). Server
/// only; returns whether anything changed; the caller commits.
pub fn set_journal_closed(doc: &mut AutoCommit, closed: bool) -> Result<bool, DomainError> {
    if journal_year_closed(doc) == closed {
        return Ok(false);
    }
    let meta = need_map(doc, &ROOT, "meta")?;
    if closed {
        doc.put(&meta, "year_closed", true)?;
    } else {
        doc.delete(&meta, "year_closed")?;
    }
    Ok(true)
}

/// Whether a journal belongs to a closed year.
pub fn journal_year_closed(doc: &AutoCommit) -> bool {
    get_map(doc, &ROOT, "meta")
        .and_then(|m| get_bool(doc, &m, "year_closed"))
        .unwrap_or(false)
}

/// The one rule of the closed year's journals: no write, whoever writes.
pub fn check_year_open(doc: &AutoCommit) -> Result<(), DomainError> {
    if journal_year_closed(doc) {
        return Err(DomainError::Rule(
            "Учебный год этого журнала закрыт: журнал только для чтения. Исправить его можно, \
             только отменив переход на новый год (пока в новом году не начались уроки)."
                .into(),
        ));
    }
    Ok(())
}

/// The years of `school` that a year close closed.
pub fn closed_years(school: &SchoolData) -> BTreeSet<YearId> {
    school
        .years
        .keys()
        .filter(|y| school.years.contains_key(&next_year_id(**y)))
        .copied()
        .collect()
}

/// Refuses a change of the school document that touches a closed year (see the module).
pub fn check_closed_years(before: &SchoolData, after: &SchoolData) -> Result<(), DomainError> {
    let closed = closed_years(before);
    if closed.is_empty() {
        return Ok(());
    }
    let refuse = |title: &str| {
        Err(DomainError::Rule(format!(
            "Учебный год {title} закрыт: его данные только для чтения. Если нужно их исправить, \
             отмените переход на новый год (пока в новом году не начались уроки)."
        )))
    };
    for y in &closed {
        let title = before.years[y].title.as_str();
        if after.current_year == Some(*y) && before.current_year != Some(*y) {
            return refuse(title);
        }
        let classes = |s: &SchoolData| -> BTreeSet<ClassId> {
            s.classes
                .values()
                .filter(|c| c.year == *y)
                .map(|c| c.id)
                .collect()
        };
        let of_year = classes(before);
        let same = before.years.get(y) == after.years.get(y)
            && of_year == classes(after)
            && before
                .periods
                .values()
                .filter(|p| p.year == *y)
                .eq(after.periods.values().filter(|p| p.year == *y))
            && before
                .holidays
                .values()
                .filter(|h| h.year == *y)
                .eq(after.holidays.values().filter(|h| h.year == *y))
            && of_year.iter().all(|c| {
                before.classes.get(c) == after.classes.get(c)
                    && before.class_profiles.get(c) == after.class_profiles.get(c)
            })
            && before
                .groups
                .values()
                .filter(|g| of_year.contains(&g.class))
                .eq(after.groups.values().filter(|g| of_year.contains(&g.class)))
            && before
                .assignments
                .values()
                .filter(|a| a.year == *y || of_year.contains(&a.cohort.class()))
                .eq(after
                    .assignments
                    .values()
                    .filter(|a| a.year == *y || of_year.contains(&a.cohort.class())));
        if !same {
            return refuse(title);
        }
    }
    Ok(())
}
