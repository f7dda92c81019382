//! Demo accounts: fixed logins for the people a tester needs, numbered logins for everyone
//! else. All share one password hash.

use zvonok_core::ids::UserId;
use zvonok_core::model::full_name;
use zvonok_core::rights::{Grant, Principal, Right, Role, Scope};

use super::curriculum::Job;
use super::rng::Rng;
use super::school::Plan;
use super::DemoLogin;
use crate::storage::UserRecord;

pub fn build(rng: &mut Rng, plan: &Plan, password_hash: &str) -> (Vec<UserRecord>, Vec<DemoLogin>) {
    let mut users = Vec::new();
    let mut logins = Vec::new();
    let class_teacher_of = |staff| {
        plan.school
            .classes
            .values()
            .find(|c| c.class_teacher == Some(staff))
            .map(|c| c.name())
    };
    let mut n_staff = 0;
    for (key, id, job) in &plan.staff {
        let m = &plan.school.staff[id];
        let fixed = match *key {
            "coordinator" | "director" | "secretary" => Some(key.to_string()),
            "math1" => Some("teacher".to_string()),
            "russian1" => Some("teacher2".to_string()),
            "hist1" => Some("classteacher".to_string()),
            _ => None,
        };
        let login = fixed.clone().unwrap_or_else(|| {
            n_staff += 1;
            format!("staff{n_staff:02}")
        });
        let ct = class_teacher_of(*id);
        let mut roles = match job {
            Job::Director => vec![Role::Director],
            Job::Coordinator => vec![Role::Coordinator],
            Job::DeputyHead => vec![Role::DeputyHead],
            Job::Secretary => vec![Role::Secretary],
            Job::Support | Job::Primary | Job::Subject(_) => vec![Role::Teacher],
        };
        let mut grants = Vec::new();
        if ct.is_some() {
            roles.push(Role::ClassTeacher);
            grants.push(Grant {
                right: Right::EditOwnClassPeople,
                scope: Scope::OwnClass,
            });
        }
        if *job == Job::Secretary {
            grants.push(Grant {
                right: Right::EnterStudentLists,
                scope: Scope::School,
            });
        }
        let uid = UserId::from_uuid(rng.uuid());
        let display = full_name(&m.last_name, &m.first_name, &m.middle_name);
        if fixed.is_some() {
            let what = match &ct {
                Some(c) => format!("{}, классный руководитель {c}", m.position),
                None => m.position.clone(),
            };
            logins.push(DemoLogin {
                login: login.clone(),
                description: format!("{what}: {display}"),
            });
        }
        users.push(UserRecord {
            id: uid,
            login,
            display_name: display,
            password_hash: password_hash.to_string(),
            principal: Principal {
                user: uid,
                roles,
                grants,
                staff: Some(*id),
                ..Principal::default()
            },
        });
    }
    let mut n_parent = 0;
    for (fi, fam) in plan.families.iter().enumerate() {
        for (gi, g) in fam.guardians.iter().enumerate() {
            let special = fi == plan.special_family && gi == 0;
            let login = if special {
                "parent".to_string()
            } else {
                n_parent += 1;
                format!("parent{n_parent:04}")
            };
            let uid = UserId::from_uuid(rng.uuid());
            if special {
                let kids: Vec<String> = fam
                    .children
                    .iter()
                    .filter_map(|(s, c)| {
                        let st = plan.rosters.get(c)?.students.get(s)?;
                        Some(format!(
                            "{} ({})",
                            st.full_name(),
                            plan.school.classes.get(c)?.name()
                        ))
                    })
                    .collect();
                logins.push(DemoLogin {
                    login: login.clone(),
                    description: format!("Родитель: {}; дети: {}", g.full_name(), kids.join(", ")),
                });
            }
            users.push(UserRecord {
                id: uid,
                login,
                display_name: g.full_name(),
                password_hash: password_hash.to_string(),
                principal: Principal {
                    user: uid,
                    roles: vec![Role::Parent],
                    guardian: Some(g.id),
                    ..Principal::default()
                },
            });
        }
    }
    let mut n_student = 0;
    for class in &plan.classes {
        let Some(roster) = plan.rosters.get(class) else {
            continue;
        };
        for s in roster.sorted_students() {
            n_student += 1;
            let uid = UserId::from_uuid(rng.uuid());
            users.push(UserRecord {
                id: uid,
                login: format!("student{n_student:04}"),
                display_name: s.full_name(),
                password_hash: password_hash.to_string(),
                principal: Principal {
                    user: uid,
                    roles: vec![Role::Student],
                    student: Some(s.id),
                    ..Principal::default()
                },
            });
        }
    }
    (users, logins)
}
