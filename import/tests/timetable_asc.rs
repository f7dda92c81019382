//! Timetables from aSc Timetables' XML export (`tests/data/timetable/asc_*.xml`): a UTF-8 file
//! with a BOM (groups per class, «Весь класс», a two-teacher lesson, double lessons written as
//! one card and as a card per hour, a lesson placed by its days definition, weeks A and B) and
//! an old Windows-1251 export with capitalised names, missing attributes and unknown ids.

use chrono::Weekday;
use zvonok_import::timetable::{map_timetable, plan_timetable, read_asc_xml};
use zvonok_import::{
    encoding::encode_windows_1251, ImportError, NameMap, RowProblem, SourceHour, SourceWeek,
    TextEncoding,
};

mod timetable_common;
use timetable_common::*;

/// (row, weekday, lesson number, student sets, subject, teachers, room, week) of every lesson.
type LessonView = (
    u32,
    Weekday,
    u8,
    Vec<String>,
    String,
    Vec<String>,
    String,
    SourceWeek,
);

fn lessons(source: &zvonok_import::TimetableSource) -> Vec<LessonView> {
    source
        .activities
        .iter()
        .map(|l| {
            let SourceHour::Number(n) = l.hour else {
                panic!("aSc hours are numbers: {:?}", l.hour)
            };
            (
                l.row,
                l.day,
                n,
                l.students.clone(),
                l.subject.clone(),
                l.teachers.clone(),
                l.room.clone(),
                l.week,
            )
        })
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn the_export_reads_into_lessons_with_groups_teachers_rooms_and_weeks() {
    let source = read_asc_xml(ASC_XML).expect("the aSc file reads");
    assert!(source.errors.is_empty(), "{:?}", source.errors);
    let every = SourceWeek::Every;
    let ivanova = "Иванова Анна Петровна";
    let expected: Vec<LessonView> = vec![
        // A double lesson written as one card: two hours.
        (
            82,
            Weekday::Mon,
            1,
            s(&["5А"]),
            "Математика".into(),
            s(&[ivanova]),
            "201".into(),
            every,
        ),
        (
            82,
            Weekday::Mon,
            2,
            s(&["5А"]),
            "Математика".into(),
            s(&[ivanova]),
            "201".into(),
            every,
        ),
        // Two classes, two teachers; «Весь класс» groups are the classes themselves.
        (
            83,
            Weekday::Mon,
            3,
            s(&["5А", "5 б"]),
            "Физ. культура".into(),
            s(&["Смирнов Игорь Олегович", "Орлова Наталья Петровна"]),
            "Спортзал".into(),
            every,
        ),
        // Groups of one class, named after the class; the card's room wins over the lesson's.
        (
            84,
            Weekday::Tue,
            2,
            s(&["5А Англ. 1"]),
            "Англ. яз.".into(),
            s(&["Кузнецова Елена Андреевна"]),
            "305".into(),
            every,
        ),
        (
            85,
            Weekday::Tue,
            2,
            s(&["5А Англ. 2"]),
            "Англ. яз.".into(),
            s(&["Фёдоров Павел Ильич"]),
            "202".into(),
            every,
        ),
        // A teacher with only `name`; no room anywhere.
        (
            86,
            Weekday::Wed,
            1,
            s(&["5А 1 группа"]),
            "Информатика".into(),
            s(&["Петров С.И."]),
            String::new(),
            every,
        ),
        // A double lesson written as a card per hour: still two hours, not three.
        (
            87,
            Weekday::Thu,
            1,
            s(&["6А"]),
            "Русский язык".into(),
            s(&["Смирнова Ольга Викторовна"]),
            "202".into(),
            every,
        ),
        (
            87,
            Weekday::Thu,
            2,
            s(&["6А"]),
            "Русский язык".into(),
            s(&["Смирнова Ольга Викторовна"]),
            "202".into(),
            every,
        ),
        // Week A from the lesson's weeks definition, week B from the card.
        (
            89,
            Weekday::Wed,
            5,
            s(&["5 б"]),
            "Литература".into(),
            s(&["Орлова Мария Сергеевна"]),
            "202".into(),
            SourceWeek::First,
        ),
        (
            90,
            Weekday::Wed,
            5,
            s(&["5 б"]),
            "Русский язык".into(),
            s(&["Смирнова Ольга Викторовна"]),
            "202".into(),
            SourceWeek::Second,
        ),
        // Placed by the lesson's days definition («Пятница»), the lesson's only room.
        (
            91,
            Weekday::Fri,
            4,
            s(&["5 б"]),
            "Математика".into(),
            s(&[ivanova]),
            "201".into(),
            every,
        ),
    ];
    assert_eq!(lessons(&source), expected);
    let double: Vec<u8> = source
        .activities
        .iter()
        .filter(|l| l.activity_id == "L000000000000006")
        .map(|l| l.duration_index)
        .collect();
    assert_eq!(double, vec![0, 1]);
}

#[test]
fn an_old_windows_1251_export_with_traps_gives_row_errors_at_its_lines() {
    let source = read_asc_xml(ASC_OLD_1251).expect("the declared encoding is used");
    let got: Vec<(u32, Option<&str>, &RowProblem)> = source
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_deref(), &e.problem))
        .collect();
    let unknown = |what: &str, id: &str| RowProblem::UnknownRef {
        what: what.into(),
        id: id.into(),
    };
    assert_eq!(
        got,
        vec![
            (25, Some("teacherids"), &unknown("Учителя", "DEADBEEF")),
            (26, Some("subjectid"), &RowProblem::Missing),
            (
                32,
                Some("days"),
                &RowProblem::BadDays {
                    value: "10000,01000".into()
                }
            ),
            (35, Some("classroomids"), &unknown("Кабинета", "NOPE")),
            (36, Some("period"), &RowProblem::Missing),
            (
                37,
                Some("lessonid"),
                &RowProblem::UnknownActivity {
                    activity: "XXXX".into()
                }
            ),
        ]
    );
    assert_eq!(
        source.errors[0].to_string(),
        "Строка 25, «teacherids»: Учителя с id «DEADBEEF» нет в файле. Сохраните расписание в \
         программе заново (экспорт в XML целиком)."
    );
    // Capitalised names of an old aSc; the lessons of bad lessons' cards are left out.
    let got = lessons(&source);
    let every = SourceWeek::Every;
    let math = |row, day, n| {
        (
            row,
            day,
            n,
            s(&["7 а"]),
            "Математика".to_string(),
            s(&["Иванова Анна Петровна"]),
            "Кабинет 12".to_string(),
            every,
        )
    };
    assert_eq!(
        got,
        vec![math(30, Weekday::Mon, 1), math(31, Weekday::Wed, 2)]
    );
}

#[test]
fn encodings_bom_or_declaration_read_alike_and_a_wrong_declaration_is_refused() {
    let with_bom = read_asc_xml(ASC_XML).unwrap();
    let text = std::str::from_utf8(&ASC_XML[3..]).unwrap();
    // Without the BOM.
    assert_eq!(read_asc_xml(text.as_bytes()).unwrap(), with_bom);
    // In Windows-1251, as the header says.
    let cp1251 = encode_windows_1251(&text.replacen("UTF-8", "windows-1251", 1));
    assert_eq!(read_asc_xml(&cp1251).unwrap(), with_bom);
    // Windows-1251 bytes under a UTF-8 header: refused, never read as garbage.
    let lying = encode_windows_1251(text);
    assert_eq!(
        read_asc_xml(&lying),
        Err(ImportError::WrongEncoding(TextEncoding::Utf8))
    );
    let odd = text.replacen("UTF-8", "x-klingon", 1);
    assert_eq!(
        read_asc_xml(odd.as_bytes()),
        Err(ImportError::UnknownXmlEncoding("x-klingon".into()))
    );
}

#[test]
fn not_xml_and_not_asc_are_refused() {
    assert!(matches!(
        read_asc_xml("Понедельник;1;5А".as_bytes()),
        Err(ImportError::BadAscXml(_))
    ));
    assert_eq!(read_asc_xml(FET_XML), Err(ImportError::NotAsc));
    assert_eq!(read_asc_xml(b""), Err(ImportError::Empty));
}

#[test]
fn names_match_the_school_and_weeks_a_and_b_are_row_errors() {
    let school = school();
    let source = read_asc_xml(ASC_XML).unwrap();
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    let at = |row: u32| mapped.lessons.iter().find(|l| l.row == row).unwrap();
    assert_eq!(at(83).cohorts, vec![school.class("5А"), school.class("5Б")]);
    assert_eq!(
        at(83).teachers,
        vec![school.teacher("Смирнов"), school.teacher("Орлова Н.")]
    );
    assert_eq!(at(84).cohorts, vec![school.group("5А", "Англ. 1")]);
    assert_eq!(at(84).subject, school.subjects["Английский язык"]);
    // «1 группа» of an informatics lesson is the school's «Инф. 1».
    assert_eq!(at(86).cohorts, vec![school.group("5А", "Инф. 1")]);
    assert_eq!(at(86).teachers, vec![school.teacher("Петров")]);

    let two_weeks: Vec<(u32, String)> = mapped
        .errors
        .iter()
        .map(|e| (e.row, e.to_string()))
        .collect();
    assert_eq!(two_weeks.len(), 2, "{two_weeks:?}");
    assert_eq!(two_weeks[0].0, 89);
    assert!(
        two_weeks[0].1.starts_with(
            "Строка 89, «weeks»: двухнедельное расписание: урок стоит только на первой (А) неделе"
        ),
        "{}",
        two_weeks[0].1
    );
    assert!(two_weeks[1].1.contains("второй (Б)"));
}

#[test]
fn re_importing_the_same_export_plans_nothing() {
    let school = school();
    let mut timetable = school.empty_timetable();
    let source = read_asc_xml(ASC_XML).unwrap();
    let first = plan_timetable(&source, &school.data, &NameMap::new(), &timetable);
    // 9 lessons of every week; the PE lesson for two classes: 10 slots.
    assert_eq!(first.counts.added, 10, "{:?}", first.errors);
    // The PE lesson's `teacherids` «Смирнов,Орлова Н.»: both kept in both classes' slots.
    assert!(first.extra_teachers.is_empty());
    let pe: Vec<_> = first
        .slots_to_put
        .iter()
        .filter(|s| !s.co_teachers.is_empty())
        .collect();
    assert_eq!(pe.len(), 2, "the PE lesson of two classes");
    for s in pe {
        assert_eq!(s.teacher, school.teacher("Смирнов"));
        assert_eq!(s.co_teachers, vec![school.teacher("Орлова Н.")]);
    }
    first.apply(&mut timetable);
    // ids change between exports: only what they link counts.
    let reexported = String::from_utf8(ASC_XML.to_vec())
        .unwrap()
        .replace("L00000000000000", "NEWLESSONID_")
        .replace("C5A0000000000001", "K1")
        .replace("G5A00000000000", "GR");
    let again = read_asc_xml(reexported.as_bytes()).unwrap();
    let second = plan_timetable(&again, &school.data, &NameMap::new(), &timetable);
    assert!(second.is_empty(), "{:?}", second.slots_to_put);
    assert_eq!(second.counts.unchanged, 10);
}

#[test]
fn a_week_a_lesson_never_removes_the_slot_that_stands_where_it_would() {
    let school = school();
    let mut timetable = school.empty_timetable();
    let source = read_asc_xml(ASC_XML).unwrap();
    plan_timetable(&source, &school.data, &NameMap::new(), &timetable).apply(&mut timetable);
    // Entered by hand: literature in 5Б on Wednesday, lesson 5, where the file has it for
    // week A only (and Russian for week B).
    let id = zvonok_core::ids::SlotId::new();
    timetable.slots.insert(
        id,
        zvonok_core::model::Slot {
            id,
            weekday: Weekday::Wed,
            number: 5,
            cohort: school.class("5Б"),
            subject: school.subjects["Литература"],
            teacher: school.teacher("Орлова М."),
            co_teachers: Vec::new(),
            room: "202".into(),
            week: zvonok_core::model::SlotWeek::Every,
            version: None,
        },
    );
    let plan = plan_timetable(&source, &school.data, &NameMap::new(), &timetable);
    assert!(plan.is_empty(), "kept: {:?}", plan.slots_to_remove);
    assert_eq!(plan.errors.len(), 2, "both weeks' lessons are row errors");
}

#[test]
fn with_the_week_a_b_cycle_on_lessons_of_one_week_become_slots_of_that_week() {
    use zvonok_core::model::SlotWeek;
    let school = school();
    let mut timetable = school.empty_timetable();
    timetable.cycle_start = chrono::NaiveDate::from_ymd_opt(2026, 9, 7);
    let source = read_asc_xml(ASC_XML).unwrap();
    let plan = plan_timetable(&source, &school.data, &NameMap::new(), &timetable);
    assert!(
        plan.errors
            .iter()
            .all(|e| !e.to_string().contains("двухнедельное")),
        "{:?}",
        plan.errors
    );
    let weeks: Vec<SlotWeek> = plan.slots_to_put.iter().map(|s| s.week).collect();
    assert!(weeks.contains(&SlotWeek::A), "{weeks:?}");
    assert!(weeks.contains(&SlotWeek::B), "{weeks:?}");
    // Week A and week B lessons of one cell are two slots with different ids.
    let a = plan
        .slots_to_put
        .iter()
        .find(|s| s.week == SlotWeek::A)
        .unwrap();
    let b = plan
        .slots_to_put
        .iter()
        .find(|s| s.week == SlotWeek::B && s.weekday == a.weekday && s.number == a.number);
    assert!(b.is_some_and(|b| b.id != a.id));
    plan.apply(&mut timetable);
    let again = plan_timetable(&source, &school.data, &NameMap::new(), &timetable);
    assert!(
        again.is_empty(),
        "re-import changes nothing: {:?}",
        again.slots_to_put
    );
}
