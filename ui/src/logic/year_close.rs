//! The year close screen's logic: who sees it, the outcome picker per student, the overrides
//! sent to the server and the counts per class.

use std::collections::BTreeMap;

use zvonok_core::ids::StudentId;
use zvonok_core::rights::{may, Action, Directory, Resource};
use zvonok_core::wire::UserInfo;
use zvonok_core::year_close::{ClassPlan, Outcome, Override};

use super::admin::principal;

/// Does the navigation offer «Переход на новый год» to `user`?
pub fn may_close_year(user: &UserInfo) -> bool {
    may(
        &principal(user),
        Action::Read,
        Resource::YearClose,
        &Directory::default(),
    )
}

/// The catalogue id of an outcome's name.
pub fn outcome_id(o: &Outcome) -> &'static str {
    match o {
        Outcome::Promoted => "yc-outcome-promoted",
        Outcome::Conditional { .. } => "yc-outcome-conditional",
        Outcome::Retained => "yc-outcome-retained",
        Outcome::Graduated => "yc-outcome-graduated",
        Outcome::Left => "yc-outcome-left",
    }
}

/// One entry of a student's outcome picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// What the final marks propose (no override).
    Proposed,
    Promoted,
    Conditional,
    Retained,
    Graduated,
}

impl Choice {
    pub fn id(self) -> &'static str {
        match self {
            Choice::Proposed => "yc-choice-proposed",
            Choice::Promoted => "yc-outcome-promoted",
            Choice::Conditional => "yc-outcome-conditional",
            Choice::Retained => "yc-outcome-retained",
            Choice::Graduated => "yc-outcome-graduated",
        }
    }

    /// The `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Choice::Proposed => "proposed",
            Choice::Promoted => "promoted",
            Choice::Conditional => "conditional",
            Choice::Retained => "retained",
            Choice::Graduated => "graduated",
        }
    }

    pub fn from_key(k: &str) -> Choice {
        match k {
            "promoted" => Choice::Promoted,
            "conditional" => Choice::Conditional,
            "retained" => Choice::Retained,
            "graduated" => Choice::Graduated,
            _ => Choice::Proposed,
        }
    }

    /// The override it means (`None`: the proposal stands).
    pub fn to_override(self) -> Option<Override> {
        match self {
            Choice::Proposed => None,
            Choice::Promoted => Some(Override::Promoted),
            Choice::Conditional => Some(Override::Conditional { deadlines: vec![] }),
            Choice::Retained => Some(Override::Retained),
            Choice::Graduated => Some(Override::Graduated),
        }
    }

    pub fn of(o: Option<&Override>) -> Choice {
        match o {
            None => Choice::Proposed,
            Some(Override::Promoted) => Choice::Promoted,
            Some(Override::Conditional { .. }) => Choice::Conditional,
            Some(Override::Retained) => Choice::Retained,
            Some(Override::Graduated) => Choice::Graduated,
        }
    }
}

/// The choices that fit a grade: the last grade graduates or stays; the others go up (a
/// conditional promotion only with a debt) or stay.
pub fn choices(grade: u8, last: u8, has_debt: bool) -> Vec<Choice> {
    if grade >= last {
        vec![Choice::Proposed, Choice::Graduated, Choice::Retained]
    } else if has_debt {
        vec![
            Choice::Proposed,
            Choice::Promoted,
            Choice::Conditional,
            Choice::Retained,
        ]
    } else {
        vec![Choice::Proposed, Choice::Promoted, Choice::Retained]
    }
}

/// Sets or clears one student's override.
pub fn set_choice(overrides: &mut BTreeMap<StudentId, Override>, s: StudentId, c: Choice) {
    match c.to_override() {
        Some(o) => {
            overrides.insert(s, o);
        }
        None => {
            overrides.remove(&s);
        }
    }
}

/// `?overrides=` of the dry run: the JSON, percent-encoded.
pub fn overrides_query(overrides: &BTreeMap<StudentId, Override>) -> String {
    let json = serde_json::to_string(overrides).unwrap_or_else(|_| "{}".into());
    json.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// How many students of a class get each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub promoted: usize,
    pub conditional: usize,
    pub retained: usize,
    pub graduated: usize,
}

pub fn counts(c: &ClassPlan) -> Counts {
    let mut n = Counts::default();
    for s in &c.students {
        match s.outcome {
            Outcome::Promoted => n.promoted += 1,
            Outcome::Conditional { .. } => n.conditional += 1,
            Outcome::Retained => n.retained += 1,
            Outcome::Graduated => n.graduated += 1,
            Outcome::Left => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::ClassId;
    use zvonok_core::year_close::StudentPlan;

    fn plan_of(outcomes: &[Outcome]) -> ClassPlan {
        ClassPlan {
            class: ClassId::new(),
            name: "8А".into(),
            grade: 8,
            next: None,
            students: outcomes
                .iter()
                .map(|o| StudentPlan {
                    student: StudentId::new(),
                    name: "Ученик".into(),
                    proposed: Outcome::Promoted,
                    outcome: o.clone(),
                    overridden: false,
                    debts: vec![],
                    missing_finals: 0,
                    to: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_last_grade_graduates_or_stays_and_others_go_up_or_stay() {
        assert_eq!(
            choices(9, 9, true),
            [Choice::Proposed, Choice::Graduated, Choice::Retained]
        );
        assert_eq!(
            choices(5, 9, false),
            [Choice::Proposed, Choice::Promoted, Choice::Retained]
        );
        assert!(choices(5, 9, true).contains(&Choice::Conditional));
        assert!(!choices(10, 11, false).contains(&Choice::Graduated));
    }

    #[test]
    fn a_choice_round_trips_through_its_key_and_its_override() {
        for c in [
            Choice::Proposed,
            Choice::Promoted,
            Choice::Conditional,
            Choice::Retained,
            Choice::Graduated,
        ] {
            assert_eq!(Choice::from_key(c.key()), c);
            assert_eq!(Choice::of(c.to_override().as_ref()), c);
        }
        let mut o = BTreeMap::new();
        let s = StudentId::new();
        set_choice(&mut o, s, Choice::Retained);
        assert_eq!(o.get(&s), Some(&Override::Retained));
        set_choice(&mut o, s, Choice::Proposed);
        assert!(o.is_empty(), "back to the proposal: no override sent");
    }

    #[test]
    fn overrides_travel_as_encoded_json() {
        let s: StudentId = "0190f1a2-0000-7000-8000-000000000001".parse().expect("id");
        let q = overrides_query(&BTreeMap::from([(s, Override::Retained)]));
        assert_eq!(
            q,
            "%7B%220190f1a2-0000-7000-8000-000000000001%22%3A%7B%22outcome%22%3A%22retained%22%7D%7D"
        );
        assert_eq!(overrides_query(&BTreeMap::new()), "%7B%7D");
    }

    #[test]
    fn counts_per_outcome() {
        let c = plan_of(&[
            Outcome::Promoted,
            Outcome::Promoted,
            Outcome::Retained,
            Outcome::Conditional {
                subjects: vec![],
                deadlines: vec![],
            },
        ]);
        assert_eq!(
            counts(&c),
            Counts {
                promoted: 2,
                conditional: 1,
                retained: 1,
                graduated: 0
            }
        );
    }
}
