//! The server's check of incoming changes, attacked end to end: a real `zvonok-server --demo`
//! and real `zvonok` CLI devices whose replicas carry hand-made Automerge changes (written past
//! the device's own checks with `forge::write_raw`) sent through the real sync protocol. Every
//! forgery is refused, the refusal is recorded on the device, and what the forgery aimed at
//! stays out of reach.

use std::str::FromStr;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value as Am, ROOT};
use serde_json::Value;
use zvonok_client::Replica;
use zvonok_core::doc::personal;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId, StaffId};
use zvonok_tests::{forge, http, Device, Server, DEMO_PASSWORD};

/// The map at `path` from the root of a document.
fn map_at(d: &AutoCommit, path: &[&str]) -> ObjId {
    let mut obj = ROOT;
    for key in path {
        obj = match d.get(&obj, *key) {
            Ok(Some((Am::Object(ObjType::Map), id))) => id,
            other => panic!("no map at {path:?}: {other:?}"),
        };
    }
    obj
}

/// The first document of `kind` on the device that `pick` accepts.
fn doc_where(dev: &Device, kind: DocKind, pick: impl Fn(&AutoCommit) -> bool) -> DocId {
    let mut r = Replica::open(&dev.dir).expect("replica");
    let ids: Vec<DocId> = r.docs().filter(|d| d.kind == kind).map(|d| d.id).collect();
    ids.into_iter()
        .find(|id| pick(r.doc(*id).expect("doc")))
        .unwrap_or_else(|| panic!("{} holds no such {kind}", dev.name))
}

fn roster_of(dev: &Device, class: ClassId) -> (DocId, RosterData) {
    let id = doc_where(dev, DocKind::Roster, |d| {
        RosterData::from_doc(d).is_ok_and(|r| r.class == class)
    });
    let mut r = Replica::open(&dev.dir).expect("replica");
    let data = RosterData::from_doc(r.doc(id).expect("doc")).expect("roster");
    (id, data)
}

/// Syncs and expects the change `hash` refused: in the sync report and in the device's list
/// of refused changes (what `zvonok status` shows). Returns the reason.
fn sync_refuses(dev: &Device, hash: &str) -> String {
    let rep = dev.json(&["sync"]);
    assert!(
        rep["rejections"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["hash"] == hash)),
        "the forgery is refused: {rep}"
    );
    let st = dev.status();
    st["rejected"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["hash"] == hash))
        .and_then(|x| x["reason"].as_str())
        .unwrap_or_else(|| panic!("the device records no refusal of {hash}: {st}"))
        .to_string()
}

fn get(server: &Server, token: &str, path: &str) -> http::Response {
    http::get(server.addr, path, Some(token))
}

/// (the class teacher's own class, another class) from the people screen.
fn classes(server: &Server, ct: &str, coord: &str) -> (ClassId, ClassId) {
    let mine = get(server, ct, "/v1/web/people").json();
    let own = mine["classes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["can_edit"] == true))
        .and_then(|c| c["id"].as_str())
        .unwrap_or_else(|| panic!("the class teacher edits no class: {mine}"))
        .to_string();
    let all = get(server, coord, "/v1/web/people").json();
    let other = all["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .find(|c| *c != own)
        .expect("another class")
        .to_string();
    (
        ClassId::from_str(&own).expect("id"),
        ClassId::from_str(&other).expect("id"),
    )
}

#[test]
fn forged_roster_changes_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let token = |login: &str| http::token(server.addr, login, DEMO_PASSWORD);
    let (coord, ct, secretary) = (
        token("coordinator"),
        token("classteacher"),
        token("secretary"),
    );
    let (own, other) = classes(&server, &ct, &coord);

    // The demo parent: a guardian on the class teacher's list (5А).
    let parent = http::login(server.addr, "parent", DEMO_PASSWORD, "forgery probe");
    let parent_token = parent["token"].as_str().expect("token").to_string();
    let guardian = parent["user"]["guardian"]
        .as_str()
        .expect("the parent is a guardian")
        .to_string();
    let other_view = get(&server, &coord, &format!("/v1/web/people?class={other}")).json();
    let stranger = other_view["students"][0]["id"]
        .as_str()
        .expect("a student of another class")
        .to_string();
    let summary = format!("/v1/students/{stranger}/summary");
    assert_eq!(get(&server, &parent_token, &summary).status, 403, "before");

    let dev = Device::new(tmp.path(), "dev-classteacher");
    dev.login(&server.url(), "classteacher");
    dev.sync();
    let (doc, roster) = roster_of(&dev, own);
    assert!(
        roster.guardians.keys().any(|g| g.to_string() == guardian),
        "the parent is on the class teacher's list"
    );

    // A link between the parent and a student of another class.
    let hash = forge::write_raw(&dev.dir, doc, |d| {
        let links = map_at(d, &["links"]);
        d.put(&links, format!("{guardian}/{stranger}"), true)
            .expect("link");
    });
    let reason = sync_refuses(&dev, &hash);
    assert!(reason.contains("спис"), "{reason}");
    let again = http::login(server.addr, "parent", DEMO_PASSWORD, "forgery probe 2");
    let token2 = again["token"].as_str().expect("token");
    assert_eq!(
        get(&server, token2, &summary).status,
        403,
        "the parent still cannot read the other class's student"
    );
    assert!(
        !again["user"]["children"]
            .as_array()
            .expect("children")
            .iter()
            .any(|c| c["id"] == stranger.as_str()),
        "no new child: {again}"
    );

    // Deleting the guardians container.
    let hash = forge::write_raw(&dev.dir, doc, |d| {
        d.delete(ROOT, "guardians").expect("delete");
    });
    let reason = sync_refuses(&dev, &hash);
    assert!(reason.contains("только сервер"), "{reason}");
    let people = get(&server, &secretary, &format!("/v1/web/people?class={own}"));
    assert_eq!(people.status, 200, "{}", people.text());
    let guardians: usize = people.json()["students"]
        .as_array()
        .expect("students")
        .iter()
        .filter_map(|s| s["guardians"].as_array().map(Vec::len))
        .sum();
    assert!(guardians > 0, "the secretary still sees the guardians");
    assert_eq!(
        get(&server, &coord, "/v1/web/people").status,
        200,
        "the classes list still works"
    );

    // Flipping a student's `active` flag (only movement orders do that).
    let listed = *roster.students.keys().next().expect("a student");
    let hash = forge::write_raw(&dev.dir, doc, |d| {
        let s = map_at(d, &["students", &listed.to_string()]);
        d.put(&s, "active", false).expect("active");
    });
    sync_refuses(&dev, &hash);
    let (_, after) = roster_of(&dev, own);
    assert!(after.students[&listed].active, "the device dropped it");
}

/// The login of a deputy head (who has «Редактировать расписание»), from the rights screen.
fn deputy_head(server: &Server, coord: &str) -> String {
    let v = get(server, coord, "/v1/web/rights").json();
    v["users"]
        .as_array()
        .and_then(|u| {
            u.iter().find(|u| {
                u["roles"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r == "DeputyHead"))
            })
        })
        .and_then(|u| u["login"].as_str())
        .unwrap_or_else(|| panic!("no deputy head in the demo: {v}"))
        .to_string()
}

#[test]
fn forged_timetable_and_personal_changes_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let coord = http::token(server.addr, "coordinator", DEMO_PASSWORD);
    let ct = http::token(server.addr, "classteacher", DEMO_PASSWORD);
    let (own, other) = classes(&server, &ct, &coord);

    // Timetable: a negative lesson number, then an unknown teacher.
    let deputy = deputy_head(&server, &coord);
    let dev = Device::new(tmp.path(), "dev-deputy");
    dev.login(&server.url(), &deputy);
    dev.sync();
    let tt = doc_where(&dev, DocKind::Timetable, |_| true);
    let slot: String = {
        let mut r = Replica::open(&dev.dir).expect("replica");
        let d = r.doc(tt).expect("doc");
        let slots = map_at(d, &["slots"]);
        d.keys(&slots).next().expect("a slot")
    };
    let hash = forge::write_raw(&dev.dir, tt, |d| {
        let s = map_at(d, &["slots", &slot]);
        d.put(&s, "number", -2_i64).expect("number");
    });
    let reason = sync_refuses(&dev, &hash);
    assert!(reason.contains("-2"), "{reason}");
    let hash = forge::write_raw(&dev.dir, tt, |d| {
        let s = map_at(d, &["slots", &slot]);
        d.put(&s, "teacher", StaffId::new().to_string())
            .expect("teacher");
    });
    let reason = sync_refuses(&dev, &hash);
    assert!(reason.contains("учителя"), "{reason}");
    // A legitimate move of the same slot to another lesson of the bell schedule passes.
    let hash = forge::write_raw(&dev.dir, tt, |d| {
        let s = map_at(d, &["slots", &slot]);
        d.put(&s, "room", "301").expect("room");
    });
    let rep = dev.json(&["sync"]);
    assert!(
        !rep["rejections"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["hash"] == hash.as_str())),
        "a room change is kept: {rep}"
    );

    // Personal files: the secretary writes a phone of a student who is not on that class's list.
    let other_view = get(&server, &coord, &format!("/v1/web/people?class={other}")).json();
    let stranger = other_view["students"][0]["id"]
        .as_str()
        .expect("a student")
        .to_string();
    let sec = Device::new(tmp.path(), "dev-secretary");
    sec.login(&server.url(), "secretary");
    sec.sync();
    let files = doc_where(&sec, DocKind::Personal, |d| {
        personal::read_class(d).is_ok_and(|c| c == own)
    });
    let hash = forge::write_raw(&sec.dir, files, |d| {
        let s = map_at(d, &["students"]);
        d.put(&s, format!("{stranger}/phone"), "+79120000000")
            .expect("phone");
    });
    let reason = sync_refuses(&sec, &hash);
    assert!(reason.contains("из списка"), "{reason}");
    let sec_token = http::token(server.addr, "secretary", DEMO_PASSWORD);
    let view = get(
        &server,
        &sec_token,
        &format!("/v1/web/people?class={other}"),
    )
    .json();
    let Value::Array(students) = &view["students"] else {
        panic!("no students: {view}")
    };
    let s = students
        .iter()
        .find(|s| s["id"] == stranger.as_str())
        .expect("the student");
    assert!(
        s["personal"].is_object(),
        "the secretary reads personal files: {s}"
    );
    assert_ne!(
        s["personal"]["phone"], "+79120000000",
        "the forged phone is not kept: {s}"
    );
}
