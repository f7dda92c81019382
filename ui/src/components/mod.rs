//! Screens and their parts.

pub mod common;
pub mod header;
pub mod journal;
pub mod lesson;
pub mod parent;
pub mod sign_in;
pub mod status_bar;
pub mod today;
