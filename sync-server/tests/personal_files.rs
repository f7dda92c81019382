//! Personal files follow movement orders: after a transfer the new class's personal document
//! holds the student's file (and their guardians'), written by the server, and the old class's
//! no longer does, so the old class's teacher stops reading a student who left.

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{today, Harness};
use zvonok_core::doc::movement::{MovementOp, Order, OrderKind};
use zvonok_core::doc::personal::PersonalData;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, OrderId, StudentId};
use zvonok_core::wire::{PeopleView, ReportsIndex};
use zvonok_server::docstore::lock;

fn docs_of<T>(h: &Harness, kind: DocKind, read: impl Fn(&automerge::AutoCommit) -> T) -> Vec<T> {
    h.state
        .storage
        .docs()
        .expect("docs")
        .into_iter()
        .filter(|r| r.kind == kind)
        .map(|rec| {
            let shared = h
                .state
                .docs
                .get(rec.id, rec.kind)
                .expect("get")
                .expect("doc");
            let out = read(&lock(&shared).doc);
            out
        })
        .collect()
}

fn personal(h: &Harness) -> BTreeMap<ClassId, PersonalData> {
    docs_of(h, DocKind::Personal, |d| {
        PersonalData::from_doc(d).expect("personal")
    })
    .into_iter()
    .map(|p| (p.class, p))
    .collect()
}

fn rosters(h: &Harness) -> BTreeMap<ClassId, RosterData> {
    docs_of(h, DocKind::Roster, |d| {
        RosterData::from_doc(d).expect("roster")
    })
    .into_iter()
    .map(|r| (r.class, r))
    .collect()
}

async fn get<T: serde::de::DeserializeOwned>(h: &Harness, token: &str, uri: &str) -> T {
    let (st, _, b) = h.get(token, uri).await;
    assert_eq!(st, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("json")
}

async fn order(
    h: &Harness,
    token: &str,
    number: &str,
    days_ago: i64,
    kind: OrderKind,
    s: StudentId,
) {
    let op = MovementOp::AddOrder {
        order: Order {
            id: OrderId::new(),
            number: number.into(),
            date: today() - chrono::Duration::days(days_ago),
            kind,
            students: BTreeMap::from([(s, "Тестов Тест".to_string())]),
            note: String::new(),
        },
    };
    let req = Request::builder()
        .method(Method::POST)
        .uri("/v1/web/movement/orders")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&op).expect("json")))
        .expect("request");
    let (st, _, b) = h.call(req).await;
    assert_eq!(st, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
}

#[tokio::test]
async fn a_transfer_moves_the_personal_file_to_the_new_class() {
    let h = Harness::new(64 << 20);
    let sec = h.login("secretary").await.token;
    let ct = h.login("classteacher").await.token;
    // The class teacher's class: the one whose reports they read.
    let ix: ReportsIndex = get(&h, &ct, "/v1/web/reports").await;
    let old = ix.classes.first().expect("the class teacher's class").id;
    let files = personal(&h);
    let (student, file) = rosters(&h)[&old]
        .sorted_students()
        .into_iter()
        .filter(|s| s.active)
        .find_map(|s| Some((s.id, files[&old].students.get(&s.id)?.clone())))
        .expect("a student of the class with a personal file");
    let guardians: Vec<_> = rosters(&h)[&old]
        .links
        .iter()
        .filter(|(_, s)| *s == student)
        .map(|(g, _)| *g)
        .filter(|g| files[&old].guardians.contains_key(g))
        .collect();
    let before: PeopleView = get(&h, &ct, &format!("/v1/web/people?class={old}")).await;
    assert!(
        before.can_read_personal,
        "the class teacher reads the class's files"
    );
    let row = before
        .students
        .iter()
        .find(|r| r.id == student)
        .expect("listed");
    assert_eq!(
        row.personal.as_ref(),
        Some(&file),
        "read before the transfer"
    );

    let school = docs_of(&h, DocKind::School, |d| {
        SchoolData::from_doc(d).expect("school")
    })
    .remove(0);
    let grade = school.classes[&old].grade;
    let new = school
        .classes
        .values()
        .find(|c| c.id != old && c.year == school.classes[&old].year && c.grade == grade)
        .or_else(|| school.classes.values().find(|c| c.id != old))
        .expect("another class")
        .id;
    assert!(!personal(&h)[&new].students.contains_key(&student));

    order(&h, &sec, "1-з", 30, OrderKind::Enroll { to: old }, student).await;
    order(
        &h,
        &sec,
        "1-т",
        0,
        OrderKind::Transfer { from: old, to: new },
        student,
    )
    .await;

    let after = personal(&h);
    assert_eq!(
        after[&new].students.get(&student),
        Some(&file),
        "the file came along"
    );
    for g in &guardians {
        assert_eq!(
            after[&new].guardians.get(g),
            files[&old].guardians.get(g),
            "the guardian's file came along"
        );
    }
    assert!(
        !after[&old].students.contains_key(&student),
        "the old class's personal document no longer holds the student"
    );
    for g in &guardians {
        let other_child = rosters(&h)[&old]
            .links
            .iter()
            .any(|(lg, s)| lg == g && *s != student && rosters(&h)[&old].students[s].active);
        assert_eq!(
            after[&old].guardians.contains_key(g),
            other_child,
            "a guardian's file stays only for their other children of the class"
        );
    }
    let seen: PeopleView = get(&h, &ct, &format!("/v1/web/people?class={old}")).await;
    let row = seen.students.iter().find(|r| r.id == student);
    assert!(
        row.is_none_or(
            |r| !r.active && r.personal.as_ref().is_none_or(|f| *f == Default::default())
        ),
        "the old class teacher reads nothing of the student: {row:?}"
    );
    // Other students of the old class keep their files.
    let kept = files[&old]
        .students
        .keys()
        .filter(|s| **s != student)
        .count();
    assert_eq!(after[&old].students.len(), kept);
}
