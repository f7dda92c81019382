//! The school document's own rule: the data after the change has no problem it did not have
//! before (`school_rules`): e.g. a forged plan over the maximum weekly load, or a switch to a
//! five-day week that puts an existing plan over it, is refused. Its root containers and
//! header are the layout's (`walk::check_roots`).

use automerge::{AutoCommit, ChangeHash};

use crate::doc::school::SchoolData;
use crate::error::DomainError;
use crate::school_rules;

pub(crate) fn check(doc: &mut AutoCommit, before: &[ChangeHash]) -> Result<(), DomainError> {
    let after = SchoolData::from_doc(doc)?;
    let old = SchoolData::from_doc(&doc.fork_at(before)?)?;
    crate::year_close::read_only::check_closed_years(&old, &after)?;
    school_rules::check_not_worse(&old, &after)
}
