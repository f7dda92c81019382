//! Calendar feeds from an EMPTY server: the wizard's school in Yekaterinburg's zone, a class
//! list with a mother, two weekly slots written through a real device sync, the journals the
//! server opens; then the teacher's, the class's and the mother's feeds fetched over the
//! router with no bearer and read back with an independent parser (the `ical` crate), every
//! event checked against the timetable: dates, bell times in the school's zone, summary,
//! room; the mother's feed of another child refused; a replaced or revoked link and a mother
//! unlinked from her child get 404; a cancelled lesson shows as cancelled and a moved one at
//! its new place.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;

use automerge::transaction::Transactable;
use automerge::{ReadDoc, ROOT};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use common::empty::{docs, empty_server, post, sign_in, OneClass, ADMIN_PASSWORD};
use common::{Device, Harness};
use ical::parser::ical::component::{IcalCalendar, IcalTimeZoneTransitionType};
use ical::property::Property;
use zvonok_core::doc::journal::{JournalData, JournalOp};
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::timetable_changes::{ChangeKind, LessonChange};
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Grant, Right, Scope};
use zvonok_core::wire::{
    CalendarFeedsView, CreateFeedRequest, CreatedFeed, FeedTarget, GrantChange, IssueResponse,
};
use zvonok_server::docstore::lock;
use zvonok_server::storage::AuditFilter;

const ZONE: &str = "Asia/Yekaterinburg";
const GYM: &str = "Спортзал; 2 этаж, корпус Б";

async fn fetch(h: &Harness, path: &str) -> (StatusCode, Option<String>, String) {
    let req = Request::get(path).body(Body::empty()).expect("request");
    let (s, headers, b) = h.call(req).await;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (s, ct, String::from_utf8(b).expect("utf-8"))
}

async fn feeds(h: &Harness, token: &str) -> CalendarFeedsView {
    let (s, _, b) = h.get(token, "/v1/web/calendar/feeds").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("feeds")
}

async fn create(h: &Harness, token: &str, target: FeedTarget) -> CreatedFeed {
    let b = post(
        h,
        token,
        "/v1/web/calendar/feeds",
        &CreateFeedRequest { target },
    )
    .await;
    serde_json::from_slice(&b).expect("created")
}

async fn create_status(h: &Harness, token: &str, target: FeedTarget) -> StatusCode {
    let req = Request::post("/v1/web/calendar/feeds")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::to_vec(&CreateFeedRequest { target }).expect("json"),
        ))
        .expect("request");
    h.call(req).await.0
}

async fn delete(h: &Harness, token: &str, id: CalendarFeedId) -> StatusCode {
    let req = Request::builder()
        .method(Method::DELETE)
        .uri(format!("/v1/web/calendar/feeds/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    h.call(req).await.0
}

/// The feed at `path`, parsed by the `ical` crate: exactly one calendar.
async fn calendar(h: &Harness, path: &str) -> (IcalCalendar, String) {
    let (s, ct, text) = fetch(h, path).await;
    assert_eq!(s, StatusCode::OK, "{text}");
    assert_eq!(ct.as_deref(), Some("text/calendar; charset=utf-8"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
    }
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "bare LF in the feed"
    );
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let cal = parser.next().expect("a calendar").expect("the feed parses");
    assert!(parser.next().is_none(), "one calendar only");
    (cal, text)
}

fn prop<'a>(props: &'a [Property], name: &str) -> &'a Property {
    let found: Vec<&Property> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} in {props:?}");
    found[0]
}

fn has(props: &[Property], name: &str) -> bool {
    props.iter().any(|p| p.name == name)
}

/// A TEXT value with the RFC 5545 escapes undone.
fn text(props: &[Property], name: &str) -> String {
    let raw = prop(props, name).value.clone().unwrap_or_default();
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn param(p: &Property, name: &str) -> Option<String> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.join(","))
}

fn local(props: &[Property], name: &str) -> NaiveDateTime {
    let p = prop(props, name);
    assert_eq!(param(p, "TZID").as_deref(), Some(ZONE), "{p:?}");
    NaiveDateTime::parse_from_str(p.value.as_deref().unwrap_or(""), "%Y%m%dT%H%M%S")
        .expect("a local date-time")
}

/// One expected lesson: lesson number and room.
type Expected = BTreeMap<NaiveDate, (u8, &'static str)>;

/// Checks the calendar's header, its VTIMEZONE and every event against `expected`; returns
/// the events' (date, summary, description) in date order.
fn check(
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
        let start = local(p, "DTSTART");
        let end = local(p, "DTEND");
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

#[tokio::test]
async fn feeds_of_a_teacher_a_class_and_a_child_match_the_timetable_and_follow_rights() {
    let started = std::time::Instant::now();
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
        room: room.into(),
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

    // The teacher writes a topic and homework for the next lesson in room 12.
    let next_a = *expected
        .iter()
        .find(|(d, (n, _))| **d > today && *n == 2 && q1.contains(**d))
        .expect("a lesson ahead in the quarter")
        .0;
    let j1 = {
        let shared = h
            .state
            .docs
            .get(journals[0].id, DocKind::Journal)
            .expect("get")
            .expect("doc");
        let j = JournalData::from_doc(&lock(&shared).doc).expect("journal");
        j
    };
    let lesson = j1.lesson_on(next_a, 2).expect("the lesson").id;
    let ops = format!("/v1/web/journals/{}/ops", journals[0].id);
    post(
        &h,
        &teacher_tok,
        &ops,
        &JournalOp::SetTopic {
            lesson,
            topic: "Дроби, сравнение; задачи".into(),
        },
    )
    .await;
    post(
        &h,
        &teacher_tok,
        &ops,
        &JournalOp::SetHomework {
            lesson,
            homework: "№ 12\nстр. 30".into(),
        },
    )
    .await;

    // 1. The teacher may subscribe to their lessons and to the class they teach.
    let view = feeds(&h, &teacher_tok).await;
    let targets: Vec<FeedTarget> = view.options.iter().map(|o| o.target).collect();
    assert_eq!(
        targets,
        vec![
            FeedTarget::Teacher { staff: teacher.id },
            FeedTarget::Class { class: class.id }
        ]
    );
    assert!(view.options.iter().all(|o| o.feed.is_none()));
    let mine = create(&h, &teacher_tok, FeedTarget::Teacher { staff: teacher.id }).await;
    assert!(mine.path.starts_with("/ical/") && mine.path.ends_with(".ics"));
    assert_eq!(mine.replaced, None);
    let (cal, raw) = calendar(&h, &mine.path).await;
    assert!(text(&cal.properties, "X-WR-CALNAME").contains("Соколова И. П."));
    let events = check(&cal, &expected, "Математика · 5А");
    let (_, _, desc) = events
        .iter()
        .find(|(d, _, _)| *d == next_a)
        .expect("the lesson with a topic");
    assert!(
        desc.contains("Тема: Дроби, сравнение; задачи")
            && desc.contains("Домашнее задание: № 12\nстр. 30"),
        "{desc}"
    );
    assert!(
        raw.replace("\r\n ", "")
            .contains("Дроби\\, сравнение\\; задачи"),
        "escaped on the wire"
    );
    // The bearer is not needed, and not looked at: the token is the credential.
    let view = feeds(&h, &teacher_tok).await;
    assert_eq!(
        view.options[0].feed.as_ref().map(|f| f.id),
        Some(mine.feed.id)
    );

    // 2. The class's feed: the same lessons, the subject alone, the teacher named.
    let class_feed = create(&h, &teacher_tok, FeedTarget::Class { class: class.id }).await;
    let (cal, _) = calendar(&h, &class_feed.path).await;
    for (_, _, desc) in check(&cal, &expected, "Математика") {
        assert!(desc.contains("Учитель: Соколова Ирина Петровна"), "{desc}");
    }

    // 3. The mother: her child only. Another child is refused.
    let view = feeds(&h, &mother_tok).await;
    let vera = FeedTarget::Student {
        student: students[0].id,
    };
    assert_eq!(
        view.options.iter().map(|o| o.target).collect::<Vec<_>>(),
        vec![vera]
    );
    assert_eq!(view.options[0].title, "Орлова Вера (5А)");
    let ilya = FeedTarget::Student {
        student: students[1].id,
    };
    assert_eq!(
        create_status(&h, &mother_tok, ilya).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        create_status(&h, &mother_tok, FeedTarget::Class { class: class.id }).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        create_status(&h, &mother_tok, FeedTarget::Teacher { staff: teacher.id }).await,
        StatusCode::FORBIDDEN
    );
    let first = create(&h, &mother_tok, vera).await;
    let (cal, _) = calendar(&h, &first.path).await;
    let events = check(&cal, &expected, "Математика");
    assert!(events.iter().any(|(_, _, d)| d.contains("Тема: Дроби")));

    // 4. A new link for the same child replaces the old one; the old one is gone.
    let second = create(&h, &mother_tok, vera).await;
    assert_eq!(second.replaced, Some(first.feed.id));
    assert_eq!(fetch(&h, &first.path).await.0, StatusCode::NOT_FOUND);
    calendar(&h, &second.path).await;
    // Nobody else revokes her link; she can.
    assert_eq!(
        delete(&h, &teacher_tok, second.feed.id).await,
        StatusCode::NOT_FOUND
    );
    calendar(&h, &second.path).await;
    assert_eq!(
        delete(&h, &mother_tok, second.feed.id).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(fetch(&h, &second.path).await.0, StatusCode::NOT_FOUND);
    assert!(feeds(&h, &mother_tok).await.options[0].feed.is_none());

    // 5. Unlinked from her child, the mother's link answers 404 and is listed as lapsed.
    let third = create(&h, &mother_tok, vera).await;
    calendar(&h, &third.path).await;
    post(
        &h,
        &tok,
        &people,
        &PeopleOp::Unlink {
            guardian: mother.id,
            student: students[0].id,
        },
    )
    .await;
    let (s, _, body) = fetch(&h, &third.path).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{body}");
    assert!(!body.contains("BEGIN:VCALENDAR"));
    let view = feeds(&h, &mother_tok).await;
    assert!(view.options.is_empty());
    assert_eq!(
        view.lapsed.iter().map(|f| f.id).collect::<Vec<_>>(),
        vec![third.feed.id]
    );
    assert_eq!(
        create_status(&h, &mother_tok, vera).await,
        StatusCode::FORBIDDEN
    );
    // Linked again, the same link works again (nothing was revoked).
    post(&h, &tok, &people, &link(students[0].id)).await;
    calendar(&h, &third.path).await;

    // 6. Unknown tokens and other names are 404; the teacher's links still work.
    for path in [
        "/ical/0000000000000000000000000000000000000000000000000000000000000000.ics".to_string(),
        mine.path.replace(".ics", ".txt"),
        format!("/ical/{}.ics", "f".repeat(300)),
    ] {
        assert_eq!(fetch(&h, &path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    calendar(&h, &mine.path).await;

    // 7. Changes by date: the coordinator cancels the first lesson in room 12 of the second
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
                .get(tts[0].id, DocKind::Timetable)
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
                    local(&e.properties, "DTSTART") == date.and_hms_opt(hour, 0, 0).expect("time")
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

    // 8. Audited: five links made, three revoked (replaced, deleted, … ) — never a token.
    let lines = h
        .state
        .storage
        .audit_query(&AuditFilter {
            actions: vec![
                "calendar_feed_created".into(),
                "calendar_feed_revoked".into(),
            ],
            limit: 100,
            ..AuditFilter::default()
        })
        .expect("audit");
    let count = |a: &str| lines.iter().filter(|l| l.entry.action == a).count();
    assert_eq!(
        (
            count("calendar_feed_created"),
            count("calendar_feed_revoked")
        ),
        (5, 2)
    );
    for l in &lines {
        assert!(
            !l.entry.detail.contains(&mine.path[6..70]),
            "a token in the log"
        );
    }
    assert!(lines
        .iter()
        .filter(|l| l.entry.detail.contains("Орлова Вера"))
        .all(|l| l.subject.student == Some(students[0].id) && l.subject.class == Some(class.id)));
    eprintln!("calendar_feeds: {:?}", started.elapsed());
}

/// The demo school's parent subscribes to their child's lessons: every event is a slot of the
/// child's class on that weekday and number, with its subject, room, teacher and bell times
/// in Moscow time; every lesson of the timetable from two weeks back to two weeks ahead is
/// there.
#[tokio::test]
async fn the_demo_parents_feed_is_the_childs_timetable() {
    let started = std::time::Instant::now();
    let h = Harness::new(common::empty::BIG);
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
