//! End-to-end scenarios: a real `zvonok-server --demo` process on 127.0.0.1 and real `zvonok`
//! CLI devices, each in its own temporary directory.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde_json::Value;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId, MarkId, StudentId};
use zvonok_core::marks::MarkValue;
use zvonok_tests::scenario::{
    children, days_from, expected_average, find_lesson, grid, grid_attendance, grid_marks,
    grid_row, summary_marks, summary_subject, today, LessonAt, Mark,
};
use zvonok_tests::{forge, http, Device, Server, DEMO_PASSWORD};

const CLASS: &str = "5А";
/// Days ahead searched for a lesson.
const SEARCH_DAYS: u64 = 21;

/// The parent's child in 5А (id, name), from an HTTP login as `parent`.
fn child_in_class(server: &Server) -> (String, String) {
    let info = http::login(server.addr, "parent", DEMO_PASSWORD, "e2e probe");
    info["user"]["children"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["class_name"] == CLASS))
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_string(),
                c["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .unwrap_or_else(|| panic!("the demo parent has no child in {CLASS}: {info}"))
}

/// A lesson of the device's user in 5А inside the current study period: the first after
/// today (so the demo's history does not mix in), else the last before.
fn lesson_in_class(dev: &Device, subject: Option<&str>) -> LessonAt {
    let tomorrow = today().succ_opt().unwrap_or_else(today);
    find_lesson(dev, CLASS, subject, days_from(tomorrow, SEARCH_DAYS, true))
        .or_else(|| find_lesson(dev, CLASS, subject, days_from(today(), SEARCH_DAYS, false)))
        .unwrap_or_else(|| {
            panic!(
                "{} has no {CLASS} lesson within {SEARCH_DAYS} days",
                dev.name
            )
        })
}

/// Another student of the grid than `not`.
fn other_student(g: &Value, not: &str) -> String {
    g["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["student"] != not))
        .and_then(|r| r["student"].as_str())
        .expect("the class has another student")
        .to_string()
}

fn mark_args<'a>(
    at: &'a LessonAt,
    date: &'a str,
    n: &'a str,
    student: &'a str,
    value: &'a str,
) -> Vec<&'a str> {
    vec!["mark", &at.class, &at.subject, date, n, student, value]
}

fn sync_report(dev: &Device) -> Value {
    let r = dev.json(&["sync"]);
    assert_eq!(
        r["converged"], true,
        "{} sync did not converge: {r}",
        dev.name
    );
    r
}

fn pending(dev: &Device) -> u64 {
    dev.status()["pending"].as_u64().expect("status.pending")
}

/// Scenario a: two teachers mark offline; after the server is back and both sync, the parent
/// sees exactly those marks with the weighted averages the journal implies.
#[test]
fn offline_marking_reaches_the_parent() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(&tmp.path().join("server"));
    let url = server.url();
    let math = Device::new(tmp.path(), "dev-teacher");
    let russian = Device::new(tmp.path(), "dev-teacher2");
    math.login(&url, "teacher");
    russian.login(&url, "teacher2");
    math.sync();
    russian.sync();
    let (child, child_name) = child_in_class(&server);
    let m = lesson_in_class(&math, None);
    let r = lesson_in_class(&russian, None);
    assert_ne!(
        m.subject, r.subject,
        "the two teachers teach different subjects"
    );
    let classmate = other_student(&grid(&math, CLASS, &m.subject), &child);
    // Marks the demo history already has on those days (none when the lessons are ahead).
    let history_on = |dev: &Device, at: &LessonAt| -> Vec<Mark> {
        let all = grid_marks(&grid(dev, CLASS, &at.subject), &child);
        all.into_iter()
            .filter(|x| x.date == at.date_arg())
            .collect()
    };
    let mut mine_math = history_on(&math, &m);
    let mut mine_russian = history_on(&russian, &r);

    // Offline from here.
    server.stop();
    let (md, mn, rd, rn) = (m.date_arg(), m.number_arg(), r.date_arg(), r.number_arg());
    let saved = math
        .run(
            &[
                &mark_args(&m, &md, &mn, &child, "5")[..],
                &["--kind", "test", "--weight", "3", "--json"],
            ]
            .concat(),
        )
        .ok()
        .json();
    assert!(saved["change"].is_string(), "a mark is a change: {saved}");
    mine_math.push(Mark::new(m.date, "5", "test", 3, ""));
    math.ok(&[
        &mark_args(&m, &md, &mn, &child, "4")[..],
        &["--kind", "answer"],
    ]
    .concat());
    mine_math.push(Mark::new(m.date, "4", "answer", 1, ""));
    math.ok(&["attendance", CLASS, &m.subject, &md, &mn, &classmate, "Н"]);
    russian.ok(&[
        &mark_args(&r, &rd, &rn, &child, "3")[..],
        &["--kind", "dictation"],
    ]
    .concat());
    mine_russian.push(Mark::new(r.date, "3", "dictation", 2, ""));
    russian.ok(&["attendance", CLASS, &r.subject, &rd, &rn, &child, "ОП"]);

    // Offline: sync says so (exit 3) and keeps the work.
    math.run(&["sync"]).code(3);
    let st = math.status();
    assert_eq!(st["state"], "offline", "status while offline: {st}");
    assert_eq!(st["pending"], 3, "three writes wait: {st}");
    assert_eq!(pending(&russian), 2);

    // The server comes back on the same address and data; both devices sync.
    server.restart();
    for dev in [&math, &russian] {
        let rep = sync_report(dev);
        assert_eq!(
            rep["rejections"].as_array().map(Vec::len),
            Some(0),
            "{}: {rep}",
            dev.name
        );
        assert_eq!(rep["pending"], 0, "{}: {rep}", dev.name);
        assert!(
            rep["rounds"].as_u64().unwrap_or(99) <= 4,
            "{}: too many rounds {rep}",
            dev.name
        );
    }

    // Each teacher sees the other's work too (both are staff of 5А), after one more sync.
    math.sync();
    let math_grid = grid(&russian, CLASS, &m.subject);
    let russian_grid = grid(&math, CLASS, &r.subject);
    assert_eq!(
        grid_attendance(&math_grid, &classmate, &m.lesson).as_deref(),
        Some("Н")
    );
    assert_eq!(
        grid_attendance(&russian_grid, &child, &r.lesson).as_deref(),
        Some("ОП")
    );

    // The parent's phone.
    let parent = Device::new(tmp.path(), "dev-parent");
    parent.login(&server.url(), "parent");
    assert!(
        children(&parent).iter().any(|(id, ..)| *id == child),
        "children lists {child_name}"
    );
    let view = parent.json(&["summary", &child]);
    assert_eq!(view["offline"], false, "fresh summary: {view}");
    assert_eq!(view["summary"]["student"], child.as_str());
    for (at, g, mine) in [
        (&m, &math_grid, &mine_math),
        (&r, &russian_grid, &mine_russian),
    ] {
        let subject = summary_subject(&view, &at.subject)
            .unwrap_or_else(|| panic!("summary has no {}: {view}", at.subject));
        let shown = summary_marks(subject);
        let journal = grid_marks(g, &child);
        assert_eq!(
            shown, journal,
            "{}: the parent sees exactly the journal's marks",
            at.subject
        );
        let on_day: Vec<Mark> = shown
            .iter()
            .filter(|x| x.date == at.date_arg())
            .cloned()
            .collect();
        let mut want = mine.clone();
        want.sort();
        assert_eq!(
            on_day, want,
            "{}: the marks given offline on {}",
            at.subject, at.date
        );
        let avg = expected_average(&journal);
        assert!(avg.is_some());
        assert_eq!(
            subject["average_centi"].as_u64().map(|x| x as u32),
            avg,
            "{} average",
            at.subject
        );
        assert_eq!(
            grid_row(g, &child)["average_centi"]
                .as_u64()
                .map(|x| x as u32),
            avg
        );
    }
    let late = view["summary"]["attendance"].as_array().is_some_and(|a| {
        a.iter().any(|e| {
            e["date"] == r.date_arg()
                && e["number"] == r.number
                && e["subject"] == r.subject.as_str()
                && e["code"] == "ОП"
        })
    });
    assert!(
        late,
        "the parent sees the «ОП» given offline: {}",
        view["summary"]["attendance"]
    );
}

/// Scenario b: a change to a journal the teacher does not keep is refused by the server with a
/// reason the device shows; the legitimate change of the same sync is kept.
#[test]
fn foreign_journal_change_is_rejected_and_the_rest_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(&tmp.path().join("server"));
    let url = server.url();
    let math = Device::new(tmp.path(), "dev-teacher");
    let russian = Device::new(tmp.path(), "dev-teacher2");
    math.login(&url, "teacher");
    russian.login(&url, "teacher2");
    let (child, _) = child_in_class(&server);
    let m = lesson_in_class(&math, None);
    let r = lesson_in_class(&russian, None);
    let (md, mn, rd, rn) = (m.date_arg(), m.number_arg(), r.date_arg(), r.number_arg());

    // The CLI itself refuses: the teacher does not keep the Russian-language journal.
    let refused = math
        .run(&["mark", CLASS, &r.subject, &rd, &rn, &child, "2"])
        .code(2);
    assert!(
        !refused.stderr.trim().is_empty(),
        "the refusal says why: {refused}"
    );
    assert_eq!(pending(&math), 0, "nothing was written");

    server.stop();
    math.ok(&[
        &mark_args(&m, &md, &mn, &child, "5")[..],
        &["--comment", "e2e legit"],
    ]
    .concat());
    // A modified or outdated app writes past the device check.
    let forged = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson: LessonId::from_str(&r.lesson).expect("lesson id"),
        student: StudentId::from_str(&child).expect("student id"),
        value: MarkValue::Points(2),
        kind: "answer".into(),
        weight: 1,
        comment: "e2e forged".into(),
    };
    let journal = DocId::from_str(&r.journal).expect("journal id");
    let hash = forge::write_bypassing_rights(&math.dir, journal, &forged);
    assert_eq!(
        pending(&math),
        2,
        "the legitimate and the forged change wait"
    );

    server.restart();
    let rep = sync_report(&math);
    let rejections = rep["rejections"].as_array().cloned().unwrap_or_default();
    assert!(
        rejections
            .iter()
            .any(|x| x["hash"] == hash.as_str() && x["doc"] == r.journal.as_str()),
        "the forged change is reported as rejected: {rep}"
    );
    assert_eq!(
        rep["pending"], 0,
        "nothing waits after the rejection: {rep}"
    );
    let st = math.status();
    let rejected = st["rejected"].as_array().cloned().unwrap_or_default();
    let entry = rejected
        .iter()
        .find(|x| x["hash"] == hash.as_str())
        .unwrap_or_else(|| panic!("status keeps the rejection: {st}"));
    eprintln!("rejection shown by the device: {entry}");
    assert!(
        !entry["reason"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .is_empty(),
        "with a reason: {entry}"
    );
    assert!(
        !entry["description"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .is_empty(),
        "and what it was: {entry}"
    );
    let own_russian = grid_marks(&grid(&math, CLASS, &r.subject), &child);
    assert!(
        own_russian.iter().all(|x| x.comment != "e2e forged"),
        "the device dropped the refused mark"
    );

    // Another device and the parent see the legitimate mark and not the forged one.
    russian.sync();
    let other_math = grid_marks(&grid(&russian, CLASS, &m.subject), &child);
    assert!(
        other_math
            .iter()
            .any(|x| x.comment == "e2e legit" && x.date == md),
        "legit mark synced"
    );
    let other_russian = grid_marks(&grid(&russian, CLASS, &r.subject), &child);
    assert!(
        other_russian.iter().all(|x| x.comment != "e2e forged"),
        "forged mark not on the server"
    );
    let parent = Device::new(tmp.path(), "dev-parent");
    parent.login(&server.url(), "parent");
    let view = parent.json(&["summary", &child]);
    let has = |subject: &str, comment: &str| {
        summary_subject(&view, subject)
            .is_some_and(|s| summary_marks(s).iter().any(|x| x.comment == comment))
    };
    assert!(
        has(&m.subject, "e2e legit"),
        "the parent sees the legitimate mark: {view}"
    );
    assert!(
        !has(&r.subject, "e2e forged"),
        "the parent does not see the forged mark"
    );
}

/// Scenario c: a parent asking for another child's summary is refused (403), through the CLI
/// (exit code 4) and over HTTP.
#[test]
fn parent_cannot_read_another_child() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let teacher = Device::new(tmp.path(), "dev-teacher");
    teacher.login(&server.url(), "teacher");
    let parent = Device::new(tmp.path(), "dev-parent");
    parent.login(&server.url(), "parent");
    let own: Vec<String> = children(&parent).into_iter().map(|(id, ..)| id).collect();
    assert!(!own.is_empty());
    let g = grid(&teacher, CLASS, "Математика");
    let stranger = g["rows"]
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .filter_map(|r| r["student"].as_str())
                .find(|s| !own.iter().any(|o| o == s))
        })
        .expect("a classmate who is not the parent's child")
        .to_string();

    let run = parent.run(&["summary", &stranger, "--json"]).code(4);
    assert!(!run.stderr.trim().is_empty(), "the CLI says why: {run}");
    parent.json(&["summary", &own[0]]);

    let token = http::token(server.addr, "parent", DEMO_PASSWORD);
    let denied = http::get(
        server.addr,
        &format!("/v1/students/{stranger}/summary"),
        Some(&token),
    );
    assert_eq!(denied.status, 403, "{}", denied.text());
    assert!(
        denied.json()["error"].is_string(),
        "the error body says why: {}",
        denied.text()
    );
    let mine = http::get(
        server.addr,
        &format!("/v1/students/{}/summary", own[0]),
        Some(&token),
    );
    assert_eq!(mine.status, 200, "{}", mine.text());
    let anonymous = http::get(
        server.addr,
        &format!("/v1/students/{}/summary", own[0]),
        None,
    );
    assert_eq!(anonymous.status, 401, "{}", anonymous.text());
}

/// Scenario d: a device revoked from another device of the same user gets 401 (exit code 4).
#[test]
fn revoked_device_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let a = Device::new(tmp.path(), "dev-a");
    let b = Device::new(tmp.path(), "dev-b");
    a.login(&server.url(), "teacher");
    b.login(&server.url(), "teacher");
    let b_id = b.status()["device"]
        .as_str()
        .expect("device id in status")
        .to_string();
    let list = a.json(&["devices"]);
    let listed = list["devices"]
        .as_array()
        .is_some_and(|d| d.iter().any(|x| x["id"] == b_id.as_str()));
    assert!(
        listed,
        "device list of the user shows the other device: {list}"
    );
    a.ok(&["revoke", &b_id]);

    let refused = b.run(&["sync"]).code(4);
    assert!(!refused.stderr.trim().is_empty(), "{refused}");
    a.sync();
    let list = a.json(&["devices"]);
    let revoked = list["devices"]
        .as_array()
        .and_then(|d| d.iter().find(|x| x["id"] == b_id.as_str()))
        .map(|x| !x["revoked"].is_null())
        .unwrap_or(false);
    assert!(revoked, "the list marks it revoked: {list}");
}

fn doc_heads(server: &Server, token: &str) -> BTreeMap<String, Value> {
    let r = http::get(server.addr, "/v1/docs", Some(token));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or_default().to_string(),
                d["heads"].clone(),
            )
        })
        .collect()
}

/// Scenario e: a malformed and an oversized sync body are refused (400, 413) and change none
/// of the server's documents.
#[test]
fn malformed_and_oversized_sync_bodies_change_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(&tmp.path().join("server"));
    let token = http::token(server.addr, "teacher", DEMO_PASSWORD);
    let before = doc_heads(&server, &token);
    assert!(!before.is_empty());
    let sync = |body: &[u8]| {
        http::send(
            server.addr,
            &http::Request {
                method: "POST",
                path: "/v1/sync",
                token: Some(&token),
                content_type: Some(zvonok_core::wire::SYNC_CONTENT_TYPE),
                body,
                ..Default::default()
            },
        )
        .expect("POST /v1/sync")
    };
    for body in [
        &b"GET / HTTP/1.1"[..],
        b"ZVK\x01\xff\xff\xff\xff",
        b"ZVK\x01\x01\x00\x00\x00garbage",
        b"",
    ] {
        let r = sync(body);
        assert_eq!(r.status, 400, "body {body:?}: {}", r.text());
        assert!(
            r.json()["error"].is_string(),
            "the error says why: {}",
            r.text()
        );
    }
    // A well-formed request for a document with a garbage Automerge message.
    let doc = DocId::from_str(before.keys().next().expect("a doc")).expect("doc id");
    let bad_msg = zvonok_core::wire::SyncRequest {
        entries: vec![zvonok_core::wire::SyncEntry {
            doc,
            heads: vec![],
            message: Some(vec![0x42; 64]),
        }],
    };
    let r = sync(&bad_msg.encode());
    assert_eq!(r.status, 400, "garbage sync message: {}", r.text());

    let limit = zvonok_server::config::DEFAULT_MAX_BODY_BYTES;
    let big = http::send_large(
        server.addr,
        &http::Request {
            method: "POST",
            path: "/v1/sync",
            token: Some(&token),
            content_type: Some(zvonok_core::wire::SYNC_CONTENT_TYPE),
            ..Default::default()
        },
        limit + 1024 * 1024,
        0,
    )
    .expect("oversized POST /v1/sync");
    assert_eq!(big.status, 413, "{}", big.text());

    assert!(
        server.is_running(),
        "the server survived:\n{}",
        server.output()
    );
    assert_eq!(doc_heads(&server, &token), before, "no document changed");
    // And it still serves a real device.
    let dev = Device::new(tmp.path(), "dev-teacher");
    dev.login(&server.url(), "teacher");
}
