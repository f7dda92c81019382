//! The coordinator's commands, answered from the device's replica like the journal's: the
//! setup wizard's progress and the school document, writes of the school document (every
//! wizard step), the weekly timetable, movement orders and the movement book, the people lists and their edits. They work offline; the background
//! sync sends the writes and the server checks them again.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tauri::State;
use zvonok_client::WriteReceipt;
use zvonok_core::doc::movement::MovementOp;
use zvonok_core::doc::people_ops::PeopleOp;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::ids::ClassId;
use zvonok_core::setup;
use zvonok_core::views::changes::ChangesView;
use zvonok_core::views::status::Saved;
use zvonok_core::wire::setup::SetupView;
use zvonok_core::wire::BookView;
use zvonok_core::wire::{ClassesView, PeopleView, TimetableView};

use crate::error::message;
use crate::state::{lock, AppState};

type Answer<T> = Result<T, String>;

/// Each wizard step's state and where a resumed wizard opens.
#[tauri::command]
pub async fn setup(state: State<'_, AppState>) -> Answer<SetupView> {
    let steps = lock(&state.replica)
        .setup_progress()
        .map_err(|e| message(&e))?;
    let next = setup::next_step(&steps);
    Ok(SetupView { steps, next })
}

/// The school document as the wizard shows it.
#[tauri::command]
pub async fn school(state: State<'_, AppState>) -> Answer<SchoolData> {
    lock(&state.replica)
        .school()
        .cloned()
        .map_err(|e| message(&e))
}

/// Tells the sync about a stored write and answers how many changes wait.
fn saved(state: &AppState, receipt: WriteReceipt) -> Saved {
    state.sync.publish();
    if receipt.change.is_some() {
        state.sync.kick();
    }
    Saved {
        pending: receipt.pending,
    }
}

/// A validated write of the school document, durable on the device when this returns.
#[tauri::command]
pub async fn school_op(state: State<'_, AppState>, op: SchoolOp) -> Answer<Saved> {
    let receipt = lock(&state.replica)
        .apply_school_op(&op)
        .map_err(|e| message(&e))?;
    Ok(saved(&state, receipt))
}

/// The current year's timetable on the device.
#[tauri::command]
pub async fn timetable(state: State<'_, AppState>) -> Answer<TimetableView> {
    lock(&state.replica)
        .timetable_view()
        .map_err(|e| message(&e))
}

/// The changes by date of `from..=to` from the device's timetable (the changes screen).
#[tauri::command]
pub async fn timetable_changes(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Answer<ChangesView> {
    lock(&state.replica)
        .timetable_changes_view(from, to)
        .map_err(|e| message(&e))
}

/// A validated timetable write, durable on the device when this returns; the journals
/// follow on the server after the sync.
#[tauri::command]
pub async fn timetable_op(state: State<'_, AppState>, op: TimetableOp) -> Answer<Saved> {
    let receipt = lock(&state.replica)
        .apply_timetable_op(&op)
        .map_err(|e| message(&e))?;
    Ok(saved(&state, receipt))
}

/// A validated movement order, durable on the device when this returns; the rosters follow
/// on the server after the sync.
#[tauri::command]
pub async fn movement_op(state: State<'_, AppState>, op: MovementOp) -> Answer<Saved> {
    let receipt = lock(&state.replica)
        .apply_movement_op(&op)
        .map_err(|e| message(&e))?;
    Ok(saved(&state, receipt))
}

/// The movement book for `from..=to` from the orders on the device.
#[tauri::command]
pub async fn movement_book(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Answer<BookView> {
    let mut r = lock(&state.replica);
    let book = r.movement_book(from, to).map_err(|e| message(&e))?;
    let class_names: BTreeMap<_, _> = r
        .school()
        .map_err(|e| message(&e))?
        .classes
        .values()
        .map(|c| (c.id, c.name()))
        .collect();
    Ok(BookView { book, class_names })
}

/// The classes whose lists the user may read.
#[tauri::command]
pub async fn people_classes(state: State<'_, AppState>) -> Answer<ClassesView> {
    lock(&state.replica)
        .people_classes()
        .map_err(|e| message(&e))
}

/// One class's people from the device.
#[tauri::command]
pub async fn people(state: State<'_, AppState>, class: ClassId) -> Answer<PeopleView> {
    lock(&state.replica).people(class).map_err(|e| message(&e))
}

/// A validated edit of a class's people, durable on the device when this returns.
#[tauri::command]
pub async fn people_op(state: State<'_, AppState>, class: ClassId, op: PeopleOp) -> Answer<Saved> {
    let receipt = lock(&state.replica)
        .apply_people_op(class, &op)
        .map_err(|e| message(&e))?;
    Ok(saved(&state, receipt))
}
