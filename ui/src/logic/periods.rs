//! «Закрыть четверть» and «Заполнение журнала» without the DOM: the screens' addresses, who
//! may open them, whether the close button is enabled (and why not), blockers grouped by class
//! and teacher, and the completeness table's totals.

use zvonok_core::completeness::{Counts, Gap, GapKind};
use zvonok_core::ids::PeriodId;
use zvonok_core::rights::{may, Action, Directory, Resource};
use zvonok_core::wire::{PeriodRow, UserInfo};

use crate::logic::admin::principal;

/// Which page of the periods' screens: `#/periods`, `#/periods/<id>`, `#/completeness`,
/// `#/completeness/<id>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodsPage {
    /// The year's periods with their state, and one period's blockers when chosen.
    Close(Option<PeriodId>),
    /// The journal completeness of a period (the one of today when none is chosen).
    Completeness(Option<PeriodId>),
}

impl PeriodsPage {
    pub fn to_hash(self) -> String {
        match self {
            PeriodsPage::Close(None) => "#/periods".into(),
            PeriodsPage::Close(Some(p)) => format!("#/periods/{p}"),
            PeriodsPage::Completeness(None) => "#/completeness".into(),
            PeriodsPage::Completeness(Some(p)) => format!("#/completeness/{p}"),
        }
    }

    /// Reads the parts of a hash after its first segment (`periods` or `completeness`).
    pub fn from_parts(first: &str, rest: &[&str]) -> Option<Self> {
        let id = match rest {
            [] => None,
            [id] => Some(id.parse().ok()?),
            _ => return None,
        };
        match first {
            "periods" => Some(PeriodsPage::Close(id)),
            "completeness" => Some(PeriodsPage::Completeness(id)),
            _ => None,
        }
    }
}

/// May `user` open the periods' screens? The same rule as the server's: staff with «Закрывать
/// учебные периоды», «Открывать закрытый период» or «Просматривать все классные журналы».
pub fn may_open(user: &UserInfo) -> bool {
    may(
        &principal(user),
        Action::Read,
        Resource::Periods,
        &Directory::default(),
    )
}

/// The close button of one period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseButton {
    /// Nothing blocks it: the button works.
    Enabled,
    /// Shown disabled with the reason (a message id; `count` for the blockers).
    Disabled { reason: &'static str, count: u32 },
    /// Closed already: the reopen button is shown instead (to those who may).
    Closed { may_reopen: bool },
}

/// What the close button of `row` is for a user who may (`can_close`) or may not close.
pub fn close_button(row: &PeriodRow, can_close: bool, can_reopen: bool) -> CloseButton {
    if row.closed {
        return CloseButton::Closed {
            may_reopen: can_reopen,
        };
    }
    if !can_close {
        return CloseButton::Disabled {
            reason: "periods-no-right",
            count: 0,
        };
    }
    if row.journals == 0 {
        return CloseButton::Disabled {
            reason: "periods-no-journals",
            count: 0,
        };
    }
    if row.blockers > 0 {
        return CloseButton::Disabled {
            reason: "periods-blocked",
            count: row.blockers,
        };
    }
    CloseButton::Enabled
}

/// The blockers of one class and teacher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockerGroup {
    /// «5А» (the class; groups of it come together).
    pub class: String,
    pub teacher: String,
    pub missing_finals: u32,
    pub no_attendance: u32,
    pub items: Vec<Gap>,
}

/// Groups blockers by class, then teacher, keeping their order inside each group.
pub fn group_blockers(blockers: &[Gap]) -> Vec<BlockerGroup> {
    let mut out: Vec<BlockerGroup> = Vec::new();
    for g in blockers {
        let class = g
            .cohort
            .split(" · ")
            .next()
            .unwrap_or(&g.cohort)
            .to_string();
        let at = out
            .iter()
            .position(|b| b.class == class && b.teacher == g.teacher_name);
        let group = match at {
            Some(i) => &mut out[i],
            None => {
                out.push(BlockerGroup {
                    class,
                    teacher: g.teacher_name.clone(),
                    missing_finals: 0,
                    no_attendance: 0,
                    items: Vec::new(),
                });
                out.last_mut().expect("just pushed")
            }
        };
        match g.kind {
            GapKind::MissingFinal => group.missing_finals += 1,
            GapKind::NoAttendance => group.no_attendance += 1,
            _ => {}
        }
        group.items.push(g.clone());
    }
    out.sort_by(|a, b| {
        (class_sort_key(&a.class), &a.teacher).cmp(&(class_sort_key(&b.class), &b.teacher))
    });
    out
}

/// «5А» before «10А»: the grade as a number, then the rest.
fn class_sort_key(name: &str) -> (u32, String) {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    (
        digits.parse().unwrap_or(u32::MAX),
        name[digits.len()..].to_string(),
    )
}

/// The sum of rows: the table's «Итого» line.
pub fn totals<'a>(rows: impl IntoIterator<Item = &'a Counts>) -> Counts {
    rows.into_iter().fold(Counts::default(), |mut t, c| {
        t.lessons += c.lessons;
        t.no_attendance += c.no_attendance;
        t.no_topic += c.no_topic;
        t.no_homework += c.no_homework;
        t.few_marks += c.few_marks;
        t.missing_finals += c.missing_finals;
        t
    })
}

/// The share of lessons up to the date with their attendance taken, in whole percent (100
/// without lessons).
pub fn attendance_share(c: &Counts) -> u32 {
    if c.lessons == 0 {
        return 100;
    }
    (c.lessons - c.no_attendance.min(c.lessons)) * 100 / c.lessons
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use zvonok_core::ids::{ClassId, DocId, StudentId, UserId};
    use zvonok_core::model::PeriodKind;
    use zvonok_core::rights::{Grant, Right, Role, Scope};

    fn row(closed: bool, journals: u32, blockers: u32) -> PeriodRow {
        let d = NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        PeriodRow {
            id: PeriodId::new(),
            kind: PeriodKind::Quarter,
            title: "1 четверть".into(),
            start: d,
            end: d,
            closed,
            changed_by: None,
            changed_by_name: None,
            changed_at: None,
            journals,
            locked: 0,
            blockers,
        }
    }

    fn gap(kind: GapKind, cohort: &str, teacher: &str, student: &str) -> Gap {
        Gap {
            kind,
            journal: DocId::new(),
            class: ClassId::new(),
            cohort: cohort.into(),
            subject: "Математика".into(),
            teacher: None,
            teacher_name: teacher.into(),
            lesson: None,
            date: None,
            number: None,
            student: (!student.is_empty()).then(StudentId::new),
            student_name: student.into(),
            marks: None,
            message: String::new(),
        }
    }

    #[test]
    fn addresses_survive_the_hash() {
        let id = PeriodId::new();
        for p in [
            PeriodsPage::Close(None),
            PeriodsPage::Close(Some(id)),
            PeriodsPage::Completeness(None),
            PeriodsPage::Completeness(Some(id)),
        ] {
            let hash = p.to_hash();
            let parts: Vec<&str> = hash.trim_start_matches("#/").split('/').collect();
            assert_eq!(
                PeriodsPage::from_parts(parts[0], &parts[1..]),
                Some(p),
                "{hash}"
            );
        }
        assert_eq!(PeriodsPage::from_parts("periods", &["nonsense"]), None);
        assert_eq!(PeriodsPage::from_parts("periods", &["a", "b"]), None);
    }

    #[test]
    fn the_close_button_says_why_it_is_disabled() {
        assert_eq!(
            close_button(&row(false, 3, 0), true, false),
            CloseButton::Enabled
        );
        assert_eq!(
            close_button(&row(false, 3, 7), true, false),
            CloseButton::Disabled {
                reason: "periods-blocked",
                count: 7
            }
        );
        assert_eq!(
            close_button(&row(false, 0, 0), true, false),
            CloseButton::Disabled {
                reason: "periods-no-journals",
                count: 0
            }
        );
        assert_eq!(
            close_button(&row(false, 3, 0), false, true),
            CloseButton::Disabled {
                reason: "periods-no-right",
                count: 0
            }
        );
        assert_eq!(
            close_button(&row(true, 3, 0), true, false),
            CloseButton::Closed { may_reopen: false }
        );
        assert_eq!(
            close_button(&row(true, 3, 0), false, true),
            CloseButton::Closed { may_reopen: true }
        );
    }

    #[test]
    fn blockers_are_grouped_by_class_then_teacher() {
        let blockers = vec![
            gap(GapKind::MissingFinal, "10А", "Петров О. И.", "Орлов Иван"),
            gap(GapKind::NoAttendance, "5А", "Иванова А. П.", ""),
            gap(
                GapKind::MissingFinal,
                "5А · Группа 1",
                "Иванова А. П.",
                "Орлова Вера",
            ),
            gap(GapKind::NoAttendance, "5А", "Петров О. И.", ""),
        ];
        let groups = group_blockers(&blockers);
        let summary: Vec<(&str, &str, u32, u32, usize)> = groups
            .iter()
            .map(|g| {
                (
                    g.class.as_str(),
                    g.teacher.as_str(),
                    g.missing_finals,
                    g.no_attendance,
                    g.items.len(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("5А", "Иванова А. П.", 1, 1, 2),
                ("5А", "Петров О. И.", 0, 1, 1),
                ("10А", "Петров О. И.", 1, 0, 1),
            ]
        );
        assert!(group_blockers(&[]).is_empty());
    }

    #[test]
    fn totals_and_the_attendance_share() {
        let a = Counts {
            lessons: 10,
            no_attendance: 2,
            no_topic: 1,
            no_homework: 3,
            few_marks: 4,
            missing_finals: 5,
        };
        let b = Counts {
            lessons: 6,
            no_attendance: 1,
            ..Counts::default()
        };
        let t = totals([&a, &b]);
        assert_eq!((t.lessons, t.no_attendance, t.missing_finals), (16, 3, 5));
        // 13 of 16 lessons with attendance: 81 %.
        assert_eq!(attendance_share(&t), 81);
        assert_eq!(attendance_share(&Counts::default()), 100);
    }

    /// Ids the screens pick at run time (the catalogue test sees only literal ones).
    #[test]
    fn reasons_are_in_both_catalogues() {
        use crate::i18n::{tr, Lang};
        for l in [Lang::Ru, Lang::En] {
            for id in ["periods-no-right", "periods-no-journals", "periods-blocked"] {
                assert_ne!(tr(l, id, &[]), id, "{id} {l:?}");
            }
        }
    }

    #[test]
    fn who_opens_the_screens() {
        let user = |roles: Vec<Role>, grants: Vec<Grant>| UserInfo {
            id: UserId::new(),
            login: "x".into(),
            display_name: "X".into(),
            roles,
            grants,
            staff: None,
            guardian: None,
            student: None,
            children: Vec::new(),
        };
        assert!(may_open(&user(vec![Role::Coordinator], vec![])));
        assert!(may_open(&user(vec![Role::Director], vec![])));
        assert!(!may_open(&user(vec![Role::Teacher], vec![])));
        let grant = Grant {
            right: Right::ClosePeriods,
            scope: Scope::School,
        };
        assert!(may_open(&user(vec![Role::Teacher], vec![grant])));
        assert!(!may_open(&user(vec![Role::Parent], vec![grant])));
    }
}
