//! `GET /v1/web/school`: the school's data as the setup wizard reads it, for staff only, and
//! fresh after a school write.

mod common;

use axum::http::{header, Method, Request, StatusCode};
use common::Harness;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::DocKind;
use zvonok_server::docstore::lock;

const BIG: usize = 64 << 20;

/// The school document as the server holds it.
fn stored_school(h: &Harness) -> SchoolData {
    let rec = h
        .state
        .storage
        .docs()
        .expect("docs")
        .into_iter()
        .find(|r| r.kind == DocKind::School)
        .expect("school");
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let doc = lock(&shared);
    SchoolData::from_doc(&doc.doc).expect("school")
}

#[tokio::test]
async fn staff_read_the_school_data_and_families_do_not() {
    let h = Harness::new(BIG);
    let teacher = h.login("teacher").await.token;
    let (s, _, b) = h.get(&teacher, "/v1/web/school").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let read: SchoolData = serde_json::from_slice(&b).expect("school data");
    assert_eq!(read, stored_school(&h));
    assert!(!read.staff.is_empty() && !read.profiles.is_empty());

    let parent = h.login("parent").await.token;
    let (s, _, b) = h.get(&parent, "/v1/web/school").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));

    let (s, _, _) = h.get("not-a-token", "/v1/web/school").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_school_data_follows_a_write() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await.token;
    let op = SchoolOp::SetCard {
        name: "Школа № 1 имени Новой".into(),
        short_name: "Школа № 1".into(),
        address: "ул. Новая, 1".into(),
    };
    let req = Request::builder()
        .method(Method::POST)
        .uri("/v1/web/school/ops")
        .header(header::AUTHORIZATION, format!("Bearer {coord}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(
            serde_json::to_vec(&op).expect("json"),
        ))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let (s, _, b) = h.get(&coord, "/v1/web/school").await;
    assert_eq!(s, StatusCode::OK);
    let read: SchoolData = serde_json::from_slice(&b).expect("school data");
    assert_eq!(read.card.short_name, "Школа № 1");
    assert_eq!(read.card.address, "ул. Новая, 1");
}
