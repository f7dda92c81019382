//! Writing into a device's replica the way a modified or out-of-date app would: straight
//! through the client library, skipping the device's own rights check, so that the server's
//! check is what stops the change.

use std::path::Path;

use zvonok_client::Replica;
use zvonok_core::doc::journal::{self, JournalOp, JournalPermission};
use zvonok_core::ids::DocId;

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
