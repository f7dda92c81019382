//! Screens and the URL hash that names them, so a reload returns to the same screen.

use chrono::NaiveDate;
use zvonok_core::ids::{DocId, LessonId, StudentId};

use crate::logic::admin::AdminPage;
use crate::logic::dates::{iso, parse_iso};
use crate::logic::periods::PeriodsPage;
use crate::logic::setup::SetupPage;
use crate::logic::timetable::TimetablePage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The signed-in user's start screen (Today for staff, the child view for families).
    Home,
    Today(Option<NaiveDate>),
    Lesson {
        doc: DocId,
        lesson: LessonId,
    },
    Journal {
        doc: DocId,
    },
    Child(Option<StudentId>),
    /// The coordinator's setup wizard: its overview or one of its pages.
    Setup(SetupPage),
    /// The coordinator's people, accounts, rights and orders screens.
    Admin(AdminPage),
    /// The weekly timetable (by class, teacher or room) and its import.
    Timetable(TimetablePage),
    /// Links for a phone's calendar.
    Calendar,
    /// «Закрыть четверть» and «Заполнение журнала».
    Periods(PeriodsPage),
    /// The period reports.
    Reports,
    /// Closing the academic year and moving to the next.
    YearClose,
    /// «Ход внедрения»: the rollout's stages measured from the data.
    Rollout,
}

impl Screen {
    pub fn to_hash(self) -> String {
        match self {
            Screen::Home => "#/".into(),
            Screen::Today(None) => "#/today".into(),
            Screen::Today(Some(d)) => format!("#/today/{}", iso(d)),
            Screen::Lesson { doc, lesson } => format!("#/lesson/{doc}/{lesson}"),
            Screen::Journal { doc } => format!("#/journal/{doc}"),
            Screen::Child(None) => "#/child".into(),
            Screen::Child(Some(s)) => format!("#/child/{s}"),
            Screen::Setup(p) => format!("#/setup{}", p.to_path()),
            Screen::Admin(p) => format!("#/admin{}", p.to_path()),
            Screen::Timetable(p) => format!("#/timetable{}", p.to_path()),
            Screen::Calendar => "#/calendar".into(),
            Screen::Periods(p) => p.to_hash(),
            Screen::Reports => "#/reports".into(),
            Screen::YearClose => "#/year-close".into(),
            Screen::Rollout => "#/rollout".into(),
        }
    }

    /// Reads a hash; anything unknown or malformed is the home screen.
    pub fn from_hash(hash: &str) -> Screen {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let parsed = match parts.as_slice() {
            ["today"] => Some(Screen::Today(None)),
            ["today", d] => parse_iso(d).map(|d| Screen::Today(Some(d))),
            ["lesson", doc, lesson] => match (doc.parse(), lesson.parse()) {
                (Ok(doc), Ok(lesson)) => Some(Screen::Lesson { doc, lesson }),
                _ => None,
            },
            ["journal", doc] => doc.parse().ok().map(|doc| Screen::Journal { doc }),
            ["child"] => Some(Screen::Child(None)),
            ["child", s] => s.parse().ok().map(|s| Screen::Child(Some(s))),
            ["setup", rest @ ..] => SetupPage::from_parts(rest).map(Screen::Setup),
            ["admin", rest @ ..] => AdminPage::from_parts(rest).map(Screen::Admin),
            ["timetable", rest @ ..] => TimetablePage::from_parts(rest).map(Screen::Timetable),
            ["calendar"] => Some(Screen::Calendar),
            [first @ ("periods" | "completeness"), rest @ ..] => {
                PeriodsPage::from_parts(first, rest).map(Screen::Periods)
            }
            ["reports"] => Some(Screen::Reports),
            ["year-close"] => Some(Screen::YearClose),
            ["rollout"] => Some(Screen::Rollout),
            _ => None,
        };
        parsed.unwrap_or(Screen::Home)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_survives_the_hash() {
        let screens = [
            Screen::Home,
            Screen::Today(None),
            Screen::Today(NaiveDate::from_ymd_opt(2025, 11, 28)),
            Screen::Lesson {
                doc: DocId::new(),
                lesson: LessonId::new(),
            },
            Screen::Journal { doc: DocId::new() },
            Screen::Child(None),
            Screen::Child(Some(StudentId::new())),
            Screen::Setup(SetupPage::Overview),
            Screen::Setup(SetupPage::Accounts),
            Screen::Calendar,
            Screen::Periods(PeriodsPage::Close(None)),
            Screen::Periods(PeriodsPage::Close(Some(zvonok_core::ids::PeriodId::new()))),
            Screen::Periods(PeriodsPage::Completeness(None)),
            Screen::Reports,
            Screen::YearClose,
            Screen::Rollout,
        ];
        for s in screens {
            assert_eq!(Screen::from_hash(&s.to_hash()), s, "{}", s.to_hash());
        }
    }

    #[test]
    fn garbage_goes_home() {
        for h in [
            "",
            "#",
            "#/nope",
            "#/lesson/x/y",
            "#/today/28.11.2025",
            "#/journal",
        ] {
            assert_eq!(Screen::from_hash(h), Screen::Home, "{h}");
        }
    }
}
