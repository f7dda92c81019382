//! The journal grid as a teacher reads it. The view itself lives in `zvonok_core::views::grid`
//! so the server's web API and the device build the same thing.

pub use zvonok_core::views::grid::*;
