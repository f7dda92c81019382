//! The setup wizard's calls: the progress, the school's data, and one validated write of the
//! school document. In a browser they talk to the server that served the page; in the app they
//! are answered by the device's replica and work offline (the sync sends the writes, the server
//! checks them again).

use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::views::status::Saved;
use zvonok_core::wire::setup::SetupView;

use super::{http, tauri, Backend, Result};

impl Backend {
    /// `GET /v1/web/setup`: each step's state and where a resumed wizard opens.
    pub async fn setup_view(&self) -> Result<SetupView> {
        match self {
            Backend::Tauri => tauri::call("setup", serde_json::json!({})).await,
            Backend::Http { base } => http::get(base, "/v1/web/setup").await,
        }
    }

    /// `GET /v1/web/school`: the school document's data.
    pub async fn school(&self) -> Result<SchoolData> {
        match self {
            Backend::Tauri => tauri::call("school", serde_json::json!({})).await,
            Backend::Http { base } => http::get(base, "/v1/web/school").await,
        }
    }

    /// `POST /v1/web/school/ops`: one write; a refusal carries the server's reason.
    pub async fn school_op(&self, op: &SchoolOp) -> Result<Saved> {
        match self {
            Backend::Tauri => tauri::call("school_op", serde_json::json!({ "op": op })).await,
            Backend::Http { base } => http::post(base, "/v1/web/school/ops", op).await,
        }
    }
}
