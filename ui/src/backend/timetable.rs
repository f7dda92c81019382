//! The timetable's calls. Reading and editing the weekly timetable and its changes by date
//! work in both backends (in the app on the device's replica, offline like the wizard);
//! imports from scheduling programs, printing, the lessons off the timetable and the
//! substitutions workbook are made by the server and exist in the browser only.

use zvonok_core::doc::timetable_ops::TimetableOp;
use zvonok_core::views::status::Saved;
use zvonok_core::wire::{OffTimetableView, TimetableImportView, TimetableNames};

use super::admin::{decode, download, get_json, raw, send_json, Download};
use super::{tauri, Backend, BackendError, Result};

/// The file formats the server's timetable import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimetableFormat {
    FetCsv,
    FetXml,
    AscXml,
}

impl TimetableFormat {
    pub const ALL: [TimetableFormat; 3] = [
        TimetableFormat::FetCsv,
        TimetableFormat::FetXml,
        TimetableFormat::AscXml,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TimetableFormat::FetCsv => "fet-csv",
            TimetableFormat::FetXml => "fet-xml",
            TimetableFormat::AscXml => "asc-xml",
        }
    }

    /// The format a file name suggests.
    pub fn guess(name: &str) -> Option<TimetableFormat> {
        let n = name.to_lowercase();
        if n.ends_with(".csv") {
            Some(TimetableFormat::FetCsv)
        } else if n.ends_with(".fet") {
            Some(TimetableFormat::FetXml)
        } else if n.ends_with(".xml") {
            Some(TimetableFormat::AscXml)
        } else {
            None
        }
    }
}

fn import_path(step: &str, format: TimetableFormat, names: &TimetableNames) -> Result<String> {
    let json = serde_json::to_string(names).map_err(|e| BackendError::Decode(e.to_string()))?;
    Ok(format!(
        "/v1/web/timetable/import/{step}?format={}&names={}",
        format.code(),
        js_sys::encode_uri_component(&json)
    ))
}

impl Backend {
    /// The current year's timetable (in the app: from the device).
    pub async fn timetable(&self) -> Result<zvonok_core::wire::TimetableView> {
        match self {
            Backend::Tauri => tauri::call("timetable", serde_json::json!({})).await,
            Backend::Http { base } => get_json(base, "/v1/web/timetable").await,
        }
    }

    /// One write of the timetable; a refusal carries the reason.
    pub async fn timetable_op(&self, op: &TimetableOp) -> Result<Saved> {
        match self {
            Backend::Tauri => tauri::call("timetable_op", serde_json::json!({ "op": op })).await,
            Backend::Http { base } => send_json(base, "POST", "/v1/web/timetable/ops", op).await,
        }
    }

    /// The printable timetable (`by`: class, teacher or room; `id`: one of them), as XLSX or
    /// PDF.
    pub async fn timetable_print(&self, by: &str, id: &str, pdf: bool) -> Result<Download> {
        let path = format!(
            "/v1/web/timetable/print.{}?by={by}&id={}",
            if pdf { "pdf" } else { "xlsx" },
            js_sys::encode_uri_component(id)
        );
        download(self.admin_base()?, "GET", &path, raw::Body::None).await
    }

    /// The changes by date of `from..=to`, in words, with the clashes of those days.
    pub async fn timetable_changes(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<zvonok_core::views::changes::ChangesView> {
        match self {
            Backend::Tauri => {
                tauri::call(
                    "timetable_changes",
                    serde_json::json!({ "from": from, "to": to }),
                )
                .await
            }
            Backend::Http { base } => {
                get_json(
                    base,
                    &format!("/v1/web/timetable/changes?from={from}&to={to}"),
                )
                .await
            }
        }
    }

    /// The month's substitutions (who replaced whom, hours per substitute) as XLSX.
    pub async fn substitutions_xlsx(&self, month: &str) -> Result<Download> {
        let path = format!("/v1/web/timetable/substitutions.xlsx?month={month}");
        download(self.admin_base()?, "GET", &path, raw::Body::None).await
    }

    /// Lessons that hold work but no longer fit the timetable.
    pub async fn off_timetable(&self) -> Result<OffTimetableView> {
        get_json(self.admin_base()?, "/v1/web/timetable/off").await
    }

    /// What importing the file would change, with the answers given so far; writes nothing.
    pub async fn timetable_import_preview(
        &self,
        format: TimetableFormat,
        names: &TimetableNames,
        file: Vec<u8>,
    ) -> Result<TimetableImportView> {
        let path = import_path("preview", format, names)?;
        let a = raw::send(self.admin_base()?, "POST", &path, raw::Body::Bytes(file)).await?;
        decode(&a.ok()?)
    }

    /// Writes what the preview showed.
    pub async fn timetable_import_apply(
        &self,
        format: TimetableFormat,
        names: &TimetableNames,
        file: Vec<u8>,
    ) -> Result<TimetableImportView> {
        let path = import_path("apply", format, names)?;
        let a = raw::send(self.admin_base()?, "POST", &path, raw::Body::Bytes(file)).await?;
        decode(&a.ok()?)
    }
}
