//! Closing the academic year and moving to the next (`core::year_close`), for whoever holds
//! «Закрывать учебный год и переходить на новый» (the coordinator and the director by default):
//!
//! - `GET /v1/web/year-close[?overrides=<JSON>]` → `YearCloseView`: the dry run over the whole
//!   school (the school, every class list, the movement book, the final marks of every journal
//!   of the year), and the move in force with what keeps it from being undone;
//! - `POST /v1/web/year-close` (`YearCloseRequest{year, overrides}`) → `YearCloseDone`: refused
//!   (422, the blocking problems listed) unless the dry run has none. Everything is checked
//!   before anything is written (the school ops on a copy, the orders against the book), then
//!   written in this order: the school (next year, periods, holidays, classes, current year) as
//!   the session's device → the documents the school now calls for (rosters of the new classes,
//!   next year's timetable) → the orders as the session's device and their effects on the
//!   rosters → the closed year's journals marked read-only (server). A year already closed this
//!   way answers its move with `changed: false` and writes nothing. Audited `year_closed`;
//! - `POST /v1/web/year-close/undo` → `YearCloseUndone`: while the new year's journals hold no
//!   data, its timetable is empty and no other order or school entry names its classes: one
//!   cancelling order per order (rosters follow), the journals writable again, next year's
//!   classes, periods, holidays and the year removed, the closed year current again. Audited
//!   `year_close_undone`.
//!
//! Confirmations and undos are serialised by one lock, so two coordinators cannot run them at
//! once.

use std::collections::BTreeSet;
use std::sync::Mutex;

use chrono::Utc;
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{PeriodId, YearId};
use zvonok_core::wire::AuditAction;
use zvonok_core::wire::{
    YearCloseDone, YearCloseOrder, YearCloseRequest, YearCloseUndone, YearCloseView,
};
use zvonok_core::year_close::{
    self, apply as yc_apply, orders as yc_orders, read_only as yc_read_only, JournalFinals,
};

use super::*;

const CLOSE_YEAR: &str = "закрывать учебный год и переходить на новый могут координатор и \
     директор; попросите право «Закрывать учебный год и переходить на новый»";

static RUNNING: Mutex<()> = Mutex::new(());

/// What a dry run reads, loaded from the documents.
struct Loaded {
    records: Vec<DocRecord>,
    school_rec: DocRecord,
    school: SchoolData,
    movement_rec: DocRecord,
    movement: MovementData,
    rosters: Vec<RosterData>,
}

fn load(state: &AppState) -> ApiResult<Loaded> {
    let records = state.storage.docs()?;
    let (school_rec, shared) = the_doc(state, DocKind::School)?;
    let school = SchoolData::from_doc(&lock(&shared).doc).map_err(internal)?;
    let (movement_rec, shared) = the_doc(state, DocKind::Movement)?;
    let movement = MovementData::from_doc(&lock(&shared).doc).map_err(internal)?;
    let mut rosters = Vec::new();
    for rec in records.iter().filter(|r| r.kind == DocKind::Roster) {
        let shared = open(state, rec)?;
        rosters.push(RosterData::from_doc(&lock(&shared).doc).map_err(internal)?);
    }
    Ok(Loaded {
        records,
        school_rec,
        school,
        movement_rec,
        movement,
        rosters,
    })
}

fn periods_of(school: &SchoolData, year: YearId) -> BTreeSet<PeriodId> {
    school
        .periods
        .values()
        .filter(|p| p.year == year)
        .map(|p| p.id)
        .collect()
}

fn journals_of<'a>(
    records: &'a [DocRecord],
    periods: &'a BTreeSet<PeriodId>,
) -> impl Iterator<Item = &'a DocRecord> {
    records.iter().filter(move |r| {
        r.kind == DocKind::Journal && r.meta.period.is_some_and(|p| periods.contains(&p))
    })
}

/// The final marks of every journal of `year`.
fn finals(state: &AppState, l: &Loaded, year: YearId) -> ApiResult<Vec<JournalFinals>> {
    let periods = periods_of(&l.school, year);
    let mut out = Vec::new();
    for rec in journals_of(&l.records, &periods) {
        let shared = open(state, rec)?;
        let j = JournalData::from_doc(&lock(&shared).doc).map_err(internal)?;
        if j.finals.is_empty() {
            continue;
        }
        out.push(JournalFinals {
            class: j.meta.cohort.class(),
            subject: j.meta.subject,
            period: j.meta.period,
            finals: j.finals,
        });
    }
    Ok(out)
}

fn plan_of(
    state: &AppState,
    l: &Loaded,
    overrides: &BTreeMap<StudentId, year_close::Override>,
) -> ApiResult<Result<year_close::YearPlan, year_close::YearCloseError>> {
    let Some(year) = l.school.current_year else {
        return Ok(Err(year_close::YearCloseError::NoCurrentYear));
    };
    let finals = finals(state, l, year)?;
    Ok(year_close::plan(year_close::YearInput {
        school: &l.school,
        rosters: &l.rosters,
        movement: &l.movement,
        finals: &finals,
        overrides,
        today: l.school.today(Utc::now()),
    }))
}

/// The move in force whose new year is the school's current year.
fn done_of(l: &Loaded) -> Option<(year_close::orders::Run, YearCloseDone)> {
    let current = l.school.current_year?;
    let closed = l
        .school
        .years
        .values()
        .find(|y| year_close::next_year_id(y.id) == current)?;
    let run = yc_orders::in_force(&l.movement, closed.id)?;
    let title = |y: YearId| {
        l.school
            .years
            .get(&y)
            .map(|y| y.title.clone())
            .unwrap_or_default()
    };
    let orders = run
        .orders
        .iter()
        .filter_map(|id| l.movement.orders.get(id))
        .map(|o| YearCloseOrder {
            id: o.id,
            number: o.number.clone(),
            date: o.date,
            kind: o.kind.title_ru().to_string(),
            students: o.students.len(),
            note: o.note.clone(),
        })
        .collect();
    let done = YearCloseDone {
        year: closed.id,
        year_title: closed.title.clone(),
        next_year: current,
        next_year_title: title(current),
        orders,
        changed: false,
    };
    Some((run, done))
}

/// Lessons of the new year's journals that hold data, and the new year's timetable slots.
fn new_year_use(state: &AppState, l: &Loaded, next: YearId) -> ApiResult<(usize, usize)> {
    let periods = periods_of(&l.school, next);
    let mut lessons = 0;
    for rec in journals_of(&l.records, &periods) {
        let shared = open(state, rec)?;
        let j = JournalData::from_doc(&lock(&shared).doc).map_err(internal)?;
        lessons += j
            .lessons
            .keys()
            .filter(|id| {
                let c = zvonok_core::lesson_plan::lesson_content(&j, **id);
                c.attendance + c.marks > 0 || c.topic || c.homework
            })
            .count();
        if !j.finals.is_empty() {
            lessons += 1;
        }
    }
    let mut slots = 0;
    for rec in l
        .records
        .iter()
        .filter(|r| r.kind == DocKind::Timetable && r.meta.year == Some(next))
    {
        let shared = open(state, rec)?;
        slots += TimetableData::from_doc(&lock(&shared).doc)
            .map_err(internal)?
            .slots
            .len();
    }
    Ok((lessons, slots))
}

fn undo_problems_of(
    state: &AppState,
    l: &Loaded,
    run: &year_close::orders::Run,
    done: &YearCloseDone,
) -> ApiResult<Vec<String>> {
    let (lessons, slots) = new_year_use(state, l, done.next_year)?;
    Ok(yc_apply::undo_problems(
        &l.school,
        &l.movement,
        run,
        done.year,
        done.next_year,
        lessons,
        slots,
    ))
}

fn check_right(state: &AppState, user: &UserRecord, action: Action) -> ApiResult<()> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, action, Resource::YearClose, &ix.dir),
        CLOSE_YEAR,
    )
}

/// The dry run with `overrides`, and the move in force.
pub fn year_close_view(
    state: &AppState,
    user: &UserRecord,
    overrides: &BTreeMap<StudentId, year_close::Override>,
) -> ApiResult<YearCloseView> {
    check_right(state, user, Action::Read)?;
    let l = load(state)?;
    let (plan, plan_error) = match plan_of(state, &l, overrides)? {
        Ok(p) => (Some(p), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let (done, undo_problems) = match done_of(&l) {
        Some((run, done)) => {
            let problems = undo_problems_of(state, &l, &run, &done)?;
            (Some(done), problems)
        }
        None => (None, Vec::new()),
    };
    let mut class_names: BTreeMap<ClassId, String> = l
        .school
        .classes
        .values()
        .map(|c| (c.id, c.name()))
        .collect();
    if let Some(p) = &plan {
        for n in &p.next_classes {
            class_names.insert(n.id, n.name.clone());
        }
    }
    Ok(YearCloseView {
        plan,
        plan_error,
        subjects: l
            .school
            .subjects
            .values()
            .map(|s| (s.id, s.name.clone()))
            .collect(),
        class_names,
        done,
        undo_problems,
    })
}

/// Confirms closing `req.year` (see the module's doc).
pub fn year_close_confirm(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    req: &YearCloseRequest,
) -> ApiResult<YearCloseDone> {
    check_right(state, user, Action::Write)?;
    let _running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    let l = load(state)?;
    if yc_orders::in_force(&l.movement, req.year).is_some() {
        if let Some((_, done)) = done_of(&l).filter(|(_, d)| d.year == req.year) {
            return Ok(done);
        }
    }
    if l.school.current_year != Some(req.year) {
        return Err(ApiError::Unprocessable(
            "Закрыть можно только текущий учебный год. Обновите страницу: возможно, год уже \
             закрыли."
                .into(),
        ));
    }
    let plan = plan_of(state, &l, &req.overrides)?
        .map_err(|e| refused(DomainError::Rule(e.to_string())))?;
    let blocking: Vec<String> = plan.blocking().map(|p| p.message.clone()).collect();
    if !blocking.is_empty() {
        return Err(ApiError::Unprocessable(format!(
            "Год не закрыт, исправьте сначала: {}",
            blocking.join(" ")
        )));
    }
    let orders = yc_orders::confirm_orders(&plan, &l.movement).map_err(refused)?;
    let ops = yc_apply::confirm_school_ops(&plan);
    let writer = Writer { user, device };

    // The school: checked as a whole on a copy first, so a refusal writes nothing.
    let shared = open(state, &l.school_rec)?;
    let mut hot = lock(&shared);
    {
        let mut copy = hot.doc.fork();
        for op in &ops {
            school_ops::apply(&mut copy, op).map_err(refused)?;
        }
    }
    let stored = write_doc(state, writer, &l.school_rec, &mut hot, |d| {
        ops.iter().try_for_each(|op| school_ops::apply(d, op))
    })?;
    drop(hot);
    if stored.index_dirty || stored.school_changed {
        state.invalidate_index();
    }
    provision::after_school_change(state)?;

    // The orders, then their effects on the rosters.
    issue_orders(state, writer, &l, &orders)?;

    // The closed year's journals: read-only.
    let closed = set_journals_closed(state, &l.records, &periods_of(&l.school, req.year), true)?;
    writer.audit(
        state,
        Some(l.movement_rec.id),
        AuditAction::YearClosed,
        format!(
            "Закрыт {} учебный год, переход на {}: приказов {}, классов нового года {}, \
             журналов закрыто {}",
            plan.year.title,
            plan.next_year.title,
            orders.len(),
            plan.next_classes.len(),
            closed
        ),
    )?;
    let l = load(state)?;
    let (_, mut done) = done_of(&l).ok_or_else(|| internal("переход на новый год не найден"))?;
    done.changed = true;
    Ok(done)
}

/// Adds `orders` to the movement book as the writer's, then lets rosters, journals and
/// personal files follow them (`provision::apply_orders`), as any order does.
fn issue_orders(
    state: &AppState,
    writer: Writer<'_>,
    l: &Loaded,
    orders: &[zvonok_core::doc::movement::Order],
) -> ApiResult<()> {
    let shared = open(state, &l.movement_rec)?;
    let mut hot = lock(&shared);
    let before: BTreeSet<_> = l.movement.orders.keys().copied().collect();
    let stored = write_doc(state, writer, &l.movement_rec, &mut hot, |d| {
        orders
            .iter()
            .try_for_each(|o| movement::apply(d, &MovementOp::AddOrder { order: o.clone() }))
    })?;
    let after = MovementData::from_doc(&hot.doc).map_err(internal)?;
    drop(hot);
    if stored.index_dirty {
        state.invalidate_index();
    }
    let new = provision::new_orders(&before, &after);
    provision::apply_orders(state, writer, &after, &new)?;
    Ok(())
}

fn set_journals_closed(
    state: &AppState,
    records: &[DocRecord],
    periods: &BTreeSet<PeriodId>,
    closed: bool,
) -> ApiResult<usize> {
    let mut n = 0;
    for rec in journals_of(records, periods) {
        let shared = open(state, rec)?;
        let mut hot = lock(&shared);
        let wrote = persist::server_edit(state, rec, &mut hot, |d| {
            yc_read_only::set_journal_closed(d, closed).map(|_| ())
        })?;
        if wrote {
            n += 1;
        }
    }
    Ok(n)
}

/// Undoes the move in force (see the module's doc).
pub fn year_close_undo(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
) -> ApiResult<YearCloseUndone> {
    check_right(state, user, Action::Write)?;
    let _running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    let l = load(state)?;
    let Some((run, done)) = done_of(&l) else {
        return Err(ApiError::Unprocessable(
            "Отменять нечего: переход на новый учебный год не выполнялся или уже отменён.".into(),
        ));
    };
    let problems = undo_problems_of(state, &l, &run, &done)?;
    if !problems.is_empty() {
        return Err(ApiError::Unprocessable(problems.join(" ")));
    }
    let cancels = yc_orders::undo_orders(&run, &l.movement).map_err(refused)?;
    let writer = Writer { user, device };

    issue_orders(state, writer, &l, &cancels)?;

    let reopened =
        set_journals_closed(state, &l.records, &periods_of(&l.school, done.year), false)?;
    let classes_removed = yc_apply::created_classes(&l.school, done.year, done.next_year).len();
    let shared = open(state, &l.school_rec)?;
    let mut hot = lock(&shared);
    let stored = write_doc(state, writer, &l.school_rec, &mut hot, |d| {
        yc_apply::remove_next_year(d, &l.school, done.year, done.next_year)
    })?;
    drop(hot);
    if stored.index_dirty || stored.school_changed {
        state.invalidate_index();
    }
    provision::after_school_change(state)?;
    writer.audit(
        state,
        Some(l.movement_rec.id),
        AuditAction::YearCloseUndone,
        format!(
            "Отменён переход с {} на {}: отменено приказов {}, удалено классов {}, журналов \
             открыто {}",
            done.year_title,
            done.next_year_title,
            cancels.len(),
            classes_removed,
            reopened
        ),
    )?;
    Ok(YearCloseUndone {
        year: done.year,
        orders_cancelled: cancels.len(),
        classes_removed,
        journals_reopened: reopened,
    })
}

// ---------------------------------------------------------------- handlers

/// `?overrides=<JSON object student → override>` of the dry run.
#[derive(Debug, Default, Deserialize)]
pub struct YearCloseQuery {
    #[serde(default)]
    pub overrides: Option<String>,
}

/// `GET /v1/web/year-close`
pub async fn get_year_close(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<YearCloseQuery>, QueryRejection>,
) -> ApiResult<Json<YearCloseView>> {
    let q = query(q, "укажите overrides как JSON или не указывайте")?;
    let overrides: BTreeMap<StudentId, year_close::Override> = match q.overrides.as_deref() {
        None | Some("") => BTreeMap::new(),
        Some(s) => serde_json::from_str(s).map_err(|_| {
            ApiError::BadRequest(
                "выбранные итоги учеников не распознаны; обновите страницу и выберите их снова"
                    .into(),
            )
        })?,
    };
    let v =
        tokio::task::spawn_blocking(move || year_close_view(&state, &a.user, &overrides)).await??;
    Ok(Json(v))
}

/// `POST /v1/web/year-close`
pub async fn post_year_close(
    State(state): State<Arc<AppState>>,
    a: Authed,
    req: Result<Json<YearCloseRequest>, JsonRejection>,
) -> ApiResult<Json<YearCloseDone>> {
    let Json(req) = req.map_err(|e| json_rejection("Закрытие учебного года", e))?;
    let done =
        tokio::task::spawn_blocking(move || year_close_confirm(&state, &a.user, &a.device, &req))
            .await??;
    Ok(Json(done))
}

/// `POST /v1/web/year-close/undo`
pub async fn post_year_close_undo(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<YearCloseUndone>> {
    let undone =
        tokio::task::spawn_blocking(move || year_close_undo(&state, &a.user, &a.device)).await??;
    Ok(Json(undone))
}
