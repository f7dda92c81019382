//! Curriculum profiles and the maximum weekly classroom load (SanPiN 1.2.3685-21).
//!
//! A curriculum profile («профиль учебного плана») is a named plan for one grade level: weekly
//! hours per subject. Hours are kept in half-hours ([`WeeklyHours`]) so that «0,5 ч» is exact.
//! The legal upper bound of the weekly load per grade level and week length is data here
//! ([`MAX_WEEKLY_LOAD`]); [`check_profile`] compares a plan with it and says, in Russian, by how
//! much to cut.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::{ProfileId, SubjectId};
use crate::model::Subject;

/// Weekly hours, counted in half-hours: `WeeklyHours(3)` is «1,5 ч».
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct WeeklyHours(pub u16);

impl WeeklyHours {
    pub const ZERO: WeeklyHours = WeeklyHours(0);

    /// Whole hours.
    pub const fn hours(h: u16) -> Self {
        WeeklyHours(h * 2)
    }

    pub const fn half_hours(self) -> u16 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::Add for WeeklyHours {
    type Output = WeeklyHours;
    fn add(self, o: WeeklyHours) -> WeeklyHours {
        WeeklyHours(self.0.saturating_add(o.0))
    }
}

impl std::iter::Sum for WeeklyHours {
    fn sum<I: Iterator<Item = WeeklyHours>>(iter: I) -> Self {
        iter.fold(WeeklyHours::ZERO, |a, b| a + b)
    }
}

/// «2», «1,5», «0,5»: the Russian way, with a decimal comma.
impl fmt::Display for WeeklyHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 2;
        if self.0.is_multiple_of(2) {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole},5")
        }
    }
}

/// Parses «2», «1,5», «1.5», «0,5 ч». Only whole and half hours are allowed.
impl FromStr for WeeklyHours {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_end_matches('ч').trim().replace('.', ",");
        let bad = || {
            DomainError::Rule(format!(
                "«{}» — не число часов. Укажите целое число или половину часа: 2, 1,5, 0,5.",
                s.trim()
            ))
        };
        let (whole, frac) = match t.split_once(',') {
            Some((w, f)) => (w, f),
            None => (t.as_str(), ""),
        };
        let whole: u16 = if whole.is_empty() && !frac.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let half = match frac.trim_end_matches('0') {
            "" => 0,
            "5" => 1,
            _ => return Err(bad()),
        };
        if whole > MAX_SUBJECT_HOURS {
            return Err(bad());
        }
        Ok(WeeklyHours(whole * 2 + half))
    }
}

/// No subject has more than this many hours a week (a guard against typos like «50»).
pub const MAX_SUBJECT_HOURS: u16 = 40;

/// Longest profile name (characters).
pub const MAX_PROFILE_NAME: usize = 100;

/// A curriculum profile: a named plan of weekly hours per subject for one grade level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurriculumProfile {
    pub id: ProfileId,
    /// «Базовый», «Физико-математический» …
    pub name: String,
    /// Grade level 1–11.
    pub grade: u8,
    /// Weekly hours per subject; subjects with zero hours are absent.
    pub hours: BTreeMap<SubjectId, WeeklyHours>,
}

impl CurriculumProfile {
    /// The plan's weekly total.
    pub fn total(&self) -> WeeklyHours {
        self.hours.values().copied().sum()
    }
}

/// SanPiN 1.2.3685-21, table 6.6: the maximum weekly classroom load in hours, by grade level
/// (index 0 is grade 1) for a five-day and a six-day week. `None`: not allowed (the first grade
/// studies five days a week only).
pub const MAX_WEEKLY_LOAD: [(u8, Option<u8>); 11] = [
    (21, None),
    (23, Some(26)),
    (23, Some(26)),
    (23, Some(26)),
    (29, Some(32)),
    (30, Some(33)),
    (32, Some(35)),
    (33, Some(36)),
    (33, Some(36)),
    (34, Some(37)),
    (34, Some(37)),
];

/// The limit that applies to a grade level in a school with this week length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadLimit {
    /// Maximum weekly hours.
    pub hours: u8,
    /// The week length the limit is for: a first grade studies five days even in a six-day
    /// school, so its limit is the five-day one.
    pub week_days: u8,
}

/// The maximum weekly load of `grade` (1–11) when the school has a `week_days` (5 or 6) week.
/// `None` for a grade or week length outside the table.
pub fn max_weekly_load(grade: u8, week_days: u8) -> Option<LoadLimit> {
    let (five, six) = *MAX_WEEKLY_LOAD.get(usize::from(grade).checked_sub(1)?)?;
    match week_days {
        5 => Some(LoadLimit {
            hours: five,
            week_days: 5,
        }),
        6 => Some(match six {
            Some(h) => LoadLimit {
                hours: h,
                week_days: 6,
            },
            None => LoadLimit {
                hours: five,
                week_days: 5,
            },
        }),
        _ => None,
    }
}

/// «пятидневной» / «шестидневной».
fn week_word(days: u8) -> &'static str {
    if days == 6 {
        "шестидневной"
    } else {
        "пятидневной"
    }
}

/// Checks a plan's total against the maximum weekly load of its grade level. The message names
/// the plan, the grade, the total and the limit, and says how much to cut.
pub fn check_load(profile: &CurriculumProfile, week_days: u8) -> Result<(), DomainError> {
    let grade = profile.grade;
    let Some(limit) = max_weekly_load(grade, week_days) else {
        return Err(DomainError::Rule(format!(
            "План «{}»: параллель {grade} и неделя из {week_days} дней вне таблицы \
             предельной нагрузки. Укажите параллель 1–11 и пятидневную или шестидневную неделю.",
            profile.name
        )));
    };
    let total = profile.total();
    let max = WeeklyHours::hours(u16::from(limit.hours));
    if total <= max {
        return Ok(());
    }
    let excess = WeeklyHours(total.0 - max.0);
    let week = if limit.week_days != week_days {
        "первый класс учится пять дней в неделю, и допускается".to_string()
    } else {
        format!("при {} неделе допускается", week_word(week_days))
    };
    let alternative = if week_days == 5 && limit.week_days == 5 && grade > 1 {
        let six = max_weekly_load(grade, 6)
            .map(|l| l.hours)
            .unwrap_or(limit.hours);
        if total <= WeeklyHours::hours(u16::from(six)) {
            format!(" или перейдите на шестидневную неделю (там до {six} ч)")
        } else {
            String::new()
        }
    } else {
        String::new()
    };
    Err(DomainError::Rule(format!(
        "План «{}» для {grade} класса: {total} ч в неделю, а {week} не больше {} ч. \
         Уменьшите часы на {excess} ч{alternative}.",
        profile.name, limit.hours
    )))
}

/// Every rule of one profile: its name and grade, its subjects (known and taught at the grade
/// level), and the maximum weekly load.
pub fn check_profile(
    profile: &CurriculumProfile,
    week_days: u8,
    subjects: &BTreeMap<SubjectId, Subject>,
) -> Result<(), DomainError> {
    check_profile_fields(profile, subjects)?;
    check_load(profile, week_days)
}

/// The rules of one profile except the load: name, grade, subjects and their hours.
pub fn check_profile_fields(
    profile: &CurriculumProfile,
    subjects: &BTreeMap<SubjectId, Subject>,
) -> Result<(), DomainError> {
    let name = profile.name.trim();
    if name.is_empty() {
        return Err(DomainError::Rule(
            "У профиля учебного плана нет названия. Назовите его, например «Базовый».".into(),
        ));
    }
    let n = name.chars().count();
    if n > MAX_PROFILE_NAME {
        return Err(DomainError::TooLong(n, MAX_PROFILE_NAME));
    }
    if !(1..=11).contains(&profile.grade) {
        return Err(DomainError::Rule(format!(
            "План «{name}»: параллель {} не существует. Укажите параллель от 1 до 11.",
            profile.grade
        )));
    }
    for (subject, hours) in &profile.hours {
        let Some(s) = subjects.get(subject) else {
            return Err(DomainError::Rule(format!(
                "План «{name}» ссылается на удалённый предмет. Уберите его из плана."
            )));
        };
        if hours.0 > MAX_SUBJECT_HOURS * 2 {
            return Err(DomainError::Rule(format!(
                "План «{name}»: {hours} ч в неделю по предмету «{}» — слишком много. \
                 Проверьте число часов.",
                s.name
            )));
        }
        if !s.grades.contains(&profile.grade) {
            return Err(DomainError::Rule(format!(
                "План «{name}»: предмет «{}» не преподаётся в {} классе. Отметьте параллель \
                 у предмета (шаг «Предметы в параллелях») или уберите его из плана.",
                s.name, profile.grade
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(grade: u8, hours: &[u16]) -> CurriculumProfile {
        CurriculumProfile {
            id: ProfileId::new(),
            name: "Базовый".into(),
            grade,
            hours: hours
                .iter()
                .map(|h| (SubjectId::new(), WeeklyHours(*h)))
                .collect(),
        }
    }

    #[test]
    fn hours_parse_and_print_halves() {
        for (s, want) in [
            ("2", 4),
            ("1,5", 3),
            ("1.5", 3),
            ("0,5 ч", 1),
            (",5", 1),
            ("3,0", 6),
        ] {
            assert_eq!(s.parse::<WeeklyHours>().unwrap(), WeeklyHours(want), "{s}");
        }
        for bad in ["", "1,25", "abc", "-1", "41"] {
            assert!(bad.parse::<WeeklyHours>().is_err(), "{bad}");
        }
        assert_eq!(WeeklyHours(3).to_string(), "1,5");
        assert_eq!(WeeklyHours(8).to_string(), "4");
    }

    #[test]
    fn the_sanpin_table() {
        let five = |g| max_weekly_load(g, 5).unwrap().hours;
        let six = |g| max_weekly_load(g, 6).unwrap().hours;
        assert_eq!(
            (1..=11).map(five).collect::<Vec<_>>(),
            [21, 23, 23, 23, 29, 30, 32, 33, 33, 34, 34]
        );
        assert_eq!(
            (2..=11).map(six).collect::<Vec<_>>(),
            [26, 26, 26, 32, 33, 35, 36, 36, 37, 37]
        );
        // The first grade studies five days even in a six-day school.
        assert_eq!(
            max_weekly_load(1, 6),
            Some(LoadLimit {
                hours: 21,
                week_days: 5
            })
        );
        assert_eq!(max_weekly_load(0, 5), None);
        assert_eq!(max_weekly_load(12, 5), None);
        assert_eq!(max_weekly_load(5, 7), None);
    }

    #[test]
    fn at_the_limit_passes_above_is_refused_with_numbers() {
        // 29 h for grade 5, five-day week: exactly the limit.
        let ok = plan(5, &[10, 10, 10, 10, 10, 8]);
        assert_eq!(ok.total(), WeeklyHours::hours(29));
        check_load(&ok, 5).unwrap();

        let over = plan(5, &[10, 10, 10, 10, 10, 8, 4]);
        let msg = check_load(&over, 5).unwrap_err().to_string();
        assert_eq!(
            msg,
            "План «Базовый» для 5 класса: 31 ч в неделю, а при пятидневной неделе допускается \
             не больше 29 ч. Уменьшите часы на 2 ч или перейдите на шестидневную неделю \
             (там до 32 ч)."
        );
        // The same plan fits a six-day week.
        check_load(&over, 6).unwrap();
    }

    #[test]
    fn half_hours_count() {
        let over = plan(2, &[46, 1]); // 23,5 h
        let msg = check_load(&over, 5).unwrap_err().to_string();
        assert!(msg.contains("23,5 ч"), "{msg}");
        assert!(msg.contains("на 0,5 ч"), "{msg}");
    }

    #[test]
    fn first_grade_in_a_six_day_school() {
        let p = plan(1, &[44]); // 22 h
        let msg = check_load(&p, 6).unwrap_err().to_string();
        assert!(msg.contains("первый класс учится пять дней"), "{msg}");
        assert!(msg.contains("не больше 21 ч"), "{msg}");
        assert!(!msg.contains("шестидневную"), "{msg}");
    }

    #[test]
    fn profile_rules() {
        let math = Subject {
            id: SubjectId::new(),
            name: "Математика".into(),
            grades: vec![5, 6],
        };
        let subjects: BTreeMap<_, _> = [(math.id, math.clone())].into();
        let mut p = CurriculumProfile {
            id: ProfileId::new(),
            name: "Базовый".into(),
            grade: 5,
            hours: [(math.id, WeeklyHours::hours(5))].into(),
        };
        check_profile(&p, 5, &subjects).unwrap();
        p.grade = 7;
        let msg = check_profile(&p, 5, &subjects).unwrap_err().to_string();
        assert!(msg.contains("не преподаётся в 7 классе"), "{msg}");
        p.grade = 12;
        assert!(check_profile(&p, 5, &subjects).is_err());
        p.grade = 5;
        p.name = "  ".into();
        assert!(check_profile(&p, 5, &subjects).is_err());
        p.name = "Базовый".into();
        p.hours.insert(SubjectId::new(), WeeklyHours(1));
        assert!(check_profile(&p, 5, &subjects)
            .unwrap_err()
            .to_string()
            .contains("удалённый предмет"));
    }
}
