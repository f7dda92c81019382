//! Closing a study period and the journal completeness report: server only (the app says it
//! needs the server, like the other screens that live there).

use zvonok_core::completeness::Completeness;
use zvonok_core::ids::PeriodId;
use zvonok_core::wire::{BlockersView, PeriodChanged, PeriodsView};

use super::admin::{get_json, send_json};
use super::{Backend, BackendError, Result};
use crate::i18n::t;

impl Backend {
    fn periods_base(&self) -> Result<&str> {
        match self {
            Backend::Http { base } => Ok(base),
            Backend::Tauri => Err(BackendError::Failed(t("periods-app-unavailable"))),
        }
    }

    /// The current year's periods with their state.
    pub async fn periods(&self) -> Result<PeriodsView> {
        get_json(self.periods_base()?, "/v1/web/periods").await
    }

    /// What blocks closing a period.
    pub async fn period_blockers(&self, id: PeriodId) -> Result<BlockersView> {
        get_json(
            self.periods_base()?,
            &format!("/v1/web/periods/{id}/blockers"),
        )
        .await
    }

    /// Closes a period (refused with its blockers while there are any).
    pub async fn close_period(&self, id: PeriodId) -> Result<PeriodChanged> {
        let path = format!("/v1/web/periods/{id}/close");
        send_json(self.periods_base()?, "POST", &path, &()).await
    }

    /// Reopens a closed period.
    pub async fn reopen_period(&self, id: PeriodId) -> Result<PeriodChanged> {
        let path = format!("/v1/web/periods/{id}/reopen");
        send_json(self.periods_base()?, "POST", &path, &()).await
    }

    /// The journal completeness of a period (the one of today when `None`).
    pub async fn completeness(&self, period: Option<PeriodId>) -> Result<Completeness> {
        let path = match period {
            Some(p) => format!("/v1/web/completeness?period={p}"),
            None => "/v1/web/completeness".to_string(),
        };
        get_json(self.periods_base()?, &path).await
    }
}
