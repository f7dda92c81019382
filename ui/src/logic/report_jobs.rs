//! The reports screen's jobs without the DOM: which reports run as a job on the server (the
//! school-wide ones, which take a while), how often and how long the screen polls, and what
//! a polled job means for the screen.

use zvonok_core::wire::{ReportJob, ReportJobState, ReportName};

use super::reports::Choice;

/// Between two polls of a job, ms.
pub const POLL_MS: u64 = 500;
/// Polls before the screen gives up (10 minutes).
pub const MAX_POLLS: u32 = 1200;

/// Does `c` run as a job (with a progress line) rather than one request?
pub fn as_job(c: &Choice) -> bool {
    c.class.is_none() && matches!(c.report, ReportName::Results | ReportName::Attendance)
}

/// A polled job, for the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Waiting for a worker.
    Queued,
    /// `done` of `total` classes read.
    Running { done: u32, total: u32 },
    /// The result can be fetched.
    Done,
    /// The server's message.
    Failed(String),
}

pub fn step(job: &ReportJob) -> Step {
    match &job.state {
        ReportJobState::Queued => Step::Queued,
        ReportJobState::Running { done, total, .. } => Step::Running {
            done: *done,
            total: *total,
        },
        ReportJobState::Done { .. } => Step::Done,
        ReportJobState::Failed { error } => Step::Failed(error.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::ClassId;
    use zvonok_core::wire::ReportFormat;

    fn choice(report: ReportName, class: Option<ClassId>) -> Choice {
        Choice {
            report,
            class,
            period: None,
            whole_year: false,
            from: None,
            to: None,
            student: None,
            on: None,
        }
    }

    #[test]
    fn only_school_wide_reports_run_as_jobs() {
        assert!(as_job(&choice(ReportName::Results, None)));
        assert!(as_job(&choice(ReportName::Attendance, None)));
        assert!(!as_job(&choice(ReportName::Results, Some(ClassId::new()))));
        assert!(!as_job(&choice(ReportName::Card, None)));
        assert!(!as_job(&choice(ReportName::Movement, None)));
    }

    #[test]
    fn a_job_state_becomes_a_step() {
        let job = |state| ReportJob {
            id: "j".into(),
            report: ReportName::Results,
            format: ReportFormat::Json,
            state,
            cached: false,
        };
        assert_eq!(
            step(&job(ReportJobState::Running {
                done: 7,
                total: 22,
                progress: "классы 7 из 22".into()
            })),
            Step::Running { done: 7, total: 22 }
        );
        assert_eq!(step(&job(ReportJobState::Done { total: 22 })), Step::Done);
        assert_eq!(
            step(&job(ReportJobState::Failed {
                error: "нет".into()
            })),
            Step::Failed("нет".into())
        );
        assert_eq!(step(&job(ReportJobState::Queued)), Step::Queued);
    }
}
