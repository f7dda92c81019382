use automerge::transaction::Transactable;
use automerge::ActorId;
use chrono::NaiveDate;

use super::*;
use crate::rights::Cohort;
use crate::setup::{next_step, progress, SetupStep, StepState};
use crate::validate::validate_incoming;

mod calendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// What the server makes for a new school: an empty document with every container.
fn empty_school() -> AutoCommit {
    SchoolData {
        week_days: 5,
        ..Default::default()
    }
    .to_doc()
    .unwrap()
}

fn run(doc: &mut AutoCommit, op: SchoolOp) {
    apply(doc, &op).unwrap_or_else(|e| panic!("{op:?}: {e}"));
    doc.commit();
}

fn state(doc: &AutoCommit, step: SetupStep) -> StepState {
    let s = SchoolData::from_doc(doc).unwrap();
    progress(&s)
        .into_iter()
        .find(|p| p.step == step)
        .unwrap()
        .state
}

struct Built {
    doc: AutoCommit,
    math: SubjectId,
    russian: SubjectId,
    profile: ProfileId,
    class: ClassId,
}

/// The whole wizard, step by step, checking that each step turns «done».
fn wizard() -> Built {
    let mut doc = empty_school();
    let p = progress(&SchoolData::from_doc(&doc).unwrap());
    assert_eq!(next_step(&p), Some(SetupStep::SchoolCard));

    run(
        &mut doc,
        SchoolOp::SetCard {
            name: "МБОУ «Основная школа № 32»".into(),
            short_name: "Школа № 32".into(),
            address: "ул. Школьная, 32".into(),
        },
    );
    assert_eq!(state(&doc, SetupStep::SchoolCard), StepState::Done);

    let year = AcademicYear {
        id: YearId::new(),
        title: "2026/2027".into(),
        start: d(2026, 9, 1),
        end: d(2027, 5, 31),
    };
    run(&mut doc, SchoolOp::PutYear { year: year.clone() });
    run(&mut doc, SchoolOp::SetCurrentYear { year: year.id });
    let bounds = [
        (d(2026, 9, 1), d(2026, 10, 23)),
        (d(2026, 11, 2), d(2026, 12, 29)),
        (d(2027, 1, 11), d(2027, 3, 19)),
        (d(2027, 3, 29), d(2027, 5, 31)),
    ];
    let holidays = [
        ("Осенние каникулы", d(2026, 10, 24), d(2026, 11, 1)),
        ("Зимние каникулы", d(2026, 12, 30), d(2027, 1, 10)),
        ("Весенние каникулы", d(2027, 3, 20), d(2027, 3, 28)),
    ];
    // Holidays first: then no intermediate state has a gap.
    for (title, start, end) in holidays {
        run(
            &mut doc,
            SchoolOp::PutHoliday {
                holiday: Holiday {
                    id: HolidayId::new(),
                    year: year.id,
                    title: title.into(),
                    start,
                    end,
                },
            },
        );
    }
    for (i, (start, end)) in bounds.into_iter().enumerate() {
        run(
            &mut doc,
            SchoolOp::PutPeriod {
                period: StudyPeriod {
                    id: PeriodId::new(),
                    year: year.id,
                    kind: PeriodKind::Quarter,
                    number: i as u8 + 1,
                    start,
                    end,
                },
            },
        );
    }
    assert_eq!(state(&doc, SetupStep::AcademicYear), StepState::Done);

    let bells = (1..=6u8)
        .map(|n| {
            let start = 8 * 60 + 30 + u16::from(n - 1) * 55;
            let end = start + 45;
            Bell {
                number: n,
                start: format!("{:02}:{:02}", start / 60, start % 60),
                end: format!("{:02}:{:02}", end / 60, end % 60),
            }
        })
        .collect();
    run(&mut doc, SchoolOp::SetBells { bells });
    assert_eq!(state(&doc, SetupStep::Bells), StepState::Done);
    run(&mut doc, SchoolOp::SetWeekDays { days: 5 });

    let teacher = StaffMember {
        id: StaffId::new(),
        last_name: "Иванова".into(),
        first_name: "Анна".into(),
        middle_name: "Петровна".into(),
        position: "Учитель математики".into(),
    };
    run(
        &mut doc,
        SchoolOp::PutStaff {
            member: teacher.clone(),
        },
    );
    assert_eq!(state(&doc, SetupStep::Staff), StepState::Done);

    let math = SubjectId::new();
    let russian = SubjectId::new();
    for (id, name) in [(math, "Математика"), (russian, "Русский язык")] {
        run(
            &mut doc,
            SchoolOp::PutSubject {
                subject: Subject {
                    id,
                    name: name.into(),
                    grades: vec![],
                },
            },
        );
    }
    assert_eq!(state(&doc, SetupStep::Subjects), StepState::Done);
    assert!(matches!(
        state(&doc, SetupStep::SubjectsPerGrade),
        StepState::ToDo { .. }
    ));
    for (id, name) in [(math, "Математика"), (russian, "Русский язык")] {
        run(
            &mut doc,
            SchoolOp::PutSubject {
                subject: Subject {
                    id,
                    name: name.into(),
                    grades: vec![6, 5, 5],
                },
            },
        );
    }
    assert_eq!(state(&doc, SetupStep::SubjectsPerGrade), StepState::Done);

    let profile = ProfileId::new();
    run(
        &mut doc,
        SchoolOp::PutProfile {
            id: profile,
            name: "Базовый".into(),
            grade: 5,
        },
    );
    run(
        &mut doc,
        SchoolOp::SetPlanHours {
            profile,
            subject: math,
            hours: "5".parse().unwrap(),
        },
    );
    run(
        &mut doc,
        SchoolOp::SetPlanHours {
            profile,
            subject: russian,
            hours: "5,5".parse().unwrap(),
        },
    );
    assert_eq!(state(&doc, SetupStep::Curriculum), StepState::Done);

    let class = Class {
        id: ClassId::new(),
        year: year.id,
        grade: 5,
        letter: "а".into(),
        class_teacher: Some(teacher.id),
    };
    run(
        &mut doc,
        SchoolOp::PutClass {
            class: class.clone(),
        },
    );
    assert!(matches!(
        state(&doc, SetupStep::Classes),
        StepState::ToDo { .. }
    ));
    run(
        &mut doc,
        SchoolOp::SetClassProfile {
            class: class.id,
            profile: Some(profile),
        },
    );
    run(
        &mut doc,
        SchoolOp::PutGroup {
            group: Group {
                id: GroupId::new(),
                class: class.id,
                name: "Группа 1".into(),
            },
        },
    );
    assert_eq!(state(&doc, SetupStep::Classes), StepState::Done);
    match state(&doc, SetupStep::Assignments) {
        StepState::ToDo { hint } => assert!(hint.contains("5А — Математика"), "{hint}"),
        other => panic!("{other:?}"),
    }
    for subject in [math, russian] {
        run(
            &mut doc,
            SchoolOp::PutAssignment {
                assignment: TeachingAssignment {
                    id: AssignmentId::new(),
                    teacher: teacher.id,
                    cohort: Cohort::Class(class.id),
                    subject,
                    year: year.id,
                },
            },
        );
    }
    let s = SchoolData::from_doc(&doc).unwrap();
    let p = progress(&s);
    assert!(p.iter().all(|x| x.state == StepState::Done), "{p:?}");
    assert_eq!(next_step(&p), None);
    assert_eq!(s.classes[&class.id].letter, "А");
    assert_eq!(s.subjects[&math].grades, vec![5, 6]);
    assert_eq!(s.profiles[&profile].total().to_string(), "10,5");
    Built {
        doc,
        math,
        russian,
        profile,
        class: class.id,
    }
}

#[test]
fn the_wizard_from_nothing_to_done() {
    wizard();
}

#[test]
fn an_over_limit_plan_is_refused_on_the_device() {
    let Built {
        mut doc,
        math,
        profile,
        ..
    } = wizard();
    let heads = doc.get_heads();
    let op = SchoolOp::SetPlanHours {
        profile,
        subject: math,
        hours: WeeklyHours::hours(24), // 24 + 5,5 = 29,5 > 29
    };
    let e = apply(&mut doc, &op).unwrap_err().to_string();
    assert_eq!(
        e,
        "План «Базовый» для 5 класса: 29,5 ч в неделю, а при пятидневной неделе допускается \
         не больше 29 ч. Уменьшите часы на 0,5 ч или перейдите на шестидневную неделю \
         (там до 32 ч)."
    );
    doc.commit();
    assert_eq!(doc.get_heads(), heads, "nothing written");
    // Exactly at the limit is fine.
    run(
        &mut doc,
        SchoolOp::SetPlanHours {
            profile,
            subject: math,
            hours: "23,5".parse().unwrap(),
        },
    );
}

/// The server's side: a device forges raw changes, the server merges them and validates.
fn server_check(
    server: &mut AutoCommit,
    forge: impl FnOnce(&mut AutoCommit),
) -> Result<(), DomainError> {
    let mut device = server.fork().with_actor(ActorId::from(&[7u8; 16][..]));
    forge(&mut device);
    device.commit();
    let before = server.get_heads();
    let mut trial = server.fork();
    trial.merge(&mut device).unwrap();
    validate_incoming(
        DocKind::School,
        &mut trial,
        &before,
        &crate::validate::CheckContext::default(),
    )
}

#[test]
fn a_forged_over_limit_plan_is_refused_by_the_server() {
    let Built {
        mut doc,
        math,
        profile,
        ..
    } = wizard();
    let e = server_check(&mut doc, |dev| {
        let plan = get_map(dev, &ROOT, "plan_hours").unwrap();
        dev.put(&plan, plan_key(profile, math), 60_i64).unwrap(); // 30 h
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("35,5 ч"), "{e}");
    assert!(e.contains("не больше 29 ч"), "{e}");

    // An honest change passes.
    server_check(&mut doc, |dev| {
        apply(
            dev,
            &SchoolOp::SetPlanHours {
                profile,
                subject: math,
                hours: WeeklyHours::hours(6),
            },
        )
        .unwrap();
    })
    .unwrap();
}

#[test]
fn a_week_change_that_breaks_a_plan_is_refused() {
    let Built {
        mut doc,
        math,
        profile,
        ..
    } = wizard();
    run(&mut doc, SchoolOp::SetWeekDays { days: 6 });
    run(
        &mut doc,
        SchoolOp::SetPlanHours {
            profile,
            subject: math,
            hours: WeeklyHours::hours(25), // 30,5 h: fine for six days, not for five
        },
    );
    let e = apply(&mut doc, &SchoolOp::SetWeekDays { days: 5 })
        .unwrap_err()
        .to_string();
    assert!(e.contains("30,5 ч") && e.contains("29 ч"), "{e}");
    doc.commit();
    let e = server_check(&mut doc, |dev| {
        dev.put(ROOT, "week_days", 5_i64).unwrap();
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("30,5 ч"), "{e}");
}

#[test]
fn the_server_refuses_device_made_containers_and_calendar_gaps() {
    let Built { mut doc, .. } = wizard();
    let e = server_check(&mut doc, |dev| {
        dev.put_object(ROOT, "profiles", automerge::ObjType::Map)
            .unwrap();
    })
    .unwrap_err();
    assert_eq!(
        e.refusal_kind(),
        crate::error::RefusalKind::RootContainer,
        "{e}"
    );
    // Deleting a whole section (all teaching assignments at once) is refused too.
    let e = server_check(&mut doc, |dev| {
        dev.delete(ROOT, "assignments").unwrap();
    })
    .unwrap_err();
    assert_eq!(
        e.refusal_kind(),
        crate::error::RefusalKind::RootContainer,
        "{e}"
    );

    let s = SchoolData::from_doc(&doc).unwrap();
    let autumn = s
        .holidays
        .values()
        .find(|h| h.title.starts_with("Осенние"))
        .unwrap()
        .id;
    let e = apply(&mut doc, &SchoolOp::RemoveHoliday { id: autumn })
        .unwrap_err()
        .to_string();
    assert!(e.contains("26.10.2026–30.10.2026"), "{e}");
    let e = server_check(&mut doc, |dev| {
        let h = get_map(dev, &ROOT, "holidays").unwrap();
        dev.delete(&h, autumn.to_string()).unwrap();
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("не отнесённые ни к периоду"), "{e}");
}

#[test]
fn removals_that_would_break_references_are_refused() {
    let Built {
        mut doc,
        math,
        profile,
        class,
        ..
    } = wizard();
    let s = SchoolData::from_doc(&doc).unwrap();
    let teacher = *s.staff.keys().next().unwrap();
    for (op, want) in [
        (
            SchoolOp::RemoveStaff { id: teacher },
            "классный руководитель 5А",
        ),
        (SchoolOp::RemoveSubject { id: math }, "есть в учебном плане"),
        (SchoolOp::RemoveProfile { id: profile }, "учится класс 5А"),
    ] {
        let e = apply(&mut doc, &op).unwrap_err().to_string();
        assert!(e.contains(want), "{op:?}: {e}");
    }
    // A profile of another grade may not be given to the class.
    let p7 = ProfileId::new();
    run(
        &mut doc,
        SchoolOp::PutProfile {
            id: p7,
            name: "Базовый".into(),
            grade: 7,
        },
    );
    let e = apply(
        &mut doc,
        &SchoolOp::SetClassProfile {
            class,
            profile: Some(p7),
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("для 7 класса"), "{e}");
    // An unused profile goes with its hours.
    run(&mut doc, SchoolOp::RemoveProfile { id: p7 });
    assert!(!SchoolData::from_doc(&doc)
        .unwrap()
        .profiles
        .contains_key(&p7));
}

#[test]
fn concurrent_hours_of_one_plan_merge() {
    let Built {
        mut doc,
        math,
        russian,
        profile,
        ..
    } = wizard();
    let mut a = doc.fork().with_actor(ActorId::from(&[1u8; 16][..]));
    let mut b = doc.fork().with_actor(ActorId::from(&[2u8; 16][..]));
    apply(
        &mut a,
        &SchoolOp::SetPlanHours {
            profile,
            subject: math,
            hours: WeeklyHours::hours(6),
        },
    )
    .unwrap();
    apply(
        &mut b,
        &SchoolOp::SetPlanHours {
            profile,
            subject: russian,
            hours: WeeklyHours::hours(4),
        },
    )
    .unwrap();
    a.commit();
    b.commit();
    doc.merge(&mut a).unwrap();
    doc.merge(&mut b).unwrap();
    let s = SchoolData::from_doc(&doc).unwrap();
    assert_eq!(s.profiles[&profile].total(), WeeklyHours::hours(10));
}

#[test]
fn old_documents_read_and_upgrade() {
    // A document written before the wizard: no holidays, profiles, plan or class profiles.
    let mut doc = AutoCommit::new();
    write_header(&mut doc, DocKind::School).unwrap();
    doc.put(ROOT, "week_days", 5_i64).unwrap();
    put_map(&mut doc, &ROOT, "card").unwrap();
    doc.commit();
    let s = SchoolData::from_doc(&doc).unwrap();
    assert!(s.profiles.is_empty() && s.holidays.is_empty());
    let op = SchoolOp::PutProfile {
        id: ProfileId::new(),
        name: "Базовый".into(),
        grade: 5,
    };
    let e = apply(&mut doc, &op).unwrap_err().to_string();
    assert!(e.contains("Синхронизируйтесь"), "{e}");
    assert!(crate::doc::school::upgrade(&mut doc).unwrap());
    assert!(!crate::doc::school::upgrade(&mut doc).unwrap());
    doc.commit();
    apply(&mut doc, &op).unwrap();
}

#[test]
fn ops_round_trip_as_json() {
    let op = SchoolOp::SetPlanHours {
        profile: ProfileId::nil(),
        subject: SubjectId::nil(),
        hours: WeeklyHours(3),
    };
    let json = serde_json::to_string(&op).unwrap();
    assert!(json.contains("\"op\":\"set_plan_hours\""), "{json}");
    assert!(json.contains("\"hours\":3"), "{json}");
    assert_eq!(serde_json::from_str::<SchoolOp>(&json).unwrap(), op);
}

#[test]
fn the_time_zone_is_chosen_and_checked() {
    let mut doc = empty_school();
    assert_eq!(SchoolData::from_doc(&doc).unwrap().time_zone, "");
    run(
        &mut doc,
        SchoolOp::SetTimeZone {
            zone: " Asia/Yekaterinburg ".into(),
        },
    );
    let s = SchoolData::from_doc(&doc).unwrap();
    assert_eq!(s.time_zone, "Asia/Yekaterinburg");
    let noon_utc = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 4, 20, 0, 0)
        .single()
        .unwrap();
    assert_eq!(s.today(noon_utc), d(2026, 12, 5));

    let heads = doc.get_heads();
    let bad = SchoolOp::SetTimeZone {
        zone: "Урюпинск".into(),
    };
    let e = apply(&mut doc, &bad).unwrap_err();
    assert!(matches!(e, DomainError::Rule(_)), "{e:?}");
    assert_eq!(doc.get_heads(), heads, "nothing written");

    // A forged zone written past the device's check is refused by the server's.
    let e = server_check(&mut doc, |d| {
        d.put(ROOT, "time_zone", "Mars/Olympus").unwrap();
    })
    .unwrap_err();
    assert!(e.to_string().contains("Mars/Olympus"), "{e}");
}
