//! Timetables from scheduling programs, with no I/O:
//!
//! 1. A reader turns a file into the neutral [`TimetableSource`] (one [`SourceLesson`] per
//!    weekly hour, names as written, per-row errors): [`read_fet_csv`] for FET's CSV export,
//!    [`read_fet_xml`] for FET's `…_data_and_timetable.fet`, [`read_asc_xml`] for aSc
//!    Timetables' XML export.
//! 2. [`map_timetable`] matches the names to the school (teachers «Фамилия И.О.», classes
//!    «5 а», groups «5А_1», subjects by abbreviation, hours by bell times), answers the user
//!    gave before ([`NameMap`]) first; what does not match is [`Unmatched`], once per name.
//! 3. [`plan_timetable`] compares with the school's timetable → [`TimetablePlan`] to preview
//!    and, after the user confirms, [`TimetablePlan::apply`].

pub mod asc_xml;
pub mod fet_csv;
pub mod fet_xml;
pub mod mapping;
pub mod matching;
pub mod name_map;
pub mod plan;
pub mod source;

pub use asc_xml::read_asc_xml;
pub use fet_csv::read_fet_csv;
pub use fet_xml::read_fet_xml;
pub use mapping::{map_timetable, LeftOut, MappedLesson, MappedTimetable, Unmatched};
pub use matching::{SchoolIndex, Suggestion};
pub use name_map::{NameKind, NameMap, Target};
pub use plan::{plan_mapped, plan_timetable, ExtraTeachers, TimetableCounts, TimetablePlan};
pub use source::{parse_day, SourceHour, SourceLesson, SourceWeek, TimetableSource};
