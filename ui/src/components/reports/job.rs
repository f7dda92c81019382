//! A school-wide report as a job on the server: started, polled every
//! [`POLL_MS`](crate::logic::report_jobs::POLL_MS) ms (at most
//! [`MAX_POLLS`](crate::logic::report_jobs::MAX_POLLS) times) while the progress line says
//! «Отчёт: классы 7 из 22»; the screen stays usable meanwhile. Then the report (the JSON for
//! the screen, or the file) is fetched from the finished job.

use std::time::Duration;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use zvonok_core::wire::{ReportFormat, ReportJobRequest, ReportName, ReportQuery};

use crate::backend::admin::Download;
use crate::backend::{Backend, BackendError};
use crate::i18n::{t, ts};
use crate::logic::report_jobs::{as_job, step, Step, MAX_POLLS, POLL_MS};
use crate::logic::reports::Choice;

async fn sleep(ms: u64) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        Duration::from_millis(ms),
    );
    let _ = rx.await;
}

/// Runs `report` in `format` as a job, keeping `line` on its progress; the finished job's id.
async fn run(
    be: &Backend,
    report: ReportName,
    format: ReportFormat,
    query: ReportQuery,
    line: RwSignal<Option<String>>,
) -> Result<String, BackendError> {
    let req = ReportJobRequest {
        report,
        format,
        query,
    };
    let mut job = be.start_report_job(&req).await?;
    let mut polls = 0;
    let outcome = loop {
        match step(&job) {
            Step::Done => break Ok(job.id.clone()),
            Step::Failed(m) => break Err(BackendError::Failed(m)),
            Step::Queued => line.set(Some(t("reports-job-queued"))),
            Step::Running { done, total } => line.set(Some(ts(
                "reports-job-running",
                &[("done", &done.to_string()), ("total", &total.to_string())],
            ))),
        }
        if polls >= MAX_POLLS {
            break Err(BackendError::Failed(t("reports-job-slow")));
        }
        polls += 1;
        sleep(POLL_MS).await;
        match be.report_job(&job.id).await {
            Ok(j) => job = j,
            Err(e) => break Err(e),
        }
    };
    line.set(None);
    outcome
}

/// Report `c` as the screen shows it: through a job when it is school-wide, else at once.
pub async fn report_json<T: DeserializeOwned>(
    be: &Backend,
    c: &Choice,
    q: ReportQuery,
    line: RwSignal<Option<String>>,
) -> Result<T, BackendError> {
    if as_job(c) {
        let id = run(be, c.report, ReportFormat::Json, q, line).await?;
        be.report_job_json(&id).await
    } else {
        be.report(c.report, &q).await
    }
}

/// Report `c` as a file: through a job when it is school-wide, else at once.
pub async fn report_file(
    be: &Backend,
    c: &Choice,
    format: ReportFormat,
    q: ReportQuery,
    line: RwSignal<Option<String>>,
) -> Result<Download, BackendError> {
    if as_job(c) {
        let id = run(be, c.report, format, q, line).await?;
        be.report_job_file(&id).await
    } else {
        be.report_file(c.report, format, &q).await
    }
}
