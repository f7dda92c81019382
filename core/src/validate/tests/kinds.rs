//! What devices legitimately write passes: edits through the validated ops of each kind, and
//! the rights rules that come with the context.

use automerge::transaction::Transactable;
use automerge::ObjType;

use super::*;
use crate::doc::people_ops::{self, PeopleOp};
use crate::doc::personal::{self, GuardianField, PersonalOp, StudentField};
use crate::error::RefusalKind as K;

#[test]
fn people_ops_pass_the_roster_check() {
    let w = World::new();
    let mut server = w.doc(DocKind::Roster);
    let mut dev = device(&mut server);
    let listed = *w.a.students.keys().next().expect("s");
    let mut renamed = w.a.students[&listed].clone();
    renamed.last_name = "Соколова".into();
    let new = Student {
        id: StudentId::new(),
        last_name: "Новая".into(),
        first_name: "Нина".into(),
        middle_name: "Петровна".into(),
        active: true,
    };
    let g = Guardian {
        id: GuardianId::new(),
        last_name: "Новый".into(),
        first_name: "Пётр".into(),
        middle_name: String::new(),
        relation: "отец".into(),
    };
    for op in [
        PeopleOp::PutStudent { student: renamed },
        PeopleOp::PutStudent {
            student: new.clone(),
        },
        PeopleOp::PutGuardian {
            guardian: g.clone(),
        },
        PeopleOp::Link {
            guardian: g.id,
            student: new.id,
        },
        PeopleOp::Unlink {
            guardian: *w.a.guardians.keys().next().expect("g"),
            student: listed,
        },
    ] {
        people_ops::apply_roster(&mut dev, &op).expect("the device accepts it");
        dev.commit();
    }
    send(DocKind::Roster, &mut server, &mut dev, &w.cx()).expect("the server agrees");
    let r = RosterData::from_doc(&server).expect("roster");
    assert!(r.links.contains(&(g.id, new.id)));
    assert!(r.students[&new.id].active);
}

#[test]
fn entering_people_needs_the_lists_right() {
    let w = World::new();
    let mut server = w.doc(DocKind::Roster);
    let mut dev = device(&mut server);
    let new = Student {
        id: StudentId::new(),
        last_name: "Новая".into(),
        first_name: "Нина".into(),
        middle_name: String::new(),
        active: true,
    };
    people_ops::apply_roster(&mut dev, &PeopleOp::PutStudent { student: new }).expect("op");
    dev.commit();
    let cx = CheckContext {
        may_enter_people: false,
        ..w.cx()
    };
    refused(DocKind::Roster, &mut server, &mut dev, &cx, K::Rule);
    let err = send(DocKind::Roster, &mut server, &mut dev, &cx).expect_err("refused");
    assert!(err.to_string().contains("Ввести списки"), "{err}");
    send(DocKind::Roster, &mut server, &mut dev, &w.cx()).expect("allowed with the right");
}

#[test]
fn group_membership_of_the_class_passes() {
    let w = World::new();
    let mut server = w.doc(DocKind::Roster);
    let mut dev = device(&mut server);
    let g = map_at(&dev, &["groups"]);
    let s = *w.a.students.keys().next().expect("s");
    dev.put(&g, format!("{}/{s}", w.group_a), true)
        .expect("put");
    dev.commit();
    send(DocKind::Roster, &mut server, &mut dev, &w.cx()).expect("a group of the class");
    let mut dev = device(&mut server);
    let g = map_at(&dev, &["groups"]);
    dev.delete(&g, format!("{}/{s}", w.group_a)).expect("leave");
    dev.commit();
    send(DocKind::Roster, &mut server, &mut dev, &w.cx()).expect("leaving a group");
}

#[test]
fn personal_ops_pass_for_people_on_the_roster() {
    let w = World::new();
    let mut server = w.doc(DocKind::Personal);
    let mut dev = device(&mut server);
    let s = *w.a.students.keys().next().expect("s");
    let g = *w.a.guardians.keys().next().expect("g");
    for op in [
        PersonalOp::SetStudentField {
            student: s,
            field: StudentField::Phone,
            value: "8 (912) 000-00-00".into(),
        },
        PersonalOp::SetStudentField {
            student: s,
            field: StudentField::BirthDate,
            value: "01.02.2015".into(),
        },
        PersonalOp::SetGuardianField {
            guardian: g,
            field: GuardianField::Email,
            value: "Olga@Mail.ru".into(),
        },
        PersonalOp::SetStudentField {
            student: s,
            field: StudentField::Phone,
            value: String::new(),
        },
    ] {
        personal::apply(&mut dev, &op).expect("the device accepts it");
        dev.commit();
    }
    send(DocKind::Personal, &mut server, &mut dev, &w.cx()).expect("the server agrees");
    // Without the class's roster the server cannot tell who is listed: refused.
    let mut dev = device(&mut server);
    personal::apply(
        &mut dev,
        &PersonalOp::SetStudentField {
            student: s,
            field: StudentField::Address,
            value: "ул. Ленина, 1".into(),
        },
    )
    .expect("op");
    dev.commit();
    let cx = CheckContext {
        roster: Some(&w.b),
        ..w.cx()
    };
    refused(
        DocKind::Personal,
        &mut server,
        &mut dev,
        &cx,
        K::NotOnRoster,
    );
}

#[test]
fn slot_edits_pass_the_timetable_check() {
    let w = World::new();
    let mut server = w.doc(DocKind::Timetable);
    let mut dev = device(&mut server);
    let slots = map_at(&dev, &["slots"]);
    let o = dev
        .put_object(&slots, SlotId::new().to_string(), ObjType::Map)
        .expect("slot");
    dev.put(&o, "weekday", 5_i64).expect("w");
    dev.put(&o, "number", 6_i64).expect("n");
    dev.put(&o, "class", w.a.class.to_string()).expect("c");
    dev.put(&o, "group", w.group_a.to_string()).expect("g");
    dev.put(&o, "subject", w.subject.to_string()).expect("s");
    dev.put(&o, "teacher", w.teacher.to_string()).expect("t");
    dev.put(&o, "room", "101").expect("r");
    let old = map_at(&dev, &["slots", &w.slot.to_string()]);
    dev.put(&old, "number", 2_i64).expect("move");
    dev.commit();
    send(DocKind::Timetable, &mut server, &mut dev, &w.cx()).expect("new and moved slots");
    let mut dev = device(&mut server);
    let slots = map_at(&dev, &["slots"]);
    dev.delete(&slots, w.slot.to_string()).expect("remove");
    dev.commit();
    send(DocKind::Timetable, &mut server, &mut dev, &w.cx()).expect("a removed slot");
    assert_eq!(TimetableData::from_doc(&server).expect("t").slots.len(), 1);
}

/// The declared layout is the one the server's writers create: every root key of a fresh
/// document is declared, and every declared container exists in it.
#[test]
fn the_schema_matches_what_the_server_creates() {
    use crate::validate::schema::{root_of, roots};
    use automerge::ReadDoc;
    let w = World::new();
    for kind in [
        DocKind::School,
        DocKind::Roster,
        DocKind::Timetable,
        DocKind::Journal,
        DocKind::Personal,
        DocKind::Movement,
    ] {
        let doc = w.doc(kind);
        let keys: Vec<String> = doc.keys(automerge::ROOT).collect();
        for k in &keys {
            assert!(root_of(kind, k).is_some(), "{kind}: undeclared root «{k}»");
        }
        for r in roots(kind) {
            if r.is_container() {
                assert!(keys.iter().any(|k| k == r.key), "{kind}: no «{}»", r.key);
            }
        }
    }
}
