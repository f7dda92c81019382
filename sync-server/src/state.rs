//! Shared server state: storage, hot documents, the cached rights index, the login limiter.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::auth::{LoginLimiter, LoginLimits};
use crate::docstore::{DocError, DocStore};
use crate::index::SchoolIndex;
use crate::proxy::IpNet;
use crate::reports::jobs::ReportJobs;
use crate::storage::Storage;

/// How many documents stay loaded in memory.
pub const DEFAULT_DOC_CACHE: usize = 1024;
/// The largest body of a JSON request (everything but sync and imports).
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub docs: DocStore,
    pub limiter: LoginLimiter,
    /// The largest body of `/v1/sync` and of the imports (files); JSON bodies take
    /// [`JSON_BODY_LIMIT`].
    pub max_body_bytes: usize,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<IpNet>,
    /// The built web UI served at `/` (`--web-dir`), if any.
    pub web_dir: Option<PathBuf>,
    /// Heavy reports computed as jobs, and their results' cache.
    pub report_jobs: ReportJobs,
    index: RwLock<Option<Arc<SchoolIndex>>>,
    /// Bumped on every invalidation, so an index built from older data is not stored.
    index_generation: AtomicU64,
    /// Held while the server creates documents that follow from the school, so that two
    /// requests never create the same one (see `provision`). Holds the fingerprint of the
    /// school calendar and timetable the journals were last brought in line with.
    pub(crate) provision_lock: Mutex<Option<u64>>,
    /// A real argon2 hash checked when the login is unknown, so both cases take as long.
    pub(crate) dummy_hash: String,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, max_body_bytes: usize) -> Self {
        AppState {
            docs: DocStore::new(storage.clone(), DEFAULT_DOC_CACHE),
            storage,
            limiter: LoginLimiter::new(LoginLimits::default()),
            max_body_bytes,
            trusted_proxies: Vec::new(),
            web_dir: None,
            report_jobs: ReportJobs::default(),
            index: RwLock::new(None),
            index_generation: AtomicU64::new(0),
            provision_lock: Mutex::new(None),
            dummy_hash: crate::auth::hash_password("zvonok-timing-equaliser").unwrap_or_default(),
        }
    }

    /// Serves the built web UI from `dir` (see `api::web_ui`).
    pub fn with_web_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.web_dir = dir;
        self
    }

    /// Reads the client's address from these proxies' headers (see `proxy::client_addr`).
    pub fn with_trusted_proxies(mut self, nets: Vec<IpNet>) -> Self {
        self.trusted_proxies = nets;
        self
    }

    /// Other sign-in limits (tests use short windows and delays).
    pub fn with_login_limits(mut self, limits: LoginLimits) -> Self {
        self.limiter = LoginLimiter::new(limits);
        self
    }

    /// The rights index, built from storage if missing.
    pub fn index(&self) -> Result<Arc<SchoolIndex>, DocError> {
        if let Some(ix) = self
            .index
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            return Ok(ix.clone());
        }
        let generation = self.index_generation.load(Ordering::SeqCst);
        let records = self.storage.docs()?;
        let ix = Arc::new(SchoolIndex::build(&self.docs, &records)?);
        let mut slot = self.index.write().unwrap_or_else(|p| p.into_inner());
        if self.index_generation.load(Ordering::SeqCst) == generation {
            *slot = Some(ix.clone());
        }
        Ok(ix)
    }

    /// The rights index if it is built, without building it (for names only: it may lag).
    pub fn index_if_built(&self) -> Option<Arc<SchoolIndex>> {
        self.index.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Forgets the rights index (a school or roster document changed).
    pub fn invalidate_index(&self) {
        self.index_generation.fetch_add(1, Ordering::SeqCst);
        *self.index.write().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
