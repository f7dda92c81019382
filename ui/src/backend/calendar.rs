//! Calendar feed links: server only (in the app the page says it needs the server, like the
//! other screens that live there).

use zvonok_core::ids::CalendarFeedId;
use zvonok_core::wire::{CalendarFeedsView, CreateFeedRequest, CreatedFeed, FeedTarget};

use super::admin::{get_json, raw, send_json};
use super::{Backend, BackendError, Result};
use crate::i18n::t;

impl Backend {
    fn calendar_base(&self) -> Result<&str> {
        match self {
            Backend::Http { base } => Ok(base),
            Backend::Tauri => Err(BackendError::Failed(t("calendar-app-unavailable"))),
        }
    }

    /// The caller's links and what they may subscribe to.
    pub async fn calendar_feeds(&self) -> Result<CalendarFeedsView> {
        get_json(self.calendar_base()?, "/v1/web/calendar/feeds").await
    }

    /// A new link for `target` (the old one of that target stops working); shown once.
    pub async fn create_calendar_feed(&self, target: FeedTarget) -> Result<CreatedFeed> {
        let body = CreateFeedRequest { target };
        send_json(
            self.calendar_base()?,
            "POST",
            "/v1/web/calendar/feeds",
            &body,
        )
        .await
    }

    /// Revokes a link: calendars subscribed to it get nothing more.
    pub async fn revoke_calendar_feed(&self, id: CalendarFeedId) -> Result<()> {
        let path = format!("/v1/web/calendar/feeds/{id}");
        let a = raw::send(self.calendar_base()?, "DELETE", &path, raw::Body::None).await?;
        a.ok().map(|_| ())
    }

    /// The address a calendar subscribes to: the server's own, with the link's path.
    pub fn calendar_url(&self, path: &str) -> String {
        match self {
            Backend::Http { base } => format!("{}{path}", base.trim_end_matches('/')),
            Backend::Tauri => path.to_string(),
        }
    }
}
