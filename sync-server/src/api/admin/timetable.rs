//! The weekly timetable for the browser: `GET /v1/web/timetable` (every staff member reads
//! it: the grids by class, teacher and room) and `POST /v1/web/timetable/ops` (one
//! `TimetableOp`, «Редактировать расписание» only). A write is performed with the same core
//! rules as the coordinator's device (`timetable_ops::apply`: a write that gives the week a
//! new problem is refused and changes nothing), signed by the browser session's device, stored
//! like an accepted sync change; then the journals follow (`provision`).

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::{self, TimetableOp};
use zvonok_core::doc::DocKind;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::views::status::Saved;
use zvonok_core::wire::TimetableView;

use super::{forbid_unless, index, internal, json_rejection, lock, open, write_doc};
use crate::api::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::persist::Writer;
use crate::provision;
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, UserRecord};

const READ: &str = "расписание видят сотрудники школы";
const EDIT: &str = "изменять расписание может тот, у кого есть право «Редактировать \
расписание»; попросите его у координатора";

/// The record of the current year's timetable document, if the school has a current year:
/// the one lookup every timetable endpoint uses.
pub(crate) fn current_record(
    state: &AppState,
    school: &SchoolData,
) -> ApiResult<Option<DocRecord>> {
    let Some(year) = school.current_year else {
        return Ok(None);
    };
    Ok(state
        .storage
        .docs()?
        .into_iter()
        .find(|r| r.kind == DocKind::Timetable && r.meta.year == Some(year)))
}

/// The current year's timetable for whoever may read it.
pub fn timetable_view(state: &AppState, user: &UserRecord) -> ApiResult<TimetableView> {
    let ix = index(state)?;
    let p = &user.principal;
    forbid_unless(may(p, Action::Read, Resource::Timetable, &ix.dir), READ)?;
    let can_edit = may(p, Action::Write, Resource::Timetable, &ix.dir);
    let school = ix.school.clone();
    drop(ix);
    let Some(rec) = current_record(state, &school)? else {
        return Ok(TimetableView {
            doc: None,
            timetable: None,
            can_edit,
        });
    };
    let shared = open(state, &rec)?;
    let timetable = TimetableData::from_doc(&lock(&shared).doc).map_err(internal)?;
    Ok(TimetableView {
        doc: Some(rec.id),
        timetable: Some(timetable),
        can_edit,
    })
}

/// Applies one `TimetableOp` as this user's write, then lets the journals follow.
pub fn timetable_op(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    op: &TimetableOp,
) -> ApiResult<Saved> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::Timetable, &ix.dir),
        EDIT,
    )?;
    let school = ix.school.clone();
    drop(ix);
    let rec = current_record(state, &school)?.ok_or_else(|| {
        ApiError::Unprocessable(
            "в школе не выбран текущий учебный год или для него нет документа расписания: \
             задайте год в настройке школы, затем вернитесь к расписанию"
                .into(),
        )
    })?;
    let shared = open(state, &rec)?;
    let mut hot = lock(&shared);
    let before = hot.doc.get_heads();
    let _ = write_doc(state, Writer { user, device }, &rec, &mut hot, |d| {
        timetable_ops::apply(d, &school, op)
    })?;
    let changed = hot.doc.get_heads() != before;
    drop(hot);
    if changed {
        // Substitutions in the changes by date open journals (the rights index).
        state.invalidate_index();
        provision::after_school_change(state)?;
    }
    Ok(Saved { pending: 0 })
}

/// `GET /v1/web/timetable`
pub async fn get_timetable(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<TimetableView>> {
    let v = tokio::task::spawn_blocking(move || timetable_view(&state, &a.user)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/timetable/ops` with a JSON `TimetableOp`.
pub async fn post_timetable_op(
    State(state): State<Arc<AppState>>,
    a: Authed,
    op: Result<Json<TimetableOp>, JsonRejection>,
) -> ApiResult<Json<Saved>> {
    let Json(op) = op.map_err(|e| json_rejection("Изменение расписания", e))?;
    let saved = tokio::task::spawn_blocking(move || timetable_op(&state, &a.user, &a.device, &op))
        .await??;
    Ok(Json(saved))
}
