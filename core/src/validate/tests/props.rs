//! Property tests of the roster, personal files and timetable: (a) whatever sequence of edits
//! the device accepts (the timetable's through `TimetableOp`, so with its clash rules), the
//! server accepts too; (b) every raw forgery is refused with its kind and leaves the server's
//! document as it was.

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT};
use proptest::prelude::*;

use super::*;
use crate::doc::people_ops::{self, PeopleOp};
use crate::doc::personal::{self, GuardianField, PersonalOp, StudentField};
use crate::doc::timetable_ops::{self, TimetableOp};
use crate::error::RefusalKind as K;

const CASES: u32 = 64;

fn name() -> impl Strategy<Value = String> {
    // Mostly real names, sometimes blank or past the limit: the device refuses those.
    prop_oneof![
        8 => "[А-ЯЁ][а-яё]{1,15}",
        1 => " {0,3}",
        1 => "[а-я]{95,110}",
    ]
}

#[derive(Clone, Debug)]
enum PeopleStep {
    Rename(usize, String),
    NewStudent(String, String),
    NewGuardian(String, String, String),
    Link(usize, usize),
    Unlink(usize, usize),
}

fn people_step() -> impl Strategy<Value = PeopleStep> {
    prop_oneof![
        (any::<usize>(), name()).prop_map(|(i, n)| PeopleStep::Rename(i, n)),
        (name(), name()).prop_map(|(l, f)| PeopleStep::NewStudent(l, f)),
        (name(), name(), "[а-я]{0,12}").prop_map(|(l, f, r)| PeopleStep::NewGuardian(l, f, r)),
        (any::<usize>(), any::<usize>()).prop_map(|(g, s)| PeopleStep::Link(g, s)),
        (any::<usize>(), any::<usize>()).prop_map(|(g, s)| PeopleStep::Unlink(g, s)),
    ]
}

fn nth<K: Copy, V>(m: &std::collections::BTreeMap<K, V>, i: usize) -> K {
    *m.keys().nth(i % m.len()).expect("non-empty")
}

fn people_op(r: &RosterData, step: &PeopleStep) -> PeopleOp {
    match step.clone() {
        PeopleStep::Rename(i, last) => {
            let mut s = r.students[&nth(&r.students, i)].clone();
            s.last_name = last;
            PeopleOp::PutStudent { student: s }
        }
        PeopleStep::NewStudent(last_name, first_name) => PeopleOp::PutStudent {
            student: Student {
                id: StudentId::new(),
                last_name,
                first_name,
                middle_name: String::new(),
                active: true,
            },
        },
        PeopleStep::NewGuardian(last_name, first_name, relation) => PeopleOp::PutGuardian {
            guardian: Guardian {
                id: GuardianId::new(),
                last_name,
                first_name,
                middle_name: String::new(),
                relation,
            },
        },
        PeopleStep::Link(g, s) => PeopleOp::Link {
            guardian: nth(&r.guardians, g),
            student: nth(&r.students, s),
        },
        PeopleStep::Unlink(g, s) => PeopleOp::Unlink {
            guardian: nth(&r.guardians, g),
            student: nth(&r.students, s),
        },
    }
}

/// A raw forgery of a roster and the refusal it must get.
#[derive(Clone, Debug)]
enum RosterForgery {
    ForeignLink(usize),
    DeleteStudent(usize),
    DeleteGuardian,
    FlipActive(usize),
    UnknownGroup(usize),
    HugeName(usize, usize),
    BlankName(usize, String),
    UnknownField(String),
    WrongType(i64),
    DeleteRoot(usize),
    NewRoot(String),
    Meta,
}

fn roster_forgery() -> impl Strategy<Value = RosterForgery> {
    prop_oneof![
        any::<usize>().prop_map(RosterForgery::ForeignLink),
        any::<usize>().prop_map(RosterForgery::DeleteStudent),
        Just(RosterForgery::DeleteGuardian),
        any::<usize>().prop_map(RosterForgery::FlipActive),
        any::<usize>().prop_map(RosterForgery::UnknownGroup),
        (any::<usize>(), 101_usize..5000).prop_map(|(i, n)| RosterForgery::HugeName(i, n)),
        (any::<usize>(), " {0,5}").prop_map(|(i, s)| RosterForgery::BlankName(i, s)),
        "[a-z]{1,12}"
            .prop_filter("not a field", |k| !["last", "first", "middle", "active"]
                .contains(&k.as_str()))
            .prop_map(RosterForgery::UnknownField),
        any::<i64>().prop_map(RosterForgery::WrongType),
        (0_usize..5).prop_map(RosterForgery::DeleteRoot),
        "[a-z]{1,10}"
            .prop_filter("not a root", |k| super::super::schema::root_of(
                DocKind::Roster,
                k
            )
            .is_none())
            .prop_map(RosterForgery::NewRoot),
        Just(RosterForgery::Meta),
    ]
}

fn forge_roster(w: &World, d: &mut AutoCommit, f: &RosterForgery) -> K {
    let student = |i: usize| nth(&w.a.students, i).to_string();
    match f {
        RosterForgery::ForeignLink(i) => {
            let l = map_at(d, &["links"]);
            let g = nth(&w.a.guardians, 0);
            d.put(&l, format!("{g}/{}", nth(&w.b.students, *i)), true)
                .expect("put");
            K::NotOnRoster
        }
        RosterForgery::DeleteStudent(i) => {
            let s = map_at(d, &["students"]);
            d.delete(&s, student(*i)).expect("del");
            K::Deletion
        }
        RosterForgery::DeleteGuardian => {
            let g = map_at(d, &["guardians"]);
            d.delete(&g, nth(&w.a.guardians, 0).to_string())
                .expect("del");
            K::Deletion
        }
        RosterForgery::FlipActive(i) => {
            let o = map_at(d, &["students", &student(*i)]);
            d.put(&o, "active", false).expect("put");
            K::ServerOnlyField
        }
        RosterForgery::UnknownGroup(i) => {
            let g = map_at(d, &["groups"]);
            let group = if i % 2 == 0 {
                w.group_b
            } else {
                GroupId::new()
            };
            d.put(&g, format!("{group}/{}", student(*i)), true)
                .expect("put");
            K::UnknownId
        }
        RosterForgery::HugeName(i, n) => {
            let o = map_at(d, &["students", &student(*i)]);
            d.put(&o, "middle", "ы".repeat(*n)).expect("put");
            K::TooLong
        }
        RosterForgery::BlankName(i, s) => {
            let o = map_at(d, &["students", &student(*i)]);
            d.put(&o, "last", s.as_str()).expect("put");
            K::Required
        }
        RosterForgery::UnknownField(k) => {
            let o = map_at(d, &["students", &student(0)]);
            d.put(&o, k.as_str(), "x").expect("put");
            K::UnknownPath
        }
        RosterForgery::WrongType(n) => {
            let o = map_at(d, &["guardians", &nth(&w.a.guardians, 0).to_string()]);
            d.put(&o, "first", *n).expect("put");
            K::WrongType
        }
        RosterForgery::DeleteRoot(i) => {
            let root = ["students", "guardians", "links", "groups", "meta"][*i];
            d.delete(ROOT, root).expect("del");
            K::RootContainer
        }
        RosterForgery::NewRoot(k) => {
            d.put_object(ROOT, k.as_str(), ObjType::Map).expect("put");
            K::UnknownPath
        }
        RosterForgery::Meta => {
            let m = map_at(d, &["meta"]);
            d.put(&m, "class", w.b.class.to_string()).expect("put");
            K::ServerOnlyField
        }
    }
}

#[derive(Clone, Debug)]
struct PersonalStep {
    guardian: bool,
    who: usize,
    field: usize,
    value: String,
}

fn personal_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "(\\+7|8) ?9[0-9]{2} ?[0-9]{3}-?[0-9]{2}-?[0-9]{2}",
        "[а-я]{1,10}@[a-z]{2,8}\\.ru",
        "(0[1-9]|1[0-9]|2[0-8])\\.(0[1-9]|1[0-2])\\.20(0[5-9]|1[0-9])",
        "[А-Яа-я0-9 ,.]{0,80}",
        "(паспорт|свидетельство о рождении)",
        "[0-9]{11}",
        "[А-Я0-9]{0,25}",
    ]
}

fn personal_step() -> impl Strategy<Value = PersonalStep> {
    (
        any::<bool>(),
        any::<usize>(),
        any::<usize>(),
        personal_value(),
    )
        .prop_map(|(guardian, who, field, value)| PersonalStep {
            guardian,
            who,
            field,
            value,
        })
}

fn personal_op(r: &RosterData, s: &PersonalStep) -> PersonalOp {
    if s.guardian {
        PersonalOp::SetGuardianField {
            guardian: nth(&r.guardians, s.who),
            field: GuardianField::ALL[s.field % GuardianField::ALL.len()],
            value: s.value.clone(),
        }
    } else {
        PersonalOp::SetStudentField {
            student: nth(&r.students, s.who),
            field: StudentField::ALL[s.field % StudentField::ALL.len()],
            value: s.value.clone(),
        }
    }
}

#[derive(Clone, Debug)]
enum PersonalForgery {
    NotOnRoster(usize, bool),
    BadPhone(String),
    UnknownField(String),
    Huge(usize),
    DeleteRoot(usize),
}

fn personal_forgery() -> impl Strategy<Value = PersonalForgery> {
    prop_oneof![
        (any::<usize>(), any::<bool>()).prop_map(|(i, b)| PersonalForgery::NotOnRoster(i, b)),
        "[a-zа-я]{1,12}".prop_map(PersonalForgery::BadPhone),
        "[a-z]{1,12}"
            .prop_filter("not a field", |k| StudentField::parse(k).is_none())
            .prop_map(PersonalForgery::UnknownField),
        (501_usize..20_000).prop_map(PersonalForgery::Huge),
        (0_usize..3).prop_map(PersonalForgery::DeleteRoot),
    ]
}

fn forge_personal(w: &World, d: &mut AutoCommit, f: &PersonalForgery) -> K {
    let s = map_at(d, &["students"]);
    let mine = nth(&w.a.students, 0);
    match f {
        PersonalForgery::NotOnRoster(i, random) => {
            let who = if *random {
                StudentId::new()
            } else {
                nth(&w.b.students, *i)
            };
            d.put(&s, format!("{who}/address"), "ул. Мира, 5")
                .expect("put");
            K::NotOnRoster
        }
        PersonalForgery::BadPhone(v) => {
            d.put(&s, format!("{mine}/phone"), v.as_str()).expect("put");
            K::BadValue
        }
        PersonalForgery::UnknownField(k) => {
            d.put(&s, format!("{mine}/{k}"), "1").expect("put");
            K::UnknownPath
        }
        PersonalForgery::Huge(n) => {
            d.put(&s, format!("{mine}/address"), "а".repeat(*n))
                .expect("put");
            K::TooLong
        }
        PersonalForgery::DeleteRoot(i) => {
            d.delete(ROOT, ["students", "guardians", "meta"][*i])
                .expect("del");
            K::RootContainer
        }
    }
}

#[derive(Clone, Debug)]
enum SlotStep {
    New {
        weekday: u8,
        number: u8,
        class_b: bool,
        group: bool,
        room: &'static str,
    },
    Move(usize, u8, u8),
    Room(usize, &'static str),
    Remove(usize),
}

/// Rooms from a small set, so that rooms clash often; days and numbers one past the week and
/// the bells, so that the device refuses some steps.
fn room() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "101", "102", " 101 "])
}

fn slot_step() -> impl Strategy<Value = SlotStep> {
    prop_oneof![
        (1_u8..=6, 1_u8..=7, any::<bool>(), any::<bool>(), room()).prop_map(
            |(weekday, number, class_b, group, room)| SlotStep::New {
                weekday,
                number,
                class_b,
                group,
                room
            }
        ),
        (any::<usize>(), 1_u8..=6, 1_u8..=7).prop_map(|(i, d, n)| SlotStep::Move(i, d, n)),
        (any::<usize>(), room()).prop_map(|(i, r)| SlotStep::Room(i, r)),
        any::<usize>().prop_map(SlotStep::Remove),
    ]
}

/// The device's operation for a step on the timetable as the device has it.
fn slot_op(w: &World, t: &TimetableData, step: &SlotStep) -> Option<TimetableOp> {
    let pick = |i: usize| (!t.slots.is_empty()).then(|| t.slots[&nth(&t.slots, i)].clone());
    Some(match step {
        SlotStep::New {
            weekday,
            number,
            class_b,
            group,
            room,
        } => {
            let (class, g) = if *class_b {
                (w.b.class, w.group_b)
            } else {
                (w.a.class, w.group_a)
            };
            TimetableOp::PutSlot {
                slot: Slot {
                    id: SlotId::new(),
                    weekday: weekday_from_number(i64::from(*weekday))?,
                    number: *number,
                    cohort: if *group {
                        Cohort::Group { class, group: g }
                    } else {
                        Cohort::Class(class)
                    },
                    subject: w.subject,
                    teacher: w.teacher,
                    co_teachers: Vec::new(),
                    room: (*room).into(),
                    week: Default::default(),
                    version: None,
                },
            }
        }
        SlotStep::Move(i, day, n) => {
            let mut s = pick(*i)?;
            s.weekday = weekday_from_number(i64::from(*day))?;
            s.number = *n;
            TimetableOp::PutSlot { slot: s }
        }
        SlotStep::Room(i, r) => {
            let mut s = pick(*i)?;
            s.room = (*r).into();
            TimetableOp::PutSlot { slot: s }
        }
        SlotStep::Remove(i) => TimetableOp::RemoveSlot { id: pick(*i)?.id },
    })
}

#[derive(Clone, Debug)]
enum SlotForgery {
    Number(i64),
    Weekday(i64),
    Teacher,
    Subject,
    Room(usize),
    Year,
    DeleteSlots,
    BadId(String),
}

fn slot_forgery() -> impl Strategy<Value = SlotForgery> {
    prop_oneof![
        prop_oneof![i64::MIN..=0, 7_i64..=i64::MAX].prop_map(SlotForgery::Number),
        prop_oneof![i64::MIN..=0, 6_i64..=i64::MAX].prop_map(SlotForgery::Weekday),
        Just(SlotForgery::Teacher),
        Just(SlotForgery::Subject),
        (51_usize..10_000).prop_map(SlotForgery::Room),
        Just(SlotForgery::Year),
        Just(SlotForgery::DeleteSlots),
        "[a-z0-9-]{1,30}".prop_map(SlotForgery::BadId),
    ]
}

fn forge_slot(w: &World, d: &mut AutoCommit, f: &SlotForgery) -> K {
    let o = map_at(d, &["slots", &w.slot.to_string()]);
    match f {
        SlotForgery::Number(n) => {
            d.put(&o, "number", *n).expect("put");
            K::OutOfRange
        }
        SlotForgery::Weekday(n) => {
            d.put(&o, "weekday", *n).expect("put");
            K::OutOfRange
        }
        SlotForgery::Teacher => {
            d.put(&o, "teacher", StaffId::new().to_string())
                .expect("put");
            K::UnknownId
        }
        SlotForgery::Subject => {
            d.put(&o, "subject", SubjectId::new().to_string())
                .expect("put");
            K::UnknownId
        }
        SlotForgery::Room(n) => {
            d.put(&o, "room", "9".repeat(*n)).expect("put");
            K::TooLong
        }
        SlotForgery::Year => {
            let m = map_at(d, &["meta"]);
            d.put(&m, "year", YearId::new().to_string()).expect("put");
            K::ServerOnlyField
        }
        SlotForgery::DeleteSlots => {
            d.delete(ROOT, "slots").expect("del");
            K::RootContainer
        }
        SlotForgery::BadId(id) => {
            let slots = map_at(d, &["slots"]);
            d.put_object(&slots, id.as_str(), ObjType::Map)
                .expect("put");
            K::UnknownId
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn roster_device_and_server_agree(steps in prop::collection::vec(people_step(), 1..8)) {
        let w = World::new();
        let mut server = w.doc(DocKind::Roster);
        let mut dev = device(&mut server);
        for step in &steps {
            let now = RosterData::from_doc(&dev).expect("roster");
            let op = people_op(&now, step);
            if people_ops::apply_roster(&mut dev, &op).is_ok() {
                dev.commit();
            }
        }
        let res = send(DocKind::Roster, &mut server, &mut dev, &w.cx());
        prop_assert!(res.is_ok(), "{:?}", res);
    }

    #[test]
    fn roster_forgeries_are_refused(f in roster_forgery()) {
        let w = World::new();
        let mut server = w.doc(DocKind::Roster);
        let mut dev = device(&mut server);
        let want = forge_roster(&w, &mut dev, &f);
        dev.commit();
        refused(DocKind::Roster, &mut server, &mut dev, &w.cx(), want);
    }

    #[test]
    fn personal_device_and_server_agree(steps in prop::collection::vec(personal_step(), 1..8)) {
        let w = World::new();
        let mut server = w.doc(DocKind::Personal);
        let mut dev = device(&mut server);
        for step in &steps {
            let op = personal_op(&w.a, step);
            if people_ops::check_personal_target(&w.a, &op).is_ok()
                && personal::apply(&mut dev, &op).is_ok()
            {
                dev.commit();
            }
        }
        let res = send(DocKind::Personal, &mut server, &mut dev, &w.cx());
        prop_assert!(res.is_ok(), "{:?}", res);
    }

    #[test]
    fn personal_forgeries_are_refused(f in personal_forgery()) {
        let w = World::new();
        let mut server = w.doc(DocKind::Personal);
        let mut dev = device(&mut server);
        let want = forge_personal(&w, &mut dev, &f);
        dev.commit();
        refused(DocKind::Personal, &mut server, &mut dev, &w.cx(), want);
    }

    #[test]
    fn timetable_edits_pass(steps in prop::collection::vec(slot_step(), 1..10)) {
        let w = World::new();
        let mut server = w.doc(DocKind::Timetable);
        let mut dev = device(&mut server);
        let mut accepted = 0;
        for step in &steps {
            let now = TimetableData::from_doc(&dev).expect("timetable");
            let Some(op) = slot_op(&w, &now, step) else { continue };
            if timetable_ops::apply(&mut dev, &w.school, &op).is_ok() {
                dev.commit();
                accepted += 1;
            }
        }
        let res = send(DocKind::Timetable, &mut server, &mut dev, &w.cx());
        prop_assert!(res.is_ok(), "{:?} after {} accepted ops", res, accepted);
        prop_assert_eq!(
            TimetableData::from_doc(&server).expect("server"),
            TimetableData::from_doc(&dev).expect("device")
        );
    }

    #[test]
    fn timetable_forgeries_are_refused(f in slot_forgery()) {
        let w = World::new();
        let mut server = w.doc(DocKind::Timetable);
        let mut dev = device(&mut server);
        let want = forge_slot(&w, &mut dev, &f);
        dev.commit();
        refused(DocKind::Timetable, &mut server, &mut dev, &w.cx(), want);
    }
}
