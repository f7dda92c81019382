//! School administration end to end (issue 4), against a real `zvonok-server --demo` and real
//! `zvonok` CLI devices: the server's checks of forged school and movement changes, the
//! documents that follow from the school and who receives them, and orders acting on rosters.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::Duration;
use serde_json::Value;
use zvonok_client::Replica;
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::movement::{MovementOp, OrderKind};
use zvonok_core::doc::personal::PersonalData;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId};
use zvonok_tests::scenario::{order, today};
use zvonok_tests::{forge, http, Device, Server, DEMO_PASSWORD};

/// id → (kind, heads) of the documents the user may read, from `GET /v1/docs`.
fn server_docs(server: &Server, login: &str) -> BTreeMap<String, (String, Value)> {
    let token = http::token(server.addr, login, DEMO_PASSWORD);
    let r = http::get(server.addr, "/v1/docs", Some(&token));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or_default().to_string(),
                (
                    d["kind"].as_str().unwrap_or_default().to_string(),
                    d["heads"].clone(),
                ),
            )
        })
        .collect()
}

fn doc_of_kind(docs: &BTreeMap<String, (String, Value)>, kind: &str) -> DocId {
    let id = docs
        .iter()
        .find(|(_, (k, _))| k == kind)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no {kind} document among {docs:?}"));
    DocId::from_str(&id).expect("doc id")
}

/// The kinds of the documents a device holds.
fn held_kinds(dev: &Device) -> Vec<DocKind> {
    let replica = Replica::open(&dev.dir).expect("open the replica");
    let mut kinds: Vec<DocKind> = replica.docs().map(|d| d.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

fn sync_report(dev: &Device) -> Value {
    let r = dev.json(&["sync"]);
    assert_eq!(r["converged"], true, "{} sync: {r}", dev.name);
    r
}

fn rejections(rep: &Value) -> Vec<Value> {
    rep["rejections"].as_array().cloned().unwrap_or_default()
}

/// The reason the device recorded for a refused change.
fn rejection_reason(dev: &Device, hash: &str) -> String {
    let st = dev.status();
    st["rejected"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["hash"] == hash))
        .and_then(|x| x["reason"].as_str())
        .unwrap_or_else(|| panic!("{} keeps no rejection of {hash}: {st}", dev.name))
        .to_string()
}

#[test]
fn a_forged_over_limit_curriculum_is_refused_by_the_server() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let coord = Device::new(tmp.path(), "dev-coordinator");
    coord.login(&server.url(), "coordinator");
    coord.sync();
    let before = server_docs(&server, "coordinator");
    let school = doc_of_kind(&before, "school");

    let (profile, math, total) = {
        let mut r = Replica::open(&coord.dir).expect("replica");
        let s = r.school().expect("the school document");
        let p = s
            .profiles
            .values()
            .find(|p| p.grade == 5)
            .expect("the demo has a curriculum profile for grade 5")
            .clone();
        let math = s.subject_by_name("Математика").expect("Математика").id;
        (p.id, math, p.total().half_hours())
    };
    assert!(
        total <= 58,
        "the demo's plan is within 29 h: {total} half-hours"
    );
    // 30 h of mathematics alone: far over the 29 h of a five-day week in grade 5.
    let hash = forge::plan_hours(&coord.dir, school, profile, math, 60);

    let rep = sync_report(&coord);
    assert!(
        rejections(&rep)
            .iter()
            .any(|x| x["hash"] == hash.as_str() && x["doc"] == school.to_string().as_str()),
        "the forged plan is rejected: {rep}"
    );
    let reason = rejection_reason(&coord, &hash);
    eprintln!("the server's reason: {reason}");
    assert!(reason.contains("5 класса"), "names the grade: {reason}");
    assert!(
        reason.contains("не больше 29 ч"),
        "names the limit: {reason}"
    );
    let after = server_docs(&server, "coordinator");
    assert_eq!(
        after[&school.to_string()],
        before[&school.to_string()],
        "the server's school document is unchanged"
    );
    let plan = {
        let mut r = Replica::open(&coord.dir).expect("replica");
        r.school().expect("school").profiles[&profile].clone()
    };
    assert_eq!(
        plan.total().half_hours(),
        total,
        "the device dropped the refused plan"
    );
}

#[test]
fn restricted_documents_reach_only_the_staff_who_may_read_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let url = server.url();
    let coord = Device::new(tmp.path(), "dev-coordinator");
    let secretary = Device::new(tmp.path(), "dev-secretary");
    let parent = Device::new(tmp.path(), "dev-parent");
    coord.login(&url, "coordinator");
    secretary.login(&url, "secretary");
    parent.login(&url, "parent");
    for d in [&coord, &secretary, &parent] {
        d.sync();
    }

    let kinds = held_kinds(&coord);
    assert!(kinds.contains(&DocKind::Roster), "coordinator: {kinds:?}");
    assert!(kinds.contains(&DocKind::Movement), "coordinator: {kinds:?}");
    let kinds = held_kinds(&secretary);
    for k in [DocKind::Roster, DocKind::Personal, DocKind::Movement] {
        assert!(kinds.contains(&k), "secretary lacks {k}: {kinds:?}");
    }
    // The secretary's personal files hold dates of birth and phones.
    let mut r = Replica::open(&secretary.dir).expect("replica");
    let ids: Vec<DocId> = r
        .docs()
        .filter(|d| d.kind == DocKind::Personal)
        .map(|d| d.id)
        .collect();
    let classes = r.school().expect("school").classes.len();
    assert_eq!(ids.len(), classes, "one per class of the demo: {ids:?}");
    let p = PersonalData::from_doc(r.doc(ids[0]).expect("doc")).expect("personal");
    assert!(!p.students.is_empty());
    assert!(p.students.values().all(|f| f.birth_date.is_some()));
    assert!(p.guardians.values().all(|g| g.phone.starts_with("+7")));
    drop(r);

    let kinds = held_kinds(&parent);
    for k in [DocKind::Roster, DocKind::Personal, DocKind::Movement] {
        assert!(!kinds.contains(&k), "the parent holds a {k}: {kinds:?}");
    }
    let listed = server_docs(&server, "parent");
    assert!(
        listed
            .values()
            .all(|(k, _)| k != "roster" && k != "personal" && k != "movement"),
        "the parent is offered none of them: {listed:?}"
    );
}

/// The rosters the device holds, by class.
fn rosters(dev: &Device) -> BTreeMap<ClassId, RosterData> {
    let mut r = Replica::open(&dev.dir).expect("replica");
    r.rosters()
        .expect("rosters")
        .into_iter()
        .map(|x| (x.class, x))
        .collect()
}

#[test]
fn orders_move_students_between_rosters_and_keep_their_marks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let coord = Device::new(tmp.path(), "dev-coordinator");
    coord.login(&server.url(), "coordinator");
    coord.sync();
    let docs = server_docs(&server, "coordinator");
    let movement = doc_of_kind(&docs, "movement");
    let (a, b, journals) = {
        let mut r = Replica::open(&coord.dir).expect("replica");
        let s = r.school().expect("school");
        let a = s.class_by_name("5А").expect("5А").id;
        let b = s.class_by_name("5Б").expect("5Б").id;
        let ids: Vec<DocId> = r
            .docs()
            .filter(|d| d.kind == DocKind::Journal)
            .map(|d| d.id)
            .collect();
        let mut journals = Vec::new();
        for id in ids {
            let j = JournalData::from_doc(r.doc(id).expect("journal")).expect("journal");
            if j.meta.cohort.class() == a {
                journals.push((id, j));
            }
        }
        (a, b, journals)
    };
    // A student of 5А with marks in the demo's history.
    let (student, marked_journal, marks_before) = journals
        .iter()
        .find_map(|(id, j)| {
            let (s, _) = j.students_in_order().into_iter().next()?;
            let n = j.marks_of(s).count();
            (n > 0).then_some((s, *id, n))
        })
        .expect("a 5А student with marks");

    // Without an enrollment order a transfer is refused by the server.
    let day = today();
    let forged = order("1-т", day, OrderKind::Transfer { from: a, to: b }, student);
    let hash = forge::order(&coord.dir, movement, &forged);
    let rep = sync_report(&coord);
    assert!(
        rejections(&rep).iter().any(|x| x["hash"] == hash.as_str()),
        "a transfer without enrollment is rejected: {rep}"
    );
    let reason = rejection_reason(&coord, &hash);
    assert!(
        reason.contains("приказ о зачислении"),
        "says what to do: {reason}"
    );
    assert_eq!(
        server_docs(&server, "coordinator")[&movement.to_string()],
        docs[&movement.to_string()],
        "the server's movement book is unchanged"
    );

    // Enrollment (backdated, the lists were entered before), then the transfer.
    let enroll = order(
        "1-з",
        day - Duration::days(30),
        OrderKind::Enroll { to: a },
        student,
    );
    forge::issue_order(
        &coord.dir,
        movement,
        &MovementOp::AddOrder { order: enroll },
    );
    let rep = sync_report(&coord);
    assert!(rejections(&rep).is_empty(), "{rep}");
    let transfer = order("2-т", day, OrderKind::Transfer { from: a, to: b }, student);
    forge::issue_order(
        &coord.dir,
        movement,
        &MovementOp::AddOrder { order: transfer },
    );
    let rep = sync_report(&coord);
    assert!(rejections(&rep).is_empty(), "{rep}");

    // What the server holds, seen by a fresh device of the secretary.
    let sec = Device::new(tmp.path(), "dev-secretary");
    sec.login(&server.url(), "secretary");
    sec.sync();
    let rs = rosters(&sec);
    let in_b = rs[&b]
        .students
        .get(&student)
        .expect("the student joined 5Б");
    assert!(in_b.active, "active in 5Б");
    let in_a = rs[&a].students.get(&student).expect("still listed in 5А");
    assert!(!in_a.active, "inactive in 5А");
    let linked = |r: &RosterData| r.links.iter().filter(|(_, s)| *s == student).count();
    assert_eq!(linked(&rs[&b]), linked(&rs[&a]), "the guardians came along");
    // The old journal still has the student's marks; 5Б's current journals list them now.
    coord.sync();
    let mut r = Replica::open(&coord.dir).expect("replica");
    let j = JournalData::from_doc(r.doc(marked_journal).expect("journal")).expect("journal");
    assert_eq!(j.marks_of(student).count(), marks_before, "past marks stay");
    let ids: Vec<DocId> = r
        .docs()
        .filter(|d| d.kind == DocKind::Journal)
        .map(|d| d.id)
        .collect();
    let mut current_b = 0;
    for id in ids {
        let j = JournalData::from_doc(r.doc(id).expect("journal")).expect("journal");
        if j.meta.cohort.class() == b && j.meta.start <= day && day <= j.meta.end {
            current_b += 1;
            assert!(
                j.students.contains_key(&student),
                "{} lists the student",
                j.meta.title
            );
        }
    }
    assert!(current_b > 0, "5Б has journals of the current period");
}
