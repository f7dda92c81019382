//! Heavy reports as jobs: a job is created for a user with a [`Plan`] already checked
//! against their rights, waits for one of a few workers (as many as the cores, at most
//! [`MAX_WORKERS`]), runs on `spawn_blocking` and counts the classes it has read; its result
//! (the file's bytes or the JSON) stays in memory until [`JOB_TTL`] after it was created.
//! Each user keeps at most [`JOBS_PER_USER`] jobs; a job of someone else is unknown.
//!
//! The cache: a finished result is kept under [`Plan::fingerprint`] plus the format (the
//! resolved query and the id and heads of every document the report read: the school, the
//! rosters, the movement book, the journals). The records are read before the data, so a
//! result is never older than its key; any later change of one of those documents changes
//! its heads and so the key, and the next job computes afresh. At most [`CACHE_ENTRIES`]
//! results, each for [`JOB_TTL`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use zvonok_core::ids::UserId;
use zvonok_core::wire::{
    progress_line, ReportFormat, ReportJob, ReportJobState, ReportName, ReportQuery,
};

use crate::api::reports::{render, Plan};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// How long a job and a cached result live.
pub const JOB_TTL: Duration = Duration::from_secs(15 * 60);
/// Jobs one user keeps (finished ones are dropped first, oldest first).
pub const JOBS_PER_USER: usize = 8;
/// Results kept in the cache.
pub const CACHE_ENTRIES: usize = 32;
/// The most reports computed at once.
pub const MAX_WORKERS: usize = 4;

const SERVER_FAILED: &str = "отчёт не удалось составить из-за ошибки сервера; попробуйте ещё \
раз, а если не выйдет, сообщите администратору";
const TOO_MANY: &str = "у вас уже готовятся несколько отчётов; дождитесь их и попробуйте снова";

#[derive(Clone)]
enum Status {
    Queued,
    Running,
    Done(Arc<Vec<u8>>),
    Failed(String),
}

struct Job {
    owner: UserId,
    name: ReportName,
    format: ReportFormat,
    query: ReportQuery,
    created: Instant,
    status: Status,
    cached: bool,
    done: Arc<AtomicU32>,
    total: Arc<AtomicU32>,
}

impl Job {
    fn finished(&self) -> bool {
        matches!(self.status, Status::Done(_) | Status::Failed(_))
    }

    fn view(&self, id: &str) -> ReportJob {
        let state = match &self.status {
            Status::Queued => ReportJobState::Queued,
            Status::Running => {
                let (done, total) = (
                    self.done.load(Ordering::SeqCst),
                    self.total.load(Ordering::SeqCst),
                );
                ReportJobState::Running {
                    done,
                    total,
                    progress: progress_line(done, total),
                }
            }
            Status::Done(_) => ReportJobState::Done {
                total: self.total.load(Ordering::SeqCst),
            },
            Status::Failed(e) => ReportJobState::Failed { error: e.clone() },
        };
        ReportJob {
            id: id.to_string(),
            report: self.name,
            format: self.format,
            state,
            cached: self.cached,
        }
    }
}

struct Cached {
    bytes: Arc<Vec<u8>>,
    at: Instant,
}

#[derive(Default)]
struct Inner {
    jobs: HashMap<String, Job>,
    cache: HashMap<String, Cached>,
}

impl Inner {
    fn expire(&mut self, now: Instant) {
        self.jobs
            .retain(|_, j| !j.finished() || now.duration_since(j.created) < JOB_TTL);
        self.cache.retain(|_, c| now.duration_since(c.at) < JOB_TTL);
    }

    /// Room for one more job of `owner`: drops their oldest finished jobs, or refuses.
    fn make_room(&mut self, owner: UserId) -> ApiResult<()> {
        loop {
            let mine: Vec<(&String, &Job)> =
                self.jobs.iter().filter(|(_, j)| j.owner == owner).collect();
            if mine.len() < JOBS_PER_USER {
                return Ok(());
            }
            let oldest = mine
                .iter()
                .filter(|(_, j)| j.finished())
                .min_by_key(|(_, j)| j.created)
                .map(|(id, _)| (*id).clone());
            match oldest {
                Some(id) => {
                    self.jobs.remove(&id);
                }
                None => return Err(ApiError::Unprocessable(TOO_MANY.into())),
            }
        }
    }

    fn remember(&mut self, key: String, bytes: Arc<Vec<u8>>) {
        if self.cache.len() >= CACHE_ENTRIES {
            if let Some(old) = self
                .cache
                .iter()
                .min_by_key(|(_, c)| c.at)
                .map(|(k, _)| k.clone())
            {
                self.cache.remove(&old);
            }
        }
        self.cache.insert(
            key,
            Cached {
                bytes,
                at: Instant::now(),
            },
        );
    }
}

/// The server's report jobs and their cache.
pub struct ReportJobs {
    inner: Arc<Mutex<Inner>>,
    workers: Arc<Semaphore>,
}

impl Default for ReportJobs {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ReportJobs {
            inner: Arc::default(),
            workers: Arc::new(Semaphore::new(cores.clamp(1, MAX_WORKERS))),
        }
    }
}

/// A job's finished result, for `…/result`.
pub struct JobResult {
    pub name: ReportName,
    pub format: ReportFormat,
    pub query: ReportQuery,
    pub bytes: Arc<Vec<u8>>,
}

fn cache_key(plan: &Plan, format: ReportFormat) -> String {
    format!("{}|{}", format.extension(), plan.fingerprint())
}

impl ReportJobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts report `name` of `plan` (rights already checked) for `owner`: done at once from
    /// the cache when none of its documents changed, else queued for a worker. Call within
    /// the tokio runtime.
    pub fn start(
        &self,
        state: Arc<AppState>,
        owner: UserId,
        plan: Plan,
        name: ReportName,
        format: ReportFormat,
        query: ReportQuery,
    ) -> ApiResult<ReportJob> {
        let key = cache_key(&plan, format);
        let id = uuid::Uuid::now_v7().simple().to_string();
        let now = Instant::now();
        let done = Arc::new(AtomicU32::new(0));
        let total = Arc::new(AtomicU32::new(plan.classes()));
        let mut inner = self.lock();
        inner.expire(now);
        inner.make_room(owner)?;
        let hit = inner.cache.get(&key).map(|c| c.bytes.clone());
        let job = Job {
            owner,
            name,
            format,
            query,
            created: now,
            status: match &hit {
                Some(bytes) => Status::Done(bytes.clone()),
                None => Status::Queued,
            },
            cached: hit.is_some(),
            done: done.clone(),
            total: total.clone(),
        };
        let view = job.view(&id);
        inner.jobs.insert(id.clone(), job);
        drop(inner);
        if hit.is_some() {
            return Ok(view);
        }
        let jobs = self.inner.clone();
        let workers = self.workers.clone();
        tokio::spawn(async move {
            let _permit = workers.acquire_owned().await;
            set_status(&jobs, &id, Status::Running);
            let outcome = tokio::task::spawn_blocking(move || {
                let answer = plan.run(&state, &|d, t| {
                    total.store(t, Ordering::SeqCst);
                    done.store(d, Ordering::SeqCst);
                })?;
                render(&plan.school_name(), &answer, format)
            })
            .await;
            let status = match outcome {
                Ok(Ok(bytes)) => {
                    let bytes = Arc::new(bytes);
                    jobs.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .remember(key, bytes.clone());
                    Status::Done(bytes)
                }
                Ok(Err(ApiError::Internal(e))) => {
                    tracing::error!("report job {id} failed: {e}");
                    Status::Failed(SERVER_FAILED.into())
                }
                Ok(Err(e)) => Status::Failed(e.to_string()),
                Err(e) => {
                    tracing::error!("report job {id} panicked: {e}");
                    Status::Failed(SERVER_FAILED.into())
                }
            };
            set_status(&jobs, &id, status);
        });
        Ok(view)
    }

    /// Job `id` of `owner`; another user's job is as unknown as a missing one.
    pub fn get(&self, owner: UserId, id: &str) -> ApiResult<ReportJob> {
        let mut inner = self.lock();
        inner.expire(Instant::now());
        match inner.jobs.get(id) {
            Some(j) if j.owner == owner => Ok(j.view(id)),
            _ => Err(not_found()),
        }
    }

    /// The finished result of job `id` of `owner`.
    pub fn result(&self, owner: UserId, id: &str) -> ApiResult<JobResult> {
        let mut inner = self.lock();
        inner.expire(Instant::now());
        let job = match inner.jobs.get(id) {
            Some(j) if j.owner == owner => j,
            _ => return Err(not_found()),
        };
        match &job.status {
            Status::Done(bytes) => Ok(JobResult {
                name: job.name,
                format: job.format,
                query: job.query.clone(),
                bytes: bytes.clone(),
            }),
            Status::Failed(e) => Err(ApiError::Unprocessable(e.clone())),
            Status::Queued | Status::Running => Err(ApiError::Unprocessable(
                "отчёт ещё готовится: дождитесь, пока он будет готов, и скачайте снова".into(),
            )),
        }
    }
}

fn set_status(jobs: &Mutex<Inner>, id: &str, status: Status) {
    if let Some(j) = jobs
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .jobs
        .get_mut(id)
    {
        j.status = status;
    }
}

fn not_found() -> ApiError {
    ApiError::NotFound(
        "такого задания нет или оно устарело (задания хранятся 15 минут); запустите отчёт снова"
            .into(),
    )
}
