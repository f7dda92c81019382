//! The rollout dashboard: server only (in the app the screen says it needs the server, like the
//! other screens that live there).

use zvonok_core::wire::RolloutView;

use super::admin::{download, get_json, raw, Download};
use super::{Backend, BackendError, Result};
use crate::i18n::t;

impl Backend {
    fn rollout_base(&self) -> Result<&str> {
        match self {
            Backend::Http { base } => Ok(base),
            Backend::Tauri => Err(BackendError::Failed(t("rollout-app-unavailable"))),
        }
    }

    /// The five stages, measured now.
    pub async fn rollout(&self) -> Result<RolloutView> {
        get_json(self.rollout_base()?, "/v1/web/rollout").await
    }

    /// The meeting's one-page PDF.
    pub async fn rollout_pdf(&self) -> Result<Download> {
        download(
            self.rollout_base()?,
            "GET",
            "/v1/web/rollout.pdf",
            raw::Body::None,
        )
        .await
    }
}
