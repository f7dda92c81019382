//! A co-taught lesson in the teachers' feeds: Орлов co-teaches Соколова's Monday maths.

use super::*;

fn co_taught() -> (Fixture, SlotId) {
    let mut f = fixture();
    let monday = slot_at(&f, Weekday::Mon, 1);
    f.tt.slots
        .get_mut(&monday)
        .expect("Monday's maths")
        .co_teachers = vec![f.orlov];
    (f, monday)
}

#[test]
fn a_co_teachers_feed_holds_the_co_taught_lessons() {
    let (f, _) = co_taught();
    let orlov = feed_lessons(
        &f.school,
        Some(&f.tt),
        &Changes::new(),
        &[],
        &FeedScope::Teacher(f.orlov),
        d(11, 2),
        d(11, 4),
    );
    // His own English on Tuesday and the maths he co-teaches on Monday.
    assert_eq!(places(&orlov), vec![(d(11, 2), 1), (d(11, 3), 3)]);
    let maths = &orlov[0];
    assert_eq!(maths.subject, f.math);
    assert_eq!(maths.teacher, Some(f.sokolova));
    assert_eq!(maths.co_teachers, vec![f.orlov]);
    assert!(!maths.cancelled);
    // The lead's feed is as before: Monday and Wednesday maths.
    let sokolova = feed_lessons(
        &f.school,
        Some(&f.tt),
        &Changes::new(),
        &[],
        &FeedScope::Teacher(f.sokolova),
        d(11, 2),
        d(11, 4),
    );
    assert_eq!(places(&sokolova), vec![(d(11, 2), 1), (d(11, 4), 2)]);
}

#[test]
fn a_substitute_takes_the_lesson_from_both_teachers() {
    let (mut f, monday) = co_taught();
    let third = staff(&mut f.school, "Белова", "Мария", "Ивановна");
    let mut c = change(monday, d(11, 2), ChangeKind::Substitute);
    c.teacher = Some(third);
    let changes: Changes = [(c.id, c)].into_iter().collect();
    for me in [f.sokolova, f.orlov] {
        let got = feed_lessons(
            &f.school,
            Some(&f.tt),
            &changes,
            &[],
            &FeedScope::Teacher(me),
            d(11, 2),
            d(11, 2),
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].cancelled, "given away");
        assert_eq!(got[0].teacher, Some(third));
        assert!(got[0].co_teachers.is_empty());
        assert_eq!(got[0].replaces, Some(f.sokolova));
        assert_eq!(got[0].also_replaces, vec![f.orlov]);
    }
    let sub = feed_lessons(
        &f.school,
        Some(&f.tt),
        &changes,
        &[],
        &FeedScope::Teacher(third),
        d(11, 2),
        d(11, 2),
    );
    assert_eq!(places(&sub), vec![(d(11, 2), 1)]);
    assert!(!sub[0].cancelled);
}
