//! Timetables from FET: the committed test files (`tests/data/timetable/`) read into neutral
//! lessons, with their row errors; malformed files refused.

use chrono::Weekday;
use zvonok_import::timetable::{plan_timetable, read_fet_csv, read_fet_xml};
use zvonok_import::{CsvOptions, NameMap, RowProblem, SourceHour};

mod timetable_common;
use timetable_common::*;

#[test]
fn russian_csv_with_bom_semicolons_and_quotes_reads_into_lessons() {
    let source = ru();
    let rows: Vec<u32> = source.activities.iter().map(|l| l.row).collect();
    assert_eq!(
        rows,
        vec![2, 3, 4, 5, 6, 7, 8, 9, 11, 12],
        "row 10 has a bad day"
    );

    // The two-hour activity: two rows, one activity id, duration indexes 0 and 1.
    let first = &source.activities[0];
    assert_eq!(first.activity_id, "1");
    assert_eq!(first.day, Weekday::Mon);
    assert_eq!(first.hour, times("08:30", "09:15"));
    assert_eq!(first.students, vec!["5А"]);
    assert_eq!(first.teachers, vec!["Иванова А.П."]);
    assert_eq!(first.room, "201");
    let second = &source.activities[1];
    assert_eq!(
        (second.activity_id.as_str(), second.duration_index),
        ("1", 1)
    );
    assert_eq!(second.hour, times("09:25", "10:10"));
    assert_eq!(first.duration_index, 0);

    // `+`-joined student sets and teachers, a short day name.
    let joint = &source.activities[2];
    assert_eq!(joint.day, Weekday::Mon);
    assert_eq!(joint.students, vec!["5 а", "5Б"]);
    assert_eq!(joint.teachers, vec!["Смирнов", "Орлова Н.П."]);
    assert_eq!(joint.subject, "Физ. культура");

    // A quoted room with the delimiter and doubled quotes inside.
    assert_eq!(source.activities[5].room, "Каб. 204; \"малый\" зал");
    assert_eq!(source.activities[5].day, Weekday::Tue);
    assert_eq!(
        source.activities[4].day,
        Weekday::Tue,
        "«вторник» in lower case"
    );
}

#[test]
fn the_bad_day_is_an_error_naming_its_row_and_column() {
    let source = ru();
    assert_eq!(source.errors.len(), 1, "{:?}", source.errors);
    let e = &source.errors[0];
    assert_eq!((e.row, e.column.as_deref()), (10, Some("Day")));
    assert_eq!(
        e.problem,
        RowProblem::UnknownDay {
            value: "Субота".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "Строка 10, «Day»: «Субота» — такого дня недели нет. Укажите день словом: «Понедельник», «Пн» или «Monday»."
    );
}

#[test]
fn english_csv_with_commas_and_numeric_hours_reads() {
    let source = read_fet_csv(EN_CSV, &CsvOptions::default()).unwrap();
    assert!(source.errors.is_empty(), "{:?}", source.errors);
    let got: Vec<(u32, Weekday, SourceHour, u8)> = source
        .activities
        .iter()
        .map(|l| (l.row, l.day, l.hour.clone(), l.duration_index))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, Weekday::Mon, SourceHour::Number(1), 0),
            (3, Weekday::Mon, SourceHour::Number(2), 1),
            (4, Weekday::Tue, SourceHour::Number(3), 0),
            (5, Weekday::Wed, SourceHour::Number(4), 0),
            (6, Weekday::Wed, SourceHour::Number(4), 0),
            (7, Weekday::Thu, SourceHour::Number(9), 0),
            (8, Weekday::Fri, SourceHour::Number(1), 0),
        ]
    );
    assert_eq!(source.activities[2].room, "Computer lab, 2nd floor");
}

#[test]
fn a_csv_without_needed_columns_is_refused_with_their_names() {
    let csv = "\u{feff}Day;Hour;Subject\nMonday;1;Математика\n";
    let err = read_fet_csv(csv.as_bytes(), &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "В файле нет столбцов: «students sets», «teachers». Добавьте их в первую строку (строку заголовков)."
    );
}

/// (activity id, day, hour, duration index, student sets, room).
type XmlLesson<'a> = (&'a str, Weekday, SourceHour, u8, Vec<String>, &'a str);

#[test]
fn fet_xml_places_activities_by_constraints_with_rooms() {
    let source = read_fet_xml(FET_XML).expect("the .fet file reads");
    let got: Vec<XmlLesson> = source
        .activities
        .iter()
        .map(|l| {
            (
                l.activity_id.as_str(),
                l.day,
                l.hour.clone(),
                l.duration_index,
                l.students.clone(),
                l.room.as_str(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (
                "1",
                Weekday::Mon,
                SourceHour::Number(1),
                0,
                s(&["5А"]),
                "201"
            ),
            (
                "1",
                Weekday::Mon,
                SourceHour::Number(2),
                1,
                s(&["5А"]),
                "201"
            ),
            (
                "2",
                Weekday::Tue,
                SourceHour::Number(3),
                0,
                s(&["5А_1"]),
                "305"
            ),
            (
                "3",
                Weekday::Tue,
                SourceHour::Number(3),
                0,
                s(&["5А_2"]),
                "306"
            ),
            // The weight-95 wish (Monday, 1st) is not the placement.
            (
                "4",
                Weekday::Wed,
                SourceHour::Number(2),
                0,
                s(&["5Б"]),
                "204"
            ),
            ("5", Weekday::Thu, SourceHour::Number(4), 0, s(&["6А"]), ""),
            (
                "6",
                Weekday::Fri,
                SourceHour::Number(5),
                0,
                s(&["5Б", "6А"]),
                "Спортзал"
            ),
        ]
    );
    assert_eq!(
        source.activities[6].teachers,
        s(&["Смирнов И.О.", "Орлова Н.П."])
    );
    assert_eq!(source.parents.get("5А_1").map(String::as_str), Some("5А"));
    assert_eq!(source.parents.get("5А").map(String::as_str), Some("5"));

    // Inactive activity 7 is skipped; 8 is not placed; 9 does not fit the day; a placement
    // of a deleted activity 99. Rows are lines of the file.
    let errors: Vec<(u32, Option<&str>, &RowProblem)> = source
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_deref(), &e.problem))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                165,
                None,
                &RowProblem::NotPlaced {
                    activity: "8".into()
                }
            ),
            (
                176,
                Some("Duration"),
                &RowProblem::PastLastHour {
                    activity: "9".into(),
                    duration: 2,
                    hour: "6 урок".into()
                }
            ),
            (
                287,
                Some("Activity_Id"),
                &RowProblem::UnknownActivity {
                    activity: "99".into()
                }
            ),
        ]
    );
    assert!(source.errors[0]
        .to_string()
        .starts_with("Строка 165: занятие 8 не размещено в расписании"));
}

#[test]
fn not_xml_and_not_fet_are_refused() {
    assert!(matches!(
        read_fet_xml(b"<fet><Days_List>"),
        Err(zvonok_import::ImportError::BadXml(_))
    ));
    assert_eq!(
        read_fet_xml("<?xml version=\"1.0\"?><timetable/>".as_bytes()),
        Err(zvonok_import::ImportError::NotFet)
    );
}

#[test]
fn an_older_fet_file_with_bare_names_a_bom_and_time_named_hours_reads() {
    let school = school();
    let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<fet version=\"5.10.0\">\n\
        <Days_List><Number>2</Number><Name>Mo</Name><Name>Tu</Name></Days_List>\n\
        <Hours_List><Number>2</Number><Name>08:30-09:15</Name><Name>09:25-10:10</Name></Hours_List>\n\
        <Activities_List>\n\
        <Activity><Teacher>Петров С.И.</Teacher><Subject>Литература</Subject>\
        <Students>5Б</Students><Duration>2</Duration><Id>7</Id><Active>true</Active></Activity>\n\
        </Activities_List>\n\
        <Time_Constraints_List><ConstraintActivityPreferredStartingTime>\
        <Weight_Percentage>100</Weight_Percentage><Activity_Id>7</Activity_Id>\
        <Preferred_Day>Tu</Preferred_Day><Preferred_Hour>08:30-09:15</Preferred_Hour>\
        </ConstraintActivityPreferredStartingTime></Time_Constraints_List>\n</fet>\n";
    let source = read_fet_xml(xml.as_bytes()).unwrap();
    assert!(source.errors.is_empty(), "{:?}", source.errors);
    let hours: Vec<(Weekday, SourceHour, u32)> = source
        .activities
        .iter()
        .map(|l| (l.day, l.hour.clone(), l.row))
        .collect();
    assert_eq!(
        hours,
        vec![
            (Weekday::Tue, times("08:30", "09:15"), 6),
            (Weekday::Tue, times("09:25", "10:10"), 6),
        ]
    );
    let plan = plan_timetable(
        &source,
        &school.data,
        &NameMap::new(),
        &school.empty_timetable(),
    );
    let numbers: Vec<u8> = plan.slots_to_put.iter().map(|s| s.number).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(sorted, vec![1, 2]);
    assert!(plan
        .slots_to_put
        .iter()
        .all(|s| s.cohort == school.class("5Б") && s.teacher == school.teacher("Петров")));
}
