//! The one test suite every storage backend must pass. Call [`storage_suite`] on a fresh,
//! empty backend; it panics (with a message) on the first broken promise.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ROOT};
use chrono::{Duration, TimeZone, Utc};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DeviceId, DocId, StaffId, StudentId, SubjectId, UserId};
use zvonok_core::rights::{Cohort, Grant, Principal, Right, Role, Scope};

use super::*;

mod feeds;
mod periods;

fn user(login: &str) -> UserRecord {
    let id = UserId::new();
    UserRecord {
        id,
        login: login.to_string(),
        display_name: format!("Пользователь {login}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_string(),
        principal: Principal {
            user: id,
            roles: vec![Role::Teacher],
            staff: Some(StaffId::new()),
            ..Principal::default()
        },
    }
}

fn device(user: UserId, token_hash: &str) -> DeviceRecord {
    let t = Utc
        .with_ymd_and_hms(2026, 11, 2, 8, 30, 0)
        .single()
        .unwrap_or_default();
    DeviceRecord {
        id: DeviceId::new(),
        user,
        name: "Планшет, кабинет 12".into(),
        token_hash: token_hash.to_string(),
        actor: "00112233445566778899aabbccddeeff".into(),
        created: t,
        last_seen: t,
        revoked: None,
    }
}

/// Runs every check against `s`, which must be empty.
pub fn storage_suite(s: &dyn Storage) {
    users(s);
    devices_and_logins(s);
    signing_out_devices(s);
    documents(s);
    sync_states(s);
    audit(s);
    feeds::feeds(s);
    periods::period_states(s);
}

fn users(s: &dyn Storage) {
    assert_eq!(
        s.count_users().expect("count"),
        0,
        "the suite needs an empty backend"
    );
    let a = user("ivanova");
    let b = user("petrov");
    s.create_users(&[a.clone(), b.clone()])
        .expect("create users");
    assert_eq!(s.count_users().expect("count"), 2);
    assert_eq!(s.user(a.id).expect("user").as_ref(), Some(&a));
    assert_eq!(
        s.user_by_login("petrov").expect("by login").as_ref(),
        Some(&b)
    );
    assert_eq!(s.user_by_login("nobody").expect("by login"), None);
    assert_eq!(s.user(UserId::new()).expect("user"), None);

    // A duplicate login fails the whole batch.
    let dup = user("ivanova");
    let fresh = user("sidorova");
    assert!(
        s.create_users(&[fresh.clone(), dup]).is_err(),
        "duplicate login accepted"
    );
    assert_eq!(
        s.user_by_login("sidorova").expect("by login"),
        None,
        "batch not atomic"
    );
    assert_eq!(s.count_users().expect("count"), 2);

    s.set_password_hash(a.id, "new-hash").expect("set hash");
    assert_eq!(
        s.user(a.id)
            .expect("user")
            .map(|u| u.password_hash)
            .as_deref(),
        Some("new-hash")
    );
    assert!(
        s.set_password_hash(UserId::new(), "x").is_err(),
        "unknown user updated"
    );

    // Principals: replaced whole, read back at once, by id and by login; others untouched.
    let mut p = a.principal.clone();
    p.roles.push(Role::ClassTeacher);
    p.grants.push(Grant {
        right: Right::EnterStudentLists,
        scope: Scope::OwnClass,
    });
    s.set_principal(a.id, &p).expect("set principal");
    assert_eq!(
        s.user(a.id).expect("user").map(|u| u.principal),
        Some(p.clone())
    );
    assert_eq!(
        s.user_by_login("ivanova")
            .expect("by login")
            .map(|u| u.principal),
        Some(p.clone())
    );
    assert_eq!(
        s.user(b.id).expect("user").as_ref(),
        Some(&b),
        "others untouched"
    );
    p.grants.clear();
    s.set_principal(a.id, &p).expect("clear grants");
    assert!(s
        .user(a.id)
        .expect("user")
        .is_some_and(|u| u.principal.grants.is_empty()));
    let ghost = UserId::new();
    assert!(
        s.set_principal(
            ghost,
            &Principal {
                user: ghost,
                ..Principal::default()
            }
        )
        .is_err(),
        "unknown user updated"
    );
    assert!(
        s.set_principal(a.id, &b.principal).is_err(),
        "another user's principal stored"
    );
}

fn signing_out_devices(s: &dyn Storage) {
    let u = user("signing-out");
    let other = user("signing-out-other");
    s.create_users(&[u.clone(), other.clone()])
        .expect("create users");
    let keep = device(u.id, "so-keep");
    let a = device(u.id, "so-a");
    let b = device(u.id, "so-b");
    let theirs = device(other.id, "so-theirs");
    for d in [&keep, &a, &b, &theirs] {
        s.create_device(d).expect("device");
    }
    let at = keep.created + Duration::minutes(1);
    assert!(s.revoke_device(b.id, keep.created).expect("revoke b"));
    assert_eq!(
        s.revoke_devices_of(u.id, Some(keep.id), at)
            .expect("sign out others"),
        1,
        "only a: b was revoked already"
    );
    let revoked = |d: &DeviceRecord| s.device(d.id).expect("device").and_then(|d| d.revoked);
    assert_eq!(revoked(&keep), None);
    assert_eq!(revoked(&a), Some(at));
    assert_eq!(
        revoked(&b),
        Some(keep.created),
        "an earlier revocation stays"
    );
    assert_eq!(revoked(&theirs), None, "another account's device");
    assert_eq!(
        s.revoke_devices_of(u.id, None, at).expect("sign out all"),
        1
    );
    assert_eq!(revoked(&keep), Some(at));
}

fn devices_and_logins(s: &dyn Storage) {
    let u = user("device-owner");
    s.create_users(std::slice::from_ref(&u))
        .expect("create user");
    let d1 = device(u.id, "aa11");
    let d2 = device(u.id, "bb22");
    s.create_device(&d1).expect("device 1");
    s.create_device(&d2).expect("device 2");
    assert!(
        s.create_device(&device(u.id, "aa11")).is_err(),
        "duplicate token hash accepted"
    );
    assert_eq!(s.device(d1.id).expect("device").as_ref(), Some(&d1));
    assert_eq!(
        s.device_by_token_hash("bb22").expect("by token").as_ref(),
        Some(&d2)
    );
    assert_eq!(s.device_by_token_hash("cc33").expect("by token"), None);
    let mine = s.devices_of(u.id).expect("devices of");
    assert_eq!(mine.len(), 2);

    let later = d1.last_seen + Duration::minutes(5);
    s.touch_device(d1.id, later).expect("touch");
    assert_eq!(
        s.device(d1.id).expect("device").map(|d| d.last_seen),
        Some(later)
    );

    assert!(s.revoke_device(d2.id, later).expect("revoke"));
    assert!(
        !s.revoke_device(d2.id, later).expect("revoke twice"),
        "revoked twice"
    );
    assert!(!s
        .revoke_device(DeviceId::new(), later)
        .expect("revoke unknown"));
    assert_eq!(
        s.device(d2.id).expect("device").and_then(|d| d.revoked),
        Some(later)
    );

    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
        .single()
        .unwrap_or_default();
    s.record_login(u.id, d1.id, t0).expect("login 1");
    s.record_login(u.id, d1.id, t0 + Duration::hours(1))
        .expect("login 2");
    assert_eq!(s.count_logins_since(t0).expect("count"), 2);
    assert_eq!(
        s.count_logins_since(t0 + Duration::minutes(1))
            .expect("count"),
        1
    );
    let stats = s.login_stats_since(t0).expect("stats");
    assert_eq!(
        stats,
        vec![LoginStat {
            user: u.id,
            count: 2,
            last: t0 + Duration::hours(1)
        }]
    );
    assert!(s
        .login_stats_since(t0 + Duration::hours(2))
        .expect("stats")
        .is_empty());
    let everyone = s.users().expect("users");
    assert!(everyone.iter().any(|x| x.id == u.id));
    assert!(
        everyone.windows(2).all(|w| w[0].login <= w[1].login),
        "ordered by login"
    );
}

fn sample_doc() -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(zvonok_core::doc::server_actor());
    doc.put(ROOT, "kind", "journal").expect("put");
    doc.commit();
    doc
}

fn documents(s: &dyn Storage) {
    let mut doc = sample_doc();
    let id = DocId::new();
    let class = ClassId::new();
    let record = DocRecord {
        id,
        kind: DocKind::Journal,
        title: "5А · Математика · 2 четверть".into(),
        meta: DocMeta {
            class: Some(class),
            cohort: Some(Cohort::Class(class)),
            subject: Some(SubjectId::new()),
            ..DocMeta::default()
        },
        heads: doc.get_heads(),
    };
    let other = DocRecord {
        id: DocId::new(),
        kind: DocKind::School,
        title: "МБОУ".into(),
        meta: DocMeta::default(),
        heads: vec![],
    };
    s.create_docs(&[
        NewDoc {
            record: record.clone(),
            snapshot: doc.save(),
        },
        NewDoc {
            record: other.clone(),
            snapshot: vec![],
        },
    ])
    .expect("create docs");
    assert!(
        s.create_docs(&[NewDoc {
            record: record.clone(),
            snapshot: vec![]
        }])
        .is_err(),
        "duplicate doc accepted"
    );
    assert_eq!(s.doc(id).expect("doc").as_ref(), Some(&record));
    assert_eq!(s.doc(DocId::new()).expect("doc"), None);
    let all = s.docs().expect("docs");
    assert_eq!(all.len(), 2);
    assert!(all.contains(&record) && all.contains(&other));

    // Append changes one at a time; they come back in order and rebuild the document.
    let before = doc.get_heads();
    let mut raw = Vec::new();
    for i in 0..3i64 {
        doc.put(ROOT, "n", i).expect("put");
        doc.commit();
    }
    for ch in doc.get_changes(&before) {
        raw.push(ch.raw_bytes().to_vec());
    }
    let heads = doc.get_heads();
    assert_eq!(s.append_changes(id, &raw[..1], &heads).expect("append"), 1);
    assert_eq!(s.append_changes(id, &raw[1..], &heads).expect("append"), 3);
    assert!(
        s.append_changes(DocId::new(), &raw, &heads).is_err(),
        "append to unknown doc"
    );
    assert_eq!(
        s.doc(id).expect("doc").map(|d| d.heads),
        Some(heads.clone())
    );
    let listed = |s: &dyn Storage| {
        s.docs()
            .expect("docs")
            .into_iter()
            .find(|d| d.id == id)
            .map(|d| d.heads)
    };
    assert_eq!(
        listed(s),
        Some(heads.clone()),
        "the list shows the new heads"
    );
    let stored = s.load_doc(id).expect("load").expect("stored doc");
    assert_eq!(stored.changes, raw);
    let mut rebuilt =
        AutoCommit::load(stored.snapshot.as_deref().unwrap_or_default()).expect("load snapshot");
    for ch in &stored.changes {
        rebuilt.load_incremental(ch).expect("load change");
    }
    assert_eq!(rebuilt.get_heads(), heads);

    // Compaction replaces the snapshot and drops the rows.
    doc.put(ROOT, "n", 3i64).expect("put");
    doc.commit();
    let heads = doc.get_heads();
    let snap = doc.save();
    s.compact(id, &snap, &heads).expect("compact");
    assert_eq!(
        listed(s),
        Some(heads.clone()),
        "the list shows the compacted heads"
    );
    let stored = s.load_doc(id).expect("load").expect("stored doc");
    assert_eq!(stored.snapshot.as_deref(), Some(&snap[..]));
    assert!(stored.changes.is_empty());
    assert_eq!(
        s.append_changes(id, &raw[..1], &heads)
            .expect("append after compact"),
        1
    );
    assert_eq!(s.load_doc(DocId::new()).expect("load unknown"), None);
    let third = DocRecord {
        id: DocId::new(),
        kind: DocKind::Timetable,
        title: "Расписание".into(),
        meta: DocMeta::default(),
        heads: vec![],
    };
    s.create_docs(&[NewDoc {
        record: third.clone(),
        snapshot: vec![],
    }])
    .expect("create a third doc");
    let all = s.docs().expect("docs");
    assert_eq!(all.len(), 3, "a created document is listed");
    assert!(all.contains(&third));
    let empty: Vec<ChangeHash> = Vec::new();
    assert!(
        s.compact(DocId::new(), &snap, &empty).is_err(),
        "compact unknown doc"
    );
}

fn sync_states(s: &dyn Storage) {
    let dev = DeviceId::new();
    let (d1, d2) = (DocId::new(), DocId::new());
    assert_eq!(s.sync_state(dev, d1).expect("state"), None);
    s.put_sync_states(dev, &[(d1, vec![1, 2]), (d2, vec![3])])
        .expect("put");
    assert_eq!(s.sync_state(dev, d1).expect("state"), Some(vec![1, 2]));
    s.put_sync_states(dev, &[(d1, vec![9])]).expect("overwrite");
    assert_eq!(s.sync_state(dev, d1).expect("state"), Some(vec![9]));
    assert_eq!(
        s.sync_state(DeviceId::new(), d1).expect("other device"),
        None
    );
    s.delete_sync_state(dev, d1).expect("delete");
    assert_eq!(s.sync_state(dev, d1).expect("state"), None);
    assert_eq!(s.sync_state(dev, d2).expect("state"), Some(vec![3]));
}

fn audit(s: &dyn Storage) {
    let t = Utc
        .with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .unwrap_or_default();
    let first = AuditEntry {
        at: t,
        user: Some(UserId::new()),
        device: Some(DeviceId::new()),
        doc: Some(DocId::new()),
        action: "locked_period_edit".into(),
        detail: "2 изменения в закрытом периоде".into(),
    };
    let second = AuditEntry {
        at: t + Duration::seconds(1),
        user: None,
        device: None,
        doc: None,
        action: "device_revoked".into(),
        detail: "устройство отозвано".into(),
    };
    s.audit(&first).expect("audit 1");
    s.audit(&second).expect("audit 2");
    let log = s.audit_log(10).expect("log");
    assert_eq!(log, vec![second.clone(), first.clone()]);
    assert_eq!(s.audit_log(1).expect("log"), vec![second.clone()]);
    audit_about(s, t, &first, &second);
}

/// Lines about students and classes, and the filters over them.
fn audit_about(s: &dyn Storage, t: DateTime<Utc>, first: &AuditEntry, second: &AuditEntry) {
    let (vera, petr) = (StudentId::new(), StudentId::new());
    let class = ClassId::new();
    let author = UserId::new();
    let line = |secs: i64, action: &str, detail: &str| AuditEntry {
        at: t + Duration::seconds(secs),
        user: Some(author),
        device: None,
        doc: None,
        action: action.into(),
        detail: detail.into(),
    };
    let about = |student: StudentId| AuditSubject {
        student: Some(student),
        class: Some(class),
    };
    s.audit_about(&[
        (line(10, "roster_changed", "Вера добавлена"), about(vera)),
        (line(10, "roster_changed", "Пётр добавлен"), about(petr)),
        (line(20, "personal_changed", "изменён телефон"), about(vera)),
    ])
    .expect("audit about");
    let all = |f: AuditFilter| {
        s.audit_query(&AuditFilter { limit: 100, ..f })
            .expect("query")
    };
    let details = |rows: &[AuditRecord]| -> Vec<String> {
        rows.iter().map(|r| r.entry.detail.clone()).collect()
    };
    let every = all(AuditFilter::default());
    assert_eq!(every.len(), 5);
    assert!(
        every.windows(2).all(|w| w[0].seq > w[1].seq),
        "newest first"
    );
    assert_eq!(every[4].entry, *first);
    assert_eq!(every[3].entry, *second);
    assert_eq!(every[3].subject, AuditSubject::default());
    assert_eq!(every[0].subject, about(vera));
    let of_vera = all(AuditFilter {
        student: Some(vera),
        ..Default::default()
    });
    assert_eq!(details(&of_vera), ["изменён телефон", "Вера добавлена"]);
    let roster = all(AuditFilter {
        actions: vec!["roster_changed".into(), "device_revoked".into()],
        ..Default::default()
    });
    assert_eq!(roster.len(), 3);
    let in_class = all(AuditFilter {
        class: Some(class),
        user: Some(author),
        from: Some(t + Duration::seconds(10)),
        to: Some(t + Duration::seconds(20)),
        ..Default::default()
    });
    assert_eq!(details(&in_class), ["Пётр добавлен", "Вера добавлена"]);
    // Paging: two at a time, then from where the page ended.
    let page = s
        .audit_query(&AuditFilter {
            limit: 2,
            ..Default::default()
        })
        .expect("page");
    assert_eq!(page.len(), 2);
    let next = all(AuditFilter {
        before: Some(page[1].seq),
        ..Default::default()
    });
    assert_eq!(next.len(), 3);
    assert_eq!(next[0].seq, every[2].seq);
    let authors = s.audit_authors().expect("authors");
    assert!(
        authors.contains(&author) && authors.len() == 2,
        "{authors:?}"
    );
}
