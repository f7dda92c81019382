//! Journal operations on the device and the server's validation of the same changes.

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ObjType, ReadDoc, ROOT};
use zvonok_core::doc::journal::{apply, JournalData, JournalOp, JournalPermission};
use zvonok_core::doc::DocKind;
use zvonok_core::fixtures::tiny_journal;
use zvonok_core::ids::*;
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::validate::{validate_incoming, CheckContext};
use zvonok_core::DomainError;

const NO: JournalPermission = JournalPermission {
    edit_locked: false,
    substitute: None,
};
const LOCK_RIGHT: JournalPermission = JournalPermission {
    edit_locked: true,
    substitute: None,
};

fn device_of(server: &mut AutoCommit) -> AutoCommit {
    server.fork().with_actor(ActorId::random())
}

/// Sends the device's new changes to a copy of the server doc and validates them there.
fn server_check(
    server: &mut AutoCommit,
    device: &mut AutoCommit,
    perm: JournalPermission,
) -> Result<(), DomainError> {
    let before = server.get_heads();
    let mut copy = server.fork();
    copy.apply_changes(device.get_changes(&before)).unwrap();
    let cx = CheckContext {
        perm,
        ..CheckContext::default()
    };
    validate_incoming(DocKind::Journal, &mut copy, &before, &cx)
}

fn give(lesson: LessonId, student: StudentId, v: &str, kind: &str, weight: u8) -> JournalOp {
    JournalOp::GiveMark {
        id: MarkId::new(),
        lesson,
        student,
        value: v.parse().unwrap(),
        kind: kind.into(),
        weight,
        comment: String::new(),
    }
}

#[test]
fn device_ops_are_validated() {
    let (data, lesson, student) = tiny_journal();
    let mut doc = data.to_doc().unwrap();
    let stranger = StudentId::new();
    let cases: Vec<(&str, JournalOp, Result<(), DomainError>)> = vec![
        (
            "attendance",
            JournalOp::SetAttendance {
                lesson,
                student,
                code: Some(AbsenceCode::Ill),
            },
            Ok(()),
        ),
        (
            "clear attendance",
            JournalOp::SetAttendance {
                lesson,
                student,
                code: None,
            },
            Ok(()),
        ),
        (
            "student not in class",
            JournalOp::SetAttendance {
                lesson,
                student: stranger,
                code: Some(AbsenceCode::Absent),
            },
            Err(DomainError::NotInCohort),
        ),
        (
            "unknown lesson",
            JournalOp::SetAttendance {
                lesson: LessonId::new(),
                student,
                code: None,
            },
            Err(DomainError::NoSuchLesson),
        ),
        ("mark", give(lesson, student, "5", "test", 3), Ok(())),
        (
            "weight 0",
            give(lesson, student, "5", "test", 0),
            Err(DomainError::BadWeight(0)),
        ),
        (
            "weight 6",
            give(lesson, student, "4", "answer", 6),
            Err(DomainError::BadWeight(6)),
        ),
        (
            "unknown kind",
            give(lesson, student, "4", "dance", 1),
            Err(DomainError::UnknownWorkKind("dance".into())),
        ),
        (
            "remove unknown mark",
            JournalOp::RemoveMark { id: MarkId::new() },
            Err(DomainError::NoSuchMark),
        ),
        (
            "topic",
            JournalOp::SetTopic {
                lesson,
                topic: "Дроби".into(),
            },
            Ok(()),
        ),
        (
            "topic too long",
            JournalOp::SetTopic {
                lesson,
                topic: "я".repeat(2001),
            },
            Err(DomainError::TooLong(2001, 2000)),
        ),
        (
            "final",
            JournalOp::SetFinal {
                student,
                value: Some(MarkValue::Points(4)),
            },
            Ok(()),
        ),
    ];
    for (name, op, want) in cases {
        let before = doc.get_heads();
        let got = apply(&mut doc, &op, NO);
        assert_eq!(got, want, "{name}");
        if got.is_err() {
            doc.rollback();
            assert_eq!(
                doc.get_heads(),
                before,
                "{name}: a refused op changes nothing"
            );
        } else {
            doc.commit();
        }
    }
    let j = JournalData::from_doc(&doc).unwrap();
    assert_eq!(j.marks.len(), 1);
    assert!(j.attendance.is_empty());
    assert_eq!(j.lessons[&lesson].topic, "Дроби");
    assert_eq!(j.finals[&student], MarkValue::Points(4));
    assert_eq!(j.average_centi(student), Some(500));
}

#[test]
fn locked_period() {
    let (data, lesson, student) = tiny_journal();
    let mut doc = data.to_doc().unwrap();
    apply(&mut doc, &JournalOp::Lock, NO).unwrap();
    doc.commit();
    let op = JournalOp::SetAttendance {
        lesson,
        student,
        code: Some(AbsenceCode::Absent),
    };
    assert!(matches!(
        apply(&mut doc, &op, NO),
        Err(DomainError::PeriodLocked(_))
    ));
    assert!(matches!(
        apply(&mut doc, &JournalOp::Unlock, NO),
        Err(DomainError::PeriodLocked(_))
    ));
    apply(&mut doc, &op, LOCK_RIGHT).unwrap();
    doc.commit();
}

#[test]
fn server_accepts_what_the_device_may_do() {
    let (data, lesson, student) = tiny_journal();
    let mut server = data.to_doc().unwrap();
    let mut dev = device_of(&mut server);
    for op in [
        JournalOp::SetAttendance {
            lesson,
            student,
            code: Some(AbsenceCode::Late),
        },
        give(lesson, student, "4", "answer", 1),
        JournalOp::SetTopic {
            lesson,
            topic: "Десятичные дроби".into(),
        },
        JournalOp::SetHomework {
            lesson,
            homework: "№ 12, 14".into(),
        },
        JournalOp::SetFinal {
            student,
            value: Some(MarkValue::Points(4)),
        },
        JournalOp::Lock,
    ] {
        apply(&mut dev, &op, NO).unwrap();
        dev.commit();
    }
    server_check(&mut server, &mut dev, NO).unwrap();
}

/// Changes a forged client could make with raw Automerge writes; the server must refuse each.
#[test]
fn server_refuses_forged_changes() {
    let (data, lesson, student) = tiny_journal();
    type Forge = Box<dyn Fn(&mut AutoCommit)>;
    let map = |d: &AutoCommit, k: &str| d.get(ROOT, k).unwrap().unwrap().1;
    let cases: Vec<(&str, Forge)> = vec![
        (
            "bad absence code",
            Box::new(move |d| {
                let a = map(d, "attendance");
                d.put(&a, format!("{lesson}/{student}"), "X").unwrap();
            }),
        ),
        (
            "attendance of a stranger",
            Box::new(move |d| {
                let a = map(d, "attendance");
                d.put(&a, format!("{lesson}/{}", StudentId::new()), "Н")
                    .unwrap();
            }),
        ),
        (
            "rename the journal",
            Box::new(move |d| {
                let m = map(d, "meta");
                d.put(&m, "title", "чужой").unwrap();
            }),
        ),
        (
            "add a student",
            Box::new(move |d| {
                let s = map(d, "students");
                let o = d
                    .put_object(&s, StudentId::new().to_string(), ObjType::Map)
                    .unwrap();
                d.put(&o, "name", "Призрак").unwrap();
            }),
        ),
        (
            "invent a lesson",
            Box::new(move |d| {
                let l = map(d, "lessons");
                d.put_object(&l, LessonId::new().to_string(), ObjType::Map)
                    .unwrap();
            }),
        ),
        (
            "move a lesson's date",
            Box::new(move |d| {
                let l = map(d, "lessons");
                let o = d.get(&l, lesson.to_string()).unwrap().unwrap().1;
                d.put(&o, "date", "2030-01-01").unwrap();
            }),
        ),
        (
            "mark weight 9",
            Box::new(move |d| {
                let m = map(d, "marks");
                let o = d
                    .put_object(&m, MarkId::new().to_string(), ObjType::Map)
                    .unwrap();
                for (k, v) in [
                    ("student", student.to_string()),
                    ("lesson", lesson.to_string()),
                    ("value", "5".into()),
                    ("kind", "test".into()),
                    ("comment", String::new()),
                ] {
                    d.put(&o, k, v).unwrap();
                }
                d.put(&o, "weight", 9i64).unwrap();
            }),
        ),
        (
            "mark value 7",
            Box::new(move |d| {
                let m = map(d, "marks");
                let o = d
                    .put_object(&m, MarkId::new().to_string(), ObjType::Map)
                    .unwrap();
                for (k, v) in [
                    ("student", student.to_string()),
                    ("lesson", lesson.to_string()),
                    ("value", "7".into()),
                    ("kind", "test".into()),
                ] {
                    d.put(&o, k, v).unwrap();
                }
                d.put(&o, "weight", 1i64).unwrap();
            }),
        ),
        (
            "final mark for a stranger",
            Box::new(move |d| {
                let f = map(d, "finals");
                d.put(&f, StudentId::new().to_string(), "5").unwrap();
            }),
        ),
        (
            "change the kind",
            Box::new(move |d| {
                d.put(ROOT, "kind", "school").unwrap();
            }),
        ),
        (
            "unknown root key",
            Box::new(move |d| {
                d.put(ROOT, "extra", 1i64).unwrap();
            }),
        ),
    ];
    for (name, forge) in cases {
        let mut server = data.to_doc().unwrap();
        let mut dev = device_of(&mut server);
        forge(&mut dev);
        dev.commit();
        assert!(
            server_check(&mut server, &mut dev, NO).is_err(),
            "{name} must be refused"
        );
    }
}

#[test]
fn server_enforces_the_lock() {
    let (data, lesson, student) = tiny_journal();
    let mut locked = data.clone();
    locked.locked = true;
    let mut server = locked.to_doc().unwrap();
    let mut dev = device_of(&mut server);
    let op = JournalOp::SetAttendance {
        lesson,
        student,
        code: Some(AbsenceCode::Absent),
    };
    apply(&mut dev, &op, LOCK_RIGHT).unwrap();
    dev.commit();
    assert!(matches!(
        server_check(&mut server, &mut dev, NO),
        Err(DomainError::PeriodLocked(_))
    ));
    server_check(&mut server, &mut dev, LOCK_RIGHT).unwrap();

    let mut dev = device_of(&mut server);
    apply(&mut dev, &JournalOp::Unlock, LOCK_RIGHT).unwrap();
    dev.commit();
    assert!(
        server_check(&mut server, &mut dev, NO).is_err(),
        "unlocking needs the right"
    );
}

/// The design brief's failure: two devices give "the first mark" of a student at once. With
/// marks keyed by id, both survive the merge.
#[test]
fn concurrent_first_marks_both_survive() {
    let (data, lesson, student) = tiny_journal();
    let mut server = data.to_doc().unwrap();
    let mut a = device_of(&mut server);
    let mut b = device_of(&mut server);
    apply(&mut a, &give(lesson, student, "5", "answer", 1), NO).unwrap();
    a.commit();
    apply(&mut b, &give(lesson, student, "3", "test", 3), NO).unwrap();
    b.commit();
    a.merge(&mut b).unwrap();
    let j = JournalData::from_doc(&a).unwrap();
    assert_eq!(j.marks.len(), 2);
    assert_eq!(j.average_centi(student), Some(350));
}

/// «осв» is a final mark only: as a final it is kept; as a lesson's mark the device refuses it
/// with the Russian reason, and so does the server when a forged change writes it.
#[test]
fn exempt_only_as_a_final_mark() {
    let (data, lesson, student) = tiny_journal();
    let mut server = data.to_doc().unwrap();
    let mut device = device_of(&mut server);
    let give = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson,
        student,
        value: MarkValue::Exempt,
        kind: "answer".into(),
        weight: 1,
        comment: String::new(),
    };
    let err = apply(&mut device, &give, NO).unwrap_err();
    assert!(err.to_string().contains("только итоговой"), "{err}");

    let final_op = JournalOp::SetFinal {
        student,
        value: Some("освобождён".parse().unwrap()),
    };
    apply(&mut device, &final_op, NO).unwrap();
    device.commit();
    server_check(&mut server, &mut device, NO).unwrap();
    let read = JournalData::from_doc(&device).unwrap();
    assert_eq!(read.finals.get(&student), Some(&MarkValue::Exempt));

    // A mark of 5 edited into «осв» is refused too.
    let id = MarkId::new();
    let mut give5 = give.clone();
    if let JournalOp::GiveMark { id: i, value, .. } = &mut give5 {
        *i = id;
        *value = MarkValue::Points(5);
    }
    apply(&mut device, &give5, NO).unwrap();
    let edit = JournalOp::EditMark {
        id,
        value: MarkValue::Exempt,
        kind: "answer".into(),
        weight: 1,
        comment: String::new(),
    };
    assert!(apply(&mut device, &edit, NO).is_err());

    // A forged change that writes «осв» as a lesson's mark: the server refuses it.
    let mut forged = server.fork().with_actor(ActorId::random());
    let marks = forged.get(ROOT, "marks").unwrap().unwrap().1;
    let m = forged
        .put_object(&marks, MarkId::new().to_string(), ObjType::Map)
        .unwrap();
    forged.put(&m, "student", student.to_string()).unwrap();
    forged.put(&m, "lesson", lesson.to_string()).unwrap();
    forged.put(&m, "value", "осв").unwrap();
    forged.put(&m, "kind", "answer").unwrap();
    forged.put(&m, "weight", 1i64).unwrap();
    forged.put(&m, "comment", "").unwrap();
    forged.commit();
    assert!(server_check(&mut server, &mut forged, NO).is_err());
}
