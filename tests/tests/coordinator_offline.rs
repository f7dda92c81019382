//! The coordinator's work offline on the app (issue 4): school writes and movement orders
//! made on the device's replica with no network, checked there by the same core rules, sent
//! by the next sync and kept by a real `zvonok-server --demo`, which a fresh device then sees.

use std::collections::BTreeMap;

use chrono::Duration;
use zvonok_client::Replica;
use zvonok_core::curriculum::WeeklyHours;
use zvonok_core::doc::movement::{MovementOp, OrderKind};
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::ids::{StudentId, SubjectId};
use zvonok_core::model::Subject;
use zvonok_core::setup::StepState;
use zvonok_tests::scenario::{order, today};
use zvonok_tests::{Device, Server};

#[test]
fn school_writes_and_orders_made_offline_are_checked_on_the_device_and_kept_by_the_server() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let coord = Device::new(tmp.path(), "dev-coordinator");
    coord.login(&server.url(), "coordinator");
    coord.sync();

    // Offline from here: only the replica on disk.
    let chess = SubjectId::new();
    let day = today();
    let (a, b, first, second) = {
        let mut r = Replica::open(&coord.dir).expect("replica");
        let pending0 = r.pending_count().expect("pending");
        let progress = r.setup_progress().expect("the wizard's progress");
        assert!(
            progress.iter().all(|p| p.state == StepState::Done),
            "the demo school is set up: {progress:?}"
        );

        // Over the load limit: refused on the device, nothing stored.
        let (profile, math, total) = {
            let s = r.school().expect("school");
            let p = s
                .profiles
                .values()
                .find(|p| p.grade == 5)
                .expect("a grade 5 profile")
                .clone();
            let math = s.subject_by_name("Математика").expect("Математика").id;
            (p.id, math, p.total().half_hours())
        };
        let err = r
            .apply_school_op(&SchoolOp::SetPlanHours {
                profile,
                subject: math,
                hours: WeeklyHours::hours(30),
            })
            .expect_err("30 h of mathematics is over the limit")
            .to_string();
        assert!(err.contains("5 класса"), "names the grade: {err}");
        assert!(err.contains("не больше 29 ч"), "names the limit: {err}");
        assert_eq!(
            r.pending_count().expect("pending"),
            pending0,
            "nothing stored"
        );
        assert_eq!(
            r.school().expect("school").profiles[&profile]
                .total()
                .half_hours(),
            total,
            "the plan is unchanged"
        );

        // A new subject: kept on the device, waiting for the sync.
        let saved = r
            .apply_school_op(&SchoolOp::PutSubject {
                subject: Subject {
                    id: chess,
                    name: "Шахматы".into(),
                    grades: vec![2, 3],
                },
            })
            .expect("a new subject");
        assert!(
            saved.change.is_some() && saved.pending > pending0,
            "{saved:?}"
        );

        // Orders: a transfer without enrollment is refused here already; enrollment
        // (backdated: the lists came first) then the transfer are kept.
        let s = r.school().expect("school");
        let a = s.class_by_name("5А").expect("5А").id;
        let b = s.class_by_name("5Б").expect("5Б").id;
        let roster_a = r
            .rosters()
            .expect("rosters")
            .into_iter()
            .find(|x| x.class == a)
            .expect("5А roster");
        let mut students = roster_a.sorted_students().into_iter().map(|s| s.id);
        let first = students.next().expect("a student of 5А");
        let second = students.next().expect("another student of 5А");
        let err = r
            .apply_movement_op(&MovementOp::AddOrder {
                order: order("1-т", day, OrderKind::Transfer { from: a, to: b }, second),
            })
            .expect_err("no enrollment order yet")
            .to_string();
        assert!(
            err.contains("приказ о зачислении"),
            "says what to do: {err}"
        );
        r.apply_movement_op(&MovementOp::AddOrder {
            order: order(
                "1-з",
                day - Duration::days(30),
                OrderKind::Enroll { to: a },
                first,
            ),
        })
        .expect("enrollment");
        r.apply_movement_op(&MovementOp::AddOrder {
            order: order("2-т", day, OrderKind::Transfer { from: a, to: b }, first),
        })
        .expect("transfer after enrollment");
        let book = r
            .movement_book(day - Duration::days(60), day)
            .expect("the book from the device");
        assert_eq!(book.entries.len(), 2, "{book:?}");
        (a, b, first, second)
    };

    // Back online: one sync, nothing refused.
    let rep = coord.json(&["sync"]);
    assert_eq!(rep["converged"], true, "{rep}");
    assert!(
        rep["rejections"].as_array().is_none_or(|x| x.is_empty()),
        "the server keeps the coordinator's offline work: {rep}"
    );

    // A fresh device of the secretary sees what the server kept and what followed from it.
    let sec = Device::new(tmp.path(), "dev-secretary");
    sec.login(&server.url(), "secretary");
    sec.sync();
    let mut r = Replica::open(&sec.dir).expect("replica");
    let s = r.school().expect("school");
    assert_eq!(s.subjects[&chess].name, "Шахматы");
    let orders = r.movement().expect("movement").orders;
    assert_eq!(orders.len(), 2, "{orders:?}");
    let rosters: BTreeMap<_, _> = r
        .rosters()
        .expect("rosters")
        .into_iter()
        .map(|x| (x.class, x))
        .collect();
    assert!(rosters[&b].students[&first].active, "moved to 5Б");
    assert!(!rosters[&a].students[&first].active, "left 5А");
    assert!(
        rosters[&a].students[&second].active,
        "the refused one stayed"
    );
}

#[test]
fn the_coordinators_first_sync_reports_its_progress() {
    use std::sync::{Arc, Mutex};
    use zvonok_client::sync::{self, SyncSession, PROGRESS_FROM};
    use zvonok_core::views::status::SyncProgress;

    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let dir = tmp.path().join("laptop");
    std::fs::create_dir_all(&dir).expect("dir");
    let replica = Mutex::new(Replica::open(&dir).expect("replica"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let api = rt
        .block_on(sync::login(
            &replica,
            &server.url(),
            "coordinator",
            zvonok_tests::DEMO_PASSWORD,
            "laptop",
        ))
        .expect("sign in");
    let seen: Arc<Mutex<Vec<SyncProgress>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let session = SyncSession::new().on_progress(Box::new(move |p| {
        sink.lock().expect("progress").push(p);
    }));
    let rep = rt
        .block_on(sync::sync_once_with(&replica, &api, session))
        .expect("the first sync");
    assert!(rep.converged, "{rep:?}");
    let docs = replica.lock().expect("replica").docs().count();
    let seen = seen.lock().expect("progress").clone();
    assert!(
        !seen.is_empty(),
        "a first sync of {docs} documents reports progress"
    );
    assert!(seen
        .iter()
        .all(|p| p.done <= p.total && p.total as usize >= PROGRESS_FROM));
    // Each round counts up from 0 to its total.
    let ends = seen.iter().filter(|p| p.done == p.total).count();
    let starts = seen.iter().filter(|p| p.done == 0).count();
    assert!(ends >= 1 && ends == starts, "{seen:?}");
    for w in seen.windows(2) {
        assert!(
            w[1].done > w[0].done || w[1].done == 0,
            "progress only goes up within a round: {seen:?}"
        );
    }
    assert!(
        seen.iter().any(|p| p.total as usize == docs),
        "a round covers every document ({docs}): {seen:?}"
    );
}

#[test]
fn people_are_edited_offline_within_the_rights_and_kept_by_the_server() {
    use zvonok_core::doc::people_ops::PeopleOp;
    use zvonok_core::doc::personal::{GuardianField, PersonalOp};
    use zvonok_core::model::Student as Pupil;

    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let sec = Device::new(tmp.path(), "dev-secretary");
    sec.login(&server.url(), "secretary");
    sec.sync();
    let ct = Device::new(tmp.path(), "dev-classteacher");
    ct.login(&server.url(), "classteacher");
    ct.sync();

    // Offline: the secretary renames a student and sets a guardian's phone.
    let (class, student, guardian) = {
        let mut r = Replica::open(&sec.dir).expect("replica");
        let classes = r.people_classes().expect("classes");
        let row = classes
            .classes
            .iter()
            .find(|c| c.name == "5А")
            .expect("5А listed");
        assert!(row.can_edit && row.can_add, "{row:?}");
        let view = r.people(row.id).expect("people of 5А");
        assert!(view.can_read_personal, "the secretary reads personal files");
        let s = view
            .students
            .iter()
            .find(|s| !s.guardians.is_empty())
            .expect("a student with a guardian")
            .clone();
        let before = r.pending_count().expect("pending");
        r.apply_people_op(
            row.id,
            &PeopleOp::PutStudent {
                student: Pupil {
                    id: s.id,
                    last_name: "Переименованная".into(),
                    first_name: s.first_name.clone(),
                    middle_name: s.middle_name.clone(),
                    active: true,
                },
            },
        )
        .expect("rename");
        r.apply_people_op(
            row.id,
            &PeopleOp::SetPersonal {
                personal: PersonalOp::SetGuardianField {
                    guardian: s.guardians[0].id,
                    field: GuardianField::Phone,
                    value: "8 (912) 000-11-22".into(),
                },
            },
        )
        .expect("a phone");
        assert_eq!(r.pending_count().expect("pending"), before + 2);
        let view = r.people(row.id).expect("people of 5А");
        let again = view.students.iter().find(|x| x.id == s.id).expect("listed");
        assert!(again.name.starts_with("Переименованная"), "{}", again.name);
        assert_eq!(again.guardians[0].phone.as_deref(), Some("+79120001122"),);
        (row.id, s.id, s.guardians[0].id)
    };

    // The class teacher's device: someone else's class is refused, and a new person in their
    // own class needs the lists right they do not have.
    {
        let mut r = Replica::open(&ct.dir).expect("replica");
        let classes = r.people_classes().expect("classes");
        let own = classes
            .classes
            .iter()
            .find(|c| c.can_edit)
            .expect("the class teacher edits their class");
        assert!(!own.can_add, "no lists right: {own:?}");
        let err = r
            .apply_people_op(
                own.id,
                &PeopleOp::PutStudent {
                    student: Pupil {
                        id: StudentId::new(),
                        last_name: "Новенький".into(),
                        first_name: "Иван".into(),
                        middle_name: String::new(),
                        active: true,
                    },
                },
            )
            .expect_err("a new student needs the lists right")
            .to_string();
        assert!(err.contains("Ввести списки"), "{err}");
        if own.id != class {
            assert!(r
                .apply_people_op(class, &PeopleOp::Link { guardian, student })
                .is_err());
        }
    }

    // Back online: kept by the server; a fresh device sees them.
    let rep = sec.json(&["sync"]);
    assert_eq!(rep["converged"], true, "{rep}");
    assert!(
        rep["rejections"].as_array().is_none_or(|x| x.is_empty()),
        "{rep}"
    );
    let fresh = Device::new(tmp.path(), "dev-secretary-2");
    fresh.login(&server.url(), "secretary");
    fresh.sync();
    let mut r = Replica::open(&fresh.dir).expect("replica");
    let view = r.people(class).expect("people");
    let s = view
        .students
        .iter()
        .find(|x| x.id == student)
        .expect("listed");
    assert!(s.name.starts_with("Переименованная"));
    let g = s
        .guardians
        .iter()
        .find(|g| g.id == guardian)
        .expect("guardian");
    assert_eq!(g.phone.as_deref(), Some("+79120001122"));
}
