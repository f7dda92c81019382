//! The period reports as printable tables: each of core's reports (`core::reports`) becomes a
//! [`ReportBook`] of titled sheets ([`book`]), written as XLSX or CSV ([`export`]) or drawn as
//! an A4 landscape PDF with the embedded Cyrillic font ([`pdf`]).

pub mod book;
pub mod export;
pub mod jobs;
pub mod pdf;

pub use book::{ReportBook, ReportCell, ReportSheet};
