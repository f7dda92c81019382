//! Changes by date of a co-taught lesson: class 0's Monday 1st lesson taught by its teacher
//! with teacher 30 (free then) as co-teacher.

use super::*;
use crate::views::substitutions::substitutions;

fn co_world() -> (World, Slot) {
    let (school, mut week) = big_timetable();
    let probe = World {
        school: school.clone(),
        doc: week.to_doc().expect("doc"),
        week: week.clone(),
    };
    let mut s = slot_of(&probe, 0, Weekday::Mon, 1);
    s.co_teachers = vec![teacher(30)];
    week.slots.insert(s.id, s.clone());
    let doc = week.to_doc().expect("doc");
    (World { school, week, doc }, s)
}

#[test]
fn a_co_teacher_cannot_substitute_in_their_own_lesson() {
    let (mut w, s) = co_world();
    let mut c = change(&s, d(9, 7), ChangeKind::Substitute);
    c.teacher = Some(teacher(30));
    let e = put(&mut w, &c).expect_err("one of the slot's teachers");
    assert!(e.to_string().contains("тот же, кто ведёт урок"), "{e}");
    assert!(read_changes(&w.doc).expect("read").is_empty());
}

#[test]
fn a_substitute_replaces_every_teacher_of_the_slot() {
    let (mut w, s) = co_world();
    let day = lessons_on(&w.week, &Changes::new(), d(9, 7));
    let l = day.iter().find(|l| l.slot == s.id).expect("on");
    assert_eq!(
        l.teachers().collect::<Vec<_>>(),
        vec![s.teacher, teacher(30)]
    );

    let mut c = change(&s, d(9, 7), ChangeKind::Substitute);
    c.teacher = Some(teacher(31));
    put(&mut w, &c).expect("a free teacher substitutes");
    let read = read_changes(&w.doc).expect("read");
    let day = lessons_on(&w.week, &read, d(9, 7));
    let l = day.iter().find(|l| l.slot == s.id).expect("on");
    assert_eq!(l.teachers().collect::<Vec<_>>(), vec![teacher(31)]);
    assert_eq!(
        l.regular_teachers().collect::<Vec<_>>(),
        vec![s.teacher, teacher(30)]
    );
    assert!(l.involves(teacher(30)));

    let report = substitutions(&w.school, &w.week, &read, "2026-09", d(9, 1), d(9, 30));
    assert_eq!(report.rows.len(), 1);
    let row = &report.rows[0];
    assert_eq!(row.replaced, s.teacher);
    assert_eq!(row.also_replaced, vec![teacher(30)]);
    let lead = w.school.staff[&s.teacher].short_name();
    let co = w.school.staff[&teacher(30)].short_name();
    assert_eq!(row.replaced_name, format!("{lead}, {co}"));
}

#[test]
fn the_co_teacher_counts_in_the_days_clashes() {
    let (mut w, s) = co_world();
    // Teacher 30 is free on Monday's 1st lesson without the co-teaching: substituting in
    // another class then is fine on a week without it, and a clash with it.
    let other = slot_of(&w, 1, Weekday::Mon, 1);
    let mut c = change(&other, d(9, 7), ChangeKind::Substitute);
    c.teacher = Some(teacher(30));
    let e = put(&mut w, &c).expect_err("the co-teacher is busy");
    assert!(e.to_string().contains("уже ведёт"), "{e}");
    let clash = day_clashes(
        &w.school,
        &w.week,
        &[(c.id, c.clone())].into_iter().collect(),
        d(9, 7),
    );
    assert_eq!(clash.len(), 1, "{clash:?}");
    assert!(
        clash[0].key.contains(&teacher(30).to_string()),
        "{}",
        clash[0].key
    );
    // Without the co-teacher the same substitution is accepted.
    let mut plain = w.week.clone();
    plain
        .slots
        .get_mut(&s.id)
        .expect("slot")
        .co_teachers
        .clear();
    let mut w2 = World {
        school: w.school.clone(),
        doc: plain.to_doc().expect("doc"),
        week: plain,
    };
    put(&mut w2, &c).expect("free without the co-teaching");
}

#[test]
fn the_co_teachers_today_lists_the_lesson_and_the_substitute_replaces_both() {
    use crate::views::today::today_lessons;
    let (mut w, s) = co_world();
    let today = |w: &World, changes: &Changes, who: StaffId| {
        today_lessons(&w.school, &w.week, changes, who, d(9, 7), &[], |_| None)
    };
    let mine = today(&w, &Changes::new(), teacher(30));
    assert_eq!(
        mine.len(),
        1,
        "teacher 30 teaches only the co-taught lesson on Monday"
    );
    assert_eq!(mine[0].number, s.number);
    assert!(!mine[0].not_mine);

    let mut c = change(&s, d(9, 7), ChangeKind::Substitute);
    c.teacher = Some(teacher(31));
    put(&mut w, &c).expect("substitute");
    let changes = read_changes(&w.doc).expect("read");
    let mine = today(&w, &changes, teacher(30));
    assert_eq!(mine.len(), 1);
    assert!(mine[0].not_mine, "a substitute gives it");
    assert_eq!(
        mine[0].substitute.as_deref(),
        Some(w.school.staff[&teacher(31)].short_name().as_str())
    );
    let sub = today(&w, &changes, teacher(31));
    let row = sub
        .iter()
        .find(|l| l.number == s.number && l.cohort == s.cohort)
        .expect("the substituted lesson");
    let lead = w.school.staff[&s.teacher].short_name();
    let co = w.school.staff[&teacher(30)].short_name();
    assert_eq!(
        row.replaces.as_deref(),
        Some(format!("{lead}, {co}").as_str())
    );
}
