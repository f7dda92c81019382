//! Documents: the unit of sync and access control. Each kind has a schema over Automerge and a
//! typed reader/writer in its own module; nothing outside `core` touches raw Automerge paths.
//!
//! Schema rules (see ARCHITECTURE.md): entities live in maps keyed by id; containers are created
//! once, by whoever creates the document; data written concurrently by devices is flat, keyed by
//! a composite key (`attendance["<lesson>/<student>"]`); short fields are plain strings.

pub mod journal;
pub mod journal_lessons;
pub mod journal_students;
pub mod journal_substitute;
pub mod movement;
pub mod people_ops;
pub mod personal;
pub mod roster;
pub mod school;
pub mod school_ops;
pub mod timetable;
pub mod timetable_changes;
pub mod timetable_ops;

mod am;
pub(crate) use am::*;

use std::fmt;
use std::str::FromStr;

use automerge::{AutoCommit, ReadDoc, ROOT};
use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// The schema version every document of this build writes.
pub const SCHEMA_VERSION: i64 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    School,
    Roster,
    Timetable,
    Journal,
    /// Personal files of one class's students and their guardians (restricted).
    Personal,
    /// The school's enrollment orders and movement book.
    Movement,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::School => "school",
            DocKind::Roster => "roster",
            DocKind::Timetable => "timetable",
            DocKind::Journal => "journal",
            DocKind::Personal => "personal",
            DocKind::Movement => "movement",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocKind {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "school" => Ok(DocKind::School),
            "roster" => Ok(DocKind::Roster),
            "timetable" => Ok(DocKind::Timetable),
            "journal" => Ok(DocKind::Journal),
            "personal" => Ok(DocKind::Personal),
            "movement" => Ok(DocKind::Movement),
            other => Err(DomainError::Malformed(format!(
                "неизвестный вид документа {other}"
            ))),
        }
    }
}

/// Reads the kind a document declares at its root (`kind`), if any.
pub fn kind_of(doc: &AutoCommit) -> Option<DocKind> {
    get_str(doc, &ROOT, "kind").and_then(|s| s.parse().ok())
}

/// Writes the header every document carries: its kind and schema version.
pub(crate) fn write_header(doc: &mut AutoCommit, kind: DocKind) -> Result<(), DomainError> {
    use automerge::transaction::Transactable;
    doc.put(ROOT, "kind", kind.as_str())?;
    doc.put(ROOT, "schema", SCHEMA_VERSION)?;
    Ok(())
}

pub(crate) fn check_header(doc: &AutoCommit, kind: DocKind) -> Result<(), DomainError> {
    match kind_of(doc) {
        Some(k) if k == kind => Ok(()),
        Some(k) => Err(DomainError::Malformed(format!(
            "ожидался {kind}, а это {k}"
        ))),
        None => Err(DomainError::Malformed(format!(
            "ожидался {kind}, а документ пуст"
        ))),
    }
}

/// The actor id the server assigns to itself when it writes documents.
pub fn server_actor() -> automerge::ActorId {
    automerge::ActorId::from(&[0u8; 16][..])
}

/// Does this document have anything in it?
pub fn is_blank(doc: &AutoCommit) -> bool {
    doc.length(ROOT) == 0
}
