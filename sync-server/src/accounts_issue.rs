//! Issuing access to people of the school (the seed's "issue passwords"): every person in a
//! scope (the staff, or a class's students and their guardians) gets an account linked to
//! them if they have none, with a one-time code. An account that was never used keeps the code
//! it got earlier (the slip of a guardian's other child must keep working) unless new codes are
//! asked for, or is printed with the code the coordinator was just shown (checked against its
//! hash). Codes are returned once; only their argon2 hashes are stored, as the accounts'
//! passwords. Accounts that were used keep their password.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use thiserror::Error;
use zvonok_core::ids::{ClassId, DeviceId, GuardianId, StaffId, StudentId, UserId};
use zvonok_core::logins::{login_base, unique_login};
use zvonok_core::model::{full_name, StaffMember};
use zvonok_core::rights::{Grant, Principal, Right, Role, Scope};
use zvonok_core::wire::{AuditAction, IssueRequest, IssueResponse, IssueScope, IssuedAccount};

use crate::auth::{hash_password, verify_password, HashError};
use crate::first_start::one_time_password;
use crate::index::SchoolIndex;
use crate::storage::{AuditEntry, Storage, StorageError, UserRecord};

/// What a person who has signed in gets instead of a code.
pub const SIGNED_IN_NOTE: &str = "уже входил(а); пароль сбрасывается отдельно";
/// What a person whose unused code was issued earlier gets instead of a code.
pub const ISSUED_NOTE: &str =
    "код выдан раньше (на листке другого класса или прежней раздаче); если он потерян, выдайте коды заново";

/// One issue at a time, so two never pick the same new login.
static ISSUING: Mutex<()> = Mutex::new(());

#[derive(Debug, Error)]
pub enum IssueError {
    #[error("класса {0} нет в данных школы: обновите страницу и выберите класс из списка")]
    UnknownClass(ClassId),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

/// Whom an account belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Person {
    Staff(StaffId),
    Student(StudentId),
    Guardian(GuardianId),
}

/// A person in scope, as the school data describes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub person: Person,
    pub last: String,
    pub first: String,
    pub middle: String,
    /// Roles of a new account; the first one is shown on the slip.
    pub roles: Vec<Role>,
    pub grants: Vec<Grant>,
    pub class: Option<String>,
}

impl Candidate {
    pub fn name(&self) -> String {
        full_name(&self.last, &self.first, &self.middle)
    }
}

/// The roles a staff member's account starts with: what the position names (director, deputy
/// head, secretary), otherwise Teacher; class teachers also get ClassTeacher with the right to
/// edit their class's people.
pub fn staff_roles(member: &StaffMember, leads_class: bool) -> (Vec<Role>, Vec<Grant>) {
    let position = member.position.to_lowercase();
    let mut grants = Vec::new();
    let mut roles = if position.contains("замест") || position.contains("завуч") {
        vec![Role::DeputyHead]
    } else if position.contains("директор") {
        vec![Role::Director]
    } else if position.contains("секретар") {
        grants.push(Grant {
            right: Right::EnterStudentLists,
            scope: Scope::School,
        });
        vec![Role::Secretary]
    } else {
        vec![Role::Teacher]
    };
    if leads_class {
        roles.push(Role::ClassTeacher);
        grants.push(Grant {
            right: Right::EditOwnClassPeople,
            scope: Scope::OwnClass,
        });
    }
    (roles, grants)
}

/// The people in scope, ordered as a class list: students by name, then their guardians by
/// name; staff by name.
pub fn candidates(ix: &SchoolIndex, scope: &IssueScope) -> Result<Vec<Candidate>, IssueError> {
    match scope {
        IssueScope::Class { class } => {
            let c = ix
                .school
                .classes
                .get(class)
                .ok_or(IssueError::UnknownClass(*class))?;
            let class_name = c.name();
            let Some(roster) = ix.rosters.get(class) else {
                return Ok(Vec::new());
            };
            let students = roster.sorted_students();
            let in_class: HashSet<StudentId> = students.iter().map(|s| s.id).collect();
            let mut guardians: Vec<_> = roster
                .links
                .iter()
                .filter(|(_, s)| in_class.contains(s))
                .filter_map(|(g, _)| roster.guardians.get(g))
                .collect();
            guardians.sort_by_key(|g| (g.full_name(), g.id));
            guardians.dedup_by_key(|g| g.id);
            let mut out: Vec<Candidate> = students
                .into_iter()
                .map(|s| Candidate {
                    person: Person::Student(s.id),
                    last: s.last_name.clone(),
                    first: s.first_name.clone(),
                    middle: s.middle_name.clone(),
                    roles: vec![Role::Student],
                    grants: Vec::new(),
                    class: Some(class_name.clone()),
                })
                .collect();
            out.extend(guardians.into_iter().map(|g| Candidate {
                person: Person::Guardian(g.id),
                last: g.last_name.clone(),
                first: g.first_name.clone(),
                middle: g.middle_name.clone(),
                roles: vec![Role::Parent],
                grants: Vec::new(),
                class: Some(class_name.clone()),
            }));
            Ok(out)
        }
        IssueScope::Staff => {
            let school = &ix.school;
            let mut led: BTreeMap<StaffId, String> = BTreeMap::new();
            for c in school.classes.values() {
                let current = school.current_year.is_none_or(|y| y == c.year);
                if let (true, Some(t)) = (current, ix.dir.class_teachers.get(&c.id)) {
                    led.insert(*t, c.name());
                }
            }
            let mut staff: Vec<&StaffMember> = school.staff.values().collect();
            staff.sort_by_key(|m| (full_name(&m.last_name, &m.first_name, &m.middle_name), m.id));
            Ok(staff
                .into_iter()
                .map(|m| {
                    let class = led.get(&m.id).cloned();
                    let (roles, grants) = staff_roles(m, class.is_some());
                    Candidate {
                        person: Person::Staff(m.id),
                        last: m.last_name.clone(),
                        first: m.first_name.clone(),
                        middle: m.middle_name.clone(),
                        roles,
                        grants,
                        class,
                    }
                })
                .collect())
        }
    }
}

/// The people an account is linked to.
fn links(p: &Principal) -> impl Iterator<Item = Person> {
    [
        p.staff.map(Person::Staff),
        p.student.map(Person::Student),
        p.guardian.map(Person::Guardian),
    ]
    .into_iter()
    .flatten()
}

/// Hashes every code, on all cores (argon2 is deliberately slow).
fn hash_all(codes: &[String]) -> Result<Vec<String>, HashError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = codes.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = codes
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|c| hash_password(c))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(codes.len());
        for h in handles {
            out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
        }
        Ok(out)
    })
}

/// Who acts, for the audit log.
pub struct Issuer<'a> {
    pub user: &'a UserRecord,
    pub device: DeviceId,
}

/// Creates the missing accounts of the people in `req.scope` with one-time codes; accounts
/// never used keep their code (or show the one in `req.codes` if it is theirs), or get a new
/// one with `req.reissue`. Everything is checked and hashed before the first write; new
/// accounts are created in one transaction.
pub fn issue(
    storage: &dyn Storage,
    ix: &SchoolIndex,
    req: &IssueRequest,
    by: Issuer<'_>,
) -> Result<IssueResponse, IssueError> {
    let scope = &req.scope;
    let people = candidates(ix, scope)?;
    let _one_at_a_time = ISSUING.lock().unwrap_or_else(|p| p.into_inner());
    let users = storage.users()?;
    let mut taken: HashSet<String> = users.iter().map(|u| u.login.to_lowercase()).collect();
    let mut account_of: HashMap<Person, &UserRecord> = HashMap::new();
    for u in &users {
        for p in links(&u.principal) {
            account_of.entry(p).or_insert(u);
        }
    }
    let signed_in: HashSet<UserId> = storage
        .login_stats_since(DateTime::<Utc>::UNIX_EPOCH)?
        .into_iter()
        .map(|s| s.user)
        .collect();

    // Plan: (user, login, new account?, code?, is the code new?, note) per person, in order.
    struct Line {
        user: UserId,
        login: String,
        new: bool,
        code: Option<String>,
        fresh: bool,
        note: Option<&'static str>,
    }
    let mut lines = Vec::with_capacity(people.len());
    for c in &people {
        let line = match account_of.get(&c.person) {
            Some(u) => {
                let used = signed_in.contains(&u.id) || !storage.devices_of(u.id)?.is_empty();
                let shown = req
                    .codes
                    .get(&u.login)
                    .filter(|c| !used && verify_password(c, &u.password_hash));
                let (code, fresh, note) = match (used, shown) {
                    (true, _) => (None, false, Some(SIGNED_IN_NOTE)),
                    (false, Some(c)) => (Some(c.clone()), false, None),
                    (false, None) if req.reissue => (Some(one_time_password()), true, None),
                    (false, None) => (None, false, Some(ISSUED_NOTE)),
                };
                Line {
                    user: u.id,
                    login: u.login.clone(),
                    new: false,
                    code,
                    fresh,
                    note,
                }
            }
            None => {
                let base = login_base(&c.last, &c.first, &c.middle);
                let login = unique_login(&base, |l| taken.contains(l));
                taken.insert(login.clone());
                Line {
                    user: UserId::new(),
                    login,
                    new: true,
                    code: Some(one_time_password()),
                    fresh: true,
                    note: None,
                }
            }
        };
        lines.push(line);
    }
    let codes: Vec<String> = lines
        .iter()
        .filter(|l| l.fresh)
        .filter_map(|l| l.code.clone())
        .collect();
    let mut hashes = hash_all(&codes)?.into_iter();
    let mut created = Vec::new();
    let mut rehashed = Vec::new();
    for (c, l) in people.iter().zip(&lines) {
        let Some(hash) = l
            .code
            .as_ref()
            .filter(|_| l.fresh)
            .and_then(|_| hashes.next())
        else {
            continue;
        };
        if l.new {
            let mut principal = Principal {
                user: l.user,
                roles: c.roles.clone(),
                grants: c.grants.clone(),
                ..Principal::default()
            };
            match c.person {
                Person::Staff(s) => principal.staff = Some(s),
                Person::Student(s) => principal.student = Some(s),
                Person::Guardian(g) => principal.guardian = Some(g),
            }
            created.push(UserRecord {
                id: l.user,
                login: l.login.clone(),
                display_name: c.name(),
                password_hash: hash,
                principal,
            });
        } else {
            rehashed.push((l.user, hash));
        }
    }
    storage.create_users(&created)?;
    for (user, hash) in &rehashed {
        storage.set_password_hash(*user, hash)?;
    }
    let kept = lines
        .iter()
        .filter(|l| l.note == Some(SIGNED_IN_NOTE))
        .count();
    let what = match scope {
        IssueScope::Staff => "сотрудники".to_string(),
        IssueScope::Class { class } => format!("класс {}", ix.class_name(*class)),
    };
    storage.audit(&AuditEntry {
        at: Utc::now(),
        user: Some(by.user.id),
        device: Some(by.device),
        doc: None,
        action: AuditAction::AccountsIssued.as_str().into(),
        detail: format!(
            "{} выдал(а) доступ ({what}): людей {}, создано учётных записей {}, выдано новых \
             кодов {}, уже входили {kept}",
            by.user.login,
            people.len(),
            created.len(),
            codes.len()
        ),
    })?;
    Ok(IssueResponse {
        accounts: people
            .into_iter()
            .zip(lines)
            .map(|(c, l)| IssuedAccount {
                user: l.user,
                name: c.name(),
                role: c.roles.first().copied().unwrap_or(Role::Teacher),
                class: c.class,
                note: l.note.map(str::to_string),
                code: l.code,
                login: l.login,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(position: &str) -> StaffMember {
        StaffMember {
            id: StaffId::new(),
            last_name: "Иванова".into(),
            first_name: "Анна".into(),
            middle_name: "Петровна".into(),
            position: position.into(),
        }
    }

    #[test]
    fn positions_name_roles() {
        assert_eq!(
            staff_roles(&member("Директор"), false).0,
            vec![Role::Director]
        );
        assert_eq!(
            staff_roles(&member("Заместитель директора по УР"), false).0,
            vec![Role::DeputyHead]
        );
        let (roles, grants) = staff_roles(&member("Секретарь"), false);
        assert_eq!(roles, vec![Role::Secretary]);
        assert_eq!(grants[0].right, Right::EnterStudentLists);
        let (roles, grants) = staff_roles(&member("Учитель математики"), true);
        assert_eq!(roles, vec![Role::Teacher, Role::ClassTeacher]);
        assert_eq!(
            grants,
            vec![Grant {
                right: Right::EditOwnClassPeople,
                scope: Scope::OwnClass
            }]
        );
        assert_eq!(
            staff_roles(&member("Педагог-психолог"), false).0,
            vec![Role::Teacher]
        );
    }

    #[test]
    fn codes_hash_in_parallel_and_in_order() {
        let codes: Vec<String> = (0..5).map(|_| one_time_password()).collect();
        let hashes = hash_all(&codes).expect("hash");
        assert_eq!(hashes.len(), 5);
        for (c, h) in codes.iter().zip(&hashes) {
            assert!(crate::auth::verify_password(c, h));
        }
        assert!(hash_all(&[]).expect("none").is_empty());
    }
}
