//! Changes by date and substitutions, from an empty server: the coordinator gives one lesson
//! of 5А's mathematics to a substitute (`POST /v1/web/timetable/ops`, `TimetableOp::PutChange`);
//! the journal's lesson names the substitute; the substitute's device receives the journal,
//! sees the lesson in Today, marks attendance in it (kept) and, forged past the device's own
//! check, in another lesson of that class (refused by the server, the reason recorded on the
//! device and in the audit log); the regular teacher sees who gave it. A lesson cancelled
//! mid-period keeps its mark; a moved lesson leaves its empty place and comes at the new one.

mod common;

use axum::http::{header, StatusCode};
use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::empty::{
    docs, empty_server, post, quarter, school_today, sign_in, year_around, OneClass, ADMIN_PASSWORD,
};
use common::web::{first_on, get_json, grant_school, issue, journal, post_raw, slip_sign_in};
use common::Device;
use zvonok_core::doc::journal::{self, JournalOp, JournalPermission};
use zvonok_core::doc::journal_substitute::ONLY_THAT_LESSON;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::timetable_changes::{ChangeKind, LessonChange};
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::model::*;
use zvonok_core::projection::StudentSummary;
use zvonok_core::rights::{Cohort, Right};
use zvonok_core::views::changes::ChangesView;
use zvonok_core::views::substitutions::SubstitutionsView;
use zvonok_core::views::today::TodayLesson;
use zvonok_core::wire::{AuditView, OffTimetableView};

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

#[tokio::test]
async fn a_substitute_writes_the_substituted_lesson_only_and_changes_lose_no_mark() {
    let started = std::time::Instant::now();
    let (h, _) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();
    let today = school_today();
    let year = year_around(40, 120);
    let q1 = quarter(&year, 1, year.start, year.end);
    let school = OneClass::new(year.clone());
    school.set_up(&h, &tok, vec![q1.clone()], vec![], &[]).await;
    let (math, teacher, class) = (&school.math, &school.teacher, &school.class);
    let substitute = StaffMember {
        id: StaffId::new(),
        last_name: "Петрова".into(),
        first_name: "Мария".into(),
        middle_name: "Ивановна".into(),
        position: "Учитель математики".into(),
    };
    post(
        &h,
        &tok,
        "/v1/web/school/ops",
        &SchoolOp::PutStaff {
            member: substitute.clone(),
        },
    )
    .await;
    grant_school(
        &h,
        &tok,
        admin.user.id,
        &[Right::EnterStudentLists, Right::EditTimetable],
    )
    .await;
    let pupil = Student {
        id: StudentId::new(),
        last_name: "Орлова".into(),
        first_name: "Вера".into(),
        middle_name: String::new(),
        active: true,
    };
    post(
        &h,
        &tok,
        &format!("/v1/web/people/ops?class={}", class.id),
        &PeopleOp::PutStudent {
            student: pupil.clone(),
        },
    )
    .await;

    // Two lessons of 5А's mathematics on one weekday (2nd and 3rd), both Соколова's.
    let day = (1..=7)
        .map(|i| today + Duration::days(i))
        .find(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .expect("a weekday");
    let slot = |number: u8| Slot {
        id: SlotId::new(),
        weekday: day.weekday(),
        number,
        cohort: Cohort::Class(class.id),
        subject: math.id,
        teacher: teacher.id,
        co_teachers: Vec::new(),
        room: "12".into(),
        week: Default::default(),
        version: None,
    };
    let (second, third) = (slot(2), slot(3));
    for s in [&second, &third] {
        post(
            &h,
            &tok,
            "/v1/web/timetable/ops",
            &TimetableOp::PutSlot { slot: s.clone() },
        )
        .await;
    }
    let journals = docs(&h, DocKind::Journal);
    assert_eq!(journals.len(), 1, "{journals:?}");
    let jrec = journals[0].clone();

    // Accounts for both teachers.
    let issued = issue(&h, &tok, None).await;
    let teacher_login = slip_sign_in(&h, &issued, "Соколова").await;
    let sub_login = slip_sign_in(&h, &issued, "Петрова").await;
    let mut sub_dev = Device::new(&sub_login);
    sub_dev.sync(&h).await;
    assert!(
        !sub_dev.docs.contains_key(&jrec.id),
        "no substitution yet: the journal is not theirs to read"
    );

    // The coordinator gives the 2nd lesson of `day` to Петрова, in room 7.
    let mut sub = change(&second, day, ChangeKind::Substitute);
    sub.teacher = Some(substitute.id);
    sub.room = "7".into();
    sub.note = "Соколова на курсах".into();
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange {
            change: sub.clone(),
        },
    )
    .await;
    // The teacher herself, or a second change of that lesson, are refused with a reason.
    let mut wrong = change(&third, day, ChangeKind::Substitute);
    wrong.teacher = Some(teacher.id);
    let (s, b) = post_raw(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange { change: wrong },
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.contains("тот же"), "{b}");
    let (s, b) = post_raw(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange {
            change: change(&second, day, ChangeKind::Cancel),
        },
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.contains("уже есть изменение"), "{b}");

    let j = journal(&h, &jrec);
    let l2 = j.lesson_on(day, 2).expect("2nd lesson").clone();
    let l3 = j.lesson_on(day, 3).expect("3rd lesson").clone();
    assert_eq!(
        l2.substitute,
        Some(substitute.id),
        "the lesson names its substitute"
    );
    assert_eq!(l3.substitute, None);
    assert!(j
        .lessons
        .values()
        .filter(|l| l.id != l2.id)
        .all(|l| l.substitute.is_none()));

    // The substitute's Today: the lesson, marked as a substitution for Соколова, in room 7.
    let mine: Vec<TodayLesson> =
        get_json(&h, &sub_login.token, &format!("/v1/web/today?date={day}")).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0].number, 2);
    assert_eq!(mine[0].change, Some(ChangeKind::Substitute));
    assert_eq!(mine[0].replaces.as_deref(), Some("Соколова И. П."));
    assert_eq!(mine[0].room, "7");
    assert_eq!(
        (mine[0].journal, mine[0].lesson),
        (Some(jrec.id), Some(l2.id))
    );
    assert!(!mine[0].not_mine);
    // The regular teacher's Today: both lessons, the 2nd given by Петрова.
    let hers: Vec<TodayLesson> = get_json(
        &h,
        &teacher_login.token,
        &format!("/v1/web/today?date={day}"),
    )
    .await;
    assert_eq!(hers.len(), 2, "{hers:?}");
    assert_eq!(hers[0].substitute.as_deref(), Some("Петрова М. И."));
    assert!(hers[0].not_mine);
    assert_eq!((hers[1].change, hers[1].not_mine), (None, false));

    // The substitute's device now holds the journal and marks attendance in that lesson.
    sub_dev.sync(&h).await;
    let absent = |lesson| JournalOp::SetAttendance {
        lesson,
        student: pupil.id,
        code: Some(AbsenceCode::Absent),
    };
    let as_sub = JournalPermission {
        edit_locked: false,
        substitute: Some(substitute.id),
    };
    {
        let (_, doc, _) = sub_dev
            .docs
            .get_mut(&jrec.id)
            .expect("the journal on the device");
        journal::apply(doc, &absent(l2.id), as_sub).expect("the substituted lesson");
        doc.commit();
        // The device's own check refuses the other lesson.
        let e = journal::apply(doc, &absent(l3.id), as_sub).expect_err("another lesson");
        assert_eq!(e.to_string(), ONLY_THAT_LESSON);
    }
    sub_dev.sync(&h).await;
    assert!(sub_dev.rejections.is_empty(), "{:?}", sub_dev.rejections);
    let j = journal(&h, &jrec);
    assert_eq!(
        j.attendance.get(&(l2.id, pupil.id)),
        Some(&AbsenceCode::Absent),
        "kept"
    );

    // A device that skips its check writes the 3rd lesson anyway: the server refuses it.
    {
        let (_, doc, _) = sub_dev.docs.get_mut(&jrec.id).expect("journal");
        journal::apply(doc, &absent(l3.id), JournalPermission::default()).expect("forged");
        doc.commit();
    }
    sub_dev.sync(&h).await;
    assert_eq!(sub_dev.rejections.len(), 1, "{:?}", sub_dev.rejections);
    assert_eq!(sub_dev.rejections[0].doc, jrec.id);
    assert_eq!(sub_dev.rejections[0].reason, ONLY_THAT_LESSON);
    let j = journal(&h, &jrec);
    assert_eq!(j.attendance.get(&(l3.id, pupil.id)), None, "refused");
    assert_eq!(
        j.attendance.get(&(l2.id, pupil.id)),
        Some(&AbsenceCode::Absent)
    );
    // The refusal is in the audit log with its reason.
    let audit: AuditView = get_json(&h, &tok, "/v1/web/audit?limit=50").await;
    assert!(
        audit
            .rows
            .iter()
            .any(|r| r.detail.contains(ONLY_THAT_LESSON)),
        "{:?}",
        audit.rows.iter().map(|r| &r.detail).collect::<Vec<_>>()
    );
    // The browser path: the same rule.
    let ops = format!("/v1/web/journals/{}/ops", jrec.id);
    let (s, b) = post_raw(&h, &sub_login.token, &ops, &absent(l3.id)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b.contains("только в них"), "{b}");
    post(
        &h,
        &sub_login.token,
        &ops,
        &JournalOp::SetTopic {
            lesson: l2.id,
            topic: "Дроби".into(),
        },
    )
    .await;

    // Mid-period: the teacher marks the 3rd lesson, then the coordinator cancels it; the
    // lesson and its mark stay (listed off the timetable). The next week's 3rd lesson moves to
    // the 5th: its empty place goes, the new one comes.
    let t_ops = format!("/v1/web/journals/{}/ops", jrec.id);
    post(
        &h,
        &teacher_login.token,
        &t_ops,
        &JournalOp::GiveMark {
            id: MarkId::new(),
            lesson: l3.id,
            student: pupil.id,
            value: MarkValue::Points(5),
            kind: "answer".into(),
            weight: 1,
            comment: String::new(),
        },
    )
    .await;
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange {
            change: change(&third, day, ChangeKind::Cancel),
        },
    )
    .await;
    let week = first_on(day + Duration::days(1), day.weekday());
    let mut mv = change(&third, week, ChangeKind::Move);
    mv.to_number = Some(5);
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange { change: mv },
    )
    .await;
    let j = journal(&h, &jrec);
    assert!(j.lessons.contains_key(&l3.id), "the marked lesson stays");
    assert_eq!(
        j.marks.values().filter(|m| m.lesson == l3.id).count(),
        1,
        "no mark lost"
    );
    assert!(j.lesson_on(week, 3).is_none(), "moved away");
    assert!(j.lesson_on(week, 5).is_some(), "moved in");
    let off: OffTimetableView = get_json(&h, &tok, "/v1/web/timetable/off").await;
    assert_eq!(off.lessons.len(), 1, "{off:?}");
    assert_eq!((off.lessons[0].lesson, off.lessons[0].marks), (l3.id, 1));
    // The screen's list of changes for the dates: every staff member reads it, in words.
    let list: ChangesView = get_json(
        &h,
        &teacher_login.token,
        &format!("/v1/web/timetable/changes?from={day}&to={week}"),
    )
    .await;
    assert!(!list.can_edit);
    let seen: Vec<(NaiveDate, u8, &str, &str)> = list
        .changes
        .iter()
        .map(|c| {
            (
                c.change.date,
                c.number,
                c.title.as_str(),
                c.substitute.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (day, 2, "замена", "Петрова М. И."),
            (day, 3, "урок отменён", ""),
            (week, 3, "урок перенесён", ""),
        ]
    );
    assert!(list.clashes.is_empty(), "{:?}", list.clashes);
    assert!(list
        .changes
        .iter()
        .all(|c| c.class == "5А" && c.teacher == "Соколова И. П."));
    let (s, _, _) = h
        .get(
            &tok,
            &format!("/v1/web/timetable/changes?from={week}&to={day}"),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // The family's view (read here by the class's teacher, who may read it): today's and the
    // coming days' changes of the student's lessons.
    let summary: StudentSummary = get_json(
        &h,
        &teacher_login.token,
        &format!("/v1/students/{}/summary", pupil.id),
    )
    .await;
    let on_day: Vec<(u8, ChangeKind, &str)> = summary
        .changes
        .iter()
        .filter(|c| c.date == day)
        .map(|c| (c.number, c.kind, c.teacher.as_str()))
        .collect();
    assert_eq!(
        on_day,
        vec![
            (2, ChangeKind::Substitute, "Петрова М. И."),
            (3, ChangeKind::Cancel, "")
        ],
        "{:?}",
        summary.changes
    );
    // The monthly report: Петрова replaced Соколова; a second substitution a week later
    // counts in its own month.
    let mut later = change(&second, week, ChangeKind::Substitute);
    later.teacher = Some(substitute.id);
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutChange {
            change: later.clone(),
        },
    )
    .await;
    let month = day.format("%Y-%m").to_string();
    let in_month = 1 + u32::from(week.format("%Y-%m").to_string() == month);
    let report: SubstitutionsView = get_json(
        &h,
        &tok,
        &format!("/v1/web/timetable/substitutions?month={month}"),
    )
    .await;
    assert_eq!(report.rows.len() as u32, in_month, "{report:?}");
    let r = &report.rows[0];
    assert_eq!((r.date, r.number), (day, 2));
    assert_eq!((r.class.as_str(), r.subject.as_str()), ("5А", "Математика"));
    assert_eq!(
        (r.substitute_name.as_str(), r.replaced_name.as_str()),
        ("Петрова М. И.", "Соколова И. П.")
    );
    assert_eq!(
        (r.room.as_str(), r.note.as_str()),
        ("7", "Соколова на курсах")
    );
    assert_eq!(report.totals.len(), 1);
    assert_eq!(
        (report.totals[0].name.as_str(), report.totals[0].hours),
        ("Петрова М. И.", in_month)
    );
    // The same as a workbook, read back with an independent reader.
    let (s, headers, xlsx) = h
        .get(
            &tok,
            &format!("/v1/web/timetable/substitutions.xlsx?month={month}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains(&format!("substitutions-{month}.xlsx")));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("an XLSX file");
    assert_eq!(
        book.sheet_names(),
        vec!["Замены".to_string(), "Часы".to_string()]
    );
    let lessons = book.worksheet_range("Замены").expect("sheet");
    let header_row: Vec<String> = lessons
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header_row[4], "Замещающий учитель");
    assert_eq!(header_row[5], "Кого заменял");
    let first: Vec<&Data> = lessons.rows().nth(1).expect("a line").iter().collect();
    match first[0] {
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            assert_eq!(
                (i32::from(y), u32::from(m), u32::from(d)),
                (day.year(), day.month(), day.day())
            );
        }
        other => panic!("the date is an Excel date, not {other:?}"),
    }
    assert_eq!(first[1].to_string(), "2");
    assert_eq!(
        (first[2].to_string(), first[3].to_string()),
        ("5А".into(), "Математика".into())
    );
    assert_eq!(
        (first[4].to_string(), first[5].to_string()),
        ("Петрова М. И.".into(), "Соколова И. П.".into())
    );
    assert_eq!(lessons.rows().count() as u32, 1 + in_month);
    let hours = book.worksheet_range("Часы").expect("sheet");
    let line: Vec<String> = hours
        .rows()
        .nth(1)
        .expect("a line")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        line,
        vec!["Петрова М. И.".to_string(), in_month.to_string()]
    );
    // Teachers do not see it; a month must be a month.
    let (s, _, _) = h
        .get(
            &teacher_login.token,
            &format!("/v1/web/timetable/substitutions?month={month}"),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, b) = h
        .get(&tok, "/v1/web/timetable/substitutions?month=сентябрь")
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&b)
    );

    // Taking the substitution back: the lesson names nobody, the substitute loses the journal.
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::RemoveChange { id: sub.id },
    )
    .await;
    assert_eq!(journal(&h, &jrec).lessons[&l2.id].substitute, None);
    sub_dev.sync(&h).await;
    assert!(
        sub_dev.docs.contains_key(&jrec.id),
        "the later substitution still opens it"
    );
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::RemoveChange { id: later.id },
    )
    .await;
    sub_dev.sync(&h).await;
    assert!(
        !sub_dev.docs.contains_key(&jrec.id),
        "revoked with the substitution"
    );
    eprintln!("substitutions: {:?}", started.elapsed());
}
