//! Several teachers in one timetable slot through the browser's endpoints on an EMPTY server:
//! `POST /v1/web/timetable/ops` stores a lesson of 5А with Соколова leading and Петрова
//! co-teaching (in the document, in `GET /v1/web/timetable`, in the printed sheet of each
//! teacher); the co-teacher's lesson in 5Б at the same time is refused with the rule's message
//! naming her and changes nothing; an unknown co-teacher is refused too.

mod common;

use std::io::Cursor;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use calamine::{Data, Range, Reader, Xlsx};
use chrono::{Duration, Utc, Weekday};
use common::empty::{docs, empty_server, post, sign_in, OneClass, ADMIN_PASSWORD};
use common::Harness;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::Cohort;
use zvonok_core::wire::{ErrorBody, TimetableView};
use zvonok_server::docstore::lock;

async fn op(h: &Harness, token: &str, op: &TimetableOp) -> (StatusCode, String) {
    let req = Request::post("/v1/web/timetable/ops")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(op).expect("json")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    let text = serde_json::from_slice::<ErrorBody>(&b)
        .map(|e| e.error)
        .unwrap_or_else(|_| String::from_utf8_lossy(&b).into_owned());
    (s, text)
}

/// The timetable as the server's document holds it.
fn stored(h: &Harness) -> (Vec<automerge::ChangeHash>, TimetableData) {
    let rec = &docs(h, DocKind::Timetable)[0];
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let doc = &lock(&shared).doc;
    (
        rec.heads.clone(),
        TimetableData::from_doc(doc).expect("timetable"),
    )
}

fn sheets(bytes: &[u8]) -> Vec<(String, Range<Data>)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            (name, range)
        })
        .collect()
}

/// Every cell's text of a sheet, joined.
fn text(r: &Range<Data>) -> String {
    r.cells()
        .map(|(_, _, d)| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_lesson_with_two_teachers_is_stored_and_the_co_teachers_clash_refused() {
    let (h, _file) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();
    let today = zvonok_core::time_zone::date_in("", Utc::now());
    let year = AcademicYear {
        id: YearId::new(),
        title: "2026/2027".into(),
        start: today - Duration::days(20),
        end: today + Duration::days(100),
    };
    let quarter = StudyPeriod {
        id: PeriodId::new(),
        year: year.id,
        kind: PeriodKind::Quarter,
        number: 1,
        start: year.start,
        end: year.end,
    };
    let school = OneClass::new(year.clone());
    school
        .set_up(&h, &tok, vec![quarter], Vec::new(), &[])
        .await;
    // Петрова teaches maths in 5А (with Соколова) and in 5Б.
    let petrova = StaffMember {
        id: StaffId::new(),
        last_name: "Петрова".into(),
        first_name: "Светлана".into(),
        middle_name: "Игоревна".into(),
        position: "Учитель математики".into(),
    };
    let b = Class {
        id: ClassId::new(),
        year: year.id,
        grade: 5,
        letter: "Б".into(),
        class_teacher: None,
    };
    let mut more = vec![
        SchoolOp::PutStaff {
            member: petrova.clone(),
        },
        SchoolOp::PutClass { class: b.clone() },
    ];
    for class in [school.class.id, b.id] {
        more.push(SchoolOp::PutAssignment {
            assignment: TeachingAssignment {
                id: AssignmentId::new(),
                teacher: petrova.id,
                cohort: Cohort::Class(class),
                subject: school.math.id,
                year: year.id,
            },
        });
    }
    for o in &more {
        post(&h, &tok, "/v1/web/school/ops", o).await;
    }

    // 1. 5А's maths on Tuesday, lesson 2: Соколова leads, Петрова co-teaches. Stored.
    let slot = Slot {
        id: SlotId::new(),
        weekday: Weekday::Tue,
        number: 2,
        cohort: Cohort::Class(school.class.id),
        subject: school.math.id,
        teacher: school.teacher.id,
        co_teachers: vec![petrova.id],
        room: "12".into(),
        week: SlotWeek::Every,
        version: None,
    };
    let (s, e) = op(&h, &tok, &TimetableOp::PutSlot { slot: slot.clone() }).await;
    assert_eq!(s, StatusCode::OK, "{e}");
    let (heads, tt) = stored(&h);
    assert_eq!(tt.slots[&slot.id], slot, "both teachers in the document");
    let (s, _, body) = h.get(&tok, "/v1/web/timetable").await;
    assert_eq!(s, StatusCode::OK);
    let view: TimetableView = serde_json::from_slice(&body).expect("view");
    assert_eq!(
        view.timetable.expect("timetable").slots[&slot.id].co_teachers,
        vec![petrova.id]
    );
    assert_eq!(docs(&h, DocKind::Journal).len(), 1, "5А's maths journal");

    // 2. Петрова's own lesson in 5Б at the same time: her clash, refused with the rule's
    // message, nothing written.
    let clash = Slot {
        id: SlotId::new(),
        cohort: Cohort::Class(b.id),
        teacher: petrova.id,
        co_teachers: Vec::new(),
        room: "14".into(),
        ..slot.clone()
    };
    let (s, e) = op(
        &h,
        &tok,
        &TimetableOp::PutSlot {
            slot: clash.clone(),
        },
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.contains("Петрова С. И."), "the co-teacher is named: {e}");
    assert!(e.contains("в это же время"), "{e}");
    assert_eq!(stored(&h).0, heads, "a refused write changes nothing");
    // An hour later it is fine.
    let later = Slot { number: 3, ..clash };
    let (s, e) = op(&h, &tok, &TimetableOp::PutSlot { slot: later }).await;
    assert_eq!(s, StatusCode::OK, "{e}");

    // 3. A co-teacher the school does not have: refused.
    let (heads, _) = stored(&h);
    let unknown = Slot {
        co_teachers: vec![StaffId::new()],
        ..slot.clone()
    };
    let (s, e) = op(&h, &tok, &TimetableOp::PutSlot { slot: unknown }).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e.contains("учителя"), "{e}");
    assert_eq!(stored(&h).0, heads);

    // 4. The printed class sheet names both; each teacher's sheet has the lesson.
    let (s, _, bytes) = h.get(&tok, "/v1/web/timetable/print.xlsx?by=class").await;
    assert_eq!(s, StatusCode::OK);
    let book = sheets(&bytes);
    let a = book
        .iter()
        .find(|(n, _)| n == "5А")
        .map(|(_, r)| text(r))
        .expect("5А's sheet");
    assert!(a.contains("Соколова И. П., Петрова С. И."), "{a}");
    let (s, _, bytes) = h.get(&tok, "/v1/web/timetable/print.xlsx?by=teacher").await;
    assert_eq!(s, StatusCode::OK);
    let book = sheets(&bytes);
    assert_eq!(book.len(), 2, "a sheet per teacher");
    for (name, r) in &book {
        assert!(text(r).contains("5А"), "{name}: the co-taught lesson");
    }
}
