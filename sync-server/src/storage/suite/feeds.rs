//! The storage suite's part for calendar feeds.

use chrono::{Duration, TimeZone, Utc};
use zvonok_core::ids::{CalendarFeedId, ClassId, StaffId, StudentId, UserId};
use zvonok_core::wire::FeedTarget;

use super::user;
use crate::storage::{FeedRecord, Storage};

fn feed(user: UserId, target: FeedTarget, hash: &str, minutes: i64) -> FeedRecord {
    let t = Utc
        .with_ymd_and_hms(2026, 11, 2, 8, 30, 0)
        .single()
        .unwrap_or_default();
    FeedRecord {
        id: CalendarFeedId::new(),
        user,
        target,
        token_hash: hash.to_string(),
        created: t + Duration::minutes(minutes),
        revoked: None,
    }
}

pub(super) fn feeds(s: &dyn Storage) {
    let parent = user("feeds.parent");
    let teacher = user("feeds.teacher");
    s.create_users(&[parent.clone(), teacher.clone()])
        .expect("users");
    let vera = FeedTarget::Student {
        student: StudentId::new(),
    };
    let ilya = FeedTarget::Student {
        student: StudentId::new(),
    };
    let a = feed(parent.id, vera, &"a".repeat(64), 0);
    let b = feed(parent.id, ilya, &"b".repeat(64), 1);
    assert_eq!(s.create_feed(&a).expect("create"), Vec::new());
    assert_eq!(s.create_feed(&b).expect("create"), Vec::new());
    assert_eq!(s.feed(a.id).expect("feed").as_ref(), Some(&a));
    assert_eq!(
        s.feed_by_token_hash(&"b".repeat(64)).expect("by hash"),
        Some(b.clone())
    );
    assert_eq!(
        s.feed_by_token_hash(&"c".repeat(64)).expect("by hash"),
        None
    );
    assert_eq!(s.feed(CalendarFeedId::new()).expect("feed"), None);
    assert_eq!(
        s.live_feeds_of(parent.id).expect("live"),
        vec![a.clone(), b.clone()]
    );
    // The same token hash twice is refused, and nothing changes.
    let dup = feed(
        teacher.id,
        FeedTarget::Class {
            class: ClassId::new(),
        },
        &"a".repeat(64),
        2,
    );
    assert!(s.create_feed(&dup).is_err(), "duplicate token hash");
    assert_eq!(s.live_feeds_of(teacher.id).expect("live"), Vec::new());
    assert_eq!(s.live_feeds_of(parent.id).expect("live").len(), 2);

    // A new feed of the same target revokes the old one, at the new one's time.
    let a2 = feed(parent.id, vera, &"d".repeat(64), 5);
    assert_eq!(s.create_feed(&a2).expect("again"), vec![a.id]);
    let old = s.feed(a.id).expect("feed").expect("kept");
    assert_eq!(old.revoked, Some(a2.created));
    assert_eq!(
        s.feed_by_token_hash(&"a".repeat(64)).expect("by hash"),
        Some(old),
        "a revoked feed is still found, revoked"
    );
    assert_eq!(
        s.live_feeds_of(parent.id).expect("live"),
        vec![b.clone(), a2.clone()]
    );
    // Another user's feed of the same target is not touched.
    let t = feed(teacher.id, vera, &"e".repeat(64), 6);
    assert_eq!(s.create_feed(&t).expect("teacher"), Vec::new());
    assert_eq!(s.live_feeds_of(parent.id).expect("live").len(), 2);

    // Revoking: once.
    let at = a2.created + Duration::hours(1);
    assert!(s.revoke_feed(b.id, at).expect("revoke"));
    assert!(!s.revoke_feed(b.id, at).expect("again"));
    assert!(!s.revoke_feed(CalendarFeedId::new(), at).expect("unknown"));
    assert_eq!(s.feed(b.id).expect("feed").expect("b").revoked, Some(at));
    assert_eq!(s.live_feeds_of(parent.id).expect("live"), vec![a2]);
    let teacher_feed = feed(
        teacher.id,
        FeedTarget::Teacher {
            staff: StaffId::new(),
        },
        &"f".repeat(64),
        7,
    );
    s.create_feed(&teacher_feed).expect("teacher's own");
    assert_eq!(
        s.live_feeds_of(teacher.id).expect("live"),
        vec![t, teacher_feed]
    );
}
