//! One sync session's protocol state, without any I/O: builds the batched `SyncRequest` of
//! each round from the replica and applies the `SyncResponse` to it (new documents, received
//! changes, server heads, revoked documents, rejections).

use std::collections::{BTreeMap, HashMap, HashSet};

use automerge::sync::{Message, State, SyncDoc};
use automerge::ChangeHash;
use chrono::Utc;
use serde::Serialize;
use zvonok_core::ids::DocId;
use zvonok_core::views::status::SyncProgress;
use zvonok_core::wire::{SyncEntry, SyncRequest, SyncResponse};

use super::SyncError;
use crate::rejection::rebuild_without;
use crate::replica::Replica;
use crate::store::{Received, RejectedChange, COMPACT_AFTER};

/// Most request/response rounds of one sync.
pub const MAX_ROUNDS: u32 = 10;

/// A round's answer with at least this many document messages reports its progress.
pub const PROGRESS_FROM: usize = 40;

/// Called with the progress of a long round (see [`SyncSession::on_progress`]). It runs while
/// the replica is locked: it must not lock it.
pub type ProgressFn = Box<dyn Fn(SyncProgress) + Send + Sync>;

/// What one sync did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SyncReport {
    pub rounds: u32,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    /// Documents that received new data.
    pub docs_updated: usize,
    /// Documents the device got for the first time.
    pub docs_new: usize,
    /// Documents dropped because the user may no longer read them.
    pub docs_revoked: usize,
    /// Changes the server refused in this sync (with their dependents).
    pub rejections: Vec<RejectedChange>,
    /// Did both sides run out of things to say (rather than hitting [`MAX_ROUNDS`])?
    pub converged: bool,
    /// Local changes still waiting after the sync.
    pub pending: usize,
}

/// The per-document sync states of one session, and its report.
#[derive(Default)]
pub struct SyncSession {
    states: HashMap<DocId, State>,
    /// Documents that exchanged a message in this session (never answered as idle again).
    active: HashSet<DocId>,
    pub report: SyncReport,
    progress: Option<ProgressFn>,
}

fn same_heads(a: &[ChangeHash], b: &[ChangeHash]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort();
    b.sort();
    a == b
}

impl SyncSession {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports, while a round with many document messages is applied, how many of them are
    /// done (about twenty times per round, and at its start and end).
    pub fn on_progress(mut self, f: ProgressFn) -> Self {
        self.progress = Some(f);
        self
    }

    fn state<'a>(
        states: &'a mut HashMap<DocId, State>,
        replica: &Replica,
        id: DocId,
    ) -> Result<&'a mut State, SyncError> {
        match states.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(v) => {
                let state = replica
                    .store()
                    .sync_state(id)?
                    .and_then(|b| State::decode(&b).ok())
                    .unwrap_or_default();
                Ok(v.insert(state))
            }
        }
    }

    /// The request of the next round: an entry for every document the device holds, with a
    /// message where it has something to say. A document whose heads equal the server's last
    /// known heads is sent as an idle poll (no message) until the server says otherwise.
    /// `None` when, after the first round, the device has nothing left to say.
    pub fn next_request(
        &mut self,
        replica: &mut Replica,
    ) -> Result<Option<SyncRequest>, SyncError> {
        let first = self.report.rounds == 0;
        let docs: Vec<(DocId, Vec<ChangeHash>)> = replica
            .docs()
            .map(|m| (m.id, m.server_heads.clone()))
            .collect();
        let mut entries = Vec::with_capacity(docs.len());
        let mut talking = false;
        for (id, server_heads) in docs {
            let state = Self::state(&mut self.states, replica, id)?;
            let doc = replica.doc(id)?;
            let heads = doc.get_heads();
            let idle = !self.active.contains(&id)
                && !heads.is_empty()
                && same_heads(&heads, &server_heads);
            let message = if idle {
                None
            } else {
                doc.sync().generate_sync_message(state).map(Message::encode)
            };
            if message.is_some() {
                talking = true;
                self.active.insert(id);
            }
            entries.push(SyncEntry {
                doc: id,
                heads,
                message,
            });
        }
        if !first && !talking {
            return Ok(None);
        }
        Ok(Some(SyncRequest { entries }))
    }

    /// Applies the server's answer: drops revoked documents, creates announced ones, receives
    /// messages and persists what they brought (with the server's heads and the sync state, in
    /// one transaction per document), then handles rejections.
    pub fn apply_response(
        &mut self,
        replica: &mut Replica,
        resp: SyncResponse,
    ) -> Result<(), SyncError> {
        for id in &resp.revoked {
            if replica.doc_meta(*id).is_some() {
                replica.drop_doc(*id)?;
                self.report.docs_revoked += 1;
            }
            self.states.remove(id);
            self.active.remove(id);
        }
        let total = resp.replies.iter().filter(|r| r.message.is_some()).count();
        let report = |done: usize| {
            if let Some(f) = self.progress.as_ref().filter(|_| total >= PROGRESS_FROM) {
                f(SyncProgress {
                    done: done as u32,
                    total: total as u32,
                });
            }
        };
        let step = (total / 20).max(1);
        report(0);
        let mut done = 0usize;
        for reply in resp.replies {
            if reply.message.is_some() {
                done += 1;
                if done.is_multiple_of(step) {
                    report(done);
                }
            }
            let id = reply.doc;
            match replica.doc_meta(id).map(|m| m.kind) {
                None => {
                    replica.create_doc(id, reply.kind)?;
                    self.report.docs_new += 1;
                }
                Some(k) if k != reply.kind => {
                    return Err(SyncError::Protocol(format!(
                        "сервер назвал документ {id} видом «{}», а на устройстве он «{k}»",
                        reply.kind
                    )));
                }
                Some(_) => {}
            }
            let state = Self::state(&mut self.states, replica, id)?;
            let doc = replica.doc(id)?;
            let before = doc.get_heads();
            if let Some(bytes) = reply.message {
                let msg = Message::decode(&bytes).map_err(|e| {
                    SyncError::Protocol(format!("сообщение синхронизации документа {id}: {e}"))
                })?;
                doc.sync().receive_sync_message(state, msg).map_err(|e| {
                    SyncError::Protocol(format!("изменения документа {id} не применились: {e}"))
                })?;
                self.active.insert(id);
            }
            let after = doc.get_heads();
            let changed = !same_heads(&before, &after);
            let data;
            let received = if !changed {
                Received::Nothing
            } else if before.is_empty() {
                data = doc.save();
                Received::Snapshot(&data)
            } else {
                data = doc.save_after(&before);
                Received::Chunk(&data)
            };
            replica
                .store()
                .persist_sync(id, received, &reply.heads, &state.encode())?;
            replica.note_server_heads(id, &reply.heads);
            if changed {
                self.report.docs_updated += 1;
                replica.invalidate(id, reply.kind);
                replica.refresh_title(id)?;
                if matches!(received, Received::Chunk(_))
                    && replica.store().change_rows(id)? >= COMPACT_AFTER
                {
                    replica.compact(id)?;
                }
            }
        }
        if !done.is_multiple_of(step) {
            report(done);
        }
        self.handle_rejections(replica, &resp.rejections)
    }

    fn handle_rejections(
        &mut self,
        replica: &mut Replica,
        rejections: &[zvonok_core::wire::Rejection],
    ) -> Result<(), SyncError> {
        let mut by_doc: BTreeMap<DocId, Vec<(ChangeHash, String)>> = BTreeMap::new();
        for r in rejections {
            by_doc
                .entry(r.doc)
                .or_default()
                .push((r.hash, r.reason.clone()));
        }
        let now = Utc::now();
        for (id, refused) in by_doc {
            let Some(kind) = replica.doc_meta(id).map(|m| m.kind) else {
                for (hash, reason) in refused {
                    let r = RejectedChange {
                        doc: id,
                        hash: hash.to_string(),
                        reason,
                        description: "документ больше не хранится на устройстве".into(),
                        at: now,
                    };
                    replica.store().add_rejected(&r)?;
                    self.report.rejections.push(r);
                }
                continue;
            };
            let actor = replica.actor().cloned();
            let doc = replica.doc(id)?;
            let rebuilt = rebuild_without(id, kind, doc, &refused, actor.as_ref(), now)
                .map_err(|e| SyncError::Protocol(format!("документ {id} не пересобрался: {e}")))?;
            replica.replace_doc(id, rebuilt.doc, &rebuilt.dropped)?;
            // Both sides start this document's sync afresh.
            self.states.insert(id, State::new());
            self.active.insert(id);
            self.report.rejections.extend(rebuilt.dropped);
        }
        Ok(())
    }
}
