//! Importing students with guardians from CSV (UTF-8 `,`, Windows-1251 `;`) and XLSX: exact
//! per-row errors, exact counts, shared guardians, idempotent re-import.

mod common;

use chrono::NaiveDate;
use common::{classes, csv_text, expected_errors, expected_statuses, xlsx_bytes};
use zvonok_import::encoding::encode_windows_1251;
use zvonok_import::{
    plan, read_table, Action, Delimiter, ExistingPeople, ImportKind, ImportPlan, ReadOptions,
    RowStatus, SourceFormat, StudentKey, TextEncoding,
};

fn plan_bytes(bytes: &[u8], existing: &ExistingPeople) -> ImportPlan {
    let read = read_table(bytes, &ReadOptions::default()).unwrap();
    plan(
        &read.table,
        ImportKind::StudentsWithGuardians,
        existing,
        &classes(),
    )
    .unwrap()
}

fn errors_of(p: &ImportPlan) -> Vec<(u32, Option<String>, zvonok_import::RowProblem)> {
    p.errors
        .iter()
        .map(|e| (e.row, e.column.clone(), e.problem.clone()))
        .collect()
}

/// Everything the three encodings of the file must agree on.
fn check_first_plan(p: &ImportPlan) {
    assert_eq!(errors_of(p), expected_errors());
    let statuses: Vec<(u32, RowStatus)> = p.rows.iter().map(|r| (r.row, r.status)).collect();
    assert_eq!(statuses, expected_statuses());
    let c = p.counts;
    assert_eq!(
        (
            c.rows,
            c.rows_to_add,
            c.rows_unchanged,
            c.rows_with_errors,
            c.errors
        ),
        (8, 3, 0, 5, 5)
    );
    assert_eq!(
        (c.students_to_add, c.guardians_to_add, c.links_to_add),
        (3, 3, 4)
    );
    // Classes as the school names them, whatever the file wrote.
    let classes: Vec<&str> = p.students.iter().map(|s| s.record.class.as_str()).collect();
    assert_eq!(classes, vec!["5А", "5А", "5А"]);
    // The mother of rows 2 and 3 is one guardian with two children.
    let mother = &p.guardians[0];
    assert_eq!(mother.record.full_name(), "Иванова Мария Петровна");
    assert_eq!(mother.record.phone, "+79120000001");
    assert_eq!(mother.rows, vec![2, 3]);
    let children_of_mother: Vec<&StudentKey> = p
        .links
        .iter()
        .filter(|l| l.guardian == mother.record.key())
        .map(|l| &l.student)
        .collect();
    assert_eq!(children_of_mother.len(), 2);
    assert_eq!(
        p.students[2].record.birth_date,
        NaiveDate::from_ymd_opt(2013, 4, 3).unwrap()
    );
}

fn check_reimport_adds_nothing(first: &ImportPlan, bytes: &[u8]) {
    let mut existing = ExistingPeople::new();
    existing.include(first);
    let again = plan_bytes(bytes, &existing);
    assert!(again.adds_nothing());
    let c = again.counts;
    assert_eq!(
        (c.rows_to_add, c.rows_unchanged, c.rows_with_errors),
        (0, 3, 5)
    );
    assert_eq!(
        (c.students_to_add, c.guardians_to_add, c.links_to_add),
        (0, 0, 0)
    );
    assert_eq!(
        (
            c.students_unchanged,
            c.guardians_unchanged,
            c.links_unchanged
        ),
        (3, 3, 4)
    );
    // The errors are still reported: the file has not changed.
    assert_eq!(errors_of(&again), expected_errors());
}

#[test]
fn utf8_comma_csv() {
    let bytes = csv_text(',').into_bytes();
    let read = read_table(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(
        read.format,
        SourceFormat::Csv {
            encoding: TextEncoding::Utf8,
            encoding_detected: true,
            delimiter: Delimiter::Comma,
            delimiter_detected: true,
        }
    );
    let p = plan_bytes(&bytes, &ExistingPeople::new());
    check_first_plan(&p);
    check_reimport_adds_nothing(&p, &bytes);
}

#[test]
fn windows_1251_semicolon_csv() {
    let bytes = encode_windows_1251(&csv_text(';'));
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let read = read_table(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(
        read.format,
        SourceFormat::Csv {
            encoding: TextEncoding::Windows1251,
            encoding_detected: true,
            delimiter: Delimiter::Semicolon,
            delimiter_detected: true,
        }
    );
    assert_eq!(read.table.headers[0], "Фамилия");
    let p = plan_bytes(&bytes, &ExistingPeople::new());
    check_first_plan(&p);
    check_reimport_adds_nothing(&p, &bytes);
}

#[test]
fn utf8_bom_csv_and_tab() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(csv_text('\t').as_bytes());
    let read = read_table(&bytes, &ReadOptions::default()).unwrap();
    assert!(matches!(
        read.format,
        SourceFormat::Csv {
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Tab,
            ..
        }
    ));
    check_first_plan(&plan_bytes(&bytes, &ExistingPeople::new()));
}

#[test]
fn xlsx() {
    let bytes = xlsx_bytes();
    let read = read_table(&bytes, &ReadOptions::default()).unwrap();
    assert!(matches!(read.format, SourceFormat::Xlsx { ref sheet, .. } if sheet == "Ученики"));
    let p = plan_bytes(&bytes, &ExistingPeople::new());
    check_first_plan(&p);
    check_reimport_adds_nothing(&p, &bytes);
}

#[test]
fn all_three_files_give_the_same_plan() {
    let utf8 = plan_bytes(csv_text(',').as_bytes(), &ExistingPeople::new());
    let cp1251 = plan_bytes(&encode_windows_1251(&csv_text(';')), &ExistingPeople::new());
    let xlsx = plan_bytes(&xlsx_bytes(), &ExistingPeople::new());
    assert_eq!(utf8.students, cp1251.students);
    assert_eq!(utf8.students, xlsx.students);
    assert_eq!(utf8.guardians, xlsx.guardians);
    assert_eq!(utf8.links, xlsx.links);
}

#[test]
fn planning_is_deterministic() {
    let bytes = csv_text(',').into_bytes();
    let a = plan_bytes(&bytes, &ExistingPeople::new());
    let b = plan_bytes(&bytes, &ExistingPeople::new());
    assert_eq!(a, b);
}

#[test]
fn a_student_already_present_is_unchanged_not_an_error() {
    let bytes = csv_text(',').into_bytes();
    let first = plan_bytes(&bytes, &ExistingPeople::new());
    // The school already has Пётр (row 2) with both parents, and Илья (row 4) without his.
    let mut existing = ExistingPeople::new();
    let petr = first.students[0].record.key();
    existing.students.insert(petr.clone());
    for l in first.links.iter().filter(|l| l.student == petr) {
        existing.guardians.insert(l.guardian.clone());
        existing
            .links
            .insert((l.guardian.clone(), l.student.clone()));
    }
    existing.students.insert(first.students[2].record.key());
    let p = plan_bytes(&bytes, &existing);
    let statuses: Vec<(u32, RowStatus)> =
        p.rows.iter().take(3).map(|r| (r.row, r.status)).collect();
    assert_eq!(
        statuses,
        vec![
            (2, RowStatus::Unchanged),
            (3, RowStatus::Add),
            (4, RowStatus::Add)
        ]
    );
    let actions: Vec<Action> = p.students.iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        vec![Action::Unchanged, Action::Add, Action::Unchanged]
    );
    let c = p.counts;
    assert_eq!(
        (c.students_to_add, c.guardians_to_add, c.links_to_add),
        (1, 1, 2)
    );
    assert_eq!(c.errors, 5);
}

#[test]
fn messages_read_as_the_user_needs_them() {
    let p = plan_bytes(csv_text(',').as_bytes(), &ExistingPeople::new());
    let messages: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "Строка 6, «Дата рождения»: «31.02.2013» — такой даты нет. Исправьте дату в формате ДД.ММ.ГГГГ.",
            "Строка 7, «Класс»: класса «7Г» в школе нет. Исправьте название класса (есть: 5А, 5Б, 6А) или сначала создайте этот класс.",
            "Строка 8: ученик «Иванов Пётр Сергеевич» (01.09.2013) уже есть в строке 2. Удалите повторную строку.",
            "Строка 9, «Имя»: не заполнено. Заполните это поле.",
            "Строка 10, «Телефон родителя 1»: «12345» — неверный номер телефона. Укажите 10 цифр после +7, например +7 912 345-67-89.",
        ]
    );
}

#[test]
fn missing_columns_stop_the_import_with_a_clear_message() {
    let text = "ФИО;Пол\nИванов Пётр;м\n";
    let read = read_table(text.as_bytes(), &ReadOptions::default()).unwrap();
    let err = plan(
        &read.table,
        ImportKind::StudentsWithGuardians,
        &ExistingPeople::new(),
        &classes(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "В файле нет столбцов: «Дата рождения», «Класс». Добавьте их в первую строку (строку заголовков)."
    );
}

#[test]
fn full_name_column_is_split_and_incomplete_names_are_reported() {
    let text = "ФИО ученика;Дата рождения;Класс\nИванов Пётр Сергеевич;01.09.2013;5А\nПетров;02.09.2013;5А\n";
    let read = read_table(text.as_bytes(), &ReadOptions::default()).unwrap();
    let p = plan(
        &read.table,
        ImportKind::StudentsWithGuardians,
        &ExistingPeople::new(),
        &classes(),
    )
    .unwrap();
    let s = &p.students[0].record;
    assert_eq!(
        (
            s.last_name.as_str(),
            s.first_name.as_str(),
            s.middle_name.as_str()
        ),
        ("Иванов", "Пётр", "Сергеевич")
    );
    assert_eq!(
        p.errors[0].to_string(),
        "Строка 3, «ФИО ученика»: «Петров» — нужны фамилия и имя (и отчество, если есть) через пробел, например «Иванов Иван Иванович»."
    );
}

#[test]
fn progress_is_reported_per_row() {
    let read = read_table(csv_text(',').as_bytes(), &ReadOptions::default()).unwrap();
    let mut seen = Vec::new();
    zvonok_import::plan_with_progress(
        &read.table,
        ImportKind::StudentsWithGuardians,
        &ExistingPeople::new(),
        &classes(),
        &mut |done, total| seen.push((done, total)),
    )
    .unwrap();
    assert_eq!(seen.len(), 8);
    assert_eq!(seen.last(), Some(&(8, 8)));
}

#[test]
fn the_plan_travels_as_json() {
    let p = plan_bytes(csv_text(',').as_bytes(), &ExistingPeople::new());
    let json = serde_json::to_string(&p).unwrap();
    let back: ImportPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.columns.get(zvonok_import::Field::Class), Some(4));
}
