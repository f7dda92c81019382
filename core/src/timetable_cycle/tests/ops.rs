//! The document, the coordinator's ops on it, and the server's check of the same writes.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ROOT};

use super::*;
use crate::doc::timetable::upgrade;
use crate::doc::timetable_ops::{apply, TimetableOp};
use crate::doc::DocKind;
use crate::error::DomainError;
use crate::validate::{validate_incoming, CheckContext};

fn device(server: &mut AutoCommit) -> AutoCommit {
    server.fork().with_actor(automerge::ActorId::random())
}

/// Sends what the device wrote to the server's copy, checked as `validate_incoming` checks a
/// sync; the server keeps it only when the check passes.
fn send(s: &S, server: &mut AutoCommit, dev: &mut AutoCommit) -> Result<(), DomainError> {
    let before = server.get_heads();
    let mut fork = server.fork();
    fork.apply_changes(dev.get_changes(&before)).expect("apply");
    let cx = CheckContext {
        school: Some(&s.school),
        ..CheckContext::default()
    };
    validate_incoming(DocKind::Timetable, &mut fork, &before, &cx)?;
    *server = fork;
    Ok(())
}

fn op(s: &S, doc: &mut AutoCommit, op: TimetableOp) -> Result<(), DomainError> {
    let r = apply(doc, &s.school, &op);
    doc.commit();
    r
}

fn read(doc: &AutoCommit) -> TimetableData {
    TimetableData::from_doc(doc).expect("timetable")
}

fn map(doc: &AutoCommit, path: &[&str]) -> automerge::ObjId {
    let mut o = ROOT;
    for k in path {
        o = doc.get(&o, *k).expect("read").expect("present").1;
    }
    o
}

#[test]
fn the_document_keeps_weeks_versions_and_the_cycle() {
    let s = school();
    let mut t = s.timetable(vec![
        s.maths(s.a, Weekday::Mon, 1, SlotWeek::A),
        s.maths(s.a, Weekday::Mon, 2, SlotWeek::B),
    ]);
    t.cycle_start = Some(a_monday());
    let v = version(d(2026, 11, 4), "Со 2 четверти");
    t.versions.insert(v.id, v.clone());
    let mut later = s.maths(s.a, Weekday::Tue, 1, SlotWeek::Every);
    later.version = Some(v.id);
    t.slots.insert(later.id, later);
    let doc = t.to_doc().expect("doc");
    assert_eq!(read(&doc), t);
    // JSON written before weeks and versions reads as every week of the base version.
    let mut json =
        serde_json::to_value(s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every)).expect("json");
    assert!(
        json.get("version").is_none(),
        "the base version is left out"
    );
    json.as_object_mut().expect("object").remove("week");
    let old: Slot = serde_json::from_value(json).expect("old JSON");
    assert_eq!((old.week, old.version), (SlotWeek::Every, None));
    let tt: TimetableData =
        serde_json::from_str(&format!("{{\"year\":\"{}\",\"slots\":{{}}}}", s.year)).expect("old");
    assert!(tt.versions.is_empty() && tt.cycle_start.is_none());
}

#[test]
fn an_old_document_is_upgraded_once_and_reads_the_same() {
    let s = school();
    let t = s.timetable(vec![s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every)]);
    let mut doc = t.to_doc().expect("doc");
    doc.delete(ROOT, "versions").expect("an old document");
    doc.commit();
    assert_eq!(read(&doc), t, "an old document reads as having no versions");
    let e = op(
        &s,
        &mut doc,
        TimetableOp::AddVersion {
            version: version(d(2026, 11, 4), ""),
            copy: false,
        },
    )
    .expect_err("no container yet");
    assert!(e.to_string().contains("Синхронизируйтесь"), "{e}");
    assert!(upgrade(&mut doc).expect("upgrade"));
    assert!(!upgrade(&mut doc).expect("again"));
    doc.commit();
    assert_eq!(read(&doc), t);
}

#[test]
fn a_new_quarter_starts_from_a_copy_of_the_old_one() {
    let s = school();
    let mut server = s.timetable(Vec::new()).to_doc().expect("doc");
    let mut dev = device(&mut server);
    op(
        &s,
        &mut dev,
        TimetableOp::SetCycle {
            start: Some(a_monday()),
        },
    )
    .expect("cycle");
    for slot in [
        s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every),
        s.maths(s.a, Weekday::Tue, 2, SlotWeek::A),
        s.maths(s.b, Weekday::Tue, 2, SlotWeek::B),
    ] {
        op(&s, &mut dev, TimetableOp::PutSlot { slot }).expect("slot");
    }
    send(&s, &mut server, &mut dev).expect("the server takes the base week");
    let v = version(d(2026, 11, 4), "  Со 2 четверти ");
    op(
        &s,
        &mut dev,
        TimetableOp::AddVersion {
            version: v.clone(),
            copy: true,
        },
    )
    .expect("a version with a copy");
    let t = read(&dev);
    assert_eq!(t.versions[&v.id].title, "Со 2 четверти", "trimmed");
    let copied: Vec<&Slot> = t
        .slots
        .values()
        .filter(|x| x.version == Some(v.id))
        .collect();
    assert_eq!(copied.len(), 3);
    let base: Vec<&Slot> = t.slots.values().filter(|x| x.version.is_none()).collect();
    let what = |x: &Slot| {
        (
            x.weekday.number_from_monday(),
            x.number,
            x.cohort,
            x.week,
            x.teacher,
        )
    };
    let mut a: Vec<_> = copied.iter().map(|x| what(x)).collect();
    let mut b: Vec<_> = base.iter().map(|x| what(x)).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same week, new ids");
    send(&s, &mut server, &mut dev).expect("the server takes the version and its copy");
    assert_eq!(read(&server), t);
    // The new version changes on its own: Tuesday's week-A lesson moves to lesson 3.
    let mut moved = copied
        .iter()
        .find(|x| x.week == SlotWeek::A)
        .map(|x| (*x).clone())
        .expect("the A lesson");
    moved.number = 3;
    op(
        &s,
        &mut dev,
        TimetableOp::PutSlot {
            slot: moved.clone(),
        },
    )
    .expect("move");
    send(&s, &mut server, &mut dev).expect("moved");
    let t = read(&server);
    assert_eq!(
        t.slots_on(d(2026, 9, 1)).len(),
        1,
        "week A of the base: Tuesday 2"
    );
    assert_eq!(t.slots_on(d(2026, 9, 1))[0].number, 2);
    let nov: Vec<u8> = t
        .slots_on(d(2026, 11, 10))
        .iter()
        .map(|x| x.number)
        .collect();
    assert_eq!(week_on(&t, d(2026, 11, 10)), Some(SlotWeek::A));
    assert_eq!(nov, vec![3], "week A of the new version");
    // Renamed and moved to another date; a version with lessons is not removed.
    let renamed = TimetableVersion {
        title: "II четверть".into(),
        from: d(2026, 11, 9),
        ..v.clone()
    };
    op(
        &s,
        &mut dev,
        TimetableOp::EditVersion {
            version: renamed.clone(),
        },
    )
    .expect("edit");
    send(&s, &mut server, &mut dev).expect("edited");
    assert_eq!(read(&server).versions[&v.id], renamed);
    let e = op(&s, &mut dev, TimetableOp::RemoveVersion { id: v.id }).expect_err("has lessons");
    assert!(e.to_string().contains("есть уроки (3)"), "{e}");
    // Emptied, it goes; the base stays in force all year again.
    for x in read(&dev)
        .slots
        .values()
        .filter(|x| x.version == Some(v.id))
    {
        op(&s, &mut dev, TimetableOp::RemoveSlot { id: x.id }).expect("remove");
    }
    op(&s, &mut dev, TimetableOp::RemoveVersion { id: v.id }).expect("empty: removed");
    send(&s, &mut server, &mut dev).expect("removed");
    let t = read(&server);
    assert!(t.versions.is_empty());
    assert_eq!(t.slots.len(), 3);
    let e = op(&s, &mut dev, TimetableOp::RemoveVersion { id: v.id }).expect_err("gone");
    assert!(e.to_string().contains("Такого расписания нет"), "{e}");
}

#[test]
fn copying_a_version_with_known_problems_is_allowed_but_a_new_clash_is_not() {
    let s = school();
    // A known problem: Белова teaches mathematics without an assignment.
    let mut t = s.timetable(vec![Slot {
        teacher: s.belova,
        ..s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every)
    }]);
    let b = s.maths(s.b, Weekday::Mon, 1, SlotWeek::Every);
    t.slots.insert(b.id, b);
    assert_eq!(problems(&s.school, &t).len(), 1);
    let mut doc = t.to_doc().expect("doc");
    let v = version(d(2026, 11, 4), "");
    op(
        &s,
        &mut doc,
        TimetableOp::AddVersion {
            version: v.clone(),
            copy: true,
        },
    )
    .expect("the known problem comes along");
    assert_eq!(problems(&s.school, &read(&doc)).len(), 2);
    // A new clash in the new version is refused.
    let clash = Slot {
        version: Some(v.id),
        ..s.maths(s.b, Weekday::Mon, 1, SlotWeek::Every)
    };
    let e = op(&s, &mut doc, TimetableOp::PutSlot { slot: clash }).expect_err("a clash");
    assert!(e.to_string().contains("Перенесите"), "{e}");
}

#[test]
fn versions_outside_the_year_or_on_a_taken_date_are_refused() {
    let s = school();
    let mut doc = s.timetable(Vec::new()).to_doc().expect("doc");
    for from in [d(2026, 9, 1), d(2026, 8, 1), d(2027, 6, 1)] {
        let e = op(
            &s,
            &mut doc,
            TimetableOp::AddVersion {
                version: version(from, ""),
                copy: false,
            },
        )
        .expect_err("outside the year");
        assert!(
            e.to_string().contains("внутри учебного года 2026/2027"),
            "{e}"
        );
    }
    let v = version(d(2026, 11, 4), "Со 2 четверти");
    op(
        &s,
        &mut doc,
        TimetableOp::AddVersion {
            version: v.clone(),
            copy: false,
        },
    )
    .expect("ok");
    let e = op(
        &s,
        &mut doc,
        TimetableOp::AddVersion {
            version: version(d(2026, 11, 4), ""),
            copy: false,
        },
    )
    .expect_err("the same date");
    assert!(
        e.to_string().contains("уже действует «Со 2 четверти»"),
        "{e}"
    );
    let e = op(
        &s,
        &mut doc,
        TimetableOp::AddVersion {
            version: v.clone(),
            copy: false,
        },
    )
    .expect_err("twice");
    assert!(e.to_string().contains("уже добавлено"), "{e}");
    let long = TimetableVersion {
        title: "я".repeat(MAX_VERSION_TITLE + 1),
        ..v
    };
    let e = op(&s, &mut doc, TimetableOp::EditVersion { version: long }).expect_err("long");
    assert!(e.to_string().contains("Сократите"), "{e}");
}

#[test]
fn weeks_need_a_cycle_and_the_cycle_a_monday() {
    let s = school();
    let mut doc = s.timetable(Vec::new()).to_doc().expect("doc");
    let a = s.maths(s.a, Weekday::Mon, 1, SlotWeek::A);
    let e = op(&s, &mut doc, TimetableOp::PutSlot { slot: a.clone() }).expect_err("no cycle");
    assert!(
        e.to_string().contains("чередование недель А/Б не включено"),
        "{e}"
    );
    let e = op(
        &s,
        &mut doc,
        TimetableOp::SetCycle {
            start: Some(d(2026, 9, 1)),
        },
    )
    .expect_err("a Tuesday");
    assert!(e.to_string().contains("Выберите понедельник"), "{e}");
    op(
        &s,
        &mut doc,
        TimetableOp::SetCycle {
            start: Some(a_monday()),
        },
    )
    .expect("cycle");
    op(&s, &mut doc, TimetableOp::PutSlot { slot: a.clone() }).expect("week A");
    let e = op(&s, &mut doc, TimetableOp::SetCycle { start: None }).expect_err("A lessons");
    assert!(e.to_string().contains("неделе А"), "{e}");
    // Back to every week: the cycle may end.
    let every = Slot {
        week: SlotWeek::Every,
        ..a.clone()
    };
    op(&s, &mut doc, TimetableOp::PutSlot { slot: every }).expect("every week");
    assert!(doc
        .get(map(&doc, &["slots", &a.id.to_string()]), "week")
        .expect("r")
        .is_none());
    op(&s, &mut doc, TimetableOp::SetCycle { start: None }).expect("no cycle");
    assert_eq!(read(&doc).cycle_start, None);
    let mut ghost = s.maths(s.a, Weekday::Tue, 1, SlotWeek::Every);
    ghost.version = Some(TimetableVersionId::new());
    let e = op(&s, &mut doc, TimetableOp::PutSlot { slot: ghost }).expect_err("no version");
    assert!(e.to_string().contains("которого нет"), "{e}");
}

#[test]
fn ops_round_trip_as_json() {
    for op in [
        TimetableOp::AddVersion {
            version: version(d(2026, 11, 4), "Со 2 четверти"),
            copy: true,
        },
        TimetableOp::EditVersion {
            version: version(d(2026, 11, 4), ""),
        },
        TimetableOp::RemoveVersion {
            id: TimetableVersionId::new(),
        },
        TimetableOp::SetCycle {
            start: Some(d(2026, 8, 31)),
        },
        TimetableOp::SetCycle { start: None },
    ] {
        let json = serde_json::to_string(&op).expect("json");
        assert_eq!(
            serde_json::from_str::<TimetableOp>(&json).expect("back"),
            op
        );
    }
    let json = r#"{"op":"add_version","version":{"id":"0190f2a0-0000-7000-8000-000000000001","from":"2026-11-04"}}"#;
    let back: TimetableOp = serde_json::from_str(json).expect("copy and title default");
    assert!(matches!(back, TimetableOp::AddVersion { copy: false, .. }));
    let json = r#"{"op":"set_cycle","start":"2026-08-31"}"#;
    assert!(serde_json::from_str::<TimetableOp>(json).is_ok());
}

/// What the device refuses, the server refuses with the same words when a forged change
/// writes it anyway.
#[test]
fn the_server_refuses_what_the_device_refuses_with_the_same_message() {
    let s = school();
    let base = s.maths(s.a, Weekday::Mon, 1, SlotWeek::Every);
    let mut t = s.timetable(vec![base.clone()]);
    let v = version(d(2026, 11, 4), "Со 2 четверти");
    t.versions.insert(v.id, v.clone());
    let mut in_v = s.maths(s.a, Weekday::Tue, 1, SlotWeek::Every);
    in_v.version = Some(v.id);
    t.slots.insert(in_v.id, in_v.clone());
    let mut server = t.to_doc().expect("doc");
    let words = |e: DomainError| e.to_string();

    // 1. A week-A slot without a cycle.
    let mut dev = device(&mut server);
    let o = map(&dev, &["slots", &base.id.to_string()]);
    dev.put(&o, "week", 1_i64).expect("put");
    dev.commit();
    let server_says = words(send(&s, &mut server, &mut dev).expect_err("refused"));
    let mut dev2 = device(&mut server);
    let device_says = words(
        op(
            &s,
            &mut dev2,
            TimetableOp::PutSlot {
                slot: Slot {
                    week: SlotWeek::A,
                    ..base.clone()
                },
            },
        )
        .expect_err("refused"),
    );
    assert_eq!(server_says, device_says);

    // 2. A cycle from a Tuesday, and a cycle that is not a date.
    for (value, same) in [("2026-09-01", true), ("1 сентября", false)] {
        let mut dev = device(&mut server);
        dev.put(ROOT, "cycle_start", value).expect("put");
        dev.commit();
        let server_says = words(send(&s, &mut server, &mut dev).expect_err("refused"));
        if same {
            let mut dev2 = device(&mut server);
            let device_says = words(
                op(
                    &s,
                    &mut dev2,
                    TimetableOp::SetCycle {
                        start: Some(d(2026, 9, 1)),
                    },
                )
                .expect_err("refused"),
            );
            assert_eq!(server_says, device_says);
        } else {
            assert!(server_says.contains("ГГГГ-ММ-ДД"), "{server_says}");
        }
    }

    // 3. A version removed while it has a slot.
    let mut dev = device(&mut server);
    let versions = map(&dev, &["versions"]);
    dev.delete(&versions, v.id.to_string()).expect("delete");
    dev.commit();
    let server_says = words(send(&s, &mut server, &mut dev).expect_err("refused"));
    let mut dev2 = device(&mut server);
    let device_says =
        words(op(&s, &mut dev2, TimetableOp::RemoveVersion { id: v.id }).expect_err("refused"));
    assert_eq!(server_says, device_says);

    // 4. A version from the first day of the year, one on a taken date, one not a date.
    for (from, same) in [("2026-09-01", true), ("2026-11-04", true), ("потом", false)] {
        let mut dev = device(&mut server);
        let versions = map(&dev, &["versions"]);
        let id = TimetableVersionId::new();
        let o = dev
            .put_object(&versions, id.to_string(), ObjType::Map)
            .expect("version");
        dev.put(&o, "from", from).expect("from");
        dev.commit();
        let server_says = words(send(&s, &mut server, &mut dev).expect_err("refused"));
        if same {
            let from = NaiveDate::parse_from_str(from, "%Y-%m-%d").expect("date");
            let mut dev2 = device(&mut server);
            let device_says = words(
                op(
                    &s,
                    &mut dev2,
                    TimetableOp::AddVersion {
                        version: TimetableVersion {
                            id,
                            from,
                            title: String::new(),
                        },
                        copy: false,
                    },
                )
                .expect_err("refused"),
            );
            assert_eq!(server_says, device_says);
        }
    }

    // 5. A slot of a version that does not exist; a week that is not A or B.
    let mut dev = device(&mut server);
    let o = map(&dev, &["slots", &base.id.to_string()]);
    dev.put(&o, "version", TimetableVersionId::new().to_string())
        .expect("put");
    dev.commit();
    let e = words(send(&s, &mut server, &mut dev).expect_err("refused"));
    assert!(e.contains("которого нет"), "{e}");
    let mut dev = device(&mut server);
    let o = map(&dev, &["slots", &base.id.to_string()]);
    dev.put(&o, "week", 3_i64).expect("put");
    dev.commit();
    send(&s, &mut server, &mut dev).expect_err("week 3");

    // Nothing refused reached the server; what the device may do, it takes.
    assert_eq!(read(&server), t);
    let mut dev = device(&mut server);
    op(
        &s,
        &mut dev,
        TimetableOp::SetCycle {
            start: Some(a_monday()),
        },
    )
    .expect("cycle");
    op(
        &s,
        &mut dev,
        TimetableOp::PutSlot {
            slot: Slot {
                week: SlotWeek::B,
                ..base.clone()
            },
        },
    )
    .expect("week B");
    op(
        &s,
        &mut dev,
        TimetableOp::AddVersion {
            version: version(d(2027, 1, 11), "III четверть"),
            copy: true,
        },
    )
    .expect("a third version");
    send(&s, &mut server, &mut dev).expect("taken");
    assert_eq!(read(&server), read(&dev));
}
