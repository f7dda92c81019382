//! «Закрыть четверть» from an empty server: one class (5А, two pupils) taught mathematics by
//! Соколова once a week, a first quarter that ended ten days ago and a second one running. The
//! coordinator's close is refused while lessons lack attendance and pupils lack final marks;
//! the teacher fills them from her device; the close locks the journal and is audited; an
//! offline edit of the teacher's device is then refused with the Russian reason and the device
//! gets the lock; with «Редактировать закрытый период» her edit is kept and audited with what
//! it changed; the coordinator may not reopen (403), the director does (audited). The
//! completeness report is the coordinator's and not the teacher's.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Datelike, Duration, Utc, Weekday};
use common::empty::{docs, empty_server, post, sign_in, OneClass, ADMIN_PASSWORD};
use common::web::{get_json, grant_school, issue, journal, slip_sign_in, student};
use common::{Device, Harness};
use zvonok_core::completeness::{Completeness, GapKind};
use zvonok_core::doc::journal::{self, JournalOp, JournalPermission};
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Grant, Right, Scope};
use zvonok_core::wire::{AuditView, BlockersView, GrantChange, PeriodChanged, PeriodsView};

async fn post_empty(h: &Harness, token: &str, path: &str) -> (StatusCode, String) {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, String::from_utf8_lossy(&b).into_owned())
}

/// Applies `op` to the device's copy of `doc` with `perm` and commits it (no sync).
fn write(dev: &mut Device, doc: DocId, op: &JournalOp, perm: JournalPermission) {
    let (_, d, _) = dev.docs.get_mut(&doc).expect("the journal on the device");
    journal::apply(d, op, perm).expect("the device's own check");
    d.commit();
}

#[tokio::test]
async fn a_quarter_is_closed_once_filled_locked_everywhere_and_reopened_by_the_director() {
    let started = std::time::Instant::now();
    let (h, _) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();
    let today = zvonok_core::time_zone::date_in("", Utc::now());
    let year = AcademicYear {
        id: YearId::new(),
        title: "2026/2027".into(),
        start: today - Duration::days(60),
        end: today + Duration::days(120),
    };
    let q1 = StudyPeriod {
        id: PeriodId::new(),
        year: year.id,
        kind: PeriodKind::Quarter,
        number: 1,
        start: year.start,
        end: today - Duration::days(10),
    };
    let q2 = StudyPeriod {
        id: PeriodId::new(),
        year: year.id,
        kind: PeriodKind::Quarter,
        number: 2,
        start: q1.end + Duration::days(1),
        end: year.end,
    };
    let school = OneClass::new(year.clone());
    school
        .set_up(&h, &tok, vec![q1.clone(), q2.clone()], vec![], &[])
        .await;
    let director = StaffMember {
        id: StaffId::new(),
        last_name: "Громов".into(),
        first_name: "Андрей".into(),
        middle_name: "Сергеевич".into(),
        position: "Директор".into(),
    };
    post(
        &h,
        &tok,
        "/v1/web/school/ops",
        &SchoolOp::PutStaff {
            member: director.clone(),
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
    let (orlova, sidorov) = (student("Орлова", "Вера"), student("Сидоров", "Олег"));
    for p in [&orlova, &sidorov] {
        post(
            &h,
            &tok,
            &format!("/v1/web/people/ops?class={}", school.class.id),
            &PeopleOp::PutStudent { student: p.clone() },
        )
        .await;
    }
    // Mathematics once a week, on a weekday, 2nd lesson.
    let weekday = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ][(today.ordinal() % 5) as usize];
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutSlot {
            slot: Slot {
                id: SlotId::new(),
                weekday,
                number: 2,
                cohort: Cohort::Class(school.class.id),
                subject: school.math.id,
                teacher: school.teacher.id,
                co_teachers: Vec::new(),
                room: "12".into(),
                week: Default::default(),
                version: None,
            },
        },
    )
    .await;
    let journals = docs(&h, DocKind::Journal);
    let q1_rec = journals
        .iter()
        .find(|r| r.meta.period == Some(q1.id))
        .expect("the first quarter's journal")
        .clone();
    let lessons = journal(&h, &q1_rec).lessons.len();
    // 50 days of the quarter hold 7 or 8 of that weekday.
    assert!((7..=8).contains(&lessons), "{lessons}");

    let issued = issue(&h, &tok, None).await;
    let teacher = slip_sign_in(&h, &issued, "Соколова").await;
    let boss = slip_sign_in(&h, &issued, "Громов").await;

    // The list: both quarters open; the first is blocked by every lesson (nothing recorded)
    // and both pupils' final marks.
    let v: PeriodsView = get_json(&h, &tok, "/v1/web/periods").await;
    assert!(v.can_close && !v.can_reopen, "the coordinator closes only");
    assert_eq!(v.periods.len(), 2);
    let row = &v.periods[0];
    assert_eq!((row.id, row.title.as_str()), (q1.id, "1 четверть"));
    assert!(!row.closed);
    assert_eq!((row.journals, row.locked), (1, 0));
    assert_eq!(row.blockers as usize, lessons + 2);
    let b: BlockersView = get_json(&h, &tok, &format!("/v1/web/periods/{}/blockers", q1.id)).await;
    assert_eq!(b.blockers.len(), lessons + 2);
    let finals: Vec<&str> = b
        .blockers
        .iter()
        .filter(|g| g.kind == GapKind::MissingFinal)
        .map(|g| g.student_name.as_str())
        .collect();
    assert_eq!(finals, vec!["Орлова Вера", "Сидоров Олег"]);
    assert!(b.blockers.iter().all(|g| g.cohort == "5А"
        && g.subject == "Математика"
        && g.teacher_name == "Соколова И. П."));
    // The teacher sees neither the list nor the report.
    let (s, _, _) = h.get(&teacher.token, "/v1/web/periods").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = h.get(&teacher.token, "/v1/web/completeness").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Closing now is refused with the blockers.
    let close = format!("/v1/web/periods/{}/close", q1.id);
    let (s, body) = post_empty(&h, &tok, &close).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("Период нельзя закрыть"), "{body}");
    assert!(
        body.contains("Орлова Вера — нет итоговой отметки"),
        "{body}"
    );
    assert!(!journal(&h, &q1_rec).locked);

    // The teacher fills the quarter on her device: an absence in the first lesson, topics
    // everywhere, final marks.
    let mut dev = Device::new(&teacher);
    dev.sync(&h).await;
    let keep = JournalPermission::default();
    let ids: Vec<LessonId> = journal(&h, &q1_rec)
        .lessons_in_order()
        .iter()
        .map(|l| l.id)
        .collect();
    write(
        &mut dev,
        q1_rec.id,
        &JournalOp::SetAttendance {
            lesson: ids[0],
            student: orlova.id,
            code: Some(AbsenceCode::Ill),
        },
        keep,
    );
    for id in &ids[1..] {
        let op = JournalOp::SetTopic {
            lesson: *id,
            topic: "Натуральные числа".into(),
        };
        write(&mut dev, q1_rec.id, &op, keep);
    }
    for (p, v) in [(&orlova, 5), (&sidorov, 4)] {
        let op = JournalOp::SetFinal {
            student: p.id,
            value: Some(MarkValue::Points(v)),
        };
        write(&mut dev, q1_rec.id, &op, keep);
    }
    dev.sync(&h).await;
    assert!(dev.rejections.is_empty(), "{:?}", dev.rejections);
    let b: BlockersView = get_json(&h, &tok, &format!("/v1/web/periods/{}/blockers", q1.id)).await;
    assert!(b.blockers.is_empty(), "{:?}", b.blockers);

    // Only with «Закрывать учебные периоды»: the teacher may not close.
    let (s, body) = post_empty(&h, &teacher.token, &close).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("Закрывать учебные периоды"), "{body}");
    let (s, body) = post_empty(&h, &tok, &close).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let closed: PeriodChanged = serde_json::from_str(&body).expect("closed");
    assert_eq!(closed.journals_changed, 1);
    assert!(closed.period.closed);
    assert_eq!(closed.period.changed_by, Some(admin.user.id));
    assert_eq!((closed.period.journals, closed.period.locked), (1, 1));
    assert!(journal(&h, &q1_rec).locked, "locked on the server");
    // The second quarter's journal stays open; closing twice is refused.
    assert!(docs(&h, DocKind::Journal)
        .iter()
        .filter(|r| r.meta.period == Some(q2.id))
        .all(|r| !journal(&h, r).locked));
    let (s, body) = post_empty(&h, &tok, &close).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("уже закрыт"), "{body}");
    let audit: AuditView = get_json(&h, &tok, "/v1/web/audit?action=period_closed").await;
    assert_eq!(audit.rows.len(), 1, "{:?}", audit.rows);
    assert_eq!(audit.rows[0].user, Some(admin.user.id));
    assert!(
        audit.rows[0].detail.contains("«1 четверть»") && audit.rows[0].detail.contains("закрыт"),
        "{}",
        audit.rows[0].detail
    );

    // Offline, before its next sync, the device changes a final mark: the server refuses it
    // with the reason, and the device gets the lock.
    write(
        &mut dev,
        q1_rec.id,
        &JournalOp::SetFinal {
            student: sidorov.id,
            value: Some(MarkValue::Points(5)),
        },
        keep,
    );
    dev.sync(&h).await;
    assert_eq!(dev.rejections.len(), 1, "{:?}", dev.rejections);
    assert_eq!(dev.rejections[0].doc, q1_rec.id);
    assert_eq!(
        dev.rejections[0].reason,
        "Период «5А · Математика · 1 четверть» закрыт: изменения требуют права «Редактировать \
         закрытый период». Если нужно исправить, обратитесь к завучу или директору: директор \
         может открыть период снова."
    );
    assert_eq!(
        journal(&h, &q1_rec).finals.get(&sidorov.id),
        Some(&MarkValue::Points(4)),
        "refused"
    );
    dev.sync(&h).await;
    let (_, on_device, _) = dev
        .docs
        .get(&q1_rec.id)
        .expect("journal back on the device");
    assert!(journal::is_locked(on_device), "the lock reached the device");
    assert!(journal::check(
        on_device,
        &JournalOp::SetFinal {
            student: sidorov.id,
            value: None
        },
        keep
    )
    .is_err());

    // With «Редактировать закрытый период» the teacher's edit is kept and audited with what it
    // changed.
    post(
        &h,
        &tok,
        &format!("/v1/web/accounts/{}/grants", teacher.user.id),
        &GrantChange {
            grant: Grant {
                right: Right::EditLockedPeriod,
                scope: Scope::School,
            },
            add: true,
        },
    )
    .await;
    let unlocked = JournalPermission {
        edit_locked: true,
        substitute: None,
    };
    write(
        &mut dev,
        q1_rec.id,
        &JournalOp::SetFinal {
            student: orlova.id,
            value: Some(MarkValue::Points(4)),
        },
        unlocked,
    );
    dev.sync(&h).await;
    assert_eq!(
        dev.rejections.len(),
        1,
        "no new refusal: {:?}",
        dev.rejections
    );
    let j = journal(&h, &q1_rec);
    assert_eq!(j.finals.get(&orlova.id), Some(&MarkValue::Points(4)));
    assert!(j.locked, "still closed");
    let audit: AuditView = get_json(&h, &tok, "/v1/web/audit?action=locked_period_edit").await;
    assert_eq!(audit.rows.len(), 1, "{:?}", audit.rows);
    let line = &audit.rows[0];
    assert_eq!(
        line.user,
        Some(teacher.user.id),
        "the server-verified author"
    );
    assert_eq!(line.doc, Some(q1_rec.id));
    assert_eq!(line.class, Some(school.class.id));
    assert!(
        line.detail.contains("итоговая: Орлова Вера 5 → 4"),
        "{}",
        line.detail
    );

    // Reopening: not the coordinator's right (403), the director's.
    let reopen = format!("/v1/web/periods/{}/reopen", q1.id);
    let (s, body) = post_empty(&h, &tok, &reopen).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("Открывать закрытый период"), "{body}");
    let v: PeriodsView = get_json(&h, &boss.token, "/v1/web/periods").await;
    assert!(v.can_close && v.can_reopen);
    let (s, body) = post_empty(&h, &boss.token, &reopen).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let opened: PeriodChanged = serde_json::from_str(&body).expect("reopened");
    assert!(!opened.period.closed);
    assert_eq!(opened.journals_changed, 1);
    assert_eq!(opened.period.changed_by, Some(boss.user.id));
    assert!(!journal(&h, &q1_rec).locked);
    let audit: AuditView = get_json(&h, &tok, "/v1/web/audit?action=period_reopened").await;
    assert_eq!(audit.rows.len(), 1, "{:?}", audit.rows);
    assert_eq!(audit.rows[0].user, Some(boss.user.id));
    let (s, body) = post_empty(&h, &boss.token, &reopen).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // The coordinator's live report of the running quarter: Соколова's lessons so far.
    let c: Completeness = get_json(&h, &tok, "/v1/web/completeness").await;
    assert_eq!(c.period, q2.id);
    assert!(!c.finals_due);
    assert_eq!(c.by_teacher.len(), 1);
    assert_eq!(c.by_teacher[0].name, "Соколова И. П.");
    let q2_lessons = docs(&h, DocKind::Journal)
        .iter()
        .filter(|r| r.meta.period == Some(q2.id))
        .map(|r| {
            journal(&h, r)
                .lessons
                .values()
                .filter(|l| l.date <= today)
                .count()
        })
        .sum::<usize>();
    assert_eq!(c.by_teacher[0].counts.lessons as usize, q2_lessons);
    assert_eq!(c.by_class[0].counts.no_attendance as usize, q2_lessons);
    let c1: Completeness =
        get_json(&h, &tok, &format!("/v1/web/completeness?period={}", q1.id)).await;
    assert_eq!(c1.by_class[0].counts.no_attendance, 0);
    assert_eq!(c1.by_class[0].counts.missing_finals, 0);
    let (s, _, _) = h.get(&tok, "/v1/web/completeness?period=nonsense").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Closed again, the first quarter opens no journal for a subject added since (it would
    // hold only empty lessons nobody may fill); the running quarter does; reopening opens it.
    let close = format!("/v1/web/periods/{}/close", q1.id);
    let (s, body) = post_empty(&h, &tok, &close).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let it = Subject {
        id: SubjectId::new(),
        name: "Информатика".into(),
        grades: vec![5],
    };
    for op in [
        SchoolOp::PutSubject {
            subject: it.clone(),
        },
        SchoolOp::PutAssignment {
            assignment: TeachingAssignment {
                id: AssignmentId::new(),
                teacher: school.teacher.id,
                cohort: Cohort::Class(school.class.id),
                subject: it.id,
                year: year.id,
            },
        },
    ] {
        post(&h, &tok, "/v1/web/school/ops", &op).await;
    }
    let slot = Slot {
        id: SlotId::new(),
        weekday,
        number: 3,
        cohort: Cohort::Class(school.class.id),
        subject: it.id,
        teacher: school.teacher.id,
        co_teachers: Vec::new(),
        room: "12".into(),
        week: Default::default(),
        version: None,
    };
    post(
        &h,
        &tok,
        "/v1/web/timetable/ops",
        &TimetableOp::PutSlot { slot },
    )
    .await;
    let periods_of_it = |h: &Harness| -> Vec<PeriodId> {
        docs(h, DocKind::Journal)
            .iter()
            .filter(|r| r.meta.subject == Some(it.id))
            .filter_map(|r| r.meta.period)
            .collect()
    };
    assert_eq!(periods_of_it(&h), vec![q2.id], "none in the closed quarter");
    let (s, body) = post_empty(&h, &boss.token, &reopen).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let mut opened = periods_of_it(&h);
    opened.sort();
    let mut both = vec![q1.id, q2.id];
    both.sort();
    assert_eq!(
        opened, both,
        "reopened, the quarter gets its journal at once"
    );
    eprintln!("periods story: {:?}", started.elapsed());
}
