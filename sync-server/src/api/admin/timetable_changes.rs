//! `GET /v1/web/timetable/changes?from=YYYY-MM-DD&to=YYYY-MM-DD` → `ChangesView`: the changes
//! by date (cancelled, moved, substituted lessons) touching those dates, in words, with the
//! clashes of those days; every staff member reads it (the timetable is theirs to read),
//! `can_edit` says who may write (`POST /v1/web/timetable/ops` with `put_change` /
//! `remove_change`). At most `MAX_RANGE_DAYS` days (`views::changes::check_range`).

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::views::changes::{changes_view, check_range, ChangesView};

use super::{forbid_unless, index, query};
use crate::api::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::provision::journals::Plan;
use crate::state::AppState;
use crate::storage::UserRecord;

const READ: &str = "изменения расписания видят сотрудники школы";
const RANGE: &str = "укажите даты from и to в виде ГГГГ-ММ-ДД (не больше 62 дней), например \
from=2026-09-01&to=2026-09-07";

#[derive(Debug, Deserialize)]
pub struct RangeQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The changes of `from..=to` in the current year's timetable.
pub fn timetable_changes(
    state: &AppState,
    user: &UserRecord,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<ChangesView> {
    check_range(from, to).map_err(ApiError::BadRequest)?;
    let ix = index(state)?;
    let p = &user.principal;
    forbid_unless(may(p, Action::Read, Resource::Timetable, &ix.dir), READ)?;
    let can_edit = may(p, Action::Write, Resource::Timetable, &ix.dir);
    let school = ix.school.clone();
    drop(ix);
    let records = state.storage.docs()?;
    let Some(plan) = Plan::read(state, school, &records)? else {
        return Ok(ChangesView {
            can_edit,
            ..ChangesView::default()
        });
    };
    Ok(changes_view(
        &plan.school,
        &plan.timetable,
        &plan.changes,
        from,
        to,
        can_edit,
    ))
}

/// `GET /v1/web/timetable/changes?from=&to=`
pub async fn get_timetable_changes(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<RangeQuery>, QueryRejection>,
) -> ApiResult<Json<ChangesView>> {
    let q = query(q, RANGE)?;
    let v = tokio::task::spawn_blocking(move || timetable_changes(&state, &a.user, q.from, q.to))
        .await??;
    Ok(Json(v))
}
