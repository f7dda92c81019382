//! From an EMPTY server to the first marked lesson: the wizard's school ops, a class list, the
//! timetable document the server created, a slot written into it through a real device sync,
//! then the journals and dated lessons the server creates, the teacher's Today, attendance
//! and a mark, the parent's summary; a timetable change keeps the marked lesson (listed as
//! «не по расписанию») and moves the empty future ones.

mod common;

use axum::http::StatusCode;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::empty::{
    docs, empty_server, post, quarter, school_today, sign_in, year_around, OneClass, ADMIN_PASSWORD,
};
use common::web::{
    first_on, get_json, grant_school, issue, journal, put_slots, slip_sign_in, Family,
};
use common::Device;
use zvonok_core::doc::journal::{JournalData, JournalOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::model::*;
use zvonok_core::projection::StudentSummary;
use zvonok_core::rights::{Cohort, Right};
use zvonok_core::views::today::TodayLesson;
use zvonok_core::wire::OffTimetableView;
use zvonok_server::provision;

#[tokio::test]
async fn an_empty_school_reaches_its_first_marked_lesson_and_keeps_it_when_the_timetable_moves() {
    let started = std::time::Instant::now();
    let (h, _) = empty_server();
    assert!(docs(&h, DocKind::Timetable).is_empty(), "no year yet");
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();

    // The calendar around today: the first quarter until today + 6, a week of holidays, the
    // second quarter, with a one-day holiday inside it.
    let today = school_today();
    let year = year_around(30, 90);
    let q = |n: u8, start: NaiveDate, end: NaiveDate| quarter(&year, n, start, end);
    let q1 = q(1, year.start, today + Duration::days(6));
    let q2 = q(2, today + Duration::days(14), year.end);
    // The lesson day: the first weekday after today inside the first quarter.
    let day = (1..=6)
        .map(|i| today + Duration::days(i))
        .find(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .expect("a weekday");
    let inside = first_on(q2.start + Duration::days(7), day.weekday());
    let holidays = vec![
        Holiday {
            id: HolidayId::new(),
            year: year.id,
            title: "Осенние каникулы".into(),
            start: today + Duration::days(7),
            end: today + Duration::days(13),
        },
        Holiday {
            id: HolidayId::new(),
            year: year.id,
            title: "Праздничный день".into(),
            start: inside,
            end: inside,
        },
    ];
    let school = OneClass::new(year.clone());
    school
        .set_up(
            &h,
            &tok,
            vec![q1.clone(), q2.clone()],
            holidays.clone(),
            &[],
        )
        .await;
    let (math, teacher, class) = (&school.math, &school.teacher, &school.class);
    // 1. The timetable document of the current year exists, empty.
    let tts = docs(&h, DocKind::Timetable);
    assert_eq!(tts.len(), 1);
    assert_eq!(tts[0].meta.year, Some(year.id));
    assert_eq!(tts[0].title, "Расписание 2026/2027");

    // The coordinator is given «Ввести списки учеников и родителей» and «Редактировать
    // расписание». The class list: two students, a guardian of the first.
    grant_school(
        &h,
        &tok,
        admin.user.id,
        &[Right::EnterStudentLists, Right::EditTimetable],
    )
    .await;
    let Family {
        students,
        mother: _,
    } = Family::enter(&h, &tok, class.id).await;
    assert!(
        docs(&h, DocKind::Journal).is_empty(),
        "no slots, no journals"
    );

    // 2. The coordinator writes a slot into the timetable through a real device sync.
    let mut coord = Device::new(&admin);
    coord.sync(&h).await;
    let mut slot = Slot {
        id: SlotId::new(),
        weekday: day.weekday(),
        number: 2,
        cohort: Cohort::Class(class.id),
        subject: math.id,
        teacher: teacher.id,
        co_teachers: Vec::new(),
        room: "12".into(),
        week: Default::default(),
        version: None,
    };
    put_slots(&h, &mut coord, tts[0].id, std::slice::from_ref(&slot)).await;

    // 3. Journals for the class × subject × both quarters, lessons on the slot's weekday.
    let journals = docs(&h, DocKind::Journal);
    assert_eq!(journals.len(), 2, "{journals:?}");
    assert_eq!(journals[0].title, "5А · Математика · 1 четверть");
    assert_eq!(journals[0].meta.cohort, Some(Cohort::Class(class.id)));
    assert_eq!(journals[0].meta.period, Some(q1.id));
    assert_eq!(journals[1].meta.period, Some(q2.id));
    let j1 = journal(&h, &journals[0]);
    assert_eq!(j1.students.len(), 2, "the class's students");
    let mut want = Vec::new();
    let mut d = q1.start;
    while d <= q1.end {
        if d.weekday() == day.weekday() {
            want.push((d, 2));
        }
        d += Duration::days(1);
    }
    let got: Vec<(NaiveDate, u8)> = j1
        .lessons_in_order()
        .iter()
        .map(|l| (l.date, l.number))
        .collect();
    assert_eq!(got, want);
    let j2 = journal(&h, &journals[1]);
    assert!(!j2.lessons.is_empty());
    assert!(j2
        .lessons
        .values()
        .all(|l| l.date.weekday() == day.weekday()));
    assert!(
        j2.lessons.values().all(|l| l.date != inside),
        "no lesson on a holiday"
    );
    // Idempotent: a second run writes nothing.
    let heads: Vec<_> = docs(&h, DocKind::Journal)
        .into_iter()
        .map(|r| r.heads)
        .collect();
    assert_eq!(provision::after_school_change(&h.state).expect("again"), 0);
    provision::forget_last_run(&h.state);
    assert_eq!(provision::after_school_change(&h.state).expect("forced"), 0);
    let again: Vec<_> = docs(&h, DocKind::Journal)
        .into_iter()
        .map(|r| r.heads)
        .collect();
    assert_eq!(heads, again, "nothing written the second time");

    // 4. Accounts: the teacher and the mother sign in with their slips' codes.
    let staff = issue(&h, &tok, None).await;
    let teacher_tok = slip_sign_in(&h, &staff, "Соколова").await.token;
    let fam = issue(&h, &tok, Some(class.id)).await;
    let mother_tok = slip_sign_in(&h, &fam, "Орлова Анна").await.token;

    // 5. Today lists the lesson; the teacher marks attendance and a mark.
    let lessons: Vec<TodayLesson> =
        get_json(&h, &teacher_tok, &format!("/v1/web/today?date={day}")).await;
    assert_eq!(lessons.len(), 1, "{lessons:?}");
    let (doc, lesson) = (
        lessons[0].journal.expect("a journal"),
        lessons[0].lesson.expect("a lesson"),
    );
    assert_eq!(doc, journals[0].id);
    let ops = format!("/v1/web/journals/{doc}/ops");
    post(
        &h,
        &teacher_tok,
        &ops,
        &JournalOp::SetAttendance {
            lesson,
            student: students[1].id,
            code: Some(AbsenceCode::Absent),
        },
    )
    .await;
    post(
        &h,
        &teacher_tok,
        &ops,
        &JournalOp::GiveMark {
            id: MarkId::new(),
            lesson,
            student: students[0].id,
            value: MarkValue::Points(5),
            kind: "answer".into(),
            weight: 1,
            comment: String::new(),
        },
    )
    .await;
    let lessons: Vec<TodayLesson> =
        get_json(&h, &teacher_tok, &format!("/v1/web/today?date={day}")).await;
    assert_eq!((lessons[0].marks, lessons[0].absences), (1, 1));

    // 6. The mother sees the mark.
    let summary: StudentSummary = get_json(
        &h,
        &mother_tok,
        &format!("/v1/students/{}/summary?period={}", students[0].id, q1.id),
    )
    .await;
    let subject = summary
        .subjects
        .iter()
        .find(|s| s.name == "Математика")
        .expect("the subject");
    assert_eq!(subject.marks.len(), 1);
    assert_eq!(
        (subject.marks[0].date, subject.marks[0].value.as_str()),
        (day, "5")
    );

    // 7. The slot moves to the next weekday: the marked lesson stays and is listed; the empty
    // future lessons move; the past stays as it was.
    let past: Vec<(NaiveDate, u8)> = j2_past(&journal(&h, &journals[0]), today);
    slot.weekday = match day.weekday() {
        Weekday::Fri => Weekday::Mon,
        w => w.succ(),
    };
    put_slots(&h, &mut coord, tts[0].id, std::slice::from_ref(&slot)).await;
    let j1 = journal(&h, &journals[0]);
    assert!(j1.lessons.contains_key(&lesson), "the marked lesson stays");
    assert_eq!(j2_past(&j1, today), past, "the past is history");
    for l in j1.lessons.values().filter(|l| l.date >= today) {
        assert!(
            l.id == lesson || l.date.weekday() == slot.weekday,
            "{l:?} should have moved"
        );
    }
    let j2 = journal(&h, &journals[1]);
    assert!(j2
        .lessons
        .values()
        .all(|l| l.date.weekday() == slot.weekday));
    assert!(!j2.lessons.is_empty());
    let off: OffTimetableView = get_json(&h, &tok, "/v1/web/timetable/off").await;
    assert_eq!(off.lessons.len(), 1, "{off:?}");
    let o = &off.lessons[0];
    assert_eq!(
        (o.lesson, o.journal, o.date, o.number),
        (lesson, doc, day, 2)
    );
    assert_eq!((o.class.as_str(), o.subject.as_str()), ("5А", "Математика"));
    assert_eq!((o.marks, o.attendance), (1, 1));
    // Only the coordinator and the timetable's editors see the list.
    let (s, _, _) = h.get(&teacher_tok, "/v1/web/timetable/off").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    eprintln!("journals_from_timetable: {:?}", started.elapsed());
}

/// The journal's lessons before `today`.
fn j2_past(j: &JournalData, today: NaiveDate) -> Vec<(NaiveDate, u8)> {
    j.lessons_in_order()
        .iter()
        .filter(|l| l.date < today)
        .map(|l| (l.date, l.number))
        .collect()
}
