//! A slot's co-teachers as a device writes them: known staff with the assignment pass; an
//! unknown teacher, the lead named again, a value that is not a list of ids, or too many are
//! refused and leave the server's document unchanged.

use automerge::transaction::Transactable;

use super::*;
use crate::error::RefusalKind as K;

/// The world with a second teacher, Белова, who also teaches the subject in class A.
fn with_belova() -> (World, StaffId) {
    let mut w = World::new();
    let belova = StaffId::new();
    let mut m = w.school.staff[&w.teacher].clone();
    m.id = belova;
    m.last_name = "Белова".into();
    w.school.staff.insert(belova, m);
    let id = AssignmentId::new();
    w.school.assignments.insert(
        id,
        TeachingAssignment {
            id,
            teacher: belova,
            cohort: Cohort::Class(w.a.class),
            subject: w.subject,
            year: w.school.current_year.unwrap_or_default(),
        },
    );
    (w, belova)
}

/// The device writes `value` as the co-teachers of the world's slot.
fn write(w: &World, server: &mut AutoCommit, value: &str) -> AutoCommit {
    let mut dev = device(server);
    let slot = map_at(&dev, &["slots", &w.slot.to_string()]);
    dev.put(&slot, "co_teachers", value).expect("put");
    dev.commit();
    dev
}

#[test]
fn a_known_co_teacher_with_the_assignment_is_stored() {
    let (w, belova) = with_belova();
    let mut server = w.doc(DocKind::Timetable);
    let mut dev = write(&w, &mut server, &belova.to_string());
    send(DocKind::Timetable, &mut server, &mut dev, &w.cx()).expect("two teachers");
    let t = TimetableData::from_doc(&server).expect("read");
    assert_eq!(t.slots[&w.slot].co_teachers, vec![belova]);
}

#[test]
fn an_unknown_co_teacher_is_refused() {
    let (w, _) = with_belova();
    let mut server = w.doc(DocKind::Timetable);
    let mut dev = write(&w, &mut server, &StaffId::new().to_string());
    refused(
        DocKind::Timetable,
        &mut server,
        &mut dev,
        &w.cx(),
        K::UnknownId,
    );
}

#[test]
fn a_co_teacher_without_the_assignment_is_refused_by_the_rules() {
    let (mut w, belova) = with_belova();
    w.school.assignments.retain(|_, a| a.teacher != belova);
    let mut server = w.doc(DocKind::Timetable);
    let mut dev = write(&w, &mut server, &belova.to_string());
    let before = server.get_heads();
    let mut fork = server.fork();
    fork.apply_changes(dev.get_changes(&before)).expect("apply");
    let e = validate_incoming(DocKind::Timetable, &mut fork, &before, &w.cx())
        .expect_err("no assignment");
    assert_eq!(e.refusal_kind(), K::Rule);
    assert!(e.to_string().contains("Белова А. не ведёт"), "{e}");
    refused(DocKind::Timetable, &mut server, &mut dev, &w.cx(), K::Rule);
}

#[test]
fn malformed_co_teachers_are_refused() {
    let (w, belova) = with_belova();
    let five: Vec<String> = (0..4).map(|_| StaffId::new().to_string()).collect();
    for (value, kind) in [
        ("Белова".to_string(), K::UnknownId),
        (format!("{belova},{belova}"), K::BadValue),
        (five.join(","), K::OutOfRange),
        (w.teacher.to_string(), K::BadValue),
    ] {
        let mut server = w.doc(DocKind::Timetable);
        let mut dev = write(&w, &mut server, &value);
        refused(DocKind::Timetable, &mut server, &mut dev, &w.cx(), kind);
    }
}
