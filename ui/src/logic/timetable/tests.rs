use chrono::Weekday;
use zvonok_core::fixtures::big_timetable;
use zvonok_core::ids::SlotId;
use zvonok_core::timetable_rules;

use super::*;

#[test]
fn every_page_survives_the_url() {
    let (school, t) = big_timetable();
    let class = classes(&school)[0].0;
    let teacher = teachers(&school)[0].0;
    let pages = [
        TimetablePage::Grid(None),
        TimetablePage::Grid(Some(Lens::Class(class))),
        TimetablePage::Grid(Some(Lens::Teacher(teacher))),
        TimetablePage::Grid(Some(Lens::Room(room("Каб. 12/б")))),
        TimetablePage::Import,
        TimetablePage::Changes(None),
        TimetablePage::Changes(chrono::NaiveDate::from_ymd_opt(2026, 12, 7)),
    ];
    for p in pages {
        let path = p.to_path();
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        assert_eq!(TimetablePage::from_parts(&parts), Some(p), "{path}");
    }
    assert_eq!(TimetablePage::from_parts(&["room", "%20"]), None);
    assert_eq!(TimetablePage::from_parts(&["class", "not-an-id"]), None);
    assert!(!rooms(&t).is_empty());
}

#[test]
fn a_class_grid_has_the_week_and_the_bells_and_every_slot_of_the_class() {
    let (school, t) = big_timetable();
    let (class, _) = classes(&school)[0].clone();
    let g = grid(&school, &t, &Lens::Class(class), Shown::default(), &[]);
    assert_eq!(g.days.len(), 6);
    assert_eq!(g.rows.len(), 6);
    assert_eq!(g.rows[0].time, "08:00–08:45");
    let shown: usize = g.rows.iter().flat_map(|r| &r.cells).map(Vec::len).sum();
    let expected = t
        .slots
        .values()
        .filter(|s| s.cohort.class() == class)
        .count();
    assert_eq!(shown, expected);
    assert!(g.problems.is_empty());
    // The parallel groups share one cell.
    assert!(g.rows.iter().flat_map(|r| &r.cells).any(|c| c.len() == 2));
}

#[test]
fn a_teacher_in_two_places_is_shown_in_both_cells_and_refused_before_saving() {
    let (school, t) = big_timetable();
    let first = t.slots.values().next().expect("slot").clone();
    // Another class's slot at the same time, given to the same teacher.
    let other = t
        .slots
        .values()
        .find(|s| {
            s.weekday == first.weekday
                && s.number == first.number
                && s.cohort.class() != first.cohort.class()
        })
        .expect("another class at that time")
        .clone();
    let moved = Slot {
        teacher: first.teacher,
        ..other.clone()
    };
    let reasons = problems_if_saved(&school, &t, &moved);
    assert!(!reasons.is_empty(), "a clash must be refused");
    let mut after = t.clone();
    after.slots.insert(moved.id, moved.clone());
    let problems = timetable_rules::problems(&school, &after);
    let g = grid(
        &school,
        &after,
        &Lens::Teacher(first.teacher),
        Shown::default(),
        &problems,
    );
    let flagged: Vec<&CellSlot> = g
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flatten())
        .filter(|c| !c.problems.is_empty())
        .collect();
    assert!(flagged.len() >= 2, "both lessons are marked: {flagged:?}");
    assert!(!g.problems.is_empty());
    // Putting the slot back as it was adds nothing.
    assert!(problems_if_saved(&school, &t, &other).is_empty());
}

#[test]
fn a_draft_becomes_a_slot_once_class_subject_and_teacher_are_chosen() {
    let (school, _) = big_timetable();
    let (class, _) = classes(&school)[0].clone();
    let mut d = Draft::new_in(&Lens::Class(class), Shown::default(), Weekday::Mon, 1);
    assert_eq!(d.slot(SlotId::new()), None);
    let cohort = cohorts_of(&school, class)[0].0;
    let (subject, _) = subjects_for(&school, cohort)[0].clone();
    d.subject = Some(subject);
    d.teacher = assigned_teacher(&school, cohort, subject);
    assert!(d.teacher.is_some(), "the assigned teacher is proposed");
    d.room = "  21 ".into();
    let s = d.slot(SlotId::new()).expect("complete");
    assert_eq!(s.room, "21");
    assert_eq!(Draft::of(&s).slot(SlotId::new()), Some(s));
}

#[test]
fn a_draft_adds_and_removes_co_teachers_and_the_grid_names_both() {
    let (mut school, mut t) = big_timetable();
    let first = t.slots.values().next().expect("slot").clone();
    // A teacher free at that time (teaching only on Saturday's 4th lesson) helps.
    let co = t
        .slots
        .values()
        .find(|s| s.weekday == Weekday::Sat && s.number == 4 && s.teacher != first.teacher)
        .map(|s| s.teacher)
        .filter(|t| *t != first.teacher)
        .expect("a free teacher");
    let year = school.current_year.expect("year");
    let id = zvonok_core::ids::AssignmentId::new();
    school.assignments.insert(
        id,
        zvonok_core::model::TeachingAssignment {
            id,
            teacher: co,
            cohort: first.cohort,
            subject: first.subject,
            year,
        },
    );

    let mut d = Draft::of(&first);
    assert!(d.may_add_co_teacher());
    d.add_co_teacher();
    // A row not chosen yet is not saved.
    assert_eq!(d.slot(SlotId::new()).expect("slot").co_teachers, vec![]);
    d.set_co_teacher(0, Some(co));
    // The lead chosen again, and a repeat, count for nothing.
    d.add_co_teacher();
    d.set_co_teacher(1, Some(first.teacher));
    d.add_co_teacher();
    d.set_co_teacher(2, Some(co));
    assert!(!d.may_add_co_teacher(), "the lead and three more at most");
    d.add_co_teacher();
    assert_eq!(d.co_teachers.len(), 3);
    let two = d.slot(SlotId::new()).expect("slot");
    assert_eq!(two.co_teachers, vec![co]);
    assert_eq!(two.id, first.id);
    assert!(problems_if_saved(&school, &t, &two).is_empty());
    assert_eq!(Draft::of(&two).slot(SlotId::new()), Some(two.clone()));

    t.slots.insert(two.id, two.clone());
    // By class the cell names both teachers, the lead first.
    let g = grid(
        &school,
        &t,
        &Lens::Class(first.cohort.class()),
        Shown::default(),
        &[],
    );
    let cell = g
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flatten())
        .find(|c| c.slot.id == two.id)
        .expect("the lesson");
    let names = format!(
        "{}, {}",
        school.staff[&first.teacher].short_name(),
        school.staff[&co].short_name()
    );
    assert!(cell.detail.ends_with(&names), "{}", cell.detail);
    // The co-teacher's week has the lesson; the lens lists them.
    let g = grid(&school, &t, &Lens::Teacher(co), Shown::default(), &[]);
    assert!(g
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flatten())
        .any(|c| c.slot.id == two.id));
    assert!(teaching_staff(&school, &t).iter().any(|(id, _)| *id == co));
    // Busy for a substitution at that time.
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).expect("a Monday");
    let date = monday + chrono::Duration::days(i64::from(two.weekday.num_days_from_monday()));
    assert!(busy_at(&t, &Default::default(), date, two.number).contains(&co));

    // Removed again: the slot has one teacher.
    let mut d = Draft::of(&two);
    d.remove_co_teacher(0);
    assert_eq!(d.slot(SlotId::new()).expect("slot").co_teachers, vec![]);
    // The co-teacher in another class at the same time is refused before saving.
    let mut clash = t
        .slots
        .values()
        .find(|s| {
            s.weekday == two.weekday
                && s.number == two.number
                && s.cohort.class() != two.cohort.class()
        })
        .expect("another class then")
        .clone();
    clash.co_teachers = vec![co];
    assert!(!problems_if_saved(&school, &t, &clash).is_empty());
}
