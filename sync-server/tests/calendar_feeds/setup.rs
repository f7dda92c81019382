//! The empty server's school: one class, two weekly slots, a mother, accounts from slips.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use ical::parser::ical::component::{IcalCalendar, IcalTimeZoneTransitionType};
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Right};
use zvonok_server::storage::DocRecord;

use crate::common::empty::{docs, empty_server, post, quarter, sign_in, OneClass, ADMIN_PASSWORD};
use crate::common::web::{grant_school, issue, put_slots, slip_sign_in, Family};
use crate::common::{Device, Harness};
use crate::feed::{has, local, prop, text};

pub const ZONE: &str = "Asia/Yekaterinburg";
pub const GYM: &str = "Спортзал; 2 этаж, корпус Б";

/// One expected lesson a date: lesson number and room.
pub type Expected = BTreeMap<NaiveDate, (u8, &'static str)>;

/// Checks the calendar's header, its VTIMEZONE and every event against `expected`; returns
/// the events' (date, summary, description) in date order.
pub fn check(
    cal: &IcalCalendar,
    expected: &Expected,
    summary: &str,
) -> Vec<(NaiveDate, String, String)> {
    assert_eq!(
        prop(&cal.properties, "VERSION").value.as_deref(),
        Some("2.0")
    );
    assert!(has(&cal.properties, "PRODID"));
    assert_eq!(
        prop(&cal.properties, "CALSCALE").value.as_deref(),
        Some("GREGORIAN")
    );
    assert!(text(&cal.properties, "X-WR-CALNAME").ends_with("Школа № 5"));
    // The zone: Yekaterinburg, UTC+5 with no summer time since 2014: one STANDARD part.
    assert_eq!(cal.timezones.len(), 1);
    let tz = &cal.timezones[0];
    assert_eq!(prop(&tz.properties, "TZID").value.as_deref(), Some(ZONE));
    assert_eq!(tz.transitions.len(), 1, "{:?}", tz.transitions);
    let std = &tz.transitions[0];
    assert!(matches!(
        std.transition,
        IcalTimeZoneTransitionType::STANDARD
    ));
    assert_eq!(
        prop(&std.properties, "TZOFFSETTO").value.as_deref(),
        Some("+0500")
    );
    let offset = chrono::FixedOffset::east_opt(5 * 3600).expect("offset");
    let zone: chrono_tz::Tz = ZONE.parse().expect("zone");

    let mut seen = BTreeSet::new();
    let mut uids = BTreeSet::new();
    let mut out = Vec::new();
    for ev in &cal.events {
        let p = &ev.properties;
        let start = local(p, "DTSTART", ZONE);
        let end = local(p, "DTEND", ZONE);
        let date = start.date();
        let Some((number, room)) = expected.get(&date) else {
            panic!("an event on {date} the timetable does not have: {p:?}");
        };
        // Bells: lesson N is (7+N):00–(7+N):45 in the school's zone.
        let h = 7 + u32::from(*number);
        assert_eq!(start.time(), NaiveTime::from_hms_opt(h, 0, 0).expect("t"));
        assert_eq!(end.time(), NaiveTime::from_hms_opt(h, 45, 0).expect("t"));
        // Read with the feed's own VTIMEZONE, the instant is the bell in the school's zone.
        let by_feed = offset
            .from_local_datetime(&start)
            .single()
            .expect("instant");
        let by_zone = zone.from_local_datetime(&start).single().expect("instant");
        assert_eq!(by_feed.with_timezone(&Utc), by_zone.with_timezone(&Utc));
        assert_eq!(text(p, "SUMMARY"), summary);
        assert_eq!(text(p, "LOCATION"), *room);
        assert_eq!(prop(p, "STATUS").value.as_deref(), Some("CONFIRMED"));
        let stamp = prop(p, "DTSTAMP").value.clone().unwrap_or_default();
        assert!(stamp.ends_with('Z') && stamp.len() == 16, "{stamp}");
        assert!(uids.insert(text(p, "UID")), "UIDs are unique");
        assert!(seen.insert(date), "one lesson a day here");
        out.push((date, text(p, "SUMMARY"), text(p, "DESCRIPTION")));
    }
    let want: BTreeSet<NaiveDate> = expected.keys().copied().collect();
    assert_eq!(seen, want, "the feed's dates are the timetable's");
    out.sort();
    out
}

fn next_weekday(w: Weekday) -> Weekday {
    match w {
        Weekday::Fri | Weekday::Sat | Weekday::Sun => Weekday::Mon,
        w => w.succ(),
    }
}

/// The school as the stories start from it.
pub struct School {
    pub h: Harness,
    /// The coordinator's session.
    pub tok: String,
    pub teacher_tok: String,
    pub mother_tok: String,
    pub teacher: StaffMember,
    pub class: Class,
    pub students: Vec<Student>,
    pub mother: Guardian,
    /// `/v1/web/people/ops?class=…`.
    pub people: String,
    pub today: NaiveDate,
    pub q1: StudyPeriod,
    pub q2: StudyPeriod,
    pub timetable: DocRecord,
    /// The first quarter's journal (the second is not open yet).
    pub journal: DocRecord,
    pub expected: Expected,
}

/// Sets the school up from an empty server.
pub async fn school() -> School {
    let (h, _) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();

    // The first quarter ends in 10 days, a week of holidays, then the second quarter: the
    // feed (two weeks back, two weeks past the quarter) spans journals and the plan.
    let today = zvonok_core::time_zone::date_in(ZONE, Utc::now());
    let year = AcademicYear {
        id: YearId::new(),
        title: "2026/2027".into(),
        start: today - Duration::days(40),
        end: today + Duration::days(100),
    };
    let q = |n: u8, start: NaiveDate, end: NaiveDate| quarter(&year, n, start, end);
    let q1 = q(1, year.start, today + Duration::days(10));
    let q2 = q(2, today + Duration::days(18), year.end);
    let holidays = vec![Holiday {
        id: HolidayId::new(),
        year: year.id,
        title: "Осенние каникулы".into(),
        start: today + Duration::days(11),
        end: today + Duration::days(17),
    }];
    let school = OneClass::new(year.clone());
    school
        .set_up(&h, &tok, vec![q1.clone(), q2.clone()], holidays, &[])
        .await;
    post(
        &h,
        &tok,
        "/v1/web/school/ops",
        &SchoolOp::SetTimeZone { zone: ZONE.into() },
    )
    .await;
    let (math, teacher, class) = (&school.math, &school.teacher, &school.class);
    grant_school(
        &h,
        &tok,
        admin.user.id,
        &[Right::EnterStudentLists, Right::EditTimetable],
    )
    .await;
    let people = format!("/v1/web/people/ops?class={}", class.id);
    let Family { students, mother } = Family::enter(&h, &tok, class.id).await;

    // Two slots, one change through a real device sync: the 2nd lesson in room 12 and the
    // 4th in the gym (a room with «;» and «,» to escape).
    let wd_a = (1..=7)
        .map(|i| (today + Duration::days(i)).weekday())
        .find(|w| !matches!(w, Weekday::Sat | Weekday::Sun))
        .expect("a weekday");
    let wd_b = next_weekday(wd_a);
    let slot = |weekday, number, room: &str| Slot {
        id: SlotId::new(),
        weekday,
        number,
        cohort: Cohort::Class(class.id),
        subject: math.id,
        teacher: teacher.id,
        co_teachers: Vec::new(),
        room: room.into(),
        week: Default::default(),
        version: None,
    };
    let tts = docs(&h, DocKind::Timetable);
    let mut coord = Device::new(&admin);
    coord.sync(&h).await;
    put_slots(
        &h,
        &mut coord,
        tts[0].id,
        &[slot(wd_a, 2, "12"), slot(wd_b, 4, GYM)],
    )
    .await;
    let journals = docs(&h, DocKind::Journal);
    assert_eq!(
        journals.len(),
        1,
        "only the first quarter is open: {journals:?}"
    );

    // What the timetable says, worked out here from the calendar: the school days from two
    // weeks back to two weeks after the first quarter, outside the holidays.
    let mut expected: Expected = BTreeMap::new();
    let mut d = today - Duration::days(14);
    while d <= q1.end + Duration::days(14) {
        let in_term = q1.contains(d) || q2.contains(d);
        if in_term && d.weekday() == wd_a {
            expected.insert(d, (2, "12"));
        }
        if in_term && d.weekday() == wd_b {
            expected.insert(d, (4, GYM));
        }
        d += Duration::days(1);
    }
    assert!(expected.keys().any(|d| q2.contains(*d)), "the plan's part");
    assert!(expected.len() >= 8, "{expected:?}");

    // Accounts from the slips.
    let staff = issue(&h, &tok, None).await;
    let teacher_tok = slip_sign_in(&h, &staff, "Соколова").await.token;
    let fam = issue(&h, &tok, Some(class.id)).await;
    let mother_tok = slip_sign_in(&h, &fam, "Орлова Анна").await.token;

    School {
        h,
        tok,
        teacher_tok,
        mother_tok,
        teacher: teacher.clone(),
        class: class.clone(),
        students,
        mother,
        people,
        today,
        q1,
        q2,
        timetable: tts[0].clone(),
        journal: journals[0].clone(),
        expected,
    }
}
