//! The Tauri commands: one per row of the backend table in ARCHITECTURE.md («The UI and its
//! backend seam»), each a thin call into zvonok-client on the local replica. Arguments and
//! results are the core types the browser backend returns too; errors are Russian messages.

use std::time::Duration;

use chrono::NaiveDate;
use tauri::State;
use zvonok_client::status::Status;
use zvonok_client::sync::{self, api_for, fetch_summary, refresh_user, SummaryView};
use zvonok_client::{JournalGrid, SyncError, TodayLesson};
use zvonok_core::doc::journal::{self, JournalConflicts, JournalData, JournalOp};
use zvonok_core::ids::{DocId, LessonId, StudentId};
use zvonok_core::views::lesson::LessonSheet;
use zvonok_core::views::status::{Saved, Session};
use zvonok_core::wire::{ChildInfo, UserInfo};

use crate::background::wait_for_result;
use crate::error::message;
use crate::state::{lock, AppState};

/// Longest time sign-out spends sending waiting changes and revoking the device.
const LOGOUT_WAIT: Duration = Duration::from_secs(15);

type Answer<T> = Result<T, String>;

/// The name this device registers under, e.g. «Приложение Звонок (kabinet-12)».
fn device_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    format!("Приложение Звонок ({host})")
}

/// Signs in, waits for the first sync (so that the day is there when the UI asks for it, at
/// most [`crate::background::SYNC_WAIT`]) and keeps syncing in the background.
#[tauri::command]
pub async fn login(
    state: State<'_, AppState>,
    server: String,
    login: String,
    password: String,
) -> Answer<UserInfo> {
    state.sync.stop().await;
    let signed_in = sync::login(&state.replica, &server, &login, &password, &device_name()).await;
    if let Err(e) = signed_in {
        // The previous sign-in, if any, keeps syncing.
        if state.has_session() {
            if let Err(e) = state.sync.restart().await {
                tracing::info!("background sync not restarted: {e}");
            }
        }
        return Err(message(&e));
    }
    let user = lock(&state.replica)
        .user()
        .cloned()
        .ok_or_else(|| message(&SyncError::NotLoggedIn))?;
    match state.sync.restart().await {
        Ok(mut results) => wait_for_result(&mut results).await,
        Err(e) => tracing::warn!("background sync not started after login: {e}"),
    }
    state.sync.publish();
    Ok(user)
}

/// The remembered sign-in, if the device holds a valid one.
#[tauri::command]
pub async fn session(state: State<'_, AppState>) -> Answer<Option<Session>> {
    let r = lock(&state.replica);
    Ok(r.credentials().filter(|c| c.has_token()).map(|c| Session {
        server: c.server.clone(),
        user: c.user.clone(),
    }))
}

/// Signs out: sends the changes still waiting, revokes this device on the server and forgets
/// the token. The documents stay on the device (the same user signing in again finds them).
/// Refuses while changes cannot be sent, because a new sign-in could not send them any more.
#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Answer<()> {
    state.sync.stop().await;
    let Ok(api) = api_for(&state.replica) else {
        // No valid token: nothing to revoke, nothing that could be sent.
        state.sync.publish();
        return Ok(());
    };
    let pending = lock(&state.replica)
        .pending_count()
        .map_err(|e| message(&e))?;
    if pending > 0 {
        let sent = tokio::time::timeout(LOGOUT_WAIT, sync::sync_once(&state.replica, &api)).await;
        let left = match sent {
            Ok(Ok(report)) => report.pending,
            Ok(Err(e)) => {
                tracing::info!("sync before logout failed: {e}");
                pending
            }
            Err(_) => pending,
        };
        if left > 0 {
            if let Err(e) = state.sync.restart().await {
                tracing::info!("background sync not restarted: {e}");
            }
            state.sync.publish();
            return Err(format!(
                "Выход отменён: {left} изм. ещё не отправлено на сервер. Подключитесь к сети, \
                 дождитесь синхронизации и выйдите снова — иначе эти изменения не дойдут до сервера."
            ));
        }
    }
    let device = lock(&state.replica)
        .credentials()
        .map(|c| c.device.to_string());
    if let Some(device) = device {
        match tokio::time::timeout(LOGOUT_WAIT, api.revoke(&device)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::info!("device not revoked on the server: {e}"),
            Err(_) => tracing::info!("device not revoked on the server: timeout"),
        }
    }
    lock(&state.replica)
        .forget_token()
        .map_err(|e| message(&e))?;
    state.sync.publish();
    Ok(())
}

/// The user's lessons on a date, from the local timetable and journals.
#[tauri::command]
pub async fn today(state: State<'_, AppState>, date: NaiveDate) -> Answer<Vec<TodayLesson>> {
    lock(&state.replica).today(date).map_err(|e| message(&e))
}

/// A journal from the replica with its concurrently written cells, and whether this user may
/// write it.
fn read_journal(state: &AppState, doc: DocId) -> Answer<(JournalData, JournalConflicts, bool)> {
    let mut r = lock(&state.replica);
    let data = r.journal(doc).map_err(|e| message(&e))?;
    let conflicts =
        journal::read_conflicts(r.doc(doc).map_err(|e| message(&e))?).map_err(|e| e.to_string())?;
    // The one rights decision the device's writes use (`Replica::journal_rights`).
    let writable = r.journal_rights(doc).map(|j| j.write).unwrap_or(false);
    Ok((data, conflicts, writable))
}

/// One lesson as the teacher marks it.
#[tauri::command]
pub async fn lesson(
    state: State<'_, AppState>,
    doc: DocId,
    lesson: LessonId,
) -> Answer<LessonSheet> {
    let (data, conflicts, writable) = read_journal(&state, doc)?;
    let mut sheet = LessonSheet::build_with(doc, &data, &conflicts, lesson).ok_or_else(|| {
        format!(
            "Урока нет в журнале «{}» на этом устройстве: дождитесь синхронизации или выберите урок заново.",
            data.meta.title
        )
    })?;
    sheet.writable = writable;
    Ok(sheet)
}

/// A whole journal as a grid.
#[tauri::command]
pub async fn journal(state: State<'_, AppState>, doc: DocId) -> Answer<JournalGrid> {
    let (data, conflicts, writable) = read_journal(&state, doc)?;
    let mut grid = JournalGrid::build_with(doc, &data, &conflicts);
    grid.writable = writable;
    Ok(grid)
}

/// A validated journal write, durable on the device when this returns; the sync sends it.
#[tauri::command]
pub async fn apply_op(state: State<'_, AppState>, doc: DocId, op: JournalOp) -> Answer<Saved> {
    let receipt = lock(&state.replica)
        .apply_journal_op(doc, &op)
        .map_err(|e| message(&e))?;
    state.sync.publish();
    if receipt.change.is_some() {
        state.sync.kick();
    }
    Ok(Saved {
        pending: receipt.pending,
    })
}

/// The sync status (the `status` event pushes every change of it).
#[tauri::command]
pub async fn status(state: State<'_, AppState>) -> Answer<Status> {
    state.sync.status()
}

/// Syncs now and answers with the status after it.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Answer<Status> {
    state.sync.sync_now().await
}

/// The students whose summary the user may see (a student sees themself), refreshed from
/// the server when it answers.
#[tauri::command]
pub async fn children(state: State<'_, AppState>) -> Answer<Vec<ChildInfo>> {
    if let Ok(api) = api_for(&state.replica) {
        if let Err(e) = refresh_user(&state.replica, &api).await {
            if e.is_auth() {
                return Err(message(&e));
            }
            tracing::info!("user info not refreshed: {e}");
        }
    }
    let r = lock(&state.replica);
    let user = r.user().ok_or_else(|| message(&SyncError::NotLoggedIn))?;
    let mut kids = user.children.clone();
    if let Some(me) = user.student {
        if !kids.iter().any(|c| c.id == me) {
            kids.push(ChildInfo {
                id: me,
                name: user.display_name.clone(),
                class_name: String::new(),
            });
        }
    }
    Ok(kids)
}

/// A student's summary: fresh from the server, or the saved copy with its time when offline.
#[tauri::command]
pub async fn summary(state: State<'_, AppState>, student: StudentId) -> Answer<SummaryView> {
    let api = api_for(&state.replica).ok();
    fetch_summary(&state.replica, api.as_ref(), student)
        .await
        .map_err(|e| message(&e))
}
