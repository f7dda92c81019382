use chrono::Weekday;

use super::*;
use crate::fixtures::big_timetable;
use crate::model::Slot;

/// The big school with an empty timetable document, and the big week's slots to enter.
fn empty() -> (SchoolData, AutoCommit, Vec<Slot>) {
    let (school, t) = big_timetable();
    let doc = TimetableData {
        year: t.year,
        slots: Default::default(),
        versions: Default::default(),
        cycle_start: None,
    }
    .to_doc()
    .expect("doc");
    (school, doc, t.slots.into_values().collect())
}

#[test]
fn ops_round_trip_as_json() {
    let (_, _, slots) = empty();
    for op in [
        TimetableOp::PutSlot {
            slot: slots[0].clone(),
        },
        TimetableOp::RemoveSlot { id: slots[1].id },
    ] {
        let json = serde_json::to_string(&op).expect("json");
        assert!(json.starts_with("{\"op\":\""), "{json}");
        let back: TimetableOp = serde_json::from_str(&json).expect("back");
        assert_eq!(back, op);
    }
    let json = serde_json::to_string(&TimetableOp::RemoveSlot { id: slots[1].id }).expect("j");
    assert!(json.contains("\"op\":\"remove_slot\""), "{json}");
}

#[test]
fn put_change_and_remove_slots() {
    let (school, mut doc, slots) = empty();
    for s in &slots[..40] {
        apply(&mut doc, &school, &TimetableOp::PutSlot { slot: s.clone() }).expect("put");
        doc.commit();
    }
    let read = TimetableData::from_doc(&doc).expect("read");
    assert_eq!(read.slots.len(), 40);
    assert_eq!(read.slots[&slots[0].id], slots[0]);

    // A change of the room, trimmed; saving it again writes nothing.
    let mut s = slots[0].clone();
    s.room = "  спортзал ".into();
    let op = TimetableOp::PutSlot { slot: s.clone() };
    apply(&mut doc, &school, &op).expect("room");
    doc.commit();
    let heads = doc.get_heads();
    apply(&mut doc, &school, &op).expect("again");
    assert_eq!(doc.commit(), None, "nothing new");
    assert_eq!(doc.get_heads(), heads);
    let read = TimetableData::from_doc(&doc).expect("read");
    assert_eq!(read.slots[&s.id].room, "спортзал");

    apply(&mut doc, &school, &TimetableOp::RemoveSlot { id: s.id }).expect("remove");
    doc.commit();
    assert_eq!(TimetableData::from_doc(&doc).expect("r").slots.len(), 39);
    let e = apply(&mut doc, &school, &TimetableOp::RemoveSlot { id: s.id }).expect_err("gone");
    assert!(e.to_string().contains("уже удалили"), "{e}");
}

#[test]
fn a_double_booking_is_refused_and_nothing_is_written() {
    let (school, mut doc, slots) = empty();
    let first = slots[0].clone();
    apply(
        &mut doc,
        &school,
        &TimetableOp::PutSlot {
            slot: first.clone(),
        },
    )
    .expect("put");
    doc.commit();
    let heads = doc.get_heads();
    // Another class's lesson with the same teacher at the same time.
    let mut other = slots
        .iter()
        .find(|s| s.cohort != first.cohort && s.teacher == first.teacher)
        .cloned()
        .expect("another lesson of the teacher");
    other.weekday = first.weekday;
    other.number = first.number;
    let e = apply(
        &mut doc,
        &school,
        &TimetableOp::PutSlot {
            slot: other.clone(),
        },
    )
    .expect_err("a teacher in two places");
    assert!(matches!(e, DomainError::Rule(_)), "{e:?}");
    assert!(e.to_string().contains("в это же время"), "{e}");
    assert_eq!(doc.commit(), None);
    assert_eq!(doc.get_heads(), heads);

    // Outside the week (six days: Sunday) and the bells.
    let mut sunday = other.clone();
    sunday.weekday = Weekday::Sun;
    let e = check(&doc, &school, &TimetableOp::PutSlot { slot: sunday }).expect_err("sunday");
    assert!(e.to_string().contains("6-дневная"), "{e}");
    let mut late = other;
    late.number = 9;
    let e = check(&doc, &school, &TimetableOp::PutSlot { slot: late }).expect_err("late");
    assert!(e.to_string().contains("№9"), "{e}");
}

#[test]
fn concurrent_edits_keep_every_slot_and_field() {
    let (school, mut doc, slots) = empty();
    apply(
        &mut doc,
        &school,
        &TimetableOp::PutSlot {
            slot: slots[0].clone(),
        },
    )
    .expect("put");
    doc.commit();
    let mut a = doc.fork().with_actor(automerge::ActorId::random());
    let mut b = doc.fork().with_actor(automerge::ActorId::random());
    apply(
        &mut a,
        &school,
        &TimetableOp::PutSlot {
            slot: slots[1].clone(),
        },
    )
    .expect("a");
    let mut room = slots[0].clone();
    room.room = "301".into();
    apply(&mut a, &school, &TimetableOp::PutSlot { slot: room }).expect("a room");
    a.commit();
    apply(
        &mut b,
        &school,
        &TimetableOp::PutSlot {
            slot: slots[2].clone(),
        },
    )
    .expect("b");
    b.commit();
    a.merge(&mut b).expect("merge");
    let read = TimetableData::from_doc(&a).expect("read");
    assert_eq!(read.slots.len(), 3);
    assert_eq!(read.slots[&slots[0].id].room, "301");
}

/// The big school where `co` (another teacher) may also teach `slot`'s class and subject.
fn with_co_teacher(school: &mut SchoolData, slot: &Slot, co: crate::ids::StaffId) {
    let id = crate::ids::AssignmentId::new();
    school.assignments.insert(
        id,
        crate::model::TeachingAssignment {
            id,
            teacher: co,
            cohort: slot.cohort,
            subject: slot.subject,
            year: school.current_year.unwrap_or_default(),
        },
    );
}

#[test]
fn co_teachers_round_trip_and_are_checked() {
    let (mut school, mut doc, slots) = empty();
    let mut first = slots[0].clone();
    let co = slots
        .iter()
        .map(|s| s.teacher)
        .find(|t| *t != first.teacher)
        .expect("another teacher");
    with_co_teacher(&mut school, &first, co);
    first.co_teachers = vec![co];
    let op = TimetableOp::PutSlot {
        slot: first.clone(),
    };
    let json = serde_json::to_string(&op).expect("json");
    assert!(json.contains("\"co_teachers\":["), "{json}");
    assert_eq!(
        serde_json::from_str::<TimetableOp>(&json).expect("back"),
        op
    );
    apply(&mut doc, &school, &op).expect("two teachers");
    doc.commit();
    let read = TimetableData::from_doc(&doc).expect("read");
    assert_eq!(read.slots[&first.id], first);
    // The whole document written by the server reads back the same too.
    let again = TimetableData::from_doc(&read.to_doc().expect("doc")).expect("read");
    assert_eq!(again.slots[&first.id].co_teachers, vec![co]);

    // The lead named again, or one co-teacher twice: refused, nothing written.
    let heads = doc.get_heads();
    for bad in [vec![first.teacher], vec![co, co]] {
        let mut s = first.clone();
        s.co_teachers = bad;
        let e = apply(&mut doc, &school, &TimetableOp::PutSlot { slot: s }).expect_err("twice");
        assert!(e.to_string().contains("дважды"), "{e}");
    }
    let mut many = first.clone();
    many.co_teachers = (0..4).map(|_| crate::ids::StaffId::new()).collect();
    let e = check(&doc, &school, &TimetableOp::PutSlot { slot: many }).expect_err("five");
    assert!(e.to_string().contains("не больше 4 учителей"), "{e}");
    assert_eq!(doc.get_heads(), heads);

    // The co-teacher's own lesson at the same time is a clash of the co-teacher.
    let mut busy = slots
        .iter()
        .find(|s| s.teacher == co && s.cohort != first.cohort)
        .cloned()
        .expect("a lesson of the co-teacher");
    busy.weekday = first.weekday;
    busy.number = first.number;
    busy.room = "999".into();
    let e = check(&doc, &school, &TimetableOp::PutSlot { slot: busy }).expect_err("clash");
    assert!(e.to_string().contains("в это же время"), "{e}");

    // Back to one teacher: the field goes, the slot reads as before.
    first.co_teachers.clear();
    apply(
        &mut doc,
        &school,
        &TimetableOp::PutSlot {
            slot: first.clone(),
        },
    )
    .expect("one");
    doc.commit();
    let slot_obj = {
        let slots_obj = get_map(&doc, &ROOT, "slots").expect("slots");
        get_map(&doc, &slots_obj, &first.id.to_string()).expect("slot")
    };
    assert_eq!(get_str(&doc, &slot_obj, CO_TEACHERS), None);
    assert_eq!(
        TimetableData::from_doc(&doc).expect("r").slots[&first.id],
        first
    );
}
