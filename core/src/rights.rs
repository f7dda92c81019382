//! Roles, named grantable rights with scopes, and the one function that decides whether a user
//! may do an action on a resource. The device and the server both call [`may`].

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::ids::{ClassId, GroupId, GuardianId, StaffId, StudentId, SubjectId, UserId};

/// Roles of the glossary. A role implies a set of default grants ([`Role::default_grants`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    ServerAdmin,
    Coordinator,
    SystemAdmin,
    Director,
    DeputyHead,
    Teacher,
    ClassTeacher,
    Secretary,
    Student,
    Parent,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::ServerAdmin,
        Role::Coordinator,
        Role::SystemAdmin,
        Role::Director,
        Role::DeputyHead,
        Role::Teacher,
        Role::ClassTeacher,
        Role::Secretary,
        Role::Student,
        Role::Parent,
    ];

    /// Russian title, as the UI shows it.
    pub fn title_ru(self) -> &'static str {
        match self {
            Role::ServerAdmin => "Администратор сервера",
            Role::Coordinator => "Координатор",
            Role::SystemAdmin => "Системный администратор",
            Role::Director => "Директор",
            Role::DeputyHead => "Заместитель директора по УР",
            Role::Teacher => "Учитель",
            Role::ClassTeacher => "Классный руководитель",
            Role::Secretary => "Секретарь",
            Role::Student => "Ученик",
            Role::Parent => "Родитель",
        }
    }

    /// Is this a staff role (someone who works at the school)?
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Student | Role::Parent)
    }

    pub fn default_grants(self) -> &'static [Grant] {
        use Right::*;
        use Scope::*;
        match self {
            Role::ServerAdmin => &[
                Grant {
                    right: ManageSchool,
                    scope: School,
                },
                Grant {
                    right: IssueMovementOrders,
                    scope: School,
                },
                Grant {
                    right: ManageAccounts,
                    scope: School,
                },
                Grant {
                    right: EditTimetable,
                    scope: School,
                },
                Grant {
                    right: ReadAllJournals,
                    scope: School,
                },
            ],
            Role::Coordinator => &[
                Grant {
                    right: ManageSchool,
                    scope: School,
                },
                Grant {
                    right: IssueMovementOrders,
                    scope: School,
                },
                Grant {
                    right: ManageAccounts,
                    scope: School,
                },
                // The seed's step 5: «Ввод и ведение расписания — координатор».
                Grant {
                    right: EditTimetable,
                    scope: School,
                },
                Grant {
                    right: ReadAllJournals,
                    scope: School,
                },
                Grant {
                    right: ReadAuditLog,
                    scope: School,
                },
                Grant {
                    right: ClosePeriods,
                    scope: School,
                },
                Grant {
                    right: CloseYear,
                    scope: School,
                },
            ],
            Role::SystemAdmin => &[
                Grant {
                    right: ManageSchool,
                    scope: School,
                },
                Grant {
                    right: IssueMovementOrders,
                    scope: School,
                },
                Grant {
                    right: EditTimetable,
                    scope: School,
                },
                Grant {
                    right: ReadAllJournals,
                    scope: School,
                },
                Grant {
                    right: ReadAuditLog,
                    scope: School,
                },
            ],
            Role::Director => &[
                Grant {
                    right: ReadAllJournals,
                    scope: School,
                },
                Grant {
                    right: ReadMovementBook,
                    scope: School,
                },
                Grant {
                    right: ReadPersonalFiles,
                    scope: School,
                },
                Grant {
                    right: ReadAuditLog,
                    scope: School,
                },
                Grant {
                    right: ClosePeriods,
                    scope: School,
                },
                Grant {
                    right: ReopenPeriods,
                    scope: School,
                },
                Grant {
                    right: CloseYear,
                    scope: School,
                },
            ],
            Role::DeputyHead => &[
                Grant {
                    right: ManageSchool,
                    scope: School,
                },
                Grant {
                    right: EditTimetable,
                    scope: School,
                },
                Grant {
                    right: ReadAllJournals,
                    scope: School,
                },
                Grant {
                    right: EditLockedPeriod,
                    scope: School,
                },
                Grant {
                    right: ReadMovementBook,
                    scope: School,
                },
                // The issue's «координатор (или завуч) закрывает четверть».
                Grant {
                    right: ClosePeriods,
                    scope: School,
                },
            ],
            Role::Teacher => &[Grant {
                right: KeepJournal,
                scope: OwnSubjects,
            }],
            Role::ClassTeacher => &[
                Grant {
                    right: KeepJournal,
                    scope: OwnSubjects,
                },
                Grant {
                    right: ReadPersonalFiles,
                    scope: OwnClass,
                },
            ],
            Role::Secretary => &[
                Grant {
                    right: ReadPersonalFiles,
                    scope: School,
                },
                Grant {
                    right: EditPersonalFiles,
                    scope: School,
                },
                Grant {
                    right: IssueMovementOrders,
                    scope: School,
                },
            ],
            Role::Student => &[Grant {
                right: ReadStudentData,
                scope: Own,
            }],
            Role::Parent => &[Grant {
                right: ReadStudentData,
                scope: OwnChildren,
            }],
        }
    }
}

/// Named rights. Grantable per user (and implied per role) with a [`Scope`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Right {
    /// Set up the school: card, years, periods, subjects, classes, assignments.
    ManageSchool,
    /// Create accounts, issue passwords, grant rights, revoke devices.
    ManageAccounts,
    /// Edit the timetable.
    EditTimetable,
    /// «Ввести списки учеников и родителей»: create the initial lists.
    EnterStudentLists,
    /// «Редактировать сведения об учениках и родителях в своём классе».
    EditOwnClassPeople,
    /// Read every class journal of the school.
    ReadAllJournals,
    /// Keep a class journal: lessons, attendance, marks, topics, homework, final marks.
    KeepJournal,
    /// Change a locked study period (audited).
    EditLockedPeriod,
    /// Read personal files.
    ReadPersonalFiles,
    /// Edit personal files.
    EditPersonalFiles,
    /// Read a student's marks, attendance, homework and timetable (the summary).
    ReadStudentData,
    /// «Оформлять приказы о движении учащихся»: enrollment, transfer, withdrawal, cancellation.
    IssueMovementOrders,
    /// «Просматривать книгу движения учащихся».
    ReadMovementBook,
    /// «Просматривать журнал аудита»: who changed what (people data, rights, accounts,
    /// locked periods, refused changes).
    ReadAuditLog,
    /// «Закрывать учебные периоды»: close a study period once nothing blocks it (every journal
    /// of it is locked).
    ClosePeriods,
    /// «Открывать закрытый период»: reopen a closed study period (its journals are unlocked).
    ReopenPeriods,
    /// «Закрывать учебный год и переходить на новый»: the year's outcomes, the movement orders
    /// of the move, the undo (`year_close`).
    CloseYear,
}

impl Right {
    pub fn title_ru(self) -> &'static str {
        match self {
            Right::ManageSchool => "Настраивать школу",
            Right::ManageAccounts => "Управлять учётными записями и правами",
            Right::EditTimetable => "Редактировать расписание",
            Right::EnterStudentLists => "Ввести списки учеников и родителей",
            Right::EditOwnClassPeople => {
                "Редактировать сведения об учениках и родителях в своём классе"
            }
            Right::ReadAllJournals => "Просматривать все классные журналы",
            Right::KeepJournal => "Вести классный журнал",
            Right::EditLockedPeriod => "Редактировать закрытый период",
            Right::ReadPersonalFiles => "Просматривать личные дела",
            Right::EditPersonalFiles => "Редактировать личные дела",
            Right::ReadStudentData => "Просматривать успеваемость и посещаемость",
            Right::IssueMovementOrders => "Оформлять приказы о движении учащихся",
            Right::ReadMovementBook => "Просматривать книгу движения учащихся",
            Right::ReadAuditLog => "Просматривать журнал аудита",
            Right::ClosePeriods => "Закрывать учебные периоды",
            Right::ReopenPeriods => "Открывать закрытый период",
            Right::CloseYear => "Закрывать учебный год и переходить на новый",
        }
    }

    /// The scopes a grant of this right can mean something with, the widest first: rights
    /// over the whole school only (school set-up, accounts, orders) take `School` alone;
    /// rights over a class's people take `School` or `OwnClass`; the journal also
    /// `OwnSubjects`; a student's data `Own` and `OwnChildren` too.
    pub fn scopes(self) -> &'static [Scope] {
        use Scope::*;
        match self {
            Right::ManageSchool
            | Right::ManageAccounts
            | Right::EditTimetable
            | Right::IssueMovementOrders
            | Right::ReadMovementBook
            | Right::ReadAuditLog
            | Right::ClosePeriods
            | Right::ReopenPeriods => &[School],
            Right::CloseYear => &[School],
            Right::EnterStudentLists
            | Right::EditOwnClassPeople
            | Right::ReadAllJournals
            | Right::EditLockedPeriod
            | Right::ReadPersonalFiles
            | Right::EditPersonalFiles => &[School, OwnClass],
            Right::KeepJournal => &[School, OwnClass, OwnSubjects],
            Right::ReadStudentData => &[School, OwnClass, OwnChildren, Own],
        }
    }

    /// Every right, in the order the rights screen lists them.
    pub const ALL: [Right; 17] = [
        Right::ManageSchool,
        Right::ManageAccounts,
        Right::EditTimetable,
        Right::EnterStudentLists,
        Right::EditOwnClassPeople,
        Right::ReadAllJournals,
        Right::KeepJournal,
        Right::EditLockedPeriod,
        Right::ReadPersonalFiles,
        Right::EditPersonalFiles,
        Right::ReadStudentData,
        Right::IssueMovementOrders,
        Right::ReadMovementBook,
        Right::ReadAuditLog,
        Right::ClosePeriods,
        Right::ReopenPeriods,
        Right::CloseYear,
    ];
}

/// The seed's procedure, second half: once the initial lists are entered, every
/// «Ввести списки учеников и родителей» grant is replaced by «Редактировать сведения об учениках
/// и родителях в своём классе» (own class). Other grants stay; the result has no duplicates.
pub fn replace_initial_entry(grants: &[Grant]) -> Vec<Grant> {
    let had = grants.iter().any(|g| g.right == Right::EnterStudentLists);
    let mut out: Vec<Grant> = Vec::new();
    for g in grants {
        if g.right != Right::EnterStudentLists && !out.contains(g) {
            out.push(*g);
        }
    }
    let own = Grant {
        right: Right::EditOwnClassPeople,
        scope: Scope::OwnClass,
    };
    if had && !out.contains(&own) {
        out.push(own);
    }
    out
}

/// May `p` enter new people (students, guardians) into the roster of `class`? Only with
/// «Ввести списки учеников и родителей» in scope. «Редактировать сведения об учениках и
/// родителях в своём классе» lets a class teacher edit the people already there (names,
/// guardian links), not add new ones: see `doc::roster::check_entry`.
pub fn may_enter_people(p: &Principal, class: ClassId, dir: &Directory) -> bool {
    p.is_staff()
        && p.scopes_of(Right::EnterStudentLists)
            .any(|scope| match scope {
                Scope::School => true,
                Scope::OwnClass => dir.is_class_teacher(p.staff, class),
                Scope::OwnSubjects | Scope::OwnChildren | Scope::Own => false,
            })
}

/// Where a grant applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// The whole school.
    School,
    /// The class whose class teacher the user is.
    OwnClass,
    /// The classes/groups and subjects the user is assigned to teach.
    OwnSubjects,
    /// The user's own children (guardians).
    OwnChildren,
    /// The user themself (students).
    Own,
}

impl Scope {
    /// Russian title, as the rights screen shows it.
    pub fn title_ru(self) -> &'static str {
        match self {
            Scope::School => "вся школа",
            Scope::OwnClass => "свой класс",
            Scope::OwnSubjects => "свои предметы и классы",
            Scope::OwnChildren => "свои дети",
            Scope::Own => "только свои данные",
        }
    }
}

impl Grant {
    /// «Вести классный журнал (свои предметы и классы)».
    pub fn title_ru(&self) -> String {
        format!("{} ({})", self.right.title_ru(), self.scope.title_ru())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub right: Right,
    pub scope: Scope,
}

/// Who is asking: a user with roles, explicit grants and links to the people they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user: UserId,
    pub roles: Vec<Role>,
    /// Grants on top of the roles' defaults.
    #[serde(default)]
    pub grants: Vec<Grant>,
    #[serde(default)]
    pub staff: Option<StaffId>,
    #[serde(default)]
    pub guardian: Option<GuardianId>,
    #[serde(default)]
    pub student: Option<StudentId>,
}

impl Principal {
    /// All grants in force: the roles' defaults plus the explicit ones.
    pub fn effective_grants(&self) -> impl Iterator<Item = Grant> + '_ {
        self.roles
            .iter()
            .flat_map(|r| r.default_grants().iter().copied())
            .chain(self.grants.iter().copied())
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| r.is_staff())
    }

    fn scopes_of(&self, right: Right) -> impl Iterator<Item = Scope> + '_ {
        self.effective_grants()
            .filter(move |g| g.right == right)
            .map(|g| g.scope)
    }
}

/// A class or one of its groups: what a journal or a lesson belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cohort {
    Class(ClassId),
    Group { class: ClassId, group: GroupId },
}

impl Cohort {
    pub fn class(&self) -> ClassId {
        match *self {
            Cohort::Class(c) => c,
            Cohort::Group { class, .. } => class,
        }
    }
}

/// The facts rights depend on: who teaches what, who is class teacher where, whose children
/// are whose. Built from the school document and the rosters (see `doc::school`).
#[derive(Clone, Debug, Default)]
pub struct Directory {
    pub class_teachers: HashMap<ClassId, StaffId>,
    /// (teacher, cohort, subject) for the current year.
    pub teaching: HashSet<(StaffId, Cohort, SubjectId)>,
    /// Classes a teacher teaches anything in (derived from `teaching`).
    pub teaches_in: HashSet<(StaffId, ClassId)>,
    pub children: HashMap<GuardianId, Vec<StudentId>>,
    pub student_class: HashMap<StudentId, ClassId>,
    /// (substitute, cohort, subject): a teacher given a lesson of that journal by a change of
    /// the timetable (`timetable_changes::fill_directory`).
    pub substitutes: HashSet<(StaffId, Cohort, SubjectId)>,
}

impl Directory {
    pub fn add_teaching(&mut self, teacher: StaffId, cohort: Cohort, subject: SubjectId) {
        self.teaching.insert((teacher, cohort, subject));
        self.teaches_in.insert((teacher, cohort.class()));
    }

    pub fn add_substitution(&mut self, teacher: StaffId, cohort: Cohort, subject: SubjectId) {
        self.substitutes.insert((teacher, cohort, subject));
    }

    fn substitutes_in(&self, staff: Option<StaffId>, cohort: Cohort, subject: SubjectId) -> bool {
        staff.is_some_and(|s| self.substitutes.contains(&(s, cohort, subject)))
    }

    fn is_class_teacher(&self, staff: Option<StaffId>, class: ClassId) -> bool {
        staff.is_some() && self.class_teachers.get(&class).copied() == staff
    }

    fn teaches_class(&self, staff: Option<StaffId>, class: ClassId) -> bool {
        staff.is_some_and(|s| self.teaches_in.contains(&(s, class)))
    }

    fn teaches(&self, staff: Option<StaffId>, cohort: Cohort, subject: SubjectId) -> bool {
        let Some(s) = staff else { return false };
        if self.teaching.contains(&(s, cohort, subject)) {
            return true;
        }
        // A teacher of the whole class keeps the journals of its groups in that subject too.
        match cohort {
            Cohort::Group { class, .. } => {
                self.teaching.contains(&(s, Cohort::Class(class), subject))
            }
            Cohort::Class(_) => false,
        }
    }

    pub fn is_guardian_of(&self, guardian: Option<GuardianId>, student: StudentId) -> bool {
        guardian
            .and_then(|g| self.children.get(&g))
            .is_some_and(|kids| kids.contains(&student))
    }
}

/// What is being acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    School,
    Timetable,
    Roster(ClassId),
    Journal {
        cohort: Cohort,
        subject: SubjectId,
    },
    /// A student's derived view: marks, attendance, homework, timetable.
    StudentData(StudentId),
    /// User accounts, devices and grants of the school.
    Accounts,
    /// The personal files of a class's students and guardians.
    Personal(ClassId),
    /// The school's enrollment orders and movement book.
    Movement,
    /// The audit log of the school.
    Audit,
    /// The study periods' state (open or closed): `Read` is the list and what blocks closing,
    /// `Write` closes a period («Закрывать учебные периоды»), `EditLocked` reopens a closed one
    /// («Открывать закрытый период»).
    Periods,
    /// Closing the current academic year and moving to the next (`year_close`).
    YearClose,
    /// The rollout dashboard («Ход внедрения», `rollout`): the stages measured over the whole
    /// school (setup, journals, reports, parents' sign-ins). `Read` only: the coordinator
    /// («Настраивать школу») reports it and the administration reading every journal
    /// («Просматривать все классные журналы») hears it, both in school scope.
    Rollout,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
    /// Change something in a locked study period.
    EditLocked,
    /// Write the lessons of a journal one substitutes in, and only those (the journal's lessons
    /// name their substitute; `doc::journal_substitute` holds the rule).
    Substitute,
}

/// The one rights check. Pure: everything it needs is in its arguments.
pub fn may(p: &Principal, action: Action, res: Resource, dir: &Directory) -> bool {
    let in_scope = |right: Right, class: Option<ClassId>| {
        p.scopes_of(right).any(|scope| match scope {
            Scope::School => true,
            Scope::OwnClass => class.is_some_and(|c| dir.is_class_teacher(p.staff, c)),
            Scope::OwnSubjects => match res {
                Resource::Journal { cohort, subject } => dir.teaches(p.staff, cohort, subject),
                _ => false,
            },
            Scope::OwnChildren => match res {
                Resource::StudentData(s) => dir.is_guardian_of(p.guardian, s),
                _ => false,
            },
            Scope::Own => match res {
                Resource::StudentData(s) => p.student == Some(s),
                _ => false,
            },
        })
    };
    let staff_of_class =
        |c: ClassId| dir.is_class_teacher(p.staff, c) || dir.teaches_class(p.staff, c);

    match (res, action) {
        (Resource::Journal { cohort, subject }, Action::Substitute) => {
            p.is_staff() && dir.substitutes_in(p.staff, cohort, subject)
        }
        (_, Action::Substitute) => false,
        (Resource::School | Resource::Timetable, Action::Read) => p.is_staff(),
        (Resource::School, _) => in_scope(Right::ManageSchool, None),
        (Resource::Timetable, _) => in_scope(Right::EditTimetable, None),
        (Resource::Roster(c), Action::Read) => {
            p.is_staff()
                && (staff_of_class(c)
                    || in_scope(Right::ReadAllJournals, Some(c))
                    || in_scope(Right::EnterStudentLists, Some(c))
                    || in_scope(Right::ReadPersonalFiles, Some(c)))
        }
        (Resource::Roster(c), _) => {
            in_scope(Right::EnterStudentLists, Some(c))
                || in_scope(Right::EditOwnClassPeople, Some(c))
        }
        (Resource::Journal { cohort, subject }, Action::Read) => {
            p.is_staff()
                && (staff_of_class(cohort.class())
                    || in_scope(Right::ReadAllJournals, Some(cohort.class()))
                    || dir.substitutes_in(p.staff, cohort, subject))
        }
        (Resource::Journal { cohort, .. }, Action::Write) => {
            in_scope(Right::KeepJournal, Some(cohort.class()))
        }
        (Resource::Journal { cohort, .. }, Action::EditLocked) => {
            in_scope(Right::KeepJournal, Some(cohort.class()))
                && in_scope(Right::EditLockedPeriod, Some(cohort.class()))
        }
        (Resource::StudentData(s), Action::Read) => {
            let class = dir.student_class.get(&s).copied();
            in_scope(Right::ReadStudentData, class)
                || (p.is_staff()
                    && class.is_some_and(|c| {
                        staff_of_class(c) || in_scope(Right::ReadAllJournals, Some(c))
                    }))
        }
        (Resource::StudentData(_), _) => false,
        (Resource::Accounts, _) => in_scope(Right::ManageAccounts, None),
        (Resource::Personal(c), Action::Read) => {
            p.is_staff()
                && (in_scope(Right::ReadPersonalFiles, Some(c))
                    || in_scope(Right::EditPersonalFiles, Some(c)))
        }
        (Resource::Personal(c), Action::Write) => {
            p.is_staff() && in_scope(Right::EditPersonalFiles, Some(c))
        }
        (Resource::Movement, Action::Read) => {
            p.is_staff()
                && (in_scope(Right::ReadMovementBook, None)
                    || in_scope(Right::IssueMovementOrders, None))
        }
        (Resource::Movement, Action::Write) => {
            p.is_staff() && in_scope(Right::IssueMovementOrders, None)
        }
        (Resource::Personal(_) | Resource::Movement, Action::EditLocked) => false,
        (Resource::Audit, Action::Read) => p.is_staff() && in_scope(Right::ReadAuditLog, None),
        (Resource::Audit, _) => false,
        (Resource::Periods, Action::Read) => {
            p.is_staff()
                && (in_scope(Right::ClosePeriods, None)
                    || in_scope(Right::ReopenPeriods, None)
                    || in_scope(Right::ReadAllJournals, None))
        }
        (Resource::Periods, Action::Write) => p.is_staff() && in_scope(Right::ClosePeriods, None),
        (Resource::Periods, Action::EditLocked) => {
            p.is_staff() && in_scope(Right::ReopenPeriods, None)
        }
        (Resource::YearClose, Action::Read | Action::Write) => {
            p.is_staff() && in_scope(Right::CloseYear, None)
        }
        (Resource::YearClose, _) => false,
        (Resource::Rollout, Action::Read) => {
            p.is_staff()
                && (in_scope(Right::ManageSchool, None) || in_scope(Right::ReadAllJournals, None))
        }
        (Resource::Rollout, _) => false,
    }
}

#[cfg(test)]
mod tests;
