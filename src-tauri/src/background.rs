//! The app's background sync: one run of the client's [`run_background`] at a time, started
//! after a login or at start when a session exists, restarted on demand (sync now, a local
//! write), and every status it publishes forwarded to the UI.
//!
//! A run cannot be interrupted in the middle of a sync, so stopping waits until the sync in
//! flight has finished (the client bounds it with its request timeouts). Runs never overlap:
//! starting, stopping and restarting go through one async mutex.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tauri::async_runtime::{self, JoinHandle};
use tokio::sync::watch;
use zvonok_client::status::{status_of, Status, SyncState};
use zvonok_client::sync::{api_for, run_background, BackgroundOptions};
use zvonok_client::{Replica, SyncError};

use crate::state::lock;

/// How the app tells the UI about a new status (the `status` event).
pub type Emit = Arc<dyn Fn(&Status) + Send + Sync>;

/// Pause between syncs while the server answers (the client backs off while it does not).
pub const SYNC_INTERVAL: Duration = Duration::from_secs(5);

/// Longest wait of a command for the result of a sync it asked for; after it the command
/// answers with the current status and the sync goes on in the background.
pub const SYNC_WAIT: Duration = Duration::from_secs(60);

/// One run of the background loop.
struct Running {
    cancel: watch::Sender<bool>,
    task: JoinHandle<Option<SyncError>>,
}

/// Starts, stops and restarts the background sync of one replica.
pub struct SyncControl {
    replica: Arc<Mutex<Replica>>,
    emit: Emit,
    interval: Duration,
    running: tokio::sync::Mutex<Option<Running>>,
    /// A restart is queued and has not begun yet (later requests join it).
    restart_queued: AtomicBool,
}

impl SyncControl {
    pub fn new(replica: Arc<Mutex<Replica>>, emit: Emit, interval: Duration) -> Self {
        SyncControl {
            replica,
            emit,
            interval,
            running: tokio::sync::Mutex::new(None),
            restart_queued: AtomicBool::new(false),
        }
    }

    /// The status as recorded in the replica.
    pub fn status(&self) -> Result<Status, String> {
        status_of(&mut lock(&self.replica)).map_err(|e| crate::error::message(&e))
    }

    /// Sends the current status to the UI.
    pub fn publish(&self) {
        match self.status() {
            Ok(s) => (self.emit)(&s),
            Err(e) => tracing::warn!("status unavailable: {e}"),
        }
    }

    /// Stops the running loop, if any, after the sync in flight.
    pub async fn stop(&self) {
        let mut running = self.running.lock().await;
        Self::stop_locked(&mut running).await;
    }

    async fn stop_locked(running: &mut Option<Running>) {
        if let Some(run) = running.take() {
            run.cancel.send_replace(true);
            match run.task.await {
                Ok(Some(e)) => tracing::info!("background sync had stopped: {e}"),
                Ok(None) => {}
                Err(e) => tracing::warn!("background sync task failed: {e}"),
            }
        }
    }

    /// Stops the running loop and starts a new one, which syncs at once. Returns a receiver
    /// of the new run's statuses. Fails (and leaves no loop running) when the device has no
    /// valid sign-in.
    pub async fn restart(&self) -> Result<watch::Receiver<Status>, SyncError> {
        let mut running = self.running.lock().await;
        self.restart_locked(&mut running).await
    }

    async fn restart_locked(
        &self,
        running: &mut Option<Running>,
    ) -> Result<watch::Receiver<Status>, SyncError> {
        Self::stop_locked(running).await;
        let api = api_for(&self.replica)?;
        let initial = status_of(&mut lock(&self.replica))?;
        let (status_tx, status_rx) = watch::channel(initial);
        let (cancel_tx, cancel_rx) = watch::channel(false);

        let mut forward = status_rx.clone();
        let emit = self.emit.clone();
        async_runtime::spawn(async move {
            while forward.changed().await.is_ok() {
                let status = forward.borrow_and_update().clone();
                emit(&status);
            }
        });

        let options = BackgroundOptions {
            interval: self.interval,
            max_attempts: None,
        };
        let task = async_runtime::spawn(run_background(
            self.replica.clone(),
            api,
            options,
            cancel_rx,
            status_tx,
        ));
        *running = Some(Running {
            cancel: cancel_tx,
            task,
        });
        Ok(status_rx)
    }

    /// Restarts the loop in the background so that a local write goes out at once (and an
    /// offline device retries now rather than at the end of its back-off). Requests made
    /// while one is queued join it.
    pub fn kick(self: &Arc<Self>) {
        if self.restart_queued.swap(true, Ordering::SeqCst) {
            return;
        }
        let this = self.clone();
        async_runtime::spawn(async move {
            let mut running = this.running.lock().await;
            this.restart_queued.store(false, Ordering::SeqCst);
            if let Err(e) = this.restart_locked(&mut running).await {
                tracing::info!("background sync not restarted: {e}");
            }
        });
    }

    /// Syncs now and waits (at most [`SYNC_WAIT`]) for the outcome.
    pub async fn sync_now(&self) -> Result<Status, String> {
        let mut results = self
            .restart()
            .await
            .map_err(|e| crate::error::message(&e))?;
        wait_for_result(&mut results).await;
        self.status()
    }
}

/// Waits until a run has finished its first sync (or has stopped), at most [`SYNC_WAIT`].
pub async fn wait_for_result(results: &mut watch::Receiver<Status>) {
    let first = async {
        while results.changed().await.is_ok() {
            if !matches!(results.borrow_and_update().state, SyncState::Syncing { .. }) {
                return;
            }
        }
    };
    if tokio::time::timeout(SYNC_WAIT, first).await.is_err() {
        tracing::info!("sync still running after {SYNC_WAIT:?}; answering with the current status");
    }
}
