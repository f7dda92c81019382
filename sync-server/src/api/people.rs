//! The people screen: the classes whose lists a user may read, one class's students with their
//! guardians (personal fields only for readers of personal files), the class list as XLSX, and
//! edits of the people (`PeopleOp`) with the same core writers as the import.
//!
//! Rights: reading needs `may(Read, Roster(class))`, personal fields `may(Read,
//! Personal(class))`; roster edits `may(Write, Roster(class))`, and entering a new person also
//! `rights::may_enter_people` (the lists right, checked on the result by
//! `roster::check_entry`, as the server checks a device's roster change); personal fields
//! `may(Write, Personal(class))`.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use zvonok_core::doc::people_ops::{self, PeopleOp};
use zvonok_core::doc::personal::{self, PersonalData};
use zvonok_core::doc::roster::{self, RosterData};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::ClassId;
use zvonok_core::rights::{may, may_enter_people, Action, Principal, Resource};
use zvonok_core::views::{self, status::Saved};
use zvonok_core::wire::{ClassesView, PeopleView};
use zvonok_core::DomainError;
use zvonok_import::{Cell, ExportColumn};

use super::admin::{
    forbid_unless, index, internal, json_rejection, open, query, refused, write_doc,
};
use super::extract::Authed;
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::persist::Writer;
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, UserRecord};

const READ_LIST: &str = "список этого класса видят его учителя, классный руководитель и \
     администрация; если вам нужен доступ, обратитесь к координатору";
const EDIT_PEOPLE: &str = "править сведения об учениках и родителях класса может классный \
     руководитель с правом «Редактировать сведения об учениках и родителях в своём классе»; \
     обратитесь к координатору";
const ENTER_PEOPLE: &str = "добавлять новых учеников и родителей может только тот, у кого есть \
     право «Ввести списки учеников и родителей»; вы можете править сведения о тех, кто уже в \
     списке. Обратитесь к координатору";
const EDIT_PERSONAL: &str = "личные дела заполняет секретарь или тот, у кого есть право \
     «Редактировать личные дела»; обратитесь к координатору";

/// `?class=<id>`
#[derive(Debug, Deserialize)]
pub struct PeopleQuery {
    pub class: Option<String>,
}

fn class_of(q: &PeopleQuery) -> ApiResult<Option<ClassId>> {
    match q.class.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => c.parse().map(Some).map_err(|_| {
            ApiError::BadRequest(format!(
                "«{c}» — не идентификатор класса; выберите класс из списка"
            ))
        }),
    }
}

fn need_class(q: &PeopleQuery) -> ApiResult<ClassId> {
    class_of(q)?.ok_or_else(|| {
        ApiError::BadRequest("укажите класс: ?class=<идентификатор класса из списка>".into())
    })
}

/// The class's document of `kind` (roster, personal).
fn class_doc(state: &AppState, kind: DocKind, class: ClassId) -> ApiResult<DocRecord> {
    state
        .storage
        .docs()?
        .into_iter()
        .find(|r| r.kind == kind && r.meta.class == Some(class))
        .ok_or_else(|| {
            internal(format!(
                "у класса {class} нет документа «{kind}»; перезапустите сервер"
            ))
        })
}

fn roster_of(ix: &SchoolIndex, class: ClassId) -> ApiResult<&RosterData> {
    if !ix.school.classes.contains_key(&class) {
        return Err(ApiError::NotFound(
            "такого класса нет в школе; обновите страницу".into(),
        ));
    }
    ix.rosters
        .get(&class)
        .ok_or_else(|| internal(format!("у класса {class} нет списка; перезапустите сервер")))
}

/// `GET /v1/web/people` without a class: the classes whose lists this user may read.
pub fn classes_view(state: &AppState, user: &UserRecord) -> ApiResult<ClassesView> {
    let p = &user.principal;
    forbid_unless(p.is_staff(), READ_LIST)?;
    let ix = index(state)?;
    Ok(views::people::classes_view(
        &ix.school,
        |c| ix.rosters.get(&c),
        p,
        &ix.dir,
    ))
}

/// One class's students with their guardians, restricted fields only for readers of
/// personal files.
pub fn people_view(state: &AppState, user: &UserRecord, class: ClassId) -> ApiResult<PeopleView> {
    let p = &user.principal;
    let ix = index(state)?;
    forbid_unless(
        may(p, Action::Read, Resource::Roster(class), &ix.dir),
        READ_LIST,
    )?;
    let r = roster_of(&ix, class)?;
    let files = if may(p, Action::Read, Resource::Personal(class), &ix.dir) {
        let rec = class_doc(state, DocKind::Personal, class)?;
        Some(PersonalData::from_doc(&lock(&open(state, &rec)?).doc).map_err(internal)?)
    } else {
        None
    };
    Ok(views::people::people_view(
        class,
        ix.class_name(class),
        r,
        files.as_ref(),
        p,
        &ix.dir,
    ))
}

/// The class list as an XLSX workbook: names and guardians; dates of birth, addresses and
/// phones only for readers of personal files.
pub fn people_xlsx(view: &PeopleView) -> ApiResult<Vec<u8>> {
    let personal = view.can_read_personal;
    let mut columns = vec![
        ExportColumn::new("№", 5.0),
        ExportColumn::new("Фамилия", 16.0),
        ExportColumn::new("Имя", 14.0),
        ExportColumn::new("Отчество", 18.0),
    ];
    if personal {
        columns.extend([
            ExportColumn::new("Дата рождения", 13.0),
            ExportColumn::new("Адрес", 36.0),
            ExportColumn::new("Телефон", 15.0),
            ExportColumn::new("СНИЛС", 16.0),
        ]);
    }
    columns.push(ExportColumn::new("Родители", 40.0));
    if personal {
        columns.push(ExportColumn::new("Телефоны родителей", 30.0));
    }
    columns.push(ExportColumn::new("Выбыл", 8.0));
    let rows: Vec<Vec<Cell>> = view
        .students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![
                Cell::Number((i + 1) as f64),
                Cell::text(s.last_name.clone()),
                Cell::text(s.first_name.clone()),
                Cell::text(s.middle_name.clone()),
            ];
            if personal {
                let f = s.personal.clone().unwrap_or_default();
                row.extend([
                    s.birth_date.map_or(Cell::Empty, Cell::Date),
                    Cell::text(f.address),
                    Cell::text(f.phone),
                    Cell::text(f.snils),
                ]);
            }
            let names: Vec<String> = s
                .guardians
                .iter()
                .map(|g| match g.relation.trim() {
                    "" => g.name.clone(),
                    r => format!("{} ({r})", g.name),
                })
                .collect();
            row.push(Cell::text(names.join("; ")));
            if personal {
                let phones: Vec<String> = s
                    .guardians
                    .iter()
                    .filter_map(|g| g.phone.clone().filter(|p| !p.is_empty()))
                    .collect();
                row.push(Cell::text(phones.join("; ")));
            }
            row.push(Cell::text(if s.active { "" } else { "да" }));
            row
        })
        .collect();
    zvonok_import::export_xlsx(&format!("Класс {}", view.class_name), &columns, &rows)
        .map_err(internal)
}

fn forbidden(e: DomainError) -> ApiError {
    match e {
        DomainError::Forbidden(_) => ApiError::Forbidden(ENTER_PEOPLE.into()),
        e => refused(e),
    }
}

/// Applies one `PeopleOp` to the class's roster or personal files as this user's write.
pub fn people_op(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    class: ClassId,
    op: &PeopleOp,
) -> ApiResult<Saved> {
    let p: &Principal = &user.principal;
    let ix = index(state)?;
    let listed = roster_of(&ix, class)?.clone();
    let writer = Writer { user, device };
    match op {
        PeopleOp::SetPersonal { personal: pop } => {
            forbid_unless(
                may(p, Action::Write, Resource::Personal(class), &ix.dir),
                EDIT_PERSONAL,
            )?;
            drop(ix);
            people_ops::check_personal_target(&listed, pop).map_err(refused)?;
            let rec = class_doc(state, DocKind::Personal, class)?;
            let shared = open(state, &rec)?;
            let mut hot = lock(&shared);
            let _ = write_doc(state, writer, &rec, &mut hot, |d| personal::apply(d, pop))?;
        }
        _ => {
            forbid_unless(
                may(p, Action::Write, Resource::Roster(class), &ix.dir),
                EDIT_PEOPLE,
            )?;
            let may_enter = may_enter_people(p, class, &ix.dir);
            drop(ix);
            let rec = class_doc(state, DocKind::Roster, class)?;
            let shared = open(state, &rec)?;
            let mut hot = lock(&shared);
            let before = RosterData::from_doc(&hot.doc).map_err(internal)?;
            // The same rule as a device's change: tried on a fork first, so a refusal is a 403.
            let mut trial = hot.doc.fork();
            people_ops::apply_roster(&mut trial, op).map_err(refused)?;
            let after = RosterData::from_doc(&trial).map_err(internal)?;
            roster::check_entry(&before, &after, may_enter).map_err(forbidden)?;
            let stored = write_doc(state, writer, &rec, &mut hot, |d| {
                people_ops::apply_roster(d, op)?;
                let after = RosterData::from_doc(d)?;
                roster::check_entry(&before, &after, may_enter)
            })?;
            drop(hot);
            if stored.index_dirty {
                state.invalidate_index();
            }
            // A new student joins the journals of the class and its groups at once.
            if stored.school_changed {
                crate::provision::after_school_change(state)?;
            }
        }
    }
    Ok(Saved { pending: 0 })
}

/// `GET /v1/web/people[?class=<id>]`: `ClassesView` without a class, `PeopleView` with one.
pub async fn get_people(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<PeopleQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, "укажите ?class=<идентификатор класса> или ничего")?;
    let class = class_of(&q)?;
    tokio::task::spawn_blocking(move || match class {
        Some(c) => Ok(Json(people_view(&state, &a.user, c)?).into_response()),
        None => Ok(Json(classes_view(&state, &a.user)?).into_response()),
    })
    .await?
}

/// `GET /v1/web/people/export.xlsx?class=<id>`
pub async fn get_people_xlsx(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<PeopleQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let q = query(q, "укажите ?class=<идентификатор класса>")?;
    let class = need_class(&q)?;
    let (name, bytes) = tokio::task::spawn_blocking(move || {
        let v = people_view(&state, &a.user, class)?;
        Ok::<_, ApiError>((v.class_name.clone(), people_xlsx(&v)?))
    })
    .await??;
    let file = format!(
        "class-{}.xlsx",
        name.replace(|c: char| !c.is_alphanumeric(), "")
    );
    Ok(super::download::attachment(
        super::download::XLSX,
        &file,
        bytes,
    ))
}

/// `POST /v1/web/people/ops?class=<id>` with a JSON `PeopleOp`.
pub async fn post_people_op(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<PeopleQuery>, QueryRejection>,
    op: Result<Json<PeopleOp>, JsonRejection>,
) -> ApiResult<Json<Saved>> {
    let q = query(q, "укажите ?class=<идентификатор класса>")?;
    let class = need_class(&q)?;
    let Json(op) = op.map_err(|e| json_rejection("Правка сведений об учениках", e))?;
    let saved =
        tokio::task::spawn_blocking(move || people_op(&state, &a.user, &a.device, class, &op))
            .await??;
    Ok(Json(saved))
}
