//! The layout of every document kind, declared once: its root keys (containers and scalars),
//! the shape of each container (entities keyed by UUID, flat composite keys, a record only the
//! server writes), the type, bounds and requirement of each field, and which fields only the
//! server writes. [`super::walk`] checks a device's change against it; the rules that need
//! more than the layout (people on the roster, ids in the school) live beside it, per kind.

use crate::doc::DocKind;
use limits::{MAX_NAME, MAX_VALUE};

/// Every string limit a document kind uses, in one place (each defined by the module whose
/// rule it is).
pub mod limits {
    pub use crate::doc::journal::{MAX_COMMENT, MAX_TEXT};
    pub use crate::doc::people_ops::MAX_NAME;
    pub use crate::doc::personal::MAX_VALUE;
    pub use crate::doc::timetable_changes::MAX_NOTE;
    pub use crate::movement::MAX_NUMBER;
    pub use crate::school_rules::MAX_FIELD;
    /// Longest room of a timetable slot.
    pub const MAX_ROOM: usize = 50;
    pub use crate::timetable_cycle::MAX_VERSION_TITLE;
}

/// The type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A string of at most `max` characters; `required` fields may not be blank.
    Str { max: usize },
    /// A UUID written as a string.
    Id,
    /// A boolean.
    Bool,
    /// Only `true` (flat sets: a key is in the set or absent).
    True,
    /// An integer in `min..=max` (the kind's rules may narrow it).
    Int { min: i64, max: i64 },
    /// UUIDs joined with `,` (a short ordered list inside one value, as a slot's co-teachers):
    /// at most `max` of them, none twice.
    Ids { max: usize },
}

/// One field of an entity.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    /// Present and, for a string, not blank.
    pub required: bool,
    /// Written only by the server: a device may set it only as `Shape::Entities::new_value`
    /// says for a new entity.
    pub server_only: bool,
}

const fn f(key: &'static str, ty: Ty, required: bool) -> Field {
    Field {
        key,
        ty,
        required,
        server_only: false,
    }
}

/// The shape of a root key.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// `kind` / `schema`: the document's header, the server's.
    Header,
    /// A container only the server writes (`meta`).
    ServerRecord,
    /// Entities keyed by UUID, each a map of `fields`. `deletable`: a device may delete an
    /// entity (a timetable slot), otherwise entities only come and change.
    Entities {
        fields: &'static [Field],
        deletable: bool,
    },
    /// Flat composite keys `"<uuid>/<uuid>"` (a set when the value is `Ty::True`).
    Pairs { value: Ty },
    /// Flat keys `"<uuid>/<field>"` with string values (personal files; formats per field are
    /// the kind's rule).
    FieldsById { max: usize },
    /// A container whose entries the kind's own rules check path by path (journal, school,
    /// movement: they held against every forgery tried, see `doc::journal::validate_touched`,
    /// `school_rules`, `doc::movement::validate_change`).
    KindRules,
    /// A scalar at the root a device may write (`locked`, `week_days`, `current_year`).
    Scalar,
}

/// One root key of a document.
#[derive(Clone, Copy, Debug)]
pub struct Root {
    pub key: &'static str,
    pub shape: Shape,
}

impl Root {
    /// A container (a map the server created once), as opposed to a scalar.
    pub fn is_container(&self) -> bool {
        !matches!(self.shape, Shape::Header | Shape::Scalar)
    }
}

const fn root(key: &'static str, shape: Shape) -> Root {
    Root { key, shape }
}

const HEADER: [Root; 2] = [root("kind", Shape::Header), root("schema", Shape::Header)];

const NAME: Ty = Ty::Str { max: MAX_NAME };

const STUDENT: [Field; 4] = [
    f("last", NAME, true),
    f("first", NAME, true),
    f("middle", NAME, false),
    Field {
        key: "active",
        ty: Ty::Bool,
        required: false,
        server_only: true,
    },
];

const GUARDIAN: [Field; 4] = [
    f("last", NAME, true),
    f("first", NAME, true),
    f("middle", NAME, false),
    f("relation", NAME, false),
];

const SLOT: [Field; 10] = [
    f("weekday", Ty::Int { min: 1, max: 7 }, true),
    f("number", Ty::Int { min: 0, max: 20 }, true),
    f("class", Ty::Id, true),
    f("group", Ty::Id, false),
    f("subject", Ty::Id, true),
    f("teacher", Ty::Id, true),
    // The other teachers of the lesson (`doc::timetable::CO_TEACHERS`).
    f(
        "co_teachers",
        Ty::Ids {
            max: crate::model::MAX_CO_TEACHERS,
        },
        false,
    ),
    f(
        "room",
        Ty::Str {
            max: limits::MAX_ROOM,
        },
        false,
    ),
    // 1 = week A, 2 = week B; absent = every week (`timetable_cycle`).
    f("week", Ty::Int { min: 1, max: 2 }, false),
    // The version (`versions`); absent = the base version.
    f("version", Ty::Id, false),
];

/// A timetable version: `from` a date `YYYY-MM-DD` (checked by the kind's rules), a title.
const VERSION: [Field; 2] = [
    f("from", Ty::Str { max: 10 }, true),
    f(
        "title",
        Ty::Str {
            max: limits::MAX_VERSION_TITLE,
        },
        false,
    ),
];

/// A change by date (`doc::timetable_changes`); dates are `YYYY-MM-DD`, the kind's rules
/// (`crate::timetable_changes`) check them and everything else by state.
const CHANGE: [Field; 8] = [
    f("date", Ty::Str { max: 10 }, true),
    f("slot", Ty::Id, true),
    f("kind", Ty::Str { max: 16 }, true),
    f("to_date", Ty::Str { max: 10 }, false),
    f("to_number", Ty::Int { min: 0, max: 20 }, false),
    f("teacher", Ty::Id, false),
    f(
        "room",
        Ty::Str {
            max: limits::MAX_ROOM,
        },
        false,
    ),
    f(
        "note",
        Ty::Str {
            max: limits::MAX_NOTE,
        },
        false,
    ),
];

const ROSTER: [Root; 7] = [
    HEADER[0],
    HEADER[1],
    root("meta", Shape::ServerRecord),
    root(
        "students",
        Shape::Entities {
            fields: &STUDENT,
            deletable: false,
        },
    ),
    root(
        "guardians",
        Shape::Entities {
            fields: &GUARDIAN,
            deletable: false,
        },
    ),
    root("links", Shape::Pairs { value: Ty::True }),
    root("groups", Shape::Pairs { value: Ty::True }),
];

const TIMETABLE: [Root; 7] = [
    HEADER[0],
    HEADER[1],
    root("meta", Shape::ServerRecord),
    root(
        "slots",
        Shape::Entities {
            fields: &SLOT,
            deletable: true,
        },
    ),
    root(
        "changes",
        Shape::Entities {
            fields: &CHANGE,
            deletable: true,
        },
    ),
    root(
        "versions",
        Shape::Entities {
            fields: &VERSION,
            deletable: true,
        },
    ),
    // The Monday of a week A (`YYYY-MM-DD`), absent without a two-week cycle.
    root("cycle_start", Shape::Scalar),
];

const PERSONAL: [Root; 5] = [
    HEADER[0],
    HEADER[1],
    root("meta", Shape::ServerRecord),
    root("students", Shape::FieldsById { max: MAX_VALUE }),
    root("guardians", Shape::FieldsById { max: MAX_VALUE }),
];

const JOURNAL: [Root; 9] = [
    HEADER[0],
    HEADER[1],
    root("meta", Shape::ServerRecord),
    root("students", Shape::ServerRecord),
    root("lessons", Shape::KindRules),
    root("attendance", Shape::KindRules),
    root("marks", Shape::KindRules),
    root("finals", Shape::KindRules),
    root("locked", Shape::Scalar),
];

const SCHOOL: [Root; 18] = [
    HEADER[0],
    HEADER[1],
    root("card", Shape::KindRules),
    root("current_year", Shape::Scalar),
    root("week_days", Shape::Scalar),
    root("time_zone", Shape::Scalar),
    root("years", Shape::KindRules),
    root("periods", Shape::KindRules),
    root("bells", Shape::KindRules),
    root("subjects", Shape::KindRules),
    root("staff", Shape::KindRules),
    root("classes", Shape::KindRules),
    root("groups", Shape::KindRules),
    root("assignments", Shape::KindRules),
    root("holidays", Shape::KindRules),
    root("profiles", Shape::KindRules),
    root("plan_hours", Shape::KindRules),
    root("class_profiles", Shape::KindRules),
];

const MOVEMENT: [Root; 4] = [
    HEADER[0],
    HEADER[1],
    root("meta", Shape::ServerRecord),
    root("orders", Shape::KindRules),
];

/// The root keys of a document kind.
pub fn roots(kind: DocKind) -> &'static [Root] {
    match kind {
        DocKind::School => &SCHOOL,
        DocKind::Roster => &ROSTER,
        DocKind::Timetable => &TIMETABLE,
        DocKind::Journal => &JOURNAL,
        DocKind::Personal => &PERSONAL,
        DocKind::Movement => &MOVEMENT,
    }
}

/// The root key `key` of a kind, if the layout has it.
pub fn root_of(kind: DocKind, key: &str) -> Option<&'static Root> {
    roots(kind).iter().find(|r| r.key == key)
}
