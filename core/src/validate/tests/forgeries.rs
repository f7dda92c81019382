//! Every forgery named in the issue, one test each: refused with its kind, the server's
//! document unchanged.

use automerge::transaction::Transactable;
use automerge::{ObjType, ReadDoc, ROOT};

use super::*;
use crate::error::RefusalKind as K;

fn roster_forgery(edit: impl FnOnce(&World, &mut AutoCommit), want: K) {
    let w = World::new();
    let mut server = w.doc(DocKind::Roster);
    let mut dev = device(&mut server);
    edit(&w, &mut dev);
    dev.commit();
    refused(DocKind::Roster, &mut server, &mut dev, &w.cx(), want);
}

fn first_student(r: &RosterData) -> StudentId {
    *r.students.keys().next().expect("student")
}

fn first_guardian(r: &RosterData) -> GuardianId {
    *r.guardians.keys().next().expect("guardian")
}

#[test]
fn a_link_to_a_student_of_another_class_is_refused() {
    roster_forgery(
        |w, d| {
            let links = map_at(d, &["links"]);
            let key = format!("{}/{}", first_guardian(&w.a), first_student(&w.b));
            d.put(&links, key, true).expect("put");
        },
        K::NotOnRoster,
    );
}

#[test]
fn a_link_from_a_guardian_of_another_class_is_refused() {
    roster_forgery(
        |w, d| {
            let links = map_at(d, &["links"]);
            let key = format!("{}/{}", first_guardian(&w.b), first_student(&w.a));
            d.put(&links, key, true).expect("put");
        },
        K::NotOnRoster,
    );
}

#[test]
fn a_link_key_that_is_not_two_ids_is_refused() {
    roster_forgery(
        |_, d| {
            let links = map_at(d, &["links"]);
            d.put(&links, "всех/ко всем", true).expect("put");
        },
        K::UnknownId,
    );
}

#[test]
fn deleting_a_student_or_a_guardian_is_refused() {
    roster_forgery(
        |w, d| {
            let s = map_at(d, &["students"]);
            d.delete(&s, first_student(&w.a).to_string()).expect("del");
        },
        K::Deletion,
    );
    roster_forgery(
        |w, d| {
            let g = map_at(d, &["guardians"]);
            d.delete(&g, first_guardian(&w.a).to_string()).expect("del");
        },
        K::Deletion,
    );
}

#[test]
fn replacing_a_student_with_a_new_object_is_refused() {
    roster_forgery(
        |w, d| {
            let s = map_at(d, &["students"]);
            let o = d
                .put_object(&s, first_student(&w.a).to_string(), ObjType::Map)
                .expect("obj");
            d.put(&o, "last", "Другая").expect("last");
            d.put(&o, "first", "Ученица").expect("first");
        },
        K::Deletion,
    );
}

#[test]
fn flipping_active_is_the_servers() {
    roster_forgery(
        |w, d| {
            let o = map_at(d, &["students", &first_student(&w.a).to_string()]);
            d.put(&o, "active", false).expect("active");
        },
        K::ServerOnlyField,
    );
}

#[test]
fn a_new_student_comes_active() {
    roster_forgery(
        |_, d| {
            let s = map_at(d, &["students"]);
            let o = d
                .put_object(&s, StudentId::new().to_string(), ObjType::Map)
                .expect("obj");
            d.put(&o, "last", "Новая").expect("last");
            d.put(&o, "first", "Нина").expect("first");
            d.put(&o, "active", false).expect("active");
        },
        K::ServerOnlyField,
    );
}

#[test]
fn a_membership_of_an_unknown_group_or_another_class_is_refused() {
    roster_forgery(
        |w, d| {
            let g = map_at(d, &["groups"]);
            d.put(
                &g,
                format!("{}/{}", GroupId::new(), first_student(&w.a)),
                true,
            )
            .expect("put");
        },
        K::UnknownId,
    );
    roster_forgery(
        |w, d| {
            let g = map_at(d, &["groups"]);
            d.put(&g, format!("{}/{}", w.group_b, first_student(&w.a)), true)
                .expect("put");
        },
        K::UnknownId,
    );
    roster_forgery(
        |w, d| {
            let g = map_at(d, &["groups"]);
            d.put(&g, format!("{}/{}", w.group_a, first_student(&w.b)), true)
                .expect("put");
        },
        K::NotOnRoster,
    );
}

#[test]
fn a_blank_or_huge_name_is_refused() {
    roster_forgery(
        |w, d| {
            let o = map_at(d, &["students", &first_student(&w.a).to_string()]);
            d.put(&o, "first", "   ").expect("blank");
        },
        K::Required,
    );
    roster_forgery(
        |w, d| {
            let o = map_at(d, &["students", &first_student(&w.a).to_string()]);
            d.delete(&o, "last").expect("no surname");
        },
        K::Required,
    );
    roster_forgery(
        |w, d| {
            let o = map_at(d, &["guardians", &first_guardian(&w.a).to_string()]);
            d.put(&o, "last", "Я".repeat(2_000_000)).expect("huge");
        },
        K::TooLong,
    );
}

#[test]
fn wrong_types_and_unknown_fields_are_refused() {
    roster_forgery(
        |w, d| {
            let o = map_at(d, &["students", &first_student(&w.a).to_string()]);
            d.put(&o, "last", 42_i64).expect("int");
        },
        K::WrongType,
    );
    roster_forgery(
        |w, d| {
            let o = map_at(d, &["students", &first_student(&w.a).to_string()]);
            d.put(&o, "password", "x").expect("field");
        },
        K::UnknownPath,
    );
    roster_forgery(
        |w, d| {
            let l = map_at(d, &["links"]);
            let key = format!("{}/{}", first_guardian(&w.a), first_student(&w.a));
            d.put_object(&l, key, ObjType::Map).expect("obj");
        },
        K::WrongType,
    );
}

#[test]
fn root_containers_and_meta_are_the_servers() {
    for root in ["students", "guardians", "links", "groups", "meta"] {
        roster_forgery(
            |_, d| {
                d.delete(ROOT, root).expect("del");
            },
            K::RootContainer,
        );
    }
    roster_forgery(
        |_, d| {
            d.put_object(ROOT, "guardians", ObjType::Map)
                .expect("replace");
        },
        K::RootContainer,
    );
    roster_forgery(
        |_, d| {
            d.put_object(ROOT, "extra", ObjType::Map).expect("add");
        },
        K::UnknownPath,
    );
    roster_forgery(
        |_, d| {
            let m = map_at(d, &["meta"]);
            d.put(&m, "class", ClassId::new().to_string())
                .expect("class");
        },
        K::ServerOnlyField,
    );
    roster_forgery(
        |_, d| {
            d.put(ROOT, "kind", "school").expect("kind");
        },
        K::RootContainer,
    );
}

#[test]
fn a_forged_link_gives_no_access_even_if_stored() {
    // A link to a student of another class, written by the server's own writer (as an old
    // forgery may have left it): the rights directory ignores it.
    let w = World::new();
    let mut r = w.a.clone();
    let stranger = first_student(&w.b);
    r.links.push((first_guardian(&w.a), stranger));
    let mut dir = crate::rights::Directory::default();
    r.fill_directory(&mut dir);
    w.b.fill_directory(&mut dir);
    let kids = &dir.children[&first_guardian(&w.a)];
    assert!(!kids.contains(&stranger), "{kids:?}");
    assert!(kids.contains(&first_student(&w.a)));
    // An inactive student's link counts no more.
    let mut left = w.a.clone();
    left.students.values_mut().for_each(|s| s.active = false);
    let mut dir = crate::rights::Directory::default();
    left.fill_directory(&mut dir);
    assert!(dir.children.values().all(|k| k.is_empty()));
}

fn timetable_forgery(edit: impl FnOnce(&World, &mut AutoCommit), want: K) {
    let w = World::new();
    let mut server = w.doc(DocKind::Timetable);
    let mut dev = device(&mut server);
    edit(&w, &mut dev);
    dev.commit();
    refused(DocKind::Timetable, &mut server, &mut dev, &w.cx(), want);
}

fn slot_field(w: &World, d: &mut AutoCommit, key: &str, v: impl Into<automerge::ScalarValue>) {
    let o = map_at(d, &["slots", &w.slot.to_string()]);
    d.put(&o, key, v).expect("put");
}

#[test]
fn timetable_forgeries_are_refused() {
    timetable_forgery(|w, d| slot_field(w, d, "number", -3_i64), K::OutOfRange);
    timetable_forgery(|w, d| slot_field(w, d, "number", 7_i64), K::OutOfRange);
    timetable_forgery(|w, d| slot_field(w, d, "weekday", 6_i64), K::OutOfRange);
    timetable_forgery(|w, d| slot_field(w, d, "weekday", 0_i64), K::OutOfRange);
    timetable_forgery(
        |w, d| slot_field(w, d, "teacher", StaffId::new().to_string()),
        K::UnknownId,
    );
    timetable_forgery(
        |w, d| slot_field(w, d, "subject", SubjectId::new().to_string()),
        K::UnknownId,
    );
    timetable_forgery(
        |w, d| slot_field(w, d, "class", ClassId::new().to_string()),
        K::UnknownId,
    );
    timetable_forgery(
        |w, d| slot_field(w, d, "group", w.group_b.to_string()),
        K::UnknownId,
    );
    timetable_forgery(|w, d| slot_field(w, d, "teacher", "кто-то"), K::UnknownId);
    timetable_forgery(
        |w, d| slot_field(w, d, "room", "к".repeat(100_000)),
        K::TooLong,
    );
    timetable_forgery(|w, d| slot_field(w, d, "room", 5_i64), K::WrongType);
    timetable_forgery(|w, d| slot_field(w, d, "extra", "x"), K::UnknownPath);
    timetable_forgery(
        |_, d| {
            let m = map_at(d, &["meta"]);
            d.put(&m, "year", YearId::new().to_string()).expect("year");
        },
        K::ServerOnlyField,
    );
    timetable_forgery(
        |_, d| {
            d.delete(ROOT, "slots").expect("del");
        },
        K::RootContainer,
    );
    timetable_forgery(
        |_, d| {
            let s = map_at(d, &["slots"]);
            let o = d.put_object(&s, "not-an-id", ObjType::Map).expect("obj");
            d.put(&o, "weekday", 1_i64).expect("w");
        },
        K::UnknownId,
    );
    timetable_forgery(
        |w, d| {
            let s = map_at(d, &["slots"]);
            let o = d
                .put_object(&s, SlotId::new().to_string(), ObjType::Map)
                .expect("obj");
            d.put(&o, "weekday", 1_i64).expect("w");
            d.put(&o, "number", 2_i64).expect("n");
            d.put(&o, "class", w.a.class.to_string()).expect("c");
            d.put(&o, "subject", w.subject.to_string()).expect("s");
        },
        K::Required,
    );
}

fn personal_forgery(edit: impl FnOnce(&World, &mut AutoCommit), want: K) {
    let w = World::new();
    let mut server = w.doc(DocKind::Personal);
    let mut dev = device(&mut server);
    edit(&w, &mut dev);
    dev.commit();
    refused(DocKind::Personal, &mut server, &mut dev, &w.cx(), want);
}

#[test]
fn personal_forgeries_are_refused() {
    personal_forgery(
        |w, d| {
            let s = map_at(d, &["students"]);
            d.put(&s, format!("{}/phone", first_student(&w.b)), "+79120000000")
                .expect("put");
        },
        K::NotOnRoster,
    );
    personal_forgery(
        |w, d| {
            let s = map_at(d, &["guardians"]);
            d.put(&s, format!("{}/email", first_guardian(&w.b)), "a@b.ru")
                .expect("put");
        },
        K::NotOnRoster,
    );
    personal_forgery(
        |w, d| {
            let s = map_at(d, &["students"]);
            d.put(
                &s,
                format!("{}/phone", first_student(&w.a)),
                "позвоните маме",
            )
            .expect("put");
        },
        K::BadValue,
    );
    personal_forgery(
        |w, d| {
            let s = map_at(d, &["students"]);
            d.put(&s, format!("{}/salary", first_student(&w.a)), "1")
                .expect("put");
        },
        K::UnknownPath,
    );
    personal_forgery(
        |w, d| {
            let s = map_at(d, &["students"]);
            d.put(
                &s,
                format!("{}/address", first_student(&w.a)),
                "д".repeat(10_000),
            )
            .expect("put");
        },
        K::TooLong,
    );
    personal_forgery(
        |_, d| {
            d.delete(ROOT, "guardians").expect("del");
        },
        K::RootContainer,
    );
    personal_forgery(
        |_, d| {
            let m = map_at(d, &["meta"]);
            d.put(&m, "class", ClassId::new().to_string()).expect("put");
        },
        K::ServerOnlyField,
    );
}

#[test]
fn other_kinds_keep_their_containers_and_header() {
    for kind in [DocKind::Journal, DocKind::School, DocKind::Movement] {
        let w = World::new();
        for forge in 0..4 {
            let mut server = w.doc(kind);
            let mut dev = device(&mut server);
            let key: String = dev
                .keys(ROOT)
                .find(|k| {
                    dev.get(ROOT, k.as_str())
                        .ok()
                        .flatten()
                        .is_some_and(|(v, _)| v.is_object())
                })
                .expect("a container");
            let want = match forge {
                0 => {
                    dev.delete(ROOT, key.as_str()).expect("del");
                    K::RootContainer
                }
                1 => {
                    dev.put_object(ROOT, key.as_str(), ObjType::Map)
                        .expect("replace");
                    K::RootContainer
                }
                2 => {
                    dev.put_object(ROOT, "backdoor", ObjType::Map).expect("add");
                    K::UnknownPath
                }
                _ => {
                    dev.put(ROOT, "schema", 99_i64).expect("schema");
                    K::RootContainer
                }
            };
            dev.commit();
            refused(kind, &mut server, &mut dev, &w.cx(), want);
        }
    }
}

/// A new slot of class `class` (and `group`) on Monday, lesson 1, the World's teacher and
/// subject in `room`: the World's own slot is there already (class A, room 203).
fn forged_slot(w: &World, d: &mut AutoCommit, class: ClassId, group: Option<GroupId>, room: &str) {
    let s = map_at(d, &["slots"]);
    let o = d
        .put_object(&s, SlotId::new().to_string(), ObjType::Map)
        .expect("obj");
    d.put(&o, "weekday", 1_i64).expect("w");
    d.put(&o, "number", 1_i64).expect("n");
    d.put(&o, "class", class.to_string()).expect("c");
    if let Some(g) = group {
        d.put(&o, "group", g.to_string()).expect("g");
    }
    d.put(&o, "subject", w.subject.to_string()).expect("s");
    d.put(&o, "teacher", w.teacher.to_string()).expect("t");
    d.put(&o, "room", room).expect("r");
}

/// A double booking written by hand is refused by the server as the device refuses it.
#[test]
fn timetable_clashes_are_refused_like_on_the_device() {
    // The teacher in two places (class B at the same time, another room).
    timetable_forgery(|w, d| forged_slot(w, d, w.b.class, None, "301"), K::Rule);
    // Class A twice: its group at the time of a whole-class lesson.
    timetable_forgery(
        |w, d| forged_slot(w, d, w.a.class, Some(w.group_a), ""),
        K::Rule,
    );
    // The World's slot moved onto another lesson's time is refused as well.
    let w = World::new();
    let mut server = w.doc(DocKind::Timetable);
    let mut dev = device(&mut server);
    forged_slot(&w, &mut dev, w.b.class, None, "301");
    let o = map_at(&dev, &["slots", &w.slot.to_string()]);
    dev.put(&o, "number", 2_i64).expect("moved away first");
    dev.commit();
    send(DocKind::Timetable, &mut server, &mut dev, &w.cx()).expect("no clash: moved away");
    let mut dev = device(&mut server);
    let o = map_at(&dev, &["slots", &w.slot.to_string()]);
    dev.put(&o, "number", 1_i64)
        .expect("moved back onto 5Б's lesson");
    dev.commit();
    let err = send(DocKind::Timetable, &mut server, &mut dev, &w.cx()).expect_err("clash");
    assert_eq!(err.refusal_kind(), K::Rule, "{err}");
    assert!(err.to_string().contains("Смирнова А."), "{err}");
    // The device's own check says the same.
    let mut moved = TimetableData::from_doc(&server).expect("t").slots[&w.slot].clone();
    moved.number = 1;
    let op = crate::doc::timetable_ops::TimetableOp::PutSlot { slot: moved };
    let mut dev = device(&mut server);
    let e = crate::doc::timetable_ops::apply(&mut dev, &w.school, &op).expect_err("device");
    assert_eq!(e.to_string(), err.to_string());
}
