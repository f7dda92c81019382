//! The academic calendar: an academic year, its study periods and its holidays.
//!
//! **How holidays are modelled.** A year holds study periods of one or more kinds (grades 1–9
//! often study by quarters while 10–11 study by half-years, so a year may have both) and an
//! explicit list of holidays ([`Holiday`], «каникулы»). The rules, per year and per kind:
//! - every period lies inside the year and starts no later than it ends;
//! - periods of a kind are numbered 1, 2, … in date order and do not overlap;
//! - between two consecutive periods of a kind there are no gaps: every day between them is a
//!   holiday or a day off (Sunday, and Saturday in a five-day week); so holidays between
//!   periods are allowed, forgotten days are not;
//! - holidays lie inside the year and do not overlap each other. A holiday may fall inside a
//!   period (the autumn holidays inside the first half-year): those days simply have no lessons.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::model::{AcademicYear, Holiday, PeriodKind, StudyPeriod};

/// «01.09.2026».
pub fn date_ru(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Is `d` a day off by the week length alone (Sunday; Saturday in a five-day week)?
pub fn is_weekend(d: NaiveDate, week_days: u8) -> bool {
    match d.weekday() {
        Weekday::Sun => true,
        Weekday::Sat => week_days != 6,
        _ => false,
    }
}

const KINDS: [PeriodKind; 3] = [
    PeriodKind::Quarter,
    PeriodKind::HalfYear,
    PeriodKind::Trimester,
];

/// One problem of a calendar: a stable `key` naming what is wrong with which entities (so a
/// problem is recognised before and after an edit that changes its details) and the Russian
/// sentence that says what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarProblem {
    pub key: String,
    pub message: String,
}

/// Every problem of one academic year's calendar. Empty: the calendar is consistent. `periods` and `holidays` may include other years' entries;
/// only this year's are checked.
pub fn year_problems<'a>(
    year: &AcademicYear,
    periods: impl IntoIterator<Item = &'a StudyPeriod>,
    holidays: impl IntoIterator<Item = &'a Holiday>,
    week_days: u8,
) -> Vec<CalendarProblem> {
    let mut out = Vec::new();
    let mut add = |key: String, message: String| out.push(CalendarProblem { key, message });
    let title = if year.title.trim().is_empty() {
        format!("{}–{}", date_ru(year.start), date_ru(year.end))
    } else {
        year.title.clone()
    };
    if year.start >= year.end {
        add(
            format!("year/{}/dates", year.id),
            format!(
                "Учебный год «{title}» начинается {} и кончается {}: начало должно быть раньше \
             конца. Исправьте даты года.",
                date_ru(year.start),
                date_ru(year.end)
            ),
        );
        return out;
    }
    let periods: Vec<&StudyPeriod> = periods.into_iter().filter(|p| p.year == year.id).collect();
    let mut holidays: Vec<&Holiday> = holidays.into_iter().filter(|h| h.year == year.id).collect();
    holidays.sort_by_key(|h| (h.start, h.end));

    for h in &holidays {
        if h.start > h.end {
            add(
                format!("holiday/{}/dates", h.id),
                format!(
                    "Каникулы «{}»: начало {} позже конца {}. Исправьте даты.",
                    h.title,
                    date_ru(h.start),
                    date_ru(h.end)
                ),
            );
        } else if h.start < year.start || h.end > year.end {
            add(
                format!("holiday/{}/outside", h.id),
                format!(
                    "Каникулы «{}» ({}–{}) выходят за границы учебного года «{title}» ({}–{}). \
                 Исправьте даты.",
                    h.title,
                    date_ru(h.start),
                    date_ru(h.end),
                    date_ru(year.start),
                    date_ru(year.end)
                ),
            );
        }
    }
    for pair in holidays.windows(2) {
        if pair[1].start <= pair[0].end {
            add(
                format!("holidays/{}/{}/overlap", pair[0].id, pair[1].id),
                format!(
                    "Каникулы «{}» и «{}» пересекаются. Исправьте даты.",
                    pair[0].title, pair[1].title
                ),
            );
        }
    }

    for kind in KINDS {
        let mut of_kind: Vec<&StudyPeriod> =
            periods.iter().copied().filter(|p| p.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        of_kind.sort_by_key(|p| (p.start, p.number));
        for (i, p) in of_kind.iter().enumerate() {
            if p.start > p.end {
                add(
                    format!("period/{}/dates", p.id),
                    format!(
                        "{}: начало {} позже конца {}. Исправьте границы периода.",
                        cap(&p.title()),
                        date_ru(p.start),
                        date_ru(p.end)
                    ),
                );
            } else if p.start < year.start || p.end > year.end {
                add(
                    format!("period/{}/outside", p.id),
                    format!(
                        "{} ({}–{}) выходит за границы учебного года «{title}» ({}–{}). \
                     Исправьте границы периода.",
                        cap(&p.title()),
                        date_ru(p.start),
                        date_ru(p.end),
                        date_ru(year.start),
                        date_ru(year.end)
                    ),
                );
            }
            let want = u8::try_from(i + 1).unwrap_or(u8::MAX);
            if p.number != want {
                add(
                    format!("period/{}/number", p.id),
                    format!(
                        "{} идёт {}-м по датам: перенумеруйте периоды по порядку (1, 2, …).",
                        cap(&p.title()),
                        i + 1
                    ),
                );
            }
        }
        for pair in of_kind.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.start <= a.end {
                add(
                    format!("periods/{}/{}/overlap", a.id, b.id),
                    format!(
                        "{} ({}–{}) и {} ({}–{}) пересекаются. Один день может относиться только \
                     к одному периоду: сдвиньте границы.",
                        cap(&a.title()),
                        date_ru(a.start),
                        date_ru(a.end),
                        b.title(),
                        date_ru(b.start),
                        date_ru(b.end)
                    ),
                );
                continue;
            }
            if let Some((from, to)) = first_uncovered(a.end, b.start, &holidays, week_days) {
                add(
                    format!("periods/{}/{}/gap", a.id, b.id),
                    format!(
                        "Между периодами «{}» (до {}) и «{}» (с {}) есть учебные дни {}–{}, не \
                     отнесённые ни к периоду, ни к каникулам. Добавьте каникулы или сдвиньте \
                     границы периодов.",
                        a.title(),
                        date_ru(a.end),
                        b.title(),
                        date_ru(b.start),
                        date_ru(from),
                        date_ru(to)
                    ),
                );
            }
        }
    }
    out
}

/// The first run of days strictly between `after` and `before` that is neither a holiday nor a
/// day off.
fn first_uncovered(
    after: NaiveDate,
    before: NaiveDate,
    holidays: &[&Holiday],
    week_days: u8,
) -> Option<(NaiveDate, NaiveDate)> {
    let covered = |d: NaiveDate| is_weekend(d, week_days) || holidays.iter().any(|h| h.contains(d));
    let mut d = after + Duration::days(1);
    let mut run: Option<(NaiveDate, NaiveDate)> = None;
    while d < before {
        if covered(d) {
            if run.is_some() {
                return run;
            }
        } else {
            run = Some((run.map_or(d, |r| r.0), d));
        }
        d += Duration::days(1);
    }
    run
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn year() -> AcademicYear {
        AcademicYear {
            id: YearId::new(),
            title: "2026/2027".into(),
            start: d(2026, 9, 1),
            end: d(2027, 5, 31),
        }
    }

    fn period(
        y: &AcademicYear,
        kind: PeriodKind,
        n: u8,
        s: NaiveDate,
        e: NaiveDate,
    ) -> StudyPeriod {
        StudyPeriod {
            id: PeriodId::new(),
            year: y.id,
            kind,
            number: n,
            start: s,
            end: e,
        }
    }

    fn holiday(y: &AcademicYear, title: &str, s: NaiveDate, e: NaiveDate) -> Holiday {
        Holiday {
            id: HolidayId::new(),
            year: y.id,
            title: title.into(),
            start: s,
            end: e,
        }
    }

    /// Quarters with the usual holidays, and half-years for the senior grades.
    fn good() -> (AcademicYear, Vec<StudyPeriod>, Vec<Holiday>) {
        let y = year();
        let q = PeriodKind::Quarter;
        let periods = vec![
            period(&y, q, 1, d(2026, 9, 1), d(2026, 10, 23)),
            period(&y, q, 2, d(2026, 11, 2), d(2026, 12, 29)),
            period(&y, q, 3, d(2027, 1, 11), d(2027, 3, 19)),
            period(&y, q, 4, d(2027, 3, 29), d(2027, 5, 31)),
            period(&y, PeriodKind::HalfYear, 1, d(2026, 9, 1), d(2026, 12, 29)),
            period(&y, PeriodKind::HalfYear, 2, d(2027, 1, 11), d(2027, 5, 31)),
        ];
        let holidays = vec![
            holiday(&y, "Осенние каникулы", d(2026, 10, 24), d(2026, 11, 1)),
            holiday(&y, "Зимние каникулы", d(2026, 12, 30), d(2027, 1, 10)),
            holiday(&y, "Весенние каникулы", d(2027, 3, 20), d(2027, 3, 28)),
        ];
        (y, periods, holidays)
    }

    #[test]
    fn a_good_calendar_has_no_problems() {
        let (y, p, h) = good();
        assert_eq!(year_problems(&y, &p, &h, 5), vec![]);
        assert_eq!(year_problems(&y, &p, &h, 6), vec![]);
    }

    #[test]
    fn a_gap_without_holidays_is_named() {
        let (y, p, mut h) = good();
        h.remove(0); // no autumn holidays
        let problems = year_problems(&y, &p, &h, 5);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("26.10.2026–30.10.2026"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[0].message.contains("1 четверть"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_weekend_between_periods_is_no_gap() {
        let y = year();
        let q = PeriodKind::Trimester;
        // Friday 27.11.2026, then Monday 30.11.2026.
        let p = vec![
            period(&y, q, 1, d(2026, 9, 1), d(2026, 11, 27)),
            period(&y, q, 2, d(2026, 11, 30), d(2027, 2, 26)),
            period(&y, q, 3, d(2027, 3, 1), d(2027, 5, 31)),
        ];
        assert!(year_problems(&y, &p, &[], 5).is_empty());
        // In a six-day week Saturday 28.11 is a school day.
        let problems = year_problems(&y, &p, &[], 6);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].message.contains("28.11.2026–28.11.2026"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn overlaps_outside_and_numbering() {
        let (y, mut p, h) = good();
        p[1].start = d(2026, 10, 20); // overlaps the first quarter
        let problems = year_problems(&y, &p, &h, 5);
        assert!(
            problems.iter().any(|m| m.message.contains("пересекаются")),
            "{problems:?}"
        );

        let (y, mut p, h) = good();
        p[3].end = d(2027, 6, 10);
        let problems = year_problems(&y, &p, &h, 5);
        assert!(
            problems
                .iter()
                .any(|m| m.message.contains("выходит за границы")),
            "{problems:?}"
        );

        let (y, mut p, h) = good();
        p[0].number = 2;
        p[1].number = 1;
        let problems = year_problems(&y, &p, &h, 5);
        assert!(
            problems.iter().any(|m| m.message.contains("перенумеруйте")),
            "{problems:?}"
        );

        let (y, p, mut h) = good();
        h[1].start = d(2026, 10, 30);
        let problems = year_problems(&y, &p, &h, 5);
        assert!(
            problems.iter().any(|m| m
                .message
                .contains("«Осенние каникулы» и «Зимние каникулы» пересекаются")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_reversed_year() {
        let mut y = year();
        y.end = d(2026, 1, 1);
        let problems = year_problems(&y, &[], &[], 5);
        assert_eq!(problems.len(), 1);
        assert!(problems[0]
            .message
            .contains("начало должно быть раньше конца"));
    }

    #[test]
    fn other_years_are_ignored() {
        let (y, mut p, h) = good();
        let other = year();
        p.push(period(
            &other,
            PeriodKind::Quarter,
            7,
            d(2020, 1, 1),
            d(2030, 1, 1),
        ));
        assert!(year_problems(&y, &p, &h, 5).is_empty());
    }
}
