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
