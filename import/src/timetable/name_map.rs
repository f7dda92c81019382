//! Remembered answers: a name from a timetable file the user matched by hand, and what it
//! means in the school. Applied before any matching, so the next import does not ask again.
//! Names are kept by [`name_key`] (any case, spacing, «ё», look-alike letters, «К.К.» =
//! «К. К.»).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use zvonok_core::ids::{StaffId, SubjectId};
use zvonok_core::names::normalize;
use zvonok_core::rights::Cohort;

/// A written name for comparison: [`normalize`]d, with a space after every dot, so «Сидоров
/// К.К.» and «сидоров к. к.» are one name.
pub fn name_key(name: &str) -> String {
    normalize(&name.replace('.', ". "))
}

/// What kind of name a file gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Teacher,
    /// A class, group or subgroup.
    StudentSet,
    Subject,
    /// An hour given by time («08:30-09:15») that is not in the bell schedule.
    Hour,
}

impl NameKind {
    /// Russian, for the preview: «учитель».
    pub fn label(self) -> &'static str {
        match self {
            NameKind::Teacher => "учитель",
            NameKind::StudentSet => "класс или группа",
            NameKind::Subject => "предмет",
            NameKind::Hour => "урок по времени",
        }
    }
}

/// What a name means in the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Target {
    Staff(StaffId),
    Cohort(Cohort),
    Subject(SubjectId),
    /// A lesson number of the bell schedule.
    Lesson(u8),
}

impl Target {
    /// The kind of name this answers.
    pub fn kind(self) -> NameKind {
        match self {
            Target::Staff(_) => NameKind::Teacher,
            Target::Cohort(_) => NameKind::StudentSet,
            Target::Subject(_) => NameKind::Subject,
            Target::Lesson(_) => NameKind::Hour,
        }
    }
}

/// The user's answers from earlier imports: (kind, normalised name) → target. Serialisable,
/// so the caller keeps it (in the school's settings or on the device) between imports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameMap {
    pub teachers: BTreeMap<String, StaffId>,
    pub student_sets: BTreeMap<String, Cohort>,
    pub subjects: BTreeMap<String, SubjectId>,
    pub hours: BTreeMap<String, u8>,
}

impl NameMap {
    pub fn new() -> NameMap {
        NameMap::default()
    }

    /// Remembers that `name` (as the file writes it) means `target`.
    pub fn remember(&mut self, name: &str, target: Target) {
        let key = name_key(name);
        match target {
            Target::Staff(id) => {
                self.teachers.insert(key, id);
            }
            Target::Cohort(c) => {
                self.student_sets.insert(key, c);
            }
            Target::Subject(id) => {
                self.subjects.insert(key, id);
            }
            Target::Lesson(n) => {
                self.hours.insert(key, n);
            }
        }
    }

    /// The remembered answer for `name` of `kind`, if any.
    pub fn get(&self, kind: NameKind, name: &str) -> Option<Target> {
        let key = name_key(name);
        match kind {
            NameKind::Teacher => self.teachers.get(&key).map(|id| Target::Staff(*id)),
            NameKind::StudentSet => self.student_sets.get(&key).map(|c| Target::Cohort(*c)),
            NameKind::Subject => self.subjects.get(&key).map(|id| Target::Subject(*id)),
            NameKind::Hour => self.hours.get(&key).map(|n| Target::Lesson(*n)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.teachers.is_empty()
            && self.student_sets.is_empty()
            && self.subjects.is_empty()
            && self.hours.is_empty()
    }
}
