//! Tests of the server's check: a small school with two classes, and helpers that send a
//! device's change to a copy of the server's document the way `accept` does (the change is
//! kept only when the check passes, so a refusal leaves the server's document as it was).

mod co_teachers;
mod forgeries;
mod kinds;
mod props;
mod props_more;

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value, ROOT};
use chrono::{NaiveDate, Weekday};

use super::{validate_incoming, CheckContext};
use crate::doc::journal::JournalPermission;
use crate::doc::movement::MovementData;
use crate::doc::personal::PersonalData;
use crate::doc::roster::RosterData;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::doc::DocKind;
use crate::error::{DomainError, RefusalKind};
use crate::ids::*;
use crate::model::*;
use crate::rights::Cohort;

/// Two classes (A with a group, B with a group), a teacher who teaches the subject in both,
/// six bells, a five-day week; a roster per class with a linked guardian; a timetable slot; class A's personal files.
pub(crate) struct World {
    pub school: SchoolData,
    pub a: RosterData,
    pub b: RosterData,
    pub group_a: GroupId,
    pub group_b: GroupId,
    pub teacher: StaffId,
    pub subject: SubjectId,
    pub slot: SlotId,
    pub timetable: TimetableData,
}

fn student(last: &str, first: &str) -> Student {
    Student {
        id: StudentId::new(),
        last_name: last.into(),
        first_name: first.into(),
        middle_name: String::new(),
        active: true,
    }
}

fn guardian(last: &str, first: &str) -> Guardian {
    Guardian {
        id: GuardianId::new(),
        last_name: last.into(),
        first_name: first.into(),
        middle_name: String::new(),
        relation: "мать".into(),
    }
}

impl World {
    pub fn new() -> Self {
        let year = YearId::new();
        let mut school = SchoolData {
            week_days: 5,
            current_year: Some(year),
            ..SchoolData::default()
        };
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        school.years.insert(
            year,
            AcademicYear {
                id: year,
                title: "2026/27".into(),
                start: day(9, 1),
                end: day(12, 31),
            },
        );
        school.bells = (1..=6)
            .map(|n| Bell {
                number: n,
                start: format!("{:02}:00", 7 + n),
                end: format!("{:02}:45", 7 + n),
            })
            .collect();
        let teacher = StaffId::new();
        school.staff.insert(
            teacher,
            StaffMember {
                id: teacher,
                last_name: "Смирнова".into(),
                first_name: "Анна".into(),
                middle_name: String::new(),
                position: "учитель".into(),
            },
        );
        let subject = SubjectId::new();
        school.subjects.insert(
            subject,
            Subject {
                id: subject,
                name: "Математика".into(),
                grades: vec![5],
            },
        );
        let mut classes = Vec::new();
        for letter in ["А", "Б"] {
            let id = ClassId::new();
            school.classes.insert(
                id,
                Class {
                    id,
                    year,
                    grade: 5,
                    letter: letter.into(),
                    class_teacher: Some(teacher),
                },
            );
            classes.push(id);
        }
        let (group_a, group_b) = (GroupId::new(), GroupId::new());
        for (g, c, name) in [
            (group_a, classes[0], "1 гр."),
            (group_b, classes[1], "1 гр."),
        ] {
            school.groups.insert(
                g,
                Group {
                    id: g,
                    class: c,
                    name: name.into(),
                },
            );
        }
        // The teacher teaches the subject in both classes (their groups included).
        for class in &classes {
            let id = AssignmentId::new();
            school.assignments.insert(
                id,
                TeachingAssignment {
                    id,
                    teacher,
                    cohort: Cohort::Class(*class),
                    subject,
                    year,
                },
            );
        }
        let mut a = RosterData::new(classes[0]);
        let mut b = RosterData::new(classes[1]);
        for (r, names) in [
            (&mut a, ["Орлова", "Котов"]),
            (&mut b, ["Лебедев", "Зайцева"]),
        ] {
            let ga = guardian(names[0], "Ольга");
            for n in names {
                let s = student(n, "Вера");
                r.students.insert(s.id, s);
            }
            let first = *r.students.keys().next().expect("a student");
            r.links.push((ga.id, first));
            r.guardians.insert(ga.id, ga);
        }
        let slot = SlotId::new();
        let mut timetable = TimetableData {
            year,
            slots: Default::default(),
            versions: Default::default(),
            cycle_start: None,
        };
        timetable.slots.insert(
            slot,
            Slot {
                id: slot,
                weekday: Weekday::Mon,
                number: 1,
                cohort: Cohort::Class(classes[0]),
                subject,
                teacher,
                co_teachers: Vec::new(),
                room: "203".into(),
                week: Default::default(),
                version: None,
            },
        );
        World {
            school,
            a,
            b,
            group_a,
            group_b,
            teacher,
            subject,
            slot,
            timetable,
        }
    }

    /// The context the server builds for a writer with every right.
    pub fn cx(&self) -> CheckContext<'_> {
        CheckContext {
            perm: JournalPermission::default(),
            may_enter_people: true,
            school: Some(&self.school),
            roster: Some(&self.a),
        }
    }

    pub fn personal(&self) -> AutoCommit {
        PersonalData::new(self.a.class).to_doc().expect("personal")
    }

    /// The server's document of `kind` (class A's for roster and personal).
    pub fn doc(&self, kind: DocKind) -> AutoCommit {
        match kind {
            DocKind::School => self.school.to_doc(),
            DocKind::Roster => self.a.to_doc(),
            DocKind::Timetable => self.timetable.to_doc(),
            DocKind::Personal => Ok(self.personal()),
            DocKind::Journal => crate::fixtures::tiny_journal().0.to_doc(),
            DocKind::Movement => MovementData::default().to_doc(),
        }
        .expect("document")
    }
}

/// A device's replica of the server's document (its own actor).
pub(crate) fn device(server: &mut AutoCommit) -> AutoCommit {
    server.fork().with_actor(automerge::ActorId::random())
}

/// Sends what the device wrote since it forked to the server, as `accept` does: applied to a
/// fork and checked; the server's document takes the fork only when the check passes.
pub(crate) fn send(
    kind: DocKind,
    server: &mut AutoCommit,
    device: &mut AutoCommit,
    cx: &CheckContext<'_>,
) -> Result<(), DomainError> {
    let before = server.get_heads();
    let mut fork = server.fork();
    fork.apply_changes(device.get_changes(&before))
        .expect("changes apply");
    validate_incoming(kind, &mut fork, &before, cx)?;
    *server = fork;
    Ok(())
}

/// Sends the device's change and expects a refusal of `kind` that leaves the server's
/// document unchanged (same heads, same content).
pub(crate) fn refused(
    kind: DocKind,
    server: &mut AutoCommit,
    device: &mut AutoCommit,
    cx: &CheckContext<'_>,
    want: RefusalKind,
) {
    let heads = server.get_heads();
    let saved = server.save();
    let err = send(kind, server, device, cx).expect_err("the forgery is refused");
    assert_eq!(err.refusal_kind(), want, "{kind}: {err}");
    assert!(!err.to_string().is_empty());
    assert_eq!(server.get_heads(), heads, "rolled back");
    assert_eq!(server.save(), saved, "the server's document is unchanged");
}

/// The map at `path` from the root.
pub(crate) fn map_at(doc: &AutoCommit, path: &[&str]) -> ObjId {
    let mut obj = ROOT;
    for key in path {
        obj = match doc.get(&obj, *key) {
            Ok(Some((Value::Object(ObjType::Map), id))) => id,
            other => panic!("no map at {path:?}: {other:?}"),
        };
    }
    obj
}
