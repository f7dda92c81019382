//! The coordinator's browser endpoints (issue 4) over the small demo school: setup progress,
//! school writes (with the documents that follow from them), orders acting on rosters, the
//! movement book (JSON, XLSX) and imports (preview writes nothing; applying twice adds once).

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{today, Harness};
use zvonok_core::curriculum::WeeklyHours;
use zvonok_core::doc::movement::{MovementOp, Order, OrderKind};
use zvonok_core::doc::personal::PersonalData;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, OrderId, StudentId};
use zvonok_core::model::Class;
use zvonok_core::setup::StepState;
use zvonok_core::wire::ErrorBody;
use zvonok_server::api::admin::{BookView, SetupView};
use zvonok_server::docstore::lock;
use zvonok_server::storage::DocRecord;

const BIG: usize = 64 << 20;

async fn post(
    h: &Harness,
    token: &str,
    uri: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

async fn post_json(
    h: &Harness,
    token: &str,
    uri: &str,
    v: &impl serde::Serialize,
) -> (StatusCode, Vec<u8>) {
    let body = serde_json::to_vec(v).expect("json");
    post(h, token, uri, "application/json", body).await
}

fn error_of(b: &[u8]) -> String {
    serde_json::from_slice::<ErrorBody>(b)
        .unwrap_or_else(|_| panic!("not an error body: {}", String::from_utf8_lossy(b)))
        .error
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn token(h: &Harness, login: &str) -> String {
    h.login(login).await.token
}

fn records(h: &Harness) -> Vec<DocRecord> {
    h.state.storage.docs().expect("docs")
}

fn school(h: &Harness) -> (DocRecord, SchoolData) {
    let rec = records(h)
        .into_iter()
        .find(|r| r.kind == DocKind::School)
        .expect("school");
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let s = SchoolData::from_doc(&lock(&shared).doc).expect("school");
    (rec, s)
}

fn rosters(h: &Harness) -> BTreeMap<ClassId, RosterData> {
    records(h)
        .into_iter()
        .filter(|r| r.kind == DocKind::Roster)
        .map(|rec| {
            let shared = h
                .state
                .docs
                .get(rec.id, rec.kind)
                .expect("get")
                .expect("doc");
            let r = RosterData::from_doc(&lock(&shared).doc).expect("roster");
            (r.class, r)
        })
        .collect()
}

fn personal(h: &Harness) -> Vec<PersonalData> {
    records(h)
        .into_iter()
        .filter(|r| r.kind == DocKind::Personal)
        .map(|rec| {
            let shared = h
                .state
                .docs
                .get(rec.id, rec.kind)
                .expect("get")
                .expect("doc");
            let p = PersonalData::from_doc(&lock(&shared).doc).expect("personal");
            p
        })
        .collect()
}

fn all_heads(h: &Harness) -> BTreeMap<String, String> {
    records(h)
        .into_iter()
        .map(|r| (r.id.to_string(), format!("{:?}", r.heads)))
        .collect()
}

#[tokio::test]
async fn the_demo_school_is_set_up_and_only_managers_see_the_wizard() {
    let h = Harness::new(BIG);
    let coord = token(&h, "coordinator").await;
    let (s, _, b) = h.get(&coord, "/v1/web/setup").await;
    assert_eq!(s, StatusCode::OK, "{}", text(&b));
    let v: SetupView = serde_json::from_slice(&b).expect("setup view");
    assert_eq!(v.steps.len(), 10);
    for step in &v.steps {
        assert_eq!(step.state, StepState::Done, "{step:?}");
    }
    assert_eq!(v.next, None);
    let teacher = token(&h, "teacher").await;
    let (s, _, b) = h.get(&teacher, "/v1/web/setup").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{}", text(&b));
    assert!(error_of(&b).contains("Настраивать школу"));
}

#[tokio::test]
async fn school_writes_are_checked_and_a_new_class_gets_its_documents() {
    let h = Harness::new(BIG);
    let coord = token(&h, "coordinator").await;
    let (rec, s) = school(&h);
    let profile = s
        .profiles
        .values()
        .find(|p| p.grade == 5)
        .expect("profile")
        .clone();
    let math = s.subject_by_name("Математика").expect("math").id;

    // Over the limit: refused with the limit named, nothing written.
    let before = all_heads(&h);
    let op = SchoolOp::SetPlanHours {
        profile: profile.id,
        subject: math,
        hours: WeeklyHours::hours(30),
    };
    let (st, b) = post_json(&h, &coord, "/v1/web/school/ops", &op).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{}", text(&b));
    let e = error_of(&b);
    assert!(
        e.contains("не больше 29 ч") && e.contains("5 класса"),
        "{e}"
    );
    assert_eq!(all_heads(&h), before, "nothing changed");

    // A teacher may not write the school at all.
    let teacher = token(&h, "teacher").await;
    let (st, b) = post_json(&h, &teacher, "/v1/web/school/ops", &op).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{}", text(&b));
    // Malformed JSON changes nothing either.
    let (st, b) = post(
        &h,
        &coord,
        "/v1/web/school/ops",
        "application/json",
        b"{\"op\":\"no_such_op\"}".to_vec(),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{}", text(&b));
    assert_eq!(all_heads(&h), before, "nothing changed");

    // A new class: stored, and its roster and personal documents are created.
    let year = s.current_year.expect("year");
    let id = ClassId::new();
    let op = SchoolOp::PutClass {
        class: Class {
            id,
            year,
            grade: 6,
            letter: "В".into(),
            class_teacher: None,
        },
    };
    let (st, b) = post_json(&h, &coord, "/v1/web/school/ops", &op).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let (rec2, s2) = school(&h);
    assert_ne!(rec2.heads, rec.heads);
    assert!(s2.classes.contains_key(&id));
    let docs = records(&h);
    for kind in [DocKind::Roster, DocKind::Personal] {
        assert_eq!(
            docs.iter()
                .filter(|r| r.kind == kind && r.meta.class == Some(id))
                .count(),
            1,
            "{kind} of the new class"
        );
    }
    assert_eq!(
        docs.iter().filter(|r| r.kind == DocKind::Movement).count(),
        1
    );
    // Saving the same class again creates nothing more.
    let n = docs.len();
    let (st, _) = post_json(&h, &coord, "/v1/web/school/ops", &op).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(records(&h).len(), n);
}

fn order(number: &str, days_ago: i64, kind: OrderKind, student: StudentId) -> MovementOp {
    let mut students = BTreeMap::new();
    students.insert(student, "Тестов Тест".to_string());
    MovementOp::AddOrder {
        order: Order {
            id: OrderId::new(),
            number: number.into(),
            date: today() - chrono::Duration::days(days_ago),
            kind,
            students,
            note: String::new(),
        },
    }
}

#[tokio::test]
async fn orders_act_on_rosters_and_fill_the_book() {
    let h = Harness::new(BIG);
    let sec = token(&h, "secretary").await;
    let (_, s) = school(&h);
    let a = s.class_by_name("5А").expect("5А").id;
    let b6 = s.class_by_name("6А").expect("6А").id;
    let student = *rosters(&h)[&a].students.keys().next().expect("a student");

    let before = all_heads(&h);
    let transfer = order("1-т", 0, OrderKind::Transfer { from: a, to: b6 }, student);
    let (st, b) = post_json(&h, &sec, "/v1/web/movement/orders", &transfer).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{}", text(&b));
    assert!(error_of(&b).contains("приказ о зачислении"), "{}", text(&b));
    assert_eq!(all_heads(&h), before, "nothing changed");

    // A teacher may not issue orders.
    let teacher = token(&h, "teacher").await;
    let enroll = order("1-з", 30, OrderKind::Enroll { to: a }, student);
    let (st, _) = post_json(&h, &teacher, "/v1/web/movement/orders", &enroll).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    let (st, b) = post_json(&h, &sec, "/v1/web/movement/orders", &enroll).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let (st, b) = post_json(&h, &sec, "/v1/web/movement/orders", &transfer).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let rs = rosters(&h);
    assert!(!rs[&a].students[&student].active, "inactive in 5А");
    assert!(rs[&b6].students[&student].active, "active in 6А");
    assert!(
        rs[&b6].links.iter().any(|(_, s)| *s == student),
        "the guardians came along"
    );
    // The 6А journals of the current period list the student now; 5А's keep them too.
    let journals: Vec<(DocRecord, zvonok_core::doc::journal::JournalData)> = records(&h)
        .into_iter()
        .filter(|r| r.kind == DocKind::Journal)
        .map(|rec| {
            let shared = h
                .state
                .docs
                .get(rec.id, rec.kind)
                .expect("get")
                .expect("doc");
            let j = zvonok_core::doc::journal::JournalData::from_doc(&lock(&shared).doc)
                .expect("journal");
            (rec, j)
        })
        .collect();
    let current = |j: &zvonok_core::doc::journal::JournalData| {
        j.meta.start <= today() && today() <= j.meta.end
    };
    let six: Vec<_> = journals
        .iter()
        .filter(|(_, j)| j.meta.cohort.class() == b6 && current(j))
        .collect();
    assert!(!six.is_empty());
    assert!(six.iter().all(|(_, j)| j.students.contains_key(&student)));
    assert!(journals
        .iter()
        .filter(|(_, j)| j.meta.cohort.class() == a)
        .all(|(_, j)| j.students.contains_key(&student)));
    // The rights index follows: the student's class is now 6А.
    let ix = h.state.index().expect("index");
    assert_eq!(ix.dir.student_class.get(&student), Some(&b6));

    // The book.
    let from = today() - chrono::Duration::days(60);
    let uri = format!("/v1/web/movement/book?from={from}&to={}", today());
    let (st, _, b) = h.get(&sec, &uri).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let v: BookView = serde_json::from_slice(&b).expect("book");
    assert_eq!(v.book.entries.len(), 2, "{v:?}");
    let c6 = v.book.classes.iter().find(|c| c.class == b6).expect("6А");
    assert_eq!((c6.arrived, c6.at_start + 1), (1, c6.at_end));
    assert_eq!(v.class_names[&b6], "6А");
    let (st, hd, b) = h.get(&sec, &uri.replace("/book?", "/book.xlsx?")).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    assert!(b.starts_with(b"PK"), "an XLSX (zip) file");
    assert!(hd[header::CONTENT_TYPE]
        .to_str()
        .unwrap_or_default()
        .contains("spreadsheetml"));
    let (st, _, b) = h
        .get(&sec, "/v1/web/movement/book?from=2026-12-01&to=2026-09-01")
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{}", text(&b));
    let parent = token(&h, "parent").await;
    let (st, _, _) = h.get(&parent, &uri).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
}

const CSV: &str =
    "Фамилия;Имя;Отчество;Дата рождения;Класс;ФИО родителя 1;Кем приходится;Телефон родителя 1
Новикова;Алиса;Игоревна;12.03.2015;5А;Новикова Ольга Петровна;мать;+7 912 111-22-33
Новиков;Борис;Игоревич;01.02.2014;6 а;Новикова Ольга Петровна;мать;8 912 111 22 33
Плохой;Дата;;31.02.2015;5А;;;
Нет;Класса;;01.01.2015;9Я;;;
";

#[tokio::test]
async fn an_import_previews_then_applies_once() {
    let h = Harness::new(BIG);
    let sec = token(&h, "secretary").await;
    let uri = |what: &str| format!("/v1/web/import/{what}?kind=students");
    let before = all_heads(&h);
    let (st, b) = post(
        &h,
        &sec,
        &uri("preview"),
        "text/csv",
        CSV.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let plan: zvonok_core::wire::ImportPreview = serde_json::from_slice(&b).expect("preview");
    assert_eq!(plan.counts.students.add, 2, "{:?}", plan.counts);
    assert_eq!(plan.counts.guardians.add, 1, "{:?}", plan.counts);
    assert!(!plan.applied);
    assert_eq!(plan.format, "CSV");
    assert_eq!(plan.encoding.as_deref(), Some("UTF-8"));
    assert!(!plan.encoding_forced);
    assert_eq!(plan.rows_total, 4);
    assert!(
        plan.adds
            .iter()
            .any(|l| l.contains("Новикова Алиса Игоревна") && l.contains("5А")),
        "{:?}",
        plan.adds
    );
    assert!(plan.errors.iter().all(|e| !e.message.is_empty()));
    let bad_rows: Vec<u32> = plan.errors.iter().map(|e| e.row).collect();
    assert!(
        bad_rows.contains(&4) && bad_rows.contains(&5),
        "{:?}",
        plan.errors
    );
    assert_eq!(all_heads(&h), before, "a preview writes nothing");

    // Without the right: refused, nothing written.
    let teacher = token(&h, "teacher").await;
    let (st, b) = post(
        &h,
        &teacher,
        &uri("apply"),
        "text/csv",
        CSV.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{}", text(&b));
    let (st, b) = post(
        &h,
        &sec,
        "/v1/web/import/apply?kind=pupils",
        "text/csv",
        CSV.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{}", text(&b));
    assert_eq!(all_heads(&h), before);

    let (st, b) = post(&h, &sec, &uri("apply"), "text/csv", CSV.as_bytes().to_vec()).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let (_, s) = school(&h);
    let a = s.class_by_name("5А").expect("5А").id;
    let six = s.class_by_name("6А").expect("6А").id;
    let rs = rosters(&h);
    let alice = rs[&a]
        .students
        .values()
        .find(|s| s.last_name == "Новикова")
        .expect("Алиса in 5А");
    let boris = rs[&six]
        .students
        .values()
        .find(|s| s.last_name == "Новиков")
        .expect("Борис in 6А");
    let mother = |r: &RosterData, s: StudentId| {
        r.links
            .iter()
            .find(|(_, x)| *x == s)
            .map(|(g, _)| *g)
            .expect("linked")
    };
    assert_eq!(
        mother(&rs[&a], alice.id),
        mother(&rs[&six], boris.id),
        "one mother of both"
    );
    let files = personal(&h);
    let alice_file = files
        .iter()
        .find_map(|p| p.students.get(&alice.id))
        .expect("Алиса's file");
    assert_eq!(
        alice_file.birth_date,
        chrono::NaiveDate::from_ymd_opt(2015, 3, 12)
    );

    // The same file again adds nothing and writes nothing.
    let after = all_heads(&h);
    let (st, b) = post(&h, &sec, &uri("apply"), "text/csv", CSV.as_bytes().to_vec()).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let again: zvonok_core::wire::ImportPreview = serde_json::from_slice(&b).expect("preview");
    assert!(again.applied);
    assert!(again.adds_nothing(), "{:?}", again.counts);
    assert_eq!(all_heads(&h), after, "re-importing changes nothing");
}

/// The sync path: a coordinator's device adds a class (`school_ops::apply` on its replica);
/// the server stores it and creates the class's roster and personal documents, which the
/// device receives in the same sync; an order synced from a device acts on the rosters.
#[tokio::test]
async fn synced_school_and_movement_changes_are_followed_up() {
    let h = Harness::new(BIG);
    let login = h.login("coordinator").await;
    let mut dev = common::Device::new(&login);
    dev.sync(&h).await;
    let (rec, s) = school(&h);
    let id = ClassId::new();
    {
        let (_, doc, _) = dev.docs.get_mut(&rec.id).expect("school on the device");
        zvonok_core::doc::school_ops::apply(
            doc,
            &SchoolOp::PutClass {
                class: Class {
                    id,
                    year: s.current_year.expect("year"),
                    grade: 5,
                    letter: "В".into(),
                    class_teacher: None,
                },
            },
        )
        .expect("put class");
        doc.commit();
    }
    dev.sync(&h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
    let docs = records(&h);
    let roster = docs
        .iter()
        .find(|r| r.kind == DocKind::Roster && r.meta.class == Some(id))
        .expect("the new class's roster");
    assert!(docs
        .iter()
        .any(|r| r.kind == DocKind::Personal && r.meta.class == Some(id)));
    assert!(
        dev.docs.contains_key(&roster.id),
        "the coordinator's device received the new roster"
    );

    // An order from the device moves a student into the new class.
    let a = s.class_by_name("5А").expect("5А").id;
    let student = *rosters(&h)[&a].students.keys().next().expect("student");
    let movement = docs
        .iter()
        .find(|r| r.kind == DocKind::Movement)
        .expect("movement")
        .id;
    for op in [
        order("7-з", 20, OrderKind::Enroll { to: a }, student),
        order("8-т", 1, OrderKind::Transfer { from: a, to: id }, student),
    ] {
        let (_, doc, _) = dev.docs.get_mut(&movement).expect("movement on the device");
        zvonok_core::doc::movement::apply(doc, &op).expect("order");
        doc.commit();
    }
    dev.sync(&h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
    let rs = rosters(&h);
    assert!(rs[&id].students[&student].active);
    assert!(!rs[&a].students[&student].active);
}

#[tokio::test]
async fn a_staff_import_adds_staff_once_for_managers_only() {
    let h = Harness::new(BIG);
    let csv = "Фамилия;Имя;Отчество;Должность\nЛебедева;Ирина;Олеговна;Учитель музыки\n";
    let uri = "/v1/web/import/apply?kind=staff";
    let sec = token(&h, "secretary").await;
    let (st, b) = post(&h, &sec, uri, "text/csv", csv.as_bytes().to_vec()).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{}", text(&b));
    let coord = token(&h, "coordinator").await;
    let n = school(&h).1.staff.len();
    let (st, b) = post(&h, &coord, uri, "text/csv", csv.as_bytes().to_vec()).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let s = school(&h).1;
    assert_eq!(s.staff.len(), n + 1);
    assert!(s
        .staff
        .values()
        .any(|m| m.last_name == "Лебедева" && m.position == "Учитель музыки"));
    let (st, b) = post(&h, &coord, uri, "text/csv", csv.as_bytes().to_vec()).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    assert_eq!(school(&h).1.staff.len(), n + 1, "once");
}

/// A preview lists at most 200 readable adds and says how many more there are; a forced
/// encoding is reported as forced.
#[tokio::test]
async fn a_long_preview_is_capped_and_reports_a_forced_encoding() {
    let h = Harness::new(BIG);
    let sec = token(&h, "secretary").await;
    let last = [
        "Абрамов",
        "Белов",
        "Власов",
        "Громов",
        "Данилов",
        "Ершов",
        "Жуков",
        "Зуев",
        "Ильин",
        "Карпов",
        "Лебедев",
        "Миронов",
        "Носков",
        "Орлов",
        "Панов",
        "Родионов",
    ];
    let first = [
        "Антон",
        "Борис",
        "Виктор",
        "Глеб",
        "Денис",
        "Егор",
        "Захар",
        "Игорь",
        "Кирилл",
        "Лев",
        "Марк",
        "Никита",
        "Олег",
        "Павел",
        "Роман",
        "Семён",
    ];
    let mut csv = String::from("Фамилия;Имя;Дата рождения;Класс\n");
    for (i, l) in last.iter().enumerate() {
        for (j, f) in first.iter().enumerate() {
            csv.push_str(&format!(
                "{l};{f};{:02}.{:02}.{};5А\n",
                j + 1,
                i % 12 + 1,
                2014 + i / 12
            ));
        }
    }
    let (st, b) = post(
        &h,
        &sec,
        "/v1/web/import/preview?kind=students&encoding=utf-8",
        "text/csv",
        csv.into_bytes(),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let p: zvonok_core::wire::ImportPreview = serde_json::from_slice(&b).expect("preview");
    assert_eq!(p.counts.students.add, 256, "{:?}", p.counts);
    assert_eq!(p.adds.len(), zvonok_core::wire::MAX_PREVIEW_ADDS);
    assert_eq!(p.adds_more, 56);
    assert!(p.encoding_forced);
    assert_eq!(p.delimiter.as_deref(), Some("точка с запятой"));
    assert_eq!(p.rows_total, 256);
}
