//! A calendar feed: the lessons of one teacher, one class or one student over a bounded span
//! of dates, as an iCalendar object (RFC 5545) a phone's calendar subscribes to.
//!
//! - **Which lessons** ([`feed_lessons`]): the dated lessons of the journals at hand (they
//!   include lessons moved or kept off the timetable) and, for a cohort × subject × period
//!   whose journal is not open yet, the lessons [`crate::lesson_plan`] plans from the
//!   timetable. So whatever the journals and the plan come to hold (changes by date, new
//!   timetables) reaches the feed with no work here.
//! - **Who teaches it and where**: the timetable's slot of that cohort, subject, weekday and
//!   number; a lesson off the timetable takes the teacher of any slot of its cohort and subject
//!   (no room), else the teaching assignment.
//! - **The span** ([`feed_span`]): two weeks back to two weeks after the end of the current
//!   study period (the next one during holidays), at most [`MAX_DAYS_AHEAD`] days ahead.
//! - **The text** ([`write_feed`]): VCALENDAR with the school's zone as VTIMEZONE, one VEVENT
//!   per lesson with bell times (a lesson whose number has no bell is left out: it has no
//!   time), a UID stable for the lesson's cohort, subject, date and number within the feed,
//!   SUMMARY (the subject; with the class in a teacher's feed, the group in a class's feed),
//!   LOCATION (the room), DESCRIPTION (the teacher, the topic and homework once written) and
//!   STATUS (CANCELLED for a lesson marked cancelled).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::ical::{local_stamp, utc_stamp, write_vtimezone, IcsWriter};
use crate::ids::{ClassId, GroupId, PeriodId, StaffId, StudentId, SubjectId};
use crate::lesson_plan::plan_year;
use crate::rights::Cohort;

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
    fn has_cohort(&self, cohort: &Cohort) -> bool {
        match self {
            FeedScope::Teacher(_) => true,
            FeedScope::Class(c) => cohort.class() == *c,
            FeedScope::Student { class, groups, .. } => match cohort {
                Cohort::Class(c) => c == class,
                Cohort::Group { group, .. } => groups.contains(group),
            },
        }
    }
}

/// One lesson of a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedLesson {
    pub date: NaiveDate,
    pub number: u8,
    pub cohort: Cohort,
    pub subject: SubjectId,
    pub teacher: Option<StaffId>,
    pub room: String,
    pub topic: String,
    pub homework: String,
    /// The lesson will not take place (STATUS:CANCELLED).
    pub cancelled: bool,
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

/// Who teaches a lesson and in which room, from the timetable (see the module docs).
fn who_and_where(
    school: &SchoolData,
    timetable: Option<&TimetableData>,
    cohort: &Cohort,
    subject: SubjectId,
    date: NaiveDate,
    number: u8,
) -> (Option<StaffId>, String) {
    if let Some(tt) = timetable {
        let of_pair = || {
            tt.slots
                .values()
                .filter(|s| s.cohort == *cohort && s.subject == subject)
        };
        if let Some(s) = of_pair().find(|s| s.weekday == date.weekday() && s.number == number) {
            return (Some(s.teacher), s.room.clone());
        }
        if let Some(s) = of_pair().next() {
            return (Some(s.teacher), String::new());
        }
    }
    let assigned = school
        .assignments
        .values()
        .filter(|a| {
            Some(a.year) == school.current_year || timetable.is_some_and(|t| t.year == a.year)
        })
        .find(|a| a.cohort == *cohort && a.subject == subject)
        .map(|a| a.teacher);
    (assigned, String::new())
}

/// The lessons of `scope` dated `from` to `to` (both included), in date and number order:
/// the journals' lessons, and the planned ones of journals not open yet.
pub fn feed_lessons(
    school: &SchoolData,
    timetable: Option<&TimetableData>,
    journals: &[JournalData],
    scope: &FeedScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<FeedLesson> {
    let inside = |d: NaiveDate| from <= d && d <= to;
    let mut out: Vec<FeedLesson> = Vec::new();
    let mut open: BTreeSet<(Cohort, SubjectId, PeriodId)> = BTreeSet::new();
    let push = |out: &mut Vec<FeedLesson>, lesson: FeedLesson| {
        let mine = match scope {
            FeedScope::Teacher(staff) => lesson.teacher == Some(*staff),
            _ => true,
        };
        if mine {
            out.push(lesson);
        }
    };
    for j in journals {
        let m = &j.meta;
        if !scope.has_cohort(&m.cohort) {
            continue;
        }
        open.insert((m.cohort, m.subject, m.period));
        for l in j.lessons.values().filter(|l| inside(l.date)) {
            let (teacher, room) =
                who_and_where(school, timetable, &m.cohort, m.subject, l.date, l.number);
            push(
                &mut out,
                FeedLesson {
                    date: l.date,
                    number: l.number,
                    cohort: m.cohort,
                    subject: m.subject,
                    teacher,
                    room,
                    topic: l.topic.trim().to_string(),
                    homework: l.homework.trim().to_string(),
                    cancelled: false,
                },
            );
        }
    }
    if let Some(tt) = timetable {
        // Plan only from the slots of this scope: a school's whole year is not needed.
        let mine = TimetableData {
            year: tt.year,
            slots: tt
                .slots
                .iter()
                .filter(|(_, s)| match scope {
                    FeedScope::Teacher(staff) => s.teacher == *staff,
                    _ => scope.has_cohort(&s.cohort),
                })
                .map(|(id, s)| (*id, s.clone()))
                .collect(),
        };
        for plan in plan_year(school, &mine) {
            if plan.period.end < from
                || plan.period.start > to
                || open.contains(&(plan.cohort, plan.subject, plan.period.id))
            {
                continue;
            }
            for (date, number) in plan.lessons.iter().filter(|(d, _)| inside(*d)) {
                let (teacher, room) = who_and_where(
                    school,
                    timetable,
                    &plan.cohort,
                    plan.subject,
                    *date,
                    *number,
                );
                push(
                    &mut out,
                    FeedLesson {
                        date: *date,
                        number: *number,
                        cohort: plan.cohort,
                        subject: plan.subject,
                        teacher,
                        room,
                        topic: String::new(),
                        homework: String::new(),
                        cancelled: false,
                    },
                );
            }
        }
    }
    out.sort_by_key(|l| (l.date, l.number, l.cohort, l.subject));
    out
}

/// What a feed's text needs besides its lessons.
#[derive(Clone, Debug)]
pub struct FeedHeader<'a> {
    /// The calendar's name in the phone (X-WR-CALNAME): «Уроки 5А — Школа № 5».
    pub title: &'a str,
    /// Makes the UIDs of this feed its own: `…@<uid_domain>`.
    pub uid_domain: &'a str,
    /// The feed's dates (for the VTIMEZONE's span).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// DTSTAMP of every event: when the feed was made.
    pub now: DateTime<Utc>,
}

fn bell_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

fn utc_at(tz: Tz, date: NaiveDate, h: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(h, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => Utc.from_utc_datetime(&naive),
    }
}

/// The text of one event's SUMMARY in `scope`.
fn summary(school: &SchoolData, scope: &FeedScope, l: &FeedLesson) -> String {
    let subject = school
        .subjects
        .get(&l.subject)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| "Урок".to_string());
    match (scope, &l.cohort) {
        (FeedScope::Teacher(_), c) => format!("{subject} · {}", school.cohort_name(c)),
        (FeedScope::Class(_), Cohort::Group { group, .. }) => match school.groups.get(group) {
            Some(g) => format!("{subject} · {}", g.name),
            None => subject,
        },
        _ => subject,
    }
}

fn description(school: &SchoolData, scope: &FeedScope, l: &FeedLesson) -> String {
    let mut lines = Vec::new();
    if l.cancelled {
        lines.push("Урок отменён".to_string());
    }
    if let FeedScope::Teacher(_) = scope {
        lines.push(format!("Класс: {}", school.cohort_name(&l.cohort)));
    } else if let Some(t) = l.teacher.and_then(|t| school.staff.get(&t)) {
        lines.push(format!(
            "Учитель: {}",
            crate::model::full_name(&t.last_name, &t.first_name, &t.middle_name)
        ));
    }
    lines.push(format!("Урок № {}", l.number));
    if !l.topic.is_empty() {
        lines.push(format!("Тема: {}", l.topic));
    }
    if !l.homework.is_empty() {
        lines.push(format!("Домашнее задание: {}", l.homework));
    }
    lines.join("\n")
}

/// The stable UID of a lesson in a feed: cohort, subject, date and number.
pub fn lesson_uid(l: &FeedLesson, uid_domain: &str) -> String {
    let cohort = match l.cohort {
        Cohort::Class(c) => c.to_string(),
        Cohort::Group { group, .. } => group.to_string(),
    };
    format!(
        "{}-{}-{cohort}-{}@{uid_domain}",
        l.date.format("%Y%m%d"),
        l.number,
        l.subject
    )
}

/// The feed as iCalendar text (CRLF line ends).
pub fn write_feed(
    school: &SchoolData,
    scope: &FeedScope,
    header: &FeedHeader<'_>,
    lessons: &[FeedLesson],
) -> String {
    let tz = crate::time_zone::zone_or_default(&school.time_zone);
    let bells: BTreeMap<u8, (NaiveTime, NaiveTime)> = school
        .bells
        .iter()
        .filter_map(|b| Some((b.number, (bell_time(&b.start)?, bell_time(&b.end)?))))
        .collect();
    let mut w = IcsWriter::new();
    w.begin("VCALENDAR");
    w.raw("PRODID", &[], "-//Zvonok//Raspisanie 1.0//RU");
    w.raw("VERSION", &[], "2.0");
    w.raw("CALSCALE", &[], "GREGORIAN");
    w.raw("METHOD", &[], "PUBLISH");
    w.text("X-WR-CALNAME", header.title);
    w.text("X-WR-TIMEZONE", tz.name());
    w.raw("REFRESH-INTERVAL", &[("VALUE", "DURATION")], "PT1H");
    w.raw("X-PUBLISHED-TTL", &[], "PT1H");
    write_vtimezone(
        &mut w,
        tz,
        utc_at(tz, header.from, 0) - Duration::days(1),
        utc_at(tz, header.to, 0) + Duration::days(2),
    );
    let stamp = utc_stamp(header.now);
    for l in lessons {
        let Some((start, end)) = bells.get(&l.number) else {
            continue;
        };
        w.begin("VEVENT");
        w.text("UID", &lesson_uid(l, header.uid_domain));
        w.raw("DTSTAMP", &[], &stamp);
        w.raw(
            "DTSTART",
            &[("TZID", tz.name())],
            &local_stamp(l.date.and_time(*start)),
        );
        w.raw(
            "DTEND",
            &[("TZID", tz.name())],
            &local_stamp(l.date.and_time(*end)),
        );
        w.text("SUMMARY", &summary(school, scope, l));
        if !l.room.trim().is_empty() {
            w.text("LOCATION", l.room.trim());
        }
        w.text("DESCRIPTION", &description(school, scope, l));
        w.raw(
            "STATUS",
            &[],
            if l.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        );
        w.raw("TRANSP", &[], "OPAQUE");
        w.end("VEVENT");
    }
    w.end("VCALENDAR");
    w.finish()
}

#[cfg(test)]
mod tests;
