//! The batched sync protocol against an in-process fake server (plain Automerge peers, no
//! HTTP): first download, upload of local writes, idle polls, revoked documents, and a
//! rejection that rebuilds the document without the refused change and its dependents.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use automerge::sync::{Message, State, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use chrono::Utc;
use zvonok_client::rejection::rebuild_without;
use zvonok_client::sync::SyncSession;
use zvonok_client::{Replica, Store};
use zvonok_core::doc::journal::{apply, JournalOp, JournalPermission};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{DocId, MarkId};
use zvonok_core::marks::{AbsenceCode, MarkValue};
use zvonok_core::wire::{Rejection, SyncReply, SyncRequest, SyncResponse};

/// A server that keeps every document and answers sync requests like the real one, and can
/// be told to refuse one change hash.
struct FakeServer {
    docs: BTreeMap<DocId, (DocKind, AutoCommit)>,
    states: HashMap<DocId, State>,
    refuse: Option<ChangeHash>,
}

impl FakeServer {
    fn from_store(dir: &std::path::Path) -> Self {
        let store = Store::open(dir).unwrap();
        let mut docs = BTreeMap::new();
        for m in store.docs().unwrap() {
            let stored = store.load_doc(m.id).unwrap().unwrap();
            docs.insert(m.id, (m.kind, AutoCommit::load(&stored.snapshot).unwrap()));
        }
        FakeServer {
            docs,
            states: HashMap::new(),
            refuse: None,
        }
    }

    fn new_session(&mut self) {
        self.states.clear();
    }

    fn handle(&mut self, req: SyncRequest) -> SyncResponse {
        let req = SyncRequest::decode(&req.encode()).unwrap();
        let mut resp = SyncResponse::default();
        let held: HashSet<DocId> = req.entries.iter().map(|e| e.doc).collect();
        for e in req.entries {
            let Some((kind, doc)) = self.docs.get_mut(&e.doc) else {
                resp.revoked.push(e.doc);
                continue;
            };
            let state = self.states.entry(e.doc).or_default();
            let had_message = e.message.is_some();
            if let Some(m) = e.message {
                let before = doc.get_heads();
                doc.sync()
                    .receive_sync_message(state, Message::decode(&m).unwrap())
                    .unwrap();
                let new: Vec<ChangeHash> =
                    doc.get_changes(&before).iter().map(|c| c.hash()).collect();
                if let Some(bad) = self.refuse.filter(|h| new.contains(h)) {
                    let reason = "Период «1 четверть» закрыт".to_string();
                    let rebuilt = rebuild_without(
                        e.doc,
                        *kind,
                        doc,
                        &[(bad, reason.clone())],
                        None,
                        Utc::now(),
                    )
                    .unwrap();
                    for d in &rebuilt.dropped {
                        resp.rejections.push(Rejection {
                            doc: e.doc,
                            hash: d.hash.parse().unwrap(),
                            reason: reason.clone(),
                        });
                    }
                    *doc = rebuilt.doc;
                    *state = State::new();
                }
            }
            let heads = doc.get_heads();
            let message = if !had_message && e.heads == heads {
                None
            } else {
                doc.sync().generate_sync_message(state).map(Message::encode)
            };
            resp.replies.push(SyncReply {
                doc: e.doc,
                kind: *kind,
                heads,
                message,
            });
        }
        for (id, (kind, doc)) in &mut self.docs {
            if held.contains(id) {
                continue;
            }
            let state = self.states.entry(*id).or_default();
            let message = doc.sync().generate_sync_message(state).map(Message::encode);
            resp.replies.push(SyncReply {
                doc: *id,
                kind: *kind,
                heads: doc.get_heads(),
                message,
            });
        }
        SyncResponse::decode(&resp.encode()).unwrap()
    }
}

/// Runs one sync session against the fake server; returns the rounds.
fn sync(server: &mut FakeServer, r: &mut Replica) -> zvonok_client::SyncReport {
    server.new_session();
    let mut s = SyncSession::new();
    while let Some(req) = s.next_request(r).unwrap() {
        assert!(s.report.rounds < 10, "sync does not converge");
        let resp = server.handle(req);
        s.report.rounds += 1;
        s.apply_response(r, resp).unwrap();
    }
    s.report.converged = true;
    s.report.pending = r.pending_count().unwrap();
    s.report
}

/// A server holding the fixture school, and a logged-in device holding nothing yet.
fn setup() -> (tempfile::TempDir, common::Fixture, FakeServer) {
    let dir = tempfile::tempdir().unwrap();
    let f = common::install(dir.path());
    let server = FakeServer::from_store(dir.path());
    Store::open(dir.path()).unwrap().wipe_replica().unwrap();
    (dir, f, server)
}

#[test]
fn first_sync_upload_and_idle_poll() {
    let (dir, f, mut server) = setup();
    let mut r = Replica::open(dir.path()).unwrap();
    assert_eq!(r.docs().count(), 0);

    let first = sync(&mut server, &mut r);
    assert_eq!(first.docs_new, 4);
    assert!(first.rounds <= 3, "first sync took {} rounds", first.rounds);
    assert_eq!(
        r.today(f.date).unwrap().len(),
        1,
        "documents are usable after the first sync"
    );
    assert_eq!(r.pending_count().unwrap(), 0);

    let op = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson: f.lessons[0],
        student: f.students[0],
        value: MarkValue::Points(5),
        kind: "answer".into(),
        weight: 1,
        comment: String::new(),
    };
    assert_eq!(r.apply_journal_op(f.journal, &op).unwrap().pending, 1);
    let up = sync(&mut server, &mut r);
    assert_eq!(up.pending, 0, "the server confirmed the change");
    assert!(up.rounds <= 3, "upload took {} rounds", up.rounds);
    let server_journal =
        zvonok_core::doc::journal::JournalData::from_doc(&server.docs[&f.journal].1).unwrap();
    assert_eq!(server_journal.marks.len(), 1);

    // Nothing new on either side: one round, no messages.
    let idle = sync(&mut server, &mut r);
    assert_eq!(idle.rounds, 1);
    assert_eq!(idle.docs_updated, 0);

    // The server writes; the device receives it in the next sync, also after a reopen.
    {
        let doc = &mut server.docs.get_mut(&f.journal).unwrap().1;
        let op = JournalOp::SetHomework {
            lesson: f.lessons[0],
            homework: "№ 12".into(),
        };
        apply(doc, &op, JournalPermission::default()).unwrap();
        doc.commit();
    }
    drop(r);
    let mut r = Replica::open(dir.path()).unwrap();
    let down = sync(&mut server, &mut r);
    assert_eq!(down.docs_updated, 1);
    assert!(r.today(f.date).unwrap()[0].homework_filled);
    drop(r);
    let mut r = Replica::open(dir.path()).unwrap();
    assert!(
        r.today(f.date).unwrap()[0].homework_filled,
        "received data was persisted"
    );

    // A document the user may no longer read is dropped.
    server.docs.remove(&f.roster);
    let rev = sync(&mut server, &mut r);
    assert_eq!(rev.docs_revoked, 1);
    assert!(r.doc_meta(f.roster).is_none());
}

#[test]
fn rejection_drops_the_change_and_its_dependents_and_keeps_the_rest() {
    let (dir, f, mut server) = setup();
    let mut r = Replica::open(dir.path()).unwrap();
    sync(&mut server, &mut r);

    // Offline: a mark (kept), then an absence (refused), then a topic (depends on it).
    let mark = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson: f.lessons[0],
        student: f.students[1],
        value: MarkValue::Points(4),
        kind: "test".into(),
        weight: 3,
        comment: String::new(),
    };
    r.apply_journal_op(f.journal, &mark).unwrap();
    let att = JournalOp::SetAttendance {
        lesson: f.lessons[0],
        student: f.students[0],
        code: Some(AbsenceCode::Absent),
    };
    let refused = r.apply_journal_op(f.journal, &att).unwrap().change.unwrap();
    let topic = JournalOp::SetTopic {
        lesson: f.lessons[0],
        topic: "Дроби".into(),
    };
    r.apply_journal_op(f.journal, &topic).unwrap();
    assert_eq!(r.pending_count().unwrap(), 3);

    server.refuse = Some(refused.parse().unwrap());
    let report = sync(&mut server, &mut r);
    assert_eq!(report.rejections.len(), 2, "{:#?}", report.rejections);
    assert_eq!(report.pending, 0, "the kept change was synced");

    let j = r.journal(f.journal).unwrap();
    assert_eq!(j.marks.len(), 1, "the unrelated mark is kept");
    assert!(j.attendance.is_empty(), "the refused absence is gone");
    assert!(
        j.lessons[&f.lessons[0]].topic.is_empty(),
        "the dependent topic is gone"
    );

    let recorded = r.rejected().unwrap();
    assert_eq!(recorded.len(), 2);
    let att_rec = recorded.iter().find(|x| x.hash == refused).unwrap();
    assert_eq!(att_rec.reason, "Период «1 четверть» закрыт");
    assert_eq!(
        att_rec.description,
        "Пропуск Н — Иванов Иван, 07.09 (урок 2), журнал 5А · Математика · 1 четверть"
    );
    let dep = recorded.iter().find(|x| x.hash != refused).unwrap();
    assert!(
        dep.description.starts_with("Тема урока «Дроби»"),
        "{}",
        dep.description
    );

    // Device and server agree, also after reopening the store.
    let server_j =
        zvonok_core::doc::journal::JournalData::from_doc(&server.docs[&f.journal].1).unwrap();
    assert_eq!(server_j, j);
    drop(r);
    let mut r = Replica::open(dir.path()).unwrap();
    assert_eq!(r.journal(f.journal).unwrap(), j);
    assert_eq!(r.rejected().unwrap().len(), 2);

    // New work after the rejection syncs normally.
    server.refuse = None;
    r.apply_journal_op(f.journal, &topic).unwrap();
    let again = sync(&mut server, &mut r);
    assert_eq!(again.pending, 0);
    assert!(again.rejections.is_empty());
}
