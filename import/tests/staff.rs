//! Importing staff: header variants, lists in cells, class-teacher classes checked against the
//! school's classes, duplicates, idempotent re-import.

use zvonok_import::encoding::encode_windows_1251;
use zvonok_import::{
    plan, read_table, ExistingPeople, ImportKind, ImportPlan, ReadOptions, RowProblem, RowStatus,
};

fn classes() -> Vec<String> {
    vec!["5А".into(), "6Б".into()]
}

const FILE: &str = "\
№;ФИО сотрудника;Дата рождения;Должность;Преподаваемые предметы;Классное руководство;Телефон;Эл. почта
1;Орлова Нина Викторовна;14.03.1975;Учитель математики;Математика, Алгебра;5a;+7 (912) 111-22-33;orlova@school.ru
2;Белов Игорь Петрович;;Учитель физики;Физика; ;;
3;Орлова  Нина Викторовна;14.03.1975;Учитель математики;Математика;;;
4;Зуева Анна Олеговна;01.01.1980;;Химия;;;
5;Ким Олег;;Учитель истории;История;9Д;;
6;Лаптева Ольга Ивановна;;Директор;;;;laptevа@school
";

fn plan_of(bytes: &[u8], existing: &ExistingPeople) -> ImportPlan {
    let read = read_table(bytes, &ReadOptions::default()).unwrap();
    plan(&read.table, ImportKind::Staff, existing, &classes()).unwrap()
}

#[test]
fn staff_import_in_windows_1251() {
    let bytes = encode_windows_1251(FILE);
    let p = plan_of(&bytes, &ExistingPeople::new());
    let errors: Vec<(u32, Option<&str>, &RowProblem)> = p
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_deref(), &e.problem))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                4,
                None,
                &RowProblem::Duplicate {
                    who: "сотрудник «Орлова Нина Викторовна»".into(),
                    first_row: 2
                }
            ),
            (5, Some("Должность"), &RowProblem::Missing),
            (
                6,
                Some("Классное руководство"),
                &RowProblem::UnknownClass {
                    value: "9Д".into(),
                    known: classes()
                }
            ),
            (
                7,
                Some("Эл. почта"),
                &RowProblem::BadEmail {
                    value: "laptevа@school".into()
                }
            ),
        ]
    );
    let statuses: Vec<RowStatus> = p.rows.iter().map(|r| r.status).collect();
    use RowStatus::*;
    assert_eq!(statuses, vec![Add, Add, Error, Error, Error, Error]);
    assert_eq!((p.counts.staff_to_add, p.counts.rows_with_errors), (2, 4));
    let orlova = &p.staff[0].record;
    assert_eq!(orlova.subjects, vec!["Математика", "Алгебра"]);
    assert_eq!(orlova.class_teacher_of, vec!["5А"]);
    assert_eq!(orlova.phone, "+79121112233");
    assert_eq!(orlova.email, "orlova@school.ru");
    assert_eq!(orlova.position, "Учитель математики");
    assert!(p.staff[1].record.birth_date.is_none());

    let mut existing = ExistingPeople::new();
    existing.include(&p);
    let again = plan_of(&bytes, &existing);
    assert!(again.adds_nothing());
    assert_eq!(
        (again.counts.staff_unchanged, again.counts.rows_unchanged),
        (2, 2)
    );
}

#[test]
fn staff_columns_required() {
    let read = read_table(
        "Фамилия,Имя\nИванов,Иван\n".as_bytes(),
        &ReadOptions::default(),
    )
    .unwrap();
    let err = plan(
        &read.table,
        ImportKind::Staff,
        &ExistingPeople::new(),
        &classes(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "В файле нет столбца: «Должность». Добавьте его в первую строку (строку заголовков)."
    );
}
