//! # zvonok-client
//!
//! The device side of Zvonok: a replica of the user's documents in one SQLite file
//! ([`store`], [`replica`]), validated journal writes that are durable when they return, the
//! sync engine that talks to the server ([`sync`], the only module doing HTTP), cached
//! summaries for parents and students, and the `zvonok` command line ([`cli`]).
//!
//! The Tauri app calls the same API as the CLI: open a [`Replica`], share it as
//! `Mutex<Replica>` (see [`sync`]), read with the typed lookups ([`Replica::today`],
//! [`Replica::find_journal`], [`JournalGrid`]), write with [`Replica::apply_journal_op`],
//! and run [`sync::run_background`] with a watch channel of [`Status`].

pub mod account;
pub mod admin;
pub mod cli;
pub mod grid;
pub mod lookup;
pub mod names;
pub mod rejection;
pub mod replica;
pub mod reports;
pub mod status;
pub mod store;
pub mod sync;
pub mod timetable;

pub use account::Credentials;
pub use grid::JournalGrid;
pub use lookup::{find_student, JournalRef, TodayLesson};
pub use replica::{JournalRights, Replica, ReplicaError, WriteReceipt};
pub use status::{status_of, Status, SyncState};
pub use store::{Durability, RejectedChange, Store, StoreError};
pub use sync::{Api, SyncError, SyncReport};
