//! The JSON of the calendar feed endpoints: `GET /v1/web/calendar/feeds` →
//! [`CalendarFeedsView`], `POST /v1/web/calendar/feeds` ([`CreateFeedRequest`]) →
//! [`CreatedFeed`] (the only time the link's token is shown).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CalendarFeedId, ClassId, StaffId, StudentId};

/// Whose lessons a feed holds, by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedTarget {
    /// The lessons a teacher teaches (only the teacher themself).
    Teacher { staff: StaffId },
    /// A class's lessons (staff of the class).
    Class { class: ClassId },
    /// A student's lessons (the student, their parents).
    Student { student: StudentId },
}

impl FeedTarget {
    /// The stored scope name: `teacher`, `class`, `student`.
    pub fn kind(&self) -> &'static str {
        match self {
            FeedTarget::Teacher { .. } => "teacher",
            FeedTarget::Class { .. } => "class",
            FeedTarget::Student { .. } => "student",
        }
    }

    /// The stored target id.
    pub fn id_string(&self) -> String {
        match self {
            FeedTarget::Teacher { staff } => staff.to_string(),
            FeedTarget::Class { class } => class.to_string(),
            FeedTarget::Student { student } => student.to_string(),
        }
    }

    /// The target from its stored kind and id.
    pub fn parse(kind: &str, id: &str) -> Option<Self> {
        match kind {
            "teacher" => id.parse().ok().map(|staff| FeedTarget::Teacher { staff }),
            "class" => id.parse().ok().map(|class| FeedTarget::Class { class }),
            "student" => id
                .parse()
                .ok()
                .map(|student| FeedTarget::Student { student }),
            _ => None,
        }
    }
}

/// A feed of the caller that works (not revoked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedView {
    pub id: CalendarFeedId,
    pub target: FeedTarget,
    /// «Мои уроки», «5А», «Орлова Вера».
    pub title: String,
    pub created: DateTime<Utc>,
}

/// A feed the caller may create, and the feed they have for it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedOption {
    pub target: FeedTarget,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<FeedView>,
}

/// `GET /v1/web/calendar/feeds`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeedsView {
    /// Every scope the caller may subscribe to now, with their current feed.
    pub options: Vec<FeedOption>,
    /// Feeds of the caller whose scope they may no longer create (they answer 404).
    #[serde(default)]
    pub lapsed: Vec<FeedView>,
}

/// `POST /v1/web/calendar/feeds`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateFeedRequest {
    pub target: FeedTarget,
}

/// The new feed and its link, shown once: only a hash of the token is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedFeed {
    pub feed: FeedView,
    /// `/ical/<token>.ics`, to put after the server's address.
    pub path: String,
    /// The feed this one replaced (revoked), if there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced: Option<CalendarFeedId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_as_json_and_as_stored() {
        let t = FeedTarget::Student {
            student: StudentId::new(),
        };
        let json = serde_json::to_string(&t).expect("json");
        assert!(
            json.starts_with("{\"kind\":\"student\",\"student\":\""),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<FeedTarget>(&json).expect("back"), t);
        assert_eq!(FeedTarget::parse(t.kind(), &t.id_string()), Some(t));
        assert_eq!(FeedTarget::parse("class", "not an id"), None);
        assert_eq!(
            FeedTarget::parse("room", &StudentId::new().to_string()),
            None
        );
    }
}
