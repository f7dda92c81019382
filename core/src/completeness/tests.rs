//! Table tests of the completeness report and of what blocks closing a period, over a small
//! school made by hand: every expected number is counted in the comments.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::*;
use crate::doc::journal::{JournalMeta, MarkEntry};
use crate::ids::*;
use crate::marks::AbsenceCode;
use crate::model::*;
use crate::period_close;
use crate::rights::Cohort;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

struct Fixture {
    school: SchoolData,
    period: StudyPeriod,
    journal: JournalData,
    ivanova: StaffId,
    petrov: StaffId,
    orlova: StudentId,
    sidorov: StudentId,
    lessons: Vec<LessonId>,
}

fn staff(last: &str, first: &str, middle: &str) -> StaffMember {
    StaffMember {
        id: StaffId::new(),
        last_name: last.into(),
        first_name: first.into(),
        middle_name: middle.into(),
        position: "Учитель".into(),
    }
}

fn lesson(date: NaiveDate, number: u8, topic: &str, homework: &str) -> Lesson {
    Lesson {
        id: LessonId::new(),
        date,
        number,
        topic: topic.into(),
        homework: homework.into(),
        substitute: None,
    }
}

fn mark(j: &mut JournalData, lesson: LessonId, student: StudentId, value: MarkValue) {
    let id = MarkId::new();
    j.marks.insert(
        id,
        MarkEntry {
            id,
            student,
            lesson,
            value,
            kind: "answer".into(),
            weight: 1,
            comment: String::new(),
        },
    );
}

/// 5А, «Математика», 1 четверть 01.09–24.10.2026, taught by Иванова; Петров substitutes on
/// 03.09. Lessons:
/// - L1 01.09 №1: topic, homework, Орлова absent (Н), marks: Орлова 4, Сидоров 4 and 3, н/а;
/// - L2 02.09 №2: nothing at all → no attendance, no topic, no homework;
/// - L3 03.09 №1 (Петров): topic, no homework → no homework (Петров's);
/// - L4 04.09 №3: only Сидоров's 5 → attendance taken; no topic, no homework;
/// - L5 20.10 №1: topic and homework.
///
/// Marks counted for a final (н/а not): Орлова 1, Сидоров 3 (4, 3, 5).
fn fixture() -> Fixture {
    let year = YearId::new();
    let period = StudyPeriod {
        id: PeriodId::new(),
        year,
        kind: PeriodKind::Quarter,
        number: 1,
        start: d(9, 1),
        end: d(10, 24),
    };
    let ivanova = staff("Иванова", "Анна", "Петровна");
    let petrov = staff("Петров", "Олег", "Ильич");
    let class = Class {
        id: ClassId::new(),
        year,
        grade: 5,
        letter: "А".into(),
        class_teacher: Some(ivanova.id),
    };
    let subject = Subject {
        id: SubjectId::new(),
        name: "Математика".into(),
        grades: vec![5],
    };
    let assignment = TeachingAssignment {
        id: AssignmentId::new(),
        teacher: ivanova.id,
        cohort: Cohort::Class(class.id),
        subject: subject.id,
        year,
    };
    let mut school = SchoolData {
        current_year: Some(year),
        week_days: 5,
        ..Default::default()
    };
    school.periods.insert(period.id, period.clone());
    school.staff.insert(ivanova.id, ivanova.clone());
    school.staff.insert(petrov.id, petrov.clone());
    school.classes.insert(class.id, class.clone());
    school.subjects.insert(subject.id, subject.clone());
    school.assignments.insert(assignment.id, assignment);

    let orlova = StudentId::new();
    let sidorov = StudentId::new();
    let l1 = lesson(d(9, 1), 1, "Дроби", "№ 1–5");
    let l2 = lesson(d(9, 2), 2, "", "");
    let mut l3 = lesson(d(9, 3), 1, "Повторение", "");
    l3.substitute = Some(petrov.id);
    let l4 = lesson(d(9, 4), 3, " ", "");
    let l5 = lesson(d(10, 20), 1, "Проценты", "№ 10");
    let lessons = vec![l1.id, l2.id, l3.id, l4.id, l5.id];
    let mut journal = JournalData {
        meta: JournalMeta {
            cohort: Cohort::Class(class.id),
            subject: subject.id,
            period: period.id,
            start: period.start,
            end: period.end,
            title: "5А · Математика · 1 четверть".into(),
        },
        students: BTreeMap::from([
            (orlova, "Орлова Вера".to_string()),
            (sidorov, "Сидоров Олег".to_string()),
        ]),
        lessons: [l1, l2, l3, l4, l5]
            .into_iter()
            .map(|l| (l.id, l))
            .collect(),
        attendance: BTreeMap::from([((lessons[0], orlova), AbsenceCode::Absent)]),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    };
    mark(&mut journal, lessons[0], orlova, MarkValue::Points(4));
    mark(&mut journal, lessons[0], sidorov, MarkValue::Points(4));
    mark(&mut journal, lessons[0], sidorov, MarkValue::Points(3));
    mark(&mut journal, lessons[0], orlova, MarkValue::NotAssessed);
    mark(&mut journal, lessons[3], sidorov, MarkValue::Points(5));
    Fixture {
        school,
        period,
        journal,
        ivanova: ivanova.id,
        petrov: petrov.id,
        orlova,
        sidorov,
        lessons,
    }
}

fn refs(j: &JournalData) -> Vec<JournalRef<'_>> {
    vec![JournalRef {
        doc: DocId::new(),
        data: j,
    }]
}

fn kinds_of(c: &[Gap]) -> Vec<(GapKind, Option<LessonId>, Option<StudentId>)> {
    c.iter().map(|g| (g.kind, g.lesson, g.student)).collect()
}

#[test]
fn counts_per_teacher_and_class_early_in_the_period() {
    let f = fixture();
    let c = completeness(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(9, 10),
    );
    // 10.09 is before 17.10 (24.10 − 7 days): finals are not due yet.
    assert!(!c.finals_due);
    // Иванова: L1, L2, L4 = 3 lessons; L2 no attendance; L2, L4 no topic (L4's is blank);
    // L2, L4 no homework; Орлова has 1 mark < 3.
    // Петров: L3 = 1 lesson, no homework.
    let ivanova = Counts {
        lessons: 3,
        no_attendance: 1,
        no_topic: 2,
        no_homework: 2,
        few_marks: 1,
        missing_finals: 0,
    };
    let petrov = Counts {
        lessons: 1,
        no_homework: 1,
        ..Counts::default()
    };
    assert_eq!(
        c.by_teacher
            .iter()
            .map(|r| (r.teacher, r.name.as_str(), r.counts))
            .collect::<Vec<_>>(),
        vec![
            (Some(f.ivanova), "Иванова А. П.", ivanova),
            (Some(f.petrov), "Петров О. И.", petrov),
        ]
    );
    // The class: 4 lessons up to 10.09 (L5 is later), the sum of both teachers.
    assert_eq!(c.by_class.len(), 1);
    assert_eq!(c.by_class[0].name, "5А");
    assert_eq!(
        c.by_class[0].counts,
        Counts {
            lessons: 4,
            no_attendance: 1,
            no_topic: 2,
            no_homework: 3,
            few_marks: 1,
            missing_finals: 0,
        }
    );
    assert_eq!(c.by_class[0].counts.gaps(), 7);
    let l = &f.lessons;
    // Students' gaps (no date) sort before the lessons' ones.
    assert_eq!(
        kinds_of(&c.gaps),
        vec![
            (GapKind::FewMarks, None, Some(f.orlova)),
            (GapKind::NoAttendance, Some(l[1]), None),
            (GapKind::NoTopic, Some(l[1]), None),
            (GapKind::NoHomework, Some(l[1]), None),
            (GapKind::NoHomework, Some(l[2]), None),
            (GapKind::NoTopic, Some(l[3]), None),
            (GapKind::NoHomework, Some(l[3]), None),
        ]
    );
    assert_eq!(c.gaps[0].marks, Some(1));
    assert_eq!(
        c.gaps[0].message,
        "5А · Математика (Иванова А. П.): Орлова Вера — отметок 1, нужно не меньше 3 для итоговой"
    );
    assert_eq!(
        c.gaps[1].message,
        "5А · Математика (Иванова А. П.): урок 02.09.2026, 2-й — не отмечена посещаемость"
    );
    assert_eq!(c.gaps[4].teacher, Some(f.petrov), "the substitute's lesson");
    assert_eq!(c.gaps[4].teacher_name, "Петров О. И.");
}

#[test]
fn finals_are_due_a_week_before_the_end() {
    let mut f = fixture();
    f.journal.finals.insert(f.sidorov, MarkValue::Points(4));
    // 16.10: one day before the week → not due; 17.10 = 24.10 − 7 → due.
    assert!(!finals_due(&f.period, d(10, 16)));
    assert!(finals_due(&f.period, d(10, 17)));
    assert!(finals_due(&f.period, d(11, 30)));
    let c = completeness(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(10, 20),
    );
    assert!(c.finals_due);
    // L5 (20.10) now counts: 5 lessons, it is complete. Only Орлова lacks a final.
    assert_eq!(c.by_class[0].counts.lessons, 5);
    assert_eq!(c.by_class[0].counts.missing_finals, 1);
    let missing: Vec<_> = c
        .gaps
        .iter()
        .filter(|g| g.kind == GapKind::MissingFinal)
        .map(|g| (g.student, g.message.as_str()))
        .collect();
    assert_eq!(
        missing,
        vec![(
            Some(f.orlova),
            "5А · Математика (Иванова А. П.): Орлова Вера — нет итоговой отметки"
        )]
    );
}

#[test]
fn other_periods_are_ignored_and_a_journal_without_a_teacher_says_so() {
    let mut f = fixture();
    f.school.assignments.clear();
    let mut other = f.journal.clone();
    other.meta.period = PeriodId::new();
    let both = vec![
        JournalRef {
            doc: DocId::new(),
            data: &f.journal,
        },
        JournalRef {
            doc: DocId::new(),
            data: &other,
        },
    ];
    let c = completeness(&f.school, &f.period, &both, &Enrolled::new(), d(9, 10));
    assert_eq!(c.by_class[0].counts.lessons, 4, "one journal counted");
    assert_eq!(c.by_teacher.len(), 2);
    assert!(c
        .by_teacher
        .iter()
        .any(|r| r.teacher.is_none() && r.name == "учитель не назначен"));
}

#[test]
fn a_group_journal_falls_back_to_the_class_teacher_of_the_subject() {
    let mut f = fixture();
    let group = GroupId::new();
    let class = f.journal.meta.cohort.class();
    f.journal.meta.cohort = Cohort::Group { class, group };
    f.school.groups.insert(
        group,
        Group {
            id: group,
            class,
            name: "Группа 1".into(),
        },
    );
    let c = completeness(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(9, 10),
    );
    assert_eq!(c.by_teacher[0].teacher, Some(f.ivanova));
    assert_eq!(c.gaps[0].cohort, "5А · Группа 1");
}

#[test]
fn blockers_are_missing_finals_and_lessons_without_attendance() {
    let mut f = fixture();
    f.journal.finals.insert(f.sidorov, MarkValue::Points(4));
    // After the end: lessons up to 24.10 count; L2 has no attendance, Орлова no final.
    // Topics, homework and few marks do not block.
    let b = period_close::blockers(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(10, 30),
    );
    assert_eq!(
        kinds_of(&b),
        vec![
            (GapKind::MissingFinal, None, Some(f.orlova)),
            (GapKind::NoAttendance, Some(f.lessons[1]), None),
        ]
    );
    // Before the end, the finals block already (closing means they are all given) and lessons
    // after today do not: an empty L6 on 22.10 blocks only once it is past.
    let l6 = lesson(d(10, 22), 2, "", "");
    let l6_id = l6.id;
    f.journal.lessons.insert(l6.id, l6);
    let early = period_close::blockers(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(10, 21),
    );
    assert_eq!(early.len(), 2);
    let late = period_close::blockers(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(10, 22),
    );
    assert_eq!(late.len(), 3);
    assert!(late.iter().any(|g| g.lesson == Some(l6_id)));

    // Filled: a topic for L2 and L6, a final for Орлова → nothing blocks.
    for id in [f.lessons[1], l6_id] {
        f.journal.lessons.get_mut(&id).expect("lesson").topic = "Тема".into();
    }
    f.journal.finals.insert(f.orlova, MarkValue::NotAssessed);
    assert!(period_close::blockers(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(10, 30)
    )
    .is_empty());
}

#[test]
fn the_refusal_lists_the_first_blockers() {
    let f = fixture();
    let b = period_close::blockers(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &Enrolled::new(),
        d(10, 30),
    );
    // Орлова and Сидоров without finals, L2 without attendance.
    assert_eq!(b.len(), 3);
    let msg = period_close::refusal_ru(&b);
    assert!(
        msg.starts_with("Период нельзя закрыть: осталось незаполненного 3"),
        "{msg}"
    );
    assert!(msg.contains("Орлова Вера — нет итоговой отметки"), "{msg}");
    assert!(
        msg.contains("урок 02.09.2026, 2-й — не отмечена посещаемость"),
        "{msg}"
    );
}

#[test]
fn a_student_who_left_the_class_is_asked_for_nothing() {
    let mut f = fixture();
    f.journal.finals.insert(f.sidorov, MarkValue::Points(4));
    let class = f.journal.meta.cohort.class();
    // Орлова withdrew: only Сидоров is on the list. Her missing final and her single mark no
    // longer count; L2's missing attendance still blocks.
    let enrolled = Enrolled::from([(class, [f.sidorov].into_iter().collect())]);
    let b = period_close::blockers(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &enrolled,
        d(10, 30),
    );
    assert_eq!(
        kinds_of(&b),
        vec![(GapKind::NoAttendance, Some(f.lessons[1]), None)]
    );
    let c = completeness(
        &f.school,
        &f.period,
        &refs(&f.journal),
        &enrolled,
        d(10, 30),
    );
    assert_eq!(c.by_class[0].counts.few_marks, 0);
    assert_eq!(c.by_class[0].counts.missing_finals, 0);
    // Another class's list says nothing about this one.
    let other = Enrolled::from([(ClassId::new(), BTreeSet::new())]);
    let b = period_close::blockers(&f.school, &f.period, &refs(&f.journal), &other, d(10, 30));
    assert_eq!(b.len(), 2);
}
