//! Changes by date over the big fixture (30 classes, six-day week, 1.09–31.12.2026): teachers
//! 0–29 teach in every cell of the week but Saturday's 4th–6th lessons, teachers 30–49 only
//! the parallel groups of Saturday's 4th lesson, so they are free to substitute.

use automerge::AutoCommit;
use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;
use crate::doc::journal::{self, JournalOp, JournalPermission};
use crate::doc::journal_substitute::{self, ONLY_THAT_LESSON};
use crate::doc::timetable_changes::read_changes;
use crate::doc::timetable_ops::{apply, TimetableOp};
use crate::doc::DocKind;
use crate::error::RefusalKind;
use crate::fixtures::{big_timetable, tiny_journal};
use crate::ids::{LessonId, MarkId, PeriodId};
use crate::marks::{AbsenceCode, MarkValue};
use crate::model::{Holiday, PeriodKind, Slot, StudyPeriod};
use crate::validate::{validate_incoming, CheckContext};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

struct World {
    school: SchoolData,
    week: TimetableData,
    doc: AutoCommit,
}

fn world() -> World {
    let (school, week) = big_timetable();
    let doc = week.to_doc().expect("doc");
    World { school, week, doc }
}

fn teacher(i: u128) -> StaffId {
    StaffId::from_uuid(uuid::Uuid::from_u128((3 << 64) | i))
}

/// The slot of class `c` on `wd` at `number`.
fn slot_of(w: &World, c: usize, wd: Weekday, number: u8) -> Slot {
    let class = crate::ids::ClassId::from_uuid(uuid::Uuid::from_u128((5 << 64) | c as u128));
    w.week
        .slots
        .values()
        .find(|s| s.cohort == Cohort::Class(class) && s.weekday == wd && s.number == number)
        .cloned()
        .expect("slot")
}

fn change(slot: &Slot, date: NaiveDate, kind: ChangeKind) -> LessonChange {
    LessonChange {
        id: ChangeId::new(),
        date,
        slot: slot.id,
        kind,
        to_date: None,
        to_number: None,
        teacher: None,
        room: String::new(),
        note: String::new(),
    }
}

fn put(w: &mut World, c: &LessonChange) -> Result<(), DomainError> {
    let r = apply(
        &mut w.doc,
        &w.school,
        &TimetableOp::PutChange { change: c.clone() },
    );
    w.doc.commit();
    r
}

#[test]
fn a_free_teacher_substitutes_and_the_day_shows_them() {
    let mut w = world();
    let s = slot_of(&w, 0, Weekday::Mon, 1);
    let mut c = change(&s, d(9, 7), ChangeKind::Substitute);
    c.teacher = Some(teacher(30));
    c.room = " 205 ".into();
    c.note = "больничный".into();
    put(&mut w, &c).expect("a free teacher substitutes");
    let read = read_changes(&w.doc).expect("read");
    assert_eq!(read[&c.id].teacher, Some(teacher(30)));
    assert_eq!(read[&c.id].room, "205", "trimmed");
    let day = lessons_on(&w.week, &read, d(9, 7));
    let l = day.iter().find(|l| l.slot == s.id).expect("still on");
    assert_eq!(l.teacher, teacher(30));
    assert_eq!(l.regular_teacher, s.teacher);
    assert_eq!(l.room, "205");
    assert!(l.is_substituted());
    // The week after is untouched.
    let next = lessons_on(&w.week, &read, d(9, 14));
    assert_eq!(
        next.iter().find(|l| l.slot == s.id).expect("on").teacher,
        s.teacher
    );
    // Saving it again writes nothing; removing it restores the day.
    let heads = w.doc.get_heads();
    put(&mut w, &c).expect("again");
    assert_eq!(w.doc.get_heads(), heads);
    apply(
        &mut w.doc,
        &w.school,
        &TimetableOp::RemoveChange { id: c.id },
    )
    .expect("remove");
    w.doc.commit();
    assert!(read_changes(&w.doc).expect("read").is_empty());
    let e = apply(
        &mut w.doc,
        &w.school,
        &TimetableOp::RemoveChange { id: c.id },
    )
    .expect_err("gone");
    assert!(e.to_string().contains("уже удалили"), "{e}");
}

#[test]
fn a_busy_substitute_a_wrong_day_a_holiday_and_a_second_change_are_refused() {
    let mut w = world();
    let hol = crate::ids::HolidayId::new();
    w.school.holidays.insert(
        hol,
        Holiday {
            id: hol,
            year: w.week.year,
            title: "Осенние каникулы".into(),
            start: d(10, 26),
            end: d(11, 3),
        },
    );
    let s = slot_of(&w, 0, Weekday::Mon, 1);
    let mut c = change(&s, d(9, 7), ChangeKind::Substitute);
    // Teacher 5 teaches another class in every cell of Monday.
    c.teacher = Some(teacher(5));
    let e = put(&mut w, &c).expect_err("busy");
    assert!(e.to_string().contains("уже ведёт"), "{e}");
    // Not staff, or the slot's own teacher.
    c.teacher = Some(StaffId::new());
    assert!(put(&mut w, &c)
        .expect_err("stranger")
        .to_string()
        .contains("сотрудников"));
    c.teacher = Some(s.teacher);
    assert!(put(&mut w, &c)
        .expect_err("same")
        .to_string()
        .contains("тот же"));
    c.teacher = None;
    assert!(put(&mut w, &c)
        .expect_err("nobody")
        .to_string()
        .contains("Выберите"));
    // A Tuesday for a Monday lesson, a holiday Monday, a date outside the year.
    c.teacher = Some(teacher(31));
    c.date = d(9, 8);
    assert!(put(&mut w, &c)
        .expect_err("weekday")
        .to_string()
        .contains("понедельник"));
    c.date = d(10, 26);
    assert!(put(&mut w, &c)
        .expect_err("holiday")
        .to_string()
        .contains("каникулы"));
    c.date = NaiveDate::from_ymd_opt(2027, 1, 11).expect("date");
    assert!(put(&mut w, &c)
        .expect_err("year")
        .to_string()
        .contains("учебный год"));
    c.date = d(9, 7);
    put(&mut w, &c).expect("now right");
    // A second change of the same lesson and date.
    let cancel = change(&s, d(9, 7), ChangeKind::Cancel);
    let e = put(&mut w, &cancel).expect_err("second");
    assert!(e.to_string().contains("уже есть изменение"), "{e}");
    // The same substitute for another class at the same time.
    let other = slot_of(&w, 1, Weekday::Mon, 1);
    let mut c2 = change(&other, d(9, 7), ChangeKind::Substitute);
    c2.teacher = Some(teacher(31));
    let e = put(&mut w, &c2).expect_err("two places");
    assert!(e.to_string().contains("уже ведёт"), "{e}");
    assert_eq!(
        read_changes(&w.doc).expect("read").len(),
        1,
        "nothing else written"
    );
}

#[test]
fn a_move_goes_to_a_free_place_only() {
    let mut w = world();
    // Class 0's Monday 1st lesson (teacher 0) to Saturday 12.09, 5th lesson: free.
    let s = slot_of(&w, 0, Weekday::Mon, 1);
    let mut m = change(&s, d(9, 7), ChangeKind::Move);
    m.to_date = Some(d(9, 12));
    m.to_number = Some(5);
    put(&mut w, &m).expect("moved");
    let read = read_changes(&w.doc).expect("read");
    assert!(!lessons_on(&w.week, &read, d(9, 7))
        .iter()
        .any(|l| l.slot == s.id));
    let sat = lessons_on(&w.week, &read, d(9, 12));
    let l = sat.iter().find(|l| l.slot == s.id).expect("moved in");
    assert_eq!((l.number, l.moved_from), (5, Some((d(9, 7), 1))));
    // Class 29's Monday 2nd lesson has teacher 0 too: not at the same place.
    let s29 = slot_of(&w, 29, Weekday::Mon, 2);
    assert_eq!(s29.teacher, s.teacher);
    let mut m2 = change(&s29, d(9, 7), ChangeKind::Move);
    m2.to_date = Some(d(9, 12));
    m2.to_number = Some(5);
    let e = put(&mut w, &m2).expect_err("teacher twice");
    assert!(e.to_string().contains("уже ведёт"), "{e}");
    // Class 0's Tuesday lesson to the same place: the class twice.
    let tue = slot_of(&w, 0, Weekday::Tue, 1);
    let mut m3 = change(&tue, d(9, 8), ChangeKind::Move);
    m3.to_date = Some(d(9, 12));
    m3.to_number = Some(5);
    let e = put(&mut w, &m3).expect_err("class twice");
    assert!(e.to_string().contains("уже есть урок"), "{e}");
    // Nowhere, a Sunday, a number outside the bells.
    let mut m4 = change(&tue, d(9, 8), ChangeKind::Move);
    assert!(put(&mut w, &m4)
        .expect_err("same place")
        .to_string()
        .contains("то же место"));
    m4.to_date = Some(d(9, 13));
    assert!(put(&mut w, &m4)
        .expect_err("sunday")
        .to_string()
        .contains("выходной"));
    m4.to_date = Some(d(9, 12));
    m4.to_number = Some(9);
    assert!(put(&mut w, &m4)
        .expect_err("bells")
        .to_string()
        .contains("звонков"));
}

#[test]
fn plans_follow_the_changes() {
    let mut w = world();
    let q = PeriodId::new();
    w.school.periods.insert(
        q,
        StudyPeriod {
            id: q,
            year: w.week.year,
            kind: PeriodKind::Quarter,
            number: 1,
            start: d(9, 1),
            end: d(10, 24),
        },
    );
    let s = slot_of(&w, 0, Weekday::Mon, 1);
    let tue = slot_of(&w, 0, Weekday::Tue, 1);
    let mut sub = change(&s, d(9, 7), ChangeKind::Substitute);
    sub.teacher = Some(teacher(30));
    let cancel = change(&s, d(9, 14), ChangeKind::Cancel);
    let mut mv = change(&tue, d(9, 8), ChangeKind::Move);
    mv.to_date = Some(d(9, 12));
    mv.to_number = Some(6);
    let changes = crate::doc::timetable_changes::collect([sub, cancel, mv]);
    let before = crate::lesson_plan::plan_year(&w.school, &w.week);
    let after = crate::lesson_plan::plan_year_with_changes(&w.school, &w.week, &changes);
    let find = |plans: &[PlannedJournal], slot: &Slot| {
        plans
            .iter()
            .find(|p| p.cohort == slot.cohort && p.subject == slot.subject)
            .cloned()
            .expect("plan")
    };
    let (b, a) = (find(&before, &s), find(&after, &s));
    assert!(b.lessons.contains(&(d(9, 14), 1)));
    assert!(!a.lessons.contains(&(d(9, 14), 1)), "cancelled");
    assert!(a.lessons.contains(&(d(9, 7), 1)), "substituted stays");
    assert_eq!(a.substitutes.get(&(d(9, 7), 1)), Some(&teacher(30)));
    assert_eq!(a.substitutes.len(), 1);
    let (b, a) = (find(&before, &tue), find(&after, &tue));
    assert!(b.lessons.contains(&(d(9, 8), 1)) && !b.lessons.contains(&(d(9, 12), 6)));
    assert!(!a.lessons.contains(&(d(9, 8), 1)) && a.lessons.contains(&(d(9, 12), 6)));
    // Rights: the substitute may read and write (as a substitute) that cohort × subject only.
    let mut dir = Directory::default();
    fill_directory(&w.week, &changes, &mut dir);
    assert!(dir
        .substitutes
        .contains(&(teacher(30), s.cohort, s.subject)));
    assert_eq!(dir.substitutes.len(), 1);
}

// ---- the substitute writes their lesson only ----

/// A journal with two lessons, the first substituted by `sub`.
fn journal_with_substitute(
    sub: StaffId,
) -> (AutoCommit, LessonId, LessonId, crate::ids::StudentId) {
    let (mut data, first, student) = tiny_journal();
    let second = LessonId::new();
    let mut l = data.lessons[&first].clone();
    l.id = second;
    l.date = l.date.succ_opt().expect("date");
    data.lessons.insert(second, l);
    let mut doc = data.to_doc().expect("doc");
    assert!(journal_substitute::set_substitute(&mut doc, first, Some(sub)).expect("set"));
    assert!(!journal_substitute::set_substitute(&mut doc, first, Some(sub)).expect("same"));
    doc.commit();
    (doc, first, second, student)
}

fn sub_perm(s: StaffId) -> JournalPermission {
    JournalPermission {
        edit_locked: false,
        substitute: Some(s),
    }
}

/// Sends the device's change to the server's document as `accept` does.
fn send(
    server: &mut AutoCommit,
    device: &mut AutoCommit,
    perm: JournalPermission,
) -> Result<(), DomainError> {
    let before = server.get_heads();
    let mut fork = server.fork();
    fork.apply_changes(device.get_changes(&before))
        .expect("apply");
    let school = SchoolData::default();
    let cx = CheckContext {
        perm,
        school: Some(&school),
        ..CheckContext::default()
    };
    validate_incoming(DocKind::Journal, &mut fork, &before, &cx)?;
    *server = fork;
    Ok(())
}

#[test]
fn a_substitute_writes_their_lesson_and_a_forged_write_elsewhere_is_refused() {
    let sub = teacher(30);
    let (mut server, first, second, student) = journal_with_substitute(sub);
    let mut device = server.fork().with_actor(automerge::ActorId::random());
    let att = |lesson| JournalOp::SetAttendance {
        lesson,
        student,
        code: Some(AbsenceCode::Absent),
    };
    journal::apply(&mut device, &att(first), sub_perm(sub)).expect("own lesson");
    device.commit();
    send(&mut server, &mut device, sub_perm(sub)).expect("kept");
    let e = journal::apply(&mut device, &att(second), sub_perm(sub)).expect_err("device refuses");
    assert!(e.to_string().contains("только в них"), "{e}");
    assert!(journal::apply(&mut device, &JournalOp::Lock, sub_perm(sub)).is_err());
    // A forged device writes the other lesson anyway: the server refuses it.
    journal::apply(&mut device, &att(second), JournalPermission::default()).expect("forged");
    device.commit();
    let e = send(&mut server, &mut device, sub_perm(sub)).expect_err("server refuses");
    assert_eq!(e.refusal_kind(), RefusalKind::Rule);
    assert_eq!(e.to_string(), ONLY_THAT_LESSON);
    // The journal's own teacher (no substitute permission) writes anything.
    send(&mut server, &mut device, JournalPermission::default()).expect("the teacher may");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a substitute tries, the device accepts exactly the operations on the lesson
    /// they substitute, and the server's check of the resulting change agrees with the device.
    #[test]
    fn device_and_server_agree_on_a_substitutes_writes(
        steps in proptest::collection::vec((0u8..6, any::<bool>(), 2u8..6), 1..8)
    ) {
        let sub = teacher(31);
        let (mut server, first, second, student) = journal_with_substitute(sub);
        let mut marks: Vec<(MarkId, LessonId)> = Vec::new();
        for (kind, on_first, v) in steps {
            let lesson = if on_first { first } else { second };
            let op = match kind {
                0 => JournalOp::SetAttendance { lesson, student, code: Some(AbsenceCode::Absent) },
                1 => JournalOp::SetTopic { lesson, topic: "Дроби".into() },
                2 => JournalOp::SetHomework { lesson, homework: "№ 5".into() },
                3 => {
                    let id = MarkId::new();
                    marks.push((id, lesson));
                    JournalOp::GiveMark {
                        id, lesson, student,
                        value: MarkValue::Points(v),
                        kind: "answer".into(), weight: 1, comment: String::new(),
                    }
                }
                4 => match marks.last() {
                    Some((id, _)) => JournalOp::RemoveMark { id: *id },
                    None => JournalOp::SetFinal { student, value: Some(MarkValue::Points(v)) },
                },
                _ => JournalOp::SetFinal { student, value: Some(MarkValue::Points(v)) },
            };
            // The device as the substitute.
            let mut device = server.fork().with_actor(automerge::ActorId::random());
            let ok = journal::apply(&mut device, &op, sub_perm(sub)).is_ok();
            // The same write forged past the device's check.
            let mut forged = server.fork().with_actor(automerge::ActorId::random());
            let wrote = journal::apply(&mut forged, &op, JournalPermission::default()).is_ok();
            forged.commit();
            if !wrote {
                continue;
            }
            let target = match &op {
                JournalOp::RemoveMark { id } => marks.iter().find(|(m, _)| m == id).map(|(_, l)| *l),
                JournalOp::SetFinal { .. } => None,
                JournalOp::SetAttendance { lesson, .. }
                | JournalOp::SetTopic { lesson, .. }
                | JournalOp::SetHomework { lesson, .. }
                | JournalOp::GiveMark { lesson, .. } => Some(*lesson),
                _ => None,
            };
            prop_assert_eq!(ok, target == Some(first), "device on {:?}", op);
            let server_ok = send(&mut server, &mut forged, sub_perm(sub)).is_ok();
            prop_assert_eq!(server_ok, ok, "server on {:?}", op);
            if !server_ok {
                marks.retain(|(_, l)| *l == first);
            }
        }
    }
}

/// Sends a device's timetable change to the server's document as `accept` does.
fn send_timetable(
    w: &World,
    server: &mut AutoCommit,
    device: &mut AutoCommit,
) -> Result<(), DomainError> {
    let before = server.get_heads();
    let mut fork = server.fork();
    fork.apply_changes(device.get_changes(&before))
        .expect("apply");
    let cx = CheckContext {
        school: Some(&w.school),
        ..CheckContext::default()
    };
    validate_incoming(DocKind::Timetable, &mut fork, &before, &cx)?;
    *server = fork;
    Ok(())
}

#[test]
fn the_server_refuses_what_the_device_refuses_with_the_same_message() {
    let mut w = world();
    let mut server = w.doc.fork();
    let s = slot_of(&w, 0, Weekday::Mon, 1);
    // A change the device accepts: kept.
    let mut device = server.fork().with_actor(automerge::ActorId::random());
    let mut ok = change(&s, d(9, 7), ChangeKind::Substitute);
    ok.teacher = Some(teacher(30));
    apply(
        &mut device,
        &w.school,
        &TimetableOp::PutChange { change: ok.clone() },
    )
    .expect("device");
    device.commit();
    send_timetable(&w, &mut server, &mut device).expect("kept");
    assert_eq!(read_changes(&server).expect("read").len(), 1);
    // Forged past the device's check: a busy substitute, then a second change of the slot.
    for forged in [
        LessonChange {
            teacher: Some(teacher(5)),
            id: ChangeId::new(),
            date: d(9, 14),
            ..ok.clone()
        },
        LessonChange {
            id: ChangeId::new(),
            kind: ChangeKind::Cancel,
            ..ok.clone()
        },
    ] {
        let mut after = read_changes(&server).expect("read");
        after.insert(forged.id, forged.clone());
        let want = check_change(&w.school, &w.week, &after, &forged)
            .and_then(|_| {
                check_not_worse(
                    &w.school,
                    &w.week,
                    &read_changes(&server).expect("r"),
                    &after,
                    [forged.date],
                )
            })
            .expect_err("the device refuses");
        let mut device = server.fork().with_actor(automerge::ActorId::random());
        crate::doc::timetable_changes::write_change(&mut device, &forged).expect("raw");
        device.commit();
        let e = send_timetable(&w, &mut server, &mut device).expect_err("the server refuses");
        assert_eq!(e.refusal_kind(), RefusalKind::Rule);
        assert_eq!(e.to_string(), want.to_string());
    }
    // A device may delete a change.
    let mut device = server.fork().with_actor(automerge::ActorId::random());
    apply(
        &mut device,
        &w.school,
        &TimetableOp::RemoveChange { id: ok.id },
    )
    .expect("remove");
    device.commit();
    send_timetable(&w, &mut server, &mut device).expect("removal kept");
    assert!(read_changes(&server).expect("read").is_empty());
}

#[test]
fn the_changes_view_names_the_lessons_and_shows_the_clashes_of_a_forged_state() {
    let w = world();
    let s = slot_of(&w, 0, Weekday::Mon, 1);
    // A substitute who teaches elsewhere at that time: only a forged document holds this.
    let mut c = change(&s, d(9, 7), ChangeKind::Substitute);
    c.teacher = Some(teacher(5));
    let changes = crate::doc::timetable_changes::collect([c]);
    let v =
        crate::views::changes::changes_view(&w.school, &w.week, &changes, d(9, 7), d(9, 13), true);
    assert_eq!(v.changes.len(), 1);
    assert_eq!(
        (v.changes[0].number, v.changes[0].title.as_str()),
        (1, "замена")
    );
    assert_eq!(v.changes[0].substitute, "Учитель5 А. П.");
    assert_eq!(v.clashes.len(), 1, "{:?}", v.clashes);
    assert!(v.clashes[0].contains("Учитель5 А. П.") && v.clashes[0].contains("07.09.2026"));
    let none =
        crate::views::changes::changes_view(&w.school, &w.week, &changes, d(9, 8), d(9, 13), true);
    assert!(none.changes.is_empty() && none.clashes.is_empty());
}

mod co_teachers;
