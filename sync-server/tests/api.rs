//! The HTTP API in process: login, 401/403/429/400/413, a journal change synced by the demo
//! teacher, and a refused write to a journal of a subject they do not teach.

mod common;

use axum::http::StatusCode;
use common::{Device, Harness};
use zvonok_core::doc::journal::{apply, JournalData, JournalOp, JournalPermission};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;
use zvonok_core::ids::MarkId;
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::wire::{DocsResponse, ErrorBody, SyncEntry, SyncRequest, UserInfo};

const BIG: usize = 64 * 1024 * 1024;

fn error_of(body: &[u8]) -> ErrorBody {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not an error body: {}", String::from_utf8_lossy(body)))
}

#[tokio::test]
async fn login_me_and_unauthorized() {
    let h = Harness::new(BIG);
    assert!(h.demo.logins.iter().any(|l| l.login == "teacher"));
    let l = h.login("parent").await;
    assert_eq!(l.user.children.len(), 2, "the demo parent has two children");
    let (s, _, b) = h.get(&l.token, "/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    let me: UserInfo = serde_json::from_slice(&b).expect("me");
    assert_eq!(me.login, "parent");

    let (s, _, b) = h.get("no-such-token", "/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(error_of(&b).error.contains("Войдите заново"));

    let (s, b) = h.login_raw("teacher", "wrong").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(error_of(&b).error.contains("Неверный логин или пароль"));

    // Revoking a device makes its token unknown.
    let (s, _, b) = h.get(&l.token, "/v1/devices").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let req = axum::http::Request::builder()
        .method("DELETE")
        .uri(format!("/v1/devices/{}", l.device))
        .header("authorization", format!("Bearer {}", l.token))
        .body(axum::body::Body::empty())
        .expect("request");
    let (s, _, _) = h.call(req).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _, _) = h.get(&l.token, "/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failed_logins_are_rate_limited() {
    let h = Harness::new(BIG);
    for _ in 0..5 {
        let (s, _) = h.login_raw("director", "guess").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let (s, b) = h.login_raw("director", "zvonok-demo").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(error_of(&b).error.contains("Подождите"));
}

#[tokio::test]
async fn summary_rights_and_etag() {
    let h = Harness::new(BIG);
    let parent = h.login("parent").await;
    let child = parent.user.children[0].id;
    let (s, headers, _) = h
        .get(&parent.token, &format!("/v1/students/{child}/summary"))
        .await;
    assert_eq!(s, StatusCode::OK);
    let etag = headers
        .get("etag")
        .expect("etag")
        .to_str()
        .expect("ascii")
        .to_string();
    let req = axum::http::Request::builder()
        .uri(format!("/v1/students/{child}/summary"))
        .header("authorization", format!("Bearer {}", parent.token))
        .header("if-none-match", &etag)
        .body(axum::body::Body::empty())
        .expect("request");
    let (s, _, _) = h.call(req).await;
    assert_eq!(s, StatusCode::NOT_MODIFIED);

    // Another parent may not see this child.
    let mut other = h.login("parent0001").await;
    for n in 2..=9 {
        if other.user.children.iter().all(|c| c.id != child) {
            break;
        }
        other = h.login(&format!("parent{n:04}")).await;
    }
    assert!(other.user.children.iter().all(|c| c.id != child));
    let (s, _, b) = h
        .get(&other.token, &format!("/v1/students/{child}/summary"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));
    let (s, _, _) = h
        .get(
            &other.token,
            &format!(
                "/v1/students/{}/summary",
                zvonok_core::ids::StudentId::new()
            ),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Parents get no documents.
    let (_, _, b) = h.get(&parent.token, "/v1/docs").await;
    let docs: DocsResponse = serde_json::from_slice(&b).expect("docs");
    assert!(docs.docs.is_empty());
}

#[tokio::test]
async fn malformed_and_oversized_sync_bodies() {
    let h = Harness::new(4096);
    let t = h.login("teacher").await;
    let (s, b) = h.sync_raw(&t.token, b"GET / HTTP/1.1".to_vec()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(!error_of(&b).error.is_empty());
    let bad_msg = SyncRequest {
        entries: vec![SyncEntry {
            doc: DocId::new(),
            heads: vec![],
            message: Some(vec![0x42, 1, 2, 3]),
        }],
    };
    let (s, b) = h.sync_raw(&t.token, bad_msg.encode()).await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&b)
    );
    let (s, b) = h.sync_raw(&t.token, vec![7u8; 10_000]).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(&b).code, "too_large");
}

fn find_journal(dev: &Device, title_part: &str) -> DocId {
    dev.docs
        .iter()
        .find(|(_, (k, doc, _))| {
            *k == DocKind::Journal
                && JournalData::from_doc(doc).is_ok_and(|j| j.meta.title.contains(title_part))
        })
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("no journal «{title_part}» on the device"))
}

#[tokio::test]
async fn teacher_syncs_a_change_and_a_foreign_journal_write_is_refused() {
    let h = Harness::new(BIG);
    let login = h.login("teacher").await;
    let mut dev = Device::new(&login);
    let rounds = dev.sync(&h).await;
    assert!(rounds <= 4, "first sync took {rounds} rounds");
    assert!(dev.docs.values().any(|(k, _, _)| *k == DocKind::School));

    // Attendance and a mark in 5А mathematics, 2nd quarter: accepted.
    let math = find_journal(&dev, "5А · Математика · 2 четверть");
    let (lesson, student) = {
        let j = JournalData::from_doc(&dev.docs[&math].1).expect("journal");
        (j.lessons_in_order()[0].id, j.students_in_order()[0].0)
    };
    {
        let doc = &mut dev.docs.get_mut(&math).expect("doc").1;
        apply(
            doc,
            &JournalOp::SetAttendance {
                lesson,
                student,
                code: Some(AbsenceCode::Ill),
            },
            JournalPermission::default(),
        )
        .expect("apply");
        doc.commit();
        let op = JournalOp::GiveMark {
            id: MarkId::new(),
            lesson,
            student,
            value: MarkValue::Points(5),
            kind: "answer".into(),
            weight: 1,
            comment: String::new(),
        };
        apply(doc, &op, JournalPermission::default()).expect("apply");
        doc.commit();
    }
    dev.sync(&h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
    let hot = h
        .state
        .docs
        .get(math, DocKind::Journal)
        .expect("load")
        .expect("doc");
    let server = JournalData::from_doc(&zvonok_server::docstore::lock(&hot).doc).expect("journal");
    assert_eq!(
        server.attendance.get(&(lesson, student)),
        Some(&AbsenceCode::Ill)
    );

    // 5А Russian: readable (the teacher teaches in 5А) but not theirs to write.
    let russian = find_journal(&dev, "5А · Русский язык · 2 четверть");
    let before = h
        .state
        .storage
        .doc(russian)
        .expect("doc")
        .expect("record")
        .heads;
    {
        let doc = &mut dev.docs.get_mut(&russian).expect("doc").1;
        let j = JournalData::from_doc(doc).expect("journal");
        let (l, s) = (j.lessons_in_order()[0].id, j.students_in_order()[0].0);
        apply(
            doc,
            &JournalOp::SetAttendance {
                lesson: l,
                student: s,
                code: Some(AbsenceCode::Absent),
            },
            JournalPermission::default(),
        )
        .expect("apply");
        doc.commit();
    }
    dev.sync(&h).await;
    assert_eq!(dev.rejections.len(), 1, "{:?}", dev.rejections);
    assert_eq!(dev.rejections[0].doc, russian);
    assert!(
        dev.rejections[0].reason.contains("только для чтения"),
        "{}",
        dev.rejections[0].reason
    );
    assert_eq!(
        h.state
            .storage
            .doc(russian)
            .expect("doc")
            .expect("record")
            .heads,
        before,
        "refused change kept"
    );
    // The device got the document back in the server's state.
    assert_eq!(
        dev.docs.get_mut(&russian).expect("doc").1.get_heads(),
        before
    );
}
