use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::completeness::JournalRef;
use crate::fixtures::tiny_journal;
use crate::ids::{DocId, StudentId};
use crate::marks::MarkValue;
use crate::setup::SetupStep;

fn setup(done: usize) -> Vec<StepProgress> {
    SetupStep::ALL
        .iter()
        .enumerate()
        .map(|(k, &step)| StepProgress {
            step,
            title: step.title_ru().to_string(),
            state: if k < done {
                StepState::Done
            } else {
                StepState::ToDo {
                    hint: "заполните шаг".into(),
                }
            },
        })
        .collect()
}

fn full() -> RolloutInputs {
    RolloutInputs {
        setup: setup(10),
        finals: Some(FinalsCount {
            period: "1 четверть".into(),
            due: 100,
            given: 95,
        }),
        reports: 1,
        orders: 3,
        slots: 40,
        timetable_problems: 0,
        lessons: Some(LessonsCount {
            period: "2 четверть".into(),
            lessons: 10,
            with_attendance: 9,
            with_topic: 10,
            with_homework: 9,
        }),
        parent_accounts: 10,
        parents_signed_in: 5,
    }
}

fn status(i: &RolloutInputs) -> Vec<StageStatus> {
    stages(i).iter().map(|s| s.status).collect()
}

use StageStatus::{Done, InProgress as Going, NotStarted as No};

/// A change of the full inputs.
type Change = Box<dyn Fn(&mut RolloutInputs)>;

#[test]
fn stages_follow_their_thresholds() {
    let cases: Vec<(&str, Change, [StageStatus; 5])> = vec![
        (
            "everything at its bar",
            Box::new(|_| {}),
            [Done, Done, Done, Done, No],
        ),
        (
            "nothing at all",
            Box::new(|i| *i = RolloutInputs::default()),
            [No, No, No, No, No],
        ),
        (
            "one wizard step left",
            Box::new(|i| i.setup = setup(9)),
            [Going, Done, Done, Done, No],
        ),
        (
            "no wizard step done",
            Box::new(|i| i.setup = setup(0)),
            [No, Done, Done, Done, No],
        ),
        (
            "finals one short of 95 %",
            Box::new(|i| i.finals.as_mut().unwrap().given = 94),
            [Done, Going, Done, Done, No],
        ),
        (
            "no period ended yet",
            Box::new(|i| i.finals = None),
            [Done, Going, Done, Done, No],
        ),
        (
            "no report produced",
            Box::new(|i| i.reports = 0),
            [Done, Going, Done, Done, No],
        ),
        (
            "no order this year",
            Box::new(|i| i.orders = 0),
            [Done, Going, Done, Done, No],
        ),
        (
            "a timetable problem",
            Box::new(|i| i.timetable_problems = 1),
            [Done, Going, Done, Done, No],
        ),
        (
            "stage II all zero",
            Box::new(|i| {
                i.finals = None;
                i.reports = 0;
                i.orders = 0;
                i.slots = 0;
            }),
            [Done, No, Done, Done, No],
        ),
        (
            "homework below 90 %",
            Box::new(|i| i.lessons.as_mut().unwrap().with_homework = 8),
            [Done, Done, Going, Done, No],
        ),
        (
            "no lesson given yet",
            Box::new(|i| {
                i.lessons = Some(LessonsCount {
                    period: "1 четверть".into(),
                    ..LessonsCount::default()
                })
            }),
            [Done, Done, No, Done, No],
        ),
        (
            "parents just under half",
            Box::new(|i| i.parents_signed_in = 4),
            [Done, Done, Done, Going, No],
        ),
        (
            "no parent account",
            Box::new(|i| {
                i.parent_accounts = 0;
                i.parents_signed_in = 0;
            }),
            [Done, Done, Done, No, No],
        ),
    ];
    for (name, change, expected) in cases {
        let mut i = full();
        change(&mut i);
        assert_eq!(status(&i), expected, "{name}");
    }
}

#[test]
fn each_stage_says_what_holds_and_what_is_missing() {
    let mut i = full();
    i.setup[3].state = StepState::Problems {
        problems: vec!["выберите пятидневную или шестидневную неделю".into()],
    };
    i.finals.as_mut().unwrap().given = 50;
    let s = stages(&i);
    assert_eq!(
        s[0].missing(),
        ["Учебная неделя: выберите пятидневную или шестидневную неделю"]
    );
    assert_eq!(s[0].holds().len(), 9);
    assert_eq!(
        s[1].missing(),
        ["Итоговые отметки за «1 четверть»: 50 % (50 из 100), нужно не меньше 95 %"]
    );
    assert!(s[1]
        .holds()
        .contains(&"Отчётов получено с начала «1 четверть»: 1"));
    // Lesson plans are not kept: said so, never held, yet stage III is done on its journals.
    assert_eq!(s[2].status, Done);
    assert_eq!(
        s[2].missing(),
        ["Календарно-тематические планы: не ведётся — в Звонке их пока нет, этап оценивается по журналам"]
    );
    assert_eq!(
        s[3].holds(),
        ["Родители, входившие за 30 дней: 50 % (5 из 10)"]
    );
    assert!(s[4].holds().is_empty());
    assert_eq!(s[4].missing().len(), 2);
    assert!(s[4]
        .measures
        .iter()
        .all(|m| m.done == 0 && m.state == MeasureState::NotKept));
}

#[test]
fn an_empty_school_says_where_to_begin() {
    let s = stages(&RolloutInputs::default());
    assert!(s[1]
        .missing()
        .contains(&"Итоговые отметки: ни один учебный период этого года ещё не закончился"));
    assert!(s[1]
        .missing()
        .contains(&"Расписание не составлено: в нём нет ни одного урока"));
    assert_eq!(
        s[3].missing(),
        ["Родители, входившие за 30 дней: учётных записей родителей пока нет"]
    );
    assert_eq!(s[3].measures[0].percent, None);
}

#[test]
fn percent_rounds_down_and_knows_no_total() {
    assert_eq!(percent(0, 0), None);
    assert_eq!(percent(2, 3), Some(66));
    assert_eq!(percent(3, 3), Some(100));
    assert_eq!(percent(u32::MAX, u32::MAX), Some(100));
}

#[test]
fn finals_count_asks_only_students_on_the_list() {
    let (mut j, _, student) = tiny_journal();
    let gone = StudentId::new();
    let late = StudentId::new();
    j.students.insert(gone, "Петров Пётр".into());
    j.students.insert(late, "Сидорова Анна".into());
    j.finals.insert(student, "5".parse::<MarkValue>().unwrap());
    let class = j.meta.cohort.class();
    let refs = [JournalRef {
        doc: DocId::new(),
        data: &j,
    }];
    let mut enrolled: Enrolled = BTreeMap::new();
    // A class missing from the lists asks every student.
    let all = finals_count("1 четверть", &refs, &enrolled);
    assert_eq!((all.due, all.given), (3, 1));
    enrolled.insert(class, BTreeSet::from([student, late]));
    let c = finals_count("1 четверть", &refs, &enrolled);
    assert_eq!((c.due, c.given), (2, 1));
    assert_eq!(c.period, "1 четверть");
}
