//! Sensible defaults for the calendar steps, which the coordinator then adjusts: the academic
//! year that contains a date, study periods of a kind with the usual holidays between them
//! (each period ends the day before holidays begin and the next starts the day after they end,
//! so the defaults never leave a gap), and a bell schedule of 45-minute lessons.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use zvonok_core::ids::{HolidayId, PeriodId, YearId};
use zvonok_core::model::{AcademicYear, Bell, Holiday, PeriodKind, StudyPeriod};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The calendar year the academic year containing `today` starts in (1 July starts a new one:
/// in summer the coordinator prepares the coming year).
pub fn school_year_start(today: NaiveDate) -> i32 {
    if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// «2026/2027», 1 September – 31 May.
pub fn default_year(start_year: i32) -> AcademicYear {
    AcademicYear {
        id: YearId::new(),
        title: format!("{}/{}", start_year, start_year + 1),
        start: ymd(start_year, 9, 1),
        end: ymd(start_year + 1, 5, 31),
    }
}

/// The first `weekday` on or after `d`.
fn on_or_after(d: NaiveDate, weekday: Weekday) -> NaiveDate {
    let shift = (7 + weekday.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d + Duration::days(i64::from(shift))
}

fn holiday(year: &AcademicYear, title: &str, start: NaiveDate, end: NaiveDate) -> Holiday {
    Holiday {
        id: HolidayId::new(),
        year: year.id,
        title: title.to_string(),
        start,
        end,
    }
}

/// Autumn (nine days from the last Saturday of October), winter (30 December – 10 January)
/// and spring (nine days from the Saturday on or after 21 March) holidays.
pub fn default_holidays(year: &AcademicYear, titles: [&str; 3]) -> Vec<Holiday> {
    let y = year.start.year();
    let autumn = on_or_after(ymd(y, 10, 25), Weekday::Sat);
    let spring = on_or_after(ymd(y + 1, 3, 21), Weekday::Sat);
    vec![
        holiday(year, titles[0], autumn, autumn + Duration::days(8)),
        holiday(year, titles[1], ymd(y, 12, 30), ymd(y + 1, 1, 10)),
        holiday(year, titles[2], spring, spring + Duration::days(8)),
    ]
}

/// Periods of `kind` for `year`, bounded by `holidays` (autumn, winter, spring, as made by
/// [`default_holidays`]): quarters run between all of them, half-years split at the winter
/// holidays, trimesters end on 30 November and on the last day of February.
pub fn default_periods(
    year: &AcademicYear,
    kind: PeriodKind,
    holidays: &[Holiday],
) -> Vec<StudyPeriod> {
    let mut h: Vec<&Holiday> = holidays.iter().filter(|h| h.year == year.id).collect();
    h.sort_by_key(|h| h.start);
    let day = Duration::days(1);
    let y = year.start.year();
    let bounds: Vec<(NaiveDate, NaiveDate)> = match kind {
        PeriodKind::Quarter => {
            let mut out = Vec::new();
            let mut start = year.start;
            for hol in h.iter().take(3) {
                out.push((start, hol.start - day));
                start = hol.end + day;
            }
            out.push((start, year.end));
            out
        }
        PeriodKind::HalfYear => {
            let winter = h
                .iter()
                .find(|x| x.start.month() == 12 || x.start.month() == 1)
                .map(|x| (x.start - day, x.end + day))
                .unwrap_or((ymd(y, 12, 31), ymd(y + 1, 1, 1)));
            vec![(year.start, winter.0), (winter.1, year.end)]
        }
        PeriodKind::Trimester => {
            let feb_end = ymd(y + 1, 3, 1) - day;
            vec![
                (year.start, ymd(y, 11, 30)),
                (ymd(y, 12, 1), feb_end),
                (ymd(y + 1, 3, 1), year.end),
            ]
        }
    };
    bounds
        .into_iter()
        .enumerate()
        .map(|(i, (start, end))| StudyPeriod {
            id: PeriodId::new(),
            year: year.id,
            kind,
            number: u8::try_from(i + 1).unwrap_or(u8::MAX),
            start,
            end,
        })
        .collect()
}

/// «08:30» → minutes since midnight.
pub fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

pub fn fmt_hm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// Breaks after each lesson, minutes: two long breaks after the second and third lessons.
const BREAKS: [u32; 7] = [10, 20, 20, 10, 10, 10, 10];

/// `count` lessons of 45 minutes from `first` («08:30») with the usual breaks.
pub fn default_bells(first: &str, count: u8) -> Vec<Bell> {
    let mut at = parse_hm(first).unwrap_or(8 * 60 + 30);
    (1..=count)
        .map(|n| {
            let start = at;
            let end = start + 45;
            at = end + BREAKS[usize::from(n - 1) % BREAKS.len()];
            Bell {
                number: n,
                start: fmt_hm(start),
                end: fmt_hm(end),
            }
        })
        .collect()
}

/// A 45-minute lesson ten minutes after the previous one ended (`previous_end`), or at
/// `first` when there is none. (The number is given when the schedule is saved.)
pub fn bell_after(previous_end: Option<&str>, first: &str) -> Bell {
    let start = match previous_end.and_then(parse_hm) {
        Some(e) => e + 10,
        None => parse_hm(first).unwrap_or(8 * 60 + 30),
    };
    Bell {
        number: 0,
        start: fmt_hm(start),
        end: fmt_hm(start + 45),
    }
}

/// What is wrong with a bell line, if anything: `None` when the times read and the lesson ends
/// after it starts and after the previous one ended.
pub fn bell_problem(b: &Bell, previous: Option<&Bell>) -> Option<BellProblem> {
    let (Some(s), Some(e)) = (parse_hm(&b.start), parse_hm(&b.end)) else {
        return Some(BellProblem::BadTime);
    };
    if e <= s {
        return Some(BellProblem::EndsBeforeStart);
    }
    if previous
        .and_then(|p| parse_hm(&p.end))
        .is_some_and(|pe| s < pe)
    {
        return Some(BellProblem::Overlaps);
    }
    None
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BellProblem {
    BadTime,
    EndsBeforeStart,
    Overlaps,
}

#[cfg(test)]
mod tests {
    use zvonok_core::calendar::year_problems;

    use super::*;

    const TITLES: [&str; 3] = ["Осенние", "Зимние", "Весенние"];

    #[test]
    fn the_school_year_turns_in_july() {
        assert_eq!(school_year_start(ymd(2026, 11, 29)), 2026);
        assert_eq!(school_year_start(ymd(2027, 3, 1)), 2026);
        assert_eq!(school_year_start(ymd(2027, 7, 1)), 2027);
        let y = default_year(2026);
        assert_eq!(y.title, "2026/2027");
        assert_eq!((y.start, y.end), (ymd(2026, 9, 1), ymd(2027, 5, 31)));
    }

    #[test]
    fn defaults_pass_the_calendar_rules_for_every_kind_and_year() {
        for start in 2024..2034 {
            let year = default_year(start);
            let holidays = default_holidays(&year, TITLES);
            assert_eq!(holidays[0].start.weekday(), Weekday::Sat);
            for kind in [
                PeriodKind::Quarter,
                PeriodKind::HalfYear,
                PeriodKind::Trimester,
            ] {
                let periods = default_periods(&year, kind, &holidays);
                let want = match kind {
                    PeriodKind::Quarter => 4,
                    PeriodKind::HalfYear => 2,
                    PeriodKind::Trimester => 3,
                };
                assert_eq!(periods.len(), want);
                assert_eq!(periods[0].start, year.start);
                assert_eq!(periods[want - 1].end, year.end);
                for days in [5, 6] {
                    let problems = year_problems(&year, &periods, &holidays, days);
                    assert!(problems.is_empty(), "{start} {kind:?} {days}: {problems:?}");
                }
            }
        }
    }

    #[test]
    fn quarters_stop_at_the_holidays() {
        let year = default_year(2026);
        let h = default_holidays(&year, TITLES);
        let q = default_periods(&year, PeriodKind::Quarter, &h);
        // 31 October 2026 is a Saturday: the autumn holidays are 31 October – 8 November.
        assert_eq!(h[0].start, ymd(2026, 10, 31));
        assert_eq!(q[0].end, ymd(2026, 10, 30));
        assert_eq!(q[1].start, ymd(2026, 11, 9));
        assert_eq!(q[1].end, ymd(2026, 12, 29));
        assert_eq!(q[2].start, ymd(2027, 1, 11));
        assert_eq!(q.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2, 3, 4]);
    }

    #[test]
    fn bells_are_45_minutes_with_breaks() {
        let b = default_bells("08:30", 7);
        assert_eq!(b.len(), 7);
        assert_eq!((b[0].start.as_str(), b[0].end.as_str()), ("08:30", "09:15"));
        assert_eq!((b[1].start.as_str(), b[1].end.as_str()), ("09:25", "10:10"));
        assert_eq!(b[2].start, "10:30");
        for (i, bell) in b.iter().enumerate() {
            assert_eq!(bell_problem(bell, i.checked_sub(1).map(|j| &b[j])), None);
            assert_eq!(
                parse_hm(&bell.end).unwrap() - parse_hm(&bell.start).unwrap(),
                45
            );
        }
        let bad = Bell {
            number: 2,
            start: "09:00".into(),
            end: "09:45".into(),
        };
        assert_eq!(bell_problem(&bad, Some(&b[0])), Some(BellProblem::Overlaps));
        let reversed = Bell {
            number: 1,
            start: "10:00".into(),
            end: "09:00".into(),
        };
        assert_eq!(
            bell_problem(&reversed, None),
            Some(BellProblem::EndsBeforeStart)
        );
        let more = bell_after(Some("14:05"), "08:30");
        assert_eq!((more.start.as_str(), more.end.as_str()), ("14:15", "15:00"));
        assert_eq!(bell_after(None, "09:00").start, "09:00");
        assert_eq!(parse_hm("25:00"), None);
        assert_eq!(parse_hm("8:05"), Some(485));
    }
}
