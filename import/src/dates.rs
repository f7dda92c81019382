//! Dates in cells: «дд.мм.гггг», «д.м.гггг», «гггг-мм-дд» (an optional time after them is
//! ignored), Excel date cells and Excel serial numbers.

use chrono::{Datelike, NaiveDate};

use crate::error::RowProblem;
use crate::table::{format_number, Cell};

/// The years a birth date may fall in.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// The date in a non-blank cell.
pub fn cell_date(cell: &Cell) -> Result<NaiveDate, RowProblem> {
    match cell {
        Cell::Date(d) => check_year(*d, &cell.display()),
        Cell::Number(n) => {
            let value = format_number(*n);
            let d = from_excel_serial(*n).ok_or(RowProblem::NotADate {
                value: value.clone(),
            })?;
            check_year(d, &value)
        }
        Cell::Text(s) => parse_date(s),
        Cell::Empty => Err(RowProblem::Missing),
    }
}

fn check_year(d: NaiveDate, value: &str) -> Result<NaiveDate, RowProblem> {
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(RowProblem::YearOutOfRange {
            value: value.to_string(),
        })
    }
}

/// Parses a date typed as text.
pub fn parse_date(raw: &str) -> Result<NaiveDate, RowProblem> {
    let value = raw.trim();
    let not_a_date = || RowProblem::NotADate {
        value: value.to_string(),
    };
    // «01.02.2012 0:00:00» (Excel's CSV of a date-time cell), «2012-02-01T00:00:00».
    let date_part = value.split([' ', 'T']).next().unwrap_or_default();
    let (y, m, d) = if let Some((d, m, y)) = split3(date_part, '.') {
        if y.len() != 4 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
            return Err(not_a_date());
        }
        (y, m, d)
    } else if let Some((y, m, d)) = split3(date_part, '-') {
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(not_a_date());
        }
        (y, m, d)
    } else {
        return Err(not_a_date());
    };
    let num = |s: &str| -> Result<u32, RowProblem> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| not_a_date())
        } else {
            Err(not_a_date())
        }
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| RowProblem::NoSuchDate {
        value: value.to_string(),
    })?;
    check_year(date, value)
}

fn split3(s: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = s.split(sep);
    let out = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(out)
}

/// An Excel serial day number (1900 date system) → date. Serial 60 is Excel's phantom
/// 29.02.1900 and gives `None`, as do values outside 1..=2958465.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else if days == 60 {
        return None;
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_signed(chrono::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepted_formats() {
        assert_eq!(parse_date("01.02.2012"), Ok(ymd(2012, 2, 1)));
        assert_eq!(parse_date(" 1.2.2012 "), Ok(ymd(2012, 2, 1)));
        assert_eq!(parse_date("2012-02-01"), Ok(ymd(2012, 2, 1)));
        assert_eq!(parse_date("01.02.2012 0:00:00"), Ok(ymd(2012, 2, 1)));
        assert_eq!(parse_date("2012-02-01T00:00:00"), Ok(ymd(2012, 2, 1)));
    }

    #[test]
    fn rejected_dates_say_why() {
        assert_eq!(
            parse_date("31.02.2012"),
            Err(RowProblem::NoSuchDate {
                value: "31.02.2012".into()
            })
        );
        for bad in [
            "01.02.12",
            "2012/02/01",
            "завтра",
            "1.2",
            "01.0x.2012",
            "2012-2-1",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(RowProblem::NotADate { value: bad.into() }),
                "{bad}"
            );
        }
        assert_eq!(
            parse_date("01.02.1812"),
            Err(RowProblem::YearOutOfRange {
                value: "01.02.1812".into()
            })
        );
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(1.0), Some(ymd(1900, 1, 1)));
        assert_eq!(from_excel_serial(59.0), Some(ymd(1900, 2, 28)));
        assert_eq!(from_excel_serial(60.0), None);
        assert_eq!(from_excel_serial(61.0), Some(ymd(1900, 3, 1)));
        assert_eq!(from_excel_serial(40940.0), Some(ymd(2012, 2, 1)));
        assert_eq!(from_excel_serial(40940.75), Some(ymd(2012, 2, 1)));
        assert_eq!(cell_date(&Cell::Number(40940.0)), Ok(ymd(2012, 2, 1)));
        assert_eq!(cell_date(&Cell::Number(12.0)), Ok(ymd(1900, 1, 12)));
        assert_eq!(cell_date(&Cell::Empty), Err(RowProblem::Missing));
    }
}
