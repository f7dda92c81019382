//! The period reports on the device, offline (issue 11, item 1): a class teacher's device
//! syncs, the server goes away, and the class's reports built from the replica alone equal
//! what the server answers a browser; a class the device does not hold is refused in Russian.

use serde_json::Value;
use zvonok_client::Replica;
use zvonok_core::ids::{ClassId, PeriodId};
use zvonok_core::wire::{ReportName, ReportQuery, ReportsIndex};
use zvonok_tests::http::{get, token};
use zvonok_tests::{Device, Server, DEMO_PASSWORD};

fn server_json(server: &Server, token: &str, path: &str) -> Value {
    let r = get(server.addr, path, Some(token));
    assert_eq!(r.status, 200, "GET {path}: {}", r.text());
    r.json()
}

fn query(class: ClassId, period: PeriodId) -> ReportQuery {
    ReportQuery {
        class: Some(class),
        period: Some(period),
        ..ReportQuery::default()
    }
}

#[test]
fn a_class_teachers_device_makes_the_class_reports_offline_as_the_server_does() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(&tmp.path().join("server"));
    let dev = Device::new(tmp.path(), "dev-classteacher");
    dev.login(&server.url(), "classteacher");
    dev.sync();

    // What the server answers the same user in a browser, before going offline.
    let tok = token(server.addr, "classteacher", DEMO_PASSWORD);
    let online: ReportsIndex =
        serde_json::from_value(server_json(&server, &tok, "/v1/web/reports")).expect("index");
    assert!(!online.classes.is_empty(), "the class teacher has a class");
    let class = online.classes[0].id;
    let mut expected = Vec::new();
    for p in &online.periods {
        let q = format!("class={class}&period={}", p.id);
        expected.push((
            p.id,
            server_json(&server, &tok, &format!("/v1/web/reports/results?{q}")),
            server_json(&server, &tok, &format!("/v1/web/reports/finals?{q}")),
            server_json(&server, &tok, &format!("/v1/web/reports/attendance?{q}")),
        ));
    }
    let student = online
        .students
        .iter()
        .find(|s| s.class == class)
        .expect("a student of the class");
    let card_period = online.current_period.expect("a current period");
    let card = server_json(
        &server,
        &tok,
        &format!(
            "/v1/web/reports/card?student={}&period={card_period}",
            student.id
        ),
    );
    let school = server_json(&server, &tok, "/v1/web/school");
    let other: ClassId = school["classes"]
        .as_object()
        .expect("classes")
        .keys()
        .map(|k| k.parse().expect("class id"))
        .find(|c| !online.classes.iter().any(|x| x.id == *c))
        .expect("a class the class teacher does not teach");

    // Offline from here: only the replica file.
    server.stop();
    let mut r = Replica::open(&dev.dir).expect("replica");
    let now = chrono::Utc::now();
    let index = r.reports_index(now).expect("the index from the replica");
    assert_eq!(
        index.classes, online.classes,
        "the device offers the classes the server offers"
    );
    assert_eq!(index.periods, online.periods);
    assert_eq!(index.current_period, online.current_period);
    assert!(
        !index.school && !index.movement,
        "school-wide reports stay on the server"
    );

    let mut with_marks = 0;
    for (period, results, finals, attendance) in &expected {
        let q = query(class, *period);
        let mine = r.report(ReportName::Results, &q, now).expect("results");
        let mine = serde_json::to_value(&mine).expect("json");
        assert_eq!(&mine, results, "period results of {period}");
        if mine["classes"][0]["rows"]
            .as_array()
            .is_some_and(|rows| !rows.is_empty())
        {
            with_marks += 1;
        }
        let mine = serde_json::to_value(r.report(ReportName::Finals, &q, now).expect("finals"))
            .expect("json");
        assert_eq!(&mine, finals, "final sheet of {period}");
        let mine = r
            .report(ReportName::Attendance, &q, now)
            .expect("attendance");
        assert_eq!(
            &serde_json::to_value(mine).expect("json"),
            attendance,
            "attendance of {period}"
        );
    }
    assert!(
        with_marks > 0,
        "some period of the demo has results to compare"
    );

    let q = ReportQuery {
        student: Some(student.id),
        period: Some(card_period),
        ..ReportQuery::default()
    };
    let mine =
        serde_json::to_value(r.report(ReportName::Card, &q, now).expect("card")).expect("json");
    assert_eq!(mine, card, "the report card");

    let err = r
        .report(ReportName::Results, &query(class, card_period), now)
        .map(|_| ())
        .and_then(|_| {
            r.report(ReportName::Results, &query(other, card_period), now)
                .map(|_| ())
        })
        .expect_err("a class the device does not hold is refused");
    let text = err.to_string();
    assert!(
        text.contains("класс") && text.chars().any(|c| ('а'..='я').contains(&c)),
        "a Russian message that says what to do: {text}"
    );
    let err = r
        .report(ReportName::Results, &ReportQuery::default(), now)
        .expect_err("the school-wide report is the server's");
    assert!(err.to_string().contains("выберите класс"), "{err}");
}
