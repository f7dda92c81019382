//! Closing a study period on the server («Закрыть четверть»). The state of each period (closed
//! or open, by whom, when) is kept in storage (`period_states`); closing locks every journal of
//! the period as the server's own change, so every device gets the lock at its next sync and
//! the server refuses a later change of a locked journal without «Редактировать закрытый
//! период» (`validate_incoming`, the same rule `journal::apply` runs on the device). Closing is
//! refused while anything blocks it (`core::period_close::blockers`). Closing and reopening are
//! audited with the server-verified author and device. Blocking: call from `spawn_blocking`.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;
use zvonok_core::completeness::{self, Completeness, Enrolled, JournalRef};
use zvonok_core::doc::journal::{self, JournalData, JournalOp, JournalPermission};
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{DocId, PeriodId, UserId};
use zvonok_core::model::StudyPeriod;
use zvonok_core::period_close;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::wire::{AuditAction, BlockersView, PeriodChanged, PeriodRow, PeriodsView};

use crate::api::admin::{forbid_unless, index, internal};
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::persist::{self, Writer};
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, PeriodStateRecord, UserRecord};

const MAY_READ: &str = "учебные периоды и заполнение журналов видят координатор, директор и \
завуч; попросите право «Закрывать учебные периоды» или «Просматривать все классные журналы»";
const MAY_CLOSE: &str = "закрывать учебный период может тот, у кого есть право «Закрывать \
учебные периоды» (координатор, директор); попросите его у координатора";
const MAY_REOPEN: &str = "открыть закрытый период может тот, у кого есть право «Открывать \
закрытый период» (по умолчанию директор); попросите директора";

/// One close or reopen at a time: two requests never lock and record the same period twice.
static CLOSING: Mutex<()> = Mutex::new(());

/// The journals of one period, read.
pub(crate) struct Journals {
    pub(crate) list: Vec<(DocRecord, JournalData)>,
}

impl Journals {
    pub(crate) fn read(state: &AppState, period: PeriodId) -> ApiResult<Self> {
        let mut list = Vec::new();
        for rec in state.storage.docs()? {
            if rec.kind != DocKind::Journal || rec.meta.period != Some(period) {
                continue;
            }
            let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
                continue;
            };
            let data = JournalData::from_doc(&lock(&shared).doc).map_err(internal)?;
            list.push((rec, data));
        }
        Ok(Journals { list })
    }

    pub(crate) fn refs(&self) -> Vec<JournalRef<'_>> {
        self.list
            .iter()
            .map(|(rec, data)| JournalRef { doc: rec.id, data })
            .collect()
    }
}

fn may_read(state: &AppState, user: &UserRecord) -> ApiResult<SchoolData> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Read, Resource::Periods, &ix.dir),
        MAY_READ,
    )?;
    Ok(ix.school.clone())
}

/// The students active on each class's list: who is asked for marks (see
/// `core::completeness`).
pub(crate) fn enrolled(state: &AppState) -> ApiResult<Enrolled> {
    let ix = index(state)?;
    Ok(ix
        .rosters
        .iter()
        .map(|(class, r)| {
            let active = r
                .students
                .values()
                .filter(|s| s.active)
                .map(|s| s.id)
                .collect();
            (*class, active)
        })
        .collect())
}

/// A period of the current year, or 404.
fn period_of(school: &SchoolData, id: PeriodId) -> ApiResult<StudyPeriod> {
    school
        .current_periods()
        .into_iter()
        .find(|p| p.id == id)
        .cloned()
        .ok_or_else(|| {
            ApiError::NotFound(
                "такого учебного периода нет в текущем учебном году; обновите страницу".into(),
            )
        })
}

fn states(state: &AppState) -> ApiResult<HashMap<PeriodId, PeriodStateRecord>> {
    Ok(state
        .storage
        .period_states()?
        .into_iter()
        .map(|s| (s.period, s))
        .collect())
}

fn row(
    state: &AppState,
    school: &SchoolData,
    period: &StudyPeriod,
    known: Option<&PeriodStateRecord>,
    names: &mut HashMap<UserId, String>,
) -> ApiResult<PeriodRow> {
    let journals = Journals::read(state, period.id)?;
    let closed = known.is_some_and(|s| s.closed);
    let today = school.today(Utc::now());
    let blockers = if closed || journals.list.is_empty() {
        0
    } else {
        let enrolled = enrolled(state)?;
        period_close::blockers(school, period, &journals.refs(), &enrolled, today).len() as u32
    };
    let changed_by_name = match known {
        Some(s) => Some(match names.get(&s.user) {
            Some(n) => n.clone(),
            None => {
                let n = state
                    .storage
                    .user(s.user)?
                    .map(|u| u.display_name)
                    .unwrap_or_default();
                names.insert(s.user, n.clone());
                n
            }
        }),
        None => None,
    };
    Ok(PeriodRow {
        id: period.id,
        kind: period.kind,
        title: period.title(),
        start: period.start,
        end: period.end,
        closed,
        changed_by: known.map(|s| s.user),
        changed_by_name,
        changed_at: known.map(|s| s.at),
        journals: journals.list.len() as u32,
        locked: journals.list.iter().filter(|(_, j)| j.locked).count() as u32,
        blockers,
    })
}

/// `GET /v1/web/periods`
pub fn periods_view(state: &AppState, user: &UserRecord) -> ApiResult<PeriodsView> {
    let school = may_read(state, user)?;
    let ix = index(state)?;
    let p = &user.principal;
    let can_close = may(p, Action::Write, Resource::Periods, &ix.dir);
    let can_reopen = may(p, Action::EditLocked, Resource::Periods, &ix.dir);
    drop(ix);
    let known = states(state)?;
    let mut names = HashMap::new();
    let mut periods = Vec::new();
    for period in school.current_periods() {
        periods.push(row(
            state,
            &school,
            period,
            known.get(&period.id),
            &mut names,
        )?);
    }
    Ok(PeriodsView {
        periods,
        today: Some(school.today(Utc::now())),
        can_close,
        can_reopen,
    })
}

/// `GET /v1/web/periods/{id}/blockers`
pub fn blockers_view(state: &AppState, user: &UserRecord, id: PeriodId) -> ApiResult<BlockersView> {
    let school = may_read(state, user)?;
    let period = period_of(&school, id)?;
    let known = states(state)?;
    let journals = Journals::read(state, id)?;
    let today = school.today(Utc::now());
    let blockers =
        period_close::blockers(&school, &period, &journals.refs(), &enrolled(state)?, today);
    let row = row(state, &school, &period, known.get(&id), &mut HashMap::new())?;
    Ok(BlockersView {
        period: row,
        blockers,
    })
}

/// `GET /v1/web/completeness?period=`: the period given, else the one of today (or the last
/// one begun, in holidays).
pub fn completeness_view(
    state: &AppState,
    user: &UserRecord,
    id: Option<PeriodId>,
) -> ApiResult<Completeness> {
    let school = may_read(state, user)?;
    let today = school.today(Utc::now());
    let period = match id {
        Some(id) => period_of(&school, id)?,
        None => school
            .current_periods()
            .into_iter()
            .rev()
            .find(|p| p.start <= today)
            .or_else(|| school.current_periods().into_iter().next())
            .cloned()
            .ok_or_else(|| {
                ApiError::NotFound(
                    "в текущем учебном году нет учебных периодов; задайте их в настройке школы \
                     (шаг «Учебный год»)"
                        .into(),
                )
            })?,
    };
    let journals = Journals::read(state, period.id)?;
    Ok(completeness::completeness(
        &school,
        &period,
        &journals.refs(),
        &enrolled(state)?,
        today,
    ))
}

/// Locks (`lock = true`) or unlocks every journal of `period` as the server's own change;
/// returns how many changed.
fn set_locks(state: &AppState, period: PeriodId, lock_them: bool) -> ApiResult<u32> {
    let op = if lock_them {
        JournalOp::Lock
    } else {
        JournalOp::Unlock
    };
    let server = JournalPermission {
        edit_locked: true,
        substitute: None,
    };
    let mut changed = 0;
    for rec in state.storage.docs()? {
        if rec.kind != DocKind::Journal || rec.meta.period != Some(period) {
            continue;
        }
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let mut hot = lock(&shared);
        if journal::is_locked(&hot.doc) == lock_them {
            continue;
        }
        if persist::server_edit(state, &rec, &mut hot, |d| journal::apply(d, &op, server))? {
            changed += 1;
        }
    }
    Ok(changed)
}

fn record(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    period: &StudyPeriod,
    closed: bool,
    changed: u32,
) -> ApiResult<()> {
    state.storage.set_period_state(&PeriodStateRecord {
        period: period.id,
        closed,
        user: user.id,
        at: Utc::now(),
    })?;
    let (action, detail) = if closed {
        (
            AuditAction::PeriodClosed,
            format!(
                "«{}» ({} – {}) закрыт: журналов заблокировано {changed}",
                period.title(),
                period.start.format("%d.%m.%Y"),
                period.end.format("%d.%m.%Y")
            ),
        )
    } else {
        (
            AuditAction::PeriodReopened,
            format!(
                "«{}» ({} – {}) открыт снова: журналов разблокировано {changed}",
                period.title(),
                period.start.format("%d.%m.%Y"),
                period.end.format("%d.%m.%Y")
            ),
        )
    };
    Writer { user, device }.audit(state, None::<DocId>, action, detail)
}

/// `POST /v1/web/periods/{id}/close`: refused (422) with the blockers listed while there are
/// any, or when already closed.
pub fn close(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    id: PeriodId,
) -> ApiResult<PeriodChanged> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::Periods, &ix.dir),
        MAY_CLOSE,
    )?;
    let school = ix.school.clone();
    drop(ix);
    let period = period_of(&school, id)?;
    let _one_at_a_time = CLOSING.lock().unwrap_or_else(|p| p.into_inner());
    if states(state)?.get(&id).is_some_and(|s| s.closed) {
        return Err(ApiError::Unprocessable(format!(
            "«{}» уже закрыт. Чтобы изменить его журналы, откройте период снова (право \
             «Открывать закрытый период»)",
            period.title()
        )));
    }
    let journals = Journals::read(state, id)?;
    let today = school.today(Utc::now());
    let blockers =
        period_close::blockers(&school, &period, &journals.refs(), &enrolled(state)?, today);
    drop(journals);
    if !blockers.is_empty() {
        return Err(ApiError::Unprocessable(period_close::refusal_ru(&blockers)));
    }
    let changed = set_locks(state, id, true)?;
    record(state, user, device, &period, true, changed)?;
    let known = states(state)?;
    Ok(PeriodChanged {
        period: row(state, &school, &period, known.get(&id), &mut HashMap::new())?,
        journals_changed: changed,
    })
}

/// `POST /v1/web/periods/{id}/reopen`: «Открывать закрытый период» only; a period that is not
/// closed is 422.
pub fn reopen(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    id: PeriodId,
) -> ApiResult<PeriodChanged> {
    let ix = index(state)?;
    forbid_unless(
        may(
            &user.principal,
            Action::EditLocked,
            Resource::Periods,
            &ix.dir,
        ),
        MAY_REOPEN,
    )?;
    let school = ix.school.clone();
    drop(ix);
    let period = period_of(&school, id)?;
    let _one_at_a_time = CLOSING.lock().unwrap_or_else(|p| p.into_inner());
    if !states(state)?.get(&id).is_some_and(|s| s.closed) {
        return Err(ApiError::Unprocessable(format!(
            "«{}» не закрыт: открывать нечего",
            period.title()
        )));
    }
    let changed = set_locks(state, id, false)?;
    record(state, user, device, &period, false, changed)?;
    // Journals not opened while the period was closed (a subject added since) open now.
    crate::provision::after_school_change(state)?;
    let known = states(state)?;
    Ok(PeriodChanged {
        period: row(state, &school, &period, known.get(&id), &mut HashMap::new())?,
        journals_changed: changed,
    })
}
