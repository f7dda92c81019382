//! The period reports (issue 11, item 1): `GET /v1/web/reports` → `ReportsIndex` (what the
//! caller may pick) and `GET /v1/web/reports/{report}[.xlsx|.pdf|.csv]` with a `ReportQuery`:
//! `results`, `finals`, `attendance`, `card`, `movement`, computed by `core::reports` from the
//! school's documents; JSON for the screen, or a file ([`crate::reports`]).
//!
//! Rights, each through `rights::may`: a class's reports need the class's list and every
//! journal of the class readable (the class teacher, teachers of the class, «Просматривать все
//! классные журналы»); the school's need that for every class of the year; a report card needs
//! `may(Read, StudentData)` (a parent: only their own child); the movement report needs
//! `may(Read, Movement)`.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use zvonok_core::doc::movement::MovementData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId, PeriodId};
use zvonok_core::movement::{replay, Timeline};
use zvonok_core::reports::access::{self, default_period, pick_period, pick_range, PickError};
use zvonok_core::reports::attendance::AttendanceReport;
use zvonok_core::reports::final_sheet::FinalSheet;
use zvonok_core::reports::period_results::PeriodResults;
use zvonok_core::reports::report_card::ReportCard;
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::wire::{
    AuditAction, MovementView, ReportClass, ReportFormat, ReportName, ReportPeriod, ReportQuery,
    ReportStudent, ReportsIndex,
};

use super::admin::{index, internal, query, refused};
use super::download::{attachment, PDF, XLSX};
use crate::api::extract::Authed;
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::persist::Writer;
use crate::reports::{book, export, pdf};
use crate::state::AppState;
use crate::storage::{DocRecord, UserRecord};

mod plan;
pub use plan::{plan, Plan};

const QUERY_HINT: &str = "укажите, например, ?period=<id периода>&class=<id класса>";

/// A computed report, before it becomes JSON or a file.
pub enum Answer {
    Results(PeriodResults, Option<String>),
    Finals(FinalSheet),
    Attendance(AttendanceReport),
    Card(ReportCard),
    Movement(MovementView),
}

impl Answer {
    pub fn book(&self, school: &str) -> book::ReportBook {
        match self {
            Answer::Results(r, class) => book::results_book(school, r, class.as_deref()),
            Answer::Finals(f) => book::finals_book(school, f),
            Answer::Attendance(a) => book::attendance_book(school, a),
            Answer::Card(c) => book::card_book(c),
            Answer::Movement(m) => book::movement_book(school, m),
        }
    }

    fn json(&self) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Answer::Results(r, _) => serde_json::to_vec(r),
            Answer::Finals(f) => serde_json::to_vec(f),
            Answer::Attendance(a) => serde_json::to_vec(a),
            Answer::Card(c) => serde_json::to_vec(c),
            Answer::Movement(m) => serde_json::to_vec(m),
        }
    }
}

fn journal_records(records: &[DocRecord]) -> impl Iterator<Item = &DocRecord> {
    records.iter().filter(|r| r.kind == DocKind::Journal)
}

fn class_of(rec: &DocRecord) -> Option<ClassId> {
    rec.meta.cohort.map(|c| c.class())
}

/// The class's list and every journal of the class readable (`core::reports::access`).
fn class_readable(p: &Principal, ix: &SchoolIndex, class: ClassId, records: &[DocRecord]) -> bool {
    let journals: Option<Vec<Resource>> = journal_records(records)
        .filter(|r| class_of(r) == Some(class))
        .map(crate::index::resource_of)
        .collect();
    journals.is_some_and(|j| access::class_readable(p, &ix.dir, class, j))
}

/// Every class of the year readable, and every journal of the school.
fn school_readable(p: &Principal, ix: &SchoolIndex, records: &[DocRecord]) -> bool {
    p.is_staff()
        && access::year_classes(&ix.school)
            .into_iter()
            .all(|c| class_readable(p, ix, c, records))
        && journal_records(records).all(|r| {
            crate::index::resource_of(r).is_some_and(|res| may(p, Action::Read, res, &ix.dir))
        })
}

fn load_movement(state: &AppState, records: &[DocRecord]) -> ApiResult<MovementData> {
    let Some(rec) = records.iter().find(|r| r.kind == DocKind::Movement) else {
        return Ok(MovementData::default());
    };
    let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
        return Ok(MovementData::default());
    };
    let data = MovementData::from_doc(&lock(&shared).doc).map_err(internal)?;
    Ok(data)
}

fn timeline(data: &MovementData) -> ApiResult<Timeline> {
    replay(data).map_err(refused)
}

fn pick(e: PickError) -> ApiError {
    match e {
        PickError::NoPeriods => ApiError::Unprocessable(e.to_string()),
        PickError::UnknownPeriod => ApiError::NotFound(e.to_string()),
        PickError::Reversed | PickError::TooLong => ApiError::BadRequest(e.to_string()),
    }
}

fn period_of(school: &SchoolData, q: &ReportQuery, today: NaiveDate) -> ApiResult<PeriodId> {
    pick_period(school, q.period, today).map_err(pick)
}

fn range_of(
    school: &SchoolData,
    q: &ReportQuery,
    today: NaiveDate,
) -> ApiResult<(NaiveDate, NaiveDate)> {
    pick_range(school, q, today).map_err(pick)
}

fn known_class(school: &SchoolData, class: ClassId) -> ApiResult<String> {
    school
        .classes
        .get(&class)
        .map(|c| c.name())
        .ok_or_else(|| ApiError::NotFound("такого класса нет; выберите класс из списка".into()))
}

fn forbid(ok: bool, what: &str) -> ApiResult<()> {
    if ok {
        Ok(())
    } else {
        Err(ApiError::Forbidden(what.into()))
    }
}

/// `GET /v1/web/reports`: what `user` may ask for.
pub fn reports_index(state: &AppState, user: &UserRecord) -> ApiResult<ReportsIndex> {
    let ix = index(state)?;
    let p = &user.principal;
    let records = state.storage.docs()?;
    let today = ix.school.today(Utc::now());
    let mut classes: Vec<ReportClass> = ix
        .school
        .classes
        .values()
        .filter(|c| Some(c.year) == ix.school.current_year)
        .filter(|c| class_readable(p, &ix, c.id, &records))
        .map(|c| ReportClass {
            id: c.id,
            name: c.name(),
            grade: c.grade,
        })
        .collect();
    classes.sort_by(|a, b| (a.grade, &a.name).cmp(&(b.grade, &b.name)));
    let mut students: Vec<ReportStudent> = Vec::new();
    if p.is_staff() {
        for c in &classes {
            if let Some(r) = ix.rosters.get(&c.id) {
                for s in r.sorted_students() {
                    if s.active && may(p, Action::Read, Resource::StudentData(s.id), &ix.dir) {
                        students.push(ReportStudent {
                            id: s.id,
                            name: s.full_name(),
                            class: c.id,
                        });
                    }
                }
            }
        }
    } else {
        for child in ix.children_of(p) {
            if let Some((_, class)) = ix.student(child.id) {
                students.push(ReportStudent {
                    id: child.id,
                    name: child.name,
                    class,
                });
            }
        }
    }
    Ok(ReportsIndex {
        school: school_readable(p, &ix, &records),
        periods: ix
            .school
            .current_periods()
            .into_iter()
            .map(|p| ReportPeriod {
                id: p.id,
                title: p.title(),
                start: p.start,
                end: p.end,
            })
            .collect(),
        year: ix.school.current_year,
        movement: may(p, Action::Read, Resource::Movement, &ix.dir),
        classes,
        students,
        today,
        current_period: default_period(&ix.school, today),
    })
}

/// Computes report `name` for `user` with `q`, after the rights check.
pub fn report(
    state: &AppState,
    user: &UserRecord,
    name: ReportName,
    q: &ReportQuery,
) -> ApiResult<Answer> {
    plan(state, user, name, q)?.run(state, &|_, _| {})
}

/// The file's bytes of `answer` in `format` (not JSON).
pub fn render(school: &str, answer: &Answer, format: ReportFormat) -> ApiResult<Vec<u8>> {
    let book = answer.book(school);
    match format {
        ReportFormat::Xlsx => export::xlsx(&book).map_err(internal),
        ReportFormat::Csv => export::csv(&book).map_err(|e| match e {
            export::ExportError::SeveralTables => ApiError::Unprocessable(e.to_string()),
            other => internal(other),
        }),
        ReportFormat::Pdf => pdf::render(&book).map_err(internal),
        ReportFormat::Json => answer.json().map_err(internal),
    }
}

/// Records a report the server answered (`report_produced`: the report and its format), which
/// the rollout dashboard counts (`api::admin::rollout`).
/// Records that `a` got report `name` (on screen or as a file): the rollout dashboard counts
/// these, and the audit log shows who read which report.
pub(crate) fn produced(
    state: &AppState,
    a: &Authed,
    name: ReportName,
    format: ReportFormat,
) -> ApiResult<()> {
    let as_what = match format {
        ReportFormat::Json => "на экране",
        ReportFormat::Xlsx => "в Excel",
        ReportFormat::Pdf => "в PDF",
        ReportFormat::Csv => "в CSV",
    };
    Writer {
        user: &a.user,
        device: &a.device,
    }
    .audit(
        state,
        None::<DocId>,
        AuditAction::ReportProduced,
        format!("«{}» {as_what}", name.title_ru()),
    )
}

/// `GET /v1/web/reports`
pub async fn get_index(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<ReportsIndex>> {
    let v = tokio::task::spawn_blocking(move || reports_index(&state, &a.user)).await??;
    Ok(Json(v))
}

/// `GET /v1/web/reports/{report}[.xlsx|.pdf|.csv]`
pub async fn get_report(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(file): Path<String>,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (name, format) = ReportFormat::split(&file).ok_or_else(|| {
        ApiError::NotFound(
            "такого отчёта нет: results, finals, attendance, card или movement, \
             с окончанием .xlsx, .pdf или .csv для файла"
                .into(),
        )
    })?;
    let q = query(q, QUERY_HINT)?;
    let bytes = tokio::task::spawn_blocking(move || {
        let plan = plan(&state, &a.user, name, &q)?;
        let answer = plan.run(&state, &|_, _| {})?;
        let bytes = render(&plan.school_name(), &answer, format)?;
        produced(&state, &a, name, format)?;
        Ok::<_, ApiError>(bytes)
    })
    .await??;
    Ok(answer_file(name, format, bytes))
}

/// `bytes` of report `name` as the response: JSON, or a file to download.
pub fn answer_file(name: ReportName, format: ReportFormat, bytes: Vec<u8>) -> Response {
    match format {
        ReportFormat::Json => ([(CONTENT_TYPE, "application/json")], bytes).into_response(),
        ReportFormat::Xlsx => attachment(XLSX, &format!("{}.xlsx", name.as_str()), bytes),
        ReportFormat::Pdf => attachment(PDF, &format!("{}.pdf", name.as_str()), bytes),
        ReportFormat::Csv => attachment(
            "text/csv; charset=utf-8",
            &format!("{}.csv", name.as_str()),
            bytes,
        ),
    }
}
