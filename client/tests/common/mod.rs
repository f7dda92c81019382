//! A small school written straight into a device store: one class «5А» with three students,
//! «Математика» taught by one teacher on one weekday, a journal for the first quarter with
//! two lessons, and the credentials of that teacher.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use automerge::AutoCommit;
use chrono::{Datelike, NaiveDate};
use zvonok_client::{Credentials, Store};
use zvonok_core::doc::journal::{JournalData, JournalMeta, Lesson};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::{Cohort, Role};
use zvonok_core::wire::UserInfo;

pub struct Fixture {
    pub school: DocId,
    pub timetable: DocId,
    pub roster: DocId,
    pub journal: DocId,
    pub journal_data: JournalData,
    pub teacher: StaffId,
    pub class: ClassId,
    pub subject: SubjectId,
    /// In the order of the names given (Ivanov, Petrov, Sidorova by default).
    pub students: Vec<StudentId>,
    /// Lessons on `date` (number 2) and a week later (number 2).
    pub lessons: Vec<LessonId>,
    pub date: NaiveDate,
    pub actor_hex: String,
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Builds the school and writes it into `<dir>/replica.sqlite3`, logged in as the teacher.
pub fn install(dir: &Path) -> Fixture {
    install_as(dir, None)
}

/// The students of [`install`]: Ivanov, Petrov, Sidorova.
pub const STUDENTS: [(&str, &str, &str); 3] = [
    ("Иванов", "Иван", "Иванович"),
    ("Петров", "Пётр", "Петрович"),
    ("Сидорова", "Мария", "Игоревна"),
];

/// Like [`install`], but the logged-in user is staff `other` instead of the teacher.
pub fn install_as(dir: &Path, other: Option<StaffId>) -> Fixture {
    install_with(dir, other, &STUDENTS)
}

/// Like [`install_as`], with these students (last, first, middle name) in the class.
pub fn install_with(dir: &Path, other: Option<StaffId>, names: &[(&str, &str, &str)]) -> Fixture {
    let year = YearId::new();
    let period = PeriodId::new();
    let teacher = StaffId::new();
    let class = ClassId::new();
    let subject = SubjectId::new();
    let day = date(2026, 9, 7);
    let (start, end) = (date(2026, 9, 1), date(2026, 10, 26));

    let mut school = SchoolData {
        card: SchoolCard {
            name: "Школа № 1".into(),
            short_name: "Школа № 1".into(),
            address: String::new(),
        },
        current_year: Some(year),
        week_days: 5,
        ..Default::default()
    };
    school.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2026/2027".into(),
            start,
            end: date(2027, 5, 31),
        },
    );
    school.periods.insert(
        period,
        StudyPeriod {
            id: period,
            year,
            kind: PeriodKind::Quarter,
            number: 1,
            start,
            end,
        },
    );
    for (n, s, e) in [
        (1, "08:30", "09:15"),
        (2, "09:25", "10:10"),
        (3, "10:30", "11:15"),
    ] {
        school.bells.push(Bell {
            number: n,
            start: s.into(),
            end: e.into(),
        });
    }
    school.subjects.insert(
        subject,
        Subject {
            id: subject,
            name: "Математика".into(),
            grades: vec![5],
        },
    );
    school.staff.insert(
        teacher,
        StaffMember {
            id: teacher,
            last_name: "Иванова".into(),
            first_name: "Анна".into(),
            middle_name: "Петровна".into(),
            position: "Учитель математики".into(),
        },
    );
    school.classes.insert(
        class,
        Class {
            id: class,
            year,
            grade: 5,
            letter: "А".into(),
            class_teacher: None,
        },
    );
    let assignment = AssignmentId::new();
    school.assignments.insert(
        assignment,
        TeachingAssignment {
            id: assignment,
            teacher,
            cohort: Cohort::Class(class),
            subject,
            year,
        },
    );

    let slot = SlotId::new();
    let mut timetable = TimetableData {
        year,
        slots: BTreeMap::new(),
        versions: Default::default(),
        cycle_start: None,
    };
    timetable.slots.insert(
        slot,
        Slot {
            id: slot,
            weekday: day.weekday(),
            number: 2,
            cohort: Cohort::Class(class),
            subject,
            teacher,
            co_teachers: Vec::new(),
            room: "12".into(),
            week: Default::default(),
            version: None,
        },
    );

    let mut roster = RosterData::new(class);
    let mut students = Vec::new();
    let mut journal_students = BTreeMap::new();
    for &(l, f, m) in names {
        let id = StudentId::new();
        roster.students.insert(
            id,
            Student {
                id,
                last_name: l.into(),
                first_name: f.into(),
                middle_name: m.into(),
                active: true,
            },
        );
        journal_students.insert(id, full_name(l, f, m));
        students.push(id);
    }

    let mut lessons = BTreeMap::new();
    let mut lesson_ids = Vec::new();
    for d in [day, day + chrono::Duration::days(7)] {
        let id = LessonId::new();
        lessons.insert(
            id,
            Lesson {
                id,
                date: d,
                number: 2,
                topic: String::new(),
                homework: String::new(),
                substitute: None,
            },
        );
        lesson_ids.push(id);
    }
    let journal_data = JournalData {
        meta: JournalMeta {
            cohort: Cohort::Class(class),
            subject,
            period,
            start,
            end,
            title: "5А · Математика · 1 четверть".into(),
        },
        students: journal_students,
        lessons,
        attendance: BTreeMap::new(),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    };

    let store = Store::open(dir).expect("store");
    let put = |kind: DocKind, doc: AutoCommit| {
        let id = DocId::new();
        let mut doc = doc;
        store.put_doc(id, kind, "", &doc.save()).expect("put doc");
        id
    };
    let school_id = put(DocKind::School, school.to_doc().expect("school doc"));
    let timetable_id = put(
        DocKind::Timetable,
        timetable.to_doc().expect("timetable doc"),
    );
    let roster_id = put(DocKind::Roster, roster.to_doc().expect("roster doc"));
    let journal_id = put(
        DocKind::Journal,
        journal_data.to_doc().expect("journal doc"),
    );

    let actor_hex = hex::encode(uuid::Uuid::now_v7().as_bytes());
    let staff = other.unwrap_or(teacher);
    let creds = Credentials {
        server: "http://127.0.0.1:9".into(),
        token: "test-token".into(),
        device: DeviceId::new(),
        actor: actor_hex.clone(),
        user: UserInfo {
            id: UserId::new(),
            login: "teacher".into(),
            display_name: "Иванова А. П.".into(),
            roles: vec![Role::Teacher],
            staff: Some(staff),
            guardian: None,
            student: None,
            grants: Vec::new(),
            children: Vec::new(),
        },
    };
    creds.save(&store).expect("credentials");

    Fixture {
        school: school_id,
        timetable: timetable_id,
        roster: roster_id,
        journal: journal_id,
        journal_data,
        teacher,
        class,
        subject,
        students,
        lessons: lesson_ids,
        date: day,
        actor_hex,
    }
}
