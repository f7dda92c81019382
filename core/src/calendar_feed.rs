//! A calendar feed: the lessons of one teacher, one class or one student over a bounded span
//! of dates, as an iCalendar object (RFC 5545) a phone's calendar subscribes to.
//!
//! - **Which lessons** ([`feed_lessons`], in [`lessons`]): the dated lessons of the journals at
//!   hand (they include lessons moved or kept off the timetable) and, for a cohort × subject ×
//!   period whose journal is not open yet, the lessons [`crate::lesson_plan`] plans from the
//!   timetable with its changes by date; lessons cancelled by a change are listed as
//!   cancelled. So whatever the journals, the plan and the changes come to hold reaches the
//!   feed with no work here.
//! - **Who teaches it and where**: the day's lessons after the changes
//!   ([`crate::timetable_changes::lessons_on`]: the substitute, the changed room, the place a
//!   lesson moved from); a lesson off the timetable takes the teacher of any slot of its
//!   cohort and subject (no room), else the teaching assignment. A teacher's feed holds the
//!   lessons they give (substitutions included) and, as cancelled, their lessons a substitute
//!   gives.
//! - **The span** ([`feed_span`]): two weeks back to two weeks after the end of the current
//!   study period (the next one during holidays), at most [`MAX_DAYS_AHEAD`] days ahead.
//! - **The text** ([`write_feed`], in [`text`]): VCALENDAR with the school's zone as
//!   VTIMEZONE, one VEVENT per lesson with bell times (a lesson whose number has no bell is
//!   left out: it has no time), a UID stable for the lesson's cohort, subject, date and number
//!   within the feed, SUMMARY (the subject; with the class in a teacher's feed, the group in a
//!   class's feed), LOCATION (the room), DESCRIPTION (the teacher, a substitution or move, the
//!   topic and homework once written) and STATUS (CANCELLED for a cancelled lesson).

mod lessons;
mod text;

use chrono::{Duration, NaiveDate};

use crate::doc::school::SchoolData;
use crate::ids::{ClassId, GroupId, StaffId, StudentId, SubjectId};
use crate::rights::Cohort;

pub use lessons::feed_lessons;
pub use text::{lesson_uid, write_feed, FeedHeader};

/// Days before today a feed starts.
pub const DAYS_BACK: i64 = 14;
/// Days after the end of the current period a feed runs to.
pub const DAYS_AFTER_PERIOD: i64 = 14;
/// The feed never runs further ahead than this.
pub const MAX_DAYS_AHEAD: i64 = 120;

/// Whose lessons a feed holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedScope {
    /// The lessons a teacher teaches.
    Teacher(StaffId),
    /// Every lesson of a class and of its groups.
    Class(ClassId),
    /// A student's lessons: the class's and those of the student's groups.
    Student {
        student: StudentId,
        class: ClassId,
        groups: Vec<GroupId>,
    },
}

impl FeedScope {
    /// Does a lesson of `cohort` belong to this scope (a teacher's: any cohort)?
    pub fn has_cohort(&self, cohort: &Cohort) -> bool {
        match self {
            FeedScope::Teacher(_) => true,
            FeedScope::Class(c) => cohort.class() == *c,
            FeedScope::Student { class, groups, .. } => match cohort {
                Cohort::Class(c) => c == class,
                Cohort::Group { group, .. } => groups.contains(group),
            },
        }
    }

    /// Is this a staff member's feed (a teacher's or a class's), where a change's note shows?
    fn is_staff(&self) -> bool {
        !matches!(self, FeedScope::Student { .. })
    }
}

/// One lesson of a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedLesson {
    pub date: NaiveDate,
    pub number: u8,
    pub cohort: Cohort,
    pub subject: SubjectId,
    /// Who gives it (a substitute when there is one).
    pub teacher: Option<StaffId>,
    /// The others who give it with `teacher` (a co-taught lesson's co-teachers).
    pub co_teachers: Vec<StaffId>,
    /// The slot's teacher, when a substitute gives the lesson instead.
    pub replaces: Option<StaffId>,
    /// The slot's co-teachers, when a substitute gives the lesson instead of them too.
    pub also_replaces: Vec<StaffId>,
    pub room: String,
    pub topic: String,
    pub homework: String,
    /// Where a moved lesson was (date and number).
    pub moved_from: Option<(NaiveDate, u8)>,
    /// The lesson will not take place (STATUS:CANCELLED); for a teacher also a lesson of theirs
    /// that a substitute gives.
    pub cancelled: bool,
    /// The note of the change that shaped the lesson (shown in staff feeds only).
    pub note: String,
}

impl FeedLesson {
    /// Does `staff` give the lesson (alone, as its lead or as a co-teacher)?
    pub fn given_by(&self, staff: StaffId) -> bool {
        self.teacher == Some(staff) || self.co_teachers.contains(&staff)
    }

    /// Is `staff` one of the teachers a substitute replaces in this lesson?
    pub fn replaced(&self, staff: StaffId) -> bool {
        self.replaces == Some(staff) || self.also_replaces.contains(&staff)
    }
}

/// The dates a feed covers for `today`: two weeks back to two weeks after the end of the
/// current period (or of the next one during holidays, or today with no period), capped at
/// [`MAX_DAYS_AHEAD`] days ahead.
pub fn feed_span(school: &SchoolData, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let periods = school.current_periods();
    let end = periods
        .iter()
        .find(|p| p.end >= today)
        .map(|p| p.end)
        .unwrap_or(today);
    let to = (end + Duration::days(DAYS_AFTER_PERIOD)).min(today + Duration::days(MAX_DAYS_AHEAD));
    (today - Duration::days(DAYS_BACK), to)
}

#[cfg(test)]
mod tests;
