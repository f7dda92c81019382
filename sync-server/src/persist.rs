//! Storing what the server's copy of a document gained, the same way whoever wrote it: changes
//! accepted from a device's sync message and changes the server made for a browser session.
//! The changes are already in the hot document (which stays in the LRU cache); here they become
//! change rows with the new heads, the document is compacted when its log grows, a locked-period
//! edit and every change to people data (class lists, personal files) are audited with the
//! author and the device, and the caller learns whether the rights index is now stale.

use std::collections::HashSet;

use automerge::{AutoCommit, Change, ChangeHash};
use chrono::Utc;
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::personal::PersonalData;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId, GroupId};
use zvonok_core::wire::AuditAction;

use crate::docstore::{lock, HotDoc, COMPACT_EVERY};
use crate::error::{ApiError, ApiResult};
use crate::journal_audit::describe as describe_journal_edit;
use crate::people_audit::{personal_lines, roster_lines, PeopleLine};
use crate::state::AppState;
use crate::storage::{AuditEntry, AuditSubject, DeviceRecord, DocRecord, UserRecord};

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
        action: AuditAction,
        detail: String,
    ) -> ApiResult<()> {
        state.storage.audit(&self.entry(doc, action, detail))?;
        Ok(())
    }

    fn entry(&self, doc: Option<DocId>, action: AuditAction, detail: String) -> AuditEntry {
        AuditEntry {
            at: Utc::now(),
            user: Some(self.user.id),
            device: Some(self.device.id),
            doc,
            action: action.as_str().to_string(),
            detail,
        }
    }
}

/// Most refused changes one audit line lists by hash.
const LISTED_REJECTIONS: usize = 20;

/// One audit line for the changes of a device's message the server refused: which changes (by
/// hash) and why. Nothing is written when nothing was refused.
pub fn audit_rejected(
    state: &AppState,
    writer: Writer<'_>,
    rec: &DocRecord,
    rejected: &[(ChangeHash, String)],
) -> ApiResult<()> {
    if rejected.is_empty() {
        return Ok(());
    }
    let mut detail = format!("«{}»: отклонено изменений: {}", rec.title, rejected.len());
    for (hash, reason) in rejected.iter().take(LISTED_REJECTIONS) {
        detail.push_str(&format!("; {hash}: {reason}"));
    }
    if rejected.len() > LISTED_REJECTIONS {
        detail.push_str(&format!("; и ещё {}", rejected.len() - LISTED_REJECTIONS));
    }
    let entry = writer.entry(Some(rec.id), AuditAction::ChangeRejected, detail);
    let subject = AuditSubject {
        student: None,
        class: rec.meta.class.or(rec.meta.cohort.map(|c| c.class())),
    };
    state.storage.audit_about(&[(entry, subject)])?;
    Ok(())
}

/// What the caller still has to do after [`store_changes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Stored {
    /// A school or roster document changed: the rights index must be rebuilt
    /// (`AppState::invalidate_index`), once the caller is done with the index it holds.
    pub index_dirty: bool,
    /// The school document or a class's roster changed: the documents that follow from them
    /// (journals and their students) may be lacking (`provision::after_school_change`, once
    /// the caller released the document).
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
    // What the people data looked like before, read now: the lines are written once stored.
    let people_before = people_before(hot, rec, changes);
    // A locked journal's state before the edit, to say what the edit changed.
    let journal_before = (was_locked && rec.kind == DocKind::Journal)
        .then(|| without(&mut hot.doc, changes))
        .flatten()
        .and_then(|d| JournalData::from_doc(&d).ok());
    append(state, rec, hot, changes)?;
    if was_locked {
        audit_locked_edit(state, writer, rec, hot, journal_before, changes.len())?;
    }
    if let Some(before) = people_before {
        audit_people(state, writer, rec, hot, before)?;
    }
    Ok(Stored {
        // Timetable changes by date name substitutes, who may read and write journals.
        index_dirty: matches!(
            rec.kind,
            DocKind::School | DocKind::Roster | DocKind::Timetable
        ),
        school_changed: matches!(rec.kind, DocKind::School | DocKind::Roster),
    })
}

/// One line for an edit of a locked journal: the author and device (server-verified), the
/// journal's class, and what changed (`journal_audit::describe`), or the count of changes when
/// the state before cannot be read.
fn audit_locked_edit(
    state: &AppState,
    writer: Writer<'_>,
    rec: &DocRecord,
    hot: &HotDoc,
    before: Option<JournalData>,
    changes: usize,
) -> ApiResult<()> {
    let what = before
        .zip(JournalData::from_doc(&hot.doc).ok())
        .and_then(|(b, a)| describe_journal_edit(&b, &a))
        .unwrap_or_else(|| format!("изменений: {changes}"));
    let detail = format!("изменения в закрытом периоде «{}»: {what}", rec.title);
    let entry = writer.entry(Some(rec.id), AuditAction::LockedPeriodEdit, detail);
    let subject = AuditSubject {
        student: None,
        class: rec.meta.class.or(rec.meta.cohort.map(|c| c.class())),
    };
    state.storage.audit_about(&[(entry, subject)])?;
    Ok(())
}

/// Stores changes the server itself made in a document that holds no people data (a
/// journal's lessons from the timetable): change rows, heads, compaction; no author to audit.
pub fn store_server_changes(
    state: &AppState,
    rec: &DocRecord,
    hot: &mut HotDoc,
    changes: &[Change],
) -> ApiResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    append(state, rec, hot, changes)
}

/// One edit the server makes in a document on its own (no author to audit): `edit` runs on
/// the document; an error rolls everything back; whatever it wrote is committed as one change
/// and stored. Returns whether anything was written.
pub fn server_edit<E: std::fmt::Display>(
    state: &AppState,
    rec: &DocRecord,
    hot: &mut HotDoc,
    edit: impl FnOnce(&mut AutoCommit) -> Result<(), E>,
) -> ApiResult<bool> {
    if let Err(e) = edit(&mut hot.doc) {
        hot.doc.rollback();
        return Err(ApiError::Internal(e.to_string()));
    }
    let Some(change) = hot
        .doc
        .commit()
        .and_then(|h| hot.doc.get_change_by_hash(&h))
    else {
        return Ok(false);
    };
    store_server_changes(state, rec, hot, &[change])?;
    Ok(true)
}

/// The change rows and heads of `changes`, compacted when the log grew long. If storing
/// fails, the document is dropped from memory so that the next request reloads it.
fn append(
    state: &AppState,
    rec: &DocRecord,
    hot: &mut HotDoc,
    changes: &[Change],
) -> ApiResult<()> {
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
    Ok(())
}

/// The state of a document without `changes` (its latest changes, already applied): forked at
/// the heads that remain once they are taken away.
fn without(doc: &mut AutoCommit, changes: &[Change]) -> Option<AutoCommit> {
    let ours: HashSet<ChangeHash> = changes.iter().map(Change::hash).collect();
    let mut heads: Vec<ChangeHash> = doc
        .get_heads()
        .into_iter()
        .filter(|h| !ours.contains(h))
        .collect();
    for dep in changes.iter().flat_map(|c| c.deps()) {
        if !ours.contains(dep) && !heads.contains(dep) {
            heads.push(*dep);
        }
    }
    doc.fork_at(&heads).ok()
}

/// People data of a roster or personal document before `changes`.
enum PeopleBefore {
    Roster(RosterData),
    Personal(PersonalData),
}

fn people_before(hot: &mut HotDoc, rec: &DocRecord, changes: &[Change]) -> Option<PeopleBefore> {
    if !matches!(rec.kind, DocKind::Roster | DocKind::Personal) {
        return None;
    }
    let class = rec.meta.class?;
    let before = without(&mut hot.doc, changes);
    Some(match rec.kind {
        DocKind::Roster => PeopleBefore::Roster(
            before
                .and_then(|d| RosterData::from_doc(&d).ok())
                .unwrap_or_else(|| RosterData::new(class)),
        ),
        _ => PeopleBefore::Personal(
            before
                .and_then(|d| PersonalData::from_doc(&d).ok())
                .unwrap_or_else(|| PersonalData::new(class)),
        ),
    })
}

/// One audit line per student the write touched: what changed in the class list, or which
/// fields of whose personal file (never their values).
fn audit_people(
    state: &AppState,
    writer: Writer<'_>,
    rec: &DocRecord,
    hot: &HotDoc,
    before: PeopleBefore,
) -> ApiResult<()> {
    let internal = |e: zvonok_core::DomainError| ApiError::Internal(e.to_string());
    let (action, lines): (AuditAction, Vec<PeopleLine>) = match before {
        PeopleBefore::Roster(before) => {
            let after = RosterData::from_doc(&hot.doc).map_err(internal)?;
            // Group names from the rights index as it is (never built here: this roster is
            // locked, and building the index reads every roster).
            let ix = state.index_if_built();
            let group_name = |g: GroupId| {
                ix.as_ref()
                    .and_then(|ix| ix.school.groups.get(&g))
                    .map(|g| g.name.clone())
            };
            (
                AuditAction::RosterChanged,
                roster_lines(&before, &after, group_name),
            )
        }
        PeopleBefore::Personal(before) => {
            let after = PersonalData::from_doc(&hot.doc).map_err(internal)?;
            let roster = match rec.meta.class {
                Some(class) => class_roster(state, class)?,
                None => return Ok(()),
            };
            (
                AuditAction::PersonalChanged,
                personal_lines(&before, &after, &roster),
            )
        }
    };
    if lines.is_empty() {
        return Ok(());
    }
    let rows: Vec<(AuditEntry, AuditSubject)> = lines
        .into_iter()
        .map(|l| {
            (
                writer.entry(Some(rec.id), action, l.detail),
                AuditSubject {
                    student: l.student,
                    class: rec.meta.class,
                },
            )
        })
        .collect();
    state.storage.audit_about(&rows)?;
    Ok(())
}

/// The class list of a personal document's class: it names the people and links guardians to
/// their children. Locking it while the personal document is held is safe: nothing holds a
/// roster while waiting for a personal document.
fn class_roster(state: &AppState, class: ClassId) -> ApiResult<RosterData> {
    let rec = state
        .storage
        .docs()?
        .into_iter()
        .find(|r| r.kind == DocKind::Roster && r.meta.class == Some(class));
    let Some(rec) = rec else {
        return Ok(RosterData::new(class));
    };
    let shared = state
        .docs
        .get(rec.id, rec.kind)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let Some(shared) = shared else {
        return Ok(RosterData::new(class));
    };
    let hot = lock(&shared);
    RosterData::from_doc(&hot.doc).map_err(|e| ApiError::Internal(e.to_string()))
}
