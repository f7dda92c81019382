//! The timetable screens' endpoints on an EMPTY server: `GET /v1/web/timetable` shows the
//! current year's (empty) week; `POST /v1/web/timetable/ops` puts a slot as the browser
//! session's device and the journal with its dated lessons follows; a slot that would put
//! the teacher in two places is refused with the rule's reason and changes nothing; a teacher
//! reads the week but may not edit it; removing the slot takes the empty lessons away.

mod common;

use automerge::ChangeHash;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Weekday;
use common::empty::{
    docs, empty_server, post, quarter, school_today, sign_in, year_around, OneClass, ADMIN_PASSWORD,
};
use common::web::{grant_school, issue};
use common::Harness;
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Right};
use zvonok_core::wire::{ErrorBody, TimetableView};
use zvonok_server::docstore::lock;

async fn view(h: &Harness, token: &str) -> TimetableView {
    let (s, _, b) = h.get(token, "/v1/web/timetable").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("view")
}

async fn op(h: &Harness, token: &str, op: &TimetableOp) -> (StatusCode, Vec<u8>) {
    let req = Request::post("/v1/web/timetable/ops")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(op).expect("json")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

fn error(b: &[u8]) -> String {
    serde_json::from_slice::<ErrorBody>(b)
        .map(|e| e.error)
        .unwrap_or_else(|_| String::from_utf8_lossy(b).into_owned())
}

fn timetable_heads(h: &Harness) -> Vec<ChangeHash> {
    docs(h, DocKind::Timetable)[0].heads.clone()
}

fn lessons(h: &Harness) -> usize {
    docs(h, DocKind::Journal)
        .iter()
        .map(|rec| {
            let shared = h
                .state
                .docs
                .get(rec.id, rec.kind)
                .expect("get")
                .expect("doc");
            let j = JournalData::from_doc(&lock(&shared).doc).expect("journal");
            j.lessons.len()
        })
        .sum()
}

#[tokio::test]
async fn the_week_is_read_and_edited_through_the_web_endpoints_and_journals_follow() {
    let (h, _file) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();

    // Before the wizard: no current year, so no timetable, but the coordinator may edit.
    let v = view(&h, &tok).await;
    assert_eq!(
        (v.doc, v.timetable.is_some(), v.can_edit),
        (None, false, true)
    );

    let _today = school_today();
    let year = year_around(20, 100);
    let quarter = quarter(&year, 1, year.start, year.end);
    let school = OneClass::new(year.clone());
    school
        .set_up(&h, &tok, vec![quarter], Vec::new(), &[])
        .await;

    // 1. The empty week of the current year.
    let v = view(&h, &tok).await;
    let tt = v.timetable.expect("the current year's timetable");
    assert_eq!(v.doc, Some(docs(&h, DocKind::Timetable)[0].id));
    assert_eq!(tt.year, year.id);
    assert!(tt.slots.is_empty());
    assert!(docs(&h, DocKind::Journal).is_empty());

    // 2. Mathematics in 5А on Tuesdays, lesson 2: stored, and the journal follows with its
    // Tuesdays of the quarter.
    let slot = Slot {
        id: SlotId::new(),
        weekday: Weekday::Tue,
        number: 2,
        cohort: Cohort::Class(school.class.id),
        subject: school.math.id,
        teacher: school.teacher.id,
        co_teachers: Vec::new(),
        room: " 12 ".into(),
        week: SlotWeek::Every,
        version: None,
    };
    let (s, b) = op(&h, &tok, &TimetableOp::PutSlot { slot: slot.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{}", error(&b));
    let tt = view(&h, &tok).await.timetable.expect("timetable");
    assert_eq!(tt.slots.len(), 1);
    assert_eq!(tt.slots[&slot.id].room, "12", "the room is stored trimmed");
    assert_eq!(docs(&h, DocKind::Journal).len(), 1);
    let tuesdays = lessons(&h);
    assert!(tuesdays >= 14, "about 17 Tuesdays in 120 days: {tuesdays}");

    // 2b. A student entered into the class list after the journal exists joins it at once
    // (not at the next hourly run).
    grant_school(&h, &tok, admin.user.id, &[Right::EnterStudentLists]).await;
    let vera = Student {
        id: StudentId::new(),
        last_name: "Орлова".into(),
        first_name: "Вера".into(),
        middle_name: String::new(),
        active: true,
    };
    post(
        &h,
        &tok,
        &format!("/v1/web/people/ops?class={}", school.class.id),
        &PeopleOp::PutStudent {
            student: vera.clone(),
        },
    )
    .await;
    let rec = &docs(&h, DocKind::Journal)[0];
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let j = JournalData::from_doc(&lock(&shared).doc).expect("journal");
    assert!(j.students.contains_key(&vera.id), "{:?}", j.students);

    // 3. The same teacher at the same time in a new slot: refused, nothing written.
    let before = timetable_heads(&h);
    let clash = Slot {
        id: SlotId::new(),
        room: "14".into(),
        ..slot.clone()
    };
    let (s, b) = op(&h, &tok, &TimetableOp::PutSlot { slot: clash }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let msg = error(&b);
    assert!(msg.contains("Соколова"), "the teacher is named: {msg}");
    assert_eq!(
        timetable_heads(&h),
        before,
        "a refused write changes nothing"
    );

    // 4. The teacher reads the week but may not edit it.
    let staff = issue(&h, &tok, None).await;
    let slip = &staff.accounts[0];
    let teacher = sign_in(&h, &slip.login, slip.code.as_deref().expect("code")).await;
    let tv = view(&h, &teacher.token).await;
    assert!(!tv.can_edit);
    assert_eq!(tv.timetable.expect("timetable").slots.len(), 1);
    let moved = Slot {
        number: 3,
        ..slot.clone()
    };
    let (s, b) = op(&h, &teacher.token, &TimetableOp::PutSlot { slot: moved }).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(error(&b).contains("Редактировать расписание"));
    assert_eq!(timetable_heads(&h), before);

    // 5. A body that is not an operation: a Russian reason, nothing written.
    let req = Request::post("/v1/web/timetable/ops")
        .header(header::AUTHORIZATION, format!("Bearer {tok}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"op":"put_slot","slot":{"weekday":9}}"#))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    assert!(s.is_client_error(), "{s}");
    assert!(error(&b).contains("Изменение расписания"), "{}", error(&b));
    assert_eq!(timetable_heads(&h), before);

    // 6. Removing the slot takes its empty lessons from today on away.
    let (s, b) = op(&h, &tok, &TimetableOp::RemoveSlot { id: slot.id }).await;
    assert_eq!(s, StatusCode::OK, "{}", error(&b));
    assert!(view(&h, &tok).await.timetable.expect("tt").slots.is_empty());
    assert!(
        lessons(&h) < tuesdays,
        "future empty lessons removed: {} of {tuesdays} left",
        lessons(&h)
    );
}
