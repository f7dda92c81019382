//! Property tests of the journal, the school and the movement document: what the device's
//! validated ops write passes, raw forgeries of their layout are refused with their kind.

use automerge::transaction::Transactable;
use automerge::{ObjType, ReadDoc, ROOT};
use proptest::prelude::*;

use super::*;
use crate::doc::journal::{self, JournalOp};
use crate::doc::school_ops::{self, SchoolOp};
use crate::error::RefusalKind as K;
use crate::marks::{AbsenceCode, MarkValue};

const CASES: u32 = 64;

#[derive(Clone, Debug)]
enum JournalStep {
    Attendance(Option<usize>),
    Mark(u8, usize, u8, String),
    Topic(String),
    Homework(String),
    Final(Option<u8>),
    RemoveLastMark,
}

fn journal_step() -> impl Strategy<Value = JournalStep> {
    prop_oneof![
        prop::option::of(0_usize..4).prop_map(JournalStep::Attendance),
        (1_u8..=5, 0_usize..4, 0_u8..=6, "[а-я ]{0,40}")
            .prop_map(|(v, k, w, c)| JournalStep::Mark(v, k, w, c)),
        "[А-Яа-я0-9 ]{0,120}".prop_map(JournalStep::Topic),
        "[А-Яа-я0-9 №.]{0,120}".prop_map(JournalStep::Homework),
        prop::option::of(1_u8..=5).prop_map(JournalStep::Final),
        Just(JournalStep::RemoveLastMark),
    ]
}

#[derive(Clone, Debug)]
enum JournalForgery {
    DeleteRoot(usize),
    Meta,
    Student,
    StrangerAttendance,
    BadCode(String),
    HugeTopic(usize),
    NewLesson,
}

fn journal_forgery() -> impl Strategy<Value = JournalForgery> {
    prop_oneof![
        (0_usize..6).prop_map(JournalForgery::DeleteRoot),
        Just(JournalForgery::Meta),
        Just(JournalForgery::Student),
        Just(JournalForgery::StrangerAttendance),
        "[a-z0-9]{1,5}".prop_map(JournalForgery::BadCode),
        (2001_usize..20_000).prop_map(JournalForgery::HugeTopic),
        Just(JournalForgery::NewLesson),
    ]
}

fn school_op() -> impl Strategy<Value = SchoolOp> {
    prop_oneof![
        (
            "[А-Яа-я0-9 №]{0,320}",
            "[А-Я0-9 ]{0,20}",
            "[А-Яа-я0-9 ,.]{0,80}"
        )
            .prop_map(|(name, short_name, address)| SchoolOp::SetCard {
                name,
                short_name,
                address
            }),
        ("[А-Я][а-я]{0,20}", "[а-я]{0,12}").prop_map(|(last, position)| SchoolOp::PutStaff {
            member: StaffMember {
                id: StaffId::new(),
                last_name: last,
                first_name: "Ирина".into(),
                middle_name: String::new(),
                position,
            }
        }),
        ("[А-Я][а-я ]{0,30}", prop::collection::vec(1_u8..=11, 0..4)).prop_map(|(name, grades)| {
            SchoolOp::PutSubject {
                subject: Subject {
                    id: SubjectId::new(),
                    name,
                    grades,
                },
            }
        }),
        (4_u8..=7).prop_map(|days| SchoolOp::SetWeekDays { days }),
    ]
}

/// Deletes, replaces or adds a root container, or rewrites the header.
fn forge_layout(d: &mut AutoCommit, which: usize, root: &str) -> K {
    match which % 4 {
        0 => {
            d.delete(ROOT, root).expect("del");
            K::RootContainer
        }
        1 => {
            d.put_object(ROOT, root, ObjType::Map).expect("replace");
            K::RootContainer
        }
        2 => {
            d.put_object(ROOT, "zz_extra", ObjType::List).expect("add");
            K::UnknownPath
        }
        _ => {
            d.put(ROOT, "kind", "roster").expect("kind");
            K::RootContainer
        }
    }
}

fn containers(d: &AutoCommit) -> Vec<String> {
    d.keys(ROOT)
        .filter(|k| {
            d.get(ROOT, k.as_str())
                .ok()
                .flatten()
                .is_some_and(|(v, _)| v.is_object())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn journal_device_and_server_agree(steps in prop::collection::vec(journal_step(), 1..10)) {
        let (data, lesson, student) = crate::fixtures::tiny_journal();
        let mut server = data.to_doc().expect("journal");
        let mut dev = device(&mut server);
        let mut marks: Vec<MarkId> = Vec::new();
        let perm = JournalPermission::default();
        for step in &steps {
            let op = match step.clone() {
                JournalStep::Attendance(c) => JournalOp::SetAttendance {
                    lesson,
                    student,
                    code: c.map(|i| AbsenceCode::ALL[i]),
                },
                JournalStep::Mark(v, k, weight, comment) => {
                    let id = MarkId::new();
                    marks.push(id);
                    JournalOp::GiveMark {
                        id,
                        lesson,
                        student,
                        value: v.to_string().parse::<MarkValue>().expect("mark"),
                        kind: crate::marks::WORK_KINDS[k % crate::marks::WORK_KINDS.len()]
                            .code
                            .to_string(),
                        weight,
                        comment,
                    }
                }
                JournalStep::Topic(topic) => JournalOp::SetTopic { lesson, topic },
                JournalStep::Homework(homework) => JournalOp::SetHomework { lesson, homework },
                JournalStep::Final(v) => JournalOp::SetFinal {
                    student,
                    value: v.map(|v| v.to_string().parse().expect("mark")),
                },
                JournalStep::RemoveLastMark => match marks.last() {
                    Some(id) => JournalOp::RemoveMark { id: *id },
                    None => continue,
                },
            };
            if journal::apply(&mut dev, &op, perm).is_ok() {
                dev.commit();
            }
        }
        let w = World::new();
        let res = send(DocKind::Journal, &mut server, &mut dev, &w.cx());
        prop_assert!(res.is_ok(), "{:?}", res);
    }

    #[test]
    fn journal_forgeries_are_refused(f in journal_forgery()) {
        let (data, lesson, _) = crate::fixtures::tiny_journal();
        let mut server = data.to_doc().expect("journal");
        let mut dev = device(&mut server);
        let want = match &f {
            JournalForgery::DeleteRoot(i) => {
                let root = ["meta", "students", "lessons", "attendance", "marks", "finals"][*i];
                dev.delete(ROOT, root).expect("del");
                K::RootContainer
            }
            JournalForgery::Meta => {
                let m = map_at(&dev, &["meta"]);
                dev.put(&m, "subject", SubjectId::new().to_string()).expect("put");
                K::ServerOnlyField
            }
            JournalForgery::Student => {
                let s = map_at(&dev, &["students"]);
                let o = dev.put_object(&s, StudentId::new().to_string(), ObjType::Map)
                    .expect("put");
                dev.put(&o, "name", "Чужой").expect("name");
                K::ServerOnlyField
            }
            JournalForgery::StrangerAttendance => {
                let a = map_at(&dev, &["attendance"]);
                dev.put(&a, format!("{lesson}/{}", StudentId::new()), "Н").expect("put");
                K::NotOnRoster
            }
            JournalForgery::BadCode(c) => {
                let a = map_at(&dev, &["attendance"]);
                let s = *data.students.keys().next().expect("s");
                dev.put(&a, format!("{lesson}/{s}"), format!("x{c}")).expect("put");
                K::BadValue
            }
            JournalForgery::HugeTopic(n) => {
                let l = map_at(&dev, &["lessons", &lesson.to_string()]);
                dev.put(&l, "topic", "т".repeat(*n)).expect("put");
                K::TooLong
            }
            JournalForgery::NewLesson => {
                let l = map_at(&dev, &["lessons"]);
                let o = dev.put_object(&l, LessonId::new().to_string(), ObjType::Map)
                    .expect("put");
                dev.put(&o, "topic", "лишний").expect("topic");
                K::Rule
            }
        };
        dev.commit();
        let w = World::new();
        refused(DocKind::Journal, &mut server, &mut dev, &w.cx(), want);
    }

    #[test]
    fn school_device_and_server_agree(ops in prop::collection::vec(school_op(), 1..6)) {
        let w = World::new();
        let mut server = w.doc(DocKind::School);
        let mut dev = device(&mut server);
        for op in &ops {
            if school_ops::check(&dev, op).is_ok() {
                school_ops::apply(&mut dev, op).expect("checked");
                dev.commit();
            }
        }
        let res = send(DocKind::School, &mut server, &mut dev, &w.cx());
        prop_assert!(res.is_ok(), "{:?}", res);
    }

    #[test]
    fn school_and_movement_layout_forgeries_are_refused(
        which in 0_usize..4,
        pick in any::<usize>(),
        movement in any::<bool>(),
    ) {
        let kind = if movement { DocKind::Movement } else { DocKind::School };
        let w = World::new();
        let mut server = w.doc(kind);
        let mut dev = device(&mut server);
        let roots = containers(&dev);
        let root = roots[pick % roots.len()].clone();
        let want = forge_layout(&mut dev, which, &root);
        dev.commit();
        refused(kind, &mut server, &mut dev, &w.cx(), want);
    }
}
