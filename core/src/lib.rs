//! # zvonok-core
//!
//! The domain of Zvonok, an offline-first school information system: identifiers, the school's
//! structure, documents over Automerge with typed readers and writers, validated journal
//! operations, rights, projections for parents and students, and the wire formats.
//!
//! **Architecture invariant:** this crate does no I/O (no files, sockets, clocks beyond what
//! the caller passes in) and builds for `wasm32-unknown-unknown`. The device and the server run
//! the same rules from here.
//!
//! ```
//! use zvonok_core::doc::journal::{apply, JournalData, JournalOp, JournalPermission};
//! # use zvonok_core::fixtures::tiny_journal;
//! let (data, lesson, student) = tiny_journal();
//! let mut doc = data.to_doc().unwrap();
//! let op = JournalOp::SetAttendance { lesson, student, code: Some("Н".parse().unwrap()) };
//! apply(&mut doc, &op, JournalPermission::default()).unwrap();
//! doc.commit();
//! let read = JournalData::from_doc(&doc).unwrap();
//! assert_eq!(read.attendance.len(), 1);
//! ```

pub mod calendar;
pub mod calendar_feed;
pub mod completeness;
pub mod curriculum;
pub mod doc;
pub mod error;
pub mod fixtures;
pub mod ical;
pub mod ids;
pub mod lesson_plan;
pub mod logins;
pub mod marks;
pub mod model;
pub mod movement;
pub mod names;
pub mod period_close;
pub mod projection;
pub mod reports;
pub mod rights;
pub mod rollout;
pub mod school_rules;
pub mod setup;
pub mod time_zone;
pub mod timetable_changes;
pub mod timetable_cycle;
pub mod timetable_rules;
pub mod validate;
pub mod views;
pub mod wire;
pub mod year_close;

pub use automerge;
pub use error::DomainError;
