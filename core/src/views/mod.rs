//! View models: what the screens show, derived from documents by pure functions. The device
//! (from its replica) and the server (for the browser) build the same views; the UI only
//! deserializes them.

pub mod grid;
pub mod lesson;
pub mod people;
pub mod status;
pub mod substitutions;
pub mod today;
