//! The demo school's parent.

use std::collections::BTreeSet;
use std::io::BufReader;

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDateTime, TimeZone, Utc, Weekday};
use zvonok_core::doc::DocKind;
use zvonok_core::rights::Cohort;
use zvonok_core::wire::FeedTarget;
use zvonok_server::docstore::lock;

use crate::common::empty::docs;
use crate::common::Harness;
use crate::feed::{create, fetch, has, param, prop, text};

/// The demo school's parent subscribes to their child's lessons: every event is a slot of the
/// child's class on that weekday and number, with its subject, room, teacher and bell times
/// in Moscow time; every lesson of the timetable from two weeks back to two weeks ahead is
/// there.
#[tokio::test]
async fn the_demo_parents_feed_is_the_childs_timetable() {
    let started = std::time::Instant::now();
    let h = Harness::new(crate::common::empty::BIG);
    let parent = h.login("parent").await;
    let me: zvonok_core::wire::UserInfo = {
        let (s, _, b) = h.get(&parent.token, "/v1/me").await;
        assert_eq!(s, StatusCode::OK);
        serde_json::from_slice(&b).expect("me")
    };
    let child = me.children.first().expect("a child").id;
    let created = create(&h, &parent.token, FeedTarget::Student { student: child }).await;
    let (s, _, body) = fetch(&h, &created.path).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let cal = ical::IcalParser::new(BufReader::new(body.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("parses");

    let ix = h.state.index().expect("index");
    let school = &ix.school;
    let (_, class) = ix.student(child).expect("the child");
    let tt_rec = docs(&h, DocKind::Timetable)
        .into_iter()
        .find(|r| r.meta.year == school.current_year || r.meta.year.is_none())
        .expect("a timetable");
    let tt = {
        let shared = h
            .state
            .docs
            .get(tt_rec.id, DocKind::Timetable)
            .expect("get")
            .expect("doc");
        let t = zvonok_core::doc::timetable::TimetableData::from_doc(&lock(&shared).doc)
            .expect("timetable");
        t
    };
    let zone = chrono_tz::Europe::Moscow;
    assert_eq!(
        prop(&cal.timezones[0].properties, "TZID").value.as_deref(),
        Some("Europe/Moscow")
    );
    let today = zvonok_core::time_zone::date_in("", Utc::now());
    let mut seen = BTreeSet::new();
    for ev in &cal.events {
        let p = &ev.properties;
        let start_prop = prop(p, "DTSTART");
        assert_eq!(param(start_prop, "TZID").as_deref(), Some("Europe/Moscow"));
        let start = NaiveDateTime::parse_from_str(
            start_prop.value.as_deref().unwrap_or(""),
            "%Y%m%dT%H%M%S",
        )
        .expect("start");
        let hm = start.format("%H:%M").to_string();
        let bell = school
            .bells
            .iter()
            .find(|b| b.start == hm)
            .unwrap_or_else(|| panic!("{hm} is not a bell"));
        let end = NaiveDateTime::parse_from_str(
            prop(p, "DTEND").value.as_deref().unwrap_or(""),
            "%Y%m%dT%H%M%S",
        )
        .expect("end");
        assert_eq!(end.format("%H:%M").to_string(), bell.end);
        let date = start.date();
        let slot = tt
            .slots
            .values()
            .find(|s| {
                s.cohort == Cohort::Class(class)
                    && s.weekday == date.weekday()
                    && s.number == bell.number
            })
            .unwrap_or_else(|| panic!("no slot of the class on {date} at {hm}"));
        assert_eq!(text(p, "SUMMARY"), school.subjects[&slot.subject].name);
        if slot.room.is_empty() {
            assert!(!has(p, "LOCATION"));
        } else {
            assert_eq!(text(p, "LOCATION"), slot.room);
        }
        let teacher = &school.staff[&slot.teacher];
        assert!(
            text(p, "DESCRIPTION").contains(&format!(
                "Учитель: {} {}",
                teacher.last_name, teacher.first_name
            )),
            "{p:?}"
        );
        let instant = zone.from_local_datetime(&start).single().expect("instant");
        assert_eq!(
            instant.with_timezone(&Utc).format("%H:%M").to_string(),
            (start - Duration::hours(3)).format("%H:%M").to_string(),
            "Moscow is UTC+3"
        );
        assert!(seen.insert((date, bell.number)), "one event a lesson");
    }
    // Completeness over the next and the last two weeks.
    let mut want = BTreeSet::new();
    let mut d = today - Duration::days(14);
    while d <= today + Duration::days(14) {
        let term = school.current_periods().iter().any(|p| p.contains(d));
        let off = school.is_holiday(d)
            || d.weekday() == Weekday::Sun
            || (school.week_days == 5 && d.weekday() == Weekday::Sat);
        if term && !off {
            for s in tt.slots.values() {
                if s.cohort == Cohort::Class(class) && s.weekday == d.weekday() {
                    want.insert((d, s.number));
                }
            }
        }
        d += Duration::days(1);
    }
    assert!(!want.is_empty(), "the demo has lessons in these weeks");
    let got: BTreeSet<_> = seen
        .iter()
        .filter(|(d, _)| (today - Duration::days(14)..=today + Duration::days(14)).contains(d))
        .copied()
        .collect();
    assert_eq!(got, want);
    eprintln!(
        "demo calendar feed: {} events, {:?}",
        cal.events.len(),
        started.elapsed()
    );
}
