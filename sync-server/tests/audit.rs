//! The audit log over the small demo school in a real SQLite file: people changes through the
//! sync and through the browser leave readable lines with the server-verified author, device
//! and student; personal values never appear; refused changes say which and why; the log's
//! filters, paging and XLSX export; who may read it; a student's history; old databases keep
//! their lines when the new columns are added.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{Device, Harness};
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::personal::{PersonalOp, StudentField};
use zvonok_core::doc::roster::{self, RosterData};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, GuardianId, StudentId};
use zvonok_core::rights::{Grant, Right, Scope};
use zvonok_core::views::today::TodayLesson;
use zvonok_core::wire::{AuditAction, AuditRowView, AuditView, LoginResponse, StudentHistory};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::{AuditFilter, DocRecord, Storage};

const BIG: usize = 64 << 20;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn post_json(
    h: &Harness,
    token: &str,
    uri: &str,
    v: &impl serde::Serialize,
) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(v).expect("json")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

async fn audit(h: &Harness, token: &str, query: &str) -> AuditView {
    let (st, _, b) = h.get(token, &format!("/v1/web/audit{query}")).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    serde_json::from_slice(&b).expect("audit view")
}

fn roster_records(h: &Harness) -> Vec<DocRecord> {
    let mut v: Vec<DocRecord> = h
        .state
        .storage
        .docs()
        .expect("docs")
        .into_iter()
        .filter(|r| r.kind == DocKind::Roster)
        .collect();
    v.sort_by_key(|r| r.id);
    v
}

fn roster_of(h: &Harness, rec: &DocRecord) -> RosterData {
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("load")
        .expect("doc");
    let hot = zvonok_server::docstore::lock(&shared);
    RosterData::from_doc(&hot.doc).expect("roster")
}

/// A class with a guardian and a student of it who are not linked yet.
fn unlinked_pair(r: &RosterData) -> (GuardianId, StudentId) {
    for g in r.guardians.keys() {
        for s in r.students.keys() {
            if !r.links.contains(&(*g, *s)) {
                return (*g, *s);
            }
        }
    }
    panic!("every guardian is linked to every student");
}

fn people_rows(v: &AuditView, action: AuditAction) -> Vec<&AuditRowView> {
    v.rows
        .iter()
        .filter(|r| r.action == action.as_str())
        .collect()
}

/// A roster change through the sync, as the secretary's device: one line with the secretary,
/// that device and the student, readable.
async fn link_through_sync(h: &Harness, sec: &LoginResponse, rec: &DocRecord) -> StudentId {
    let mut dev = Device::new(sec);
    dev.sync(h).await;
    let before = roster_of(h, rec);
    let (g, s) = unlinked_pair(&before);
    let (_, doc, _) = dev
        .docs
        .get_mut(&rec.id)
        .expect("the device holds the roster");
    roster::link(doc, g, s).expect("link");
    doc.commit();
    dev.sync(h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
    assert!(roster_of(h, rec).links.contains(&(g, s)), "kept");
    s
}

#[tokio::test]
async fn people_changes_are_audited_with_author_device_and_student() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    let sec = h.login("secretary").await;
    let rosters = roster_records(&h);
    let (rec_a, rec_b) = (&rosters[0], &rosters[1]);
    let class_a: ClassId = rec_a.meta.class.expect("class");

    // Through the sync.
    let s_sync = link_through_sync(&h, &sec, rec_a).await;
    let v = audit(&h, &coord.token, "?action=roster_changed").await;
    let row = v
        .rows
        .iter()
        .find(|r| r.student == Some(s_sync))
        .expect("a line about the student");
    let roster = roster_of(&h, rec_a);
    let name = roster.students[&s_sync].full_name();
    assert_eq!(row.user, Some(sec.user.id));
    assert_eq!(row.device, Some(sec.device));
    assert_eq!(row.user_login, "secretary");
    assert_eq!(row.device_name, "тест");
    assert_eq!(row.class, Some(class_a));
    assert_eq!(row.doc, Some(rec_a.id));
    assert_eq!(row.student_name, name);
    assert_eq!(row.action_title, "Изменён список класса");
    assert!(
        row.detail
            .starts_with(&format!("Ученик {name}: добавлена связь с родителем ")),
        "{}",
        row.detail
    );

    // Through the browser, by another session of the secretary: its own device.
    let web = h.login("secretary").await;
    let before = roster_of(&h, rec_b);
    let (g, s_web) = unlinked_pair(&before);
    let class_b = rec_b.meta.class.expect("class");
    let (st, b) = post_json(
        &h,
        &web.token,
        &format!("/v1/web/people/ops?class={class_b}"),
        &PeopleOp::Link {
            guardian: g,
            student: s_web,
        },
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let v = audit(&h, &coord.token, &format!("?student={s_web}")).await;
    assert_eq!(v.rows.len(), 1, "{:?}", v.rows);
    let row = &v.rows[0];
    assert_eq!(
        (row.user, row.device, row.class),
        (Some(web.user.id), Some(web.device), Some(class_b))
    );
    let guardian = before.guardians[&g].full_name();
    assert!(
        row.detail
            .contains(&format!("добавлена связь с родителем {guardian}")),
        "{}",
        row.detail
    );

    // A personal file: which field, never the value.
    let phone = "+7 912 345-67-89";
    let (st, b) = post_json(
        &h,
        &web.token,
        &format!("/v1/web/people/ops?class={class_b}"),
        &PeopleOp::SetPersonal {
            personal: PersonalOp::SetStudentField {
                student: s_web,
                field: StudentField::Phone,
                value: phone.into(),
            },
        },
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let v = audit(&h, &coord.token, "?action=personal_changed").await;
    let rows = people_rows(&v, AuditAction::PersonalChanged);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].student, Some(s_web));
    let d = &rows[0].detail;
    assert!(
        d.ends_with("личное дело: заполнен телефон") || d.ends_with("личное дело: изменён телефон"),
        "{d}"
    );
    let everything = h.state.storage.audit_log(1000).expect("log");
    for e in &everything {
        for needle in ["912", "345-67", "+7"] {
            assert!(
                !e.detail.contains(needle),
                "a personal value in «{}»",
                e.detail
            );
        }
    }

    // The student's history: the roster change and the personal file, newest first; for those
    // who may read the class's list (the secretary), not a parent.
    let (st, _, b) = h
        .get(&sec.token, &format!("/v1/web/people/{s_web}/history"))
        .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let hist: StudentHistory = serde_json::from_slice(&b).expect("history");
    let actions: Vec<&str> = hist.rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["personal_changed", "roster_changed"]);
    assert_eq!(hist.class, class_b);
    let parent = h.login("parent").await;
    let (st, _, _) = h
        .get(&parent.token, &format!("/v1/web/people/{s_web}/history"))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, _, _) = h
        .get(
            &sec.token,
            &format!("/v1/web/people/{}/history", StudentId::new()),
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_change_says_which_and_why() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    let teacher = h.login("teacher").await;
    let mut dev = Device::new(&teacher);
    dev.sync(&h).await;
    let (id, doc) = dev
        .docs
        .iter_mut()
        .find(|(_, (k, _, _))| *k == DocKind::Roster)
        .map(|(id, (_, d, _))| (*id, d))
        .expect("the teacher reads a class list");
    let r = RosterData::from_doc(doc).expect("roster");
    let (g, s) = unlinked_pair(&r);
    roster::link(doc, g, s).expect("link");
    let hash = doc.commit().expect("a change");
    dev.sync(&h).await;
    assert_eq!(dev.rejections.len(), 1, "{:?}", dev.rejections);
    let v = audit(&h, &coord.token, "?action=change_rejected").await;
    assert_eq!(v.rows.len(), 1, "{:?}", v.rows);
    let row = &v.rows[0];
    assert_eq!(
        (row.user, row.device, row.doc),
        (Some(teacher.user.id), Some(teacher.device), Some(id))
    );
    assert!(row.detail.contains(&hash.to_string()), "{}", row.detail);
    assert!(
        row.detail.contains(&dev.rejections[0].reason),
        "{} / {}",
        row.detail,
        dev.rejections[0].reason
    );
    // Nothing of it reached the roster, so no roster line.
    let v = audit(
        &h,
        &coord.token,
        &format!("?student={s}&action=roster_changed"),
    )
    .await;
    assert!(v.rows.is_empty(), "{:?}", v.rows);
}

#[tokio::test]
async fn filters_paging_export_and_who_may_read() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    let sec = h.login("secretary").await;
    let rosters = roster_records(&h);
    let mut students = Vec::new();
    for rec in rosters.iter().take(3) {
        students.push(link_through_sync(&h, &sec, rec).await);
    }
    let all = audit(&h, &coord.token, "").await;
    assert!(all.rows.len() >= 3);
    assert!(
        all.rows.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    assert!(all
        .authors
        .iter()
        .any(|a| a.id == sec.user.id && a.name.contains("(secretary)")));
    assert!(!all.classes.is_empty() && all.students.is_empty());

    // By author, by class (which also lists its students), by student.
    let by_sec = audit(&h, &coord.token, &format!("?user={}", sec.user.id)).await;
    assert!(by_sec.rows.iter().all(|r| r.user == Some(sec.user.id)));
    assert_eq!(people_rows(&by_sec, AuditAction::RosterChanged).len(), 3);
    let class = rosters[1].meta.class.expect("class");
    let in_class = audit(&h, &coord.token, &format!("?class={class}")).await;
    assert_eq!(in_class.rows.len(), 1, "{:?}", in_class.rows);
    assert_eq!(in_class.rows[0].student, Some(students[1]));
    assert!(in_class.students.iter().any(|s| s.id == students[1]));

    // Paging: one at a time.
    let page1 = audit(&h, &coord.token, "?action=roster_changed&limit=2").await;
    assert_eq!(page1.rows.len(), 2);
    let before = page1.next_before.expect("a next page");
    let page2 = audit(
        &h,
        &coord.token,
        &format!("?action=roster_changed&limit=2&before={before}"),
    )
    .await;
    assert_eq!(page2.rows.len(), 1);
    assert_eq!(page2.next_before, None);
    assert_eq!(page2.rows[0].student, Some(students[0]));

    // Period: today holds them all; a past month none; a reversed period is a 400.
    let today = chrono::Utc::now().date_naive();
    let v = audit(
        &h,
        &coord.token,
        &format!("?from={today}&to={today}&action=roster_changed"),
    )
    .await;
    assert_eq!(v.rows.len(), 3);
    let v = audit(&h, &coord.token, "?from=2020-01-01&to=2020-01-31").await;
    assert!(v.rows.is_empty());
    for bad in [
        "?from=2026-02-01&to=2026-01-01",
        "?action=unknown",
        "?student=5A",
        "?limit=x",
    ] {
        let (st, _, b) = h.get(&coord.token, &format!("/v1/web/audit{bad}")).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}: {}", text(&b));
    }

    // The workbook with the same filters: a real XLSX whose sheet has the lines.
    let (st, hd, b) = h
        .get(&coord.token, "/v1/web/audit.xlsx?action=roster_changed")
        .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    assert!(hd[header::CONTENT_TYPE]
        .to_str()
        .unwrap_or_default()
        .contains("spreadsheetml"));
    let book = zvonok_import::read_xlsx(&b, None).expect("the workbook reads back");
    assert_eq!(book.sheet, "Журнал аудита");
    assert!(
        book.table.headers.iter().any(|c| c == "Что сделано"),
        "{:?}",
        book.table.headers
    );
    let cells: Vec<String> = book
        .table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.display()))
        .collect();
    assert_eq!(
        cells.iter().filter(|c| c.contains("Ученик ")).count(),
        3,
        "{cells:?}"
    );

    // The director reads it; a teacher, a class teacher, the secretary and a parent do not.
    let director = h.login("director").await;
    assert_eq!(
        audit(&h, &director.token, "").await.rows.len(),
        all.rows.len()
    );
    for login in ["teacher", "classteacher", "secretary", "parent"] {
        let t = h.login(login).await;
        for uri in ["/v1/web/audit", "/v1/web/audit.xlsx"] {
            let (st, _, b) = h.get(&t.token, uri).await;
            assert_eq!(st, StatusCode::FORBIDDEN, "{login} {uri}: {}", text(&b));
        }
    }
}

/// A journal edit in a locked period: refused without the right (no line), audited with the
/// author and the browser session's device with it.
#[tokio::test]
async fn a_locked_period_edit_is_audited_with_author_and_device() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    let t = h.login("teacher").await;
    let (s, _, b) = h
        .get(&t.token, &format!("/v1/web/today?date={}", common::today()))
        .await;
    assert_eq!(s, StatusCode::OK, "{}", text(&b));
    let day: Vec<TodayLesson> = serde_json::from_slice(&b).expect("today");
    let (journal, lesson) = day
        .iter()
        .find_map(|l| Some((l.journal?, l.lesson?)))
        .expect("a lesson of today with a journal");
    let uri = format!("/v1/web/journals/{journal}/ops");
    let (st, b) = post_json(&h, &t.token, &uri, &JournalOp::Lock).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let topic = JournalOp::SetTopic {
        lesson,
        topic: "Дроби: повторение".into(),
    };
    let (st, _) = post_json(&h, &t.token, &uri, &topic).await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "locked without the right"
    );
    let v = audit(&h, &coord.token, "?action=locked_period_edit").await;
    assert!(v.rows.is_empty(), "{:?}", v.rows);

    let storage = &h.state.storage;
    let mut user = storage.user(t.user.id).expect("user").expect("teacher");
    user.principal.grants.push(Grant {
        right: Right::EditLockedPeriod,
        scope: Scope::School,
    });
    storage
        .set_principal(user.id, &user.principal)
        .expect("grant");
    let (st, b) = post_json(&h, &t.token, &uri, &topic).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let v = audit(&h, &coord.token, "?action=locked_period_edit").await;
    assert_eq!(v.rows.len(), 1, "{:?}", v.rows);
    let row = &v.rows[0];
    assert_eq!(
        (row.user, row.device, row.doc),
        (Some(t.user.id), Some(t.device), Some(journal))
    );
    assert_eq!(row.action_title, "Правка в закрытом периоде");
    assert!(row.detail.contains(&row.doc_title), "{}", row.detail);
}

#[test]
fn an_old_database_keeps_its_audit_lines() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.sqlite");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
                 user_id TEXT, device TEXT, doc TEXT, action TEXT NOT NULL, detail TEXT NOT NULL);
             INSERT INTO audit (at, user_id, device, doc, action, detail)
                 VALUES ('2026-11-20T10:00:00.000000Z', NULL, NULL, NULL, 'device_revoked', 'старое');",
        )
        .expect("old schema");
    }
    let s = SqliteStorage::open(&path).expect("migrated");
    let rows = s
        .audit_query(&AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .expect("query");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].entry.detail, "старое");
    assert_eq!(rows[0].subject.student, None);
    drop(s);
    // Opening again changes nothing.
    let s = SqliteStorage::open(&path).expect("reopen");
    assert_eq!(s.audit_log(10).expect("log").len(), 1);
}
