//! What the web-API stories share: JSON reads and writes with their status, a journal as the
//! server stores it, accounts from the slips signed in with their codes, slots written through
//! a device's own sync, and dates by weekday.

use automerge::transaction::Transactable;
use automerge::ReadDoc;
use automerge::ROOT;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::ids::{ClassId, DocId, GuardianId, StudentId, UserId};
use zvonok_core::model::{Guardian, Slot, Student};
use zvonok_core::rights::{Grant, Right, Scope};
use zvonok_core::wire::{GrantChange, IssueResponse, LoginResponse};
use zvonok_server::docstore::lock;
use zvonok_server::storage::DocRecord;

use super::empty::{post, sign_in};
use super::{Device, Harness};

/// GETs JSON and expects 200.
pub async fn get_json<T: serde::de::DeserializeOwned>(h: &Harness, token: &str, path: &str) -> T {
    let (s, _, b) = h.get(token, path).await;
    assert_eq!(s, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("json")
}

/// POSTs JSON and returns the status and the body as text.
pub async fn post_raw<T: serde::Serialize>(
    h: &Harness,
    token: &str,
    path: &str,
    body: &T,
) -> (StatusCode, String) {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).expect("json")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, String::from_utf8_lossy(&b).into_owned())
}

/// A journal as the server holds it now.
pub fn journal(h: &Harness, rec: &DocRecord) -> JournalData {
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let j = JournalData::from_doc(&lock(&shared).doc).expect("journal");
    j
}

/// The first date on or after `d` that falls on `w`.
pub fn first_on(mut d: NaiveDate, w: Weekday) -> NaiveDate {
    while d.weekday() != w {
        d += Duration::days(1);
    }
    d
}

/// Slips for the school's staff (`class: None`) or one class's families, as the coordinator
/// issues them.
pub async fn issue(h: &Harness, token: &str, class: Option<ClassId>) -> IssueResponse {
    let scope = match class {
        None => serde_json::json!({"scope": {"kind": "staff"}}),
        Some(c) => serde_json::json!({"scope": {"kind": "class", "class": c.to_string()}}),
    };
    serde_json::from_slice(&post(h, token, "/v1/web/accounts/issue", &scope).await).expect("issue")
}

/// Signs in with the code of the slip whose name begins with `name`.
pub async fn slip_sign_in(h: &Harness, issued: &IssueResponse, name: &str) -> LoginResponse {
    let a = issued
        .accounts
        .iter()
        .find(|a| a.name.starts_with(name))
        .unwrap_or_else(|| panic!("no slip for {name}"));
    sign_in(h, &a.login, a.code.as_deref().expect("a code")).await
}

/// Writes the slots (new ones or changes of existing ones) into the device's timetable in one
/// change, as a device does, then syncs and expects nothing refused.
pub async fn put_slots(h: &Harness, dev: &mut Device, tt: DocId, slots: &[Slot]) {
    let (_, doc, _) = dev.docs.get_mut(&tt).expect("the timetable on the device");
    let (_, container) = doc.get(ROOT, "slots").expect("read").expect("slots");
    for slot in slots {
        let o = match doc.get(&container, slot.id.to_string()).expect("read") {
            Some((_, o)) => o,
            None => doc
                .put_object(&container, slot.id.to_string(), automerge::ObjType::Map)
                .expect("slot"),
        };
        doc.put(&o, "weekday", i64::from(slot.weekday.number_from_monday()))
            .expect("put");
        doc.put(&o, "number", i64::from(slot.number)).expect("put");
        doc.put(&o, "class", slot.cohort.class().to_string())
            .expect("put");
        doc.put(&o, "subject", slot.subject.to_string())
            .expect("put");
        doc.put(&o, "teacher", slot.teacher.to_string())
            .expect("put");
        doc.put(&o, "room", slot.room.as_str()).expect("put");
    }
    doc.commit();
    dev.sync(h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
}

/// Grants `user` each of `rights` over the whole school, as the rights screen does.
pub async fn grant_school(h: &Harness, token: &str, user: UserId, rights: &[Right]) {
    for &right in rights {
        let change = GrantChange {
            grant: Grant {
                right,
                scope: Scope::School,
            },
            add: true,
        };
        post(
            h,
            token,
            &format!("/v1/web/accounts/{user}/grants"),
            &change,
        )
        .await;
    }
}

/// A new student «Фамилия Имя», active.
pub fn student(last: &str, first: &str) -> Student {
    Student {
        id: StudentId::new(),
        last_name: last.into(),
        first_name: first.into(),
        middle_name: String::new(),
        active: true,
    }
}

/// The class list of the stories: Орлова Вера and Петров Илья, and Вера's mother Орлова
/// Анна, entered through the people screen's ops (the caller holds the lists right).
pub struct Family {
    pub students: Vec<Student>,
    pub mother: Guardian,
}

impl Family {
    pub async fn enter(h: &Harness, token: &str, class: ClassId) -> Family {
        let people = format!("/v1/web/people/ops?class={class}");
        let students = vec![student("Орлова", "Вера"), student("Петров", "Илья")];
        for s in &students {
            post(
                h,
                token,
                &people,
                &PeopleOp::PutStudent { student: s.clone() },
            )
            .await;
        }
        let mother = Guardian {
            id: GuardianId::new(),
            last_name: "Орлова".into(),
            first_name: "Анна".into(),
            middle_name: String::new(),
            relation: "мать".into(),
        };
        let put = PeopleOp::PutGuardian {
            guardian: mother.clone(),
        };
        post(h, token, &people, &put).await;
        let link = PeopleOp::Link {
            guardian: mother.id,
            student: students[0].id,
        };
        post(h, token, &people, &link).await;
        Family { students, mother }
    }
}
