//! The device replica: the documents this device holds, loaded from the [`Store`] on demand
//! and kept in memory, with typed reads through the core readers and validated journal writes.
//!
//! A write ([`Replica::apply_journal_op`]) checks rights with `core::rights::may`, runs
//! `core::doc::journal::apply`, commits, appends the change as a row and returns only after
//! the SQLite commit.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use automerge::{ActorId, AutoCommit, ChangeHash};
use serde::Serialize;
use thiserror::Error;
use zvonok_core::doc::journal::{self, JournalData, JournalMeta, JournalOp, JournalPermission};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::{read_changes, Changes};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{DocId, StaffId};
use zvonok_core::rights::{may, Action, Directory, Principal, Resource};
use zvonok_core::wire::UserInfo;
use zvonok_core::DomainError;

use crate::account::Credentials;
use crate::names::suggestion_text;
use crate::store::{DocMeta, RejectedChange, Store, StoreError, COMPACT_AFTER};

/// Errors of replica reads and writes. Messages are Russian and say what to do.
#[derive(Debug, Error)]
pub enum ReplicaError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("Устройство не подключено к серверу: выполните вход (zvonok login <адрес сервера> <логин>).")]
    NotLoggedIn,
    #[error("На устройстве нет данных школы: выполните синхронизацию (zvonok sync).")]
    NoSchool,
    #[error("Документ {0} не найден на устройстве: выполните синхронизацию (zvonok sync).")]
    UnknownDoc(DocId),
    #[error("Документ {0} — не журнал.")]
    NotAJournal(DocId),
    #[error("Документ {0} на устройстве повреждён ({1}): выполните синхронизацию (zvonok sync).")]
    Corrupt(DocId, String),
    #[error("Класс «{0}» не найден. Проверьте название, например «5А».")]
    UnknownClass(String),
    #[error("Предмет «{0}» не найден.{close} Проверьте название, например «Математика».", close = suggestion_text(.1))]
    UnknownSubject(String, Vec<String>),
    #[error("Название «{0}» подходит к нескольким: {1}. Уточните.")]
    Ambiguous(String, String),
    #[error("Журнала {0} на {1} нет на этом устройстве: проверьте дату или выполните синхронизацию (zvonok sync).")]
    NoJournal(String, String),
    #[error("В журнале {0} нет урока №{2} на {1}: проверьте дату и номер урока (zvonok today --date ГГГГ-ММ-ДД).")]
    NoLesson(String, String, u8),
    /// Nobody in the journal has this name; close names to suggest.
    #[error("Ученика «{0}» нет в журнале {1}.{close} Укажите фамилию и имя полностью, как в журнале (zvonok journal), или идентификатор ученика.", close = suggestion_text(.2))]
    UnknownStudent(String, String, Vec<String>),
    /// Several students of the journal have this name.
    #[error("«{0}» — несколько учеников в журнале {1}: {names}. Укажите фамилию, имя и отчество полностью или идентификатор ученика (zvonok journal --json).", names = .2.join(", "))]
    AmbiguousStudent(String, String, Vec<String>),
    #[error("{0}")]
    BadInput(String),
}

impl ReplicaError {
    /// Is this the user's input being wrong (unknown class, student, lesson, bad mark…)
    /// rather than the device or the network failing?
    pub fn is_bad_input(&self) -> bool {
        match self {
            ReplicaError::Domain(e) => !matches!(e, DomainError::Malformed(_)),
            ReplicaError::UnknownClass(_)
            | ReplicaError::UnknownSubject(..)
            | ReplicaError::Ambiguous(..)
            | ReplicaError::NoJournal(..)
            | ReplicaError::NoLesson(..)
            | ReplicaError::UnknownStudent(..)
            | ReplicaError::AmbiguousStudent(..)
            | ReplicaError::NotAJournal(_)
            | ReplicaError::BadInput(_) => true,
            _ => false,
        }
    }
}

/// A user's rights over one journal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct JournalRights {
    /// May write it (the assigned teacher).
    pub write: bool,
    /// May change it while its period is locked, and unlock it.
    pub edit_locked: bool,
    /// Writes only as this substitute: the lessons of the journal that name them
    /// (`rights::Action::Substitute`, `doc::journal_substitute`); `write` is then true too.
    pub substitute: Option<StaffId>,
}

impl JournalRights {
    /// Can a write go in now, with the journal `locked` or not?
    pub fn can_write_now(self, locked: bool) -> bool {
        self.write && (!locked || self.edit_locked)
    }
}

/// What a saved write reports back.
#[derive(Clone, Debug, Serialize)]
pub struct WriteReceipt {
    pub doc: DocId,
    /// Hex hash of the new change (`None` if the operation changed nothing).
    pub change: Option<String>,
    /// Local changes, over all documents, the server has not confirmed yet.
    pub pending: usize,
}

/// Parsed views that are costly to rebuild; dropped when their documents change.
#[derive(Default)]
struct Views {
    school: Option<SchoolData>,
    directory: Option<Directory>,
    journal_meta: HashMap<DocId, JournalMeta>,
    pending: HashMap<DocId, usize>,
}

/// The documents of this device.
pub struct Replica {
    store: Store,
    metas: BTreeMap<DocId, DocMeta>,
    loaded: HashMap<DocId, AutoCommit>,
    creds: Option<Credentials>,
    actor: Option<ActorId>,
    views: Views,
}

impl Replica {
    /// Opens the replica in `data_dir` (creating the store if needed).
    pub fn open(data_dir: &Path) -> Result<Self, ReplicaError> {
        Self::with_store(Store::open(data_dir)?)
    }

    /// Wraps an opened store.
    pub fn with_store(store: Store) -> Result<Self, ReplicaError> {
        let metas = store.docs()?.into_iter().map(|m| (m.id, m)).collect();
        let creds = Credentials::load(&store)?;
        let actor = creds.as_ref().and_then(Credentials::actor_id);
        Ok(Replica {
            store,
            metas,
            loaded: HashMap::new(),
            creds,
            actor,
            views: Views::default(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The stored credentials, if the device has logged in.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.creds.as_ref()
    }

    /// The user this device belongs to.
    pub fn user(&self) -> Option<&UserInfo> {
        self.creds.as_ref().map(|c| &c.user)
    }

    /// Stores new credentials after a login. If another user logs in on this data directory,
    /// the documents of the previous one are forgotten first.
    pub fn set_credentials(&mut self, creds: Credentials) -> Result<(), ReplicaError> {
        let other_user = self.user().is_some_and(|u| u.id != creds.user.id);
        let other_server = self
            .creds
            .as_ref()
            .is_some_and(|c| c.server != creds.server);
        if other_user || other_server {
            self.store.wipe_replica()?;
            self.metas.clear();
            self.loaded.clear();
        }
        creds.save(&self.store)?;
        self.actor = creds.actor_id();
        if let Some(a) = &self.actor {
            for doc in self.loaded.values_mut() {
                doc.set_actor(a.clone());
            }
        }
        self.creds = Some(creds);
        self.views = Views::default();
        Ok(())
    }

    /// Replaces the stored user info (after `GET /v1/me`).
    pub fn set_user(&mut self, user: UserInfo) -> Result<(), ReplicaError> {
        Credentials::save_user(&self.store, &user)?;
        if let Some(c) = &mut self.creds {
            c.user = user;
        }
        self.views.directory = None;
        Ok(())
    }

    /// Forgets the token after the server refused it.
    pub fn forget_token(&mut self) -> Result<(), ReplicaError> {
        Credentials::forget_token(&self.store)?;
        if let Some(c) = &mut self.creds {
            c.token.clear();
        }
        Ok(())
    }

    /// The actor of this device's changes.
    pub fn actor(&self) -> Option<&ActorId> {
        self.actor.as_ref()
    }

    // ---- documents ----

    /// Every document the device holds.
    pub fn docs(&self) -> impl Iterator<Item = &DocMeta> {
        self.metas.values()
    }

    pub fn doc_meta(&self, id: DocId) -> Option<&DocMeta> {
        self.metas.get(&id)
    }

    /// Ids of the documents of one kind.
    pub fn doc_ids(&self, kind: DocKind) -> Vec<DocId> {
        self.metas
            .values()
            .filter(|m| m.kind == kind)
            .map(|m| m.id)
            .collect()
    }

    /// The document, loaded from the store on first use.
    pub fn doc(&mut self, id: DocId) -> Result<&mut AutoCommit, ReplicaError> {
        match self.loaded.entry(id) {
            Entry::Occupied(e) => Ok(e.into_mut()),
            Entry::Vacant(v) => {
                let stored = self
                    .store
                    .load_doc(id)?
                    .ok_or(ReplicaError::UnknownDoc(id))?;
                let corrupt =
                    |e: automerge::AutomergeError| ReplicaError::Corrupt(id, e.to_string());
                let mut doc = if stored.snapshot.is_empty() {
                    AutoCommit::new()
                } else {
                    AutoCommit::load(&stored.snapshot).map_err(corrupt)?
                };
                for chunk in &stored.changes {
                    doc.load_incremental(chunk).map_err(corrupt)?;
                }
                if let Some(a) = &self.actor {
                    doc.set_actor(a.clone());
                }
                Ok(v.insert(doc))
            }
        }
    }

    /// Creates an empty local document the server announced (kind known, content to come).
    pub(crate) fn create_doc(&mut self, id: DocId, kind: DocKind) -> Result<(), ReplicaError> {
        self.store.put_doc(id, kind, "", &[])?;
        let mut doc = AutoCommit::new();
        if let Some(a) = &self.actor {
            doc.set_actor(a.clone());
        }
        self.loaded.insert(id, doc);
        self.metas.insert(
            id,
            DocMeta {
                id,
                kind,
                title: String::new(),
                server_heads: Vec::new(),
            },
        );
        Ok(())
    }

    /// Drops a document the user may no longer read.
    pub(crate) fn drop_doc(&mut self, id: DocId) -> Result<(), ReplicaError> {
        self.store.delete_doc(id)?;
        self.loaded.remove(&id);
        if let Some(m) = self.metas.remove(&id) {
            self.invalidate(id, m.kind);
        }
        Ok(())
    }

    /// Records the server's heads of a document (also in memory).
    pub(crate) fn note_server_heads(&mut self, id: DocId, heads: &[ChangeHash]) {
        if let Some(m) = self.metas.get_mut(&id) {
            m.server_heads = heads.to_vec();
        }
        self.views.pending.remove(&id);
    }

    /// Forgets parsed views of a document that changed.
    pub(crate) fn invalidate(&mut self, id: DocId, kind: DocKind) {
        self.views.pending.remove(&id);
        match kind {
            DocKind::Journal => {
                self.views.journal_meta.remove(&id);
            }
            DocKind::School | DocKind::Roster => {
                self.views.school = None;
                self.views.directory = None;
            }
            // Substitutions open journals (`timetable_changes::fill_directory`).
            DocKind::Timetable => {
                self.views.directory = None;
            }
            DocKind::Personal | DocKind::Movement => {}
        }
    }

    /// Updates the stored title of a document from its content (after it changed).
    pub(crate) fn refresh_title(&mut self, id: DocId) -> Result<(), ReplicaError> {
        let Some(kind) = self.metas.get(&id).map(|m| m.kind) else {
            return Ok(());
        };
        let title = {
            let doc = self.doc(id)?;
            match kind {
                DocKind::Journal => journal::read_meta(doc).map(|m| m.title).unwrap_or_default(),
                DocKind::School => SchoolData::from_doc(doc)
                    .map(|s| s.card.short_name)
                    .unwrap_or_default(),
                DocKind::Roster => String::new(),
                DocKind::Timetable => String::from("Расписание"),
                DocKind::Personal => String::from("Личные дела"),
                DocKind::Movement => String::from("Книга движения"),
            }
        };
        if let Some(m) = self.metas.get_mut(&id) {
            if m.title != title {
                self.store.set_title(id, &title)?;
                m.title = title;
            }
        }
        Ok(())
    }

    /// Replaces a document by a rebuilt one (after a rejection) and records the refusals.
    pub(crate) fn replace_doc(
        &mut self,
        id: DocId,
        mut doc: AutoCommit,
        rejected: &[RejectedChange],
    ) -> Result<(), ReplicaError> {
        let snapshot = doc.save();
        self.store
            .replace_after_rejection(id, &snapshot, rejected)?;
        if let Some(a) = &self.actor {
            doc.set_actor(a.clone());
        }
        self.loaded.insert(id, doc);
        if let Some(kind) = self.metas.get(&id).map(|m| m.kind) {
            self.invalidate(id, kind);
        }
        Ok(())
    }

    // ---- typed reads ----

    /// The school's date at `now`, in the school's time zone (`core::time_zone`); the default
    /// zone while the device holds no school document yet.
    pub fn school_date(&mut self, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        match self.school() {
            Ok(s) => s.today(now),
            Err(_) => zvonok_core::time_zone::date_in("", now),
        }
    }

    /// The school document's data.
    pub fn school(&mut self) -> Result<&SchoolData, ReplicaError> {
        if self.views.school.is_none() {
            let id = *self
                .doc_ids(DocKind::School)
                .first()
                .ok_or(ReplicaError::NoSchool)?;
            let doc = self.doc(id)?;
            if zvonok_core::doc::is_blank(doc) {
                return Err(ReplicaError::NoSchool);
            }
            let data =
                SchoolData::from_doc(doc).map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
            self.views.school = Some(data);
        }
        self.views.school.as_ref().ok_or(ReplicaError::NoSchool)
    }

    /// The timetable of the current academic year (or the only one), if the device has it.
    pub fn timetable(&mut self) -> Result<Option<TimetableData>, ReplicaError> {
        let year = self.school().ok().and_then(|s| s.current_year);
        let mut found = None;
        for id in self.doc_ids(DocKind::Timetable) {
            let doc = self.doc(id)?;
            if zvonok_core::doc::is_blank(doc) {
                continue;
            }
            let t = TimetableData::from_doc(doc)
                .map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
            if year.is_none() || Some(t.year) == year {
                return Ok(Some(t));
            }
            found = Some(t);
        }
        Ok(found)
    }

    /// The changes by date of the current year's timetable (none without it).
    pub fn timetable_changes(&mut self) -> Result<Changes, ReplicaError> {
        let year = self.school().ok().and_then(|s| s.current_year);
        let mut found = Changes::new();
        for id in self.doc_ids(DocKind::Timetable) {
            let doc = self.doc(id)?;
            if zvonok_core::doc::is_blank(doc) {
                continue;
            }
            let t = TimetableData::from_doc(doc)
                .map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
            let c = read_changes(doc).map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
            if year.is_none() || Some(t.year) == year {
                return Ok(c);
            }
            found = c;
        }
        Ok(found)
    }

    /// Every class roster the device holds.
    pub fn rosters(&mut self) -> Result<Vec<RosterData>, ReplicaError> {
        let mut out = Vec::new();
        for id in self.doc_ids(DocKind::Roster) {
            let doc = self.doc(id)?;
            if zvonok_core::doc::is_blank(doc) {
                continue;
            }
            out.push(
                RosterData::from_doc(doc).map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?,
            );
        }
        Ok(out)
    }

    /// A whole journal.
    pub fn journal(&mut self, id: DocId) -> Result<JournalData, ReplicaError> {
        self.check_journal(id)?;
        let doc = self.doc(id)?;
        JournalData::from_doc(doc).map_err(|e| ReplicaError::Corrupt(id, e.to_string()))
    }

    /// A journal's header (cheap; cached).
    pub fn journal_meta(&mut self, id: DocId) -> Result<JournalMeta, ReplicaError> {
        if let Some(m) = self.views.journal_meta.get(&id) {
            return Ok(m.clone());
        }
        self.check_journal(id)?;
        let meta = journal::read_meta(self.doc(id)?)
            .map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
        self.views.journal_meta.insert(id, meta.clone());
        Ok(meta)
    }

    /// Headers of every journal the device holds (journals not received yet are skipped).
    pub fn journal_metas(&mut self) -> Result<Vec<(DocId, JournalMeta)>, ReplicaError> {
        let mut out = Vec::new();
        for id in self.doc_ids(DocKind::Journal) {
            if zvonok_core::doc::is_blank(self.doc(id)?) {
                continue;
            }
            out.push((id, self.journal_meta(id)?));
        }
        Ok(out)
    }

    fn check_journal(&self, id: DocId) -> Result<(), ReplicaError> {
        match self.metas.get(&id) {
            None => Err(ReplicaError::UnknownDoc(id)),
            Some(m) if m.kind != DocKind::Journal => Err(ReplicaError::NotAJournal(id)),
            Some(_) => Ok(()),
        }
    }

    /// The rights directory built from the local school document and rosters.
    pub fn directory(&mut self) -> Result<Directory, ReplicaError> {
        if let Some(d) = &self.views.directory {
            return Ok(d.clone());
        }
        let mut dir = Directory::default();
        self.school()?.fill_directory(&mut dir);
        for r in self.rosters()? {
            r.fill_directory(&mut dir);
        }
        if let Some(t) = self.timetable()? {
            let changes = self.timetable_changes()?;
            zvonok_core::timetable_changes::fill_directory(&t, &changes, &mut dir);
        }
        self.views.directory = Some(dir.clone());
        Ok(dir)
    }

    // ---- writes ----

    /// Checks rights, validates and performs one journal operation, and stores the change.
    /// Returns after the change is committed to SQLite; nothing is written on error.
    pub fn apply_journal_op(
        &mut self,
        id: DocId,
        op: &JournalOp,
    ) -> Result<WriteReceipt, ReplicaError> {
        let principal = self
            .creds
            .as_ref()
            .map(Credentials::principal)
            .ok_or(ReplicaError::NotLoggedIn)?;
        if self.actor.is_none() {
            return Err(ReplicaError::NotLoggedIn);
        }
        let meta = self.journal_meta(id)?;
        let rights = self.rights_of(&principal, &meta)?;
        if !rights.write {
            return Err(DomainError::Forbidden(format!(
                "журнал «{}» ведёт назначенный учитель",
                meta.title
            ))
            .into());
        }
        let perm = JournalPermission {
            edit_locked: rights.edit_locked,
            substitute: rights.substitute,
        };
        self.write(id, DocKind::Journal, |doc| journal::apply(doc, op, perm))
    }

    /// What the logged-in user may do with journal `id`, decided by `rights::may` exactly as
    /// [`Replica::apply_journal_op`] decides it. Nothing when not logged in.
    pub fn journal_rights(&mut self, id: DocId) -> Result<JournalRights, ReplicaError> {
        let Some(principal) = self.creds.as_ref().map(Credentials::principal) else {
            return Ok(JournalRights::default());
        };
        let meta = self.journal_meta(id)?;
        self.rights_of(&principal, &meta)
    }

    fn rights_of(
        &mut self,
        principal: &Principal,
        meta: &JournalMeta,
    ) -> Result<JournalRights, ReplicaError> {
        let dir = self.directory()?;
        let res = Resource::Journal {
            cohort: meta.cohort,
            subject: meta.subject,
        };
        let write = may(principal, Action::Write, res, &dir);
        let substitute = (!write && may(principal, Action::Substitute, res, &dir))
            .then_some(principal.staff)
            .flatten();
        Ok(JournalRights {
            write: write || substitute.is_some(),
            edit_locked: write && may(principal, Action::EditLocked, res, &dir),
            substitute,
        })
    }

    /// Performs `f` on the loaded document `id` (rolled back if it fails), commits the change
    /// and stores it as one change row; returns after SQLite committed. Every write of the
    /// device goes through here.
    pub(crate) fn write(
        &mut self,
        id: DocId,
        kind: DocKind,
        f: impl FnOnce(&mut AutoCommit) -> Result<(), DomainError>,
    ) -> Result<WriteReceipt, ReplicaError> {
        let doc = self.doc(id)?;
        if let Err(e) = f(doc) {
            doc.rollback();
            return Err(e.into());
        }
        let Some(hash) = doc.commit() else {
            return Ok(WriteReceipt {
                doc: id,
                change: None,
                pending: self.pending_count()?,
            });
        };
        let bytes = doc
            .get_last_local_change()
            .map(|c| c.raw_bytes().to_vec())
            .ok_or_else(|| ReplicaError::Corrupt(id, "нет последнего изменения".into()))?;
        let rows = match self.store.append_change(id, &bytes) {
            Ok(rows) => rows,
            Err(e) => {
                // Keep memory equal to disk: the change is not saved, so forget it.
                self.loaded.remove(&id);
                return Err(e.into());
            }
        };
        self.invalidate(id, kind);
        if rows >= COMPACT_AFTER {
            if let Err(e) = self.compact(id) {
                tracing::warn!("compaction of {id} failed: {e}");
            }
        }
        Ok(WriteReceipt {
            doc: id,
            change: Some(hash.to_string()),
            pending: self.pending_count()?,
        })
    }

    /// Saves a snapshot of the document and drops its change rows (one transaction).
    pub fn compact(&mut self, id: DocId) -> Result<(), ReplicaError> {
        let snapshot = self.doc(id)?.save();
        self.store.compact(id, &snapshot)?;
        Ok(())
    }

    /// Compacts every document that has change rows.
    pub fn compact_all(&mut self) -> Result<usize, ReplicaError> {
        let mut n = 0;
        for id in self.metas.keys().copied().collect::<Vec<_>>() {
            if self.store.change_rows(id)? > 0 {
                self.compact(id)?;
                n += 1;
            }
        }
        Ok(n)
    }

    // ---- pending and rejected ----

    /// Local changes of this device in one document that the server's last known heads do
    /// not cover.
    pub fn pending_in(&mut self, id: DocId) -> Result<usize, ReplicaError> {
        if let Some(n) = self.views.pending.get(&id) {
            return Ok(*n);
        }
        let Some(actor) = self.actor.clone() else {
            return Ok(0);
        };
        let server = self
            .metas
            .get(&id)
            .map(|m| m.server_heads.clone())
            .unwrap_or_default();
        let doc = self.doc(id)?;
        let known: Vec<ChangeHash> = server
            .into_iter()
            .filter(|h| doc.get_change_meta_by_hash(h).is_some())
            .collect();
        let n = doc
            .get_changes_meta(&known)
            .iter()
            .filter(|m| *m.actor == actor)
            .count();
        self.views.pending.insert(id, n);
        Ok(n)
    }

    /// Local changes, over all documents, waiting for the server.
    pub fn pending_count(&mut self) -> Result<usize, ReplicaError> {
        let mut n = 0;
        for id in self.metas.keys().copied().collect::<Vec<_>>() {
            n += self.pending_in(id)?;
        }
        Ok(n)
    }

    /// The changes the server refused, oldest first.
    pub fn rejected(&self) -> Result<Vec<RejectedChange>, ReplicaError> {
        Ok(self.store.rejected()?)
    }
}
