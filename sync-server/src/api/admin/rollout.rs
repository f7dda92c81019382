//! «Ход внедрения» (issue 11, item 4): `GET /v1/web/rollout` → `RolloutView` and
//! `GET /v1/web/rollout.pdf` (the administration meeting's one page, `crate::rollout_pdf`): the
//! seed's five rollout stages measured from the school's data by `core::rollout`.
//!
//! What is measured, and from where: the wizard's steps (`setup::progress` of the school
//! document); the final marks of the last ended period(s) of the year (every period ending on
//! the latest end date before today, so the second quarter and the first half-year count
//! together) over the students active on their lists; the reports the server produced
//! (`report_produced` audit lines) since the first of those periods began (before any period
//! has ended: since the year began); the movement orders
//! dated inside the current year; the current year's timetable slots and its
//! `timetable_rules::problems`; the completeness of the running period (today's, else the last
//! begun, as `GET /v1/web/completeness`); the accounts with the parent role and which of them
//! signed in during the last 30 days (the accounts' visit data).
//!
//! Rights: `may(Read, Resource::Rollout)`: «Настраивать школу» (the coordinator who reports)
//! or «Просматривать все классные журналы» (the administration that hears the report), both in
//! school scope. Neither right alone reads the other's data, which is why the dashboard has a
//! resource of its own: it shows counts only, never a journal, a name or a personal field.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use chrono::{Duration, NaiveDate, Utc};
use zvonok_core::completeness;
use zvonok_core::doc::movement::MovementData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::model::StudyPeriod;
use zvonok_core::rights::{may, Action, Resource, Role};
use zvonok_core::rollout::{self, RolloutInputs, PARENTS_WINDOW_DAYS};
use zvonok_core::setup;
use zvonok_core::timetable_rules;
use zvonok_core::wire::{AuditAction, RolloutView};

use super::{current_timetable_record, forbid_unless, index, internal, open};
use crate::api::download::{attachment, PDF};
use crate::api::extract::Authed;
use crate::docstore::lock;
use crate::error::ApiResult;
use crate::periods::{enrolled, Journals};
use crate::state::AppState;
use crate::storage::{AuditFilter, UserRecord};

const MAY_READ: &str = "ход внедрения видят координатор и администрация школы; попросите право \
«Настраивать школу» или «Просматривать все классные журналы» для всей школы";

/// Most `report_produced` lines counted: far more than a school produces in a period.
const MAX_COUNTED_REPORTS: usize = 100_000;

/// The periods of the year that ended last before `today` (all those ending that day).
fn last_ended<'a>(periods: &[&'a StudyPeriod], today: NaiveDate) -> Vec<&'a StudyPeriod> {
    let Some(end) = periods.iter().map(|p| p.end).filter(|e| *e < today).max() else {
        return Vec::new();
    };
    periods.iter().copied().filter(|p| p.end == end).collect()
}

/// Today's period, else the last one begun (as the completeness report chooses).
fn running<'a>(periods: &[&'a StudyPeriod], today: NaiveDate) -> Option<&'a StudyPeriod> {
    periods.iter().rev().find(|p| p.start <= today).copied()
}

fn inputs(state: &AppState, today: NaiveDate) -> ApiResult<RolloutInputs> {
    let ix = index(state)?;
    let school = ix.school.clone();
    drop(ix);
    let periods = school.current_periods();
    let mut i = RolloutInputs {
        setup: setup::progress(&school),
        ..RolloutInputs::default()
    };
    let enrolled = enrolled(state)?;

    // II: final marks of the last ended period(s) and the reports produced since.
    let ended = last_ended(&periods, today);
    let year = school.current_year.and_then(|y| school.years.get(&y));
    let reports_from = ended
        .iter()
        .map(|p| p.start)
        .min()
        .or(year.map(|y| y.start));
    if let Some(from) = reports_from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        i.reports = state
            .storage
            .audit_query(&AuditFilter {
                from: Some(from.and_utc()),
                to: None,
                actions: vec![AuditAction::ReportProduced.as_str().to_string()],
                user: None,
                student: None,
                class: None,
                before: None,
                limit: MAX_COUNTED_REPORTS,
            })?
            .len() as u32;
    }
    if !ended.is_empty() {
        let mut given = 0;
        let mut due = 0;
        for p in &ended {
            let journals = Journals::read(state, p.id)?;
            let c = rollout::finals_count("", &journals.refs(), &enrolled);
            given += c.given;
            due += c.due;
        }
        let titles: Vec<String> = ended.iter().map(|p| p.title()).collect();
        i.finals = Some(rollout::FinalsCount {
            period: titles.join(", "),
            due,
            given,
        });
    }
    if let Some(year) = year {
        let records = state.storage.docs()?;
        if let Some(rec) = records.iter().find(|r| r.kind == DocKind::Movement) {
            let shared = open(state, rec)?;
            let data = MovementData::from_doc(&lock(&shared).doc).map_err(internal)?;
            i.orders = data
                .orders
                .values()
                .filter(|o| year.start <= o.date && o.date <= year.end)
                .count() as u32;
        }
    }
    if let Some(rec) = current_timetable_record(state, &school)? {
        let shared = open(state, &rec)?;
        let t = TimetableData::from_doc(&lock(&shared).doc).map_err(internal)?;
        i.slots = t.slots.len() as u32;
        i.timetable_problems = timetable_rules::problems(&school, &t).len() as u32;
    }

    // III: the running period's journals.
    if let Some(p) = running(&periods, today) {
        let journals = Journals::read(state, p.id)?;
        let c = completeness::completeness(&school, p, &journals.refs(), &enrolled, today);
        i.lessons = Some(rollout::lessons_count(&c));
    }

    // IV: parents' sign-ins.
    let since = Utc::now() - Duration::days(PARENTS_WINDOW_DAYS);
    let signed_in: HashSet<_> = state
        .storage
        .login_stats_since(since)?
        .into_iter()
        .map(|s| s.user)
        .collect();
    for u in state.storage.users()? {
        if u.principal.roles.contains(&Role::Parent) {
            i.parent_accounts += 1;
            if signed_in.contains(&u.id) {
                i.parents_signed_in += 1;
            }
        }
    }
    Ok(i)
}

/// The dashboard for `user`, after the rights check.
pub fn rollout_view(state: &AppState, user: &UserRecord) -> ApiResult<RolloutView> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Read, Resource::Rollout, &ix.dir),
        MAY_READ,
    )?;
    let school = ix.school.card.name.clone();
    let today = ix.school.today(Utc::now());
    drop(ix);
    let i = inputs(state, today)?;
    Ok(RolloutView {
        school,
        today,
        stages: rollout::stages(&i),
    })
}

/// `GET /v1/web/rollout`
pub async fn get_rollout(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<RolloutView>> {
    let v = tokio::task::spawn_blocking(move || rollout_view(&state, &a.user)).await??;
    Ok(Json(v))
}

/// `GET /v1/web/rollout.pdf`
pub async fn get_rollout_pdf(State(state): State<Arc<AppState>>, a: Authed) -> ApiResult<Response> {
    let bytes = tokio::task::spawn_blocking(move || -> ApiResult<Vec<u8>> {
        let v = rollout_view(&state, &a.user)?;
        crate::rollout_pdf::render(&v).map_err(internal)
    })
    .await??;
    Ok(attachment(PDF, "rollout.pdf", bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::{PeriodId, YearId};
    use zvonok_core::model::PeriodKind;

    fn period(kind: PeriodKind, number: u8, start: (u32, u32), end: (u32, u32)) -> StudyPeriod {
        let d = |(m, d): (u32, u32)| {
            NaiveDate::from_ymd_opt(if m >= 9 { 2026 } else { 2027 }, m, d).unwrap_or_default()
        };
        StudyPeriod {
            id: PeriodId::new(),
            year: YearId::new(),
            kind,
            number,
            start: d(start),
            end: d(end),
        }
    }

    #[test]
    fn the_last_ended_periods_are_all_those_ending_last() {
        let q1 = period(PeriodKind::Quarter, 1, (9, 1), (10, 24));
        let q2 = period(PeriodKind::Quarter, 2, (11, 5), (12, 28));
        let h1 = period(PeriodKind::HalfYear, 1, (9, 1), (12, 28));
        let q3 = period(PeriodKind::Quarter, 3, (1, 9), (3, 20));
        let all = [&q1, &h1, &q2, &q3];
        let on = |m, d| NaiveDate::from_ymd_opt(if m >= 9 { 2026 } else { 2027 }, m, d).unwrap();
        assert!(last_ended(&all, on(10, 24)).is_empty());
        assert_eq!(last_ended(&all, on(10, 25)), [&q1]);
        assert_eq!(last_ended(&all, on(1, 15)), [&h1, &q2]);
        assert_eq!(running(&all, on(1, 15)), Some(&q3));
        assert_eq!(running(&all, on(12, 30)), Some(&q2));
        assert_eq!(
            running(&all, NaiveDate::from_ymd_opt(2026, 8, 20).unwrap()),
            None
        );
    }
}
