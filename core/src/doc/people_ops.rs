//! `PeopleOp`: one edit of a class's people as the people screen makes it: a student or a
//! guardian of the class's `roster` (name, relation), a guardian–child link, or a field of the
//! class's `personal` files. Applied with the same writers as the import
//! (`roster::put_student`, `put_guardian`, `link`, `unlink`, `personal::apply`).
//!
//! Rights are the caller's: roster ops need `may(Write, Roster(class))`, and entering a new
//! person also `rights::may_enter_people` (checked on the result with `roster::check_entry`);
//! `SetPersonal` needs `may(Write, Personal(class))`.

use automerge::AutoCommit;
use serde::{Deserialize, Serialize};

use super::personal::PersonalOp;
use super::roster::{self, RosterData};
use super::DocKind;
use crate::error::DomainError;
use crate::ids::{GuardianId, StudentId};
use crate::model::{Guardian, Student};

/// Longest name part (surname, first name, patronymic) or relation.
pub const MAX_NAME: usize = 100;

/// One edit of a class's people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PeopleOp {
    /// Adds the student to the class's list (a new id) or edits their name. `active` is kept
    /// for a listed student (it follows movement orders) and `true` for a new one.
    PutStudent { student: Student },
    /// Adds the guardian (a new id) or edits their name and relation.
    PutGuardian { guardian: Guardian },
    Link {
        guardian: GuardianId,
        student: StudentId,
    },
    Unlink {
        guardian: GuardianId,
        student: StudentId,
    },
    /// A field of the personal files of a student or guardian of the class.
    SetPersonal { personal: PersonalOp },
}

impl PeopleOp {
    /// The document of the class this op writes.
    pub fn document(&self) -> DocKind {
        match self {
            PeopleOp::SetPersonal { .. } => DocKind::Personal,
            _ => DocKind::Roster,
        }
    }
}

fn name_part(value: &str, what: &str, required: bool) -> Result<(), DomainError> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(DomainError::Rule(format!("Укажите {what}.")));
    }
    if v.chars().count() > MAX_NAME {
        return Err(DomainError::TooLong(v.chars().count(), MAX_NAME));
    }
    Ok(())
}

/// Is `op` (a roster op) acceptable for the list `roster` as it is now? Names need a surname
/// and a first name; a link joins a guardian and a student of this list.
pub fn check(roster: &RosterData, op: &PeopleOp) -> Result<(), DomainError> {
    match op {
        PeopleOp::PutStudent { student: s } => {
            name_part(&s.last_name, "фамилию ученика", true)?;
            name_part(&s.first_name, "имя ученика", true)?;
            name_part(&s.middle_name, "отчество ученика", false)
        }
        PeopleOp::PutGuardian { guardian: g } => {
            name_part(&g.last_name, "фамилию родителя", true)?;
            name_part(&g.first_name, "имя родителя", true)?;
            name_part(&g.middle_name, "отчество родителя", false)?;
            name_part(&g.relation, "кем приходится родитель", false)
        }
        PeopleOp::Link { guardian, student } | PeopleOp::Unlink { guardian, student } => {
            if !roster.students.contains_key(student) {
                return Err(DomainError::Rule(
                    "Этого ученика нет в списке класса. Обновите страницу и выберите ученика из списка."
                        .into(),
                ));
            }
            if !roster.guardians.contains_key(guardian) {
                return Err(DomainError::Rule(
                    "Этого родителя нет в списке класса. Сначала добавьте его в список класса."
                        .into(),
                ));
            }
            Ok(())
        }
        PeopleOp::SetPersonal { personal } => check_personal_target(roster, personal),
    }
}

/// A personal op writes the file of someone in this class's list, nobody else's.
pub fn check_personal_target(roster: &RosterData, op: &PersonalOp) -> Result<(), DomainError> {
    let listed = match op {
        PersonalOp::SetStudentField { student, .. } => roster.students.contains_key(student),
        PersonalOp::SetGuardianField { guardian, .. } => roster.guardians.contains_key(guardian),
    };
    if listed {
        Ok(())
    } else {
        Err(DomainError::Rule(
            "Личное дело можно заполнить только для ученика или родителя из списка этого класса. \
             Обновите страницу и выберите человека из списка."
                .into(),
        ))
    }
}

/// Applies a roster op (`SetPersonal` belongs to the personal document: use
/// `personal::apply`) to the class's roster document. The caller commits.
pub fn apply_roster(doc: &mut AutoCommit, op: &PeopleOp) -> Result<(), DomainError> {
    let now = RosterData::from_doc(doc)?;
    check(&now, op)?;
    match op {
        PeopleOp::PutStudent { student } => {
            let mut s = student.clone();
            s.active = now.students.get(&s.id).is_none_or(|old| old.active);
            roster::put_student(doc, &s)?;
        }
        PeopleOp::PutGuardian { guardian } => {
            roster::put_guardian(doc, guardian)?;
        }
        PeopleOp::Link { guardian, student } => {
            roster::link(doc, *guardian, *student)?;
        }
        PeopleOp::Unlink { guardian, student } => {
            roster::unlink(doc, *guardian, *student)?;
        }
        PeopleOp::SetPersonal { .. } => {
            return Err(DomainError::Malformed(
                "сведения личного дела пишутся в документ личных дел, а не в список класса".into(),
            ))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ClassId;

    fn roster() -> (AutoCommit, Student, Guardian) {
        let mut r = RosterData::new(ClassId::new());
        let s = Student {
            id: StudentId::new(),
            last_name: "Иванова".into(),
            first_name: "Мария".into(),
            middle_name: String::new(),
            active: false,
        };
        let g = Guardian {
            id: GuardianId::new(),
            last_name: "Иванова".into(),
            first_name: "Ольга".into(),
            middle_name: String::new(),
            relation: "мать".into(),
        };
        r.students.insert(s.id, s.clone());
        r.guardians.insert(g.id, g.clone());
        (r.to_doc().expect("doc"), s, g)
    }

    #[test]
    fn editing_listed_people_adds_no_one_and_keeps_active() {
        let (mut doc, s, g) = roster();
        let before = RosterData::from_doc(&doc).expect("before");
        let mut renamed = s.clone();
        renamed.last_name = "Петрова".into();
        renamed.active = true;
        apply_roster(&mut doc, &PeopleOp::PutStudent { student: renamed }).expect("rename");
        apply_roster(
            &mut doc,
            &PeopleOp::Link {
                guardian: g.id,
                student: s.id,
            },
        )
        .expect("link");
        let after = RosterData::from_doc(&doc).expect("after");
        assert_eq!(after.students[&s.id].last_name, "Петрова");
        assert!(!after.students[&s.id].active, "active follows orders only");
        assert_eq!(after.links, vec![(g.id, s.id)]);
        assert!(roster::added_people(&before, &after).is_empty());
        roster::check_entry(&before, &after, false).expect("an edit needs no lists right");

        apply_roster(
            &mut doc,
            &PeopleOp::Unlink {
                guardian: g.id,
                student: s.id,
            },
        )
        .expect("unlink");
        assert!(RosterData::from_doc(&doc).expect("r").links.is_empty());
    }

    #[test]
    fn a_new_student_is_an_entry_that_needs_the_lists_right() {
        let (mut doc, _, _) = roster();
        let before = RosterData::from_doc(&doc).expect("before");
        let new = Student {
            id: StudentId::new(),
            last_name: "Сидоров".into(),
            first_name: "Пётр".into(),
            middle_name: String::new(),
            active: true,
        };
        apply_roster(
            &mut doc,
            &PeopleOp::PutStudent {
                student: new.clone(),
            },
        )
        .expect("put");
        let after = RosterData::from_doc(&doc).expect("after");
        let added = roster::added_people(&before, &after);
        assert_eq!(
            added,
            vec![roster::AddedPerson::Student {
                id: new.id,
                name: new.full_name()
            }]
        );
        let err = roster::check_entry(&before, &after, false).expect_err("refused");
        assert!(err.to_string().contains("Ввести списки"), "{err}");
        roster::check_entry(&before, &after, true).expect("allowed with the right");
    }

    #[test]
    fn bad_ops_are_refused() {
        let (mut doc, s, _) = roster();
        let stranger = GuardianId::new();
        assert!(apply_roster(
            &mut doc,
            &PeopleOp::Link {
                guardian: stranger,
                student: s.id
            }
        )
        .is_err());
        let mut blank = s.clone();
        blank.first_name = "  ".into();
        assert!(apply_roster(&mut doc, &PeopleOp::PutStudent { student: blank }).is_err());
        let r = RosterData::from_doc(&doc).expect("r");
        assert!(check_personal_target(
            &r,
            &PersonalOp::SetGuardianField {
                guardian: stranger,
                field: crate::doc::personal::GuardianField::Phone,
                value: "+79120000000".into()
            }
        )
        .is_err());
    }
}
