//! `GET /v1/web/school`: the school document's data as JSON (card, year, periods, holidays,
//! bells, staff, subjects, curriculum profiles, classes, groups, assignments), the current data
//! every wizard step shows and edits. Staff may read the school (`rights::may(Read, School)`).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::rights::{may, Action, Resource};

use super::extract::Authed;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::UserRecord;

/// The school's data, for a user who may read the school.
pub fn school_data(state: &AppState, user: &UserRecord) -> ApiResult<SchoolData> {
    let ix = state
        .index()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !may(&user.principal, Action::Read, Resource::School, &ix.dir) {
        return Err(ApiError::Forbidden(
            "данные школы видят сотрудники школы; если вы сотрудник, попросите координатора \
             привязать вашу учётную запись к сотруднику"
                .into(),
        ));
    }
    Ok(ix.school.clone())
}

/// `GET /v1/web/school`
pub async fn get_school(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<SchoolData>> {
    let data = tokio::task::spawn_blocking(move || school_data(&state, &a.user)).await??;
    Ok(Json(data))
}
