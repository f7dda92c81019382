//! Calendar feeds read back with an independent parser (the `ical` crate) and checked
//! against the timetable: from an EMPTY server (the wizard's school in Yekaterinburg's zone, a
//! class list with a mother, two weekly slots written through a real device sync, the
//! journals the server opens) — rights, replaced and revoked links, a mother unlinked from
//! her child, changes by date — and the demo school's parent.

#[path = "../common/mod.rs"]
mod common;
mod demo;
mod feed;
mod rights;
mod setup;
mod timetable_changes;
