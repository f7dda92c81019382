//! The browser's endpoints (`/v1/web/*`) over the small demo school, and serving the web UI.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{today, Device, Harness};
use zvonok_core::doc::journal::{JournalData, JournalOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{DocId, LessonId, MarkId, StudentId};
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::views::lesson::LessonSheet;
use zvonok_core::views::status::Saved;
use zvonok_core::views::today::TodayLesson;
use zvonok_core::wire::{DocInfo, DocsResponse, ErrorBody};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::{app, AppState};

const BIG: usize = 64 << 20;

fn error_of(b: &[u8]) -> ErrorBody {
    serde_json::from_slice(b)
        .unwrap_or_else(|_| panic!("not an error body: {}", String::from_utf8_lossy(b)))
}

async fn post_json(h: &Harness, token: &str, uri: &str, body: String) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

async fn op(h: &Harness, token: &str, doc: DocId, op: &JournalOp) -> (StatusCode, Vec<u8>) {
    let body = serde_json::to_string(op).expect("op json");
    post_json(h, token, &format!("/v1/web/journals/{doc}/ops"), body).await
}

async fn today_of(h: &Harness, token: &str) -> Vec<TodayLesson> {
    let (s, _, b) = h
        .get(token, &format!("/v1/web/today?date={}", today()))
        .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("today lessons")
}

/// A lesson of today that has a journal lesson: (journal, lesson).
async fn todays_lesson(h: &Harness, token: &str) -> (DocId, LessonId) {
    today_of(h, token)
        .await
        .iter()
        .find_map(|l| Some((l.journal?, l.lesson?)))
        .expect("a lesson of today with a journal")
}

async fn docs_of(h: &Harness, token: &str) -> Vec<DocInfo> {
    let (s, _, b) = h.get(token, "/v1/docs").await;
    assert_eq!(s, StatusCode::OK);
    serde_json::from_slice::<DocsResponse>(&b)
        .expect("docs")
        .docs
}

async fn heads_of(h: &Harness, token: &str, doc: DocId) -> Vec<String> {
    docs_of(h, token)
        .await
        .into_iter()
        .find(|d| d.id == doc)
        .expect("the document is listed")
        .heads
}

async fn sheet(h: &Harness, token: &str, doc: DocId, lesson: LessonId) -> LessonSheet {
    let (s, _, b) = h
        .get(token, &format!("/v1/web/journals/{doc}/lessons/{lesson}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("lesson sheet")
}

async fn grid(h: &Harness, token: &str, doc: DocId) -> JournalGrid {
    let (s, _, b) = h.get(token, &format!("/v1/web/journals/{doc}")).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("journal grid")
}

fn is_bell_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && b[2] == b':' && s[..2].parse::<u8>().is_ok() && s[3..].parse::<u8>().is_ok()
}

#[tokio::test]
async fn a_teachers_day_has_lessons_with_bell_times() {
    let h = Harness::new(BIG);
    let t = h.login("teacher").await;
    let day = today_of(&h, &t.token).await;
    assert!(!day.is_empty(), "the math teacher teaches on {}", today());
    for l in &day {
        assert_eq!(l.date, today());
        assert!(is_bell_time(&l.start) && is_bell_time(&l.end), "{l:?}");
        assert!(l.start < l.end);
        assert_eq!(l.subject_name, "Математика");
        assert!(l.journal.is_some() && l.lesson.is_some(), "{l:?}");
        assert!(l.students > 0);
    }
    assert!(day.windows(2).all(|w| w[0].number <= w[1].number));

    let (s, _, b) = h.get(&t.token, "/v1/web/today?date=25.11.2026").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(error_of(&b).error.contains("ГГГГ-ММ-ДД"));
    let (s, _, _) = h.get(&t.token, "/v1/web/today").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _, _) = h.get("not-a-token", "/v1/web/today?date=2026-11-25").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_parent_may_not_read_the_day_or_a_journal() {
    let h = Harness::new(BIG);
    let t = h.login("teacher").await;
    let (journal, lesson) = todays_lesson(&h, &t.token).await;
    let p = h.login("parent").await;
    let (s, _, b) = h
        .get(&p.token, &format!("/v1/web/today?date={}", today()))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let e = error_of(&b);
    assert_eq!(e.code, "forbidden");
    assert!(
        e.error
            .contains("Расписание уроков есть только у сотрудников школы"),
        "{}",
        e.error
    );
    for uri in [
        format!("/v1/web/journals/{journal}"),
        format!("/v1/web/journals/{journal}/lessons/{lesson}"),
    ] {
        let (s, _, _) = h.get(&p.token, &uri).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{uri}");
    }
    let set = JournalOp::SetAttendance {
        lesson,
        student: StudentId::new(),
        code: Some(AbsenceCode::Absent),
    };
    assert_eq!(
        op(&h, &p.token, journal, &set).await.0,
        StatusCode::FORBIDDEN
    );

    // Unknown documents and lessons, documents that are not journals.
    let (s, _, _) = h
        .get(&t.token, &format!("/v1/web/journals/{}", DocId::new()))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = h
        .get(
            &t.token,
            &format!("/v1/web/journals/{journal}/lessons/{}", LessonId::new()),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = h.get(&t.token, "/v1/web/journals/abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let school = docs_of(&h, &t.token)
        .await
        .into_iter()
        .find(|d| d.kind == DocKind::School)
        .expect("school document");
    let (s, _, b) = h
        .get(&t.token, &format!("/v1/web/journals/{}", school.id))
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&b)
    );
}

/// round(100 · Σ(points · weight) / Σ weight), half up, from what the grid shows.
fn expected_average(row: &zvonok_core::views::grid::GridRow) -> Option<String> {
    let (mut sum, mut weights) = (0u64, 0u64);
    for m in row.cells.iter().flat_map(|c| &c.marks) {
        if let Ok(p) = m.value.parse::<u64>() {
            sum += p * u64::from(m.weight);
            weights += u64::from(m.weight);
        }
    }
    (weights > 0).then(|| {
        let centi = (200 * sum + weights) / (2 * weights);
        format!("{},{:02}", centi / 100, centi % 100)
    })
}

#[tokio::test]
async fn a_teacher_writes_attendance_and_a_mark_and_reads_them_back() {
    let h = Harness::new(BIG);
    let t = h.login("teacher").await;
    let (journal, lesson) = todays_lesson(&h, &t.token).await;
    let before = sheet(&h, &t.token, journal, lesson).await;
    let (absent, marked) = (before.rows[0].student, before.rows[1].student);
    assert!(before.rows.iter().all(|r| r.marks.is_empty()));

    let set = JournalOp::SetAttendance {
        lesson,
        student: absent,
        code: Some(AbsenceCode::Absent),
    };
    let (s, b) = op(&h, &t.token, journal, &set).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let saved: Saved = serde_json::from_slice(&b).expect("saved");
    assert_eq!(saved, Saved { pending: 0 });
    let mark = MarkId::new();
    let give = JournalOp::GiveMark {
        id: mark,
        lesson,
        student: marked,
        value: MarkValue::Points(5),
        kind: "test".into(),
        weight: 2,
        comment: "контрольная".into(),
    };
    let (s, b) = op(&h, &t.token, journal, &give).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));

    let after = sheet(&h, &t.token, journal, lesson).await;
    let row_of = |id| after.rows.iter().find(|r| r.student == id).expect("row");
    assert_eq!(row_of(absent).attendance.as_deref(), Some("Н"));
    let m = &row_of(marked).marks;
    assert_eq!(m.len(), 1);
    assert_eq!((m[0].id, m[0].value.as_str(), m[0].weight), (mark, "5", 2));
    assert_eq!(m[0].comment, "контрольная");

    let g = grid(&h, &t.token, journal).await;
    let row = g.rows.iter().find(|r| r.student == marked).expect("row");
    let cell = row
        .cells
        .iter()
        .find(|c| c.lesson == lesson)
        .expect("lesson column");
    assert_eq!(cell.marks.len(), 1);
    assert!(row.average.is_some());
    assert_eq!(row.average, expected_average(row));
    assert_eq!(row_of(marked).average, row.average);
    let absent_row = g.rows.iter().find(|r| r.student == absent).expect("row");
    let absent_cell = absent_row.cells.iter().find(|c| c.lesson == lesson);
    assert_eq!(absent_cell.and_then(|c| c.attendance.as_deref()), Some("Н"));

    // The day now shows what was entered.
    let day = today_of(&h, &t.token).await;
    let l = day
        .iter()
        .find(|l| l.lesson == Some(lesson))
        .expect("the lesson");
    assert_eq!((l.absences, l.marks), (1, 1));
    assert!(l.attendance_filled);
}

#[tokio::test]
async fn bad_ops_are_refused_and_change_nothing() {
    let h = Harness::new(BIG);
    let t = h.login("teacher").await;
    let (journal, lesson) = todays_lesson(&h, &t.token).await;
    let student = sheet(&h, &t.token, journal, lesson).await.rows[0].student;
    let heads = heads_of(&h, &t.token, journal).await;

    let unknown_lesson = JournalOp::SetAttendance {
        lesson: LessonId::new(),
        student,
        code: Some(AbsenceCode::Absent),
    };
    let (s, b) = op(&h, &t.token, journal, &unknown_lesson).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let e = error_of(&b);
    assert_eq!(e.code, "rejected");
    assert!(e.error.contains("Урок не найден"), "{}", e.error);

    let heavy = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson,
        student,
        value: MarkValue::Points(4),
        kind: "answer".into(),
        weight: 9,
        comment: String::new(),
    };
    let (s, b) = op(&h, &t.token, journal, &heavy).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_of(&b).error.contains("Вес отметки 9"));

    // Not an operation at all: a mark «7», then broken JSON.
    let seven = format!(
        r#"{{"op":"give_mark","id":"{}","lesson":"{lesson}","student":"{student}","value":"7","kind":"answer","weight":1,"comment":""}}"#,
        MarkId::new()
    );
    let uri = format!("/v1/web/journals/{journal}/ops");
    let (s, b) = post_json(&h, &t.token, &uri, seven).await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        String::from_utf8_lossy(&b)
    );
    let (s, _) = post_json(&h, &t.token, &uri, "{".into()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    assert_eq!(heads_of(&h, &t.token, journal).await, heads);
    let g = grid(&h, &t.token, journal).await;
    let cell_marks: usize = g
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.lesson == lesson)
        .map(|c| c.marks.len() + usize::from(c.attendance.is_some()))
        .sum();
    assert_eq!(cell_marks, 0, "nothing was written for today's lesson");
}

#[tokio::test]
async fn writing_a_journal_of_another_subject_is_forbidden() {
    let h = Harness::new(BIG);
    let t = h.login("teacher").await;
    let d = h.login("director").await;
    let foreign = docs_of(&h, &d.token)
        .await
        .into_iter()
        .find(|d| d.kind == DocKind::Journal && d.title.contains("Русский язык"))
        .expect("a Russian journal");
    let heads = heads_of(&h, &d.token, foreign.id).await;
    let set = JournalOp::SetTopic {
        lesson: LessonId::new(),
        topic: "Чужая тема".into(),
    };
    let (s, b) = op(&h, &t.token, foreign.id, &set).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));
    assert_eq!(error_of(&b).code, "forbidden");
    assert_eq!(heads_of(&h, &d.token, foreign.id).await, heads);
}

#[tokio::test]
async fn a_browser_write_reaches_a_device_through_sync() {
    let h = Harness::new(BIG);
    let device_login = h.login("teacher").await;
    let mut dev = Device::new(&device_login);
    dev.sync(&h).await;
    let browser = h.login("teacher").await;
    assert_ne!(browser.actor, device_login.actor);
    let (journal, lesson) = todays_lesson(&h, &browser.token).await;
    let student = sheet(&h, &browser.token, journal, lesson).await.rows[2].student;
    let mark = MarkId::new();
    let give = JournalOp::GiveMark {
        id: mark,
        lesson,
        student,
        value: MarkValue::Points(3),
        kind: "answer".into(),
        weight: 1,
        comment: String::new(),
    };
    let (s, b) = op(&h, &browser.token, journal, &give).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let heads = heads_of(&h, &browser.token, journal).await;

    dev.sync(&h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
    let doc = &mut dev.docs.get_mut(&journal).expect("journal on the device").1;
    let data = JournalData::from_doc(doc).expect("journal");
    let m = data
        .marks
        .get(&mark)
        .expect("the browser's mark on the device");
    assert_eq!(
        (m.student, m.lesson, m.value),
        (student, lesson, MarkValue::Points(3))
    );
    let device_heads = doc.get_heads();
    assert_eq!(zvonok_core::wire::heads_to_hex(&device_heads), heads);
    // Signed by the browser session's own device actor, stored as an ordinary change row.
    let last = doc.get_change_by_hash(&device_heads[0]).expect("change");
    assert_eq!(hex::encode(last.actor_id().to_bytes()), browser.actor);
    let stored = h
        .state
        .storage
        .load_doc(journal)
        .expect("load")
        .expect("stored");
    assert!(!stored.changes.is_empty());
}

fn web_harness_router(dir: Option<std::path::PathBuf>) -> (axum::Router, tempfile::TempDir) {
    let db = tempfile::tempdir().expect("temp dir");
    let storage = Arc::new(SqliteStorage::open(&db.path().join("z.sqlite")).expect("open"));
    let state = Arc::new(AppState::new(storage, BIG).with_web_dir(dir));
    (app(state), db)
}

async fn get_plain(router: &axum::Router, uri: &str) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    use tower::ServiceExt;
    let req = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    let resp = router.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    (status, headers, body)
}

fn header_of(h: &header::HeaderMap, name: header::HeaderName) -> &str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn the_web_ui_is_served_with_a_spa_fallback() {
    let web = tempfile::tempdir().expect("web dir");
    let files: [(&str, &[u8]); 5] = [
        ("index.html", b"<!doctype html><title>Zvonok</title>"),
        ("zvonok-ui_bg.wasm", b"\0asm\x01\0\0\0"),
        ("zvonok-ui.js", b"export default 1;"),
        ("manifest.webmanifest", b"{}"),
        ("sw.js", b"self.addEventListener('fetch', () => {});"),
    ];
    for (name, body) in files {
        std::fs::write(web.path().join(name), body).expect("write");
    }
    let (router, _db) = web_harness_router(Some(web.path().to_path_buf()));

    let (s, h, b) = get_plain(&router, "/zvonok-ui_bg.wasm").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(header_of(&h, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(b, files[1].1);
    let (_, h, _) = get_plain(&router, "/zvonok-ui.js").await;
    assert!(header_of(&h, header::CONTENT_TYPE).contains("javascript"));
    let (_, h, _) = get_plain(&router, "/manifest.webmanifest").await;
    assert_eq!(
        header_of(&h, header::CONTENT_TYPE),
        "application/manifest+json"
    );
    let (s, h, _) = get_plain(&router, "/sw.js").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(header_of(&h, header::CACHE_CONTROL), "no-cache");

    for uri in ["/", "/journal/abc/lesson/def"] {
        let (s, h, b) = get_plain(&router, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert_eq!(b, files[0].1, "{uri}");
        assert!(header_of(&h, header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(header_of(&h, header::CACHE_CONTROL), "no-cache", "{uri}");
    }
    // The API keeps its own answers.
    let (s, _, b) = get_plain(&router, "/v1/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(error_of(&b).code, "not_found");
    let (s, _, b) = get_plain(&router, "/health").await;
    assert_eq!((s, b.as_slice()), (StatusCode::OK, &b"ok"[..]));
    let (s, _, _) = get_plain(&router, "/v1/web/today?date=2026-11-25").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_a_web_dir_the_root_says_how_to_build_the_ui() {
    let (router, _db) = web_harness_router(None);
    let (s, h, b) = get_plain(&router, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(header_of(&h, header::CONTENT_TYPE).starts_with("text/plain"));
    let text = String::from_utf8(b).expect("utf-8");
    assert!(text.contains("bash scripts/run.sh"), "{text}");
    assert!(text.contains("веб-интерфейс"));
    let (s, _, _) = get_plain(&router, "/journal/abc").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
