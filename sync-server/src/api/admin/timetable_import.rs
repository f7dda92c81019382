//! Timetables from scheduling programs: `POST /v1/web/timetable/import/preview` compares a FET
//! or aSc Timetables file (`?format=fet-csv|fet-xml|asc-xml`, the file as the body) with the
//! current year's timetable
//! and writes nothing; `…/apply` writes the same plan into the timetable document through
//! `timetable_ops::apply` (one change, as the user's device), then the journals follow
//! (`provision::after_school_change`). The names the user matched by hand come back in
//! `?names=<JSON of TimetableNames>`. Needs «Редактировать расписание».

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::{self, TimetableOp};
use zvonok_core::model::full_name;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::wire::{
    TimetableExtraTeachers, TimetableImportCounts, TimetableImportView, TimetableNameKind,
    TimetableNameSuggestion, TimetableNameTarget, TimetableNames, TimetableRowError,
    TimetableUnmatched,
};
use zvonok_import::timetable::{
    plan_timetable, read_asc_xml, read_fet_csv, read_fet_xml, NameKind, NameMap, Target,
    TimetablePlan, TimetableSource,
};
use zvonok_import::CsvOptions;

use super::{body, forbid_unless, index, internal, lock, open, query, write_doc, Shared};
use crate::api::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::persist::Writer;
use crate::provision;
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, UserRecord};

const EDIT_TIMETABLE: &str = "загружать расписание может тот, у кого есть право \
     «Редактировать расписание»; обратитесь к координатору";

const QUERY_HINT: &str = "нужен ?format=fet-csv, ?format=fet-xml или ?format=asc-xml";

/// `?format=fet-csv|fet-xml|asc-xml[&names=<JSON of TimetableNames>]`
#[derive(Debug, Deserialize)]
pub struct TimetableImportQuery {
    pub format: Option<String>,
    pub names: Option<String>,
}

fn read_source(q: &TimetableImportQuery, bytes: &[u8]) -> ApiResult<TimetableSource> {
    let read = match q.format.as_deref().map(str::trim) {
        Some("fet-csv") => read_fet_csv(bytes, &CsvOptions::default()),
        Some("fet-xml") => read_fet_xml(bytes),
        Some("asc-xml") => read_asc_xml(bytes),
        other => {
            return Err(ApiError::BadRequest(format!(
                "неизвестный формат расписания «{}»: укажите ?format=fet-csv (CSV из FET), \
                 ?format=fet-xml (файл .fet) или ?format=asc-xml (XML из aSc Timetables)",
                other.unwrap_or_default()
            )))
        }
    };
    read.map_err(|e| ApiError::Unprocessable(e.to_string()))
}

/// The answers sent with the request, under the keys the matching compares.
fn names_of(q: &TimetableImportQuery) -> ApiResult<NameMap> {
    let Some(text) = q.names.as_deref().filter(|t| !t.trim().is_empty()) else {
        return Ok(NameMap::new());
    };
    let sent: TimetableNames = serde_json::from_str(text).map_err(|e| {
        ApiError::BadRequest(format!(
            "сопоставления имён (?names=) не распознаны ({e}); обновите страницу и повторите"
        ))
    })?;
    let mut names = NameMap::new();
    for (k, id) in sent.teachers {
        names.remember(&k, Target::Staff(id));
    }
    for (k, c) in sent.student_sets {
        names.remember(&k, Target::Cohort(c));
    }
    for (k, id) in sent.subjects {
        names.remember(&k, Target::Subject(id));
    }
    for (k, n) in sent.hours {
        names.remember(&k, Target::Lesson(n));
    }
    Ok(names)
}

fn target_view(t: Target) -> TimetableNameTarget {
    match t {
        Target::Staff(id) => TimetableNameTarget::Staff(id),
        Target::Cohort(c) => TimetableNameTarget::Cohort(c),
        Target::Subject(id) => TimetableNameTarget::Subject(id),
        Target::Lesson(n) => TimetableNameTarget::Lesson(n),
    }
}

fn kind_view(k: NameKind) -> TimetableNameKind {
    match k {
        NameKind::Teacher => TimetableNameKind::Teacher,
        NameKind::StudentSet => TimetableNameKind::StudentSet,
        NameKind::Subject => TimetableNameKind::Subject,
        NameKind::Hour => TimetableNameKind::Hour,
    }
}

fn view(
    plan: &TimetablePlan,
    names: &NameMap,
    school: &SchoolData,
    applied: bool,
) -> TimetableImportView {
    let c = plan.counts;
    let staff_name = |id| {
        school
            .staff
            .get(&id)
            .map(|m| full_name(&m.last_name, &m.first_name, &m.middle_name))
            .unwrap_or_default()
    };
    TimetableImportView {
        applied,
        counts: TimetableImportCounts {
            added: c.added,
            changed: c.changed,
            removed: c.removed,
            unchanged: c.unchanged,
        },
        errors: plan
            .errors
            .iter()
            .map(|e| TimetableRowError {
                row: e.row,
                reason: e.to_string(),
            })
            .collect(),
        unmatched: plan
            .unmatched
            .iter()
            .map(|u| TimetableUnmatched {
                kind: kind_view(u.kind),
                kind_label: u.kind.label().to_string(),
                name: u.name.clone(),
                rows: u.rows.clone(),
                suggestions: u
                    .suggestions
                    .iter()
                    .map(|s| TimetableNameSuggestion {
                        target: target_view(s.target),
                        label: s.label.clone(),
                    })
                    .collect(),
            })
            .collect(),
        extra_teachers: plan
            .extra_teachers
            .iter()
            .map(|x| TimetableExtraTeachers {
                row: x.row,
                slot: x.slot,
                others: x.others.iter().map(|id| staff_name(*id)).collect(),
            })
            .collect(),
        names: TimetableNames {
            teachers: names.teachers.clone(),
            student_sets: names.student_sets.clone(),
            subjects: names.subjects.clone(),
            hours: names.hours.clone(),
        },
    }
}

/// The rights check, the school, and the current year's timetable document.
fn prepare(state: &AppState, user: &UserRecord) -> ApiResult<(SchoolData, DocRecord, Shared)> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::Timetable, &ix.dir),
        EDIT_TIMETABLE,
    )?;
    let school = ix.school.clone();
    drop(ix);
    if school.current_year.is_none() {
        return Err(ApiError::Unprocessable(
            "в школе не выбран текущий учебный год: задайте его в настройке школы, затем \
             загрузите расписание"
                .into(),
        ));
    }
    let rec = super::timetable::current_record(state, &school)?.ok_or_else(|| {
        ApiError::NotFound(
            "документа расписания текущего года на сервере нет; перезапустите сервер или \
                 обратитесь к администратору"
                .into(),
        )
    })?;
    let shared = open(state, &rec)?;
    Ok((school, rec, shared))
}

/// `POST /v1/web/timetable/import/preview`: what importing the file would do; writes nothing.
pub fn timetable_import_preview(
    state: &AppState,
    user: &UserRecord,
    q: &TimetableImportQuery,
    bytes: &[u8],
) -> ApiResult<TimetableImportView> {
    let (school, _, shared) = prepare(state, user)?;
    let source = read_source(q, bytes)?;
    let names = names_of(q)?;
    let existing = TimetableData::from_doc(&lock(&shared).doc).map_err(internal)?;
    let plan = plan_timetable(&source, &school, &names, &existing);
    Ok(view(&plan, &names, &school, false))
}

/// `POST /v1/web/timetable/import/apply`: writes the plan (422 while a name is unmatched, or
/// with the first reason the timetable rules refuse an operation; nothing is written then).
/// Applying the same file again writes nothing.
pub fn timetable_import_apply(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    q: &TimetableImportQuery,
    bytes: &[u8],
) -> ApiResult<TimetableImportView> {
    let (school, rec, shared) = prepare(state, user)?;
    let source = read_source(q, bytes)?;
    let names = names_of(q)?;
    let mut hot = lock(&shared);
    let existing = TimetableData::from_doc(&hot.doc).map_err(internal)?;
    let plan = plan_timetable(&source, &school, &names, &existing);
    if let Some(u) = plan.unmatched.first() {
        return Err(ApiError::Unprocessable(format!(
            "в файле есть имена, которых нет в школе (первое — {} «{}», всего: {}): \
             сопоставьте их в предпросмотре, затем загрузите снова",
            u.kind.label(),
            u.name,
            plan.unmatched.len()
        )));
    }
    if plan.is_empty() {
        return Ok(view(&plan, &names, &school, true));
    }
    let ops: Vec<TimetableOp> = plan
        .slots_to_remove
        .iter()
        .map(|id| TimetableOp::RemoveSlot { id: *id })
        .chain(
            plan.slots_to_put
                .iter()
                .map(|s| TimetableOp::PutSlot { slot: s.clone() }),
        )
        .collect();
    let writer = Writer { user, device };
    let _ = write_doc(state, writer, &rec, &mut hot, |d| {
        ops.iter()
            .try_for_each(|op| timetable_ops::apply(d, &school, op))
    })?;
    drop(hot);
    provision::after_school_change(state)?;
    Ok(view(&plan, &names, &school, true))
}

/// `POST /v1/web/timetable/import/preview?format=fet-csv|fet-xml|asc-xml[&names=]`, body: the
/// file.
pub async fn post_timetable_import_preview(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<TimetableImportQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<TimetableImportView>> {
    let q = query(q, QUERY_HINT)?;
    let bytes = body(&state, b)?;
    let v =
        tokio::task::spawn_blocking(move || timetable_import_preview(&state, &a.user, &q, &bytes))
            .await??;
    Ok(Json(v))
}

/// `POST /v1/web/timetable/import/apply?format=…[&names=]`, body: the same file.
pub async fn post_timetable_import_apply(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<TimetableImportQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<TimetableImportView>> {
    let q = query(q, QUERY_HINT)?;
    let bytes = body(&state, b)?;
    let v = tokio::task::spawn_blocking(move || {
        timetable_import_apply(&state, &a.user, &a.device, &q, &bytes)
    })
    .await??;
    Ok(Json(v))
}
