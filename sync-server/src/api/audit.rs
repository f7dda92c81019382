//! The audit log for the school: `GET /v1/web/audit` (filtered, paged, newest first),
//! `GET /v1/web/audit.xlsx` (the same filters, as a workbook) and a student's history
//! `GET /v1/web/people/{student}/history` (who changed their list entry, links and personal
//! file, and when).
//!
//! Rights: the log needs `may(Read, Audit)` («Просматривать журнал аудита»: coordinator,
//! system admin and director by default); a student's history needs `may(Read, Roster(class))`
//! of the student's class, like the class's people list. The lines never carry the values of
//! personal fields, so the history shows nothing the list does not.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Deserialize;
use zvonok_core::ids::{ClassId, DeviceId, DocId, StudentId, UserId};
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::wire::{
    AuditAction, AuditChoice, AuditRowView, AuditView, StudentHistory, DEFAULT_AUDIT_PAGE,
    MAX_AUDIT_PAGE,
};
use zvonok_import::{Cell, ExportColumn};

use super::admin::{forbid_unless, index, internal, query};
use super::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::state::AppState;
use crate::storage::{AuditFilter, AuditRecord, UserRecord};

/// Most lines one workbook holds.
pub const MAX_XLSX_ROWS: usize = 20_000;
/// Most lines a student's history lists.
pub const MAX_HISTORY_ROWS: usize = 500;

const READ_AUDIT: &str = "журнал аудита видят координатор, системный администратор и директор; \
     если он нужен вам, попросите координатора выдать право «Просматривать журнал аудита»";
const READ_LIST: &str = "историю ученика видят те, кому открыт список его класса; если вам \
     нужен доступ, обратитесь к координатору";

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD&action=a,b&user=&student=&class=&limit=&before=`; every
/// parameter is optional. Days are whole UTC days, `to` included.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub action: Option<String>,
    pub user: Option<String>,
    pub student: Option<String>,
    pub class: Option<String>,
    pub limit: Option<String>,
    pub before: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_id<T: std::str::FromStr>(v: &Option<String>, what: &str) -> ApiResult<Option<T>> {
    given(v)
        .map(|s| {
            s.parse().map_err(|_| {
                ApiError::BadRequest(format!(
                    "«{s}» — не идентификатор ({what}); выберите значение из списка"
                ))
            })
        })
        .transpose()
}

fn day_start(v: &Option<String>, what: &str, next: bool) -> ApiResult<Option<DateTime<Utc>>> {
    let Some(s) = given(v) else {
        return Ok(None);
    };
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        ApiError::BadRequest(format!(
            "укажите {what} в виде ГГГГ-ММ-ДД, например 2026-09-01 (получено «{s}»)"
        ))
    })?;
    let d = if next {
        d.checked_add_days(Days::new(1)).unwrap_or(d)
    } else {
        d
    };
    Ok(d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()))
}

/// The storage filter a query asks for; `max` bounds `limit`.
pub fn filter_of(q: &AuditQuery, max: usize) -> ApiResult<AuditFilter> {
    let actions = match given(&q.action) {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                AuditAction::parse(a)
                    .map(|a| a.as_str().to_string())
                    .ok_or_else(|| {
                        ApiError::BadRequest(format!(
                            "неизвестный вид записи «{a}»; выберите вид из списка"
                        ))
                    })
            })
            .collect::<ApiResult<Vec<_>>>()?,
    };
    let number = |v: &Option<String>, what: &str| -> ApiResult<Option<i64>> {
        given(v)
            .map(|s| {
                s.parse::<i64>().map_err(|_| {
                    ApiError::BadRequest(format!("{what}: «{s}» — не число; обновите страницу"))
                })
            })
            .transpose()
    };
    let limit = number(&q.limit, "limit")?
        .map(|n| n.clamp(1, max as i64) as usize)
        .unwrap_or(DEFAULT_AUDIT_PAGE.min(max));
    let f = AuditFilter {
        from: day_start(&q.from, "начало периода (from)", false)?,
        to: day_start(&q.to, "конец периода (to)", true)?,
        actions,
        user: parse_id::<UserId>(&q.user, "автор")?,
        student: parse_id::<StudentId>(&q.student, "ученик")?,
        class: parse_id::<ClassId>(&q.class, "класс")?,
        before: number(&q.before, "before")?,
        limit,
    };
    if let (Some(a), Some(b)) = (f.from, f.to) {
        if a >= b {
            return Err(ApiError::BadRequest(
                "начало периода позже его конца; поменяйте даты местами".into(),
            ));
        }
    }
    Ok(f)
}

/// Names of the users, devices and documents lines refer to, read once per request.
struct Names<'a> {
    state: &'a AppState,
    ix: &'a SchoolIndex,
    users: HashMap<UserId, Option<UserRecord>>,
    devices: HashMap<DeviceId, String>,
    docs: HashMap<DocId, String>,
}

impl<'a> Names<'a> {
    fn new(state: &'a AppState, ix: &'a SchoolIndex) -> ApiResult<Self> {
        let docs = state
            .storage
            .docs()?
            .into_iter()
            .map(|d| (d.id, d.title))
            .collect();
        Ok(Names {
            state,
            ix,
            users: HashMap::new(),
            devices: HashMap::new(),
            docs,
        })
    }

    fn user(&mut self, id: UserId) -> ApiResult<Option<&UserRecord>> {
        if !self.users.contains_key(&id) {
            let u = self.state.storage.user(id)?;
            self.users.insert(id, u);
        }
        Ok(self.users.get(&id).and_then(Option::as_ref))
    }

    fn device(&mut self, id: DeviceId) -> ApiResult<String> {
        if let Some(n) = self.devices.get(&id) {
            return Ok(n.clone());
        }
        let n = self
            .state
            .storage
            .device(id)?
            .map(|d| d.name)
            .unwrap_or_default();
        self.devices.insert(id, n.clone());
        Ok(n)
    }

    fn row(&mut self, r: AuditRecord) -> ApiResult<AuditRowView> {
        let e = r.entry;
        let (user_name, user_login) = match e.user {
            Some(u) => self
                .user(u)?
                .map(|u| (u.display_name.clone(), u.login.clone()))
                .unwrap_or_default(),
            None => Default::default(),
        };
        let device_name = match e.device {
            Some(d) => self.device(d)?,
            None => String::new(),
        };
        let student = r.subject.student;
        let found = student.and_then(|s| self.ix.student(s));
        let class = r.subject.class.or(found.map(|(_, c)| c));
        Ok(AuditRowView {
            id: r.seq,
            at: e.at,
            action_title: AuditAction::parse(&e.action)
                .map(|a| a.title_ru().to_string())
                .unwrap_or_else(|| e.action.clone()),
            action: e.action,
            user: e.user,
            user_name,
            user_login,
            device: e.device,
            device_name,
            doc: e.doc,
            doc_title: e
                .doc
                .and_then(|d| self.docs.get(&d).cloned())
                .unwrap_or_default(),
            student,
            student_name: found.map(|(s, _)| s.full_name()).unwrap_or_default(),
            class,
            class_name: class.map(|c| self.ix.class_name(c)).unwrap_or_default(),
            detail: e.detail,
        })
    }
}

fn classes(ix: &SchoolIndex) -> Vec<AuditChoice<ClassId>> {
    let mut cs: Vec<_> = ix.school.classes.values().collect();
    cs.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
    cs.into_iter()
        .map(|c| AuditChoice {
            id: c.id,
            name: c.name(),
        })
        .collect()
}

/// One page of the log, newest first, with what the filters can offer.
pub fn audit_view(state: &AppState, user: &UserRecord, f: &AuditFilter) -> ApiResult<AuditView> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Read, Resource::Audit, &ix.dir),
        READ_AUDIT,
    )?;
    let records = state.storage.audit_query(f)?;
    let full = records.len() == f.limit;
    let mut names = Names::new(state, &ix)?;
    let rows = records
        .into_iter()
        .map(|r| names.row(r))
        .collect::<ApiResult<Vec<_>>>()?;
    let next_before = if full {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let mut authors = Vec::new();
    for id in state.storage.audit_authors()? {
        if let Some(u) = names.user(id)? {
            authors.push(AuditChoice {
                id,
                name: format!("{} ({})", u.display_name, u.login),
            });
        }
    }
    authors.sort_by(|a, b| a.name.cmp(&b.name));
    let students = match f.class.and_then(|c| ix.rosters.get(&c)) {
        Some(r) => r
            .sorted_students()
            .into_iter()
            .map(|s| AuditChoice {
                id: s.id,
                name: s.full_name(),
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(AuditView {
        rows,
        next_before,
        authors,
        classes: classes(&ix),
        students,
    })
}

/// The lines of a view as a workbook: time (UTC), action, author, device, class, student,
/// document, what happened.
pub fn audit_xlsx(view: &AuditView) -> ApiResult<Vec<u8>> {
    let columns = [
        ExportColumn::new("Время (UTC)", 19.0),
        ExportColumn::new("Действие", 30.0),
        ExportColumn::new("Автор", 30.0),
        ExportColumn::new("Логин", 16.0),
        ExportColumn::new("Устройство", 20.0),
        ExportColumn::new("Класс", 8.0),
        ExportColumn::new("Ученик", 28.0),
        ExportColumn::new("Документ", 28.0),
        ExportColumn::new("Что сделано", 80.0),
    ];
    let rows: Vec<Vec<Cell>> = view
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(r.at.format("%d.%m.%Y %H:%M:%S").to_string()),
                Cell::text(r.action_title.clone()),
                Cell::text(r.user_name.clone()),
                Cell::text(r.user_login.clone()),
                Cell::text(r.device_name.clone()),
                Cell::text(r.class_name.clone()),
                Cell::text(r.student_name.clone()),
                Cell::text(r.doc_title.clone()),
                Cell::text(r.detail.clone()),
            ]
        })
        .collect();
    zvonok_import::export_xlsx("Журнал аудита", &columns, &rows).map_err(internal)
}

/// Who changed a student's list entry, links and personal file, newest first.
pub fn student_history(
    state: &AppState,
    user: &UserRecord,
    student: StudentId,
) -> ApiResult<StudentHistory> {
    let ix = index(state)?;
    let Some((s, class)) = ix.student(student) else {
        return Err(ApiError::NotFound(
            "такого ученика нет в списках школы; обновите страницу".into(),
        ));
    };
    forbid_unless(
        may(
            &user.principal,
            Action::Read,
            Resource::Roster(class),
            &ix.dir,
        ),
        READ_LIST,
    )?;
    let f = AuditFilter {
        student: Some(student),
        actions: AuditAction::ALL
            .into_iter()
            .filter(|a| a.is_people())
            .map(|a| a.as_str().to_string())
            .collect(),
        limit: MAX_HISTORY_ROWS,
        ..Default::default()
    };
    let records = state.storage.audit_query(&f)?;
    let mut names = Names::new(state, &ix)?;
    let rows = records
        .into_iter()
        .map(|r| names.row(r))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(StudentHistory {
        student,
        name: s.full_name(),
        class,
        rows,
    })
}

/// `GET /v1/web/audit?…`
pub async fn get_audit(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Json<AuditView>> {
    let q = query(q, "проверьте фильтры журнала")?;
    let f = filter_of(&q, MAX_AUDIT_PAGE)?;
    let v = tokio::task::spawn_blocking(move || audit_view(&state, &a.user, &f)).await??;
    Ok(Json(v))
}

/// `GET /v1/web/audit.xlsx?…`: the same filters; `limit` up to [`MAX_XLSX_ROWS`] (all of
/// them unless given).
pub async fn get_audit_xlsx(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, "проверьте фильтры журнала")?;
    let mut f = filter_of(&q, MAX_XLSX_ROWS)?;
    if given(&q.limit).is_none() {
        f.limit = MAX_XLSX_ROWS;
    }
    let bytes = tokio::task::spawn_blocking(move || {
        let v = audit_view(&state, &a.user, &f)?;
        audit_xlsx(&v)
    })
    .await??;
    let file = format!("audit-{}.xlsx", Utc::now().format("%Y-%m-%d"));
    Ok(crate::api::download::attachment(
        crate::api::download::XLSX,
        &file,
        bytes,
    ))
}

/// `GET /v1/web/people/{student}/history`
pub async fn get_student_history(
    State(state): State<Arc<AppState>>,
    a: Authed,
    Path(student): Path<String>,
) -> ApiResult<Json<StudentHistory>> {
    let student: StudentId = student.trim().parse().map_err(|_| {
        ApiError::BadRequest(format!(
            "«{student}» — не идентификатор ученика; выберите ученика из списка"
        ))
    })?;
    let v =
        tokio::task::spawn_blocking(move || student_history(&state, &a.user, student)).await??;
    Ok(Json(v))
}
