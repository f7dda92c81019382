//! The neutral form every timetable file is read into: one [`SourceLesson`] per weekly hour,
//! names as written in the file, and per-row errors. Readers: [`super::fet_csv`],
//! [`super::fet_xml`].

use std::collections::BTreeMap;

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::error::RowError;

/// Which hour of the day a lesson takes, as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SourceHour {
    /// A lesson number («1», «1 урок», «Урок 1»).
    Number(u8),
    /// Times of the bell schedule, «HH:MM» each («08:30-09:15»): matched to a bell.
    Times { start: String, end: String },
}

impl SourceHour {
    /// Reads «3», «3 урок», «Урок 3», «08:30-09:15», «8.30 – 9.15»; `None` for anything else.
    pub fn parse(text: &str) -> Option<SourceHour> {
        let t = text.trim();
        if let Some((start, end)) = parse_time_range(t) {
            return Some(SourceHour::Times { start, end });
        }
        let runs: Vec<&str> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .collect();
        match runs.as_slice() {
            [digits] if !t.contains(':') => digits.parse().ok().map(SourceHour::Number),
            _ => None,
        }
    }

    /// As the user wrote it, for messages: «3» or «08:30-09:15».
    pub fn label(&self) -> String {
        match self {
            SourceHour::Number(n) => n.to_string(),
            SourceHour::Times { start, end } => format!("{start}-{end}"),
        }
    }
}

/// «08:30-09:15», «8:30 – 9:15», «8.30—9.15» → ("08:30", "09:15").
fn parse_time_range(t: &str) -> Option<(String, String)> {
    let (a, b) = t.split_once(['-', '–', '—'])?;
    Some((normalize_time(a)?, normalize_time(b)?))
}

/// «8:30», «08.30», « 8:30 » → «08:30»; `None` when it is not a time of day.
pub fn normalize_time(t: &str) -> Option<String> {
    let (h, m) = t.trim().split_once([':', '.'])?;
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) || m.len() != 2 || h.len() > 2 {
        return None;
    }
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Reads a day name in Russian or English, full or short, any case: «Понедельник», «пн.»,
/// «Monday», «Mon», «понед»; `None` for anything else.
pub fn parse_day(text: &str) -> Option<Weekday> {
    const DAYS: [(Weekday, &str, &str, &[&str]); 7] = [
        (Weekday::Mon, "понедельник", "monday", &["пн", "пнд", "mo"]),
        (Weekday::Tue, "вторник", "tuesday", &["вт", "tu"]),
        (Weekday::Wed, "среда", "wednesday", &["ср", "we"]),
        (Weekday::Thu, "четверг", "thursday", &["чт", "th"]),
        (Weekday::Fri, "пятница", "friday", &["пт", "fr"]),
        (Weekday::Sat, "суббота", "saturday", &["сб", "sa"]),
        (Weekday::Sun, "воскресенье", "sunday", &["вс", "su"]),
    ];
    let t: String = text
        .trim()
        .trim_end_matches('.')
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    if t.is_empty() {
        return None;
    }
    DAYS.iter()
        .find(|(_, ru, en, short)| {
            short.contains(&t.as_str())
                || (t.chars().count() >= 3 && (ru.starts_with(&t) || en.starts_with(&t)))
        })
        .map(|(d, ..)| *d)
}

/// One weekly hour of one activity, names as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLesson {
    /// Row of the CSV file as Excel shows it, or line of the `<Activity>` in an XML file.
    pub row: u32,
    /// The activity's id in the file (not stable between exports: only groups the hours of
    /// one activity).
    pub activity_id: String,
    pub day: Weekday,
    pub hour: SourceHour,
    /// 0 for an activity's first hour, 1 for its second …
    pub duration_index: u8,
    /// Student sets: classes («5А»), groups or subgroups («5А_1», «5А Англ. 1»).
    pub students: Vec<String>,
    pub subject: String,
    pub teachers: Vec<String>,
    /// Empty when the file gives no room.
    pub room: String,
    /// Which weeks of a two-week cycle the lesson takes (aSc's `weeks="10"`); FET has none.
    #[serde(default)]
    pub week: SourceWeek,
}

/// The weeks a lesson takes in a cycle of week A and week B, as the file says.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SourceWeek {
    /// Every week (a one-week timetable, or both weeks of two).
    #[default]
    Every,
    /// Week A (the first week of a two-week cycle) only.
    First,
    /// Week B (the second week) only.
    Second,
}

impl SourceWeek {
    /// «первой (А)», «второй (Б)» for messages; «каждой» for every week.
    pub fn label_ru(self) -> &'static str {
        match self {
            SourceWeek::Every => "каждой",
            SourceWeek::First => "первой (А)",
            SourceWeek::Second => "второй (Б)",
        }
    }
}

/// A timetable file read into neutral lessons, with the rows that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableSource {
    pub activities: Vec<SourceLesson>,
    pub errors: Vec<RowError>,
    /// Student set → the set it belongs to (subgroup → group → year), when the file says so
    /// (FET's XML does): lets «1 гр.» under «5А» be matched to a group of 5А.
    pub parents: BTreeMap<String, String>,
}

/// Splits FET's joined names: «Иванов И.И.+Петров П.П.» → two names; blanks dropped.
pub fn split_joined(cell: &str) -> Vec<String> {
    cell.split('+')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_as_numbers_and_times() {
        assert_eq!(SourceHour::parse("3"), Some(SourceHour::Number(3)));
        assert_eq!(SourceHour::parse(" 3 урок "), Some(SourceHour::Number(3)));
        assert_eq!(SourceHour::parse("Урок 12"), Some(SourceHour::Number(12)));
        let t = SourceHour::Times {
            start: "08:30".into(),
            end: "09:15".into(),
        };
        assert_eq!(SourceHour::parse("08:30-09:15"), Some(t.clone()));
        assert_eq!(SourceHour::parse("8.30 – 9.15"), Some(t));
        for bad in ["", "урок", "1-2", "25:00-26:00", "8:3-9:15", "08:30"] {
            assert_eq!(SourceHour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_names_in_two_languages() {
        for (text, day) in [
            ("Понедельник", Weekday::Mon),
            ("пн.", Weekday::Mon),
            ("ВТ", Weekday::Tue),
            ("Wednesday", Weekday::Wed),
            ("thu", Weekday::Thu),
            ("Пятн", Weekday::Fri),
            ("Суббота", Weekday::Sat),
        ] {
            assert_eq!(parse_day(text), Some(day), "{text}");
        }
        for bad in ["", "Понедельнек", "Day 1", "п"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }
}
