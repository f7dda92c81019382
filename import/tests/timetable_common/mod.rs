//! The small school the FET test files are matched against, the files themselves, and
//! helpers shared by the timetable tests.

#![allow(dead_code)]

use std::collections::BTreeMap;

use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, GroupId, StaffId, SubjectId, YearId};
use zvonok_core::model::{Bell, Class, Group, Slot, StaffMember, Subject};
use zvonok_core::rights::Cohort;
use zvonok_import::timetable::read_fet_csv;
use zvonok_import::{CsvOptions, SourceHour, TimetableSource};

pub const RU_CSV: &[u8] = include_bytes!("../data/timetable/fet_ru_semicolon_timetable.csv");
pub const EN_CSV: &[u8] = include_bytes!("../data/timetable/fet_en_comma_timetable.csv");
pub const FET_XML: &[u8] = include_bytes!("../data/timetable/small_school_data_and_timetable.fet");
pub const ASC_XML: &[u8] = include_bytes!("../data/timetable/asc_small_school.xml");
pub const ASC_OLD_1251: &[u8] = include_bytes!("../data/timetable/asc_old_windows1251.xml");

/// The school the files are matched against, with names to look entities up by.
pub struct School {
    pub data: SchoolData,
    pub staff: BTreeMap<&'static str, StaffId>,
    pub subjects: BTreeMap<&'static str, SubjectId>,
    pub classes: BTreeMap<&'static str, ClassId>,
    pub groups: BTreeMap<&'static str, GroupId>,
    pub year: YearId,
}

impl School {
    pub fn teacher(&self, last: &str) -> StaffId {
        self.staff[last]
    }
    pub fn class(&self, name: &str) -> Cohort {
        Cohort::Class(self.classes[name])
    }
    pub fn group(&self, class: &str, group: &str) -> Cohort {
        Cohort::Group {
            class: self.classes[class],
            group: self.groups[format!("{class} {group}").as_str()],
        }
    }
    pub fn empty_timetable(&self) -> TimetableData {
        TimetableData {
            year: self.year,
            slots: BTreeMap::new(),
            versions: Default::default(),
            cycle_start: None,
        }
    }
}

pub fn school() -> School {
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

pub fn ru() -> TimetableSource {
    read_fet_csv(RU_CSV, &CsvOptions::default()).expect("the Russian FET CSV reads")
}

pub fn times(start: &str, end: &str) -> SourceHour {
    SourceHour::Times {
        start: start.into(),
        end: end.into(),
    }
}

/// (weekday, lesson number, cohort, subject, teacher, room) of every slot, sorted.
pub type SlotView = (u32, u8, Cohort, SubjectId, StaffId, String);

pub fn view(slots: &[Slot]) -> Vec<SlotView> {
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
