//! Demo journals: one per class × subject × started period, lessons from the timetable for
//! every school day of the period, and weeks of history before today (attendance, marks,
//! topics, homework) written through `journal::apply` as the server.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::{Datelike, Duration, Weekday};
use zvonok_core::doc::journal::{
    apply, JournalData, JournalMeta, JournalOp, JournalPermission, Lesson,
};
use zvonok_core::ids::{ClassId, LessonId, MarkId, StudentId, SubjectId};
use zvonok_core::marks::{work_kind, AbsenceCode, MarkValue};
use zvonok_core::model::StudyPeriod;
use zvonok_core::rights::Cohort;

use super::curriculum::{topics, HOMEWORK};
use super::rng::Rng;
use super::school::Plan;
use super::timetable::slots_of;
use super::{DemoError, DemoOptions};
use zvonok_core::doc::timetable::TimetableData;

pub struct DemoJournal {
    pub meta: JournalMeta,
    pub doc: AutoCommit,
}

pub fn build(
    rng: &mut Rng,
    opt: &DemoOptions,
    plan: &Plan,
    tt: &TimetableData,
) -> Result<Vec<DemoJournal>, DemoError> {
    let periods: Vec<&StudyPeriod> = plan
        .school
        .current_periods()
        .into_iter()
        .filter(|p| p.start <= opt.today)
        .collect();
    let mut out = Vec::new();
    for (class, subject, _, _) in &plan.load {
        for period in &periods {
            out.push(journal(rng, opt, plan, tt, *class, *subject, period)?);
        }
    }
    Ok(out)
}

fn journal(
    rng: &mut Rng,
    opt: &DemoOptions,
    plan: &Plan,
    tt: &TimetableData,
    class: ClassId,
    subject: SubjectId,
    period: &StudyPeriod,
) -> Result<DemoJournal, DemoError> {
    let school = &plan.school;
    let class_name = school
        .classes
        .get(&class)
        .map(|c| c.name())
        .unwrap_or_default();
    let grade = school.classes.get(&class).map(|c| c.grade).unwrap_or(0);
    let subject_name = school
        .subjects
        .get(&subject)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let slots = slots_of(tt, class, subject);
    let mut lessons = BTreeMap::new();
    let mut d = period.start;
    while d <= period.end {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            let mut today_slots: Vec<u8> = slots
                .iter()
                .filter(|s| s.weekday == d.weekday())
                .map(|s| s.number)
                .collect();
            today_slots.sort_unstable();
            for number in today_slots {
                let id = LessonId::from_uuid(rng.uuid());
                lessons.insert(
                    id,
                    Lesson {
                        id,
                        date: d,
                        number,
                        topic: String::new(),
                        homework: String::new(),
                        substitute: None,
                    },
                );
            }
        }
        d += Duration::days(1);
    }
    let roster = plan.rosters.get(&class).ok_or(DemoError::Calendar)?;
    let students: BTreeMap<StudentId, String> = roster
        .students
        .values()
        .map(|s| (s.id, s.full_name()))
        .collect();
    let meta = JournalMeta {
        cohort: Cohort::Class(class),
        subject,
        period: period.id,
        start: period.start,
        end: period.end,
        title: format!("{class_name} · {subject_name} · {}", period.title()),
    };
    let data = JournalData {
        meta: meta.clone(),
        students: students.clone(),
        lessons: lessons.clone(),
        attendance: BTreeMap::new(),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    };
    let mut doc = data.to_doc().map_err(DemoError::Domain)?;
    let from = opt.today - Duration::days(opt.history_days);
    let mut ordered: Vec<&Lesson> = lessons
        .values()
        .filter(|l| l.date >= from && l.date < opt.today)
        .collect();
    ordered.sort_by_key(|l| (l.date, l.number));
    let student_ids: Vec<StudentId> = students.keys().copied().collect();
    let subject_topics = topics(&subject_name);
    let perm = JournalPermission::default();
    for (i, lesson) in ordered.iter().enumerate() {
        let mut ops = Vec::new();
        let topic = subject_topics[(i / 3) % subject_topics.len()];
        ops.push(JournalOp::SetTopic {
            lesson: lesson.id,
            topic: format!("{topic}. Урок {}", i + 1),
        });
        let hw = rng
            .pick(HOMEWORK)
            .replace("{n}", &(10 + rng.below(200)).to_string())
            .replace("{m}", &(10 + rng.below(200)).to_string());
        ops.push(JournalOp::SetHomework {
            lesson: lesson.id,
            homework: hw,
        });
        let mut absent = Vec::new();
        for s in &student_ids {
            if rng.chance(3) {
                let code = *rng.pick(&[
                    AbsenceCode::Absent,
                    AbsenceCode::Ill,
                    AbsenceCode::Ill,
                    AbsenceCode::Excused,
                    AbsenceCode::Late,
                ]);
                ops.push(JournalOp::SetAttendance {
                    lesson: lesson.id,
                    student: *s,
                    code: Some(code),
                });
                if code != AbsenceCode::Late {
                    absent.push(*s);
                }
            }
        }
        if grade > 1 && !student_ids.is_empty() {
            let test = i % 8 == 7;
            let kind = if test {
                if grade >= 5 {
                    "test"
                } else {
                    "independent"
                }
            } else {
                *rng.pick(&["answer", "classwork", "homework"])
            };
            let weight = work_kind(kind).map(|k| k.default_weight).unwrap_or(1);
            let graded: Vec<StudentId> = if test {
                student_ids
                    .iter()
                    .filter(|s| !absent.contains(s))
                    .copied()
                    .collect()
            } else {
                (0..3 + rng.below(3))
                    .map(|_| *rng.pick(&student_ids))
                    .filter(|s| !absent.contains(s))
                    .collect()
            };
            for student in graded {
                let value = MarkValue::Points(*rng.pick(&[5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 2]));
                ops.push(JournalOp::GiveMark {
                    id: MarkId::from_uuid(rng.uuid()),
                    lesson: lesson.id,
                    student,
                    value,
                    kind: kind.to_string(),
                    weight,
                    comment: String::new(),
                });
            }
        }
        for op in &ops {
            apply(&mut doc, op, perm).map_err(DemoError::Domain)?;
        }
    }
    doc.commit();
    Ok(DemoJournal { meta, doc })
}
