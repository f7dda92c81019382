//! The curriculum step's arithmetic: hours typed the Russian way («1,5»), the plan's weekly
//! total, and how it compares with the SanPiN maximum for the grade and the week length (the
//! same table the server checks with, `core::curriculum`).

use std::str::FromStr;

use zvonok_core::curriculum::{max_weekly_load, WeeklyHours};

/// Reads an hours field: empty is zero; «2», «1,5», «0.5» as in `WeeklyHours::from_str`.
pub fn parse_hours(s: &str) -> Result<WeeklyHours, String> {
    if s.trim().is_empty() {
        return Ok(WeeklyHours::ZERO);
    }
    WeeklyHours::from_str(s).map_err(|e| e.to_string())
}

/// A plan's total against the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    /// Within the limit (`hours` is the limit).
    Within {
        total: WeeklyHours,
        limit: u8,
    },
    Over {
        total: WeeklyHours,
        limit: u8,
    },
    /// The grade or week length is outside the table.
    Unknown {
        total: WeeklyHours,
    },
}

impl Load {
    pub fn total(self) -> WeeklyHours {
        match self {
            Load::Within { total, .. } | Load::Over { total, .. } | Load::Unknown { total } => {
                total
            }
        }
    }
}

/// The total of the readable fields and how it stands against the grade's limit.
pub fn load(hours: &[WeeklyHours], grade: u8, week_days: u8) -> Load {
    let total: WeeklyHours = hours.iter().copied().sum();
    match max_weekly_load(grade, week_days) {
        None => Load::Unknown { total },
        Some(l) if total <= WeeklyHours::hours(u16::from(l.hours)) => Load::Within {
            total,
            limit: l.hours,
        },
        Some(l) => Load::Over {
            total,
            limit: l.hours,
        },
    }
}

/// The order to send changed hours in: cuts first, then additions, so that a plan being
/// rebalanced never passes through a state over the limit the server would refuse.
pub fn send_order(changes: &[(WeeklyHours, WeeklyHours)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..changes.len()).collect();
    idx.sort_by_key(|&i| {
        let (before, after) = changes[i];
        (after > before, i)
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_the_russian_way() {
        assert_eq!(parse_hours("1,5"), Ok(WeeklyHours(3)));
        assert_eq!(parse_hours(" 2 "), Ok(WeeklyHours(4)));
        assert_eq!(parse_hours("0.5"), Ok(WeeklyHours(1)));
        assert_eq!(parse_hours(""), Ok(WeeklyHours::ZERO));
        assert!(parse_hours("1,3").is_err());
        assert!(parse_hours("много").unwrap_err().contains("много"));
        assert_eq!(WeeklyHours(3).to_string(), "1,5");
    }

    #[test]
    fn the_total_is_checked_against_sanpin() {
        let h = [WeeklyHours::hours(20), WeeklyHours(19)]; // 29,5
        assert_eq!(
            load(&h, 5, 5),
            Load::Over {
                total: WeeklyHours(59),
                limit: 29
            }
        );
        assert_eq!(
            load(&h, 5, 6),
            Load::Within {
                total: WeeklyHours(59),
                limit: 32
            }
        );
        // The first grade studies five days even in a six-day school.
        assert_eq!(
            load(&[WeeklyHours::hours(22)], 1, 6),
            Load::Over {
                total: WeeklyHours::hours(22),
                limit: 21
            }
        );
        assert_eq!(load(&h, 12, 5).total(), WeeklyHours(59));
        assert!(matches!(load(&h, 12, 5), Load::Unknown { .. }));
    }

    #[test]
    fn cuts_go_before_additions() {
        let c = [
            (WeeklyHours(2), WeeklyHours(6)),
            (WeeklyHours(8), WeeklyHours(4)),
            (WeeklyHours(0), WeeklyHours(2)),
            (WeeklyHours(4), WeeklyHours(0)),
        ];
        assert_eq!(send_order(&c), vec![1, 3, 0, 2]);
    }
}
