//! The people screen without the DOM: searching a class list (students and their guardians, by
//! name as typed), its filters, and the guardians of a class one can link a student to.

use std::collections::BTreeMap;

use zvonok_core::ids::GuardianId;
use zvonok_core::wire::{PeopleView, PersonRow};

use super::admin::name_matches;

/// Which students the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    All,
    Active,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::All, Status::Active, Status::Withdrawn];

    pub fn code(self) -> &'static str {
        match self {
            Status::All => "all",
            Status::Active => "active",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Status {
        Status::ALL
            .into_iter()
            .find(|x| x.code() == s)
            .unwrap_or_default()
    }
}

/// The filters of a class list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: String,
    pub status: Status,
    pub without_guardian: bool,
}

/// The students `f` lets through: the search looks at the student's name and their guardians'.
pub fn filter_people<'a>(students: &'a [PersonRow], f: &Filter) -> Vec<&'a PersonRow> {
    students
        .iter()
        .filter(|s| match f.status {
            Status::All => true,
            Status::Active => s.active,
            Status::Withdrawn => !s.active,
        })
        .filter(|s| !f.without_guardian || s.guardians.is_empty())
        .filter(|s| {
            name_matches(&f.query, &s.name)
                || (!f.query.trim().is_empty()
                    && s.guardians.iter().any(|g| name_matches(&f.query, &g.name)))
        })
        .collect()
}

/// Every guardian of the class once, by name, to link another child to.
pub fn guardians_of(view: &PeopleView) -> Vec<(GuardianId, String)> {
    let mut by_id: BTreeMap<GuardianId, String> = BTreeMap::new();
    for s in &view.students {
        for g in &s.guardians {
            by_id.entry(g.id).or_insert_with(|| g.name.clone());
        }
    }
    let mut v: Vec<(GuardianId, String)> = by_id.into_iter().collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::{ClassId, StudentId};
    use zvonok_core::wire::GuardianRow;

    fn guardian(id: GuardianId, name: &str) -> GuardianRow {
        GuardianRow {
            id,
            name: name.into(),
            last_name: String::new(),
            first_name: String::new(),
            middle_name: String::new(),
            relation: "мать".into(),
            phone: None,
            email: None,
        }
    }

    fn student(name: &str, active: bool, guardians: Vec<GuardianRow>) -> PersonRow {
        PersonRow {
            id: StudentId::new(),
            name: name.into(),
            last_name: String::new(),
            first_name: String::new(),
            middle_name: String::new(),
            birth_date: None,
            active,
            guardians,
            personal: None,
        }
    }

    #[test]
    fn filters_combine_search_status_and_missing_guardians() {
        let mother = GuardianId::new();
        let list = vec![
            student("Ёжиков Пётр", true, vec![guardian(mother, "Ёжикова Анна")]),
            student("Смирнова Ольга", false, vec![]),
            student("Ежова Мария", true, vec![]),
        ];
        let names = |f: &Filter| -> Vec<String> {
            filter_people(&list, f)
                .iter()
                .map(|s| s.name.clone())
                .collect()
        };
        assert_eq!(names(&Filter::default()).len(), 3);
        let mut f = Filter {
            query: "ежик".into(),
            ..Filter::default()
        };
        assert_eq!(names(&f), vec!["Ёжиков Пётр"]);
        f.query = "анна".into();
        assert_eq!(
            names(&f),
            vec!["Ёжиков Пётр"],
            "found by the guardian's name"
        );
        f.query = String::new();
        f.status = Status::Withdrawn;
        assert_eq!(names(&f), vec!["Смирнова Ольга"]);
        f.status = Status::Active;
        f.without_guardian = true;
        assert_eq!(names(&f), vec!["Ежова Мария"]);
        assert_eq!(Status::parse("withdrawn"), Status::Withdrawn);
        assert_eq!(Status::parse("?"), Status::All);
    }

    #[test]
    fn each_guardian_of_the_class_is_offered_once() {
        let g = GuardianId::new();
        let view = PeopleView {
            class: ClassId::new(),
            class_name: "5А".into(),
            students: vec![
                student("Б", true, vec![guardian(g, "Мать Б")]),
                student("В", true, vec![guardian(g, "Мать Б")]),
            ],
            can_edit: true,
            can_add: true,
            can_read_personal: false,
            can_edit_personal: false,
        };
        assert_eq!(guardians_of(&view), vec![(g, "Мать Б".to_string())]);
    }
}
