//! The period reports in the app, made from the device's replica with no network
//! (`zvonok_client::reports`): the index (which classes, students and periods this device can
//! report on) and a class's results, final sheet, attendance or a student's report card, as
//! the same JSON the server answers a browser. Files (XLSX, PDF) stay with the server.

use tauri::State;
use zvonok_client::reports::DeviceReport;
use zvonok_core::wire::{ReportName, ReportQuery, ReportsIndex};

use crate::error::message;
use crate::state::{lock, AppState};

type Answer<T> = Result<T, String>;

/// What the reports screen may offer on this device.
#[tauri::command]
pub async fn reports_index(state: State<'_, AppState>) -> Answer<ReportsIndex> {
    lock(&state.replica)
        .reports_index(chrono::Utc::now())
        .map_err(|e| message(&e))
}

/// One report from the device's documents.
#[tauri::command]
pub async fn report(
    state: State<'_, AppState>,
    name: ReportName,
    query: ReportQuery,
) -> Answer<DeviceReport> {
    lock(&state.replica)
        .report(name, &query, chrono::Utc::now())
        .map_err(|e| message(&e))
}
