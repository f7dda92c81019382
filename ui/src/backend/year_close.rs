//! Closing the year and moving to the next: server only (in the app the screen says it needs
//! the server, like the other screens that live there).

use std::collections::BTreeMap;

use zvonok_core::ids::StudentId;
use zvonok_core::wire::{YearCloseDone, YearCloseRequest, YearCloseUndone, YearCloseView};
use zvonok_core::year_close::Override;

use super::admin::{get_json, send_json};
use super::{Backend, BackendError, Result};
use crate::i18n::t;
use crate::logic::year_close::overrides_query;

impl Backend {
    fn year_close_base(&self) -> Result<&str> {
        match self {
            Backend::Http { base } => Ok(base),
            Backend::Tauri => Err(BackendError::Failed(t("yc-app-unavailable"))),
        }
    }

    /// The dry run with the coordinator's choices, and the move in force.
    pub async fn year_close(
        &self,
        overrides: &BTreeMap<StudentId, Override>,
    ) -> Result<YearCloseView> {
        let path = format!(
            "/v1/web/year-close?overrides={}",
            overrides_query(overrides)
        );
        get_json(self.year_close_base()?, &path).await
    }

    /// Confirms the move (refused with the problems when there are any).
    pub async fn confirm_year_close(&self, req: &YearCloseRequest) -> Result<YearCloseDone> {
        send_json(self.year_close_base()?, "POST", "/v1/web/year-close", req).await
    }

    /// Undoes the move in force.
    pub async fn undo_year_close(&self) -> Result<YearCloseUndone> {
        send_json(
            self.year_close_base()?,
            "POST",
            "/v1/web/year-close/undo",
            &serde_json::json!({}),
        )
        .await
    }
}
