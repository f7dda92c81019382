//! Documents in memory: an LRU cache of hot documents, each with the in-memory sync states of
//! the devices talking about it. A document is rebuilt from its snapshot plus change rows on
//! a miss; a document still in use by a request is never loaded twice.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use lru::LruCache;
use thiserror::Error;
use zvonok_core::doc::{server_actor, DocKind};
use zvonok_core::ids::{DeviceId, DocId};

use crate::accept::{self, Received, WriteCheck};
use crate::storage::{Storage, StorageError};

/// After this many change rows a document is compacted into a new snapshot.
pub const COMPACT_EVERY: u64 = 100;

#[derive(Debug, Error)]
pub enum DocError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("документ {0} в базе повреждён: {1}")]
    Corrupt(DocId, String),
}

/// A loaded document and the sync states of devices syncing it.
pub struct HotDoc {
    pub id: DocId,
    pub kind: DocKind,
    pub doc: AutoCommit,
    states: HashMap<DeviceId, State>,
}

impl HotDoc {
    /// The device's sync state: from memory, else from storage, else fresh.
    pub fn state_mut(
        &mut self,
        storage: &dyn Storage,
        device: DeviceId,
    ) -> Result<&mut State, DocError> {
        if !self.states.contains_key(&device) {
            let st = match storage.sync_state(device, self.id)? {
                // An undecodable stored state only costs a longer sync: start fresh.
                Some(bytes) => State::decode(&bytes).unwrap_or_default(),
                None => State::new(),
            };
            self.states.insert(device, st);
        }
        Ok(self.states.entry(device).or_default())
    }

    /// The next message for the device (if any) and its state in persistable form.
    pub fn generate(
        &mut self,
        storage: &dyn Storage,
        device: DeviceId,
    ) -> Result<(Option<Message>, Vec<u8>), DocError> {
        self.state_mut(storage, device)?;
        let st = self.states.entry(device).or_default();
        let msg = self.doc.sync().generate_sync_message(st);
        Ok((msg, st.encode()))
    }

    /// Receives a device's message, keeping only the changes `check` accepts.
    pub fn receive(
        &mut self,
        storage: &dyn Storage,
        device: DeviceId,
        msg: Message,
        check: &WriteCheck,
    ) -> Result<Result<Received, automerge::AutomergeError>, DocError> {
        self.state_mut(storage, device)?;
        let st = self.states.entry(device).or_default();
        Ok(accept::receive(&mut self.doc, st, msg, check))
    }

    /// Forgets what the device and the server told each other about this document.
    pub fn reset_state(&mut self, device: DeviceId) {
        self.states.insert(device, State::new());
    }

    /// Keeps only what a state would persist (shared heads): the next message starts afresh.
    pub fn soften_state(&mut self, device: DeviceId) {
        if let Some(st) = self.states.get_mut(&device) {
            *st = State::decode(&st.encode()).unwrap_or_default();
        }
    }
}

type Shared = Arc<Mutex<HotDoc>>;

struct Cache {
    lru: LruCache<DocId, Shared>,
    /// Every document some request may still hold, so a document evicted while in use is
    /// found again instead of being loaded a second time.
    live: HashMap<DocId, Weak<Mutex<HotDoc>>>,
}

pub struct DocStore {
    storage: Arc<dyn Storage>,
    cache: Mutex<Cache>,
}

/// Locks a hot document; a poisoned lock (a panic mid-request) still yields the document.
pub fn lock(d: &Shared) -> MutexGuard<'_, HotDoc> {
    d.lock().unwrap_or_else(|p| p.into_inner())
}

impl DocStore {
    pub fn new(storage: Arc<dyn Storage>, capacity: usize) -> Self {
        let cap = NonZeroUsize::new(capacity.max(1)).unwrap_or(NonZeroUsize::MIN);
        DocStore {
            storage,
            cache: Mutex::new(Cache {
                lru: LruCache::new(cap),
                live: HashMap::new(),
            }),
        }
    }

    pub fn storage(&self) -> &dyn Storage {
        &*self.storage
    }

    /// The document, loaded if needed; `None` if the server has no such document.
    pub fn get(&self, id: DocId, kind: DocKind) -> Result<Option<Shared>, DocError> {
        let mut c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(d) = c.lru.get(&id) {
            return Ok(Some(d.clone()));
        }
        if let Some(d) = c.live.get(&id).and_then(Weak::upgrade) {
            c.lru.put(id, d.clone());
            return Ok(Some(d));
        }
        // Loading under the cache lock keeps one copy per document; loads take milliseconds.
        let Some(stored) = self.storage.load_doc(id)? else {
            return Ok(None);
        };
        let mut doc = match &stored.snapshot {
            Some(s) if !s.is_empty() => {
                AutoCommit::load(s).map_err(|e| DocError::Corrupt(id, e.to_string()))?
            }
            _ => AutoCommit::new(),
        };
        for ch in &stored.changes {
            doc.load_incremental(ch)
                .map_err(|e| DocError::Corrupt(id, e.to_string()))?;
        }
        doc.set_actor(server_actor());
        let shared = Arc::new(Mutex::new(HotDoc {
            id,
            kind,
            doc,
            states: HashMap::new(),
        }));
        c.lru.put(id, shared.clone());
        c.live.insert(id, Arc::downgrade(&shared));
        if c.live.len() > 2 * c.lru.cap().get() {
            c.live.retain(|_, w| w.strong_count() > 0);
        }
        Ok(Some(shared))
    }

    /// Drops a document from memory (e.g. after it was replaced in storage).
    pub fn evict(&self, id: DocId) {
        let mut c = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        c.lru.pop(&id);
        c.live.remove(&id);
    }
}
