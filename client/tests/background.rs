//! The background loop's backoff and stopping rules, against a server that is not there.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use zvonok_client::sync::{backoff_delay, run_background, Api, BackgroundOptions};
use zvonok_client::{status_of, Replica, Status, SyncError, SyncState};

#[test]
fn backoff_doubles_to_five_minutes_with_jitter() {
    assert_eq!(backoff_delay(1, 1.0), Duration::from_secs(1));
    assert_eq!(backoff_delay(2, 1.0), Duration::from_secs(2));
    assert_eq!(backoff_delay(5, 1.0), Duration::from_secs(16));
    assert_eq!(backoff_delay(9, 1.0), Duration::from_secs(256));
    assert_eq!(backoff_delay(10, 1.0), Duration::from_secs(300));
    assert_eq!(backoff_delay(1000, 1.0), Duration::from_secs(300));
    assert_eq!(backoff_delay(3, 0.5), Duration::from_secs(2));
    assert_eq!(
        backoff_delay(3, 7.0),
        Duration::from_secs(4),
        "jitter is clamped"
    );
}

fn setup() -> (tempfile::TempDir, Arc<Mutex<Replica>>, Api) {
    let dir = tempfile::tempdir().unwrap();
    common::install(dir.path());
    let replica = Replica::open(dir.path()).unwrap();
    let api = Api::from_credentials(replica.credentials().unwrap()).unwrap();
    (dir, Arc::new(Mutex::new(replica)), api)
}

fn initial(r: &Arc<Mutex<Replica>>) -> Status {
    status_of(&mut r.lock().unwrap()).unwrap()
}

#[tokio::test]
async fn unreachable_server_backs_off_and_reports_offline() {
    let (_dir, replica, api) = setup();
    let (_cancel_tx, cancel) = watch::channel(false);
    let (status_tx, status_rx) = watch::channel(initial(&replica));
    let options = BackgroundOptions {
        interval: Duration::from_secs(60),
        max_attempts: Some(2),
    };
    let started = std::time::Instant::now();
    let err = run_background(replica.clone(), api, options, cancel, status_tx).await;
    assert!(matches!(err, Some(SyncError::Network(_))), "{err:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "waited before retrying"
    );
    let st = status_rx.borrow().clone();
    match st.state {
        SyncState::Offline {
            last_error,
            next_retry,
        } => {
            assert!(last_error.contains("Сервер недоступен"), "{last_error}");
            assert!(next_retry.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn cancel_stops_the_loop_during_backoff() {
    let (_dir, replica, api) = setup();
    let (cancel_tx, cancel) = watch::channel(false);
    let (status_tx, _status_rx) = watch::channel(initial(&replica));
    let task = tokio::spawn(run_background(
        replica,
        api,
        BackgroundOptions::default(),
        cancel,
        status_tx,
    ));
    tokio::time::sleep(Duration::from_millis(200)).await;
    cancel_tx.send(true).unwrap();
    let out = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("stopped")
        .unwrap();
    assert!(out.is_none());
}
