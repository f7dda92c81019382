//! The coordinator's browser screens (`/v1/web/*` of issue 4): the setup wizard's progress,
//! writes of the school document and of the movement book, the movement book (JSON and XLSX),
//! imports of people lists and of timetables from FET (a preview that writes nothing, then the
//! confirmed apply).
//!
//! Every endpoint decides with `rights::may`. Writes are performed on the server's copy of the
//! document with the same core rules a device runs (`school_ops::apply`, `movement::apply`,
//! `personal::apply`), signed by the browser session's own device actor, and stored through
//! `persist::store_changes` exactly like an accepted sync change (as `apply_op` stores journal
//! writes); what follows from them (`provision`) is done by the server afterwards. A refused
//! write changes nothing.

mod import;
mod orders;
mod periods;
mod preview;
mod rollout;
mod substitutions;
mod timetable;
mod timetable_changes;
mod timetable_import;
mod timetable_off;
mod year_close;

pub use import::{post_import_apply, post_import_preview, ImportQuery};
pub use orders::{book, book_xlsx, get_book, get_book_xlsx, movement_op, post_order, BookQuery};
pub use periods::{get_blockers, get_completeness, get_periods, post_close, post_reopen};
pub use rollout::{get_rollout, get_rollout_pdf, rollout_view};
pub use substitutions::{
    get_substitutions, get_substitutions_xlsx, substitutions_view, substitutions_xlsx, MonthQuery,
};
pub(crate) use timetable::current_record as current_timetable_record;
pub use timetable::{get_timetable, post_timetable_op, timetable_op, timetable_view};
pub use timetable_changes::{get_timetable_changes, timetable_changes, RangeQuery};
pub use timetable_import::{
    post_timetable_import_apply, post_timetable_import_preview, timetable_import_apply,
    timetable_import_preview, TimetableImportQuery,
};
pub use timetable_off::{get_off_timetable, off_timetable};
pub use year_close::{
    get_year_close, post_year_close, post_year_close_undo, year_close_confirm, year_close_undo,
    year_close_view, YearCloseQuery,
};

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use automerge::{ActorId, AutoCommit};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use zvonok_core::doc::movement::{self, MovementData, MovementOp, OrderKind};
use zvonok_core::doc::personal::{self, PersonalData, PersonalOp, StudentField};
use zvonok_core::doc::roster::{self, RosterData};
use zvonok_core::doc::school::{self, SchoolData};
use zvonok_core::doc::school_ops::{self, SchoolOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, GuardianId, StaffId, StudentId};
use zvonok_core::model::full_name;
use zvonok_core::model::{Guardian, StaffMember, Student};
use zvonok_core::movement::movement_book;
use zvonok_core::rights::{may, may_enter_people, Action, Principal, Resource};
use zvonok_core::setup;
use zvonok_core::views::status::Saved;
pub use zvonok_core::wire::setup::SetupView;
use zvonok_core::wire::{
    EntityCounts, ImportCounts, ImportListKind, ImportPreview, RowErrorView, UnknownColumn,
    MAX_PREVIEW_ADDS,
};
use zvonok_core::DomainError;
use zvonok_import::{
    Cell, CsvOptions, ExistingPeople, ExportColumn, GuardianKey, ImportKind, ImportPlan,
    ReadOptions, SourceFormat, StaffKey, StudentKey, TextEncoding,
};

use super::extract::Authed;
use crate::docstore::{lock, HotDoc};
use crate::error::{body_rejected, json_rejected, query_rejected, ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::persist::{self, Writer};
use crate::provision;
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, UserRecord};

pub(crate) type Shared = Arc<std::sync::Mutex<HotDoc>>;

/// `GET /v1/web/movement/book` (the type lives in `core::wire`, for the UI).
pub use zvonok_core::wire::BookView;

// ---------------------------------------------------------------- shared helpers

pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

pub(crate) fn refused(e: DomainError) -> ApiError {
    ApiError::Unprocessable(e.to_string())
}

fn actor_of(device: &DeviceRecord) -> ApiResult<ActorId> {
    hex::decode(&device.actor)
        .map(|b| ActorId::from(b.as_slice()))
        .map_err(|_| ApiError::Internal("actor id устройства повреждён".into()))
}

pub(crate) fn index(state: &AppState) -> ApiResult<Arc<SchoolIndex>> {
    state.index().map_err(internal)
}

pub(crate) fn forbid_unless(ok: bool, what: &str) -> ApiResult<()> {
    if ok {
        Ok(())
    } else {
        Err(ApiError::Forbidden(what.to_string()))
    }
}

/// The school's one document of `kind` (school, movement).
fn the_doc(state: &AppState, kind: DocKind) -> ApiResult<(DocRecord, Shared)> {
    let rec = state
        .storage
        .docs()?
        .into_iter()
        .find(|r| r.kind == kind)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "на сервере нет документа «{kind}»; перезапустите сервер или обратитесь к администратору"
            ))
        })?;
    let shared = open(state, &rec)?;
    Ok((rec, shared))
}

pub(crate) fn open(state: &AppState, rec: &DocRecord) -> ApiResult<Shared> {
    state
        .docs
        .get(rec.id, rec.kind)
        .map_err(internal)?
        .ok_or_else(|| {
            internal(format!(
                "документ {} есть в списке, но не в хранилище",
                rec.id
            ))
        })
}

/// Performs `f` as this session's device on the document of `rec` and stores the change like
/// an accepted sync change. Returns whether the document changed.
pub(crate) fn write_doc(
    state: &AppState,
    writer: Writer<'_>,
    rec: &DocRecord,
    hot: &mut HotDoc,
    f: impl FnOnce(&mut AutoCommit) -> Result<(), DomainError>,
) -> ApiResult<persist::Stored> {
    let change =
        crate::apply_op::perform(&mut hot.doc, actor_of(writer.device)?, f).map_err(refused)?;
    match change {
        Some(c) => persist::store_changes(state, writer, rec, hot, &[c], false),
        None => Ok(persist::Stored::default()),
    }
}

pub(crate) fn json_rejection(what: &str, e: JsonRejection) -> ApiError {
    json_rejected(
        e,
        &format!("{what}: запрос не распознан. Обновите страницу и повторите."),
    )
}

// ---------------------------------------------------------------- setup and school writes

const MANAGE_SCHOOL: &str =
    "настраивать школу может координатор; попросите его выдать вам право «Настраивать школу»";

/// The setup progress of the school, for a user who may set the school up.
pub fn setup_view(state: &AppState, user: &UserRecord) -> ApiResult<SetupView> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::School, &ix.dir),
        MANAGE_SCHOOL,
    )?;
    let steps = setup::progress(&ix.school);
    let next = setup::next_step(&steps);
    Ok(SetupView { steps, next })
}

/// Applies one `SchoolOp` as this user's write; then creates what the school now calls for.
pub fn school_op(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    op: &SchoolOp,
) -> ApiResult<Saved> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::School, &ix.dir),
        MANAGE_SCHOOL,
    )?;
    drop(ix);
    let writer = Writer { user, device };
    let (rec, shared) = the_doc(state, DocKind::School)?;
    let mut hot = lock(&shared);
    // A document written before the wizard lacks its containers: the server adds them.
    let upgraded = match school::upgrade(&mut hot.doc) {
        Ok(true) => hot
            .doc
            .commit()
            .and_then(|h| hot.doc.get_change_by_hash(&h)),
        Ok(false) => None,
        Err(e) => {
            hot.doc.rollback();
            return Err(internal(e));
        }
    };
    if let Some(c) = upgraded {
        let _ = persist::store_changes(state, writer, &rec, &mut hot, &[c], false)?;
    }
    let stored = write_doc(state, writer, &rec, &mut hot, |d| school_ops::apply(d, op))?;
    drop(hot);
    if stored.index_dirty {
        state.invalidate_index();
    }
    if stored.school_changed {
        provision::after_school_change(state)?;
    }
    Ok(Saved { pending: 0 })
}

// ---------------------------------------------------------------- handlers

pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>, hint: &str) -> ApiResult<T> {
    q.map(|Query(q)| q).map_err(|e| query_rejected(e, hint))
}

fn body(state: &AppState, b: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    b.map_err(|e| body_rejected(e, state.max_body_bytes))
}

/// `GET /v1/web/setup`
pub async fn get_setup(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<SetupView>> {
    let v = tokio::task::spawn_blocking(move || setup_view(&state, &a.user)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/school/ops` with a JSON `SchoolOp`.
pub async fn post_school_op(
    State(state): State<Arc<AppState>>,
    a: Authed,
    op: Result<Json<SchoolOp>, JsonRejection>,
) -> ApiResult<Json<Saved>> {
    let Json(op) = op.map_err(|e| json_rejection("Операция с данными школы", e))?;
    let saved =
        tokio::task::spawn_blocking(move || school_op(&state, &a.user, &a.device, &op)).await??;
    Ok(Json(saved))
}
