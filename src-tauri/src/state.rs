//! What the app keeps while it runs: the device replica (shared with the sync loop) and the
//! control of the background sync.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use zvonok_client::Replica;

use crate::background::{Emit, SyncControl};

/// The replica and its sync, managed by Tauri (`State<'_, AppState>`).
pub struct AppState {
    pub replica: Arc<Mutex<Replica>>,
    pub sync: Arc<SyncControl>,
    pub data_dir: PathBuf,
}

impl AppState {
    /// Opens (or creates) the replica in `data_dir`.
    pub fn open(data_dir: &Path, emit: Emit, interval: Duration) -> Result<Self, String> {
        let replica = Replica::open(data_dir).map_err(|e| crate::error::message(&e))?;
        let replica = Arc::new(Mutex::new(replica));
        let sync = Arc::new(SyncControl::new(replica.clone(), emit, interval));
        Ok(AppState {
            replica,
            sync,
            data_dir: data_dir.to_path_buf(),
        })
    }

    /// Does the device hold a sign-in it can sync with?
    pub fn has_session(&self) -> bool {
        lock(&self.replica)
            .credentials()
            .is_some_and(|c| c.has_token())
    }
}

/// Locks the shared replica; a panic elsewhere does not make it unusable.
pub fn lock(replica: &Mutex<Replica>) -> MutexGuard<'_, Replica> {
    replica.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where the replica lives: `ZVONOK_DATA_DIR` if set (tests, portable installs), else the
/// platform's data directory of the app (`app_data_dir`, given by the caller).
pub fn data_dir(app_data_dir: impl FnOnce() -> Result<PathBuf, String>) -> Result<PathBuf, String> {
    match std::env::var_os("ZVONOK_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app_data_dir(),
    }
}
