//! Timetable documents made before timetable versions lack the `versions` container; the
//! server adds it (`zvonok_core::doc::timetable::upgrade`) as its own change, so devices can
//! write versions into it (devices never create containers). Runs with the other provisioning
//! (start-up, after a school or timetable change); a document that has it is not touched.

use zvonok_core::doc::timetable;
use zvonok_core::doc::DocKind;

use super::internal;
use crate::docstore::lock;
use crate::error::ApiResult;
use crate::persist;
use crate::state::AppState;
use crate::storage::DocRecord;

/// Upgrades every timetable document of `records` that needs it; returns how many changed.
pub fn upgrade_timetables(state: &AppState, records: &[DocRecord]) -> ApiResult<usize> {
    let mut changed = 0;
    for rec in records.iter().filter(|r| r.kind == DocKind::Timetable) {
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let mut hot = lock(&shared);
        match timetable::upgrade(&mut hot.doc) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                hot.doc.rollback();
                return Err(internal(e));
            }
        }
        let Some(change) = hot
            .doc
            .commit()
            .and_then(|h| hot.doc.get_change_by_hash(&h))
        else {
            continue;
        };
        persist::store_server_changes(state, rec, &mut hot, &[change])?;
        changed += 1;
    }
    if changed > 0 {
        tracing::info!(changed, "timetable documents upgraded for versions");
    }
    Ok(changed)
}
