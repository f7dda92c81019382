//! The people screen's views, built the same way on the server and on the coordinator's
//! device: the classes whose lists a user may read, and one class's students with their
//! guardians, with restricted fields (personal files) only for readers of them.

use crate::doc::personal::PersonalData;
use crate::doc::roster::RosterData;
use crate::doc::school::SchoolData;
use crate::ids::ClassId;
use crate::model::Student;
use crate::rights::{may, may_enter_people, Action, Directory, Principal, Resource};
use crate::wire::{ClassRow, ClassesView, GuardianRow, PeopleView, PersonRow};

/// The classes whose lists `p` may read, by grade and letter, with their active students
/// (`roster_of` gives a class's roster, if there is one).
pub fn classes_view<'a>(
    school: &SchoolData,
    roster_of: impl Fn(ClassId) -> Option<&'a RosterData>,
    p: &Principal,
    dir: &Directory,
) -> ClassesView {
    let mut classes: Vec<(u8, String, ClassRow)> = school
        .classes
        .values()
        .filter(|c| may(p, Action::Read, Resource::Roster(c.id), dir))
        .map(|c| {
            let students = roster_of(c.id).map_or(0, |r| {
                r.students.values().filter(|s| s.active).count() as u32
            });
            let can_edit = may(p, Action::Write, Resource::Roster(c.id), dir);
            let row = ClassRow {
                id: c.id,
                name: c.name(),
                students,
                can_edit,
                can_add: can_edit && may_enter_people(p, c.id, dir),
            };
            (c.grade, c.letter.clone(), row)
        })
        .collect();
    classes.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    ClassesView {
        classes: classes.into_iter().map(|(_, _, r)| r).collect(),
    }
}

/// One class's students (active first, by name) with their guardians. `files` are the class's
/// personal files, passed only when `p` may read them (the caller decides with
/// `may(Read, Personal(class))`); without them the restricted fields are absent.
pub fn people_view(
    class: ClassId,
    class_name: String,
    r: &RosterData,
    files: Option<&PersonalData>,
    p: &Principal,
    dir: &Directory,
) -> PeopleView {
    let mut students: Vec<&Student> = r.students.values().collect();
    students.sort_by_key(|s| (!s.active, s.full_name()));
    let rows = students
        .into_iter()
        .map(|s| {
            let file = files.map(|f| f.students.get(&s.id).cloned().unwrap_or_default());
            let mut guardians: Vec<GuardianRow> = r
                .links
                .iter()
                .filter(|(_, st)| *st == s.id)
                .filter_map(|(g, _)| r.guardians.get(g))
                .map(|g| {
                    let gf = files.map(|f| f.guardians.get(&g.id).cloned().unwrap_or_default());
                    GuardianRow {
                        id: g.id,
                        name: g.full_name(),
                        last_name: g.last_name.clone(),
                        first_name: g.first_name.clone(),
                        middle_name: g.middle_name.clone(),
                        relation: g.relation.clone(),
                        phone: gf.as_ref().map(|f| f.phone.clone()),
                        email: gf.map(|f| f.email),
                    }
                })
                .collect();
            guardians.sort_by(|a, b| a.name.cmp(&b.name));
            PersonRow {
                id: s.id,
                name: s.full_name(),
                last_name: s.last_name.clone(),
                first_name: s.first_name.clone(),
                middle_name: s.middle_name.clone(),
                birth_date: file.as_ref().and_then(|f| f.birth_date),
                active: s.active,
                guardians,
                personal: file,
            }
        })
        .collect();
    let can_edit = may(p, Action::Write, Resource::Roster(class), dir);
    PeopleView {
        class,
        class_name,
        students: rows,
        can_edit,
        can_add: can_edit && may_enter_people(p, class, dir),
        can_read_personal: files.is_some(),
        can_edit_personal: may(p, Action::Write, Resource::Personal(class), dir),
    }
}
