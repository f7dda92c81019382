//! Storing what the server's copy of a document gained, the same way whoever wrote it: changes
//! accepted from a device's sync message and changes the server made for a browser session.
//! The changes are already in the hot document (which stays in the LRU cache); here they become
//! change rows with the new heads, the document is compacted when its log grows, a locked-period
//! edit is audited, and the caller learns whether the rights index is now stale.

use automerge::Change;
use chrono::Utc;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;

use crate::docstore::{HotDoc, COMPACT_EVERY};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::storage::{AuditEntry, DeviceRecord, DocRecord, UserRecord};

/// Who wrote: the user and the device whose actor signs the changes.
#[derive(Clone, Copy)]
pub struct Writer<'a> {
    pub user: &'a UserRecord,
    pub device: &'a DeviceRecord,
}

impl Writer<'_> {
    /// Adds a line to the audit log on behalf of this writer.
    pub fn audit(
        &self,
        state: &AppState,
        doc: Option<DocId>,
        action: &str,
        detail: String,
    ) -> ApiResult<()> {
        state.storage.audit(&AuditEntry {
            at: Utc::now(),
            user: Some(self.user.id),
            device: Some(self.device.id),
            doc,
            action: action.to_string(),
            detail,
        })?;
        Ok(())
    }
}

/// What the caller still has to do after [`store_changes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Stored {
    /// A school or roster document changed: the rights index must be rebuilt
    /// (`AppState::invalidate_index`), once the caller is done with the index it holds.
    pub index_dirty: bool,
    /// The school document changed: the documents that follow from it may be lacking
    /// (`provision::after_school_change`, once the caller released the school document).
    pub school_changed: bool,
}

/// Stores `changes`, which `hot` (the document of `rec`) already holds, in causal order.
/// `was_locked`: the journal was locked before the changes (the edit is audited). If storing
/// fails, the document is dropped from memory so that the next request reloads what storage
/// holds.
pub fn store_changes(
    state: &AppState,
    writer: Writer<'_>,
    rec: &DocRecord,
    hot: &mut HotDoc,
    changes: &[Change],
    was_locked: bool,
) -> ApiResult<Stored> {
    if changes.is_empty() {
        return Ok(Stored::default());
    }
    let storage = state.storage.as_ref();
    let raw: Vec<Vec<u8>> = changes.iter().map(|c| c.raw_bytes().to_vec()).collect();
    let heads = hot.doc.get_heads();
    let stored = storage
        .append_changes(rec.id, &raw, &heads)
        .and_then(|rows| {
            if rows >= COMPACT_EVERY {
                storage.compact(rec.id, &hot.doc.save(), &heads)
            } else {
                Ok(())
            }
        });
    if let Err(e) = stored {
        // Memory is now ahead of storage: drop the copy so the next request reloads it.
        state.docs.evict(rec.id);
        return Err(e.into());
    }
    if was_locked {
        writer.audit(
            state,
            Some(rec.id),
            "locked_period_edit",
            format!(
                "изменения в закрытом периоде «{}»: {}",
                rec.title,
                changes.len()
            ),
        )?;
    }
    Ok(Stored {
        index_dirty: matches!(rec.kind, DocKind::School | DocKind::Roster),
        school_changed: rec.kind == DocKind::School,
    })
}
