//! The screens' view models (`core::views`) built from the server's own documents for a
//! browser session: the teacher's day, a journal grid, one lesson's sheet. Every read goes
//! through `rights::may`; the same core functions build the same views on a device.
//! Blocking: call from `spawn_blocking`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use zvonok_core::doc::journal::{self, JournalConflicts, JournalData, JournalMeta};
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::{read_changes, Changes};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{DocId, LessonId};
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::timetable_changes;
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::views::lesson::LessonSheet;
use zvonok_core::views::today::{today_lessons, TodayLesson};
use zvonok_core::DomainError;

use crate::docstore::{lock, HotDoc};
use crate::error::{ApiError, ApiResult};
use crate::index::{resource_of, SchoolIndex};
use crate::state::AppState;
use crate::storage::{DocRecord, UserRecord};

/// A loaded document shared with other requests.
pub type SharedDoc = Arc<Mutex<HotDoc>>;

pub(crate) fn index_of(state: &AppState) -> ApiResult<Arc<SchoolIndex>> {
    state.index().map_err(|e| ApiError::Internal(e.to_string()))
}

/// The hot document of a row the docs table lists.
pub(crate) fn load(state: &AppState, rec: &DocRecord) -> ApiResult<SharedDoc> {
    state
        .docs
        .get(rec.id, rec.kind)
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or_else(|| {
            ApiError::Internal(format!(
                "документ {} есть в списке, но не в хранилище",
                rec.id
            ))
        })
}

fn corrupt(id: DocId) -> impl Fn(DomainError) -> ApiError {
    move |e| ApiError::Internal(format!("документ {id} не читается: {e}"))
}

/// A journal the user may read: its row and its loaded document. 404 for an unknown document,
/// 403 when the user may not read it, 400 when it is not a journal.
pub(crate) fn open_journal(
    state: &AppState,
    ix: &SchoolIndex,
    user: &UserRecord,
    id: DocId,
) -> ApiResult<(DocRecord, SharedDoc)> {
    let rec = state.storage.doc(id)?.ok_or_else(|| {
        ApiError::NotFound(
            "такого журнала на сервере нет; вернитесь к списку уроков и откройте журнал снова"
                .into(),
        )
    })?;
    if !ix.may_read(&user.principal, &rec) {
        return Err(ApiError::Forbidden(
            "этот журнал видят только учителя класса и администрация школы".into(),
        ));
    }
    if rec.kind != DocKind::Journal {
        return Err(ApiError::BadRequest(format!(
            "документ «{}» — не журнал; откройте журнал из списка уроков",
            rec.title
        )));
    }
    let shared = load(state, &rec)?;
    Ok((rec, shared))
}

/// A journal the user may read, as data with its concurrently written cells, and whether the
/// user may write it (the assigned teacher).
fn read_journal(
    state: &AppState,
    user: &UserRecord,
    id: DocId,
) -> ApiResult<(JournalData, JournalConflicts, bool)> {
    let ix = index_of(state)?;
    let (rec, shared) = open_journal(state, &ix, user, id)?;
    let writable =
        resource_of(&rec).is_some_and(|r| may(&user.principal, Action::Write, r, &ix.dir));
    let hot = lock(&shared);
    let data = JournalData::from_doc(&hot.doc).map_err(corrupt(id))?;
    let conflicts = journal::read_conflicts(&hot.doc).map_err(corrupt(id))?;
    Ok((data, conflicts, writable))
}

/// `GET /v1/web/journals/{doc}`: the whole grid.
pub fn grid(state: &AppState, user: &UserRecord, id: DocId) -> ApiResult<JournalGrid> {
    let (data, conflicts, writable) = read_journal(state, user, id)?;
    let mut grid = JournalGrid::build_with(id, &data, &conflicts);
    grid.writable = writable;
    Ok(grid)
}

/// `GET /v1/web/journals/{doc}/lessons/{lesson}`: one lesson's sheet.
pub fn lesson(
    state: &AppState,
    user: &UserRecord,
    id: DocId,
    lesson: LessonId,
) -> ApiResult<LessonSheet> {
    let (data, conflicts, writable) = read_journal(state, user, id)?;
    let mut sheet = LessonSheet::build_with(id, &data, &conflicts, lesson).ok_or_else(|| {
        ApiError::NotFound(
            "такого урока в журнале нет; обновите журнал и выберите урок из списка".into(),
        )
    })?;
    sheet.writable = writable;
    Ok(sheet)
}

/// `GET /v1/web/today`: the lessons the user teaches on `date`, with what the journals hold.
pub fn today(state: &AppState, user: &UserRecord, date: NaiveDate) -> ApiResult<Vec<TodayLesson>> {
    let p = &user.principal;
    let staff = p.staff.ok_or(ApiError::NotStaff)?;
    let ix = index_of(state)?;
    if !may(p, Action::Read, Resource::Timetable, &ix.dir) {
        return Err(ApiError::Forbidden(
            "расписание вам недоступно; попросите администратора школы выдать права".into(),
        ));
    }
    let records = state.storage.docs()?;
    let school = &ix.school;
    let Some((timetable, changes)) = current_timetable_changes(state, &ix, &records)? else {
        return Ok(Vec::new()); // the school has no timetable yet: an empty day
    };
    // Only journals of what this teacher has on that day are opened (substitutions included).
    let taught: HashSet<_> = timetable_changes::lessons_on(&timetable, &changes, date)
        .into_iter()
        .filter(|l| l.involves(staff))
        .map(|l| (l.cohort, l.subject))
        .collect();
    let mut journals: Vec<(DocId, JournalMeta)> = Vec::new();
    let mut loaded: Vec<(DocId, SharedDoc)> = Vec::new();
    for rec in &records {
        let relevant = rec.kind == DocKind::Journal
            && matches!((rec.meta.cohort, rec.meta.subject), (Some(c), Some(s)) if taught.contains(&(c, s)))
            && ix.may_read(p, rec);
        if !relevant {
            continue;
        }
        let shared = load(state, rec)?;
        let meta = journal::read_meta(&lock(&shared).doc).map_err(corrupt(rec.id))?;
        journals.push((rec.id, meta));
        loaded.push((rec.id, shared));
    }
    journals.sort_by_key(|(id, m)| (m.start, *id));
    Ok(today_lessons(
        school,
        &timetable,
        &changes,
        staff,
        date,
        &journals,
        |id| {
            let (_, shared) = loaded.iter().find(|(d, _)| *d == id)?;
            let hot = lock(shared);
            JournalData::from_doc(&hot.doc)
                .inspect_err(|e| tracing::warn!(doc = %id, "journal unreadable: {e}"))
                .ok()
        },
    ))
}

/// The timetable of the school's current year with its changes by date, if there is one (the
/// caller checks rights).
pub(crate) fn current_timetable_changes(
    state: &AppState,
    ix: &SchoolIndex,
    records: &[DocRecord],
) -> ApiResult<Option<(TimetableData, Changes)>> {
    let year = ix.school.current_year;
    let Some(rec) = records
        .iter()
        .find(|r| r.kind == DocKind::Timetable && (r.meta.year.is_none() || r.meta.year == year))
    else {
        return Ok(None);
    };
    let shared = load(state, rec)?;
    let hot = lock(&shared);
    let t = TimetableData::from_doc(&hot.doc).map_err(corrupt(rec.id))?;
    let c = read_changes(&hot.doc).map_err(corrupt(rec.id))?;
    Ok(Some((t, c)))
}
