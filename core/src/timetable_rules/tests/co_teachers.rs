//! Slots with several teachers: every teacher is checked for clashes and assignments; the
//! lead's keys stay as they were.

use super::*;

/// The school of [`school`] with Белова also teaching maths in 5А (she co-teaches it with
/// Смирнова) and a third teacher, Орлова, teaching English in 5А's second group.
fn co_school() -> (S, StaffId) {
    let mut s = school();
    let year = s.school.current_year.unwrap_or_default();
    let orlova = StaffId::new();
    let mut m = s.school.staff[&s.belova].clone();
    m.id = orlova;
    m.last_name = "Орлова".into();
    s.school.staff.insert(orlova, m);
    for (teacher, cohort, subject) in [
        (s.belova, Cohort::Class(s.a), s.maths),
        (
            orlova,
            Cohort::Group {
                class: s.a,
                group: s.g2,
            },
            s.english,
        ),
    ] {
        let id = AssignmentId::new();
        s.school.assignments.insert(
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
    (s, orlova)
}

fn keys(s: &S, t: &TimetableData) -> Vec<String> {
    problems(&s.school, t).into_iter().map(|p| p.key).collect()
}

#[test]
fn a_co_taught_lesson_with_both_assignments_has_no_problem() {
    let (s, _) = co_school();
    let mut maths = slot(Cohort::Class(s.a), s.maths, s.smirnova, "203");
    maths.co_teachers = vec![s.belova];
    assert_eq!(problems(&s.school, &week(&s, vec![maths])), vec![]);
}

#[test]
fn the_co_teacher_in_two_places_is_a_clash_of_the_co_teacher() {
    let (s, _) = co_school();
    let mut maths = slot(Cohort::Class(s.a), s.maths, s.smirnova, "203");
    maths.co_teachers = vec![s.belova];
    // Белова also has 5Б's maths at the same time (assignment given: only the clash is wrong).
    let mut s = s;
    let year = s.school.current_year.unwrap_or_default();
    let id = AssignmentId::new();
    s.school.assignments.insert(
        id,
        TeachingAssignment {
            id,
            teacher: s.belova,
            cohort: Cohort::Class(s.b),
            subject: s.maths,
            year,
        },
    );
    let other = slot(Cohort::Class(s.b), s.maths, s.belova, "204");
    let t = week(&s, vec![maths.clone(), other.clone()]);
    let found = problems(&s.school, &t);
    assert_eq!(
        found.iter().map(|p| p.rule).collect::<Vec<_>>(),
        vec![TimetableRule::TeacherBusy, TimetableRule::TeacherBusy],
        "{found:#?}"
    );
    for p in &found {
        assert!(p.key.contains(&s.belova.to_string()), "{}", p.key);
        assert!(!p.key.contains(&s.smirnova.to_string()), "{}", p.key);
        assert!(p.message.contains("Белова"), "{}", p.message);
    }
    let of_maths = found
        .iter()
        .find(|p| p.slots[0] == maths.id)
        .expect("the co-taught slot is marked");
    assert_eq!(
        of_maths.key,
        format!("teacher/{}/{}/1/1", maths.id, s.belova)
    );
    assert_eq!(of_maths.slots, vec![maths.id, other.id]);
    // Without the co-teacher the week is clean again.
    maths.co_teachers.clear();
    assert_eq!(problems(&s.school, &week(&s, vec![maths, other])), vec![]);
}

#[test]
fn a_co_teacher_without_the_assignment_is_named() {
    let s = school();
    let mut maths = slot(Cohort::Class(s.a), s.maths, s.smirnova, "203");
    maths.co_teachers = vec![s.belova];
    let found = problems(&s.school, &week(&s, vec![maths.clone()]));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, TimetableRule::NoAssignment);
    assert_eq!(
        found[0].key,
        format!("assignment/{}/{}/{}/{}", maths.id, s.belova, s.a, s.maths)
    );
    assert!(
        found[0].message.starts_with("Белова"),
        "{}",
        found[0].message
    );
}

#[test]
fn the_leads_keys_do_not_change_with_a_co_teacher() {
    let (s, _) = co_school();
    // Смирнова in two classes at once: the lead's clash.
    let maths = slot(Cohort::Class(s.a), s.maths, s.smirnova, "203");
    let other = slot(Cohort::Class(s.b), s.maths, s.smirnova, "204");
    let before = keys(&s, &week(&s, vec![maths.clone(), other.clone()]));
    let mut with_co = maths;
    with_co.co_teachers = vec![s.belova];
    let after = keys(&s, &week(&s, vec![with_co, other]));
    assert_eq!(before, after);
    assert_eq!(before.len(), 2);
}

#[test]
fn parallel_groups_with_co_teachers_are_fine_unless_they_share_one() {
    let (mut s, orlova) = co_school();
    let year = s.school.current_year.unwrap_or_default();
    // Смирнова helps in the first group's English.
    let id = AssignmentId::new();
    let g1 = Cohort::Group {
        class: s.a,
        group: s.g1,
    };
    let g2 = Cohort::Group {
        class: s.a,
        group: s.g2,
    };
    s.school.assignments.insert(
        id,
        TeachingAssignment {
            id,
            teacher: s.smirnova,
            cohort: g1,
            subject: s.english,
            year,
        },
    );
    let mut first = slot(g1, s.english, s.belova, "301");
    first.co_teachers = vec![s.smirnova];
    let second = slot(g2, s.english, orlova, "302");
    assert_eq!(
        problems(&s.school, &week(&s, vec![first.clone(), second.clone()])),
        vec![]
    );
    // Белова co-teaching the second group at the same time is in two places.
    let mut second = second;
    second.co_teachers = vec![s.belova];
    assert_eq!(
        rules(&s, &week(&s, vec![first, second])),
        vec![TimetableRule::TeacherBusy, TimetableRule::TeacherBusy]
    );
}

#[test]
fn an_unknown_co_teacher_is_an_unknown_reference() {
    let (s, _) = co_school();
    let mut maths = slot(Cohort::Class(s.a), s.maths, s.smirnova, "203");
    maths.co_teachers = vec![StaffId::new()];
    assert_eq!(
        rules(&s, &week(&s, vec![maths])),
        vec![TimetableRule::UnknownRefs]
    );
}
