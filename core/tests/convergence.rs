//! Convergence property: replicas apply random valid journal operations and sync in random
//! orders over the Automerge sync protocol; after a final full exchange all hold identical
//! state. Failing cases are persisted by proptest under `proptest-regressions/` (commit them).

use std::collections::BTreeMap;

use automerge::sync::{State, SyncDoc};
use automerge::{ActorId, AutoCommit};
use chrono::NaiveDate;
use proptest::prelude::*;
use zvonok_core::doc::journal::{
    apply, JournalData, JournalMeta, JournalOp, JournalPermission, Lesson,
};
use zvonok_core::ids::*;
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::rights::Cohort;

const REPLICAS: usize = 3;
const LESSONS: usize = 4;
const STUDENTS: usize = 5;

#[derive(Clone, Debug)]
enum Step {
    /// Replica `r` performs an operation (indices are taken modulo what exists).
    Op {
        r: usize,
        kind: u8,
        lesson: usize,
        student: usize,
        value: u8,
        pick: usize,
    },
    /// Replicas `a` and `b` run the sync protocol until quiet.
    Sync { a: usize, b: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..REPLICAS, 0u8..7, 0..LESSONS, 0..STUDENTS, 0u8..10, 0usize..8)
            .prop_map(|(r, kind, lesson, student, value, pick)| Step::Op { r, kind, lesson, student, value, pick }),
        1 => (0..REPLICAS, 0..REPLICAS).prop_map(|(a, b)| Step::Sync { a, b }),
    ]
}

fn template() -> (JournalData, Vec<LessonId>, Vec<StudentId>) {
    let d0 = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let lessons: Vec<LessonId> = (0..LESSONS).map(|_| LessonId::new()).collect();
    let students: Vec<StudentId> = (0..STUDENTS).map(|_| StudentId::new()).collect();
    let data = JournalData {
        meta: JournalMeta {
            cohort: Cohort::Class(ClassId::new()),
            subject: SubjectId::new(),
            period: PeriodId::new(),
            start: d0,
            end: d0 + chrono::Days::new(60),
            title: "5А · Математика · 1 четверть".into(),
        },
        students: students
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, format!("Ученик {i}")))
            .collect(),
        lessons: lessons
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let date = d0 + chrono::Days::new(i as u64);
                (
                    *l,
                    Lesson {
                        id: *l,
                        date,
                        number: 1,
                        topic: String::new(),
                        homework: String::new(),
                        substitute: None,
                    },
                )
            })
            .collect(),
        attendance: BTreeMap::new(),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    };
    (data, lessons, students)
}

fn sync_pair(docs: &mut [AutoCommit], states: &mut [Vec<State>], a: usize, b: usize) {
    if a == b {
        return;
    }
    for _ in 0..20 {
        let mut quiet = true;
        let msg = docs[a].sync().generate_sync_message(&mut states[a][b]);
        if let Some(m) = msg {
            docs[b]
                .sync()
                .receive_sync_message(&mut states[b][a], m)
                .unwrap();
            quiet = false;
        }
        let msg = docs[b].sync().generate_sync_message(&mut states[b][a]);
        if let Some(m) = msg {
            docs[a]
                .sync()
                .receive_sync_message(&mut states[a][b], m)
                .unwrap();
            quiet = false;
        }
        if quiet {
            return;
        }
    }
    panic!("sync between {a} and {b} did not settle in 20 rounds");
}

fn run(steps: &[Step]) {
    let (data, lessons, students) = template();
    let base = data.to_doc().unwrap();
    let mut docs: Vec<AutoCommit> = (0..REPLICAS)
        .map(|_| base.clone().with_actor(ActorId::random()))
        .collect();
    let mut states: Vec<Vec<State>> = (0..REPLICAS)
        .map(|_| (0..REPLICAS).map(|_| State::new()).collect())
        .collect();
    let perm = JournalPermission::default();
    for s in steps {
        match *s {
            Step::Op {
                r,
                kind,
                lesson,
                student,
                value,
                pick,
            } => {
                let (l, st) = (lessons[lesson], students[student]);
                let existing: Vec<MarkId> = JournalData::from_doc(&docs[r])
                    .unwrap()
                    .marks
                    .keys()
                    .copied()
                    .collect();
                let mark_value = MarkValue::Points(value % 5 + 1);
                let op = match kind {
                    0 => JournalOp::SetAttendance {
                        lesson: l,
                        student: st,
                        code: AbsenceCode::ALL.get(value as usize % 5).copied(),
                    },
                    1 | 2 => JournalOp::GiveMark {
                        id: MarkId::new(),
                        lesson: l,
                        student: st,
                        value: mark_value,
                        kind: "answer".into(),
                        weight: value % 5 + 1,
                        comment: String::new(),
                    },
                    3 if !existing.is_empty() => JournalOp::EditMark {
                        id: existing[pick % existing.len()],
                        value: mark_value,
                        kind: "test".into(),
                        weight: 3,
                        comment: "исправлено".into(),
                    },
                    4 if !existing.is_empty() => JournalOp::RemoveMark {
                        id: existing[pick % existing.len()],
                    },
                    5 => JournalOp::SetTopic {
                        lesson: l,
                        topic: format!("Тема {value}"),
                    },
                    _ => JournalOp::SetFinal {
                        student: st,
                        value: Some(mark_value),
                    },
                };
                apply(&mut docs[r], &op, perm).unwrap();
                docs[r].commit();
            }
            Step::Sync { a, b } => sync_pair(&mut docs, &mut states, a, b),
        }
    }
    // Final exchange: a ring twice is enough for everyone to see everything.
    for _ in 0..2 {
        for a in 0..REPLICAS {
            sync_pair(&mut docs, &mut states, a, (a + 1) % REPLICAS);
        }
    }
    let first = JournalData::from_doc(&docs[0]).unwrap();
    let mut heads0 = docs[0].get_heads();
    heads0.sort();
    for d in docs.iter_mut().skip(1) {
        let mut h = d.get_heads();
        h.sort();
        assert_eq!(h, heads0, "same heads");
        assert_eq!(JournalData::from_doc(d).unwrap(), first, "same state");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn replicas_converge(steps in prop::collection::vec(step(), 1..40)) {
        run(&steps);
    }
}

/// Regression kept from the design brief's list of schema failures: concurrent edits of the
/// same mark and concurrent removal converge.
#[test]
fn edit_and_remove_same_mark_concurrently() {
    run(&[
        Step::Op {
            r: 0,
            kind: 1,
            lesson: 0,
            student: 0,
            value: 4,
            pick: 0,
        },
        Step::Sync { a: 0, b: 1 },
        Step::Sync { a: 0, b: 2 },
        Step::Op {
            r: 1,
            kind: 3,
            lesson: 0,
            student: 0,
            value: 1,
            pick: 0,
        },
        Step::Op {
            r: 2,
            kind: 4,
            lesson: 0,
            student: 0,
            value: 0,
            pick: 0,
        },
        Step::Op {
            r: 0,
            kind: 0,
            lesson: 0,
            student: 0,
            value: 0,
            pick: 0,
        },
        Step::Op {
            r: 1,
            kind: 0,
            lesson: 0,
            student: 0,
            value: 1,
            pick: 0,
        },
    ]);
}
