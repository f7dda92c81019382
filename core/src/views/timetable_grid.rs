//! The weekly timetable seen by class, by teacher or by room: one sheet per class, teacher or
//! room, rows = lesson numbers with their bell times, columns = the school's weekdays, in each
//! cell the lessons there. The printed timetable (XLSX, PDF) is drawn from it; a screen can
//! show the same.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::model::{full_name, weekday_from_number, weekday_ru, Slot};
use crate::rights::Cohort;

/// Whose timetable a sheet is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimetableBy {
    Class,
    Teacher,
    Room,
}

impl TimetableBy {
    /// `class`, `teacher`, `room` (as in `?by=`).
    pub fn parse(s: &str) -> Option<TimetableBy> {
        match s.trim() {
            "class" => Some(TimetableBy::Class),
            "teacher" => Some(TimetableBy::Teacher),
            "room" => Some(TimetableBy::Room),
            _ => None,
        }
    }

    /// `class`, `teacher`, `room`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimetableBy::Class => "class",
            TimetableBy::Teacher => "teacher",
            TimetableBy::Room => "room",
        }
    }

    /// «по классам», «по учителям», «по кабинетам».
    pub fn title_ru(self) -> &'static str {
        match self {
            TimetableBy::Class => "по классам",
            TimetableBy::Teacher => "по учителям",
            TimetableBy::Room => "по кабинетам",
        }
    }
}

/// One lesson in a cell, with every name a view may show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableEntry {
    pub subject: String,
    /// «5А».
    pub class: String,
    /// The group's name when the lesson is a group's («Англ. 1»).
    pub group: Option<String>,
    /// «Иванова А. П.»; a co-taught lesson's teachers, the lead first: «Иванова А. П.,
    /// Петрова С. И.».
    pub teacher: String,
    /// Empty when the timetable gives none.
    pub room: String,
}

impl TimetableEntry {
    /// «5А» or «5А, Англ. 1».
    pub fn cohort(&self) -> String {
        match &self.group {
            Some(g) => format!("{}, {g}", self.class),
            None => self.class.clone(),
        }
    }

    /// The lines printed in a cell, as fits the view: the class's sheet names the subject,
    /// group, teacher and room; the teacher's the class or group, subject and room; the
    /// room's the class or group, subject and teacher.
    pub fn lines(&self, by: TimetableBy) -> Vec<String> {
        let room = (!self.room.is_empty()).then(|| format!("каб. {}", self.room));
        let lines: Vec<Option<String>> = match by {
            TimetableBy::Class => vec![
                Some(self.subject.clone()),
                self.group.clone(),
                Some(self.teacher.clone()),
                room,
            ],
            TimetableBy::Teacher => vec![Some(self.cohort()), Some(self.subject.clone()), room],
            TimetableBy::Room => vec![
                Some(self.cohort()),
                Some(self.subject.clone()),
                Some(self.teacher.clone()),
            ],
        };
        lines
            .into_iter()
            .flatten()
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// One lesson number of the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableRow {
    pub number: u8,
    /// «08:30–09:15»; empty without a bell.
    pub time: String,
    /// One cell per weekday of [`TimetableBook::weekdays`], each with its lessons.
    pub cells: Vec<Vec<TimetableEntry>>,
}

/// The timetable of one class, teacher or room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableSheet {
    /// What `?id=` names: the class's or teacher's id, or the room as written.
    pub key: String,
    /// «5А», «Иванова А. П.», «201».
    pub label: String,
    /// «Класс 5А», «Учитель Иванова Анна Петровна», «Кабинет 201».
    pub title: String,
    pub rows: Vec<TimetableRow>,
}

impl TimetableSheet {
    /// Lessons on the sheet.
    pub fn lessons(&self) -> usize {
        self.rows.iter().flat_map(|r| &r.cells).map(Vec::len).sum()
    }
}

/// The timetable by class, teacher or room: what is printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableBook {
    pub by: TimetableBy,
    /// The school's name, as on its card.
    pub school: String,
    /// «2026/2027».
    pub year: String,
    /// Weekdays, Monday = 1: the school's week, and any day a lesson stands on.
    pub weekdays: Vec<u8>,
    /// «Понедельник» … for [`Self::weekdays`].
    pub day_names: Vec<String>,
    pub sheets: Vec<TimetableSheet>,
}

impl TimetableBook {
    /// «МБОУ «Школа № 5» — расписание уроков на 2026/2027 учебный год».
    pub fn heading(&self) -> String {
        let year = if self.year.is_empty() {
            String::new()
        } else {
            format!(" на {} учебный год", self.year)
        };
        if self.school.is_empty() {
            format!("Расписание уроков{year}")
        } else {
            format!("{} — расписание уроков{year}", self.school)
        }
    }
}

/// The timetable as sheets by `by`: every class of the timetable's year (by grade and
/// letter), every teacher with a lesson (by name), every room a lesson names (numbers in
/// order). `only` keeps the sheet whose key it is (none when nothing has that key).
pub fn timetable_book(
    school: &SchoolData,
    timetable: &TimetableData,
    by: TimetableBy,
    only: Option<&str>,
) -> TimetableBook {
    let slots: Vec<&Slot> = timetable.slots.values().collect();
    let mut sheets: Vec<(String, String, String, Vec<&Slot>)> = Vec::new();
    match by {
        TimetableBy::Class => {
            let mut classes: Vec<_> = school
                .classes
                .values()
                .filter(|c| c.year == timetable.year)
                .collect();
            classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
            for c in classes {
                let mine = slots
                    .iter()
                    .copied()
                    .filter(|s| s.cohort.class() == c.id)
                    .collect();
                sheets.push((
                    c.id.to_string(),
                    c.name(),
                    format!("Класс {}", c.name()),
                    mine,
                ));
            }
        }
        TimetableBy::Teacher => {
            // A co-taught lesson is on the sheet of each of its teachers.
            let ids: BTreeSet<_> = slots.iter().flat_map(|s| s.teachers()).collect();
            let mut teachers: Vec<_> = ids
                .into_iter()
                .map(|id| match school.staff.get(&id) {
                    Some(m) => (
                        full_name(&m.last_name, &m.first_name, &m.middle_name),
                        m.short_name(),
                        id,
                    ),
                    None => ("Учитель не найден".to_string(), "?".to_string(), id),
                })
                .collect();
            teachers.sort();
            for (full, short, id) in teachers {
                let mine = slots.iter().copied().filter(|s| s.taught_by(id)).collect();
                sheets.push((id.to_string(), short, format!("Учитель {full}"), mine));
            }
        }
        TimetableBy::Room => {
            let rooms: BTreeSet<&str> = slots
                .iter()
                .map(|s| s.room.trim())
                .filter(|r| !r.is_empty())
                .collect();
            let mut rooms: Vec<&str> = rooms.into_iter().collect();
            rooms.sort_by_key(|r| room_order(r));
            for room in rooms {
                let mine = slots
                    .iter()
                    .copied()
                    .filter(|s| s.room.trim() == room)
                    .collect();
                sheets.push((
                    room.to_string(),
                    room.to_string(),
                    format!("Кабинет {room}"),
                    mine,
                ));
            }
        }
    }
    if let Some(key) = only {
        sheets.retain(|(k, ..)| k == key.trim());
    }

    // Rows: the bells, and any number a lesson stands at; columns: the school's week.
    let bells: BTreeMap<u8, String> = school
        .bells
        .iter()
        .map(|b| (b.number, format!("{}–{}", b.start, b.end)))
        .collect();
    let mut numbers: BTreeSet<u8> = bells.keys().copied().collect();
    numbers.extend(slots.iter().map(|s| s.number));
    let week = if (5..=7).contains(&school.week_days) {
        school.week_days
    } else {
        5
    };
    let last = slots
        .iter()
        .map(|s| s.weekday.number_from_monday() as u8)
        .max()
        .unwrap_or(0)
        .max(week);
    let weekdays: Vec<u8> = (1..=last).collect();

    let entry = |s: &Slot| {
        let class = school
            .classes
            .get(&s.cohort.class())
            .map(|c| c.name())
            .unwrap_or_default();
        let group = match s.cohort {
            Cohort::Class(_) => None,
            Cohort::Group { group, .. } => Some(
                school
                    .groups
                    .get(&group)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
            ),
        };
        TimetableEntry {
            subject: {
                let name = school
                    .subjects
                    .get(&s.subject)
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                match crate::timetable_cycle::week_letter(s.week) {
                    "" => name,
                    w => format!("{name} (нед. {w})"),
                }
            },
            class,
            group,
            teacher: s
                .teachers()
                .filter_map(|t| school.staff.get(&t).map(|m| m.short_name()))
                .collect::<Vec<_>>()
                .join(", "),
            room: s.room.trim().to_string(),
        }
    };
    let sheets = sheets
        .into_iter()
        .map(|(key, label, title, mine)| {
            let rows = numbers
                .iter()
                .map(|&number| TimetableRow {
                    number,
                    time: bells.get(&number).cloned().unwrap_or_default(),
                    cells: weekdays
                        .iter()
                        .map(|&d| {
                            let mut cell: Vec<TimetableEntry> = mine
                                .iter()
                                .filter(|s| {
                                    s.number == number
                                        && s.weekday.number_from_monday() == u32::from(d)
                                })
                                .map(|s| entry(s))
                                .collect();
                            cell.sort_by(|a, b| {
                                (a.cohort(), &a.subject).cmp(&(b.cohort(), &b.subject))
                            });
                            cell
                        })
                        .collect(),
                })
                .collect();
            TimetableSheet {
                key,
                label,
                title,
                rows,
            }
        })
        .collect();
    TimetableBook {
        by,
        school: school.card.name.clone(),
        year: school
            .years
            .get(&timetable.year)
            .map(|y| y.title.clone())
            .unwrap_or_default(),
        day_names: weekdays
            .iter()
            .filter_map(|&d| weekday_from_number(d.into()))
            .map(|w| capitalised(weekday_ru(w)))
            .collect(),
        weekdays,
        sheets,
    }
}

/// Rooms in the order people expect: «12» before «101», numbers before names.
fn room_order(room: &str) -> (u8, u64, String) {
    let digits: String = room.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u64>() {
        Ok(n) => (0, n, room.to_string()),
        Err(_) => (1, 0, room.to_string()),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ClassId, GroupId, SlotId, StaffId, SubjectId, YearId};
    use crate::model::{AcademicYear, Bell, Class, Group, SlotWeek, StaffMember, Subject};
    use chrono::{NaiveDate, Weekday};

    fn school() -> (SchoolData, TimetableData) {
        let year = YearId::new();
        let mut s = SchoolData {
            week_days: 5,
            current_year: Some(year),
            ..SchoolData::default()
        };
        s.card.name = "Школа № 5".into();
        s.years.insert(
            year,
            AcademicYear {
                id: year,
                title: "2026/2027".into(),
                start: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                end: NaiveDate::from_ymd_opt(2027, 5, 31).unwrap(),
            },
        );
        s.bells = vec![
            Bell {
                number: 1,
                start: "08:30".into(),
                end: "09:15".into(),
            },
            Bell {
                number: 2,
                start: "09:25".into(),
                end: "10:10".into(),
            },
        ];
        let class = |grade, letter: &str| Class {
            id: ClassId::new(),
            year,
            grade,
            letter: letter.into(),
            class_teacher: None,
        };
        let (a, b) = (class(5, "Б"), class(5, "А"));
        let g = Group {
            id: GroupId::new(),
            class: b.id,
            name: "Англ. 1".into(),
        };
        let t = StaffMember {
            id: StaffId::new(),
            last_name: "Иванова".into(),
            first_name: "Анна".into(),
            middle_name: "Петровна".into(),
            position: String::new(),
        };
        let m = Subject {
            id: SubjectId::new(),
            name: "Математика".into(),
            grades: vec![5],
        };
        let e = Subject {
            id: SubjectId::new(),
            name: "Английский язык".into(),
            grades: vec![5],
        };
        let mut tt = TimetableData::new(year);
        for (weekday, number, cohort, subject, room) in [
            (Weekday::Mon, 1, Cohort::Class(b.id), m.id, "101"),
            (
                Weekday::Tue,
                2,
                Cohort::Group {
                    class: b.id,
                    group: g.id,
                },
                e.id,
                "12",
            ),
            (Weekday::Mon, 2, Cohort::Class(a.id), m.id, "101"),
        ] {
            let id = SlotId::new();
            tt.slots.insert(
                id,
                Slot {
                    id,
                    weekday,
                    number,
                    cohort,
                    subject,
                    teacher: t.id,
                    co_teachers: Vec::new(),
                    room: room.into(),
                    week: SlotWeek::Every,
                    version: None,
                },
            );
        }
        s.classes.insert(a.id, a);
        s.classes.insert(b.id, b);
        s.groups.insert(g.id, g);
        s.staff.insert(t.id, t);
        s.subjects.insert(m.id, m);
        s.subjects.insert(e.id, e);
        (s, tt)
    }

    #[test]
    fn sheets_by_class_teacher_and_room() {
        let (s, tt) = school();
        let by_class = timetable_book(&s, &tt, TimetableBy::Class, None);
        assert_eq!(
            by_class.heading(),
            "Школа № 5 — расписание уроков на 2026/2027 учебный год"
        );
        assert_eq!(by_class.day_names.len(), 5);
        assert_eq!(by_class.day_names[0], "Понедельник");
        let labels: Vec<&str> = by_class.sheets.iter().map(|x| x.label.as_str()).collect();
        assert_eq!(labels, vec!["5А", "5Б"]);
        let a = &by_class.sheets[0];
        assert_eq!(a.rows.len(), 2);
        assert_eq!(a.rows[0].time, "08:30–09:15");
        assert_eq!(
            a.rows[0].cells[0][0].lines(TimetableBy::Class),
            vec!["Математика", "Иванова А. П.", "каб. 101"]
        );
        assert_eq!(
            a.rows[1].cells[1][0].lines(TimetableBy::Class),
            vec!["Английский язык", "Англ. 1", "Иванова А. П.", "каб. 12"]
        );
        assert_eq!(a.lessons(), 2);

        let by_teacher = timetable_book(&s, &tt, TimetableBy::Teacher, None);
        assert_eq!(by_teacher.sheets.len(), 1);
        assert_eq!(by_teacher.sheets[0].title, "Учитель Иванова Анна Петровна");
        assert_eq!(by_teacher.sheets[0].lessons(), 3);
        assert_eq!(
            by_teacher.sheets[0].rows[1].cells[1][0].lines(TimetableBy::Teacher),
            vec!["5А, Англ. 1", "Английский язык", "каб. 12"]
        );

        let by_room = timetable_book(&s, &tt, TimetableBy::Room, None);
        let rooms: Vec<&str> = by_room.sheets.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(rooms, vec!["12", "101"], "numbers in order");
        assert_eq!(by_room.sheets[1].lessons(), 2);

        let one = timetable_book(&s, &tt, TimetableBy::Room, Some("101"));
        assert_eq!(one.sheets.len(), 1);
        assert!(timetable_book(&s, &tt, TimetableBy::Room, Some("999"))
            .sheets
            .is_empty());
    }

    #[test]
    fn a_co_taught_lesson_names_both_teachers_and_is_on_both_sheets() {
        let (mut s, mut tt) = school();
        let p = StaffMember {
            id: StaffId::new(),
            last_name: "Петрова".into(),
            first_name: "Светлана".into(),
            middle_name: "Ивановна".into(),
            position: String::new(),
        };
        let english = tt
            .slots
            .values_mut()
            .find(|x| matches!(x.cohort, Cohort::Group { .. }))
            .expect("the group's lesson");
        english.co_teachers = vec![p.id];
        s.staff.insert(p.id, p);
        let by_class = timetable_book(&s, &tt, TimetableBy::Class, None);
        assert_eq!(
            by_class.sheets[0].rows[1].cells[1][0].lines(TimetableBy::Class),
            vec![
                "Английский язык",
                "Англ. 1",
                "Иванова А. П., Петрова С. И.",
                "каб. 12"
            ]
        );
        let by_teacher = timetable_book(&s, &tt, TimetableBy::Teacher, None);
        let titles: Vec<&str> = by_teacher.sheets.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Учитель Иванова Анна Петровна",
                "Учитель Петрова Светлана Ивановна"
            ]
        );
        assert_eq!(by_teacher.sheets[0].lessons(), 3);
        assert_eq!(by_teacher.sheets[1].lessons(), 1, "the co-taught lesson");
        assert_eq!(
            by_teacher.sheets[1].rows[1].cells[1][0].lines(TimetableBy::Teacher),
            vec!["5А, Англ. 1", "Английский язык", "каб. 12"]
        );
    }
}
