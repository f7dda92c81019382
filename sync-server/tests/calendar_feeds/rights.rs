//! Who may subscribe to what, links replaced, revoked and lapsed, every event against the
//! timetable, and the audit log.

use axum::http::StatusCode;
use zvonok_core::doc::journal::{JournalData, JournalOp};
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::DocKind;
use zvonok_core::wire::FeedTarget;
use zvonok_server::docstore::lock;
use zvonok_server::storage::AuditFilter;

use crate::common::empty::post;
use crate::feed::{calendar, create, create_status, delete, feeds, fetch, text};
use crate::setup::{check, school, School};

#[tokio::test]
async fn feeds_of_a_teacher_a_class_and_a_child_match_the_timetable_and_follow_rights() {
    let started = std::time::Instant::now();
    let School {
        h,
        tok,
        teacher_tok,
        mother_tok,
        teacher,
        class,
        students,
        mother,
        people,
        today,
        q1,
        journal,
        expected,
        ..
    } = school().await;
    let link = |student| PeopleOp::Link {
        guardian: mother.id,
        student,
    };
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
            .get(journal.id, DocKind::Journal)
            .expect("get")
            .expect("doc");
        let j = JournalData::from_doc(&lock(&shared).doc).expect("journal");
        j
    };
    let lesson = j1.lesson_on(next_a, 2).expect("the lesson").id;
    let ops = format!("/v1/web/journals/{}/ops", journal.id);
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
