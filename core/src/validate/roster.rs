//! The roster's own rules, beyond its layout: links join a guardian and a student of this
//! list; group memberships join a student of this list and a group of this class (from the
//! school document); the class stays; entering new people needs the lists right
//! (`roster::check_entry`).

use automerge::{AutoCommit, ChangeHash};

use super::walk::Touched;
use super::CheckContext;
use crate::doc::roster::{self, RosterData};
use crate::error::{DomainError, RefusalKind as K};
use crate::ids::{GroupId, GuardianId, StudentId};

pub(crate) fn check(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    touched: &Touched,
    cx: &CheckContext<'_>,
) -> Result<(), DomainError> {
    let after = RosterData::from_doc(doc)?;
    let old = RosterData::from_doc(&doc.fork_at(before)?)?;
    if old.class != after.class {
        return Err(DomainError::refused(
            K::ServerOnlyField,
            "класс, к которому относится список, меняет только сервер",
        ));
    }
    for key in touched.flat_in("links") {
        let Some((g, s)) = pair::<GuardianId, StudentId>(key) else {
            continue;
        };
        if !after.links.contains(&(g, s)) {
            continue; // unlinked
        }
        if !after.guardians.contains_key(&g) || !after.students.contains_key(&s) {
            return Err(DomainError::refused(
                K::NotOnRoster,
                "связать родителя и ребёнка можно только если оба в списке этого класса; \
                 выберите людей из списка класса",
            ));
        }
    }
    for key in touched.flat_in("groups") {
        let Some((group, s)) = pair::<GroupId, StudentId>(key) else {
            continue;
        };
        if !after.group_members.contains(&(group, s)) {
            continue; // left the group
        }
        if !after.students.contains_key(&s) {
            return Err(DomainError::refused(
                K::NotOnRoster,
                "в группу класса можно включить только ученика из списка этого класса",
            ));
        }
        let of_class = cx
            .school
            .and_then(|school| school.groups.get(&group))
            .is_some_and(|g| g.class == after.class);
        if !of_class {
            return Err(DomainError::refused(
                K::UnknownId,
                "такой группы нет в этом классе; выберите группу класса из списка",
            ));
        }
    }
    roster::check_entry(&old, &after, cx.may_enter_people)
        .map_err(|e| DomainError::refused(K::Rule, e.to_string()))
}

fn pair<A: std::str::FromStr, B: std::str::FromStr>(key: &str) -> Option<(A, B)> {
    let (a, b) = key.split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}
