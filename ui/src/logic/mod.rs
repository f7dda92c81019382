//! Screen logic with no DOM: what a tap turns into, how values are written. Tested natively.

pub mod attendance;
pub mod conflicts;
pub mod dates;
pub mod finals;
pub mod grid_fmt;
pub mod marking;
pub mod optimistic;
pub mod queue;
pub mod saving;
pub mod status_text;
