//! The coordinator's browser screens (`/v1/web/*` of issue 4): the setup wizard's progress,
//! writes of the school document and of the movement book, the movement book (JSON and XLSX),
//! and imports of people lists (a preview that writes nothing, then the confirmed apply).
//!
//! Every endpoint decides with `rights::may`. Writes are performed on the server's copy of the
//! document with the same core rules a device runs (`school_ops::apply`, `movement::apply`,
//! `personal::apply`), signed by the browser session's own device actor, and stored through
//! `persist::store_changes` exactly like an accepted sync change (as `apply_op` stores journal
//! writes); what follows from them (`provision`) is done by the server afterwards. A refused
//! write changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use automerge::{ActorId, AutoCommit, Change};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zvonok_core::doc::movement::{self, MovementData, MovementOp, OrderKind};
use zvonok_core::doc::personal::{self, PersonalData, PersonalOp, StudentField};
use zvonok_core::doc::roster::{self, RosterData};
use zvonok_core::doc::school::{self, SchoolData};
use zvonok_core::doc::school_ops::{self, SchoolOp};
use zvonok_core::doc::{server_actor, DocKind};
use zvonok_core::ids::{ClassId, GuardianId, StaffId, StudentId};
use zvonok_core::model::{Guardian, StaffMember, Student};
use zvonok_core::movement::{movement_book, MovementBook};
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::setup::{self, SetupStep, StepProgress};
use zvonok_core::views::status::Saved;
use zvonok_core::DomainError;
use zvonok_import::{
    Cell, CsvOptions, ExistingPeople, ExportColumn, GuardianKey, ImportKind, ImportPlan,
    ReadOptions, StaffKey, StudentKey, TextEncoding,
};

use super::extract::Authed;
use crate::docstore::{lock, HotDoc};
use crate::error::{ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::persist::{self, Writer};
use crate::provision;
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, UserRecord};

type Shared = Arc<std::sync::Mutex<HotDoc>>;

/// `GET /v1/web/setup`: each wizard step's state and where a resumed wizard opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub steps: Vec<StepProgress>,
    pub next: Option<SetupStep>,
}

/// `GET /v1/web/movement/book`: the book with the names of its classes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookView {
    #[serde(flatten)]
    pub book: MovementBook,
    /// Class id → «5А».
    pub class_names: BTreeMap<ClassId, String>,
}

// ---------------------------------------------------------------- shared helpers

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}

fn refused(e: DomainError) -> ApiError {
    ApiError::Unprocessable(e.to_string())
}

fn actor_of(device: &DeviceRecord) -> ApiResult<ActorId> {
    hex::decode(&device.actor)
        .map(|b| ActorId::from(b.as_slice()))
        .map_err(|_| ApiError::Internal("actor id устройства повреждён".into()))
}

fn index(state: &AppState) -> ApiResult<Arc<SchoolIndex>> {
    state.index().map_err(internal)
}

fn forbid_unless(ok: bool, what: &str) -> ApiResult<()> {
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

fn open(state: &AppState, rec: &DocRecord) -> ApiResult<Shared> {
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

/// Performs `f` on `doc` as `actor` and commits it; afterwards the document's actor is the
/// server's again. A refused write leaves the document as it was. `None`: nothing changed.
fn perform(
    doc: &mut AutoCommit,
    actor: ActorId,
    f: impl FnOnce(&mut AutoCommit) -> Result<(), DomainError>,
) -> Result<Option<Change>, DomainError> {
    doc.set_actor(actor);
    let outcome = match f(doc) {
        Ok(()) => Ok(doc.commit().and_then(|hash| doc.get_change_by_hash(&hash))),
        Err(e) => {
            // Before `set_actor`, which would commit whatever the write had begun.
            doc.rollback();
            Err(e)
        }
    };
    doc.set_actor(server_actor());
    outcome
}

/// Performs `f` as this session's device on the document of `rec` and stores the change like
/// an accepted sync change. Returns whether the document changed.
fn write_doc(
    state: &AppState,
    writer: Writer<'_>,
    rec: &DocRecord,
    hot: &mut HotDoc,
    f: impl FnOnce(&mut AutoCommit) -> Result<(), DomainError>,
) -> ApiResult<persist::Stored> {
    let change = perform(&mut hot.doc, actor_of(writer.device)?, f).map_err(refused)?;
    match change {
        Some(c) => persist::store_changes(state, writer, rec, hot, &[c], false),
        None => Ok(persist::Stored::default()),
    }
}

fn json_rejection(what: &str, e: JsonRejection) -> ApiError {
    match e {
        JsonRejection::JsonDataError(e) => ApiError::Unprocessable(format!(
            "{what} не распознана ({}). Обновите страницу и повторите.",
            e.body_text()
        )),
        JsonRejection::MissingJsonContentType(_) => ApiError::BadRequest(format!(
            "{what} отправляется с заголовком Content-Type: application/json"
        )),
        e => ApiError::BadRequest(format!(
            "тело запроса не разобрано ({}); обновите страницу и повторите",
            e.body_text()
        )),
    }
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

// ---------------------------------------------------------------- movement

const ISSUE_ORDERS: &str = "приказы о движении учащихся оформляют секретарь и координатор; \
     попросите право «Оформлять приказы о движении учащихся»";

/// Issues one order as this user's write; then applies its effects to the rosters.
pub fn movement_op(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    op: &MovementOp,
) -> ApiResult<Saved> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Write, Resource::Movement, &ix.dir),
        ISSUE_ORDERS,
    )?;
    let MovementOp::AddOrder { order } = op;
    for class in match &order.kind {
        OrderKind::Enroll { to } => vec![*to],
        OrderKind::Transfer { from, to } => vec![*from, *to],
        OrderKind::Withdraw { from, .. } => vec![*from],
        OrderKind::Cancel { .. } => vec![],
    } {
        if !ix.school.classes.contains_key(&class) {
            return Err(ApiError::Unprocessable(
                "В приказе указан класс, которого нет в школе. Выберите класс из списка.".into(),
            ));
        }
    }
    drop(ix);
    let writer = Writer { user, device };
    let (rec, shared) = the_doc(state, DocKind::Movement)?;
    let mut hot = lock(&shared);
    let before = MovementData::from_doc(&hot.doc).map_err(internal)?;
    let stored = write_doc(state, writer, &rec, &mut hot, |d| movement::apply(d, op))?;
    let after = MovementData::from_doc(&hot.doc).map_err(internal)?;
    drop(hot);
    if stored.index_dirty {
        state.invalidate_index();
    }
    let new = provision::new_orders(&before.orders.keys().copied().collect(), &after);
    provision::apply_orders(state, writer, &after, &new)?;
    Ok(Saved { pending: 0 })
}

const READ_BOOK: &str = "книгу движения учащихся просматривают директор, его заместители и те, \
     кто оформляет приказы; попросите право «Просматривать книгу движения учащихся»";

/// The movement book for `from..=to`.
pub fn book(
    state: &AppState,
    user: &UserRecord,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<BookView> {
    let ix = index(state)?;
    forbid_unless(
        may(&user.principal, Action::Read, Resource::Movement, &ix.dir),
        READ_BOOK,
    )?;
    if from > to {
        return Err(ApiError::BadRequest(format!(
            "начало периода ({}) позже конца ({}); поменяйте даты местами",
            from.format("%d.%m.%Y"),
            to.format("%d.%m.%Y")
        )));
    }
    let (_, shared) = the_doc(state, DocKind::Movement)?;
    let data = MovementData::from_doc(&lock(&shared).doc).map_err(internal)?;
    let book = movement_book(&data, from, to).map_err(refused)?;
    let class_names = ix
        .school
        .classes
        .values()
        .map(|c| (c.id, c.name()))
        .collect();
    Ok(BookView { book, class_names })
}

/// The movement book as an XLSX workbook: one line per student per order, then the counts
/// per class.
pub fn book_xlsx(view: &BookView) -> ApiResult<Vec<u8>> {
    let name = |c: &ClassId| view.class_names.get(c).cloned().unwrap_or_default();
    let columns = [
        ExportColumn::new("Дата", 12.0),
        ExportColumn::new("№ приказа", 12.0),
        ExportColumn::new("Приказ", 22.0),
        ExportColumn::new("Ученик", 36.0),
        ExportColumn::new("Из класса", 11.0),
        ExportColumn::new("В класс / куда", 30.0),
        ExportColumn::new("Отменён", 10.0),
    ];
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for e in &view.book.entries {
        let (from, to) = match &e.kind {
            OrderKind::Enroll { to } => (String::new(), name(to)),
            OrderKind::Transfer { from, to } => (name(from), name(to)),
            OrderKind::Withdraw { from, destination } => (name(from), destination.clone()),
            OrderKind::Cancel { .. } => (String::new(), String::new()),
        };
        rows.push(vec![
            Cell::Date(e.date),
            Cell::text(e.number.clone()),
            Cell::text(e.kind.title_ru()),
            Cell::text(e.name.clone()),
            Cell::text(from),
            Cell::text(to),
            Cell::text(if e.cancelled_by.is_some() { "да" } else { "" }),
        ]);
    }
    rows.push(Vec::new());
    rows.push(vec![
        Cell::text("Класс"),
        Cell::text("На начало"),
        Cell::text("Прибыло"),
        Cell::text("Выбыло"),
        Cell::text("На конец"),
    ]);
    for c in &view.book.classes {
        rows.push(vec![
            Cell::text(name(&c.class)),
            Cell::Number(c.at_start as f64),
            Cell::Number(c.arrived as f64),
            Cell::Number(c.left as f64),
            Cell::Number(c.at_end as f64),
        ]);
    }
    zvonok_import::export_xlsx("Книга движения", &columns, &rows)
        .map_err(|e| internal(e.to_string()))
}

// ---------------------------------------------------------------- imports

/// `?kind=students|staff[&encoding=utf-8|windows-1251|utf-16le|utf-16be]`
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    pub kind: Option<String>,
    pub encoding: Option<String>,
}

fn import_kind(q: &ImportQuery) -> ApiResult<ImportKind> {
    match q.kind.as_deref().map(str::trim) {
        Some("students") => Ok(ImportKind::StudentsWithGuardians),
        Some("staff") => Ok(ImportKind::Staff),
        other => Err(ApiError::BadRequest(format!(
            "неизвестный вид списка «{}»: укажите ?kind=students (ученики с родителями) или ?kind=staff (сотрудники)",
            other.unwrap_or_default()
        ))),
    }
}

fn encoding(q: &ImportQuery) -> ApiResult<Option<TextEncoding>> {
    let Some(e) = q
        .encoding
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    else {
        return Ok(None);
    };
    let e = e.to_lowercase().replace('_', "-");
    Ok(Some(match e.as_str() {
        "utf-8" | "utf8" => TextEncoding::Utf8,
        "windows-1251" | "cp1251" | "1251" => TextEncoding::Windows1251,
        "utf-16le" | "utf-16" => TextEncoding::Utf16Le,
        "utf-16be" => TextEncoding::Utf16Be,
        _ => {
            return Err(ApiError::BadRequest(format!(
                "неизвестная кодировка «{e}»: укажите utf-8 или windows-1251 (или не указывайте — её определят сами)"
            )))
        }
    }))
}

/// What the school has now, read for an import: rosters and personal files of every class.
struct People {
    school: SchoolData,
    rosters: BTreeMap<ClassId, (DocRecord, RosterData)>,
    personal: BTreeMap<ClassId, (DocRecord, PersonalData)>,
}

impl People {
    fn read(state: &AppState, ix: &SchoolIndex) -> ApiResult<People> {
        let mut p = People {
            school: ix.school.clone(),
            rosters: BTreeMap::new(),
            personal: BTreeMap::new(),
        };
        for rec in state.storage.docs()? {
            let Some(class) = rec.meta.class else {
                continue;
            };
            match rec.kind {
                DocKind::Roster => {
                    let r =
                        RosterData::from_doc(&lock(&open(state, &rec)?).doc).map_err(internal)?;
                    p.rosters.insert(class, (rec, r));
                }
                DocKind::Personal => {
                    let d =
                        PersonalData::from_doc(&lock(&open(state, &rec)?).doc).map_err(internal)?;
                    p.personal.insert(class, (rec, d));
                }
                _ => {}
            }
        }
        Ok(p)
    }

    fn class_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.school.classes.values().map(|c| c.name()).collect();
        v.sort();
        v
    }

    fn birth_date(&self, class: ClassId, s: StudentId) -> Option<NaiveDate> {
        self.personal
            .get(&class)
            .and_then(|(_, p)| p.students.get(&s))
            .and_then(|f| f.birth_date)
    }

    fn guardian_phone(&self, class: ClassId, g: GuardianId) -> String {
        self.personal
            .get(&class)
            .and_then(|(_, p)| p.guardians.get(&g))
            .map(|f| f.phone.clone())
            .unwrap_or_default()
    }

    /// Keys of the people there are, and the ids behind them.
    fn existing(&self) -> (ExistingPeople, Ids) {
        let mut ex = ExistingPeople::new();
        let mut ids = Ids::default();
        for (class, (_, r)) in &self.rosters {
            let mut skey: HashMap<StudentId, StudentKey> = HashMap::new();
            for s in r.students.values() {
                if let Some(b) = self.birth_date(*class, s.id) {
                    let k = StudentKey::new(&s.last_name, &s.first_name, &s.middle_name, b);
                    ex.students.insert(k.clone());
                    if s.active || !ids.students.contains_key(&k) {
                        ids.students.insert(k.clone(), (s.id, *class));
                    }
                    skey.insert(s.id, k);
                }
            }
            let mut gkey: HashMap<GuardianId, GuardianKey> = HashMap::new();
            for g in r.guardians.values() {
                let phone = self.guardian_phone(*class, g.id);
                let k = GuardianKey::new(&g.last_name, &g.first_name, &g.middle_name, &phone);
                ex.guardians.insert(k.clone());
                ids.guardians.insert(k.clone(), g.id);
                gkey.insert(g.id, k);
            }
            for (g, s) in &r.links {
                if let (Some(gk), Some(sk)) = (gkey.get(g), skey.get(s)) {
                    ex.links.insert((gk.clone(), sk.clone()));
                }
            }
        }
        for m in self.school.staff.values() {
            ex.staff
                .insert(StaffKey::new(&m.last_name, &m.first_name, &m.middle_name));
        }
        (ex, ids)
    }
}

#[derive(Default)]
struct Ids {
    students: HashMap<StudentKey, (StudentId, ClassId)>,
    guardians: HashMap<GuardianKey, GuardianId>,
}

fn read_plan(bytes: &[u8], q: &ImportQuery, people: &People) -> ApiResult<(ImportPlan, Ids)> {
    let kind = import_kind(q)?;
    let options = ReadOptions {
        csv: CsvOptions {
            encoding: encoding(q)?,
            delimiter: None,
        },
        sheet: None,
    };
    let read = zvonok_import::read_table(bytes, &options)
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let (existing, ids) = people.existing();
    let plan = zvonok_import::plan(&read.table, kind, &existing, &people.class_names())
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    Ok((plan, ids))
}

const ENTER_LISTS: &str = "вводить списки учеников и родителей может тот, у кого есть право \
     «Ввести списки учеников и родителей» (и право редактировать личные дела); обратитесь к координатору";

/// May this user import the lists of `kind` at all (before looking at the file)?
fn may_import(p: &Principal, kind: ImportKind, ix: &SchoolIndex) -> ApiResult<()> {
    let ok = match kind {
        ImportKind::Staff => may(p, Action::Write, Resource::School, &ix.dir),
        ImportKind::StudentsWithGuardians => ix.school.classes.keys().any(|c| {
            may(p, Action::Write, Resource::Roster(*c), &ix.dir)
                && may(p, Action::Write, Resource::Personal(*c), &ix.dir)
        }),
    };
    forbid_unless(
        ok,
        match kind {
            ImportKind::Staff => MANAGE_SCHOOL,
            ImportKind::StudentsWithGuardians => ENTER_LISTS,
        },
    )
}

/// `POST /v1/web/import/preview`: the plan of importing `bytes`; writes nothing.
pub fn import_preview(
    state: &AppState,
    user: &UserRecord,
    q: &ImportQuery,
    bytes: &[u8],
) -> ApiResult<ImportPlan> {
    let ix = index(state)?;
    may_import(&user.principal, import_kind(q)?, &ix)?;
    let people = People::read(state, &ix)?;
    Ok(read_plan(bytes, q, &people)?.0)
}

/// Per class: what an import adds to its roster and personal files.
#[derive(Default)]
struct ClassEdits {
    students: Vec<Student>,
    guardians: Vec<Guardian>,
    links: Vec<(GuardianId, StudentId)>,
    personal: Vec<PersonalOp>,
}

/// `POST /v1/web/import/apply`: writes what the plan adds (rows with errors are skipped) and
/// returns the plan it applied. Applying the same file again adds nothing.
pub fn import_apply(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    q: &ImportQuery,
    bytes: &[u8],
) -> ApiResult<ImportPlan> {
    let ix = index(state)?;
    let kind = import_kind(q)?;
    may_import(&user.principal, kind, &ix)?;
    let people = People::read(state, &ix)?;
    let (plan, ids) = read_plan(bytes, q, &people)?;
    if plan.adds_nothing() {
        return Ok(plan);
    }
    let writer = Writer { user, device };
    match kind {
        ImportKind::Staff => {
            drop(ix);
            apply_staff(state, writer, &plan)?;
        }
        ImportKind::StudentsWithGuardians => {
            let edits = student_edits(&plan, ids, &people)?;
            for class in edits.keys() {
                let name = people
                    .school
                    .classes
                    .get(class)
                    .map(|c| c.name())
                    .unwrap_or_default();
                let p = &user.principal;
                forbid_unless(
                    may(p, Action::Write, Resource::Roster(*class), &ix.dir)
                        && may(p, Action::Write, Resource::Personal(*class), &ix.dir),
                    &format!("в списке есть ученики {name}, а вносить людей в этот класс вам нельзя; {ENTER_LISTS}"),
                )?;
                if !people.rosters.contains_key(class) || !people.personal.contains_key(class) {
                    return Err(internal(format!(
                        "у класса {name} нет списка или личных дел"
                    )));
                }
            }
            drop(ix);
            // Check every personal value first, so a bad one changes nothing.
            for e in edits.values() {
                for op in &e.personal {
                    if let PersonalOp::SetStudentField { field, value, .. } = op {
                        field.normalise(value).map_err(refused)?;
                    }
                    if let PersonalOp::SetGuardianField { field, value, .. } = op {
                        field.normalise(value).map_err(refused)?;
                    }
                }
            }
            for (class, e) in edits {
                let (rec, _) = &people.rosters[&class];
                let shared = open(state, rec)?;
                let mut hot = lock(&shared);
                let stored = write_doc(state, writer, rec, &mut hot, |d| {
                    for s in &e.students {
                        roster::put_student(d, s)?;
                    }
                    for g in &e.guardians {
                        roster::put_guardian(d, g)?;
                    }
                    for (g, s) in &e.links {
                        roster::link(d, *g, *s)?;
                    }
                    Ok(())
                })?;
                drop(hot);
                if stored.index_dirty {
                    state.invalidate_index();
                }
                let (rec, _) = &people.personal[&class];
                let shared = open(state, rec)?;
                let mut hot = lock(&shared);
                let _ = write_doc(state, writer, rec, &mut hot, |d| {
                    for op in &e.personal {
                        personal::apply(d, op)?;
                    }
                    Ok(())
                })?;
            }
        }
    }
    Ok(plan)
}

fn student_edits(
    plan: &ImportPlan,
    mut ids: Ids,
    people: &People,
) -> ApiResult<BTreeMap<ClassId, ClassEdits>> {
    use zvonok_core::doc::personal::GuardianField as GF;
    use zvonok_import::Action as Plan;
    let class_of = |name: &str| -> ApiResult<ClassId> {
        people
            .school
            .class_by_name(name)
            .map(|c| c.id)
            .ok_or_else(|| ApiError::Unprocessable(format!("класса {name} нет в школе")))
    };
    let mut edits: BTreeMap<ClassId, ClassEdits> = BTreeMap::new();
    for ps in plan.students.iter().filter(|s| s.action == Plan::Add) {
        let r = &ps.record;
        let class = class_of(&r.class)?;
        let id = StudentId::new();
        ids.students.insert(r.key(), (id, class));
        let e = edits.entry(class).or_default();
        e.students.push(Student {
            id,
            last_name: r.last_name.clone(),
            first_name: r.first_name.clone(),
            middle_name: r.middle_name.clone(),
            active: true,
        });
        let mut field = |field: StudentField, value: String| {
            if !value.trim().is_empty() {
                e.personal.push(PersonalOp::SetStudentField {
                    student: id,
                    field,
                    value,
                });
            }
        };
        field(
            StudentField::BirthDate,
            r.birth_date.format("%Y-%m-%d").to_string(),
        );
        field(StudentField::Address, r.address.clone());
        field(StudentField::Snils, r.snils.clone());
        field(StudentField::Phone, r.phone.clone());
    }
    let records: HashMap<GuardianKey, &zvonok_import::GuardianRecord> = plan
        .guardians
        .iter()
        .map(|g| (g.record.key(), &g.record))
        .collect();
    for pl in plan.links.iter().filter(|l| l.action == Plan::Add) {
        let Some(&(student, class)) = ids.students.get(&pl.student) else {
            continue;
        };
        let Some(g) = records.get(&pl.guardian) else {
            continue;
        };
        let gid = *ids.guardians.entry(pl.guardian.clone()).or_default(); // a new id (`Default` is `new`)
        let e = edits.entry(class).or_default();
        e.guardians.push(Guardian {
            id: gid,
            last_name: g.last_name.clone(),
            first_name: g.first_name.clone(),
            middle_name: g.middle_name.clone(),
            relation: pl.relation.clone(),
        });
        e.links.push((gid, student));
        for (field, value) in [(GF::Phone, &g.phone), (GF::Email, &g.email)] {
            if !value.trim().is_empty() {
                e.personal.push(PersonalOp::SetGuardianField {
                    guardian: gid,
                    field,
                    value: value.clone(),
                });
            }
        }
    }
    Ok(edits)
}

fn apply_staff(state: &AppState, writer: Writer<'_>, plan: &ImportPlan) -> ApiResult<()> {
    use zvonok_import::Action as Plan;
    let ops: Vec<SchoolOp> = plan
        .staff
        .iter()
        .filter(|s| s.action == Plan::Add)
        .map(|s| SchoolOp::PutStaff {
            member: StaffMember {
                id: StaffId::new(),
                last_name: s.record.last_name.clone(),
                first_name: s.record.first_name.clone(),
                middle_name: s.record.middle_name.clone(),
                position: s.record.position.clone(),
            },
        })
        .collect();
    if ops.is_empty() {
        return Ok(());
    }
    let (rec, shared) = the_doc(state, DocKind::School)?;
    let mut hot = lock(&shared);
    let stored = write_doc(state, writer, &rec, &mut hot, |d| {
        for op in &ops {
            school_ops::apply(d, op)?;
        }
        Ok(())
    })?;
    drop(hot);
    if stored.index_dirty {
        state.invalidate_index();
    }
    Ok(())
}

// ---------------------------------------------------------------- handlers

fn query<T>(q: Result<Query<T>, QueryRejection>, hint: &str) -> ApiResult<T> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::BadRequest(format!("параметры запроса не разобраны ({e}); {hint}")))
}

fn body(state: &AppState, b: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    b.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(state.max_body_bytes),
        _ => ApiError::BadRequest(format!("тело запроса не прочитано: {e}")),
    })
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

/// `POST /v1/web/movement/orders` with a JSON `MovementOp`.
pub async fn post_order(
    State(state): State<Arc<AppState>>,
    a: Authed,
    op: Result<Json<MovementOp>, JsonRejection>,
) -> ApiResult<Json<Saved>> {
    let Json(op) = op.map_err(|e| json_rejection("Приказ", e))?;
    let saved =
        tokio::task::spawn_blocking(move || movement_op(&state, &a.user, &a.device, &op)).await??;
    Ok(Json(saved))
}

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`
#[derive(Debug, Deserialize)]
pub struct BookQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

fn book_dates(q: Result<Query<BookQuery>, QueryRejection>) -> ApiResult<(NaiveDate, NaiveDate)> {
    let q = query(q, "нужны ?from=ГГГГ-ММ-ДД&to=ГГГГ-ММ-ДД")?;
    let date = |v: Option<&str>, what: &str| -> ApiResult<NaiveDate> {
        let s = v.map(str::trim).unwrap_or("");
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            ApiError::BadRequest(format!(
                "укажите {what} периода в виде ГГГГ-ММ-ДД, например 2026-09-01 (получено «{s}»)"
            ))
        })
    };
    Ok((
        date(q.from.as_deref(), "начало (from)")?,
        date(q.to.as_deref(), "конец (to)")?,
    ))
}

/// `GET /v1/web/movement/book?from=&to=`
pub async fn get_book(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<BookQuery>, QueryRejection>,
) -> ApiResult<Json<BookView>> {
    let (from, to) = book_dates(q)?;
    let v = tokio::task::spawn_blocking(move || book(&state, &a.user, from, to)).await??;
    Ok(Json(v))
}

/// `GET /v1/web/movement/book.xlsx?from=&to=`
pub async fn get_book_xlsx(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<BookQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (from, to) = book_dates(q)?;
    let bytes = tokio::task::spawn_blocking(move || {
        let v = book(&state, &a.user, from, to)?;
        book_xlsx(&v)
    })
    .await??;
    let file = format!("movement-book-{from}-{to}.xlsx");
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /v1/web/import/preview?kind=students|staff[&encoding=]`, body: the file.
pub async fn post_import_preview(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<ImportQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ImportPlan>> {
    let q = query(q, "нужен ?kind=students или ?kind=staff")?;
    let bytes = body(&state, b)?;
    let plan =
        tokio::task::spawn_blocking(move || import_preview(&state, &a.user, &q, &bytes)).await??;
    Ok(Json(plan))
}

/// `POST /v1/web/import/apply?kind=students|staff[&encoding=]`, body: the same file.
pub async fn post_import_apply(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<ImportQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ImportPlan>> {
    let q = query(q, "нужен ?kind=students или ?kind=staff")?;
    let bytes = body(&state, b)?;
    let plan =
        tokio::task::spawn_blocking(move || import_apply(&state, &a.user, &a.device, &q, &bytes))
            .await??;
    Ok(Json(plan))
}
