//! Export a list, read it back with this crate's reader and plan it: the same people.

use chrono::NaiveDate;
use zvonok_import::{
    export_class_list, export_staff_list, plan, read_table, sample, ExistingPeople, ImportKind,
    ReadOptions, Sex, SourceFormat, StaffRecord,
};

#[test]
fn class_list_round_trip() {
    let mut entries = sample::students(60);
    // Details that must survive: SNILS, phone, e-mail, a third guardian.
    entries[0].student.snils = "112-233-445 95".into();
    entries[0].student.phone = "+79001234567".into();
    entries[0].student.email = "pupil@example.ru".into();
    let mut granny = entries[0].guardians[0].clone();
    granny.first_name = "Зинаида".into();
    granny.relation = "бабушка".into();
    granny.phone = "+79000000000".into();
    entries[0].guardians.push(granny);

    let bytes = export_class_list("5А", &entries).unwrap();
    let read = read_table(&bytes, &ReadOptions::default()).unwrap();
    assert!(matches!(read.format, SourceFormat::Xlsx { ref sheet, .. } if sheet == "Класс 5А"));
    assert!(read.table.headers.contains(&"Родитель 3: ФИО".to_string()));
    let p = plan(
        &read.table,
        ImportKind::StudentsWithGuardians,
        &ExistingPeople::new(),
        &sample::class_names(),
    )
    .unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(p.columns.unused.is_empty(), "{:?}", p.columns.unused);
    let students: Vec<_> = p.students.iter().map(|s| s.record.clone()).collect();
    let expected: Vec<_> = entries.iter().map(|e| e.student.clone()).collect();
    assert_eq!(students, expected);
    for e in &entries {
        let key = e.student.key();
        let mut planned: Vec<_> = p
            .links
            .iter()
            .filter(|l| l.student == key)
            .map(|l| {
                let g = p
                    .guardians
                    .iter()
                    .find(|g| g.record.key() == l.guardian)
                    .unwrap();
                (g.record.clone(), l.relation.clone())
            })
            .collect();
        let mut given: Vec<_> = e
            .guardians
            .iter()
            .map(|g| (g.clone(), g.relation.clone()))
            .collect();
        planned.sort_by_key(|(g, _)| g.key());
        given.sort_by_key(|(g, _)| g.key());
        // A guardian shared by siblings keeps the details of the first row naming them.
        for ((pg, pr), (gg, gr)) in planned.iter().zip(&given) {
            assert_eq!(pg.key(), gg.key());
            assert_eq!(pr, gr);
        }
        assert_eq!(planned.len(), given.len());
    }
    // 60 students: 12 siblings in 6 families, 48 on their own, plus one grandmother.
    assert_eq!(p.guardians.len(), 6 * 2 + 48 * 2 + 1);
}

#[test]
fn staff_list_round_trip() {
    let staff = vec![
        StaffRecord {
            last_name: "Орлова".into(),
            first_name: "Нина".into(),
            middle_name: "Викторовна".into(),
            birth_date: NaiveDate::from_ymd_opt(1975, 3, 14),
            sex: Some(Sex::Female),
            position: "Учитель математики".into(),
            subjects: vec!["Математика".into(), "Алгебра".into()],
            class_teacher_of: vec!["5А".into()],
            phone: "+79121112233".into(),
            email: "orlova@school.ru".into(),
            address: "г. Пермь, ул. Мира, д. 1".into(),
            snils: "112-233-445 95".into(),
        },
        StaffRecord {
            last_name: "Белов".into(),
            first_name: "Игорь".into(),
            middle_name: String::new(),
            birth_date: None,
            sex: Some(Sex::Male),
            position: "Директор".into(),
            subjects: vec![],
            class_teacher_of: vec![],
            phone: String::new(),
            email: String::new(),
            address: String::new(),
            snils: String::new(),
        },
    ];
    let bytes = export_staff_list(&staff).unwrap();
    let read = read_table(&bytes, &ReadOptions::default()).unwrap();
    let p = plan(
        &read.table,
        ImportKind::Staff,
        &ExistingPeople::new(),
        &["5А".to_string()],
    )
    .unwrap();
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let back: Vec<StaffRecord> = p.staff.into_iter().map(|s| s.record).collect();
    assert_eq!(back, staff);
}
