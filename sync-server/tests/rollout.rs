//! The rollout dashboard (`GET /v1/web/rollout[.pdf]`) on the demo school and on an empty
//! server: the stages measured from the data, a report counted once produced, a parent's
//! sign-in counted, the meeting's PDF read back with lopdf, and who may not see it.

mod common;

use axum::http::StatusCode;
use common::empty::{empty_server, sign_in, ADMIN_PASSWORD, BIG};
use common::web::get_json;
use common::Harness;
use zvonok_core::completeness::Completeness;
use zvonok_core::rollout::{MeasureState, Stage, StageId, StageStatus};
use zvonok_core::wire::RolloutView;

fn stage(v: &RolloutView, id: StageId) -> &Stage {
    v.stages.iter().find(|s| s.id == id).expect("every stage")
}

fn measure<'a>(s: &'a Stage, title_starts: &str) -> &'a zvonok_core::rollout::Measure {
    s.measures
        .iter()
        .find(|m| m.title.starts_with(title_starts))
        .unwrap_or_else(|| panic!("«{title_starts}» in {:?}", s.measures))
}

fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    assert_eq!(doc.get_pages().len(), 1, "one page for the meeting");
    doc.extract_text(&[1]).expect("text")
}

#[tokio::test]
async fn the_demo_school_is_measured_and_counts_reports_and_parents() {
    let started = std::time::Instant::now();
    let h = Harness::new(BIG);
    let coordinator = h.login("coordinator").await;
    let v: RolloutView = get_json(&h, &coordinator.token, "/v1/web/rollout").await;
    let ids: Vec<StageId> = v.stages.iter().map(|s| s.id).collect();
    assert_eq!(ids, StageId::ALL);
    assert_eq!(v.school, h.demo.school_name);

    // I: the demo school went through the whole wizard.
    assert_eq!(stage(&v, StageId::I).status, StageStatus::Done);
    assert_eq!(stage(&v, StageId::I).holds().len(), 10);

    // II: the timetable is kept, with no problems.
    let two = stage(&v, StageId::II);
    let tt = measure(two, "Расписание");
    assert!(tt.done > 100, "{tt:?}");
    assert_eq!(tt.state, MeasureState::Holds);

    // III: the same lessons the completeness report counts for the running period.
    let c: Completeness = get_json(&h, &coordinator.token, "/v1/web/completeness").await;
    let lessons: u32 = c.by_class.iter().map(|r| r.counts.lessons).sum();
    let no_topic: u32 = c.by_class.iter().map(|r| r.counts.no_topic).sum();
    let three = stage(&v, StageId::III);
    let topic = measure(three, &format!("Уроки «{}» с темой", c.period_title));
    assert_eq!(topic.total, Some(lessons));
    assert_eq!(topic.done, lessons - no_topic);
    assert!(lessons > 0, "the demo has given lessons this period");
    let plans = measure(three, "Календарно-тематические планы");
    assert_eq!((plans.state, plans.done), (MeasureState::NotKept, 0));

    // V: nothing of it exists yet, and it says so.
    let five = stage(&v, StageId::V);
    assert_eq!(five.status, StageStatus::NotStarted);
    assert!(five.missing().iter().all(|t| t.contains("не ведётся")));

    // A report produced counts for stage II.
    let reports_before = measure(two, "Отчёты").done;
    let (s, _, _) = h
        .get(&coordinator.token, "/v1/web/reports/results.xlsx")
        .await;
    assert_eq!(s, StatusCode::OK);
    let v: RolloutView = get_json(&h, &coordinator.token, "/v1/web/rollout").await;
    let reports = measure(stage(&v, StageId::II), "Отчёты");
    assert_eq!(reports.done, reports_before + 1);
    assert_eq!(reports.state, MeasureState::Holds);

    // A parent signing in counts for stage IV; the parent may not see the dashboard.
    let four = measure(stage(&v, StageId::IV), "Родители");
    let (signed_in, accounts) = (four.done, four.total.expect("a share"));
    assert!(accounts > 0, "the demo has parents' accounts");
    let parent = h.login("parent").await;
    let v: RolloutView = get_json(&h, &coordinator.token, "/v1/web/rollout").await;
    let four = measure(stage(&v, StageId::IV), "Родители");
    assert_eq!(four.done, signed_in + 1);
    assert_eq!(four.total, Some(accounts));
    for path in ["/v1/web/rollout", "/v1/web/rollout.pdf"] {
        let (s, _, b) = h.get(&parent.token, path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
        assert!(String::from_utf8_lossy(&b).contains("Настраивать школу"));
    }
    let teacher = h.login("teacher").await;
    let (s, _, _) = h.get(&teacher.token, "/v1/web/rollout").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a teacher");
    // The director reads every journal: they hear the report.
    let director = h.login("director").await;
    let (s, _, _) = h.get(&director.token, "/v1/web/rollout").await;
    assert_eq!(s, StatusCode::OK, "the director");

    // The meeting's page.
    let (s, headers, pdf) = h.get(&coordinator.token, "/v1/web/rollout.pdf").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    let text = pdf_text(&pdf);
    for wanted in [
        "Ход внедрения",
        "Этап I.",
        "Этап V.",
        "Ввод основных данных о школе",
        "пройден",
        "Не ведётся в Звонке",
    ] {
        assert!(text.contains(wanted), "«{wanted}» in {text}");
    }
    eprintln!("rollout on the demo: {:?}", started.elapsed());
}

#[tokio::test]
async fn an_empty_server_has_begun_stage_one_only() {
    let (h, _) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let v: RolloutView = get_json(&h, &admin.token, "/v1/web/rollout").await;
    let one = stage(&v, StageId::I);
    assert_ne!(one.status, StageStatus::Done);
    assert!(!one.missing().is_empty());
    for id in [StageId::II, StageId::III, StageId::IV, StageId::V] {
        let s = stage(&v, id);
        assert_eq!(s.status, StageStatus::NotStarted, "{id:?}: {s:?}");
        assert!(s.measures.iter().all(|m| m.done == 0), "{id:?}: {s:?}");
        assert!(s.holds().is_empty(), "{id:?}");
    }
    let two = stage(&v, StageId::II);
    assert!(two
        .missing()
        .contains(&"Расписание не составлено: в нём нет ни одного урока"));
    let (s, _, pdf) = h.get(&admin.token, "/v1/web/rollout.pdf").await;
    assert_eq!(s, StatusCode::OK);
    let text = pdf_text(&pdf);
    assert!(text.contains("не начат"), "{text}");
    assert!(text.contains("Расписание не составлено"), "{text}");
}
