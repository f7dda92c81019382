//! Header recognition tests.

use super::*;

fn map(headers: &[&str], kind: ImportKind) -> Result<ColumnMap, ImportError> {
    let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    ColumnMap::build(&h, kind)
}

fn field_of(m: &ColumnMap, header: &str) -> Option<Field> {
    let i = m.headers.iter().position(|h| h == header)?;
    m.fields.iter().find(|(j, _)| *j == i).map(|(_, f)| *f)
}

#[test]
fn student_headers_in_russian_variants() {
    let m = map(
        &[
            "№ п/п",
            "ФИО ученика",
            "Дата рождения (ДД.ММ.ГГГГ)",
            "КЛАСС",
            "пол",
            "Адрес проживания",
            "СНИЛС",
            "Телефон",
            "Эл. почта",
            "ФИО родителя 1",
            "Кем приходится",
            "Телефон родителя 1",
            "Родитель 2",
            "Родитель 2: степень родства",
            "Родитель 2 — телефон",
            "E-mail родителя 2",
            "Примечание",
        ],
        ImportKind::StudentsWithGuardians,
    )
    .unwrap();
    use GuardianField as G;
    use PersonField as P;
    let expect = [
        ("ФИО ученика", Field::Person(P::FullName)),
        ("Дата рождения (ДД.ММ.ГГГГ)", Field::Person(P::BirthDate)),
        ("КЛАСС", Field::Class),
        ("пол", Field::Person(P::Sex)),
        ("Адрес проживания", Field::Person(P::Address)),
        ("СНИЛС", Field::Person(P::Snils)),
        ("Телефон", Field::Person(P::Phone)),
        ("Эл. почта", Field::Person(P::Email)),
        ("ФИО родителя 1", Field::Guardian(1, G::FullName)),
        ("Кем приходится", Field::Guardian(1, G::Relation)),
        ("Телефон родителя 1", Field::Guardian(1, G::Phone)),
        ("Родитель 2", Field::Guardian(2, G::FullName)),
        (
            "Родитель 2: степень родства",
            Field::Guardian(2, G::Relation),
        ),
        ("Родитель 2 — телефон", Field::Guardian(2, G::Phone)),
        ("E-mail родителя 2", Field::Guardian(2, G::Email)),
    ];
    for (header, field) in expect {
        assert_eq!(field_of(&m, header), Some(field), "{header}");
    }
    assert_eq!(m.unused.len(), 1);
    assert_eq!(m.unused[0].header, "Примечание");
    assert_eq!(m.guardian_slots(), vec![1, 2]);
}

#[test]
fn unnumbered_guardian_columns_fill_slots_in_order_and_mother_father_imply_relation() {
    let m = map(
        &[
            "Фамилия",
            "Имя",
            "Отчество",
            "Дата рождения",
            "Класс",
            "ФИО матери",
            "Телефон матери",
            "ФИО отца",
            "Телефон отца",
        ],
        ImportKind::StudentsWithGuardians,
    )
    .unwrap();
    assert_eq!(
        field_of(&m, "ФИО матери"),
        Some(Field::Guardian(1, GuardianField::FullName))
    );
    assert_eq!(
        field_of(&m, "Телефон отца"),
        Some(Field::Guardian(2, GuardianField::Phone))
    );
    assert_eq!(m.implied_relation.get(&1).map(String::as_str), Some("мать"));
    assert_eq!(m.implied_relation.get(&2).map(String::as_str), Some("отец"));
}

#[test]
fn staff_headers_and_english() {
    let m = map(
        &[
            "Full name",
            "Date of birth",
            "Position",
            "Subjects",
            "Class teacher",
            "Phone",
            "Email",
        ],
        ImportKind::Staff,
    )
    .unwrap();
    assert_eq!(
        field_of(&m, "Full name"),
        Some(Field::Person(PersonField::FullName))
    );
    assert_eq!(field_of(&m, "Position"), Some(Field::Position));
    assert_eq!(field_of(&m, "Subjects"), Some(Field::Subjects));
    assert_eq!(field_of(&m, "Class teacher"), Some(Field::ClassTeacherOf));
    let ru = map(
        &[
            "Фамилия",
            "Имя",
            "Должность",
            "Преподаваемые предметы",
            "Классное руководство",
            "Класс",
        ],
        ImportKind::Staff,
    )
    .unwrap();
    assert_eq!(
        field_of(&ru, "Классное руководство"),
        Some(Field::ClassTeacherOf)
    );
    assert_eq!(
        field_of(&ru, "Преподаваемые предметы"),
        Some(Field::Subjects)
    );
    assert_eq!(ru.unused[0].reason, "не нужен для этого импорта");
}

#[test]
fn missing_and_repeated_columns() {
    assert_eq!(
        map(&["Фамилия", "Класс"], ImportKind::StudentsWithGuardians),
        Err(ImportError::MissingColumns {
            missing: vec!["Имя".into(), "Дата рождения".into()]
        })
    );
    let m = map(
        &[
            "ФИО",
            "Дата рождения",
            "Класс",
            "Телефон",
            "Мобильный телефон",
        ],
        ImportKind::StudentsWithGuardians,
    )
    .unwrap();
    assert_eq!(m.unused[0].reason, "повторяет столбец «Телефон»");
}
