use super::*;
use crate::curriculum::CurriculumProfile;
use crate::fixtures::big_timetable;
use crate::ids::*;
use crate::model::*;
use chrono::Weekday;

/// A school of two classes (5А with two groups, 5Б), two teachers of mathematics and English,
/// six bells, a five-day week; assignments: Смирнова — maths in 5А and 5Б, Белова — English in
/// both groups of 5А.
struct S {
    school: SchoolData,
    a: ClassId,
    b: ClassId,
    g1: GroupId,
    g2: GroupId,
    maths: SubjectId,
    english: SubjectId,
    smirnova: StaffId,
    belova: StaffId,
}

fn school() -> S {
    let year = YearId::new();
    let mut school = SchoolData {
        week_days: 5,
        current_year: Some(year),
        ..SchoolData::default()
    };
    school.bells = (1..=6)
        .map(|n| Bell {
            number: n,
            start: format!("{:02}:00", 7 + n),
            end: format!("{:02}:45", 7 + n),
        })
        .collect();
    let (maths, english) = (SubjectId::new(), SubjectId::new());
    for (id, name) in [(maths, "Математика"), (english, "Английский язык")]
    {
        school.subjects.insert(
            id,
            Subject {
                id,
                name: name.into(),
                grades: vec![5],
            },
        );
    }
    let (smirnova, belova) = (StaffId::new(), StaffId::new());
    for (id, last) in [(smirnova, "Смирнова"), (belova, "Белова")] {
        school.staff.insert(
            id,
            StaffMember {
                id,
                last_name: last.into(),
                first_name: "Анна".into(),
                middle_name: String::new(),
                position: "учитель".into(),
            },
        );
    }
    let (a, b) = (ClassId::new(), ClassId::new());
    for (id, letter) in [(a, "А"), (b, "Б")] {
        school.classes.insert(
            id,
            Class {
                id,
                year,
                grade: 5,
                letter: letter.into(),
                class_teacher: None,
            },
        );
    }
    let (g1, g2) = (GroupId::new(), GroupId::new());
    for (id, name) in [(g1, "1 гр."), (g2, "2 гр.")] {
        school.groups.insert(
            id,
            Group {
                id,
                class: a,
                name: name.into(),
            },
        );
    }
    for (teacher, cohort, subject) in [
        (smirnova, Cohort::Class(a), maths),
        (smirnova, Cohort::Class(b), maths),
        (
            belova,
            Cohort::Group {
                class: a,
                group: g1,
            },
            english,
        ),
        (
            belova,
            Cohort::Group {
                class: a,
                group: g2,
            },
            english,
        ),
    ] {
        let id = AssignmentId::new();
        school.assignments.insert(
            id,
            TeachingAssignment {
                id,
                teacher,
                cohort,
                subject,
                year,
            },
        );
    }
    S {
        school,
        a,
        b,
        g1,
        g2,
        maths,
        english,
        smirnova,
        belova,
    }
}

fn slot(cohort: Cohort, subject: SubjectId, teacher: StaffId, room: &str) -> Slot {
    Slot {
        id: SlotId::new(),
        weekday: Weekday::Mon,
        number: 1,
        cohort,
        subject,
        teacher,
        co_teachers: Vec::new(),
        room: room.into(),
        week: Default::default(),
        version: None,
    }
}

fn week(s: &S, slots: Vec<Slot>) -> TimetableData {
    TimetableData {
        year: s.school.current_year.unwrap_or_default(),
        slots: slots.into_iter().map(|s| (s.id, s)).collect(),
        versions: Default::default(),
        cycle_start: None,
    }
}

fn rules(s: &S, t: &TimetableData) -> Vec<TimetableRule> {
    problems(&s.school, t).into_iter().map(|p| p.rule).collect()
}

#[test]
fn a_clean_week_has_no_problems() {
    let s = school();
    let mut other = slot(Cohort::Class(s.b), s.maths, s.smirnova, "203");
    other.number = 2;
    let t = week(
        &s,
        vec![slot(Cohort::Class(s.a), s.maths, s.smirnova, "203"), other],
    );
    assert_eq!(problems(&s.school, &t), vec![]);
}

#[test]
fn parallel_groups_of_one_class_are_allowed() {
    let mut s = school();
    // Two English teachers are needed for two parallel groups.
    let other = StaffId::new();
    let mut m = s.school.staff[&s.belova].clone();
    m.id = other;
    m.last_name = "Орлова".into();
    s.school.staff.insert(other, m);
    let mut a = s.school.assignments.values().last().cloned().expect("one");
    a.id = AssignmentId::new();
    a.teacher = other;
    s.school.assignments.insert(a.id, a);
    let g1 = Cohort::Group {
        class: s.a,
        group: s.g1,
    };
    let g2 = Cohort::Group {
        class: s.a,
        group: s.g2,
    };
    let t = week(
        &s,
        vec![
            slot(g1, s.english, s.belova, "301"),
            slot(g2, s.english, other, "302"),
        ],
    );
    assert_eq!(problems(&s.school, &t), vec![]);
}

#[test]
fn the_whole_class_and_one_of_its_groups_clash() {
    let s = school();
    let g1 = Cohort::Group {
        class: s.a,
        group: s.g1,
    };
    let whole = slot(Cohort::Class(s.a), s.maths, s.smirnova, "203");
    let group = slot(g1, s.english, s.belova, "301");
    let t = week(&s, vec![whole.clone(), group.clone()]);
    let p = problems(&s.school, &t);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p.iter().all(|p| p.rule == TimetableRule::ClassBusy));
    assert!(p[0].message.contains("5А"), "{}", p[0].message);
    assert!(
        p[0].message.contains("понедельник, урок 1"),
        "{}",
        p[0].message
    );
    let ids: BTreeSet<SlotId> = p.iter().map(|p| p.slots[0]).collect();
    assert_eq!(ids, [whole.id, group.id].into());
    // The same group twice is a clash too.
    let again = slot(g1, s.english, s.belova, "302");
    let t = week(&s, vec![group, again]);
    assert!(rules(&s, &t).contains(&TimetableRule::ClassBusy));
}

#[test]
fn a_teacher_in_two_places_is_a_clash() {
    let s = school();
    let t = week(
        &s,
        vec![
            slot(Cohort::Class(s.a), s.maths, s.smirnova, "203"),
            slot(Cohort::Class(s.b), s.maths, s.smirnova, "204"),
        ],
    );
    let p = problems(&s.school, &t);
    assert_eq!(
        p.iter().map(|p| p.rule).collect::<Vec<_>>(),
        [TimetableRule::TeacherBusy; 2]
    );
    assert!(p[0].message.contains("Смирнова А."), "{}", p[0].message);
    assert!(p[0].key.starts_with("teacher/"), "{}", p[0].key);
    assert_eq!(p[0].slots.len(), 2);
}

#[test]
fn a_room_in_two_places_is_a_clash_but_an_empty_room_is_not() {
    let mut s = school();
    let other = StaffId::new();
    let mut m = s.school.staff[&s.smirnova].clone();
    m.id = other;
    s.school.staff.insert(other, m);
    let id = AssignmentId::new();
    s.school.assignments.insert(
        id,
        TeachingAssignment {
            id,
            teacher: other,
            cohort: Cohort::Class(s.b),
            subject: s.maths,
            year: YearId::new(),
        },
    );
    let t = week(
        &s,
        vec![
            slot(Cohort::Class(s.a), s.maths, s.smirnova, "203"),
            slot(Cohort::Class(s.b), s.maths, other, " 203 "),
        ],
    );
    assert_eq!(rules(&s, &t), [TimetableRule::RoomBusy; 2]);
    let t = week(
        &s,
        vec![
            slot(Cohort::Class(s.a), s.maths, s.smirnova, ""),
            slot(Cohort::Class(s.b), s.maths, other, "  "),
        ],
    );
    assert_eq!(rules(&s, &t), []);
}

#[test]
fn a_teacher_without_an_assignment_is_a_problem() {
    let s = school();
    // Белова teaches English in the groups of 5А, not maths, and not in 5Б.
    let t = week(&s, vec![slot(Cohort::Class(s.b), s.english, s.belova, "")]);
    let p = problems(&s.school, &t);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].rule, TimetableRule::NoAssignment);
    assert!(p[0].message.contains("Белова А."), "{}", p[0].message);
    assert!(p[0].message.contains("5Б"), "{}", p[0].message);
    // A class assignment covers the class's groups.
    let g1 = Cohort::Group {
        class: s.a,
        group: s.g1,
    };
    let t = week(&s, vec![slot(g1, s.maths, s.smirnova, "")]);
    assert_eq!(rules(&s, &t), []);
}

#[test]
fn lessons_outside_the_bells_or_the_week_are_problems() {
    let s = school();
    let mut late = slot(Cohort::Class(s.a), s.maths, s.smirnova, "");
    late.number = 7;
    let mut saturday = slot(Cohort::Class(s.b), s.maths, s.smirnova, "");
    saturday.weekday = Weekday::Sat;
    let t = week(&s, vec![late, saturday]);
    let mut r = rules(&s, &t);
    r.sort();
    assert_eq!(r, [TimetableRule::Weekday, TimetableRule::LessonNumber]);
    let p = problems(&s.school, &t);
    assert!(
        p.iter().any(|p| p.message.contains("урока №7 нет")),
        "{p:?}"
    );
    assert!(p.iter().any(|p| p.message.contains("5-дневная")), "{p:?}");
}

#[test]
fn unknown_references_are_one_problem() {
    let s = school();
    let t = week(
        &s,
        vec![slot(Cohort::Class(ClassId::new()), s.maths, s.smirnova, "")],
    );
    assert_eq!(rules(&s, &t), [TimetableRule::UnknownRefs]);
}

#[test]
fn hours_over_the_plan_are_a_problem_fewer_are_not() {
    let mut s = school();
    let profile = ProfileId::new();
    s.school.profiles.insert(
        profile,
        CurriculumProfile {
            id: profile,
            name: "Базовый".into(),
            grade: 5,
            hours: [
                (s.maths, WeeklyHours::hours(2)),
                (s.english, WeeklyHours::hours(3)),
            ]
            .into(),
        },
    );
    s.school.class_profiles.insert(s.a, profile);
    let at = |n: u8, cohort, subject, teacher| {
        let mut x = slot(cohort, subject, teacher, "");
        x.number = n;
        x
    };
    let g1 = Cohort::Group {
        class: s.a,
        group: s.g1,
    };
    let g2 = Cohort::Group {
        class: s.a,
        group: s.g2,
    };
    let mut slots = vec![
        at(1, Cohort::Class(s.a), s.maths, s.smirnova),
        at(2, Cohort::Class(s.a), s.maths, s.smirnova),
        // English in groups: each group once, on different lessons: 1 hour for a student.
        at(3, g1, s.english, s.belova),
        at(4, g2, s.english, s.belova),
    ];
    let t = week(&s, slots.clone());
    assert_eq!(problems(&s.school, &t), vec![]);
    let table = plan_vs_fact(&s.school, &t, s.a);
    let row = |name: &str| table.iter().find(|r| r.name == name).cloned().expect(name);
    assert_eq!(row("Математика").difference, 0);
    assert_eq!(row("Английский язык").scheduled, WeeklyHours::hours(1));
    assert_eq!(row("Английский язык").difference, -4);
    assert_eq!(table[0].name, "Английский язык", "sorted by name");

    slots.push(at(5, Cohort::Class(s.a), s.maths, s.smirnova));
    let over = week(&s, slots.clone());
    let p = problems(&s.school, &over);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].rule, TimetableRule::OverPlan);
    assert_eq!(p[0].key, format!("plan/{}/{}", s.a, s.maths));
    assert_eq!(p[0].amount, 2);
    assert_eq!(p[0].slots.len(), 3);
    assert!(p[0].message.contains("3 ч"), "{}", p[0].message);
    assert!(
        p[0].message.contains("по учебному плану 2 ч"),
        "{}",
        p[0].message
    );

    // Not worse: an old over-plan may stay, but may not grow.
    check_not_worse(&s.school, &over, &over).expect("the same week");
    check_not_worse(&s.school, &t, &over).expect_err("over the plan");
    slots.push(at(6, Cohort::Class(s.a), s.maths, s.smirnova));
    let more = week(&s, slots);
    check_not_worse(&s.school, &over, &more).expect_err("more over the plan");
    check_not_worse(&s.school, &more, &over).expect("less over the plan");

    // A class without a profile has no plan to exceed (5Б).
    let t = week(&s, vec![at(1, Cohort::Class(s.b), s.maths, s.smirnova)]);
    assert_eq!(problems(&s.school, &t), vec![]);
    assert_eq!(
        plan_vs_fact(&s.school, &t, s.b)[0].planned,
        WeeklyHours::ZERO
    );
}

#[test]
fn removing_one_of_three_clashing_lessons_is_not_worse() {
    let s = school();
    let three = vec![
        slot(Cohort::Class(s.a), s.maths, s.smirnova, "1"),
        slot(Cohort::Class(s.b), s.maths, s.smirnova, "2"),
        slot(Cohort::Class(s.b), s.maths, s.smirnova, "3"),
    ];
    let before = week(&s, three.clone());
    let after = week(&s, three[..2].to_vec());
    check_not_worse(&s.school, &before, &after).expect("part of a clash fixed");
    let e = check_not_worse(&s.school, &after, &before).expect_err("a third lesson");
    assert!(e.to_string().contains("Смирнова"), "{e}");
}

#[test]
fn a_thirty_class_week_is_clean_and_one_edit_is_seen() {
    let (school, t) = big_timetable();
    assert_eq!(t.slots.len(), 1010);
    assert_eq!(crate::school_rules::problems(&school), vec![]);
    assert_eq!(problems(&school, &t), vec![]);
    for class in school.classes.keys() {
        assert!(plan_vs_fact(&school, &t, *class)
            .iter()
            .all(|r| r.difference == 0));
    }
    // Class 1's first lesson given to class 0's first teacher: a double booking of that
    // teacher (both lessons) and a lesson without an assignment.
    let mut edited = t.clone();
    let first = |c: usize| {
        let class = *school.classes.keys().nth(c).expect("class");
        t.slots
            .values()
            .find(|s| {
                s.cohort == Cohort::Class(class) && s.weekday == Weekday::Mon && s.number == 1
            })
            .cloned()
            .expect("a first lesson")
    };
    let (a, mut b) = (first(0), first(1));
    b.teacher = a.teacher;
    edited.slots.insert(b.id, b.clone());
    let p = problems(&school, &edited);
    assert_eq!(
        p.iter().map(|p| p.rule).collect::<Vec<_>>(),
        [
            TimetableRule::TeacherBusy,
            TimetableRule::TeacherBusy,
            TimetableRule::NoAssignment
        ],
        "{p:?}"
    );
    let clashing: BTreeSet<SlotId> = p[..2].iter().map(|p| p.slots[0]).collect();
    assert_eq!(clashing, [a.id, b.id].into());
    assert_eq!(p[2].slots, vec![b.id]);
}

mod co_teachers;
