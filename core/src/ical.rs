//! iCalendar text (RFC 5545) as the calendar feeds write it: content lines with escaped TEXT
//! values folded at 75 octets ([`text`]) and the school's time zone as a VTIMEZONE computed
//! from the zone database ([`vtimezone`]). Writing only; nothing here reads iCalendar.

pub mod text;
pub mod vtimezone;

pub use text::{escape_text, fold_line, IcsWriter};
pub use vtimezone::{observances, write_vtimezone, Observance};

/// `20261125T083000`: a local date-time as DTSTART;TZID=… takes it.
pub fn local_stamp(t: chrono::NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// `20261125T053000Z`: a UTC date-time (DTSTAMP).
pub fn utc_stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}
