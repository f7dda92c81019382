//! The school's time zone: every "today" of the school (the teacher's day, the parent's
//! summary, the server's reports) is the date in this zone, never the UTC date nor the
//! device's own zone. A Russian school before 03:00 Moscow time is still on yesterday's UTC
//! date; a school in Vladivostok is already on tomorrow's.
//!
//! Zones are IANA names (`Europe/Moscow`); the school document stores the name
//! (`time_zone` at its root) and an empty or absent value means [`DEFAULT_TIME_ZONE`].

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::error::DomainError;

/// The zone of a school that has not chosen one.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Moscow";

/// The zones of Russia, west to east, as the setup wizard offers them.
pub const RUSSIAN_TIME_ZONES: [&str; 11] = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
];

/// Parses an IANA zone name; an empty name is the default zone.
pub fn parse(name: &str) -> Result<Tz, DomainError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(chrono_tz::Europe::Moscow);
    }
    name.parse::<Tz>().map_err(|_| {
        DomainError::Rule(format!(
            "«{name}» — не часовой пояс. Укажите пояс в виде «Europe/Moscow» или \
             «Asia/Yekaterinburg»."
        ))
    })
}

/// The zone of a stored name, falling back to the default for a name that does not parse
/// (the server never keeps one, so this only guards reads of old or damaged data).
pub fn zone_or_default(name: &str) -> Tz {
    parse(name).unwrap_or(chrono_tz::Europe::Moscow)
}

/// The date at instant `now` in the zone named `name`.
pub fn date_in(name: &str, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&zone_or_default(name)).date_naive()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("instant")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_moscow_school_is_on_the_next_day_after_21_utc() {
        assert_eq!(date_in("", at(2026, 12, 4, 20)), day(2026, 12, 4));
        assert_eq!(date_in("", at(2026, 12, 4, 21)), day(2026, 12, 5));
        assert_eq!(
            date_in("Europe/Moscow", at(2026, 12, 4, 22)),
            day(2026, 12, 5)
        );
    }

    #[test]
    fn eastern_and_western_schools_differ() {
        let now = at(2026, 12, 4, 15);
        assert_eq!(date_in("Asia/Vladivostok", now), day(2026, 12, 5));
        assert_eq!(date_in("Europe/Kaliningrad", now), day(2026, 12, 4));
    }

    #[test]
    fn names_are_checked() {
        assert!(parse("Asia/Yekaterinburg").is_ok());
        assert!(parse(" ").is_ok());
        let err = parse("Moscow").expect_err("not a zone");
        assert!(matches!(err, DomainError::Rule(_)), "{err:?}");
        for zone in RUSSIAN_TIME_ZONES {
            assert!(parse(zone).is_ok(), "{zone}");
        }
        assert_eq!(
            date_in("Mars/Olympus", at(2026, 12, 4, 21)),
            day(2026, 12, 5)
        );
    }
}
