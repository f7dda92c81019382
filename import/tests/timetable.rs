//! Timetables from FET: the committed test files (`tests/data/timetable/`) read into lessons,
//! their row errors, names matched to a small school, remembered answers, and plans that
//! change nothing on re-import and only what changed on a changed file.

use std::collections::BTreeMap;

use chrono::Weekday;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, GroupId, SlotId, StaffId, SubjectId, YearId};
use zvonok_core::model::{Bell, Class, Group, Slot, StaffMember, Subject};
use zvonok_core::rights::Cohort;
use zvonok_import::timetable::{map_timetable, plan_timetable, read_fet_csv, read_fet_xml};
use zvonok_import::{
    CsvOptions, NameKind, NameMap, RowProblem, SourceHour, Target, TimetableSource,
};

const RU_CSV: &[u8] = include_bytes!("data/timetable/fet_ru_semicolon_timetable.csv");
const EN_CSV: &[u8] = include_bytes!("data/timetable/fet_en_comma_timetable.csv");
const FET_XML: &[u8] = include_bytes!("data/timetable/small_school_data_and_timetable.fet");

/// The school the files are matched against, with names to look entities up by.
struct School {
    data: SchoolData,
    staff: BTreeMap<&'static str, StaffId>,
    subjects: BTreeMap<&'static str, SubjectId>,
    classes: BTreeMap<&'static str, ClassId>,
    groups: BTreeMap<&'static str, GroupId>,
    year: YearId,
}

impl School {
    fn teacher(&self, last: &str) -> StaffId {
        self.staff[last]
    }
    fn class(&self, name: &str) -> Cohort {
        Cohort::Class(self.classes[name])
    }
    fn group(&self, class: &str, group: &str) -> Cohort {
        Cohort::Group {
            class: self.classes[class],
            group: self.groups[format!("{class} {group}").as_str()],
        }
    }
    fn empty_timetable(&self) -> TimetableData {
        TimetableData {
            year: self.year,
            slots: BTreeMap::new(),
        }
    }
}

fn school() -> School {
    let year = YearId::new();
    let mut data = SchoolData {
        week_days: 5,
        current_year: Some(year),
        ..SchoolData::default()
    };
    let mut staff = BTreeMap::new();
    for (key, last, first, middle) in [
        ("Иванова", "Иванова", "Анна", "Петровна"),
        ("Петров", "Петров", "Сергей", "Иванович"),
        ("Смирнова", "Смирнова", "Ольга", "Викторовна"),
        ("Смирнов", "Смирнов", "Игорь", "Олегович"),
        ("Кузнецова", "Кузнецова", "Елена", "Андреевна"),
        ("Фёдоров", "Фёдоров", "Павел", "Ильич"),
        ("Орлова М.", "Орлова", "Мария", "Сергеевна"),
        ("Орлова Н.", "Орлова", "Наталья", "Петровна"),
    ] {
        let id = StaffId::new();
        staff.insert(key, id);
        data.staff.insert(
            id,
            StaffMember {
                id,
                last_name: last.into(),
                first_name: first.into(),
                middle_name: middle.into(),
                position: "Учитель".into(),
            },
        );
    }
    let mut subjects = BTreeMap::new();
    for name in [
        "Математика",
        "Русский язык",
        "Литература",
        "Английский язык",
        "Информатика",
        "Физическая культура",
        "Основы безопасности жизнедеятельности",
    ] {
        let id = SubjectId::new();
        subjects.insert(name, id);
        data.subjects.insert(
            id,
            Subject {
                id,
                name: name.into(),
                grades: vec![5, 6],
            },
        );
    }
    let mut classes = BTreeMap::new();
    for (name, grade, letter) in [
        ("5А", 5, "А"),
        ("5Б", 5, "Б"),
        ("6А", 6, "А"),
        ("7А", 7, "А"),
    ] {
        let id = ClassId::new();
        classes.insert(name, id);
        data.classes.insert(
            id,
            Class {
                id,
                year,
                grade,
                letter: letter.into(),
                class_teacher: None,
            },
        );
    }
    // Last year's 5А: same name, another class; never matched for this year's timetable.
    let old = ClassId::new();
    data.classes.insert(
        old,
        Class {
            id: old,
            year: YearId::new(),
            grade: 5,
            letter: "А".into(),
            class_teacher: None,
        },
    );
    let mut groups = BTreeMap::new();
    for (key, class, name) in [
        ("5А Англ. 1", "5А", "Англ. 1"),
        ("5А Англ. 2", "5А", "Англ. 2"),
        ("5А Инф. 1", "5А", "Инф. 1"),
        ("5А Инф. 2", "5А", "Инф. 2"),
    ] {
        let id = GroupId::new();
        groups.insert(key, id);
        data.groups.insert(
            id,
            Group {
                id,
                class: classes[class],
                name: name.into(),
            },
        );
    }
    data.bells = [
        ("08:30", "09:15"),
        ("09:25", "10:10"),
        ("10:30", "11:15"),
        ("11:35", "12:20"),
        ("12:30", "13:15"),
        ("13:25", "14:10"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (s, e))| Bell {
        number: i as u8 + 1,
        start: (*s).into(),
        end: (*e).into(),
    })
    .collect();
    School {
        data,
        staff,
        subjects,
        classes,
        groups,
        year,
    }
}

fn ru() -> TimetableSource {
    read_fet_csv(RU_CSV, &CsvOptions::default()).expect("the Russian FET CSV reads")
}

fn times(start: &str, end: &str) -> SourceHour {
    SourceHour::Times {
        start: start.into(),
        end: end.into(),
    }
}

/// (weekday, lesson number, cohort, subject, teacher, room) of every slot, sorted.
type SlotView = (u32, u8, Cohort, SubjectId, StaffId, String);

fn view(slots: &[Slot]) -> Vec<SlotView> {
    let mut v: Vec<SlotView> = slots
        .iter()
        .map(|s| {
            (
                s.weekday.number_from_monday(),
                s.number,
                s.cohort,
                s.subject,
                s.teacher,
                s.room.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

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
fn names_map_to_the_school() {
    let school = school();
    let mapped = map_timetable(&ru(), &school.data, &NameMap::new(), school.year);
    let by_row = |row: u32| {
        mapped
            .lessons
            .iter()
            .find(|l| l.row == row)
            .unwrap_or_else(|| panic!("row {row} is mapped"))
    };
    // «Иванова А.П.», hours by bell times.
    assert_eq!(by_row(2).teachers, vec![school.teacher("Иванова")]);
    assert_eq!((by_row(2).number, by_row(3).number), (1, 2));
    // «5 а» + «5Б»; «Смирнов» alone is unique (Смирнова is another person); «Физ. культура».
    let joint = by_row(4);
    assert_eq!(joint.cohorts, vec![school.class("5А"), school.class("5Б")]);
    assert_eq!(
        joint.teachers,
        vec![school.teacher("Смирнов"), school.teacher("Орлова Н.")]
    );
    assert_eq!(joint.subject, school.subjects["Физическая культура"]);
    assert_eq!(joint.number, 3);
    // Groups «5А Англ. 1», subject «Англ. яз.», «Кузнецова Е. А.» with spaces.
    assert_eq!(by_row(5).cohorts, vec![school.group("5А", "Англ. 1")]);
    assert_eq!(by_row(5).subject, school.subjects["Английский язык"]);
    assert_eq!(by_row(6).cohorts, vec![school.group("5А", "Англ. 2")]);
    assert_eq!(by_row(6).teachers, vec![school.teacher("Кузнецова")]);
    // Full name, «Рус. яз.».
    assert_eq!(by_row(7).teachers, vec![school.teacher("Петров")]);
    assert_eq!(by_row(7).subject, school.subjects["Русский язык"]);
    // «6A» with a Latin A, «ОБЖ» by initials, «Федоров» for «Фёдоров».
    assert_eq!(by_row(8).cohorts, vec![school.class("6А")]);
    assert_eq!(
        by_row(8).subject,
        school.subjects["Основы безопасности жизнедеятельности"]
    );
    assert_eq!(by_row(8).teachers, vec![school.teacher("Фёдоров")]);

    // The unknown teacher is asked once, with both of its rows; its lessons are left out.
    assert_eq!(mapped.unmatched.len(), 1, "{:?}", mapped.unmatched);
    let u = &mapped.unmatched[0];
    assert_eq!(
        (u.kind, u.name.as_str(), u.rows.clone()),
        (NameKind::Teacher, "Сидоров К.К.", vec![9, 12])
    );
    assert_eq!(mapped.lessons.len(), 8);
    assert_eq!(mapped.left_out.len(), 2);
    assert_eq!(mapped.errors.len(), 1, "the bad day stays an error");
}

#[test]
fn fet_subgroups_match_groups_by_number_and_subject() {
    let school = school();
    let source = read_fet_csv(EN_CSV, &CsvOptions::default()).unwrap();
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    let row = |r: u32| mapped.lessons.iter().find(|l| l.row == r).unwrap();
    // «5А_1» in Информатика → «Инф. 1»; «5А_2» in English → «Англ. 2».
    assert_eq!(row(5).cohorts, vec![school.group("5А", "Инф. 1")]);
    assert_eq!(row(6).cohorts, vec![school.group("5А", "Англ. 2")]);
    // Lesson 9 is not in the bells: a row error naming the lessons there are.
    let e = mapped.errors.iter().find(|e| e.row == 7).unwrap();
    assert_eq!(
        e.to_string(),
        "Строка 7, «Hour»: урока № 9 нет в расписании звонков (есть уроки 1–6). Добавьте его в звонки или исправьте номер урока."
    );
    // «Орлова» alone is two people: asked, with both offered.
    let u = &mapped.unmatched[0];
    assert_eq!(
        (u.kind, u.name.as_str(), u.rows.clone()),
        (NameKind::Teacher, "Орлова", vec![8])
    );
    let offered: Vec<Target> = u.suggestions.iter().map(|s| s.target).collect();
    assert_eq!(
        offered.len(),
        2,
        "{:?}",
        u.suggestions.iter().map(|s| &s.label).collect::<Vec<_>>()
    );
    assert!(offered.contains(&Target::Staff(school.teacher("Орлова М."))));
    assert!(offered.contains(&Target::Staff(school.teacher("Орлова Н."))));

    // The XML's subgroups map the same way.
    let xml = read_fet_xml(FET_XML).unwrap();
    let mapped = map_timetable(&xml, &school.data, &NameMap::new(), school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    let english: Vec<Vec<Cohort>> = mapped
        .lessons
        .iter()
        .filter(|l| l.subject == school.subjects["Английский язык"])
        .map(|l| l.cohorts.clone())
        .collect();
    assert_eq!(
        english,
        vec![
            vec![school.group("5А", "Англ. 1")],
            vec![school.group("5А", "Англ. 2")]
        ]
    );
}

#[test]
fn a_set_without_its_class_in_the_name_is_found_under_its_parent() {
    let school = school();
    let mut source = read_fet_xml(FET_XML).unwrap();
    for l in source.activities.iter_mut() {
        for s in l.students.iter_mut() {
            if s == "5А_2" {
                *s = "Англ-2".into();
            }
        }
    }
    source.parents.insert("Англ-2".into(), "5А".into());
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    assert!(mapped
        .lessons
        .iter()
        .any(|l| l.cohorts == vec![school.group("5А", "Англ. 2")]));
}

#[test]
fn a_remembered_answer_is_used_and_the_name_not_asked_again() {
    let school = school();
    let mut names = NameMap::new();
    names.remember("сидоров к. к.", Target::Staff(school.teacher("Иванова")));
    // An hour by a time the bells do not have, answered earlier.
    names.remember("07:45-08:25", Target::Lesson(1));
    let mut source = ru();
    source.activities[0].hour = times("07:45", "08:25");
    let mapped = map_timetable(&source, &school.data, &names, school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    let sidorov: Vec<u32> = mapped
        .lessons
        .iter()
        .filter(|l| [9, 12].contains(&l.row))
        .map(|l| {
            assert_eq!(l.teachers, vec![school.teacher("Иванова")]);
            l.row
        })
        .collect();
    assert_eq!(sidorov, vec![9, 12]);
    assert_eq!(mapped.lessons[0].number, 1);

    // Without the hour's answer, that time is asked, with the bells offered.
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    let hour = mapped
        .unmatched
        .iter()
        .find(|u| u.kind == NameKind::Hour)
        .unwrap();
    assert_eq!(
        (hour.name.as_str(), hour.rows.clone()),
        ("07:45-08:25", vec![2])
    );
    assert_eq!(hour.suggestions.len(), 6);
    assert_eq!(hour.suggestions[0].label, "1 урок (08:30-09:15)");

    // An answer naming someone no longer in the school is ignored: asked again.
    let mut stale = NameMap::new();
    stale.remember("Сидоров К.К.", Target::Staff(StaffId::new()));
    let mapped = map_timetable(&ru(), &school.data, &stale, school.year);
    assert_eq!(mapped.unmatched.len(), 1);

    // The map survives a round trip through JSON (the caller stores it).
    let json = serde_json::to_string(&names).unwrap();
    assert_eq!(serde_json::from_str::<NameMap>(&json).unwrap(), names);
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let school = school();
    let mut names = NameMap::new();
    names.remember("Сидоров К.К.", Target::Staff(school.teacher("Иванова")));
    let mut timetable = school.empty_timetable();
    let first = plan_timetable(&ru(), &school.data, &names, &timetable);
    // 8 mapped rows, the joint one for two classes, two rows of «Сидоров» answered: 11 slots.
    assert_eq!(first.counts.added, 11);
    assert_eq!(first.slots_to_put.len(), 11);
    assert!(first.slots_to_remove.is_empty());
    assert_eq!(first.errors.len(), 1);
    // The joint PE lesson keeps its second teacher for the preview.
    assert_eq!(first.extra_teachers.len(), 2);
    assert_eq!(
        first.extra_teachers[0].others,
        vec![school.teacher("Орлова Н.")]
    );
    // Previews agree: ids come from the slots' identity.
    let again = plan_timetable(&ru(), &school.data, &names, &timetable);
    assert_eq!(again.slots_to_put, first.slots_to_put);

    first.apply(&mut timetable);
    assert_eq!(timetable.slots.len(), 11);
    let second = plan_timetable(&ru(), &school.data, &names, &timetable);
    assert!(second.is_empty(), "{:?}", second.slots_to_put);
    assert_eq!(second.counts.unchanged, 11);

    // Also for the XML file.
    let xml = read_fet_xml(FET_XML).unwrap();
    let mut timetable = school.empty_timetable();
    let plan = plan_timetable(&xml, &school.data, &NameMap::new(), &timetable);
    assert_eq!(
        plan.counts.added, 8,
        "7 lessons, the joint one for 5Б and 6А"
    );
    plan.apply(&mut timetable);
    let reread = read_fet_xml(FET_XML).unwrap();
    assert!(plan_timetable(&reread, &school.data, &NameMap::new(), &timetable).is_empty());
}

#[test]
fn a_changed_file_changes_only_what_changed() {
    let school = school();
    let names = NameMap::new();
    let mut timetable = school.empty_timetable();
    // A class entered by hand that the file does not cover, and a hand slot of 6А where
    // the file's lesson has an unknown teacher: both stay.
    let hand_7a = Slot {
        id: SlotId::new(),
        weekday: Weekday::Mon,
        number: 1,
        cohort: school.class("7А"),
        subject: school.subjects["Литература"],
        teacher: school.teacher("Петров"),
        room: "101".into(),
    };
    let hand_6a = Slot {
        id: SlotId::new(),
        weekday: Weekday::Wed,
        number: 2,
        cohort: school.class("6А"),
        subject: school.subjects["Математика"],
        teacher: school.teacher("Иванова"),
        room: "201".into(),
    };
    for s in [&hand_7a, &hand_6a] {
        timetable.slots.insert(s.id, s.clone());
    }
    let first = plan_timetable(&ru(), &school.data, &names, &timetable);
    assert!(
        first.slots_to_remove.is_empty(),
        "nothing of the school's removed"
    );
    // Row 9 (6А, Wednesday, lesson 2) has an unknown teacher: left out, and the hand slot
    // where it would stand is kept.
    assert_eq!(first.counts.added, 9);
    first.apply(&mut timetable);
    let before = timetable.clone();

    // The changed file: the two-hour maths moves from room 201 to 202 (both rows), the
    // Thursday literature (row 11) is gone, and 5Б's Russian becomes a Monday lesson 5.
    let text = String::from_utf8(RU_CSV.to_vec()).unwrap();
    let changed: String = text
        .split_inclusive('\n')
        .filter(|line| !line.starts_with("\"9\";"))
        .map(|line| {
            if line.starts_with("\"1\";") {
                line.replace("\"201\"", "\"202\"")
            } else if line.starts_with("\"5\";") {
                line.replace(
                    "\"Вторник\";\"09:25-10:10\"",
                    "\"Понедельник\";\"12:30-13:15\"",
                )
            } else {
                line.to_string()
            }
        })
        .collect();
    let source = read_fet_csv(changed.as_bytes(), &CsvOptions::default()).unwrap();
    let plan = plan_timetable(&source, &school.data, &names, &timetable);
    assert_eq!(
        (
            plan.counts.added,
            plan.counts.changed,
            plan.counts.removed,
            plan.counts.unchanged
        ),
        (1, 2, 2, 5)
    );
    // The changed rooms keep their slots' ids.
    let maths: Vec<&Slot> = before
        .slots
        .values()
        .filter(|s| s.cohort == school.class("5А") && s.subject == school.subjects["Математика"])
        .collect();
    let mut put_ids: Vec<SlotId> = plan
        .slots_to_put
        .iter()
        .filter(|s| s.room == "202")
        .map(|s| s.id)
        .collect();
    let mut math_ids: Vec<SlotId> = maths.iter().map(|s| s.id).collect();
    put_ids.sort();
    math_ids.sort();
    assert_eq!(put_ids, math_ids);
    // Removed: Thursday's literature and Tuesday's Russian (moved to Monday, lesson 5).
    let removed: Vec<(Weekday, u8)> = plan
        .slots_to_remove
        .iter()
        .map(|id| (before.slots[id].weekday, before.slots[id].number))
        .collect();
    assert_eq!(removed.len(), 2);
    assert!(removed.contains(&(Weekday::Thu, 3)));
    assert!(removed.contains(&(Weekday::Tue, 2)));
    assert!(!plan.slots_to_remove.contains(&hand_7a.id));
    assert!(!plan.slots_to_remove.contains(&hand_6a.id));

    // After applying, the changed file plans nothing more, and the result is what the
    // changed file imported into an empty timetable gives (plus the hand slots).
    plan.apply(&mut timetable);
    assert!(plan_timetable(&source, &school.data, &names, &timetable).is_empty());
    let fresh = plan_timetable(&source, &school.data, &names, &school.empty_timetable());
    let mut expected = fresh.slots_to_put.clone();
    expected.push(hand_7a.clone());
    expected.push(hand_6a.clone());
    let now: Vec<Slot> = timetable.slots.values().cloned().collect();
    assert_eq!(view(&now), view(&expected));
}

#[test]
fn the_same_lesson_twice_in_a_file_is_a_row_error_naming_the_first_row() {
    let school = school();
    let csv = "Activity Id,Day,Hour,Students Sets,Subject,Teachers,Room\n\
               1,Monday,1,5Б,Математика,Иванова А.П.,201\n\
               2,Monday,1,5 б,Математика,Петров С.И.,202\n";
    let source = read_fet_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let plan = plan_timetable(
        &source,
        &school.data,
        &NameMap::new(),
        &school.empty_timetable(),
    );
    assert_eq!(plan.slots_to_put.len(), 1);
    assert_eq!(plan.slots_to_put[0].teacher, school.teacher("Иванова"));
    assert_eq!(plan.errors.len(), 1);
    assert_eq!(
        plan.errors[0].to_string(),
        "Строка 3: Урок в пн № 1 у того же класса или группы по тому же предмету уже есть в строке 2. Удалите повторную строку."
    );
}

#[test]
fn a_day_outside_the_school_week_is_a_row_error() {
    let school = school();
    let csv = "Activity Id;Day;Hour;Students Sets;Subject;Teachers\n1;Суббота;1;5А;Математика;Иванова А.П.\n";
    let source = read_fet_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    assert!(mapped.lessons.is_empty());
    assert_eq!(
        mapped.errors[0].to_string(),
        "Строка 2, «Day»: «суббота» — в школе 5-дневная неделя, этого дня в ней нет. Перенесите урок на другой день или измените длину недели в настройках школы."
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
