//! Newtype identifiers. Every entity is named by a UUID v7 wrapped in its own type, so a
//! student id can never be passed where a lesson id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id (UUID v7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// The nil id; only useful as a placeholder in tests.
            pub const fn nil() -> Self {
                Self(Uuid::nil())
            }
            pub const fn from_uuid(u: Uuid) -> Self {
                Self(u)
            }
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }
            pub fn from_bytes(b: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(b))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// A document (the unit of sync and access control).
    DocId);
id_type!(/// A school.
    SchoolId);
id_type!(/// An academic year.
    YearId);
id_type!(/// A study period (quarter, half-year, trimester).
    PeriodId);
id_type!(/// A subject («Математика»).
    SubjectId);
id_type!(/// A staff member (teacher, director, secretary …).
    StaffId);
id_type!(/// A class (form), e.g. «5А».
    ClassId);
id_type!(/// A group: part of a class taught separately.
    GroupId);
id_type!(/// A student.
    StudentId);
id_type!(/// A guardian (parent or legal representative).
    GuardianId);
id_type!(/// A teaching assignment: teacher × class-or-group × subject × year.
    AssignmentId);
id_type!(/// A timetable entry (a weekly slot).
    SlotId);
id_type!(/// A version of a year's timetable in force from a date (the base version has none).
    TimetableVersionId);
id_type!(/// A lesson in a journal.
    LessonId);
id_type!(/// A change of the timetable for one date (a lesson cancelled, moved or substituted).
    ChangeId);
id_type!(/// A mark in a journal.
    MarkId);
id_type!(/// A user account on a server.
    UserId);
id_type!(/// A registered device of a user.
    DeviceId);
id_type!(/// A curriculum profile (a named weekly-hours plan for one grade level).
    ProfileId);
id_type!(/// School holidays (каникулы) of an academic year.
    HolidayId);
id_type!(/// An order of the movement book (enrollment, transfer, withdrawal, cancellation).
    OrderId);
id_type!(/// A calendar feed: a subscribable iCalendar link with a revocable token.
    CalendarFeedId);
