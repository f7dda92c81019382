//! `POST /v1/web/journals/{doc}/ops`: a browser session's journal operation, performed on the
//! server's copy of the journal with the same `journal::apply` and rights check a device uses,
//! signed by the session's own device actor (the browser session is a device registered by
//! `POST /v1/login`), and stored exactly like an accepted sync change. Devices receive it
//! through the ordinary `/v1/sync`. Blocking: call from `spawn_blocking`.

use automerge::{ActorId, AutoCommit, Change};
use zvonok_core::doc::journal::{self, JournalOp, JournalPermission};
use zvonok_core::doc::server_actor;
use zvonok_core::ids::DocId;
use zvonok_core::rights::{may, Action};
use zvonok_core::views::status::Saved;
use zvonok_core::DomainError;

use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::index::resource_of;
use crate::persist::{self, Writer};
use crate::state::AppState;
use crate::storage::{DeviceRecord, UserRecord};
use crate::views::{index_of, open_journal};

/// Applies `op` to journal `id` for this user and device and stores the change. 404/403/400 as
/// [`open_journal`]; 403 without the right to write; 422 when the journal rules refuse the op
/// (nothing changes then).
pub fn apply_op(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    id: DocId,
    op: &JournalOp,
) -> ApiResult<Saved> {
    let actor = hex::decode(&device.actor)
        .map(|b| ActorId::from(b.as_slice()))
        .map_err(|_| ApiError::Internal("actor id устройства повреждён".into()))?;
    let ix = index_of(state)?;
    let (rec, shared) = open_journal(state, &ix, user, id)?;
    let p = &user.principal;
    let res = resource_of(&rec)
        .ok_or_else(|| ApiError::Internal(format!("у журнала {id} нет класса или предмета")))?;
    let regular = may(p, Action::Write, res, &ix.dir);
    // A substitute writes only the lessons that name them (`journal_substitute`).
    let substitute = (!regular && may(p, Action::Substitute, res, &ix.dir))
        .then_some(p.staff)
        .flatten();
    if !regular && substitute.is_none() {
        return Err(ApiError::Forbidden(format!(
            "журнал «{}» ведёт назначенный учитель; если вас назначили, попросите координатора обновить нагрузку",
            rec.title
        )));
    }
    let perm = JournalPermission {
        edit_locked: regular && may(p, Action::EditLocked, res, &ix.dir),
        substitute,
    };
    let mut hot = lock(&shared);
    let was_locked = journal::is_locked(&hot.doc);
    let change = perform(&mut hot.doc, actor, |d| journal::apply(d, op, perm))
        .map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let Some(change) = change else {
        return Ok(Saved { pending: 0 }); // the op changed nothing
    };
    let writer = Writer { user, device };
    let stored = persist::store_changes(state, writer, &rec, &mut hot, &[change], was_locked)?;
    drop(hot);
    if stored.index_dirty {
        state.invalidate_index();
    }
    Ok(Saved { pending: 0 })
}

/// Performs the write `f` on `doc` as `actor` and commits it. Afterwards the document's actor
/// is the server's again; a refused write leaves the document as it was. `None`: the write
/// changed nothing. Every server-side write of a user (journal ops here, school ops, orders and
/// imports in `api::admin`) goes through this.
pub(crate) fn perform(
    doc: &mut AutoCommit,
    actor: ActorId,
    f: impl FnOnce(&mut AutoCommit) -> Result<(), DomainError>,
) -> Result<Option<Change>, DomainError> {
    doc.set_actor(actor);
    let outcome = match f(doc) {
        Ok(()) => Ok(doc.commit().and_then(|hash| doc.get_change_by_hash(&hash))),
        Err(e) => {
            // Before `set_actor`, which would commit whatever the write had begun.
            doc.rollback();
            Err(e)
        }
    };
    doc.set_actor(server_actor());
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::ReadDoc;
    use zvonok_core::ids::{LessonId, StudentId};

    #[test]
    fn refused_op_leaves_the_document_and_actor_alone() {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        let heads = doc.get_heads();
        let op = JournalOp::SetAttendance {
            lesson: LessonId::new(),
            student: StudentId::new(),
            code: None,
        };
        let actor = ActorId::from(&[7u8; 16][..]);
        assert!(perform(&mut doc, actor, |d| journal::apply(
            d,
            &op,
            JournalPermission::default()
        ))
        .is_err());
        assert_eq!(doc.get_heads(), heads);
        assert_eq!(doc.get_actor(), &server_actor());
        assert_eq!(doc.length(automerge::ROOT), 0);
    }
}
