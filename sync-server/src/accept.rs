//! Deciding which incoming changes the server keeps. A device's sync message is first applied
//! to a fork of the document; if every new change is signed by the device, the user may write
//! the document and the result passes `validate::validate_incoming` (the kind's layout and
//! rules, with the school, the class's roster and the writer's rights), the fork becomes the
//! document (fast path). Otherwise the changes are replayed one at a time in causal order on a
//! fresh fork, each validated alone; a refused change refuses everything that depends on it.

use std::collections::HashSet;

use automerge::sync::{Message, State, SyncDoc};
use automerge::{ActorId, AutoCommit, AutomergeError, Change, ChangeHash};
use zvonok_core::doc::journal::JournalPermission;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::{server_actor, DocKind};
use zvonok_core::validate::{validate_incoming, CheckContext};
use zvonok_core::DomainError;

/// What the server knows about the writer of a message, and the documents the check of its
/// kind reads.
pub struct WriteCheck<'a> {
    pub kind: DocKind,
    /// The device's actor: every change must carry it.
    pub actor: ActorId,
    /// `rights::may(Write)` for this user and document.
    pub may_write: bool,
    pub perm: JournalPermission,
    /// `rights::may_enter_people` for a roster's class: without it a change may edit the
    /// people listed but not enter new ones.
    pub may_enter_people: bool,
    /// The school's data, as it is now: a roster's groups and a timetable's ids are checked
    /// against it.
    pub school: Option<&'a SchoolData>,
    /// For a personal document, the roster of its class as it is now: files only of people
    /// on it.
    pub roster: Option<&'a RosterData>,
}

/// The core's checks of the changes since `before` for this writer.
fn validate(
    check: &WriteCheck<'_>,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
) -> Result<(), DomainError> {
    let cx = CheckContext {
        perm: check.perm,
        may_enter_people: check.may_enter_people,
        school: check.school,
        roster: check.roster,
    };
    validate_incoming(check.kind, doc, before, &cx)
}

/// The result of receiving one message.
#[derive(Default)]
pub struct Received {
    /// Changes now in the document, in causal order.
    pub accepted: Vec<Change>,
    /// Refused changes with their Russian reason.
    pub rejected: Vec<(ChangeHash, String)>,
}

/// The reason given for changes signed by another actor.
pub fn foreign_actor_reason() -> String {
    DomainError::Forbidden(
        "изменение подписано чужим устройством; войдите на этом устройстве заново".into(),
    )
    .to_string()
}

pub fn read_only_reason() -> String {
    DomainError::Forbidden(
        "этот документ вам доступен только для чтения; обратитесь к координатору".into(),
    )
    .to_string()
}

pub const DEPENDS_ON_REJECTED: &str =
    "Изменение зависит от отклонённого изменения и поэтому тоже не сохранено.";

/// Receives `msg` into `doc` with the device's `state`, keeping only acceptable changes. On any
/// rejection the device's sync state is reset (the device resets its side too).
pub fn receive(
    doc: &mut AutoCommit,
    state: &mut State,
    msg: Message,
    check: &WriteCheck<'_>,
) -> Result<Received, AutomergeError> {
    let old_heads = doc.get_heads();
    let mut fork = doc.fork();
    let mut st = state.clone();
    fork.sync().receive_sync_message(&mut st, msg)?;
    let new = causal_order(fork.get_changes(&old_heads));
    let all_ok = new.is_empty()
        || (check.may_write
            && new.iter().all(|c| c.actor_id() == &check.actor)
            && validate(check, &mut fork, &old_heads).is_ok());
    if all_ok {
        fork.set_actor(server_actor());
        *doc = fork;
        *state = st;
        return Ok(Received {
            accepted: new,
            rejected: Vec::new(),
        });
    }

    let mut trial = doc.fork();
    let mut out = Received::default();
    let mut refused: HashSet<ChangeHash> = HashSet::new();
    for c in new {
        let reason = if c.deps().iter().any(|d| refused.contains(d)) {
            DEPENDS_ON_REJECTED.to_string()
        } else if c.actor_id() != &check.actor {
            foreign_actor_reason()
        } else if !check.may_write {
            read_only_reason()
        } else {
            let before = trial.get_heads();
            trial.apply_changes([c.clone()])?;
            match validate(check, &mut trial, &before) {
                Ok(()) => {
                    out.accepted.push(c);
                    continue;
                }
                Err(e) => {
                    trial = doc.fork();
                    trial.apply_changes(out.accepted.clone())?;
                    e.to_string()
                }
            }
        };
        refused.insert(c.hash());
        out.rejected.push((c.hash(), reason));
    }
    doc.apply_changes(out.accepted.clone())?;
    *state = State::new();
    Ok(out)
}

/// Sorts changes so every change comes after those of its dependencies that are in the list.
fn causal_order(changes: Vec<Change>) -> Vec<Change> {
    let mut pending: Vec<Change> = changes;
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let waiting: HashSet<ChangeHash> = pending.iter().map(|c| c.hash()).collect();
        let (ready, rest): (Vec<Change>, Vec<Change>) = pending
            .into_iter()
            .partition(|c| c.deps().iter().all(|d| !waiting.contains(d)));
        if ready.is_empty() {
            // A cycle cannot happen with hashes; keep the rest as they are rather than loop.
            out.extend(rest);
            break;
        }
        out.extend(ready);
        pending = rest;
    }
    out
}

/// Parses every change chunk of a message in an empty document: a message that would fail to
/// apply is refused before anything is changed.
pub fn precheck(msg: &Message) -> Result<(), AutomergeError> {
    for chunk in msg.changes.iter() {
        AutoCommit::new().load_incremental(chunk)?;
    }
    Ok(())
}
