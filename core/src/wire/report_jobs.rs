//! Heavy reports as jobs (`POST /v1/web/reports/jobs`, `GET /v1/web/reports/jobs/{id}`,
//! `GET /v1/web/reports/jobs/{id}/result`): what is asked, and the job's state as the screen
//! polls it.

use serde::{Deserialize, Serialize};

use super::reports::{ReportFormat, ReportName, ReportQuery};

/// `POST /v1/web/reports/jobs`: a report, its format, and the same query as
/// `GET /v1/web/reports/{report}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportJobRequest {
    pub report: ReportName,
    pub format: ReportFormat,
    #[serde(default)]
    pub query: ReportQuery,
}

/// Where a job is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportJobState {
    /// Waiting for a free worker.
    Queued,
    /// `done` of `total` classes read; `progress` is the line to show («классы 7 из 22»).
    Running {
        done: u32,
        total: u32,
        progress: String,
    },
    /// The result is ready at `…/result`; `total` classes were read.
    Done { total: u32 },
    /// The report could not be made; `error` says why and what to do (Russian).
    Failed { error: String },
}

/// A job as `POST` and `GET /v1/web/reports/jobs/{id}` answer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportJob {
    pub id: String,
    pub report: ReportName,
    pub format: ReportFormat,
    #[serde(flatten)]
    pub state: ReportJobState,
    /// The result came from the cache: none of the documents it read changed since.
    pub cached: bool,
}

impl ReportJob {
    pub fn finished(&self) -> bool {
        matches!(
            self.state,
            ReportJobState::Done { .. } | ReportJobState::Failed { .. }
        )
    }
}

/// «классы 7 из 22».
pub fn progress_line(done: u32, total: u32) -> String {
    format!("классы {done} из {total}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_job_round_trips_with_its_state_inline() {
        let job = ReportJob {
            id: "j1".into(),
            report: ReportName::Results,
            format: ReportFormat::Xlsx,
            state: ReportJobState::Running {
                done: 7,
                total: 22,
                progress: progress_line(7, 22),
            },
            cached: false,
        };
        let v = serde_json::to_value(&job).expect("json");
        assert_eq!(v["state"], "running");
        assert_eq!(v["progress"], "классы 7 из 22");
        assert_eq!(v["format"], "xlsx");
        let back: ReportJob = serde_json::from_value(v).expect("back");
        assert_eq!(back, job);
        assert!(!back.finished());
    }
}
