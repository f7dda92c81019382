//! # zvonok-server
//!
//! The Zvonok sync server: accounts and devices, per-document rights (`core::rights::may`),
//! batched Automerge sync with validation of every incoming change
//! (`core::validate::validate_incoming`), projections for parents and students, the browser's
//! endpoints (`/v1/web/*`: `core::views` built from the server's documents, journal writes
//! stored like synced changes), the built web UI (`--web-dir`), and a demo school.
//!
//! Entry points: [`serve`] runs a server from a [`Config`]; [`start`] binds one and returns
//! its address (tests, benches); [`app`] is the bare router over an [`AppState`] for
//! `tower::ServiceExt::oneshot`; [`demo::generate`] fills a storage with the demo school.
//!
//! **Architecture invariant:** handlers are thin; every rights decision goes through
//! `core::rights::may`; storage is reached only through the [`storage::Storage`] trait.

pub mod accept;
pub mod accounts_issue;
pub mod api;
pub mod apply_op;
pub mod auth;
pub mod calendar_feeds;
pub mod config;
pub mod demo;
pub mod docstore;
pub mod error;
pub mod first_start;
pub mod index;
pub mod journal_audit;
pub mod pdf;
pub mod people_audit;
pub mod periods;
pub mod persist;
pub mod provision;
pub mod proxy;
pub mod reports;
pub mod rollout_pdf;
pub mod server;
pub mod slips;
pub mod state;
pub mod storage;
pub mod sync;
pub mod timetable_print;
pub mod views;

pub use api::app;
pub use config::Config;
pub use server::{open_storage, serve, start, Running, ServerError};
pub use state::AppState;
