//! Screen logic with no DOM: what a tap turns into, how values are written. Tested natively.

pub mod attendance;
pub mod dates;
pub mod grid_fmt;
pub mod marking;
pub mod status_text;
