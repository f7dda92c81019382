//! Closing the year on a demo school of grades 5–9 (the last grade graduates): the dry run,
//! the confirmation (next year's classes and lists, graduates withdrawn, a retained student in
//! the same grade, a conditional promotion from a final 2), the movement book that explains it,
//! the old year's journals read-only, a second confirmation that changes nothing, the undo and a
//! confirmation again with the same result.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::NaiveDate;
use common::{today, Device, Harness};
use zvonok_core::automerge::transaction::Transactable;
use zvonok_core::automerge::{ReadDoc, ROOT};
use zvonok_core::doc::journal::{JournalData, JournalOp};
use zvonok_core::doc::movement::{MovementData, MovementOp, Order, OrderKind};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId, OrderId, StudentId};
use zvonok_core::marks::MarkValue;
use zvonok_core::rights::{Grant, Right, Scope};
use zvonok_core::wire::{
    AuditView, BookView, ErrorBody, GrantChange, YearCloseDone, YearCloseRequest, YearCloseUndone,
    YearCloseView,
};
use zvonok_core::year_close::{Outcome, Override};
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::docstore::lock;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::DocRecord;
use zvonok_server::{app, AppState};

const BIG: usize = 64 << 20;

fn harness() -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let storage = Arc::new(SqliteStorage::open(&dir.path().join("z.sqlite")).expect("open"));
    let opt = DemoOptions {
        first_grade: 5,
        last_grade: 9,
        ..DemoOptions::small(today())
    };
    let demo = generate(storage.as_ref(), &opt).expect("demo");
    let state = Arc::new(AppState::new(storage, BIG));
    Harness::from_parts(app(state.clone()), state, demo, dir)
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn error_of(b: &[u8]) -> String {
    serde_json::from_slice::<ErrorBody>(b)
        .unwrap_or_else(|_| panic!("not an error body: {}", text(b)))
        .error
}

fn records(h: &Harness) -> Vec<DocRecord> {
    h.state.storage.docs().expect("docs")
}

fn read<T>(h: &Harness, rec: &DocRecord, f: impl Fn(&automerge::AutoCommit) -> T) -> T {
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let g = lock(&shared);
    f(&g.doc)
}

fn school(h: &Harness) -> SchoolData {
    let rec = records(h)
        .into_iter()
        .find(|r| r.kind == DocKind::School)
        .expect("school");
    read(h, &rec, |d| SchoolData::from_doc(d).expect("school"))
}

fn movement(h: &Harness) -> MovementData {
    let rec = records(h)
        .into_iter()
        .find(|r| r.kind == DocKind::Movement)
        .expect("movement");
    read(h, &rec, |d| MovementData::from_doc(d).expect("movement"))
}

fn rosters(h: &Harness) -> BTreeMap<ClassId, RosterData> {
    records(h)
        .into_iter()
        .filter(|r| r.kind == DocKind::Roster)
        .map(|rec| {
            let r = read(h, &rec, |d| RosterData::from_doc(d).expect("roster"));
            (r.class, r)
        })
        .collect()
}

fn active(r: &RosterData) -> BTreeSet<StudentId> {
    r.students
        .values()
        .filter(|s| s.active)
        .map(|s| s.id)
        .collect()
}

fn class_named(s: &SchoolData, name: &str, year: zvonok_core::ids::YearId) -> ClassId {
    s.classes
        .values()
        .find(|c| c.name() == name && c.year == year)
        .unwrap_or_else(|| panic!("class {name}"))
        .id
}

/// The journal whose title starts with `title` («5А · Математика · 2 четверть»).
fn journal(h: &Harness, title: &str) -> (DocId, JournalData) {
    let rec = records(h)
        .into_iter()
        .find(|r| r.kind == DocKind::Journal && r.title.starts_with(title))
        .unwrap_or_else(|| panic!("journal {title}"));
    let j = read(h, &rec, |d| JournalData::from_doc(d).expect("journal"));
    (rec.id, j)
}

async fn dry_run(
    h: &Harness,
    token: &str,
    overrides: &BTreeMap<StudentId, Override>,
) -> YearCloseView {
    let q = serde_json::to_string(overrides).expect("json");
    let uri = format!("/v1/web/year-close?overrides={}", url_escape(&q));
    let (s, _, b) = h.get(token, &uri).await;
    assert_eq!(s, StatusCode::OK, "{}", text(&b));
    serde_json::from_slice(&b).expect("view")
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Enrollment orders for everyone on the lists (the demo has lists but no orders yet), and
/// one 7А student withdrawn in November.
async fn enroll_everyone(h: &Harness, coord: &str) -> StudentId {
    let s = school(h);
    let mut n = 0;
    let mut left = None;
    for (class, r) in rosters(h) {
        n += 1;
        let order = Order {
            id: OrderId::new(),
            number: format!("З-{n}"),
            date: NaiveDate::from_ymd_opt(2026, 9, 1).expect("date"),
            kind: OrderKind::Enroll { to: class },
            students: r
                .students
                .values()
                .map(|st| (st.id, st.full_name()))
                .collect(),
            note: String::new(),
        };
        let (st, b) = post_json(
            h,
            coord,
            "/v1/web/movement/orders",
            &MovementOp::AddOrder { order },
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{}", text(&b));
        if s.classes[&class].name() == "7А" {
            let first = r.students.values().next().expect("student");
            left = Some((class, first.id, first.full_name()));
        }
    }
    let (class, id, name) = left.expect("7А");
    let order = Order {
        id: OrderId::new(),
        number: "В-1".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 10).expect("date"),
        kind: OrderKind::Withdraw {
            from: class,
            destination: "Школа № 5 г. Твери".into(),
        },
        students: BTreeMap::from([(id, name)]),
        note: String::new(),
    };
    let (st, b) = post_json(
        h,
        coord,
        "/v1/web/movement/orders",
        &MovementOp::AddOrder { order },
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    id
}

#[tokio::test]
async fn the_year_closes_into_the_next_is_undone_and_closes_again_the_same_way() {
    let h = harness();
    let coord = h.login("coordinator").await.token;
    let login = h.login("teacher").await;
    let (teacher, teacher_id) = (login.token.clone(), login.user.id);
    let (st, _, _) = h.get(&teacher, "/v1/web/year-close").await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "a teacher does not close the year"
    );

    // Without enrollment orders the book cannot explain the move: blocked.
    let v = dry_run(&h, &coord, &BTreeMap::new()).await;
    let plan = v.plan.expect("plan");
    assert!(plan
        .problems
        .iter()
        .any(|p| p.blocking && p.message.contains("приказ о зачислении")));
    let req = YearCloseRequest {
        year: plan.year.id,
        overrides: BTreeMap::new(),
    };
    let (st, b) = post_json(&h, &coord, "/v1/web/year-close", &req).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_of(&b).contains("приказ о зачислении"), "{}", text(&b));
    assert_eq!(
        school(&h).current_year,
        Some(plan.year.id),
        "nothing written"
    );

    let left = enroll_everyone(&h, &coord).await;
    // A final 2 in maths for one 5А student: the debt of a conditional promotion.
    let (q2_doc, q2) = journal(&h, "5А · Математика · 2 четверть");
    let debtor = *q2.students.keys().next().expect("student");
    let op = JournalOp::SetFinal {
        student: debtor,
        value: Some(MarkValue::Points(2)),
    };
    let (st, b) = post_json(&h, &teacher, &format!("/v1/web/journals/{q2_doc}/ops"), &op).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));

    let s = school(&h);
    let year = s.current_year.expect("year");
    let c5a = class_named(&s, "5А", year);
    let c6a = class_named(&s, "6А", year);
    let c9b = class_named(&s, "9Б", year);
    let before = rosters(&h);
    let retained = *active(&before[&c6a]).iter().next().expect("6А student");
    let overrides = BTreeMap::from([(retained, Override::Retained)]);

    let v = dry_run(&h, &coord, &overrides).await;
    let plan = v.plan.expect("plan");
    assert!(plan.blocking().next().is_none(), "{:?}", plan.problems);
    let names: Vec<&str> = plan.next_classes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["6А", "6Б", "7А", "7Б", "8А", "8Б", "9А", "9Б"]);
    assert_eq!(plan.next_year.title, "2027/2028");
    assert_eq!(plan.next_periods.len(), 4);
    assert!(
        plan.left.iter().any(|l| l.student == left),
        "the withdrawn 7А student"
    );
    let p = plan
        .students()
        .find(|(_, x)| x.student == debtor)
        .expect("debtor")
        .1;
    assert!(matches!(&p.outcome, Outcome::Conditional { subjects, .. } if subjects.len() == 1));
    assert_eq!(p.debts[0].name, "Математика");
    let graduates: BTreeSet<StudentId> = plan
        .students()
        .filter(|(_, x)| x.outcome == Outcome::Graduated)
        .map(|(_, x)| x.student)
        .collect();
    let nines: BTreeSet<StudentId> = s
        .classes
        .values()
        .filter(|c| c.grade == 9)
        .flat_map(|c| active(&before[&c.id]))
        .collect();
    assert_eq!(graduates, nines, "every ninth-grader graduates");

    // Confirm.
    let req = YearCloseRequest {
        year,
        overrides: overrides.clone(),
    };
    let orders_before = movement(&h).orders.len();
    let started = std::time::Instant::now();
    let (st, b) = post_json(&h, &coord, "/v1/web/year-close", &req).await;
    eprintln!("confirm: {:?}", started.elapsed());
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let done: YearCloseDone = serde_json::from_slice(&b).expect("done");
    assert!(done.changed);
    assert_eq!(done.next_year_title, "2027/2028");
    let s2 = school(&h);
    let next = s2.current_year.expect("year");
    assert_eq!(next, plan.next_year.id);
    let after = rosters(&h);
    let n6a = class_named(&s2, "6А", next);
    let n6a_ids: BTreeSet<StudentId> = active(&after[&n6a]);
    let mut want = active(&before[&c5a]);
    want.insert(retained);
    assert_eq!(
        n6a_ids, want,
        "5А moved up into the new 6А; the retained 6А student too"
    );
    assert!(
        active(&after[&c5a]).is_empty(),
        "the old 5А's list is history"
    );
    assert!(active(&after[&c9b]).is_empty(), "graduates left the old 9Б");
    for g in &graduates {
        assert!(
            after.values().all(|r| !active(r).contains(g)),
            "a graduate is on no list"
        );
    }
    // The book explains it: transfers and withdrawals «выпуск», the conditional note.
    let (st, _, b) = h
        .get(
            &coord,
            "/v1/web/movement/book?from=2027-06-01&to=2027-09-01",
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let book: BookView = serde_json::from_slice(&b).expect("book");
    let withdrawn: BTreeSet<StudentId> = book
        .book
        .entries
        .iter()
        .filter(|e| matches!(&e.kind, OrderKind::Withdraw { destination, .. } if destination == "выпуск"))
        .filter_map(|e| e.student)
        .collect();
    assert_eq!(withdrawn, graduates);
    assert!(book.book.entries.iter().any(|e| e.student == Some(retained)
        && matches!(e.kind, OrderKind::Transfer { to, .. } if to == class_named(&s2, "6А", next))));
    let m = movement(&h);
    let note = m
        .orders
        .values()
        .find(|o| o.students.contains_key(&debtor) && o.number.starts_with("П-"))
        .expect("debtor's order")
        .note
        .clone();
    assert!(
        note.contains("условно") && note.contains("Математика"),
        "{note}"
    );

    // The old year stays readable to its teacher and is read-only: last year's assignment no
    // longer lets them keep it, and even a school-wide grant to keep journals meets the
    // closed year's rule.
    let (st, _, b) = h.get(&teacher, &format!("/v1/web/journals/{q2_doc}")).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let op = JournalOp::SetFinal {
        student: debtor,
        value: Some(MarkValue::Points(3)),
    };
    let (st, b) = post_json(&h, &teacher, &format!("/v1/web/journals/{q2_doc}/ops"), &op).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{}", text(&b));
    let grant = GrantChange {
        grant: Grant {
            right: Right::KeepJournal,
            scope: Scope::School,
        },
        add: true,
    };
    let (st, b) = post_json(
        &h,
        &coord,
        &format!("/v1/web/accounts/{teacher_id}/grants"),
        &grant,
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let (st, b) = post_json(&h, &teacher, &format!("/v1/web/journals/{q2_doc}/ops"), &op).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{}", text(&b));
    assert!(
        error_of(&b).contains("Учебный год этого журнала закрыт"),
        "{}",
        text(&b)
    );
    // The same from a device: its change to the old journal is refused at the sync.
    let mut device = Device::new(&login);
    device.sync(&h).await;
    {
        let (_, doc, _) = device.docs.get_mut(&q2_doc).expect("journal on the device");
        let att = match doc.get(ROOT, "attendance").expect("get") {
            Some((_, id)) => id,
            None => panic!("attendance"),
        };
        let lesson = q2.lessons.keys().next().expect("lesson");
        doc.put(&att, format!("{lesson}/{debtor}"), "Н")
            .expect("put");
        doc.commit();
    }
    device.sync(&h).await;
    assert!(
        device
            .rejections
            .iter()
            .any(|r| r.doc == q2_doc && r.reason.contains("закрыт")),
        "{:?}",
        device.rejections
    );

    // A second confirmation changes nothing.
    let orders_after = movement(&h).orders.len();
    let heads: Vec<_> = records(&h)
        .iter()
        .map(|r| (r.id, r.heads.clone()))
        .collect();
    let (st, b) = post_json(&h, &coord, "/v1/web/year-close", &req).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let again: YearCloseDone = serde_json::from_slice(&b).expect("done");
    assert!(!again.changed);
    assert_eq!(again.orders, done.orders);
    assert_eq!(movement(&h).orders.len(), orders_after);
    let heads2: Vec<_> = records(&h)
        .iter()
        .map(|r| (r.id, r.heads.clone()))
        .collect();
    assert_eq!(heads, heads2, "no document changed");

    // The view shows the move and that it may be undone.
    let v = dry_run(&h, &coord, &BTreeMap::new()).await;
    assert_eq!(v.done.as_ref().map(|d| d.year), Some(year));
    assert!(v.undo_problems.is_empty(), "{:?}", v.undo_problems);

    // Undo.
    let (st, b) = post_json(&h, &coord, "/v1/web/year-close/undo", &()).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let undone: YearCloseUndone = serde_json::from_slice(&b).expect("undone");
    assert_eq!(undone.orders_cancelled, done.orders.len());
    assert_eq!(undone.classes_removed, 8);
    let s3 = school(&h);
    assert_eq!(s3.current_year, Some(year));
    assert!(s3.classes.values().all(|c| c.year == year));
    assert!(!s3.years.contains_key(&next));
    let back = rosters(&h);
    for (c, r) in &before {
        let mut was = active(r);
        if *c == class_named(&s, "7А", year) {
            was.remove(&left);
        }
        assert_eq!(active(&back[c]), was, "{} as before", s.classes[c].name());
    }
    assert!(
        active(&back[&n6a]).is_empty(),
        "the new 6А's list is empty again"
    );
    let (st, b) = post_json(&h, &teacher, &format!("/v1/web/journals/{q2_doc}/ops"), &op).await;
    assert_eq!(st, StatusCode::OK, "writable again: {}", text(&b));
    let (st, b) = post_json(&h, &coord, "/v1/web/year-close/undo", &()).await;
    assert_eq!(
        st,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing to undo: {}",
        text(&b)
    );

    // Confirm again: the same classes and lists (the debtor now has a 3: promoted).
    let (st, b) = post_json(&h, &coord, "/v1/web/year-close", &req).await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let third: YearCloseDone = serde_json::from_slice(&b).expect("done");
    assert!(third.changed);
    assert_eq!(
        third.orders.len(),
        done.orders.len() - 1,
        "the debtor joins 5А's order"
    );
    let s4 = school(&h);
    let ids = |s: &SchoolData| -> BTreeSet<ClassId> {
        s.classes
            .values()
            .filter(|c| c.year == next)
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(ids(&s4), ids(&s2), "the same next year's classes");
    let again = rosters(&h);
    for c in ids(&s2) {
        assert_eq!(
            active(&again[&c]),
            active(&after[&c]),
            "{}",
            s2.classes[&c].name()
        );
    }
    assert!(movement(&h).orders.len() > orders_before);

    // Audited, with the author.
    let (st, _, b) = h
        .get(&coord, "/v1/web/audit?action=year_closed,year_close_undone")
        .await;
    assert_eq!(st, StatusCode::OK, "{}", text(&b));
    let audit: AuditView = serde_json::from_slice(&b).expect("audit");
    let actions: Vec<&str> = audit.rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["year_closed", "year_close_undone", "year_closed"]);
}
