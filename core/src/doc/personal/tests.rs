use automerge::transaction::Transactable;

use super::*;

#[test]
fn phones_emails_snils() {
    for (v, want) in [
        ("8 (912) 345-67-89", "+79123456789"),
        ("+7 912 345 67 89", "+79123456789"),
        ("912 345 67 89", "+79123456789"),
        ("+375 29 123-45-67", "+375291234567"),
    ] {
        assert_eq!(normalise_phone(v).unwrap(), want, "{v}");
    }
    for bad in ["12345", "тел. 8912", "8 912 345 67 89 00"] {
        assert!(normalise_phone(bad).is_err(), "{bad}");
    }
    assert_eq!(
        normalise_email("Ivanova@Example.RU").unwrap(),
        "Ivanova@example.ru"
    );
    for bad in ["ivanova", "@example.ru", "a@b", "a b@c.ru", "a@.ru"] {
        assert!(normalise_email(bad).is_err(), "{bad}");
    }
    // 112-233-445 95 is the standard example of a valid SNILS.
    assert_eq!(normalise_snils("11223344595").unwrap(), "112-233-445 95");
    assert!(normalise_snils("112-233-445 96")
        .unwrap_err()
        .to_string()
        .contains("контрольное число"));
    assert!(normalise_snils("1234").is_err());
}

#[test]
fn write_read_clear() {
    let class = ClassId::new();
    let mut doc = PersonalData::new(class).to_doc().unwrap();
    let (s, g) = (StudentId::new(), GuardianId::new());
    let ops = [
        PersonalOp::SetStudentField {
            student: s,
            field: StudentField::BirthDate,
            value: "12.03.2015".into(),
        },
        PersonalOp::SetStudentField {
            student: s,
            field: StudentField::DocumentKind,
            value: "birth_certificate".into(),
        },
        PersonalOp::SetStudentField {
            student: s,
            field: StudentField::DocumentSeries,
            value: "iv-аб".into(),
        },
        PersonalOp::SetGuardianField {
            guardian: g,
            field: GuardianField::Phone,
            value: "8 912 345-67-89".into(),
        },
        PersonalOp::SetGuardianField {
            guardian: g,
            field: GuardianField::Email,
            value: "mama@mail.ru".into(),
        },
    ];
    for op in &ops {
        apply(&mut doc, op).unwrap();
    }
    doc.commit();
    let p = PersonalData::from_doc(&doc).unwrap();
    assert_eq!(p.class, class);
    let f = &p.students[&s];
    assert_eq!(f.birth_date, NaiveDate::from_ymd_opt(2015, 3, 12));
    assert_eq!(f.document_kind, Some(DocumentKind::BirthCertificate));
    assert_eq!(f.document_series, "IV-АБ");
    assert_eq!(p.guardians[&g].phone, "+79123456789");
    // The data round-trips through a server-made document.
    assert_eq!(PersonalData::from_doc(&p.to_doc().unwrap()).unwrap(), p);

    apply(
        &mut doc,
        &PersonalOp::SetGuardianField {
            guardian: g,
            field: GuardianField::Phone,
            value: " ".into(),
        },
    )
    .unwrap();
    let p = PersonalData::from_doc(&doc).unwrap();
    assert_eq!(p.guardians[&g].phone, "");

    let bad = PersonalOp::SetStudentField {
        student: s,
        field: StudentField::BirthDate,
        value: "31.02.2015".into(),
    };
    assert!(apply(&mut doc, &bad).is_err());
}

fn server_check(
    server: &mut AutoCommit,
    roster: &crate::doc::roster::RosterData,
    forge: impl FnOnce(&mut AutoCommit),
) -> Result<(), DomainError> {
    let mut device = server
        .fork()
        .with_actor(automerge::ActorId::from(&[5u8; 16][..]));
    forge(&mut device);
    device.commit();
    let before = server.get_heads();
    let mut trial = server.fork();
    trial.merge(&mut device).unwrap();
    crate::validate::validate_incoming(
        DocKind::Personal,
        &mut trial,
        &before,
        &crate::validate::CheckContext {
            roster: Some(roster),
            ..Default::default()
        },
    )
}

#[test]
fn the_server_accepts_valid_fields_only() {
    let class = ClassId::new();
    let mut doc = PersonalData::new(class).to_doc().unwrap();
    let s = StudentId::new();
    let mut roster = crate::doc::roster::RosterData::new(class);
    roster.students.insert(
        s,
        crate::model::Student {
            id: s,
            last_name: "Орлова".into(),
            first_name: "Вера".into(),
            middle_name: String::new(),
            active: true,
        },
    );
    server_check(&mut doc, &roster, |dev| {
        apply(
            dev,
            &PersonalOp::SetStudentField {
                student: s,
                field: StudentField::Snils,
                value: "112 233 445 95".into(),
            },
        )
        .unwrap();
    })
    .unwrap();
    // A raw, unnormalised or invalid value is refused.
    for (key, value) in [
        (format!("{s}/snils"), "11223344596"),
        (format!("{s}/phone"), "8 912 345-67-89"),
        (format!("{s}/salary"), "100"),
        (format!("{s}/birth_date"), "вчера"),
    ] {
        let e = server_check(&mut doc, &roster, |dev| {
            let st = get_map(dev, &ROOT, "students").unwrap();
            dev.put(&st, key.as_str(), value).unwrap();
        });
        assert!(e.is_err(), "{key} = {value}");
    }
    // The class is the server's.
    let e = server_check(&mut doc, &roster, |dev| {
        let meta = get_map(dev, &ROOT, "meta").unwrap();
        dev.put(&meta, "class", ClassId::new().to_string()).unwrap();
    })
    .unwrap_err();
    assert_eq!(
        e.refusal_kind(),
        crate::error::RefusalKind::ServerOnlyField,
        "{e}"
    );
}

#[test]
fn two_devices_filling_one_new_student_keep_both() {
    let class = ClassId::new();
    let mut doc = PersonalData::new(class).to_doc().unwrap();
    let s = StudentId::new();
    let mut a = doc
        .fork()
        .with_actor(automerge::ActorId::from(&[1u8; 16][..]));
    let mut b = doc
        .fork()
        .with_actor(automerge::ActorId::from(&[2u8; 16][..]));
    apply(
        &mut a,
        &PersonalOp::SetStudentField {
            student: s,
            field: StudentField::Address,
            value: "ул. Ленина, 1".into(),
        },
    )
    .unwrap();
    apply(
        &mut b,
        &PersonalOp::SetStudentField {
            student: s,
            field: StudentField::Phone,
            value: "+7 912 000-00-00".into(),
        },
    )
    .unwrap();
    a.commit();
    b.commit();
    a.merge(&mut b).unwrap();
    let p = PersonalData::from_doc(&a).unwrap();
    assert_eq!(p.students[&s].address, "ул. Ленина, 1");
    assert_eq!(p.students[&s].phone, "+79120000000");
}

#[test]
fn old_snils_have_no_control_number_and_separators_are_free() {
    // Numbers up to 001-001-998 were issued before control numbers.
    assert_eq!(normalise_snils("001-001-998 00").unwrap(), "001-001-998 00");
    assert_eq!(normalise_phone("8.912.345.67.89").unwrap(), "+79123456789");
    assert_eq!(
        check_snils("112-233-445 96"),
        Err(ValueProblem::SnilsChecksum)
    );
    assert_eq!(check_snils("112-233-4x5 95"), Err(ValueProblem::NotSnils));
    assert_eq!(check_phone("доб. 12"), Err(ValueProblem::NotPhone));
    assert_eq!(check_email("a@b"), Err(ValueProblem::NotEmail));
}
