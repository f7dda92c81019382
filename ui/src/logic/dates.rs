//! Dates as the screens write them: «пятница, 28 ноября», «28.11», «2025-11-28» in the URL.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;

use crate::i18n::{tr, Lang};

/// The weekday name (1 = Monday) in `lang`.
pub fn weekday_name(lang: Lang, weekday: u32) -> String {
    tr(lang, &format!("weekday-{weekday}"), &[])
}

/// «пятница, 28 ноября» / «Friday, 28 November».
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    let weekday = weekday_name(lang, d.weekday().number_from_monday());
    let month = tr(lang, &format!("month-gen-{}", d.month()), &[]);
    tr(
        lang,
        "date-long",
        &[
            ("weekday", FluentValue::from(weekday)),
            ("day", FluentValue::from(d.day().to_string())),
            ("month", FluentValue::from(month)),
        ],
    )
}

/// «28.11»: column headers and mark dates.
pub fn day_month(d: NaiveDate) -> String {
    d.format("%d.%m").to_string()
}

/// «28.11.2025».
pub fn full_numeric(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// «2025-11-28» (date inputs and the URL).
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The Monday starting the week of `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// The school week a family looks at on `today`: this Monday–Sunday, or the next one from
/// Saturday on (the weekend's question is what is due on Monday).
pub fn homework_week(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = if today.weekday().number_from_monday() >= 6 {
        week_start(today) + chrono::Duration::days(7)
    } else {
        week_start(today)
    };
    (start, start + chrono::Duration::days(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates_in_both_languages() {
        assert_eq!(long_date(Lang::Ru, d(2025, 11, 28)), "пятница, 28 ноября");
        assert_eq!(
            long_date(Lang::Ru, d(2025, 9, 1)),
            "понедельник, 1 сентября"
        );
        assert_eq!(long_date(Lang::Ru, d(2026, 3, 8)), "воскресенье, 8 марта");
        assert_eq!(long_date(Lang::En, d(2025, 11, 28)), "Friday, 28 November");
    }

    #[test]
    fn short_forms_and_parsing() {
        assert_eq!(day_month(d(2025, 12, 2)), "02.12");
        assert_eq!(full_numeric(d(2025, 12, 2)), "02.12.2025");
        assert_eq!(iso(d(2025, 12, 2)), "2025-12-02");
        assert_eq!(parse_iso(" 2025-12-02"), Some(d(2025, 12, 2)));
        assert_eq!(parse_iso("02.12.2025"), None);
        assert_eq!(week_start(d(2025, 11, 28)), d(2025, 11, 24));
        assert_eq!(week_start(d(2025, 11, 24)), d(2025, 11, 24));
        assert_eq!(
            homework_week(d(2025, 11, 26)),
            (d(2025, 11, 24), d(2025, 11, 30))
        );
        assert_eq!(
            homework_week(d(2025, 11, 29)),
            (d(2025, 12, 1), d(2025, 12, 7))
        );
        assert_eq!(
            homework_week(d(2025, 11, 30)),
            (d(2025, 12, 1), d(2025, 12, 7))
        );
    }
}
