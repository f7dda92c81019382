//! The empty server's school: one class, two weekly slots, a mother, accounts from slips.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use ical::parser::ical::component::{IcalCalendar, IcalTimeZoneTransitionType};
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Grant, Right, Scope};
use zvonok_core::wire::{GrantChange, IssueResponse};
use zvonok_server::storage::DocRecord;

use crate::common::empty::{docs, empty_server, post, sign_in, OneClass, ADMIN_PASSWORD};
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

/// Writes both slots into the device's timetable in one change, then syncs.
async fn put_slots(h: &Harness, dev: &mut Device, tt: DocId, slots: &[Slot]) {
    let (_, doc, _) = dev.docs.get_mut(&tt).expect("the timetable on the device");
    let (_, container) = doc.get(ROOT, "slots").expect("read").expect("slots");
    for slot in slots {
        let o = doc
            .put_object(&container, slot.id.to_string(), automerge::ObjType::Map)
            .expect("slot");
        doc.put(&o, "weekday", i64::from(slot.weekday.number_from_monday()))
            .expect("put");
        doc.put(&o, "number", i64::from(slot.number)).expect("put");
        doc.put(&o, "class", slot.cohort.class().to_string())
            .expect("put");
        doc.put(&o, "subject", slot.subject.to_string())
            .expect("put");
        doc.put(&o, "teacher", slot.teacher.to_string())
            .expect("put");
        doc.put(&o, "room", slot.room.as_str()).expect("put");
    }
    doc.commit();
    dev.sync(h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
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
    let q = |n: u8, start: NaiveDate, end: NaiveDate| StudyPeriod {
        id: PeriodId::new(),
        year: year.id,
        kind: PeriodKind::Quarter,
        number: n,
        start,
        end,
    };
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
    for right in [Right::EnterStudentLists, Right::EditTimetable] {
        post(
            &h,
            &tok,
            &format!("/v1/web/accounts/{}/grants", admin.user.id),
            &GrantChange {
                grant: Grant {
                    right,
                    scope: Scope::School,
                },
                add: true,
            },
        )
        .await;
    }
    let people = format!("/v1/web/people/ops?class={}", class.id);
    let students: Vec<Student> = [("Орлова", "Вера"), ("Петров", "Илья")]
        .iter()
        .map(|(last, first)| Student {
            id: StudentId::new(),
            last_name: (*last).into(),
            first_name: (*first).into(),
            middle_name: String::new(),
            active: true,
        })
        .collect();
    for s in &students {
        post(
            &h,
            &tok,
            &people,
            &PeopleOp::PutStudent { student: s.clone() },
        )
        .await;
    }
    let mother = Guardian {
        id: GuardianId::new(),
        last_name: "Орлова".into(),
        first_name: "Анна".into(),
        middle_name: String::new(),
        relation: "мать".into(),
    };
    post(
        &h,
        &tok,
        &people,
        &PeopleOp::PutGuardian {
            guardian: mother.clone(),
        },
    )
    .await;
    let link = |student: StudentId| PeopleOp::Link {
        guardian: mother.id,
        student,
    };
    post(&h, &tok, &people, &link(students[0].id)).await;

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
    let staff: IssueResponse = serde_json::from_slice(
        &post(
            &h,
            &tok,
            "/v1/web/accounts/issue",
            &serde_json::json!({"scope": {"kind": "staff"}}),
        )
        .await,
    )
    .expect("issue");
    let t = staff
        .accounts
        .iter()
        .find(|a| a.name.starts_with("Соколова"))
        .expect("the teacher's slip");
    let teacher_tok = sign_in(&h, &t.login, t.code.as_deref().expect("code"))
        .await
        .token;
    let fam: IssueResponse = serde_json::from_slice(
        &post(
            &h,
            &tok,
            "/v1/web/accounts/issue",
            &serde_json::json!({"scope": {"kind": "class", "class": class.id.to_string()}}),
        )
        .await,
    )
    .expect("issue");
    let m = fam
        .accounts
        .iter()
        .find(|a| a.name.starts_with("Орлова Анна"))
        .expect("the mother's slip");
    let mother_tok = sign_in(&h, &m.login, m.code.as_deref().expect("code"))
        .await
        .token;

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
