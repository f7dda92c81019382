//! The audit log and a student's history: server only (in the app they say so, like the other
//! coordinator's screens that need the server).

use zvonok_core::ids::StudentId;
use zvonok_core::wire::{AuditView, StudentHistory};

use super::admin::{download, get_json, raw, Download};
use super::{Backend, Result};
use crate::logic::audit::AuditFilter;

impl Backend {
    /// One page of the log, newest first; `before`: the page after the one that ended there.
    pub async fn audit(&self, filter: &AuditFilter, before: Option<i64>) -> Result<AuditView> {
        let path = format!("/v1/web/audit{}", filter.query(before));
        get_json(self.admin_base()?, &path).await
    }

    /// The lines the filter selects, as a workbook.
    pub async fn audit_xlsx(&self, filter: &AuditFilter) -> Result<Download> {
        let path = format!("/v1/web/audit.xlsx{}", filter.query(None));
        download(self.admin_base()?, "GET", &path, raw::Body::None).await
    }

    /// Who changed a student's list entry, links and personal file.
    pub async fn student_history(&self, student: StudentId) -> Result<StudentHistory> {
        let path = format!("/v1/web/people/{student}/history");
        get_json(self.admin_base()?, &path).await
    }
}
