//! # zvonok-app
//!
//! The Zvonok app: the Leptos UI (`ui/`, built to WebAssembly and embedded from `dist/`) in a
//! Tauri 2 window, over the device replica of `zvonok-client`. The same crate builds the
//! desktop binary and the Android/iOS library ([`run`] is the mobile entry point).
//!
//! - [`commands`]: the backend seam of ARCHITECTURE.md, one command per client call.
//! - [`background`]: the client's background sync loop, started after a sign-in (or at start
//!   when the device holds one), with its statuses pushed to the UI as the `status` event.
//! - [`state`]: the replica, in the app's data directory or in `ZVONOK_DATA_DIR`.

pub mod admin;
pub mod background;
pub mod commands;
pub mod error;
pub mod reports;
pub mod state;

use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};

use background::Emit;
use state::AppState;

/// The name of the event that carries a new `Status` to the UI.
pub const STATUS_EVENT: &str = "status";

/// Registers the commands of [`commands`] on a builder (of the real or the mock runtime).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::login,
        commands::session,
        commands::logout,
        commands::today,
        commands::lesson,
        commands::journal,
        commands::apply_op,
        commands::status,
        commands::sync_now,
        commands::children,
        commands::summary,
        admin::setup,
        admin::school,
        admin::school_op,
        admin::timetable,
        admin::timetable_op,
        admin::timetable_changes,
        admin::movement_op,
        admin::movement_book,
        admin::people_classes,
        admin::people,
        admin::people_op,
        reports::reports_index,
        reports::report,
    ])
}

/// An emitter that sends each status to every window as the [`STATUS_EVENT`].
pub fn status_emitter<R: Runtime>(app: AppHandle<R>) -> Emit {
    Arc::new(move |status| {
        if let Err(e) = app.emit(STATUS_EVENT, status) {
            tracing::warn!("status event not sent: {e}");
        }
    })
}

/// Opens the replica, manages the [`AppState`] and, if the device holds a sign-in, starts
/// the background sync.
pub fn init<R: Runtime>(app: &AppHandle<R>, interval: Duration) -> Result<(), String> {
    let dir = state::data_dir(|| {
        app.path().app_data_dir().map_err(|e| {
            format!("Не удалось определить папку данных приложения: {e}. Задайте её переменной ZVONOK_DATA_DIR.")
        })
    })?;
    tracing::info!("replica in {}", dir.display());
    let state = AppState::open(&dir, status_emitter(app.clone()), interval)?;
    let start = state.has_session();
    let sync = state.sync.clone();
    app.manage(state);
    if start {
        tauri::async_runtime::spawn(async move {
            if let Err(e) = sync.restart().await {
                tracing::info!("background sync not started: {e}");
            }
        });
    }
    Ok(())
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("zvonok_app_lib=info,zvonok_client=info"));
    // Already set (e.g. by a test harness): keep that one.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// Runs the app (desktop `main`, and the entry point on Android and iOS).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    init_tracing();
    let app = with_commands(tauri::Builder::default())
        .setup(|app| {
            init(app.handle(), background::SYNC_INTERVAL)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = app {
        tracing::error!("the app stopped with an error: {e}");
        eprintln!("Звонок: приложение остановлено с ошибкой: {e}");
        std::process::exit(1);
    }
}
