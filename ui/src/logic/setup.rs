//! The setup wizard's pages and their order: the overview, one page per step of the seed's
//! data-entry table (the subjects page also covers «subjects per grade level»), and the staff
//! accounts page at the end. Pages have stable names in the URL hash, so a reload returns to the
//! same page.

use zvonok_core::rights::Role;
use zvonok_core::setup::SetupStep;

/// One page of the wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupPage {
    Overview,
    Step(SetupStep),
    /// «Учётные записи сотрудников»: issuing accounts for all staff.
    Accounts,
}

/// The pages the next/back buttons walk through, in order.
pub const PAGES: [SetupPage; 11] = [
    SetupPage::Overview,
    SetupPage::Step(SetupStep::SchoolCard),
    SetupPage::Step(SetupStep::AcademicYear),
    SetupPage::Step(SetupStep::Bells),
    SetupPage::Step(SetupStep::WeekLength),
    SetupPage::Step(SetupStep::Staff),
    SetupPage::Step(SetupStep::Subjects),
    SetupPage::Step(SetupStep::Curriculum),
    SetupPage::Step(SetupStep::Classes),
    SetupPage::Step(SetupStep::Assignments),
    SetupPage::Accounts,
];

/// The name of a step in the URL hash.
pub fn slug(step: SetupStep) -> &'static str {
    match step {
        SetupStep::SchoolCard => "card",
        SetupStep::AcademicYear => "year",
        SetupStep::Bells => "bells",
        SetupStep::WeekLength => "week",
        SetupStep::Staff => "staff",
        SetupStep::Subjects => "subjects",
        SetupStep::SubjectsPerGrade => "subject-grades",
        SetupStep::Curriculum => "curriculum",
        SetupStep::Classes => "classes",
        SetupStep::Assignments => "assignments",
    }
}

impl SetupPage {
    /// The part of the hash after `#/setup`.
    pub fn to_path(self) -> String {
        match self {
            SetupPage::Overview => String::new(),
            SetupPage::Step(s) => format!("/{}", slug(s)),
            SetupPage::Accounts => "/accounts".into(),
        }
    }

    /// Reads the parts after `setup` in the hash.
    pub fn from_parts(parts: &[&str]) -> Option<SetupPage> {
        match parts {
            [] => Some(SetupPage::Overview),
            ["accounts"] => Some(SetupPage::Accounts),
            [name] => SetupStep::ALL
                .into_iter()
                .find(|s| slug(*s) == *name)
                .map(SetupPage::Step),
            _ => None,
        }
    }

    /// The page that shows this page's data: subjects per grade are edited with the subjects.
    pub fn canonical(self) -> SetupPage {
        match self {
            SetupPage::Step(SetupStep::SubjectsPerGrade) => SetupPage::Step(SetupStep::Subjects),
            p => p,
        }
    }

    fn index(self) -> usize {
        let c = self.canonical();
        PAGES.iter().position(|p| *p == c).unwrap_or(0)
    }

    pub fn next(self) -> Option<SetupPage> {
        PAGES.get(self.index() + 1).copied()
    }

    pub fn prev(self) -> Option<SetupPage> {
        self.index().checked_sub(1).map(|i| PAGES[i])
    }

    /// «Шаг 3 из 10»: the position among the pages after the overview.
    pub fn number(self) -> Option<usize> {
        match self.index() {
            0 => None,
            i => Some(i),
        }
    }
}

/// How many numbered pages there are (everything but the overview).
pub const STEP_PAGES: usize = PAGES.len() - 1;

/// Users who set the school up: they get the coordinator's navigation and the wizard as Home.
pub fn is_coordinator(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| matches!(r, Role::Coordinator | Role::SystemAdmin | Role::ServerAdmin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_survives_the_path() {
        let mut all: Vec<SetupPage> = PAGES.to_vec();
        all.push(SetupPage::Step(SetupStep::SubjectsPerGrade));
        for p in all {
            let path = p.to_path();
            let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            assert_eq!(SetupPage::from_parts(&parts), Some(p), "{path}");
        }
        assert_eq!(SetupPage::from_parts(&["nope"]), None);
        assert_eq!(SetupPage::from_parts(&["card", "x"]), None);
    }

    #[test]
    fn next_and_back_walk_every_step_once() {
        let mut p = SetupPage::Overview;
        let mut seen = vec![p];
        while let Some(n) = p.next() {
            assert_eq!(n.prev(), Some(p));
            seen.push(n);
            p = n;
        }
        assert_eq!(seen, PAGES.to_vec());
        assert_eq!(SetupPage::Overview.prev(), None);
        // Every step of the server's progress has a page.
        for s in SetupStep::ALL {
            assert!(PAGES.contains(&SetupPage::Step(s).canonical()), "{s:?}");
        }
        assert_eq!(
            SetupPage::Step(SetupStep::SubjectsPerGrade).next(),
            Some(SetupPage::Step(SetupStep::Curriculum))
        );
        assert_eq!(SetupPage::Step(SetupStep::SchoolCard).number(), Some(1));
        assert_eq!(SetupPage::Accounts.number(), Some(STEP_PAGES));
    }

    #[test]
    fn coordinators_set_the_school_up() {
        assert!(is_coordinator(&[Role::Coordinator]));
        assert!(is_coordinator(&[Role::Teacher, Role::ServerAdmin]));
        assert!(is_coordinator(&[Role::SystemAdmin]));
        assert!(!is_coordinator(&[Role::Teacher, Role::Director]));
        assert!(!is_coordinator(&[]));
    }
}
