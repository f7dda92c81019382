//! The `roster` document: one per class. Its students, their guardians, guardian–child links
//! and group membership. Written by the class teacher, the secretary and the administration;
//! read by staff of the class. Never sent to parents or students.
//!
//! Layout: `meta{class}`, `students{id:{last,first,middle,active}}`,
//! `guardians{id:{last,first,middle,relation}}`, flat `links{"<guardian>/<student>": true}`,
//! flat `groups{"<group>/<student>": true}`.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use serde::{Deserialize, Serialize};

use super::school::{for_each, parse_id};
use super::*;
use crate::error::DomainError;
use crate::ids::*;
use crate::model::*;
use crate::rights::Directory;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterData {
    pub class: ClassId,
    pub students: BTreeMap<StudentId, Student>,
    pub guardians: BTreeMap<GuardianId, Guardian>,
    /// (guardian, student)
    pub links: Vec<(GuardianId, StudentId)>,
    /// (group, student)
    pub group_members: Vec<(GroupId, StudentId)>,
}

impl RosterData {
    pub fn new(class: ClassId) -> Self {
        RosterData {
            class,
            students: BTreeMap::new(),
            guardians: BTreeMap::new(),
            links: Vec::new(),
            group_members: Vec::new(),
        }
    }

    pub fn to_doc(&self) -> Result<AutoCommit, DomainError> {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        write_header(&mut doc, DocKind::Roster)?;
        let meta = put_map(&mut doc, &ROOT, "meta")?;
        doc.put(&meta, "class", self.class.to_string())?;
        let students = put_map(&mut doc, &ROOT, "students")?;
        for s in self.students.values() {
            let o = put_map(&mut doc, &students, &s.id.to_string())?;
            doc.put(&o, "last", s.last_name.as_str())?;
            doc.put(&o, "first", s.first_name.as_str())?;
            doc.put(&o, "middle", s.middle_name.as_str())?;
            doc.put(&o, "active", s.active)?;
        }
        let guardians = put_map(&mut doc, &ROOT, "guardians")?;
        for g in self.guardians.values() {
            let o = put_map(&mut doc, &guardians, &g.id.to_string())?;
            doc.put(&o, "last", g.last_name.as_str())?;
            doc.put(&o, "first", g.first_name.as_str())?;
            doc.put(&o, "middle", g.middle_name.as_str())?;
            doc.put(&o, "relation", g.relation.as_str())?;
        }
        let links = put_map(&mut doc, &ROOT, "links")?;
        for (g, s) in &self.links {
            doc.put(&links, format!("{g}/{s}"), true)?;
        }
        let groups = put_map(&mut doc, &ROOT, "groups")?;
        for (g, s) in &self.group_members {
            doc.put(&groups, format!("{g}/{s}"), true)?;
        }
        doc.commit();
        Ok(doc)
    }

    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        check_header(doc, DocKind::Roster)?;
        let meta = need_map(doc, &ROOT, "meta")?;
        let mut r = RosterData::new(need_parsed(doc, &meta, "class")?);
        for_each(doc, "students", |id, o| {
            let id: StudentId = parse_id(id)?;
            r.students.insert(
                id,
                Student {
                    id,
                    last_name: get_str(doc, o, "last").unwrap_or_default(),
                    first_name: get_str(doc, o, "first").unwrap_or_default(),
                    middle_name: get_str(doc, o, "middle").unwrap_or_default(),
                    active: get_bool(doc, o, "active").unwrap_or(true),
                },
            );
            Ok(())
        })?;
        for_each(doc, "guardians", |id, o| {
            let id: GuardianId = parse_id(id)?;
            r.guardians.insert(
                id,
                Guardian {
                    id,
                    last_name: get_str(doc, o, "last").unwrap_or_default(),
                    first_name: get_str(doc, o, "first").unwrap_or_default(),
                    middle_name: get_str(doc, o, "middle").unwrap_or_default(),
                    relation: get_str(doc, o, "relation").unwrap_or_default(),
                },
            );
            Ok(())
        })?;
        r.links = pairs(doc, "links")?;
        r.group_members = pairs(doc, "groups")?;
        Ok(r)
    }

    /// Students of the class sorted by name, as a journal lists them.
    pub fn sorted_students(&self) -> Vec<&Student> {
        let mut v: Vec<&Student> = self.students.values().filter(|s| s.active).collect();
        v.sort_by_key(|a| a.full_name());
        v
    }

    /// The links between a guardian and an active student both on this roster.
    pub fn valid_links(&self) -> impl Iterator<Item = (GuardianId, StudentId)> + '_ {
        self.links.iter().copied().filter(|(g, s)| {
            self.guardians.contains_key(g) && self.students.get(s).is_some_and(|s| s.active)
        })
    }

    /// The students of this roster in `group`.
    pub fn members_of(&self, group: GroupId) -> Vec<StudentId> {
        self.group_members
            .iter()
            .filter(|(g, s)| *g == group && self.students.contains_key(s))
            .map(|(_, s)| *s)
            .collect()
    }

    /// Adds guardian links and class membership to a rights directory. Only links whose both
    /// ends are on this roster, to an active student, count: a link to anyone else (forged, or
    /// left from before a transfer) gives no one access to anything.
    pub fn fill_directory(&self, dir: &mut Directory) {
        for s in self.students.values() {
            if s.active {
                dir.student_class.insert(s.id, self.class);
            }
        }
        for (g, s) in self.valid_links() {
            let kids = dir.children.entry(g).or_default();
            if !kids.contains(&s) {
                kids.push(s);
            }
        }
    }
}

/// Puts `key` = `v` unless it already holds exactly that; returns whether it wrote.
fn put_if_changed(
    doc: &mut AutoCommit,
    o: &automerge::ObjId,
    key: &str,
    v: &str,
) -> Result<bool, DomainError> {
    if get_str(doc, o, key).as_deref() == Some(v) {
        return Ok(false);
    }
    doc.put(o, key, v)?;
    Ok(true)
}

/// The object of `id` in root map `section`, created if absent (server-side writers only).
fn entity(
    doc: &mut AutoCommit,
    section: &str,
    id: &str,
) -> Result<(automerge::ObjId, bool), DomainError> {
    let sec = need_map(doc, &ROOT, section)?;
    match get_map(doc, &sec, id) {
        Some(o) => Ok((o, false)),
        None => Ok((put_map(doc, &sec, id)?, true)),
    }
}

/// Server-side writer: adds the student or updates their name and `active` flag. Writes
/// nothing when the roster already says so; returns whether it wrote. The caller commits.
pub fn put_student(doc: &mut AutoCommit, s: &Student) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Roster)?;
    let (o, mut changed) = entity(doc, "students", &s.id.to_string())?;
    changed |= put_if_changed(doc, &o, "last", s.last_name.trim())?;
    changed |= put_if_changed(doc, &o, "first", s.first_name.trim())?;
    changed |= put_if_changed(doc, &o, "middle", s.middle_name.trim())?;
    if get_bool(doc, &o, "active") != Some(s.active) {
        doc.put(&o, "active", s.active)?;
        changed = true;
    }
    Ok(changed)
}

/// Server-side writer: marks a student of the roster active or not (a student who left stays
/// in the roster, inactive). `false` when there is no such student or nothing changed.
pub fn set_active(
    doc: &mut AutoCommit,
    student: StudentId,
    active: bool,
) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Roster)?;
    let sec = need_map(doc, &ROOT, "students")?;
    let Some(o) = get_map(doc, &sec, &student.to_string()) else {
        return Ok(false);
    };
    if get_bool(doc, &o, "active").unwrap_or(true) == active {
        return Ok(false);
    }
    doc.put(&o, "active", active)?;
    Ok(true)
}

/// Server-side writer: adds the guardian or updates their name and relation; returns whether
/// it wrote.
pub fn put_guardian(doc: &mut AutoCommit, g: &Guardian) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Roster)?;
    let (o, mut changed) = entity(doc, "guardians", &g.id.to_string())?;
    changed |= put_if_changed(doc, &o, "last", g.last_name.trim())?;
    changed |= put_if_changed(doc, &o, "first", g.first_name.trim())?;
    changed |= put_if_changed(doc, &o, "middle", g.middle_name.trim())?;
    changed |= put_if_changed(doc, &o, "relation", g.relation.trim())?;
    Ok(changed)
}

/// Server-side writer: links a guardian to a student; returns whether it wrote.
pub fn link(
    doc: &mut AutoCommit,
    guardian: GuardianId,
    student: StudentId,
) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Roster)?;
    let links = need_map(doc, &ROOT, "links")?;
    let key = format!("{guardian}/{student}");
    if get_bool(doc, &links, &key) == Some(true) {
        return Ok(false);
    }
    doc.put(&links, key, true)?;
    Ok(true)
}

/// Server-side writer: removes a guardian–child link; returns whether it wrote.
pub fn unlink(
    doc: &mut AutoCommit,
    guardian: GuardianId,
    student: StudentId,
) -> Result<bool, DomainError> {
    check_header(doc, DocKind::Roster)?;
    let links = need_map(doc, &ROOT, "links")?;
    let key = format!("{guardian}/{student}");
    if get_bool(doc, &links, &key) != Some(true) {
        return Ok(false);
    }
    doc.delete(&links, key)?;
    Ok(true)
}

/// A person a roster gained: someone entered into the class's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AddedPerson {
    Student { id: StudentId, name: String },
    Guardian { id: GuardianId, name: String },
}

impl AddedPerson {
    pub fn name(&self) -> &str {
        match self {
            AddedPerson::Student { name, .. } | AddedPerson::Guardian { name, .. } => name,
        }
    }
}

/// The students and guardians `after` has that `before` did not: the people a change entered
/// into the class's list. Editing someone already listed (name, relation, `active`, links
/// between people already listed) adds no one.
pub fn added_people(before: &RosterData, after: &RosterData) -> Vec<AddedPerson> {
    let students = after
        .students
        .values()
        .filter(|s| !before.students.contains_key(&s.id))
        .map(|s| AddedPerson::Student {
            id: s.id,
            name: s.full_name(),
        });
    let guardians = after
        .guardians
        .values()
        .filter(|g| !before.guardians.contains_key(&g.id))
        .map(|g| AddedPerson::Guardian {
            id: g.id,
            name: g.full_name(),
        });
    students.chain(guardians).collect()
}

/// The rule of the lists right: a change that enters new people into a class's list needs
/// «Ввести списки учеников и родителей» for that class (`may_enter`, from
/// `rights::may_enter_people`); without it only the people already listed may be edited.
pub fn check_entry(
    before: &RosterData,
    after: &RosterData,
    may_enter: bool,
) -> Result<(), DomainError> {
    if may_enter {
        return Ok(());
    }
    let added = added_people(before, after);
    let Some(first) = added.first() else {
        return Ok(());
    };
    let more = if added.len() > 1 {
        format!(" и ещё {}", added.len() - 1)
    } else {
        String::new()
    };
    Err(DomainError::Forbidden(format!(
        "добавлять новых учеников и родителей в список класса («{}»{more}) можно только с \
         правом «Ввести списки учеников и родителей»; вы можете править сведения о тех, кто \
         уже в списке. Если нужно добавить человека, обратитесь к координатору",
        first.name()
    )))
}

/// Reads a flat map of `"<a>/<b>": true` keys.
fn pairs<A: std::str::FromStr, B: std::str::FromStr>(
    doc: &AutoCommit,
    section: &str,
) -> Result<Vec<(A, B)>, DomainError> {
    let Some(m) = get_map(doc, &ROOT, section) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for key in keys(doc, &m) {
        if get_bool(doc, &m, &key) != Some(true) {
            continue;
        }
        let (a, b) = key
            .split_once('/')
            .ok_or_else(|| DomainError::Malformed(format!("ключ «{key}»")))?;
        out.push((parse_id(a)?, parse_id(b)?));
    }
    Ok(out)
}
