//! Writing into a device's replica the way a modified or out-of-date app would: straight
//! through the client library, skipping the device's own rights check, so that the server's
//! check is what stops the change.

use std::path::Path;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, Value, ROOT};
use zvonok_client::Replica;
use zvonok_core::doc::journal::{self, JournalOp, JournalPermission};
use zvonok_core::doc::movement::{MovementOp, Order, OrderKind};
use zvonok_core::ids::{DocId, ProfileId, SubjectId};

/// Applies `op` to journal `doc` in the replica stored in `device_dir` with the device's actor,
/// commits it and appends the change to the store as a pending change. Returns its hash (hex).
/// The CLI must not be running on that directory at the same time.
pub fn write_bypassing_rights(device_dir: &Path, doc: DocId, op: &JournalOp) -> String {
    let mut replica = Replica::open(device_dir).expect("open the device replica");
    let d = replica.doc(doc).expect("the journal is on the device");
    journal::apply(d, op, JournalPermission::default()).expect("the op passes the journal rules");
    let hash = d.commit().expect("a change was made");
    let bytes = d
        .get_last_local_change()
        .expect("the change just made")
        .raw_bytes()
        .to_vec();
    replica
        .store()
        .append_change(doc, &bytes)
        .expect("append the change to the device store");
    hash.to_string()
}

/// Commits what `edit` did to document `doc` of the replica in `device_dir`, signed with the
/// device's actor, and appends it to the store as a pending change, exactly as the app stores
/// its writes; nothing checks it on the device. Returns the change's hash (hex). The CLI must
/// not be running on that directory at the same time.
pub fn write_raw(device_dir: &Path, doc: DocId, edit: impl FnOnce(&mut AutoCommit)) -> String {
    let mut replica = Replica::open(device_dir).expect("open the device replica");
    let d = replica.doc(doc).expect("the document is on the device");
    edit(d);
    let hash = d.commit().expect("a change was made");
    let bytes = d
        .get_last_local_change()
        .expect("the change just made")
        .raw_bytes()
        .to_vec();
    replica
        .store()
        .append_change(doc, &bytes)
        .expect("append the change to the device store");
    hash.to_string()
}

/// Forges weekly hours of one subject in a curriculum profile of the school document (in
/// half-hours), past the device's load check.
pub fn plan_hours(
    device_dir: &Path,
    school: DocId,
    profile: ProfileId,
    subject: SubjectId,
    half_hours: i64,
) -> String {
    write_raw(device_dir, school, |d| {
        let plan = match d.get(ROOT, "plan_hours") {
            Ok(Some((Value::Object(_), id))) => id,
            other => panic!("the school document has no plan_hours: {other:?}"),
        };
        d.put(&plan, format!("{profile}/{subject}"), half_hours)
            .expect("put the hours");
    })
}

/// Forges an order into the movement document (its layout, see `core::doc::movement`), past
/// the device's check of the movement rules.
pub fn order(device_dir: &Path, movement: DocId, order: &Order) -> String {
    write_raw(device_dir, movement, |d| {
        let orders = match d.get(ROOT, "orders") {
            Ok(Some((Value::Object(_), id))) => id,
            other => panic!("the movement document has no orders: {other:?}"),
        };
        let o = d
            .put_object(&orders, order.id.to_string(), ObjType::Map)
            .expect("order");
        d.put(&o, "number", order.number.as_str()).expect("number");
        d.put(&o, "date", order.date.format("%Y-%m-%d").to_string())
            .expect("date");
        d.put(&o, "kind", order.kind.code()).expect("kind");
        match &order.kind {
            OrderKind::Enroll { to } => {
                d.put(&o, "to", to.to_string()).expect("to");
            }
            OrderKind::Transfer { from, to } => {
                d.put(&o, "from", from.to_string()).expect("from");
                d.put(&o, "to", to.to_string()).expect("to");
            }
            OrderKind::Withdraw { from, destination } => {
                d.put(&o, "from", from.to_string()).expect("from");
                d.put(&o, "destination", destination.as_str())
                    .expect("destination");
            }
            OrderKind::Cancel { order } => {
                d.put(&o, "cancels", order.to_string()).expect("cancels");
            }
        }
        d.put(&o, "note", order.note.as_str()).expect("note");
        let students = d
            .put_object(&o, "students", ObjType::Map)
            .expect("students");
        for (s, name) in &order.students {
            d.put(&students, s.to_string(), name.as_str())
                .expect("student");
        }
    })
}

/// Issues an order the way the app does (`movement::apply`, which checks the movement rules
/// on the device) and stores it as a pending change; the CLI has no orders command.
pub fn issue_order(device_dir: &Path, movement: DocId, op: &MovementOp) -> String {
    write_raw(device_dir, movement, |d| {
        zvonok_core::doc::movement::apply(d, op).expect("the order passes the movement rules");
    })
}
