//! Imports of people lists: a preview that writes nothing, then the confirmed apply into
//! rosters, personal files (students with guardians) or the school document (staff).

use super::preview::{preview, Planned};
use super::*;

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

fn read_plan(bytes: &[u8], q: &ImportQuery, people: &People) -> ApiResult<(Planned, Ids)> {
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
    let planned = Planned {
        plan,
        format: read.format,
        encoding_forced: options.csv.encoding.is_some(),
    };
    Ok((planned, ids))
}

const ENTER_LISTS: &str = "вводить списки учеников и родителей может тот, у кого есть право \
     «Ввести списки учеников и родителей» (и право редактировать личные дела); обратитесь к координатору";

/// May this user import the lists of `kind` at all (before looking at the file)?
fn may_import(p: &Principal, kind: ImportKind, ix: &SchoolIndex) -> ApiResult<()> {
    let ok = match kind {
        ImportKind::Staff => may(p, Action::Write, Resource::School, &ix.dir),
        ImportKind::StudentsWithGuardians => ix.school.classes.keys().any(|c| {
            may_enter_people(p, *c, &ix.dir)
                && may(p, Action::Write, Resource::Roster(*c), &ix.dir)
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
) -> ApiResult<ImportPreview> {
    let ix = index(state)?;
    may_import(&user.principal, import_kind(q)?, &ix)?;
    let people = People::read(state, &ix)?;
    Ok(preview(&read_plan(bytes, q, &people)?.0, false))
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
/// returns the view of the plan it applied. Applying the same file again adds nothing.
/// Students with guardians need the lists right (`rights::may_enter_people`) in every class
/// the file adds to.
pub fn import_apply(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    q: &ImportQuery,
    bytes: &[u8],
) -> ApiResult<ImportPreview> {
    let ix = index(state)?;
    let kind = import_kind(q)?;
    may_import(&user.principal, kind, &ix)?;
    let people = People::read(state, &ix)?;
    let (planned, ids) = read_plan(bytes, q, &people)?;
    let plan = &planned.plan;
    if plan.adds_nothing() {
        return Ok(preview(&planned, true));
    }
    let writer = Writer { user, device };
    match kind {
        ImportKind::Staff => {
            drop(ix);
            apply_staff(state, writer, plan)?;
        }
        ImportKind::StudentsWithGuardians => {
            let edits = student_edits(plan, ids, &people)?;
            for class in edits.keys() {
                let name = people
                    .school
                    .classes
                    .get(class)
                    .map(|c| c.name())
                    .unwrap_or_default();
                let p = &user.principal;
                forbid_unless(
                    may_enter_people(p, *class, &ix.dir)
                        && may(p, Action::Write, Resource::Roster(*class), &ix.dir)
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
            // The new students join the journals of their classes at once.
            provision::after_school_change(state)?;
        }
    }
    Ok(preview(&planned, true))
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

/// `POST /v1/web/import/preview?kind=students|staff[&encoding=]`, body: the file.
pub async fn post_import_preview(
    State(state): State<Arc<AppState>>,
    a: Authed,
    q: Result<Query<ImportQuery>, QueryRejection>,
    b: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<ImportPreview>> {
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
) -> ApiResult<Json<ImportPreview>> {
    let q = query(q, "нужен ?kind=students или ?kind=staff")?;
    let bytes = body(&state, b)?;
    let plan =
        tokio::task::spawn_blocking(move || import_apply(&state, &a.user, &a.device, &q, &bytes))
            .await??;
    Ok(Json(plan))
}
