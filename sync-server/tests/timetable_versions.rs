//! From an EMPTY server: a school whose timetable alternates weeks A and B and gets a second
//! version from a later date, written by the coordinator's device with `TimetableOp`s through
//! a real sync. The journals follow: an A-only lesson comes every other week, the new version
//! changes lessons only from its date, a version from a past date leaves the past alone, and
//! removing it brings the lessons back; the teacher's Today follows the week. An old timetable
//! document is upgraded by the server.

mod common;

use automerge::transaction::Transactable;
use automerge::ROOT;
use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::empty::{
    docs, empty_server, quarter, school_today, sign_in, year_around, OneClass, ADMIN_PASSWORD,
};
use common::web::{grant_school, issue, slip_sign_in};
use common::{Device, Harness};
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_ops::{self, TimetableOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Right};
use zvonok_core::timetable_cycle::{self, monday_of, TimetableVersion};
use zvonok_core::views::today::TodayLesson;
use zvonok_server::docstore::lock;
use zvonok_server::storage::DocRecord;
use zvonok_server::{persist, provision};

fn school(h: &Harness) -> SchoolData {
    let rec = &docs(h, DocKind::School)[0];
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let s = SchoolData::from_doc(&lock(&shared).doc).expect("school");
    s
}

fn timetable(h: &Harness, rec: &DocRecord) -> TimetableData {
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("doc");
    let t = TimetableData::from_doc(&lock(&shared).doc).expect("timetable");
    t
}

/// Every journal's lessons, by period, in date order.
fn lessons(h: &Harness) -> Vec<(PeriodId, Vec<(NaiveDate, u8)>)> {
    docs(h, DocKind::Journal)
        .iter()
        .map(|rec| {
            let shared = h
                .state
                .docs
                .get(rec.id, rec.kind)
                .expect("get")
                .expect("doc");
            let j = JournalData::from_doc(&lock(&shared).doc).expect("journal");
            let v = j
                .lessons_in_order()
                .iter()
                .map(|l| (l.date, l.number))
                .collect();
            (j.meta.period, v)
        })
        .collect()
}

/// The coordinator's device applies `op` to its replica, as the app does (offline).
fn apply_offline(h: &Harness, dev: &mut Device, tt: DocId, op: TimetableOp) {
    let school = school(h);
    let (_, doc, _) = dev.docs.get_mut(&tt).expect("the timetable on the device");
    timetable_ops::apply(doc, &school, &op).expect("the device's check");
    doc.commit();
}

/// [`apply_offline`], then a sync the server accepts.
async fn apply(h: &Harness, dev: &mut Device, tt: DocId, op: TimetableOp) {
    apply_offline(h, dev, tt, op);
    dev.sync(h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
}

/// The teacher's Today on `date`.
async fn today_of(h: &Harness, token: &str, date: NaiveDate) -> Vec<TodayLesson> {
    let (s, _, b) = h.get(token, &format!("/v1/web/today?date={date}")).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("today")
}

/// A lesson's date and number.
type Place = (NaiveDate, u8);

/// The lessons before `at` and from `at` on.
fn split(all: &[Place], at: NaiveDate) -> (Vec<Place>, Vec<Place>) {
    let before = all.iter().copied().filter(|(d, _)| *d < at).collect();
    let after = all.iter().copied().filter(|(d, _)| *d >= at).collect();
    (before, after)
}

#[tokio::test]
async fn weeks_a_and_b_and_a_second_version_open_the_lessons_they_call_for() {
    let started = std::time::Instant::now();
    let (h, _) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();
    let today = school_today();
    let year = year_around(40, 100);
    let q = |n: u8, start: NaiveDate, end: NaiveDate| quarter(&year, n, start, end);
    let q1 = q(1, year.start, today + Duration::days(6));
    let q2 = q(2, today + Duration::days(14), year.end);
    let holidays = vec![Holiday {
        id: HolidayId::new(),
        year: year.id,
        title: "Осенние каникулы".into(),
        start: today + Duration::days(7),
        end: today + Duration::days(13),
    }];
    let one = OneClass::new(year.clone());
    one.set_up(&h, &tok, vec![q1.clone(), q2.clone()], holidays, &[])
        .await;
    grant_school(&h, &tok, admin.user.id, &[Right::EditTimetable]).await;
    let tt = docs(&h, DocKind::Timetable).remove(0);

    // 0. A timetable document made before versions (no `versions`) is upgraded by the server.
    {
        let shared = h.state.docs.get(tt.id, tt.kind).expect("get").expect("doc");
        let mut hot = lock(&shared);
        hot.doc.delete(ROOT, "versions").expect("an old document");
        let change = hot
            .doc
            .commit()
            .and_then(|c| hot.doc.get_change_by_hash(&c))
            .expect("change");
        persist::store_server_changes(&h.state, &tt, &mut hot, &[change]).expect("store");
    }
    provision::forget_last_run(&h.state);
    provision::after_school_change(&h.state).expect("provisioning");
    {
        let shared = h.state.docs.get(tt.id, tt.kind).expect("get").expect("doc");
        let hot = lock(&shared);
        assert!(
            automerge::ReadDoc::get(&hot.doc, ROOT, "versions")
                .expect("read")
                .is_some(),
            "the server added the container back"
        );
    }

    // 1. Weeks A and B from this week's Monday; mathematics every Wednesday (lesson 1) and on
    // Thursdays of week A only (lesson 2).
    let mut coord = Device::new(&admin);
    coord.sync(&h).await;
    let cycle = monday_of(today);
    apply(
        &h,
        &mut coord,
        tt.id,
        TimetableOp::SetCycle { start: Some(cycle) },
    )
    .await;
    let slot = |weekday, number, week| Slot {
        id: SlotId::new(),
        weekday,
        number,
        cohort: Cohort::Class(one.class.id),
        subject: one.math.id,
        teacher: one.teacher.id,
        co_teachers: Vec::new(),
        room: "12".into(),
        week,
        version: None,
    };
    let wednesday = slot(Weekday::Wed, 1, SlotWeek::Every);
    let thursday_a = slot(Weekday::Thu, 2, SlotWeek::A);
    // Both written offline, then one sync: the journals are made with both from the start.
    for s in [&wednesday, &thursday_a] {
        apply_offline(
            &h,
            &mut coord,
            tt.id,
            TimetableOp::PutSlot { slot: s.clone() },
        );
    }
    coord.sync(&h).await;
    assert!(coord.rejections.is_empty(), "{:?}", coord.rejections);
    let first = lessons(&h);
    assert_eq!(first.len(), 2, "a journal per quarter: {first:?}");
    let t = timetable(&h, &tt);
    for (_, ls) in &first {
        assert!(!ls.is_empty());
        for (d, n) in ls {
            match (d.weekday(), n) {
                (Weekday::Wed, 1) => {}
                (Weekday::Thu, 2) => assert_eq!(
                    timetable_cycle::week_on(&t, *d),
                    Some(SlotWeek::A),
                    "{d}: a Thursday of week B"
                ),
                other => panic!("{d}: {other:?} is not in the timetable"),
            }
        }
        // Thursdays come every other week.
        let thursdays: Vec<NaiveDate> = ls
            .iter()
            .filter(|(d, _)| d.weekday() == Weekday::Thu)
            .map(|(d, _)| *d)
            .collect();
        assert!(thursdays
            .windows(2)
            .all(|w| (w[1] - w[0]).num_days() % 14 == 0));
        let wednesdays = ls.iter().filter(|(d, _)| d.weekday() == Weekday::Wed);
        assert!(wednesdays.count() >= (2 * thursdays.len()).saturating_sub(1));
    }

    // 2. A second version from a later date in the second quarter, starting as a copy; in it
    // Wednesday's lesson moves to Friday, lesson 3.
    let from = q2.start + Duration::days(7);
    let v2 = TimetableVersion {
        id: TimetableVersionId::new(),
        from,
        title: "Со 2 четверти".into(),
    };
    apply(
        &h,
        &mut coord,
        tt.id,
        TimetableOp::AddVersion {
            version: v2.clone(),
            copy: true,
        },
    )
    .await;
    assert_eq!(lessons(&h), first, "an identical copy changes no lesson");
    let t = timetable(&h, &tt);
    let moved = t
        .slots
        .values()
        .find(|s| s.version == Some(v2.id) && s.weekday == Weekday::Wed)
        .cloned()
        .expect("the copied Wednesday");
    apply(
        &h,
        &mut coord,
        tt.id,
        TimetableOp::PutSlot {
            slot: Slot {
                weekday: Weekday::Fri,
                number: 3,
                ..moved
            },
        },
    )
    .await;
    let second = lessons(&h);
    assert_eq!(second[0], first[0], "the first quarter is as it was");
    let (old_before, _) = split(&first[1].1, from);
    let (new_before, new_after) = split(&second[1].1, from);
    assert_eq!(new_before, old_before, "before its date nothing changes");
    assert!(!new_after.is_empty());
    for (d, n) in &new_after {
        match (d.weekday(), n) {
            (Weekday::Fri, 3) => {}
            (Weekday::Thu, 2) => {
                assert_eq!(timetable_cycle::week_on(&t, *d), Some(SlotWeek::A))
            }
            other => panic!("{d}: {other:?} is not in the second version"),
        }
    }
    assert!(new_after.iter().any(|(d, _)| d.weekday() == Weekday::Fri));
    let f = timetable_cycle::in_force(&timetable(&h, &tt), from);
    assert_eq!(
        (f.version, f.title.as_str()),
        (Some(v2.id), "Со 2 четверти")
    );

    // 3. An empty version from a past date: from today on there are no lessons, but the past
    // (a week ago up to yesterday) keeps its lessons; removing the version brings them back.
    let past = today - Duration::days(7);
    let v3 = TimetableVersion {
        id: TimetableVersionId::new(),
        from: past,
        title: String::new(),
    };
    apply(
        &h,
        &mut coord,
        tt.id,
        TimetableOp::AddVersion {
            version: v3.clone(),
            copy: false,
        },
    )
    .await;
    let third = lessons(&h);
    let (q1_past, _) = split(&second[0].1, today);
    assert_eq!(
        third[0].1, q1_past,
        "the past stays, the rest of the quarter goes"
    );
    assert!(
        third[0].1.iter().any(|(d, _)| *d >= past),
        "a lesson of the last week stays"
    );
    let (q2_kept, _) = split(&second[1].1, from);
    assert_eq!(
        split(&third[1].1, from).0,
        Vec::<(NaiveDate, u8)>::new(),
        "until the second version nothing is in force"
    );
    assert!(!q2_kept.is_empty());
    apply(
        &h,
        &mut coord,
        tt.id,
        TimetableOp::RemoveVersion { id: v3.id },
    )
    .await;
    assert_eq!(lessons(&h), second, "the lessons are back");

    // 4. The teacher's Today: a Thursday of week A has the lesson, the next Thursday (week B)
    // has none.
    let staff = issue(&h, &tok, None).await;
    let teacher = slip_sign_in(&h, &staff, "Соколова").await.token;
    let t = timetable(&h, &tt);
    let thursday_of_a = (0..14)
        .map(|i| q2.start + Duration::days(i))
        .find(|d| {
            d.weekday() == Weekday::Thu && timetable_cycle::week_on(&t, *d) == Some(SlotWeek::A)
        })
        .expect("a Thursday of week A");
    let a = today_of(&h, &teacher, thursday_of_a).await;
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].number, 2);
    assert!(a[0].lesson.is_some(), "the journal has the lesson");
    let b = today_of(&h, &teacher, thursday_of_a + Duration::days(7)).await;
    assert!(b.is_empty(), "week B: {b:?}");
    eprintln!("timetable_versions: {:?}", started.elapsed());
}
