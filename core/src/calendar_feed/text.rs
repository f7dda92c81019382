//! The feed's iCalendar text: VCALENDAR, the school's VTIMEZONE, one VEVENT per lesson.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::{FeedLesson, FeedScope};
use crate::doc::school::SchoolData;
use crate::ical::{local_stamp, utc_stamp, write_vtimezone, IcsWriter};
use crate::ids::StaffId;
use crate::rights::Cohort;

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

fn full_name(school: &SchoolData, t: Option<StaffId>) -> Option<String> {
    let t = school.staff.get(&t?)?;
    Some(crate::model::full_name(
        &t.last_name,
        &t.first_name,
        &t.middle_name,
    ))
}

/// Full names joined with «, » (a co-taught lesson's teachers, the lead first); `None` when
/// none is known.
fn names(school: &SchoolData, ids: impl Iterator<Item = StaffId>) -> Option<String> {
    let all: Vec<String> = ids.filter_map(|t| full_name(school, Some(t))).collect();
    (!all.is_empty()).then(|| all.join(", "))
}

fn description(school: &SchoolData, scope: &FeedScope, l: &FeedLesson) -> String {
    let mut lines = Vec::new();
    let teacher = names(
        school,
        l.teacher.into_iter().chain(l.co_teachers.iter().copied()),
    );
    let replaced = names(
        school,
        l.replaces
            .into_iter()
            .chain(l.also_replaces.iter().copied()),
    );
    let mine_given_away = matches!(scope, FeedScope::Teacher(me) if !l.given_by(*me));
    if mine_given_away {
        lines.push(format!(
            "Замена: урок ведёт {}",
            teacher.as_deref().unwrap_or("другой учитель")
        ));
    } else if l.cancelled {
        lines.push("Урок отменён".to_string());
    }
    if let FeedScope::Teacher(_) = scope {
        lines.push(format!("Класс: {}", school.cohort_name(&l.cohort)));
        if let (false, Some(r)) = (mine_given_away, &replaced) {
            lines.push(format!("Замена: вместо {r}"));
        }
    } else if let Some(t) = &teacher {
        match &replaced {
            Some(r) => lines.push(format!("Учитель: {t} (замена, вместо {r})")),
            None => lines.push(format!("Учитель: {t}")),
        }
    }
    lines.push(format!("Урок № {}", l.number));
    if let Some((date, number)) = l.moved_from {
        lines.push(format!(
            "Перенесён с {} (урок № {number})",
            date.format("%d.%m.%Y")
        ));
    }
    if scope.is_staff() && !l.note.trim().is_empty() {
        lines.push(format!("Причина: {}", l.note.trim()));
    }
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
