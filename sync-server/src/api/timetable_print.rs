//! The printable timetable: `GET /v1/web/timetable/print.xlsx?by=class|teacher|room[&id=…]`
//! (one sheet per class, teacher or room) and `GET /v1/web/timetable/print.pdf?by=…[&id=…]`
//! (one A4 landscape page each) of the current year's timetable, for every member of staff who
//! may read the timetable (`rights::may(Read, Timetable)`); parents and students get 403.
//! `id` is a class's or teacher's id, or a room as written in the timetable.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::logins::transliterate;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::views::timetable_grid::{timetable_book, TimetableBook, TimetableBy};

use super::admin::{forbid_unless, index, internal, open, query};
use super::download::{attachment, PDF, XLSX};
use crate::api::extract::Authed;
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::UserRecord;

const MAY_READ: &str = "расписание для печати доступно сотрудникам школы; войдите под своей \
учётной записью сотрудника";
const QUERY_HINT: &str = "укажите ?by=class, ?by=teacher или ?by=room";

/// `?by=class|teacher|room[&id=…]`
#[derive(Debug, Deserialize)]
pub struct PrintQuery {
    pub by: Option<String>,
    pub id: Option<String>,
}

/// The current year's timetable as sheets by `q.by` (only `q.id`'s when given).
pub fn print_book(state: &AppState, user: &UserRecord, q: &PrintQuery) -> ApiResult<TimetableBook> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Read, Resource::Timetable, &ix.dir),
        MAY_READ,
    )?;
    let school = ix.school.clone();
    drop(ix);
    let by =
        q.by.as_deref()
            .and_then(TimetableBy::parse)
            .ok_or_else(|| {
                ApiError::BadRequest(format!("непонятно, чьё расписание печатать: {QUERY_HINT}"))
            })?;
    if school.current_year.is_none() {
        return Err(ApiError::Unprocessable(
            "в школе не выбран текущий учебный год: задайте его в настройке школы".into(),
        ));
    }
    let rec = crate::api::admin::current_timetable_record(state, &school)?.ok_or_else(|| {
        ApiError::NotFound(
            "расписания текущего года на сервере нет; сначала введите или загрузите его".into(),
        )
    })?;
    let shared = open(state, &rec)?;
    let mut timetable = TimetableData::from_doc(&lock(&shared).doc).map_err(internal)?;
    // The version in force today (a later one prints from its first day on).
    let now = zvonok_core::timetable_cycle::in_force(&timetable, school.today(chrono::Utc::now()));
    timetable.slots.retain(|_, s| s.version == now.version);
    let only = q.id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let book = timetable_book(&school, &timetable, by, only);
    if book.sheets.is_empty() {
        return Err(ApiError::NotFound(match (only, by) {
            (Some(id), TimetableBy::Room) => {
                format!("кабинета «{id}» в расписании нет; выберите кабинет из списка")
            }
            (Some(_), TimetableBy::Class) => {
                "такого класса в этом учебном году нет; выберите класс из списка".into()
            }
            (Some(_), TimetableBy::Teacher) => {
                "у этого учителя нет уроков в расписании; выберите другого".into()
            }
            (None, TimetableBy::Class) => {
                "в этом учебном году нет классов; сначала добавьте их в настройке школы".into()
            }
            (None, _) => "в расписании нет уроков; сначала введите или загрузите его".into(),
        }));
    }
    Ok(book)
}

/// `timetable-class.xlsx`, `timetable-room-201.pdf`: ASCII, so every browser keeps it.
pub fn file_name(book: &TimetableBook, extension: &str) -> String {
    let mut name = format!("timetable-{}", book.by.as_str());
    if let [one] = book.sheets.as_slice() {
        let label: String = transliterate(&one.label)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let label = label.trim_matches('-');
        if !label.is_empty() {
            name.push('-');
            name.push_str(label);
        }
    }
    format!("{name}.{extension}")
}

/// `GET /v1/web/timetable/print.xlsx?by=class|teacher|room[&id=…]`
pub async fn get_print_xlsx(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<PrintQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, QUERY_HINT)?;
    let (bytes, file) = tokio::task::spawn_blocking(move || {
        let book = print_book(&state, &a.user, &q)?;
        let bytes = zvonok_import::export_timetable_xlsx(&book).map_err(internal)?;
        Ok::<_, ApiError>((bytes, file_name(&book, "xlsx")))
    })
    .await??;
    Ok(attachment(XLSX, &file, bytes))
}

/// `GET /v1/web/timetable/print.pdf?by=class|teacher|room[&id=…]`
pub async fn get_print_pdf(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<PrintQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, QUERY_HINT)?;
    let (bytes, file) = tokio::task::spawn_blocking(move || {
        let book = print_book(&state, &a.user, &q)?;
        let bytes = crate::timetable_print::render(&book).map_err(internal)?;
        Ok::<_, ApiError>((bytes, file_name(&book, "pdf")))
    })
    .await??;
    Ok(attachment(PDF, &file, bytes))
}
