use super::*;

struct World {
    dir: Directory,
    class_5a: ClassId,
    class_5b: ClassId,
    group_5a: GroupId,
    math: SubjectId,
    russian: SubjectId,
    math_teacher: StaffId,
    class_teacher: StaffId,
    child: StudentId,
    other_child: StudentId,
    guardian: GuardianId,
}

fn world() -> World {
    let mut dir = Directory::default();
    let (class_5a, class_5b) = (ClassId::new(), ClassId::new());
    let group_5a = GroupId::new();
    let (math, russian) = (SubjectId::new(), SubjectId::new());
    let (math_teacher, class_teacher) = (StaffId::new(), StaffId::new());
    let (child, other_child) = (StudentId::new(), StudentId::new());
    let guardian = GuardianId::new();
    dir.add_teaching(math_teacher, Cohort::Class(class_5a), math);
    dir.add_teaching(class_teacher, Cohort::Class(class_5b), russian);
    dir.class_teachers.insert(class_5b, class_teacher);
    dir.children.insert(guardian, vec![child]);
    dir.student_class.insert(child, class_5a);
    dir.student_class.insert(other_child, class_5b);
    World {
        dir,
        class_5a,
        class_5b,
        group_5a,
        math,
        russian,
        math_teacher,
        class_teacher,
        child,
        other_child,
        guardian,
    }
}

fn principal(roles: &[Role]) -> Principal {
    Principal {
        user: UserId::new(),
        roles: roles.to_vec(),
        ..Default::default()
    }
}

#[test]
fn rights_table() {
    let w = world();
    let mut teacher = principal(&[Role::Teacher]);
    teacher.staff = Some(w.math_teacher);
    let mut class_teacher = principal(&[Role::ClassTeacher]);
    class_teacher.staff = Some(w.class_teacher);
    let mut parent = principal(&[Role::Parent]);
    parent.guardian = Some(w.guardian);
    let mut student = principal(&[Role::Student]);
    student.student = Some(w.child);
    let coordinator = principal(&[Role::Coordinator]);
    let deputy = principal(&[Role::DeputyHead]);

    let j = |class, subject| Resource::Journal {
        cohort: Cohort::Class(class),
        subject,
    };
    let group_journal = Resource::Journal {
        cohort: Cohort::Group {
            class: w.class_5a,
            group: w.group_5a,
        },
        subject: w.math,
    };
    use Action::*;
    let cases: Vec<(&str, &Principal, Action, Resource, bool)> = vec![
        (
            "teacher writes own journal",
            &teacher,
            Write,
            j(w.class_5a, w.math),
            true,
        ),
        (
            "teacher writes own class's group journal",
            &teacher,
            Write,
            group_journal,
            true,
        ),
        (
            "teacher may not write another subject",
            &teacher,
            Write,
            j(w.class_5a, w.russian),
            false,
        ),
        (
            "teacher reads another subject of own class",
            &teacher,
            Read,
            j(w.class_5a, w.russian),
            true,
        ),
        (
            "teacher may not read a class they don't teach",
            &teacher,
            Read,
            j(w.class_5b, w.math),
            false,
        ),
        (
            "teacher may not edit a locked period",
            &teacher,
            EditLocked,
            j(w.class_5a, w.math),
            false,
        ),
        (
            "teacher reads roster of own class",
            &teacher,
            Read,
            Resource::Roster(w.class_5a),
            true,
        ),
        (
            "teacher may not write rosters",
            &teacher,
            Write,
            Resource::Roster(w.class_5a),
            false,
        ),
        (
            "teacher reads the school",
            &teacher,
            Read,
            Resource::School,
            true,
        ),
        (
            "teacher may not write the timetable",
            &teacher,
            Write,
            Resource::Timetable,
            false,
        ),
        (
            "class teacher reads own class journal",
            &class_teacher,
            Read,
            j(w.class_5b, w.math),
            true,
        ),
        (
            "class teacher sees own class's student",
            &class_teacher,
            Read,
            Resource::StudentData(w.other_child),
            true,
        ),
        (
            "class teacher does not see other class's student",
            &class_teacher,
            Read,
            Resource::StudentData(w.child),
            false,
        ),
        (
            "parent sees own child",
            &parent,
            Read,
            Resource::StudentData(w.child),
            true,
        ),
        (
            "parent does not see another child",
            &parent,
            Read,
            Resource::StudentData(w.other_child),
            false,
        ),
        (
            "parent never reads a journal",
            &parent,
            Read,
            j(w.class_5a, w.math),
            false,
        ),
        (
            "parent never reads a roster",
            &parent,
            Read,
            Resource::Roster(w.class_5a),
            false,
        ),
        (
            "parent never reads the school",
            &parent,
            Read,
            Resource::School,
            false,
        ),
        (
            "student sees self",
            &student,
            Read,
            Resource::StudentData(w.child),
            true,
        ),
        (
            "student does not see classmate",
            &student,
            Read,
            Resource::StudentData(w.other_child),
            false,
        ),
        (
            "coordinator reads every journal",
            &coordinator,
            Read,
            j(w.class_5b, w.russian),
            true,
        ),
        (
            "coordinator does not keep journals",
            &coordinator,
            Write,
            j(w.class_5b, w.russian),
            false,
        ),
        (
            "coordinator writes the school",
            &coordinator,
            Write,
            Resource::School,
            true,
        ),
        (
            "deputy head edits timetable",
            &deputy,
            Write,
            Resource::Timetable,
            true,
        ),
    ];
    for (name, p, action, res, want) in cases {
        assert_eq!(may(p, action, res, &w.dir), want, "{name}");
    }
}

#[test]
fn seed_procedure_grant_then_replace() {
    let w = world();
    let mut ct = principal(&[Role::ClassTeacher]);
    ct.staff = Some(w.class_teacher);
    let own = Resource::Roster(w.class_5b);
    let other = Resource::Roster(w.class_5a);
    assert!(
        !may(&ct, Action::Write, own, &w.dir),
        "no list rights by default"
    );

    ct.grants.push(Grant {
        right: Right::EnterStudentLists,
        scope: Scope::School,
    });
    assert!(may(&ct, Action::Write, own, &w.dir));
    assert!(
        may(&ct, Action::Write, other, &w.dir),
        "initial entry covers every class"
    );

    ct.grants.retain(|g| g.right != Right::EnterStudentLists);
    ct.grants.push(Grant {
        right: Right::EditOwnClassPeople,
        scope: Scope::OwnClass,
    });
    assert!(may(&ct, Action::Write, own, &w.dir));
    assert!(
        !may(&ct, Action::Write, other, &w.dir),
        "after the replacement only own class"
    );
}

#[test]
fn edit_locked_needs_both_rights() {
    let w = world();
    let mut t = principal(&[Role::Teacher]);
    t.staff = Some(w.math_teacher);
    t.grants.push(Grant {
        right: Right::EditLockedPeriod,
        scope: Scope::School,
    });
    let res = Resource::Journal {
        cohort: Cohort::Class(w.class_5a),
        subject: w.math,
    };
    assert!(may(&t, Action::EditLocked, res, &w.dir));
    let other = Resource::Journal {
        cohort: Cohort::Class(w.class_5a),
        subject: w.russian,
    };
    assert!(!may(&t, Action::EditLocked, other, &w.dir));
}

#[test]
fn personal_files_only_with_the_rights_and_never_for_families() {
    let w = world();
    let mut ct = principal(&[Role::ClassTeacher]);
    ct.staff = Some(w.class_teacher);
    let mut teacher = principal(&[Role::Teacher]);
    teacher.staff = Some(w.math_teacher);
    let secretary = principal(&[Role::Secretary]);
    let director = principal(&[Role::Director]);
    let coordinator = principal(&[Role::Coordinator]);
    let mut parent = principal(&[Role::Parent]);
    parent.guardian = Some(w.guardian);
    let mut student = principal(&[Role::Student]);
    student.student = Some(w.child);
    // Even an explicit grant does not open personal files to a family member.
    for p in [&mut parent, &mut student] {
        p.grants.push(Grant {
            right: Right::ReadPersonalFiles,
            scope: Scope::School,
        });
        p.grants.push(Grant {
            right: Right::EditPersonalFiles,
            scope: Scope::School,
        });
    }
    let own = Resource::Personal(w.class_5b);
    let other = Resource::Personal(w.class_5a);
    use Action::*;
    let cases: Vec<(&str, &Principal, Action, Resource, bool)> = vec![
        ("class teacher reads own class", &ct, Read, own, true),
        ("class teacher not another class", &ct, Read, other, false),
        (
            "class teacher does not edit by default",
            &ct,
            Write,
            own,
            false,
        ),
        ("subject teacher never", &teacher, Read, other, false),
        ("secretary reads", &secretary, Read, other, true),
        ("secretary edits", &secretary, Write, other, true),
        ("director reads", &director, Read, own, true),
        ("director does not edit", &director, Write, own, false),
        (
            "coordinator has no personal files",
            &coordinator,
            Read,
            own,
            false,
        ),
        ("parent never reads", &parent, Read, other, false),
        ("parent never writes", &parent, Write, other, false),
        ("student never reads", &student, Read, other, false),
        (
            "locked edits do not apply",
            &secretary,
            EditLocked,
            own,
            false,
        ),
    ];
    for (name, p, action, res, want) in cases {
        assert_eq!(may(p, action, res, &w.dir), want, "{name}");
    }
    let mut editor = ct.clone();
    editor.grants.push(Grant {
        right: Right::EditPersonalFiles,
        scope: Scope::OwnClass,
    });
    assert!(may(&editor, Write, own, &w.dir));
    assert!(!may(&editor, Write, other, &w.dir));
}

#[test]
fn the_movement_book_rights() {
    let w = world();
    let mut parent = principal(&[Role::Parent]);
    parent.guardian = Some(w.guardian);
    let mut teacher = principal(&[Role::Teacher]);
    teacher.staff = Some(w.math_teacher);
    use Action::*;
    let m = Resource::Movement;
    for (role, read, write) in [
        (Role::Coordinator, true, true),
        (Role::SystemAdmin, true, true),
        (Role::Secretary, true, true),
        (Role::Director, true, false),
        (Role::DeputyHead, true, false),
        (Role::Teacher, false, false),
        (Role::ClassTeacher, false, false),
        (Role::Parent, false, false),
        (Role::Student, false, false),
    ] {
        let p = principal(&[role]);
        assert_eq!(may(&p, Read, m, &w.dir), read, "{role:?} reads");
        assert_eq!(may(&p, Write, m, &w.dir), write, "{role:?} writes");
    }
    // The right is named and grantable, but not to a guardian.
    teacher.grants.push(Grant {
        right: Right::IssueMovementOrders,
        scope: Scope::School,
    });
    assert!(may(&teacher, Write, m, &w.dir));
    parent.grants = teacher.grants.clone();
    assert!(!may(&parent, Read, m, &w.dir));
    assert_eq!(
        Right::IssueMovementOrders.title_ru(),
        "Оформлять приказы о движении учащихся"
    );
    assert_eq!(Right::ALL.len(), 17);
}

#[test]
fn the_seed_replacement_as_a_function() {
    let w = world();
    let mut ct = principal(&[Role::ClassTeacher]);
    ct.staff = Some(w.class_teacher);
    let keep = Grant {
        right: Right::EditLockedPeriod,
        scope: Scope::School,
    };
    ct.grants = vec![
        Grant {
            right: Right::EnterStudentLists,
            scope: Scope::School,
        },
        keep,
    ];
    let own = Resource::Roster(w.class_5b);
    let other = Resource::Roster(w.class_5a);
    assert!(may(&ct, Action::Write, other, &w.dir), "entering lists");

    ct.grants = replace_initial_entry(&ct.grants);
    assert_eq!(
        ct.grants,
        vec![
            keep,
            Grant {
                right: Right::EditOwnClassPeople,
                scope: Scope::OwnClass,
            }
        ]
    );
    assert!(
        !may(&ct, Action::Write, other, &w.dir),
        "entering new lists (another class's roster) is refused"
    );
    assert!(
        may(&ct, Action::Write, own, &w.dir),
        "own class stays editable"
    );
    // Idempotent, and it grants nothing to someone who never had the first right.
    assert_eq!(replace_initial_entry(&ct.grants), ct.grants);
    assert_eq!(replace_initial_entry(&[keep]), vec![keep]);
}

#[test]
fn entering_people_needs_the_lists_right_in_scope() {
    let w = world();
    let mut ct = principal(&[Role::ClassTeacher]);
    ct.staff = Some(w.class_teacher);
    ct.grants.push(Grant {
        right: Right::EditOwnClassPeople,
        scope: Scope::OwnClass,
    });
    // Editing the own class's list: yes; entering new people: no.
    assert!(may(
        &ct,
        Action::Write,
        Resource::Roster(w.class_5b),
        &w.dir
    ));
    assert!(!may_enter_people(&ct, w.class_5b, &w.dir));
    ct.grants.push(Grant {
        right: Right::EnterStudentLists,
        scope: Scope::OwnClass,
    });
    assert!(may_enter_people(&ct, w.class_5b, &w.dir));
    assert!(
        !may_enter_people(&ct, w.class_5a, &w.dir),
        "not another class"
    );
    ct.grants = replace_initial_entry(&ct.grants);
    assert!(!may_enter_people(&ct, w.class_5b, &w.dir), "replaced");
    assert!(may(
        &ct,
        Action::Write,
        Resource::Roster(w.class_5b),
        &w.dir
    ));

    let mut secretary = principal(&[Role::Secretary]);
    secretary.grants.push(Grant {
        right: Right::EnterStudentLists,
        scope: Scope::School,
    });
    assert!(may_enter_people(&secretary, w.class_5a, &w.dir));
    let mut parent = principal(&[Role::Parent]);
    parent.guardian = Some(w.guardian);
    parent.grants = secretary.grants.clone();
    assert!(
        !may_enter_people(&parent, w.class_5a, &w.dir),
        "never for families"
    );
}

#[test]
fn every_right_has_scopes_that_mean_something() {
    for right in Right::ALL {
        let scopes = right.scopes();
        assert!(!scopes.is_empty(), "{right:?}");
        assert_eq!(scopes[0], Scope::School, "{right:?}: the widest first");
    }
    // Every role's defaults use scopes their rights take.
    for role in Role::ALL {
        for g in role.default_grants() {
            assert!(g.right.scopes().contains(&g.scope), "{role:?}: {g:?}");
        }
    }
    assert_eq!(Right::ManageAccounts.scopes(), &[Scope::School]);
}

#[test]
fn the_audit_log_is_read_by_the_coordinator_the_system_admin_and_the_director() {
    let w = world();
    let a = Resource::Audit;
    for (role, read) in [
        (Role::ServerAdmin, false),
        (Role::Coordinator, true),
        (Role::SystemAdmin, true),
        (Role::Director, true),
        (Role::DeputyHead, false),
        (Role::Teacher, false),
        (Role::ClassTeacher, false),
        (Role::Secretary, false),
        (Role::Parent, false),
        (Role::Student, false),
    ] {
        let p = principal(&[role]);
        assert_eq!(may(&p, Action::Read, a, &w.dir), read, "{role:?} reads");
        assert!(
            !may(&p, Action::Write, a, &w.dir),
            "{role:?}: nobody writes it"
        );
    }
    // Grantable to staff, never to a family.
    let grant = Grant {
        right: Right::ReadAuditLog,
        scope: Scope::School,
    };
    let mut deputy = principal(&[Role::DeputyHead]);
    deputy.grants.push(grant);
    assert!(may(&deputy, Action::Read, a, &w.dir));
    let mut parent = principal(&[Role::Parent]);
    parent.guardian = Some(w.guardian);
    parent.grants.push(grant);
    assert!(!may(&parent, Action::Read, a, &w.dir));
    assert_eq!(
        Right::ReadAuditLog.title_ru(),
        "Просматривать журнал аудита"
    );
    assert_eq!(Right::ReadAuditLog.scopes(), &[Scope::School]);
}

#[test]
fn periods_are_closed_by_the_coordinator_deputy_head_and_director_and_reopened_by_the_director() {
    let w = world();
    let r = Resource::Periods;
    for (role, read, close, reopen) in [
        (Role::ServerAdmin, true, false, false),
        (Role::Coordinator, true, true, false),
        (Role::SystemAdmin, true, false, false),
        (Role::Director, true, true, true),
        (Role::DeputyHead, true, true, false),
        (Role::Teacher, false, false, false),
        (Role::ClassTeacher, false, false, false),
        (Role::Secretary, false, false, false),
        (Role::Parent, false, false, false),
        (Role::Student, false, false, false),
    ] {
        let p = principal(&[role]);
        assert_eq!(may(&p, Action::Read, r, &w.dir), read, "{role:?} reads");
        assert_eq!(may(&p, Action::Write, r, &w.dir), close, "{role:?} closes");
        assert_eq!(
            may(&p, Action::EditLocked, r, &w.dir),
            reopen,
            "{role:?} reopens"
        );
    }
    // Both are grantable to staff (a secretary closes with a grant), never to a family.
    let mut secretary = principal(&[Role::Secretary]);
    secretary.grants.push(Grant {
        right: Right::ClosePeriods,
        scope: Scope::School,
    });
    assert!(may(&secretary, Action::Write, r, &w.dir));
    assert!(!may(&secretary, Action::EditLocked, r, &w.dir));
    let mut parent = principal(&[Role::Parent]);
    parent.guardian = Some(w.guardian);
    parent.grants = secretary.grants.clone();
    assert!(!may(&parent, Action::Write, r, &w.dir));
    assert_eq!(Right::ClosePeriods.title_ru(), "Закрывать учебные периоды");
    assert_eq!(Right::ReopenPeriods.title_ru(), "Открывать закрытый период");
    assert_eq!(Right::ReopenPeriods.scopes(), &[Scope::School]);
    assert_eq!(
        &Right::ALL[14..],
        &[Right::ClosePeriods, Right::ReopenPeriods, Right::CloseYear]
    );
}

#[test]
fn the_rollout_is_read_by_who_sets_up_the_school_or_reads_every_journal() {
    let w = world();
    let r = Resource::Rollout;
    for (role, read) in [
        (Role::ServerAdmin, true),
        (Role::Coordinator, true),
        (Role::SystemAdmin, true),
        (Role::Director, true),
        (Role::DeputyHead, true),
        (Role::Teacher, false),
        (Role::ClassTeacher, false),
        (Role::Secretary, false),
        (Role::Parent, false),
        (Role::Student, false),
    ] {
        let p = principal(&[role]);
        assert_eq!(may(&p, Action::Read, r, &w.dir), read, "{role:?} reads");
        assert!(!may(&p, Action::Write, r, &w.dir), "{role:?} never writes");
    }
    // Reading one class's journals is not enough: the dashboard is the whole school's.
    let mut ct = principal(&[Role::ClassTeacher]);
    ct.grants.push(Grant {
        right: Right::ReadAllJournals,
        scope: Scope::OwnClass,
    });
    assert!(!may(&ct, Action::Read, r, &w.dir));
    ct.grants.push(Grant {
        right: Right::ReadAllJournals,
        scope: Scope::School,
    });
    assert!(may(&ct, Action::Read, r, &w.dir));
}
