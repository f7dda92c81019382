//! The facts rights and projections need, gathered from the school document and the rosters:
//! the rights `Directory`, the school's structure and the class lists. Built on demand, cached
//! by `AppState`, and rebuilt when a school or roster document changes.

use std::collections::HashMap;

use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::read_changes;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, StudentId};
use zvonok_core::model::Student;
use zvonok_core::rights::{may, Action, Directory, Principal, Resource};
use zvonok_core::timetable_changes;
use zvonok_core::wire::{ChildInfo, DocInfo, UserInfo};

use crate::docstore::{lock, DocError, DocStore};
use crate::storage::{DocRecord, UserRecord};

#[derive(Default)]
pub struct SchoolIndex {
    pub dir: Directory,
    pub school: SchoolData,
    pub rosters: HashMap<ClassId, RosterData>,
}

impl SchoolIndex {
    /// Reads the school document and every roster among `records`.
    pub fn build(docs: &DocStore, records: &[DocRecord]) -> Result<Self, DocError> {
        let mut ix = SchoolIndex::default();
        let mut timetables = Vec::new();
        for rec in records {
            if !matches!(
                rec.kind,
                DocKind::School | DocKind::Roster | DocKind::Timetable
            ) {
                continue;
            }
            let Some(shared) = docs.get(rec.id, rec.kind)? else {
                continue;
            };
            let hot = lock(&shared);
            match rec.kind {
                DocKind::School => {
                    ix.school = SchoolData::from_doc(&hot.doc)
                        .map_err(|e| DocError::Corrupt(rec.id, e.to_string()))?;
                }
                DocKind::Timetable => {
                    let corrupt =
                        |e: zvonok_core::DomainError| DocError::Corrupt(rec.id, e.to_string());
                    timetables.push((
                        TimetableData::from_doc(&hot.doc).map_err(corrupt)?,
                        read_changes(&hot.doc).map_err(corrupt)?,
                    ));
                }
                _ => {
                    let r = RosterData::from_doc(&hot.doc)
                        .map_err(|e| DocError::Corrupt(rec.id, e.to_string()))?;
                    ix.rosters.insert(r.class, r);
                }
            }
        }
        ix.school.fill_directory(&mut ix.dir);
        for r in ix.rosters.values() {
            r.fill_directory(&mut ix.dir);
        }
        // Substitutes of the current year read the journals they substitute in.
        for (t, changes) in &timetables {
            if ix.school.current_year.is_none_or(|y| y == t.year) {
                timetable_changes::fill_directory(t, changes, &mut ix.dir);
            }
        }
        Ok(ix)
    }

    pub fn student(&self, id: StudentId) -> Option<(&Student, ClassId)> {
        let class = *self.dir.student_class.get(&id)?;
        let s = self.rosters.get(&class)?.students.get(&id)?;
        Some((s, class))
    }

    pub fn class_name(&self, class: ClassId) -> String {
        self.school
            .classes
            .get(&class)
            .map(|c| c.name())
            .unwrap_or_default()
    }

    /// The students a parent or student sees summaries of.
    pub fn children_of(&self, p: &Principal) -> Vec<ChildInfo> {
        let mut ids: Vec<StudentId> = Vec::new();
        if let Some(g) = p.guardian {
            ids.extend(self.dir.children.get(&g).into_iter().flatten().copied());
        }
        if let Some(s) = p.student {
            ids.push(s);
        }
        let mut out: Vec<ChildInfo> = ids
            .into_iter()
            .filter_map(|id| {
                let (s, class) = self.student(id)?;
                Some(ChildInfo {
                    id,
                    name: s.full_name(),
                    class_name: self.class_name(class),
                })
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out.dedup_by_key(|c| c.id);
        out
    }

    pub fn user_info(&self, u: &UserRecord) -> UserInfo {
        let p = &u.principal;
        UserInfo {
            id: u.id,
            login: u.login.clone(),
            display_name: u.display_name.clone(),
            roles: p.roles.clone(),
            staff: p.staff,
            guardian: p.guardian,
            student: p.student,
            grants: p.grants.clone(),
            children: self.children_of(p),
        }
    }

    /// May this user read this document?
    pub fn may_read(&self, p: &Principal, rec: &DocRecord) -> bool {
        resource_of(rec).is_some_and(|r| may(p, Action::Read, r, &self.dir))
    }

    pub fn doc_info(rec: &DocRecord) -> DocInfo {
        DocInfo {
            id: rec.id,
            kind: rec.kind,
            title: rec.title.clone(),
            heads: zvonok_core::wire::heads_to_hex(&rec.heads),
        }
    }
}

/// What a document is, for `rights::may`, from its row alone. `None`: the row lacks the
/// metadata rights need, so nobody may read it.
pub fn resource_of(rec: &DocRecord) -> Option<Resource> {
    match rec.kind {
        DocKind::School => Some(Resource::School),
        DocKind::Timetable => Some(Resource::Timetable),
        DocKind::Roster => rec.meta.class.map(Resource::Roster),
        DocKind::Personal => rec.meta.class.map(Resource::Personal),
        DocKind::Movement => Some(Resource::Movement),
        DocKind::Journal => Some(Resource::Journal {
            cohort: rec.meta.cohort?,
            subject: rec.meta.subject?,
        }),
    }
}
