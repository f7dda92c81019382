//! Screens and their parts.

pub mod admin;
pub mod calendar_feed;
pub mod common;
pub mod header;
pub mod issued;
pub mod journal;
pub mod lesson;
pub mod parent;
pub mod periods;
pub mod reports;
pub mod rollout;
pub mod setup;
pub mod sign_in;
pub mod status_bar;
pub mod timetable;
pub mod today;
pub mod year_close;
