//! The period reports. In the app the JSON views come from the device's replica (the
//! `reports_index` and `report` commands: the classes the device holds, offline); files
//! (XLSX, PDF, CSV) are the server's, so the app hides their buttons ([`Backend::report_files`]).

use serde::de::DeserializeOwned;
use zvonok_core::wire::{
    ReportFormat, ReportJob, ReportJobRequest, ReportName, ReportQuery, ReportsIndex,
};

use super::admin::{download, get_json, raw, send_json, Download};
use super::{tauri, Backend, BackendError, Result};
use crate::i18n::t;
use crate::logic::reports::path;

impl Backend {
    fn reports_base(&self) -> Result<&str> {
        match self {
            Backend::Http { base } => Ok(base),
            Backend::Tauri => Err(BackendError::Failed(t("reports-app-files"))),
        }
    }

    /// Whether reports can be downloaded as files here (the browser, not the app).
    pub fn report_files(&self) -> bool {
        matches!(self, Backend::Http { .. })
    }

    /// What the caller may ask for (in the app: what the device can report on).
    pub async fn reports_index(&self) -> Result<ReportsIndex> {
        match self {
            Backend::Tauri => tauri::call("reports_index", serde_json::json!({})).await,
            Backend::Http { base } => get_json(base, "/v1/web/reports").await,
        }
    }

    /// A report as the screen shows it (in the app: made on the device).
    pub async fn report<T: DeserializeOwned>(
        &self,
        name: ReportName,
        q: &ReportQuery,
    ) -> Result<T> {
        match self {
            Backend::Tauri => {
                tauri::call("report", serde_json::json!({ "name": name, "query": q })).await
            }
            Backend::Http { base } => get_json(base, &path(name, ReportFormat::Json, q)).await,
        }
    }

    /// A report as a file (XLSX, PDF, CSV).
    pub async fn report_file(
        &self,
        name: ReportName,
        format: ReportFormat,
        q: &ReportQuery,
    ) -> Result<Download> {
        download(
            self.reports_base()?,
            "GET",
            &path(name, format, q),
            raw::Body::None,
        )
        .await
    }

    /// Starts a report as a job on the server (a school-wide one: it takes a while).
    pub async fn start_report_job(&self, req: &ReportJobRequest) -> Result<ReportJob> {
        send_json(self.reports_base()?, "POST", "/v1/web/reports/jobs", req).await
    }

    /// A job's state and progress.
    pub async fn report_job(&self, id: &str) -> Result<ReportJob> {
        get_json(self.reports_base()?, &format!("/v1/web/reports/jobs/{id}")).await
    }

    /// A finished JSON job's report, as the screen shows it.
    pub async fn report_job_json<T: DeserializeOwned>(&self, id: &str) -> Result<T> {
        get_json(
            self.reports_base()?,
            &format!("/v1/web/reports/jobs/{id}/result"),
        )
        .await
    }

    /// A finished file job's file.
    pub async fn report_job_file(&self, id: &str) -> Result<Download> {
        download(
            self.reports_base()?,
            "GET",
            &format!("/v1/web/reports/jobs/{id}/result"),
            raw::Body::None,
        )
        .await
    }
}
