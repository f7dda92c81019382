//! Screen logic with no DOM: what a tap turns into, how values are written. Tested natively.

pub mod admin;
pub mod admin_orders;
pub mod admin_people;
pub mod admin_titles;
pub mod attendance;
pub mod audit;
pub mod conflicts;
pub mod dates;
pub mod finals;
pub mod grid_fmt;
pub mod marking;
pub mod optimistic;
pub mod periods;
pub mod queue;
pub mod report_jobs;
pub mod reports;
pub mod rollout;
pub mod saving;
pub mod setup;
pub mod setup_calendar;
pub mod setup_plan;
pub mod status_text;
pub mod timetable;
pub mod year_close;
