//! The seam between the screens and where the data lives. In the app the Tauri shell answers
//! from the device's replica; in a browser the server that served the page answers over HTTP.
//! Both return the same core types, and no component knows which one runs.

pub mod admin;
mod audit;
mod calendar;
mod error;
mod http;
mod issue;
mod periods;
mod reports;
mod rollout;
mod setup;
mod status_sink;
mod tauri;
pub mod timetable;
mod year_close;

use chrono::NaiveDate;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId, StudentId};
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::views::lesson::LessonSheet;
use zvonok_core::views::status::{Saved, Session, Status, SummaryView};
use zvonok_core::views::today::TodayLesson;
use zvonok_core::wire::{ChildInfo, UserInfo};

pub use error::BackendError;
pub use status_sink::on_status;

use crate::platform;

pub type Result<T> = std::result::Result<T, BackendError>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `window.__TAURI__.core.invoke`: the app's local replica.
    Tauri,
    /// The server that served the page; the token lives in local storage.
    Http { base: String },
}

impl Backend {
    /// Tauri when the page runs inside the app, else HTTP against the page's origin.
    pub fn detect() -> Backend {
        if platform::has_tauri() {
            tauri::listen_status();
            Backend::Tauri
        } else {
            let base = platform::origin();
            http::watch_online(&base);
            Backend::Http { base }
        }
    }

    /// The server address the sign-in form starts with.
    pub fn default_server(&self) -> String {
        match self {
            Backend::Tauri => platform::storage_get(tauri::SERVER_KEY).unwrap_or_default(),
            Backend::Http { base } => base.clone(),
        }
    }

    /// The app may sign in to any server; a page talks only to the server that served it.
    pub fn server_editable(&self) -> bool {
        matches!(self, Backend::Tauri)
    }

    /// Only the app has a replica to sync.
    pub fn can_sync(&self) -> bool {
        matches!(self, Backend::Tauri)
    }

    pub async fn login(&self, server: &str, login: &str, password: &str) -> Result<UserInfo> {
        match self {
            Backend::Tauri => tauri::login(server, login, password).await,
            Backend::Http { base } => http::login(base, login, password).await,
        }
    }

    pub async fn session(&self) -> Result<Option<Session>> {
        match self {
            Backend::Tauri => tauri::call("session", serde_json::json!({})).await,
            Backend::Http { base } => http::session(base).await,
        }
    }

    pub async fn logout(&self) -> Result<()> {
        match self {
            Backend::Tauri => tauri::call_unit("logout", serde_json::json!({})).await,
            Backend::Http { base } => {
                http::check_logout(base)?;
                http::logout();
                Ok(())
            }
        }
    }

    pub async fn today(&self, date: NaiveDate) -> Result<Vec<TodayLesson>> {
        let d = date.format("%Y-%m-%d").to_string();
        match self {
            Backend::Tauri => tauri::call("today", serde_json::json!({ "date": d })).await,
            Backend::Http { base } => http::get(base, &format!("/v1/web/today?date={d}")).await,
        }
    }

    pub async fn lesson(&self, doc: DocId, lesson: LessonId) -> Result<LessonSheet> {
        match self {
            Backend::Tauri => {
                let args = serde_json::json!({ "doc": doc, "lesson": lesson });
                tauri::call("lesson", args).await
            }
            Backend::Http { base } => {
                let mut sheet: LessonSheet =
                    http::get(base, &format!("/v1/web/journals/{doc}/lessons/{lesson}")).await?;
                http::overlay_sheet(base, &mut sheet);
                Ok(sheet)
            }
        }
    }

    pub async fn journal(&self, doc: DocId) -> Result<JournalGrid> {
        match self {
            Backend::Tauri => tauri::call("journal", serde_json::json!({ "doc": doc })).await,
            Backend::Http { base } => {
                let mut grid: JournalGrid =
                    http::get(base, &format!("/v1/web/journals/{doc}")).await?;
                http::overlay_grid(base, &mut grid);
                Ok(grid)
            }
        }
    }

    /// Records one journal operation. Writes go out one at a time, in the order made; in a
    /// browser that cannot reach the server they wait in the offline queue.
    pub async fn apply_op(&self, doc: DocId, op: &JournalOp) -> Result<Saved> {
        let _turn = http::write_turn().await;
        match self {
            Backend::Tauri => {
                let args = serde_json::json!({ "doc": doc, "op": op });
                tauri::call("apply_op", args).await
            }
            Backend::Http { base } => http::write(base, doc, op).await,
        }
    }

    pub async fn status(&self) -> Result<Status> {
        match self {
            Backend::Tauri => tauri::call("status", serde_json::json!({})).await,
            Backend::Http { base } => Ok(http::status(base)),
        }
    }

    /// Can the user hide refused changes they have read? (The app keeps its own list.)
    pub fn can_dismiss_rejected(&self) -> bool {
        matches!(self, Backend::Http { .. })
    }

    /// Hides the refused changes listed in the status bar.
    pub fn dismiss_rejected(&self) -> Option<Status> {
        match self {
            Backend::Tauri => None,
            Backend::Http { base } => Some(http::dismiss_rejected(base)),
        }
    }

    pub async fn sync_now(&self) -> Result<Status> {
        match self {
            Backend::Tauri => tauri::call("sync_now", serde_json::json!({})).await,
            Backend::Http { base } => {
                http::send_now(base);
                Ok(http::status(base))
            }
        }
    }

    pub async fn children(&self) -> Result<Vec<ChildInfo>> {
        match self {
            Backend::Tauri => tauri::call("children", serde_json::json!({})).await,
            Backend::Http { base } => {
                let me: UserInfo = http::get(base, "/v1/me").await?;
                Ok(me.children)
            }
        }
    }

    pub async fn summary(&self, student: StudentId) -> Result<SummaryView> {
        match self {
            Backend::Tauri => {
                tauri::call("summary", serde_json::json!({ "student": student })).await
            }
            Backend::Http { base } => http::summary(base, student).await,
        }
    }
}
