//! `POST /v1/sync`: one batched round of Automerge sync over many documents. Decoding and
//! checking happen before anything changes; then every entry is answered (idle entries from the
//! docs table alone), accepted changes are appended to storage, and documents the user may
//! read but the device lacks get a first message.

use std::collections::{BTreeSet, HashMap, HashSet};

use automerge::sync::Message;
use automerge::{ActorId, ChangeHash};
use zvonok_core::doc::journal::{self, JournalPermission};
use zvonok_core::doc::movement::MovementData;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{DocId, OrderId};
use zvonok_core::rights::{may, Action};
use zvonok_core::wire::{AuditAction, Rejection, SyncReply, SyncRequest, SyncResponse};

use crate::accept::{self, WriteCheck};
use crate::docstore::{lock, HotDoc};
use crate::error::{ApiError, ApiResult};
use crate::index::{resource_of, SchoolIndex};
use crate::persist::{self, Writer};
use crate::provision;
use crate::state::AppState;
use crate::storage::{DeviceRecord, DocRecord, UserRecord};

/// One decoded entry of a request.
pub struct Entry {
    pub doc: DocId,
    pub heads: Vec<ChangeHash>,
    pub message: Option<Message>,
}

/// Decodes the body and every Automerge message in it; nothing is applied yet.
pub fn decode(body: &[u8]) -> ApiResult<Vec<Entry>> {
    let req = SyncRequest::decode(body).map_err(|e| {
        ApiError::BadRequest(format!(
            "{e}. Обновите приложение и повторите синхронизацию."
        ))
    })?;
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(req.entries.len());
    for e in req.entries {
        if !seen.insert(e.doc) {
            return Err(ApiError::BadRequest(format!(
                "документ {} указан в запросе дважды",
                e.doc
            )));
        }
        let message = match e.message {
            Some(bytes) => {
                let m = Message::decode(&bytes).map_err(|err| {
                    ApiError::BadRequest(format!("сообщение синхронизации документа {} повреждено ({err}); повторите синхронизацию", e.doc))
                })?;
                accept::precheck(&m).map_err(|err| {
                    ApiError::BadRequest(format!(
                        "изменения документа {} повреждены ({err}); повторите синхронизацию",
                        e.doc
                    ))
                })?;
                Some(m)
            }
            None => None,
        };
        out.push(Entry {
            doc: e.doc,
            heads: e.heads,
            message,
        });
    }
    Ok(out)
}

struct Ctx<'a> {
    state: &'a AppState,
    user: &'a UserRecord,
    device: &'a DeviceRecord,
    actor: ActorId,
    index: &'a SchoolIndex,
    resp: SyncResponse,
    states: Vec<(DocId, Vec<u8>)>,
    index_dirty: bool,
    /// A school or timetable change was stored: documents may follow from it (`provision`).
    school_changed: bool,
    /// Movement documents that gained orders: the data after and the new orders.
    orders: Vec<(MovementData, Vec<OrderId>)>,
}

/// Runs one sync round for this device. Blocking: call from `spawn_blocking`.
pub fn run(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    entries: Vec<Entry>,
) -> ApiResult<SyncResponse> {
    let actor_bytes = hex::decode(&device.actor)
        .map_err(|_| ApiError::Internal("actor id устройства повреждён".into()))?;
    let index = state
        .index()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut records: HashMap<DocId, DocRecord> = state
        .storage
        .docs()?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut cx = Ctx {
        state,
        user,
        device,
        actor: ActorId::from(actor_bytes.as_slice()),
        index: &index,
        resp: SyncResponse::default(),
        states: Vec::new(),
        index_dirty: false,
        school_changed: false,
        orders: Vec::new(),
    };
    let requested: HashSet<DocId> = entries.iter().map(|e| e.doc).collect();
    let result = (|| {
        for e in entries {
            match records
                .get(&e.doc)
                .filter(|r| cx.index.may_read(&user.principal, r))
            {
                Some(rec) => cx.entry(rec, e)?,
                None => {
                    state.storage.delete_sync_state(device.id, e.doc)?;
                    cx.resp.revoked.push(e.doc);
                }
            }
        }
        if cx.follow_up()? {
            // New documents (a new class's roster …): offer them in this round already.
            records = state
                .storage
                .docs()?
                .into_iter()
                .map(|r| (r.id, r))
                .collect();
        }
        let mut absent: Vec<&DocRecord> = records
            .values()
            .filter(|r| !requested.contains(&r.id) && cx.index.may_read(&user.principal, r))
            .collect();
        absent.sort_by_key(|r| (r.kind, r.title.clone(), r.id));
        for rec in absent {
            cx.first_contact(rec)?;
        }
        Ok::<(), ApiError>(())
    })();
    if cx.index_dirty {
        state.invalidate_index();
    }
    result?;
    if !cx.states.is_empty() {
        state.storage.put_sync_states(device.id, &cx.states)?;
    }
    Ok(cx.resp)
}

impl Ctx<'_> {
    fn load(&self, rec: &DocRecord) -> ApiResult<std::sync::Arc<std::sync::Mutex<HotDoc>>> {
        self.state
            .docs
            .get(rec.id, rec.kind)
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .ok_or_else(|| {
                ApiError::Internal(format!(
                    "документ {} есть в списке, но не в хранилище",
                    rec.id
                ))
            })
    }

    fn entry(&mut self, rec: &DocRecord, e: Entry) -> ApiResult<()> {
        if e.message.is_none() && e.heads == rec.heads {
            return Ok(()); // idle: nothing to say either way
        }
        let shared = self.load(rec)?;
        let mut hot = lock(&shared);
        match e.message {
            Some(msg) => self.receive(rec, &mut hot, msg)?,
            None => hot.soften_state(self.device.id),
        }
        self.reply(&mut hot, rec.kind, Some(&e.heads))
    }

    fn first_contact(&mut self, rec: &DocRecord) -> ApiResult<()> {
        let shared = self.load(rec)?;
        let mut hot = lock(&shared);
        hot.reset_state(self.device.id);
        self.reply(&mut hot, rec.kind, None)
    }

    fn reply(
        &mut self,
        hot: &mut HotDoc,
        kind: DocKind,
        device_heads: Option<&[ChangeHash]>,
    ) -> ApiResult<()> {
        let (msg, state_bytes) = hot
            .generate(self.state.storage.as_ref(), self.device.id)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let heads = hot.doc.get_heads();
        self.states.push((hot.id, state_bytes));
        if msg.is_some() || device_heads != Some(heads.as_slice()) {
            self.resp.replies.push(SyncReply {
                doc: hot.id,
                kind,
                heads,
                message: msg.map(Message::encode),
            });
        }
        Ok(())
    }

    /// The school (for a roster or timetable) and the class's roster (for a personal document)
    /// read afresh when a school or roster change of this round made the index stale; `None`
    /// when the index is current.
    fn check_inputs(&self, rec: &DocRecord) -> ApiResult<(Option<SchoolData>, Option<RosterData>)> {
        if !self.index_dirty {
            return Ok((None, None));
        }
        let wanted = |r: &DocRecord| match rec.kind {
            DocKind::Roster | DocKind::Timetable => r.kind == DocKind::School,
            DocKind::Personal => r.kind == DocKind::Roster && r.meta.class == rec.meta.class,
            _ => false,
        };
        let Some(src) = self.state.storage.docs()?.into_iter().find(wanted) else {
            return Ok((None, None));
        };
        let shared = self.load(&src)?;
        let doc = &lock(&shared).doc;
        let bad = |e: zvonok_core::DomainError| ApiError::Internal(e.to_string());
        Ok(match src.kind {
            DocKind::School => (Some(SchoolData::from_doc(doc).map_err(bad)?), None),
            _ => (None, Some(RosterData::from_doc(doc).map_err(bad)?)),
        })
    }

    fn receive(&mut self, rec: &DocRecord, hot: &mut HotDoc, msg: Message) -> ApiResult<()> {
        let p = &self.user.principal;
        let res = resource_of(rec);
        let may_do = |a: Action| res.is_some_and(|r| may(p, a, r, &self.index.dir));
        // The documents the check of this kind reads, as they are now: the index, unless a
        // school or roster change earlier in this round made it stale.
        let (school, roster) = self.check_inputs(rec)?;
        let check = WriteCheck {
            school: school
                .as_ref()
                .or(Some(&self.index.school))
                .filter(|_| matches!(rec.kind, DocKind::Roster | DocKind::Timetable)),
            roster: roster
                .as_ref()
                .or_else(|| rec.meta.class.and_then(|c| self.index.rosters.get(&c)))
                .filter(|_| rec.kind == DocKind::Personal),
            kind: rec.kind,
            actor: self.actor.clone(),
            // A substitute writes the journal too, but only the lessons that name them.
            may_write: may_do(Action::Write) || may_do(Action::Substitute),
            perm: JournalPermission {
                edit_locked: may_do(Action::EditLocked),
                substitute: (!may_do(Action::Write) && may_do(Action::Substitute))
                    .then_some(p.staff)
                    .flatten(),
            },
            may_enter_people: rec
                .meta
                .class
                .is_some_and(|c| zvonok_core::rights::may_enter_people(p, c, &self.index.dir)),
        };
        let was_locked = rec.kind == DocKind::Journal && journal::is_locked(&hot.doc);
        let orders_before: Option<BTreeSet<OrderId>> = (rec.kind == DocKind::Movement)
            .then(|| MovementData::from_doc(&hot.doc).ok())
            .flatten()
            .map(|m| m.orders.into_keys().collect());
        let storage = self.state.storage.as_ref();
        let device = self.device.id;
        let outcome = hot
            .receive(storage, device, msg, &check)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let received = match outcome {
            Ok(r) => r,
            Err(err) => {
                // Pre-checked, so this is rare: refuse the whole message, resync from scratch.
                tracing::warn!(doc = %rec.id, "sync message could not be applied: {err}");
                hot.reset_state(device);
                self.audit(
                    Some(rec.id),
                    AuditAction::MessageFailed,
                    format!("сообщение синхронизации не применилось: {err}"),
                )?;
                return Ok(());
            }
        };
        for (hash, reason) in &received.rejected {
            self.resp.rejections.push(Rejection {
                doc: rec.id,
                hash: *hash,
                reason: reason.clone(),
            });
        }
        persist::audit_rejected(self.state, self.writer(), rec, &received.rejected)?;
        let writer = self.writer();
        let stored =
            persist::store_changes(self.state, writer, rec, hot, &received.accepted, was_locked)?;
        self.index_dirty |= stored.index_dirty;
        // A stored timetable change calls for journals and lessons as a school change does.
        self.school_changed |= stored.school_changed
            || (rec.kind == DocKind::Timetable && !received.accepted.is_empty());
        if let (Some(before), false) = (orders_before, received.accepted.is_empty()) {
            let after =
                MovementData::from_doc(&hot.doc).map_err(|e| ApiError::Internal(e.to_string()))?;
            let new = provision::new_orders(&before, &after);
            if !new.is_empty() {
                self.orders.push((after, new));
            }
        }
        Ok(())
    }

    /// What follows from the changes just stored, once no document is held: documents a
    /// changed school calls for, roster changes of new orders. Whether documents were created.
    fn follow_up(&mut self) -> ApiResult<bool> {
        let mut created = false;
        if std::mem::take(&mut self.school_changed) {
            created = provision::after_school_change(self.state)? > 0;
        }
        for (data, new) in std::mem::take(&mut self.orders) {
            provision::apply_orders(self.state, self.writer(), &data, &new)?;
        }
        Ok(created)
    }

    fn writer(&self) -> Writer<'_> {
        Writer {
            user: self.user,
            device: self.device,
        }
    }

    fn audit(&self, doc: Option<DocId>, action: AuditAction, detail: String) -> ApiResult<()> {
        self.writer().audit(self.state, doc, action, detail)
    }
}
