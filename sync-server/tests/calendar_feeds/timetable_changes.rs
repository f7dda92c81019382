//! Changes by date in the feeds: a cancelled lesson of the plan, a moved lesson of a journal.

use chrono::NaiveDate;
use zvonok_core::doc::timetable_changes::{ChangeKind, LessonChange};
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::ChangeId;
use zvonok_core::wire::FeedTarget;
use zvonok_server::docstore::lock;

use crate::common::empty::post;
use crate::feed::{calendar, create, local, prop, text};
use crate::setup::{school, School, GYM, ZONE};

#[tokio::test]
async fn a_cancelled_lesson_shows_as_cancelled_and_a_moved_one_at_its_new_place() {
    let School {
        h,
        tok,
        teacher_tok,
        mother_tok,
        class,
        students,
        today,
        q1,
        q2,
        timetable,
        expected,
        ..
    } = school().await;
    let class_feed = create(&h, &teacher_tok, FeedTarget::Class { class: class.id }).await;
    let third = create(
        &h,
        &mother_tok,
        FeedTarget::Student {
            student: students[0].id,
        },
    )
    .await;
    // The coordinator cancels the first lesson in room 12 of the second
    // quarter (not open yet: the plan) and moves the next lesson in the gym to the 6th
    // lesson (the journal). The feeds show both at once.
    let cancelled_on = *expected
        .iter()
        .find(|(d, (n, _))| q2.contains(**d) && *n == 2)
        .expect("a lesson in room 12 in the second quarter")
        .0;
    let moved_on = *expected
        .iter()
        .find(|(d, (n, _))| **d > today && q1.contains(**d) && *n == 4)
        .expect("a gym lesson ahead in the first quarter")
        .0;
    let tt = zvonok_core::doc::timetable::TimetableData::from_doc(
        &lock(
            &h.state
                .docs
                .get(timetable.id, DocKind::Timetable)
                .expect("get")
                .expect("doc"),
        )
        .doc,
    )
    .expect("timetable");
    let slot_of = |number: u8| {
        tt.slots
            .values()
            .find(|s| s.number == number)
            .map(|s| s.id)
            .expect("slot")
    };
    let change = |slot, date, kind| LessonChange {
        id: ChangeId::new(),
        date,
        slot,
        kind,
        to_date: None,
        to_number: None,
        teacher: None,
        room: String::new(),
        note: "Педсовет".into(),
    };
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange {
            change: change(slot_of(2), cancelled_on, ChangeKind::Cancel),
        },
    )
    .await;
    let mut mv = change(slot_of(4), moved_on, ChangeKind::Move);
    mv.to_number = Some(6);
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange { change: mv },
    )
    .await;
    for (path, staff) in [(&class_feed.path, true), (&third.path, false)] {
        let (cal, _) = calendar(&h, path).await;
        let at = |date: NaiveDate, hour: u32| {
            cal.events
                .iter()
                .filter(|e| {
                    local(&e.properties, "DTSTART", ZONE)
                        == date.and_hms_opt(hour, 0, 0).expect("time")
                })
                .collect::<Vec<_>>()
        };
        let c = at(cancelled_on, 9);
        assert_eq!(c.len(), 1, "the cancelled lesson is listed once");
        assert_eq!(
            prop(&c[0].properties, "STATUS").value.as_deref(),
            Some("CANCELLED")
        );
        assert_eq!(
            text(&c[0].properties, "DESCRIPTION").contains("Причина: Педсовет"),
            staff,
            "the note is for staff"
        );
        assert!(
            at(moved_on, 11).is_empty(),
            "the moved lesson left its place"
        );
        let m = at(moved_on, 13);
        assert_eq!(m.len(), 1, "the moved lesson at the 6th lesson");
        assert_eq!(text(&m[0].properties, "LOCATION"), GYM);
        assert!(text(&m[0].properties, "DESCRIPTION").contains(&format!(
            "Перенесён с {} (урок № 4)",
            moved_on.format("%d.%m.%Y")
        )));
        let confirmed = cal
            .events
            .iter()
            .filter(|e| prop(&e.properties, "STATUS").value.as_deref() == Some("CONFIRMED"))
            .count();
        assert_eq!(
            confirmed,
            expected.len() - 1,
            "every other lesson as before"
        );
    }
}
