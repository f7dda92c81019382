//! Issuing access in process, over a real SQLite file: accounts created for a school whose
//! people have none, one-time codes that sign in, idempotence, rights, errors that write
//! nothing, and the printed slips as a PDF.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::{today, Harness};
use zvonok_core::ids::{ClassId, GuardianId, StudentId};
use zvonok_core::rights::Role;
use zvonok_core::wire::{IssueResponse, UserInfo};
use zvonok_server::accounts_issue::{ISSUED_NOTE, SIGNED_IN_NOTE};
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::first_start::first_start;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::{NewDoc, Storage};
use zvonok_server::{app, slips, AppState};

const BIG: usize = 64 * 1024 * 1024;
const ADMIN_PASSWORD: &str = "admin-password-2026";

/// The demo school's documents in a new database with no accounts but `admin`.
fn school_without_accounts() -> Harness {
    let demo_db = SqliteStorage::in_memory().expect("memory");
    let demo = generate(&demo_db, &DemoOptions::small(today())).expect("demo");
    let dir = tempfile::tempdir().expect("temp dir");
    let storage = SqliteStorage::open(&dir.path().join("z.sqlite")).expect("open");
    let mut docs = Vec::new();
    for mut record in demo_db.docs().expect("docs") {
        let stored = demo_db.load_doc(record.id).expect("load").expect("doc");
        let mut doc = automerge::AutoCommit::load(stored.snapshot.as_deref().unwrap_or_default())
            .expect("snapshot");
        for c in &stored.changes {
            doc.load_incremental(c).expect("change");
        }
        record.heads = doc.get_heads();
        docs.push(NewDoc {
            record,
            snapshot: doc.save(),
        });
    }
    storage.create_docs(&docs).expect("copy documents");
    first_start(&storage, Some(ADMIN_PASSWORD))
        .expect("first start")
        .expect("admin created");
    let state = Arc::new(AppState::new(Arc::new(storage), BIG));
    Harness::from_parts(app(state.clone()), state, demo, dir)
}

async fn sign_in(h: &Harness, login: &str, password: &str) -> Option<String> {
    let (s, b) = h.login_raw(login, password).await;
    (s == StatusCode::OK).then(|| {
        serde_json::from_slice::<serde_json::Value>(&b).expect("json")["token"]
            .as_str()
            .expect("token")
            .to_string()
    })
}

async fn post(
    h: &Harness,
    token: &str,
    path: &str,
    body: &serde_json::Value,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "school.local:8080")
        .body(Body::from(body.to_string()))
        .expect("request");
    h.call(req).await
}

fn class_scope(class: ClassId) -> serde_json::Value {
    serde_json::json!({"scope": {"kind": "class", "class": class.to_string()}})
}

async fn issue(h: &Harness, token: &str, scope: &serde_json::Value) -> IssueResponse {
    let (s, _, b) = post(h, token, "/v1/web/accounts/issue", scope).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("issue response")
}

/// Guardians of a class with their children there.
type Guardians = Vec<(GuardianId, Vec<StudentId>)>;

/// The class with the most active students, its students and its guardians with their children.
fn largest_class(h: &Harness) -> (ClassId, BTreeSet<StudentId>, Guardians) {
    let ix = h.state.index().expect("index");
    let (class, roster) = ix
        .rosters
        .iter()
        .max_by_key(|(c, r)| (r.sorted_students().len(), **c))
        .expect("a class");
    let students: BTreeSet<StudentId> = roster.sorted_students().iter().map(|s| s.id).collect();
    let mut guardians: Guardians = Vec::new();
    for (g, s) in &roster.links {
        if !students.contains(s) {
            continue;
        }
        match guardians.iter_mut().find(|(id, _)| id == g) {
            Some((_, kids)) => kids.push(*s),
            None => guardians.push((*g, vec![*s])),
        }
    }
    (*class, students, guardians)
}

#[tokio::test]
async fn a_class_gets_accounts_and_codes_that_sign_in() {
    let h = school_without_accounts();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await.expect("admin");
    let (class, students, guardians) = largest_class(&h);
    assert!(students.len() >= 6 && !guardians.is_empty());

    let first = issue(&h, &admin, &class_scope(class)).await;
    assert_eq!(first.accounts.len(), students.len() + guardians.len());
    let (kids, parents) = first.accounts.split_at(students.len());
    assert!(kids.iter().all(|a| a.role == Role::Student));
    assert!(parents.iter().all(|a| a.role == Role::Parent));
    let names: Vec<&str> = kids.iter().map(|a| a.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "students by name");
    let logins: HashSet<&str> = first.accounts.iter().map(|a| a.login.as_str()).collect();
    assert_eq!(logins.len(), first.accounts.len(), "logins are unique");
    for a in &first.accounts {
        assert!(
            a.login.contains('.')
                && a.login
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'),
            "{}",
            a.login
        );
        assert!(a.code.is_some() && a.note.is_none(), "{a:?}");
        assert!(a.class.is_some());
    }
    let storage = h.state.storage.clone();
    let users_after_first = storage.count_users().expect("count");
    assert_eq!(users_after_first, 1 + first.accounts.len() as u64);
    for a in &first.accounts {
        let u = storage.user(a.user).expect("read").expect("created");
        assert_eq!(u.display_name, a.name);
        assert_ne!(Some(u.password_hash.as_str()), a.code.as_deref());
        match a.role {
            Role::Student => assert!(u.principal.student.is_some_and(|s| students.contains(&s))),
            _ => assert!(u.principal.guardian.is_some()),
        }
    }

    // A guardian signs in with the code and sees exactly their children.
    let parent = &parents[0];
    let user = storage.user(parent.user).expect("read").expect("user");
    let gid = user.principal.guardian.expect("linked");
    let token = sign_in(&h, &parent.login, parent.code.as_deref().expect("code"))
        .await
        .expect("the code signs in");
    let (s, _, b) = h.get(&token, "/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    let me: UserInfo = serde_json::from_slice(&b).expect("me");
    let mut seen: Vec<StudentId> = me.children.iter().map(|c| c.id).collect();
    seen.sort();
    let mut theirs = guardians
        .iter()
        .find(|(g, _)| *g == gid)
        .expect("guardian in class")
        .1
        .clone();
    theirs.sort();
    assert_eq!(seen, theirs);
    let other = students
        .iter()
        .find(|s| !theirs.contains(s))
        .expect("another child");
    let (s, _, _) = h
        .get(&token, &format!("/v1/students/{other}/summary"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "not their child");

    // Again: no new accounts, and the codes given stay valid (no new ones behind the
    // coordinator's back: a guardian's slip of another class must keep working).
    let second = issue(&h, &admin, &class_scope(class)).await;
    assert_eq!(storage.count_users().expect("count"), users_after_first);
    assert_eq!(second.accounts.len(), first.accounts.len());
    for (a, b) in first.accounts.iter().zip(&second.accounts) {
        assert_eq!(
            (a.user, &a.login),
            (b.user, &b.login),
            "same accounts, same order"
        );
        assert_eq!(b.code, None, "{}", b.login);
        let note = if a.user == parent.user {
            SIGNED_IN_NOTE
        } else {
            ISSUED_NOTE
        };
        assert_eq!(b.note.as_deref(), Some(note));
    }
    let kid = &kids[0];
    let kid_code = kid.code.as_deref().expect("code");
    assert!(
        sign_in(&h, &kid.login, kid_code).await.is_some(),
        "the first code still works"
    );

    // The codes shown are printed as they are (checked against the account); a wrong one is
    // not printed.
    let mut others = first
        .accounts
        .iter()
        .filter(|a| a.user != parent.user && a.user != kid.user);
    let (shown_one, wrong_one) = (
        others.next().expect("a third person"),
        others.next().expect("a fourth person"),
    );
    let shown_code = shown_one.code.as_deref().expect("code");
    let mut shown = class_scope(class);
    shown["codes"] = serde_json::json!({
        shown_one.login.clone(): shown_code,
        wrong_one.login.clone(): "wrong-code-0000",
    });
    let printed = issue(&h, &admin, &shown).await;
    let of = |r: &IssueResponse, login: &str| {
        r.accounts
            .iter()
            .find(|a| a.login == login)
            .expect("listed")
            .clone()
    };
    assert_eq!(
        of(&printed, &shown_one.login).code.as_deref(),
        Some(shown_code)
    );
    assert_eq!(
        of(&printed, &wrong_one.login).code,
        None,
        "a wrong code is not printed"
    );
    assert_eq!(
        of(&printed, &kid.login).note.as_deref(),
        Some(SIGNED_IN_NOTE),
        "who signed in gets no code"
    );

    // Lost slips: new codes on request, for everyone who has not signed in.
    let mut again = class_scope(class);
    again["reissue"] = serde_json::json!(true);
    let third = issue(&h, &admin, &again).await;
    for (a, b) in first.accounts.iter().zip(&third.accounts) {
        if a.user == parent.user || a.user == kid.user {
            assert_eq!(b.code, None);
            assert_eq!(b.note.as_deref(), Some(SIGNED_IN_NOTE));
        } else {
            assert!(b.code.is_some() && b.code != a.code, "a fresh code");
        }
    }
    assert!(
        sign_in(&h, &parent.login, parent.code.as_deref().expect("code"))
            .await
            .is_some(),
        "who signed in keeps their password"
    );
    assert!(
        sign_in(&h, &shown_one.login, shown_code).await.is_none(),
        "the earlier code was replaced"
    );
    let fresh = of(&third, &shown_one.login).code.expect("code");
    assert!(sign_in(&h, &shown_one.login, &fresh).await.is_some());
    let second = third;

    let log = storage.audit_log(10).expect("audit");
    let issued: Vec<_> = log
        .iter()
        .filter(|e| e.action == "accounts_issued")
        .collect();
    assert_eq!(issued.len(), 4);
    for e in &issued {
        for a in first.accounts.iter().chain(&second.accounts) {
            if let Some(code) = &a.code {
                assert!(
                    !e.detail.contains(code.as_str()),
                    "no codes in the audit log"
                );
            }
        }
    }
}

#[tokio::test]
async fn staff_get_roles_and_only_account_managers_may_issue() {
    let h = school_without_accounts();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await.expect("admin");
    let staff = issue(&h, &admin, &serde_json::json!({"scope": {"kind": "staff"}})).await;
    let ix = h.state.index().expect("index");
    assert_eq!(staff.accounts.len(), ix.school.staff.len());
    let names: Vec<&str> = staff.accounts.iter().map(|a| a.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "staff by name");
    assert!(staff.accounts.iter().any(|a| a.role == Role::Director));
    assert!(staff.accounts.iter().any(|a| a.role == Role::Secretary));
    let storage = h.state.storage.clone();
    let leads = staff
        .accounts
        .iter()
        .filter(|a| a.class.is_some())
        .collect::<Vec<_>>();
    assert_eq!(leads.len(), ix.dir.class_teachers.len());
    for a in &leads {
        let u = storage.user(a.user).expect("read").expect("user");
        assert!(u.principal.roles.contains(&Role::ClassTeacher));
    }

    let teacher = staff
        .accounts
        .iter()
        .find(|a| a.role == Role::Teacher && a.class.is_none())
        .expect("a teacher");
    let token = sign_in(&h, &teacher.login, teacher.code.as_deref().expect("code"))
        .await
        .expect("teacher signs in");
    let users = storage.count_users().expect("count");
    let (class, _, _) = largest_class(&h);
    for path in ["/v1/web/accounts/issue", "/v1/web/accounts/slips"] {
        let (s, _, b) = post(&h, &token, path, &class_scope(class)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));
    }
    assert_eq!(
        storage.count_users().expect("count"),
        users,
        "nothing created"
    );
}

#[tokio::test]
async fn errors_write_nothing() {
    let h = school_without_accounts();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await.expect("admin");
    let storage = h.state.storage.clone();
    let users = storage.count_users().expect("count");
    let audit = storage.audit_log(100).expect("audit").len();
    let (s, _, b) = post(
        &h,
        &admin,
        "/v1/web/accounts/issue",
        &class_scope(ClassId::new()),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let body: serde_json::Value = serde_json::from_slice(&b).expect("error body");
    assert!(body["error"].as_str().expect("message").contains("класс"));
    let (s, _, _) = post(
        &h,
        &admin,
        "/v1/web/accounts/slips",
        &serde_json::json!({"scope": {"kind": "school"}}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(storage.count_users().expect("count"), users);
    assert_eq!(storage.audit_log(100).expect("audit").len(), audit);
}

#[tokio::test]
async fn slips_are_a_pdf_with_a_page_per_ten() {
    let h = school_without_accounts();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await.expect("admin");
    let (class, students, guardians) = largest_class(&h);
    let (s, headers, pdf) = post(&h, &admin, "/v1/web/accounts/slips", &class_scope(class)).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    let class_name = h.state.index().expect("index").class_name(class);
    let disposition = headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert_eq!(
        disposition,
        format!(
            "attachment; filename=\"{}\"",
            slips::filename(&zvonok_core::wire::IssueScope::Class { class }, &class_name)
        )
    );
    assert!(
        disposition.starts_with("attachment; filename=\"slips-") && disposition.ends_with(".pdf\"")
    );
    assert!(pdf.starts_with(b"%PDF"));
    let people = students.len() + guardians.len();
    assert_eq!(
        storage_users(&h),
        1 + people as u64,
        "slips issue like /issue"
    );
    let doc = lopdf::Document::load_mem(&pdf).expect("a valid PDF");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), slips::pages_for(people));
    let text = doc
        .extract_text(&pages.keys().copied().collect::<Vec<_>>())
        .expect("text");
    assert!(
        text.contains("Логин"),
        "Cyrillic text is extractable: {text}"
    );
    assert!(text.contains("http://school.local:8080"));
    println!("{people} slips: {} bytes, {} pages", pdf.len(), pages.len());
}

fn storage_users(h: &Harness) -> u64 {
    h.state.storage.count_users().expect("count")
}

#[tokio::test]
async fn demo_accounts_that_never_signed_in_get_codes() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    let users = h.state.storage.count_users().expect("count");
    // The demo's accounts were made with a password, not a code: new codes are asked for.
    let staff = issue(
        &h,
        &coord.token,
        &serde_json::json!({"scope": {"kind": "staff"}, "reissue": true}),
    )
    .await;
    assert_eq!(
        h.state.storage.count_users().expect("count"),
        users,
        "all linked already"
    );
    let me = staff
        .accounts
        .iter()
        .find(|a| a.login == "coordinator")
        .expect("the coordinator is staff");
    assert_eq!(me.code, None, "signed in: keeps the password");
    let teacher = staff
        .accounts
        .iter()
        .find(|a| a.login == "teacher")
        .expect("teacher");
    let code = teacher.code.as_deref().expect("never signed in: a code");
    assert!(sign_in(&h, "teacher", code).await.is_some());
}
