//! The background sync loop: syncs every `interval` while the server answers, backs off
//! exponentially with jitter (1 s → 5 min) while it does not, stops on an authentication
//! error or when cancelled, and publishes its [`Status`] on a watch channel.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use tokio::sync::watch;

use super::{lock, sync_once_with, Api, SyncError, SyncSession};
use crate::account::keys;
use crate::replica::Replica;
use crate::status::{status_of, Status, SyncState};

/// First retry delay after a failure.
pub const BACKOFF_START: Duration = Duration::from_secs(1);
/// Longest retry delay.
pub const BACKOFF_MAX: Duration = Duration::from_secs(300);

/// Settings of [`run_background`].
#[derive(Clone, Debug)]
pub struct BackgroundOptions {
    /// Pause between syncs while the server answers.
    pub interval: Duration,
    /// Stop after this many sync attempts (`None`: until cancelled).
    pub max_attempts: Option<u32>,
}

impl Default for BackgroundOptions {
    fn default() -> Self {
        BackgroundOptions {
            interval: Duration::from_secs(30),
            max_attempts: None,
        }
    }
}

/// The delay before retry number `failures` (1 = first retry): `1 s · 2^(failures-1)`,
/// capped at 5 minutes, scaled by `jitter` in `[0.5, 1.0]` so that many tablets coming back
/// online at once do not retry in step.
pub fn backoff_delay(failures: u32, jitter: f64) -> Duration {
    let exp = failures.saturating_sub(1).min(16);
    let base = BACKOFF_START.saturating_mul(1u32 << exp).min(BACKOFF_MAX);
    base.mul_f64(jitter.clamp(0.5, 1.0))
}

/// Runs syncs until `cancel` becomes true (or its sender is dropped), an authentication
/// error occurs, or `max_attempts` is reached. Every state change is sent on `status`.
/// Returns the last error, if the loop stopped because of one.
pub async fn run_background(
    replica: Arc<Mutex<Replica>>,
    api: Api,
    options: BackgroundOptions,
    mut cancel: watch::Receiver<bool>,
    status: watch::Sender<Status>,
) -> Option<SyncError> {
    let mut failures = 0u32;
    let mut attempts = 0u32;
    loop {
        if *cancel.borrow() {
            return None;
        }
        publish(
            &replica,
            &status,
            Some(SyncState::Syncing { progress: None }),
        );
        attempts += 1;
        // Progress goes straight to the watch: the replica is locked while it is reported.
        let tx = status.clone();
        let session = SyncSession::new().on_progress(Box::new(move |p| {
            tx.send_modify(|s| s.state = SyncState::Syncing { progress: Some(p) });
        }));
        let outcome = sync_once_with(&replica, &api, session).await;
        let wait = match outcome {
            Ok(_) => {
                failures = 0;
                publish(&replica, &status, None);
                options.interval
            }
            Err(e) if e.is_auth() => {
                publish(&replica, &status, None);
                return Some(e);
            }
            Err(e) => {
                failures += 1;
                let delay = backoff_delay(failures, rand::thread_rng().gen_range(0.5..=1.0));
                let next = Utc::now()
                    + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::zero());
                {
                    let r = lock(&replica);
                    if let Err(se) = r.store().set_setting(keys::NEXT_RETRY, &next.to_rfc3339()) {
                        tracing::warn!("could not store next retry time: {se}");
                    }
                }
                tracing::info!("sync failed ({e}); retry in {delay:?}");
                publish(&replica, &status, None);
                if options.max_attempts.is_some_and(|m| attempts >= m) {
                    return Some(e);
                }
                delay
            }
        };
        if options.max_attempts.is_some_and(|m| attempts >= m) {
            return None;
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            changed = cancel.changed() => {
                if changed.is_err() || *cancel.borrow() {
                    return None;
                }
            }
        }
    }
}

fn publish(replica: &Mutex<Replica>, tx: &watch::Sender<Status>, state: Option<SyncState>) {
    let mut r = lock(replica);
    match status_of(&mut r) {
        Ok(mut s) => {
            if let Some(st) = state {
                s.state = st;
            }
            tx.send_replace(s);
        }
        Err(e) => tracing::warn!("status unavailable: {e}"),
    }
}
