//! The changes screen in the app works offline (issue 10): the coordinator's device gives a
//! lesson to a substitute with no network, reads the day's changes from its own replica (the
//! same view the server answers to a browser), and a busy substitute is refused there already;
//! after the sync a teacher's fresh device reads the same changes.

use chrono::{Datelike, Duration, NaiveDate};
use zvonok_client::Replica;
use zvonok_core::doc::timetable_changes::{ChangeKind, LessonChange};
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::ids::{ChangeId, StaffId};
use zvonok_core::lesson_plan::is_school_day;
use zvonok_core::model::Slot;
use zvonok_core::views::changes::ChangesView;
use zvonok_tests::scenario::today;
use zvonok_tests::{Device, Server};

fn substitution(slot: &Slot, date: NaiveDate, teacher: StaffId) -> LessonChange {
    LessonChange {
        id: ChangeId::new(),
        date,
        slot: slot.id,
        kind: ChangeKind::Substitute,
        to_date: None,
        to_number: None,
        teacher: Some(teacher),
        room: String::new(),
        note: "на курсах".into(),
    }
}

/// What a test compares of a view: date, number, title, class, teacher, substitute.
fn seen(v: &ChangesView) -> Vec<(NaiveDate, u8, String, String, String, String)> {
    v.changes
        .iter()
        .map(|c| {
            (
                c.change.date,
                c.number,
                c.title.clone(),
                c.class.clone(),
                c.teacher.clone(),
                c.substitute.clone(),
            )
        })
        .collect()
}

#[test]
fn substitutions_are_made_and_read_offline_on_the_coordinators_device() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let coord = Device::new(tmp.path(), "dev-coordinator");
    coord.login(&server.url(), "coordinator");
    coord.sync();

    // Offline from here: only the replica on disk.
    let (day, expected) = {
        let mut r = Replica::open(&coord.dir).expect("replica");
        let view = r.timetable_view().expect("the timetable on the device");
        assert!(view.can_edit, "the coordinator edits the timetable");
        let tt = view.timetable.expect("the demo's timetable");
        let school = r.school().expect("school").clone();
        let year = school.current_year.expect("a current year");
        let day = (1..=21)
            .map(|n| today() + Duration::days(n))
            .find(|d| is_school_day(&school, year, *d) && !tt.slots_on(*d).is_empty())
            .expect("a school day with lessons in the next three weeks");
        let on_day = tt.slots_on(day);
        let slot = (*on_day.iter().find(|s| s.number == 2).expect("a 2nd lesson")).clone();
        let busy_then = |id: StaffId| {
            on_day
                .iter()
                .any(|s| s.number == slot.number && s.teacher == id)
        };
        let mut staff: Vec<_> = school.staff.values().collect();
        staff.sort_by_key(|m| m.short_name());
        let free = staff
            .iter()
            .find(|m| !busy_then(m.id))
            .expect("a teacher free then")
            .id;
        let busy = on_day
            .iter()
            .find(|s| s.number == slot.number && s.teacher != slot.teacher)
            .expect("another lesson at that number")
            .teacher;

        let before = r.pending_count().expect("pending");
        assert!(r
            .timetable_changes_view(day, day)
            .expect("changes")
            .changes
            .is_empty());
        // A teacher who teaches then: refused on the device, nothing stored.
        let err = r
            .apply_timetable_op(&TimetableOp::PutChange {
                change: substitution(&slot, day, busy),
            })
            .expect_err("the substitute has a lesson then")
            .to_string();
        assert!(
            err.contains(&school.staff[&busy].short_name()) && err.contains("уже ведёт"),
            "names the clash: {err}"
        );
        assert_eq!(r.pending_count().expect("pending"), before, "{err}");
        r.apply_timetable_op(&TimetableOp::PutChange {
            change: substitution(&slot, day, free),
        })
        .expect("a free substitute");
        assert!(r.pending_count().expect("pending") > before);

        let v = r.timetable_changes_view(day, day).expect("changes");
        assert!(v.can_edit);
        assert_eq!(v.changes.len(), 1, "{v:?}");
        let c = &v.changes[0];
        assert_eq!((c.change.slot, c.number), (slot.id, slot.number));
        assert_eq!(c.title, "замена");
        assert_eq!(c.substitute, school.staff[&free].short_name());
        assert_eq!(c.teacher, school.staff[&slot.teacher].short_name());
        assert!(v.clashes.is_empty(), "{:?}", v.clashes);
        // The range rule is core's, the same as the server's.
        let err = r
            .timetable_changes_view(day, day - Duration::days(1))
            .expect_err("to before from")
            .to_string();
        assert!(err.contains("ГГГГ-ММ-ДД"), "{err}");
        (day, seen(&v))
    };

    // Back online: the server keeps it; a teacher's fresh device reads the same changes.
    let rep = coord.json(&["sync"]);
    assert_eq!(rep["converged"], true, "{rep}");
    assert!(
        rep["rejections"].as_array().is_none_or(|x| x.is_empty()),
        "{rep}"
    );
    let teacher = Device::new(tmp.path(), "dev-teacher");
    teacher.login(&server.url(), "teacher");
    teacher.sync();
    let mut r = Replica::open(&teacher.dir).expect("replica");
    let v = r
        .timetable_changes_view(day, day)
        .expect("a teacher reads the changes");
    assert!(!v.can_edit, "a teacher does not edit the timetable");
    assert_eq!(seen(&v), expected, "on {} ({:?})", day, day.weekday());
}
