//! Heavy reports as jobs over the demo school, in process: a school-wide «Итоги
//! успеваемости» job counts its classes up to the total and answers what the direct GET
//! answers; the same job again with nothing changed is done at once from the cache; a
//! teacher's final mark makes the next job compute afresh, with the new count; a job is only
//! its owner's; a parent or a teacher cannot start the school's or another class's report.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::Harness;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::doc::DocKind;
use zvonok_core::marks::MarkValue;
use zvonok_core::reports::period_results::PeriodResults;
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::wire::{
    DocsResponse, ReportFormat, ReportJob, ReportJobRequest, ReportJobState, ReportName,
    ReportQuery, ReportsIndex,
};
use zvonok_server::api::reports::plan;

const BIG: usize = 64 * 1024 * 1024;

async fn json<T: serde::de::DeserializeOwned>(h: &Harness, token: &str, uri: &str) -> T {
    let (s, _, b) = h.get(token, uri).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

async fn post(h: &Harness, token: &str, uri: &str, body: String) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

async fn start(h: &Harness, token: &str, req: &ReportJobRequest) -> (StatusCode, Vec<u8>) {
    post(
        h,
        token,
        "/v1/web/reports/jobs",
        serde_json::to_string(req).expect("json"),
    )
    .await
}

async fn started(h: &Harness, token: &str, req: &ReportJobRequest) -> ReportJob {
    let (s, b) = start(h, token, req).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("job")
}

/// Polls job `id` until it is finished; every state seen, in order.
async fn follow(h: &Harness, token: &str, id: &str) -> Vec<ReportJob> {
    let mut seen = Vec::new();
    for _ in 0..1000 {
        let job: ReportJob = json(h, token, &format!("/v1/web/reports/jobs/{id}")).await;
        let finished = job.finished();
        seen.push(job);
        if finished {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the job did not finish in 10 s: {:?}", seen.last());
}

async fn result(h: &Harness, token: &str, id: &str) -> PeriodResults {
    json(h, token, &format!("/v1/web/reports/jobs/{id}/result")).await
}

fn school_results(period: zvonok_core::ids::PeriodId, format: ReportFormat) -> ReportJobRequest {
    ReportJobRequest {
        report: ReportName::Results,
        format,
        query: ReportQuery {
            period: Some(period),
            ..ReportQuery::default()
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_job_counts_every_class_and_answers_as_the_direct_report() {
    let started_at = std::time::Instant::now();
    let h = Harness::new(BIG);
    let coordinator = h.login("coordinator").await;
    let index: ReportsIndex = json(&h, &coordinator.token, "/v1/web/reports").await;
    let period = index.current_period.expect("a current period");
    let req = school_results(period, ReportFormat::Json);

    // The computation itself reports each class once, in order, up to the total.
    let user = h
        .state
        .storage
        .user_by_login("coordinator")
        .expect("user")
        .expect("the coordinator");
    let plan = plan(&h.state, &user, ReportName::Results, &req.query).expect("plan");
    let total = plan.classes();
    assert!(total >= 2, "the demo has several classes with journals");
    let calls = std::sync::Mutex::new(Vec::new());
    plan.run(&h.state, &|d, t| calls.lock().expect("calls").push((d, t)))
        .expect("run");
    let expected: Vec<(u32, u32)> = (0..=total).map(|d| (d, total)).collect();
    assert_eq!(calls.into_inner().expect("calls"), expected);

    let direct: PeriodResults = json(
        &h,
        &coordinator.token,
        &format!("/v1/web/reports/results?period={period}"),
    )
    .await;
    let job = started(&h, &coordinator.token, &req).await;
    assert!(!job.cached, "nothing computed yet");
    let seen = follow(&h, &coordinator.token, &job.id).await;
    let mut last = 0;
    for j in &seen {
        if let ReportJobState::Running {
            done,
            total: t,
            progress,
        } = &j.state
        {
            assert_eq!(*t, total);
            assert!(*done >= last && *done <= total, "{seen:?}");
            assert_eq!(progress, &format!("классы {done} из {total}"));
            last = *done;
        }
    }
    assert_eq!(
        seen.last().map(|j| &j.state),
        Some(&ReportJobState::Done { total }),
        "{seen:?}"
    );
    assert_eq!(result(&h, &coordinator.token, &job.id).await, direct);

    // A file: the XLSX as a download.
    let job = started(
        &h,
        &coordinator.token,
        &school_results(period, ReportFormat::Xlsx),
    )
    .await;
    follow(&h, &coordinator.token, &job.id).await;
    let (s, headers, bytes) = h
        .get(
            &coordinator.token,
            &format!("/v1/web/reports/jobs/{}/result", job.id),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"), "a zip (XLSX)");
    let disposition = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(disposition.contains("results.xlsx"), "{disposition}");
    eprintln!("report_jobs progress test: {:?}", started_at.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_data_is_a_cache_hit_and_a_new_mark_recomputes() {
    let started_at = std::time::Instant::now();
    let h = Harness::new(BIG);
    let coordinator = h.login("coordinator").await;
    let teacher = h.login("teacher").await;
    let index: ReportsIndex = json(&h, &coordinator.token, "/v1/web/reports").await;
    let period = index.current_period.expect("a current period");
    let period_title = index
        .periods
        .iter()
        .find(|p| p.id == period)
        .expect("listed")
        .title
        .clone();
    let req = school_results(period, ReportFormat::Json);

    let first = started(&h, &coordinator.token, &req).await;
    assert!(!first.cached);
    follow(&h, &coordinator.token, &first.id).await;
    let before = result(&h, &coordinator.token, &first.id).await;

    // Nothing changed: done in the answer to the POST itself, from the cache.
    let again = started(&h, &coordinator.token, &req).await;
    assert!(again.cached, "{again:?}");
    assert!(matches!(again.state, ReportJobState::Done { .. }));
    assert_ne!(again.id, first.id);
    assert_eq!(result(&h, &coordinator.token, &again.id).await, before);

    // A teacher gives a final mark in their journal of the period.
    let docs: DocsResponse = json(&h, &teacher.token, "/v1/docs").await;
    let journal = docs
        .docs
        .iter()
        .find(|d| {
            d.kind == DocKind::Journal
                && d.title.contains("Математика")
                && d.title.ends_with(&period_title)
        })
        .expect("the teacher keeps a journal this period");
    let grid: JournalGrid = json(
        &h,
        &teacher.token,
        &format!("/v1/web/journals/{}", journal.id),
    )
    .await;
    let row = grid.rows.first().expect("a student");
    let value = match row.final_mark.as_deref() {
        Some("5") => MarkValue::Points(2),
        _ => MarkValue::Points(5),
    };
    let op = JournalOp::SetFinal {
        student: row.student,
        value: Some(value),
    };
    let (s, b) = post(
        &h,
        &teacher.token,
        &format!("/v1/web/journals/{}/ops", journal.id),
        serde_json::to_string(&op).expect("json"),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));

    let fresh = started(&h, &coordinator.token, &req).await;
    assert!(!fresh.cached, "the journal changed: {fresh:?}");
    follow(&h, &coordinator.token, &fresh.id).await;
    let after = result(&h, &coordinator.token, &fresh.id).await;
    assert_ne!(after, before, "the new final mark is counted");
    let direct: PeriodResults = json(
        &h,
        &coordinator.token,
        &format!("/v1/web/reports/results?period={period}"),
    )
    .await;
    assert_eq!(after, direct);
    // …and that one is cached in turn.
    assert!(started(&h, &coordinator.token, &req).await.cached);
    eprintln!("report_jobs cache test: {:?}", started_at.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_its_owners_and_the_rights_of_the_report_apply() {
    let h = Harness::new(BIG);
    let coordinator = h.login("coordinator").await;
    let teacher = h.login("teacher").await;
    let parent = h.login("parent").await;
    let index: ReportsIndex = json(&h, &coordinator.token, "/v1/web/reports").await;
    let period = index.current_period.expect("a current period");
    let req = school_results(period, ReportFormat::Json);
    let job = started(&h, &coordinator.token, &req).await;
    follow(&h, &coordinator.token, &job.id).await;

    for uri in [
        format!("/v1/web/reports/jobs/{}", job.id),
        format!("/v1/web/reports/jobs/{}/result", job.id),
        "/v1/web/reports/jobs/no-such-job".to_string(),
    ] {
        let (s, _, b) = h.get(&teacher.token, &uri).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{uri}");
        assert!(String::from_utf8_lossy(&b).contains("запустите отчёт снова"));
    }

    // The school's report: not for a teacher or a parent; a class's: not for a parent.
    let (s, _) = start(&h, &teacher.token, &req).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = start(&h, &parent.token, &req).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let parents: ReportsIndex = json(&h, &parent.token, "/v1/web/reports").await;
    let class = parents.students.first().expect("the parent's child").class;
    let mut by_class = req.clone();
    by_class.query.class = Some(class);
    let (s, b) = start(&h, &parent.token, &by_class).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));

    // A malformed request says what to send.
    let (s, b) = post(
        &h,
        &coordinator.token,
        "/v1/web/reports/jobs",
        "{\"report\":\"nothing\"}".into(),
    )
    .await;
    assert!(s.is_client_error(), "{s}");
    assert!(String::from_utf8_lossy(&b).contains("format"));
}
