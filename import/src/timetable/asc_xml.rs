//! aSc Timetables' XML export → [`TimetableSource`].
//!
//! The file is `<timetable>` with lists of definitions and the timetable itself:
//! `<periods>` (`period` = the lesson number, `starttime`, `endtime`), `<daysdefs>` and
//! `<weeksdefs>` (named bit strings), `<subjects>`, `<teachers>`, `<classrooms>`, `<classes>`,
//! `<groups>` (per class; `entireclass="1"` or «Весь класс» / «Entire class» is the whole
//! class), `<lessons>` (a subject for classes or groups with teachers, `periodspercard` hours a
//! card, by comma-separated `classids`, `groupids`, `teacherids`, `classroomids`) and `<cards>`
//! (a lesson placed at a `period` on `days` and `weeks` given as bit strings: `days="01000"`
//! is Tuesday, `weeks="10"` week A of two). A card without `days`/`weeks` takes them from its
//! lesson's `daysdefid`/`weeksdefid`. Ids are not stable between exports: they only link the
//! parts of one file.
//!
//! The encoding is the one the XML declaration names (often `windows-1251`), unless a byte
//! order mark says otherwise. Element and attribute names are compared in any case (aSc's
//! versions differ). Row numbers of errors are lines of the XML file: an unknown id is an
//! error at the line that names it; the lesson's cards are then left out.

use std::collections::HashMap;

use chrono::Weekday;
use roxmltree::{Document, Node};

use crate::encoding::decode_xml;
use crate::error::{ImportError, RowError, RowProblem};
use crate::timetable::source::{SourceHour, SourceLesson, SourceWeek, TimetableSource};

/// Reads an aSc Timetables XML export. Bytes that are not XML, or XML without
/// `<timetable>`, are an [`ImportError`]; a lesson or card that cannot be read is a
/// [`RowError`] at its line.
pub fn read_asc_xml(bytes: &[u8]) -> Result<TimetableSource, ImportError> {
    let text = decode_xml(bytes)?;
    let doc = Document::parse(&text).map_err(|e| ImportError::BadAscXml(e.to_string()))?;
    let root = doc.root_element();
    if !root.tag_name().name().eq_ignore_ascii_case("timetable") {
        return Err(ImportError::NotAsc);
    }
    let line = |n: Node| doc.text_pos_at(n.range().start).row;
    let defs = Definitions::read(root);
    let mut out = TimetableSource::default();

    let mut lessons: HashMap<String, Option<Lesson>> = HashMap::new();
    for node in items(root, "lessons", "lesson") {
        let id = attr(node, "id").to_string();
        let lesson = defs.lesson(node, line(node), &mut out.errors);
        lessons.insert(id, lesson);
    }

    let mut placed: Vec<Placed> = Vec::new();
    for card in items(root, "cards", "card") {
        let row = line(card);
        let error = |column: &str, problem: RowProblem| RowError {
            row,
            column: Some(column.to_string()),
            problem,
        };
        let lesson_id = attr_any(card, &["lessonid", "lesson"]).to_string();
        if lesson_id.is_empty() {
            out.errors.push(error("lessonid", RowProblem::Missing));
            continue;
        }
        let Some(lesson) = lessons.get(&lesson_id) else {
            out.errors.push(error(
                "lessonid",
                RowProblem::UnknownActivity {
                    activity: lesson_id,
                },
            ));
            continue;
        };
        // A lesson with an error was reported at its own line.
        let Some(lesson) = lesson else { continue };

        let mut problems = Vec::new();
        let period_text = attr(card, "period");
        let period = period_text.parse::<u8>().ok();
        if period.is_none() {
            problems.push(error(
                "period",
                if period_text.is_empty() {
                    RowProblem::Missing
                } else {
                    RowProblem::BadHour {
                        value: period_text.to_string(),
                    }
                },
            ));
        }
        let days_text = match attr(card, "days") {
            "" => lesson.days.as_str(),
            d => d,
        };
        let days = parse_days(days_text);
        if days.is_none() {
            problems.push(error(
                "days",
                if days_text.is_empty() {
                    RowProblem::Missing
                } else {
                    RowProblem::BadDays {
                        value: days_text.to_string(),
                    }
                },
            ));
        }
        let weeks_text = match attr(card, "weeks") {
            "" => lesson.weeks.as_str(),
            w => w,
        };
        let week = parse_weeks(weeks_text);
        if week.is_none() {
            problems.push(error(
                "weeks",
                RowProblem::BadWeeks {
                    value: weeks_text.to_string(),
                },
            ));
        }
        let card_rooms = ids(attr(card, "classroomids"));
        let mut rooms = Vec::new();
        for id in &card_rooms {
            match defs.rooms.get(*id) {
                Some(name) => rooms.push(name.clone()),
                None => problems.push(error("classroomids", unknown("Кабинета", id))),
            }
        }
        let (Some(period), Some(days), Some(week), true) =
            (period, days, week, problems.is_empty())
        else {
            out.errors.extend(problems);
            continue;
        };
        let room = if card_rooms.is_empty() {
            lesson.room.clone()
        } else {
            rooms.join(", ")
        };
        for day in days {
            placed.push(Placed {
                lesson: lesson_id.clone(),
                week,
                day,
                period,
                row,
                room: room.clone(),
            });
        }
    }

    // aSc writes a lesson of several hours as one card, or as one card per hour: a card at an
    // hour an earlier card of the same lesson already covers continues it.
    placed.sort_by(|a, b| {
        let key = |p: &Placed| (p.week, p.day.number_from_monday(), p.period);
        a.lesson.cmp(&b.lesson).then(key(a).cmp(&key(b)))
    });
    let mut covered: Option<(&str, SourceWeek, Weekday, u8)> = None;
    for p in &placed {
        let Some(Some(lesson)) = lessons.get(&p.lesson) else {
            continue;
        };
        if let Some((l, w, d, until)) = covered {
            if (l, w, d) == (p.lesson.as_str(), p.week, p.day) && p.period < until {
                continue;
            }
        }
        let until = p.period.saturating_add(lesson.duration);
        covered = Some((p.lesson.as_str(), p.week, p.day, until));
        for (k, number) in (p.period..until).enumerate() {
            out.activities.push(SourceLesson {
                row: p.row,
                activity_id: p.lesson.clone(),
                day: p.day,
                hour: SourceHour::Number(number),
                duration_index: k as u8,
                students: lesson.students.clone(),
                subject: lesson.subject.clone(),
                teachers: lesson.teachers.clone(),
                room: p.room.clone(),
                week: p.week,
            });
        }
    }
    out.activities.sort_by_key(|l| {
        (
            l.row,
            l.day.number_from_monday(),
            match l.hour {
                SourceHour::Number(n) => n,
                SourceHour::Times { .. } => 0,
            },
        )
    });
    out.errors.sort_by_key(|e| e.row);
    Ok(out)
}

/// A card on one day, before a lesson of several hours is spread over them.
struct Placed {
    lesson: String,
    week: SourceWeek,
    day: Weekday,
    period: u8,
    row: u32,
    room: String,
}

/// A lesson of the file with its ids resolved to names.
struct Lesson {
    students: Vec<String>,
    subject: String,
    teachers: Vec<String>,
    /// The lesson's own room when it names exactly one (a card's rooms come first).
    room: String,
    /// Hours a card takes (`periodspercard`, in old files `durationperiods`).
    duration: u8,
    /// Bit strings of the lesson's `daysdefid` / `weeksdefid`, for cards without their own.
    days: String,
    weeks: String,
}

/// A group of a class.
struct Group {
    class: String,
    name: String,
    entire: bool,
}

/// The named lists of the file, by id.
#[derive(Default)]
struct Definitions {
    subjects: HashMap<String, String>,
    teachers: HashMap<String, String>,
    rooms: HashMap<String, String>,
    classes: HashMap<String, String>,
    groups: HashMap<String, Group>,
    days: HashMap<String, String>,
    weeks: HashMap<String, String>,
}

impl Definitions {
    fn read(root: Node) -> Definitions {
        let named = |list: &'static str, item: &'static str| -> HashMap<String, String> {
            items(root, list, item)
                .map(|n| {
                    let name = match attr(n, "name") {
                        "" => attr(n, "short"),
                        name => name,
                    };
                    (attr(n, "id").to_string(), name.to_string())
                })
                .collect()
        };
        let bits =
            |list: &'static str, item: &'static str, field: &str| -> HashMap<String, String> {
                items(root, list, item)
                    .map(|n| (attr(n, "id").to_string(), attr(n, field).to_string()))
                    .collect()
            };
        Definitions {
            subjects: named("subjects", "subject"),
            teachers: items(root, "teachers", "teacher")
                .map(|n| (attr(n, "id").to_string(), teacher_name(n)))
                .collect(),
            rooms: named("classrooms", "classroom"),
            classes: named("classes", "class"),
            groups: items(root, "groups", "group")
                .map(|n| {
                    let name = attr(n, "name").to_string();
                    let entire = attr(n, "entireclass") == "1" || is_entire_class(&name);
                    let group = Group {
                        class: attr(n, "classid").to_string(),
                        name,
                        entire,
                    };
                    (attr(n, "id").to_string(), group)
                })
                .collect(),
            days: bits("daysdefs", "daysdef", "days"),
            weeks: bits("weeksdefs", "weeksdef", "weeks"),
        }
    }

    /// Resolves a `<lesson>`; `None` (with its errors pushed) when it names something the
    /// file lacks or lacks what it needs.
    fn lesson(&self, node: Node, row: u32, errors: &mut Vec<RowError>) -> Option<Lesson> {
        let before = errors.len();
        let mut error = |column: &str, problem: RowProblem| {
            errors.push(RowError {
                row,
                column: Some(column.to_string()),
                problem,
            })
        };
        let subject_id = attr(node, "subjectid");
        let subject = match self.subjects.get(subject_id) {
            _ if subject_id.is_empty() => {
                error("subjectid", RowProblem::Missing);
                String::new()
            }
            Some(name) => name.clone(),
            None => {
                error("subjectid", unknown("Предмета", subject_id));
                String::new()
            }
        };
        let mut teachers = Vec::new();
        let teacher_ids = ids(attr(node, "teacherids"));
        if teacher_ids.is_empty() {
            error("teacherids", RowProblem::Missing);
        }
        for id in teacher_ids {
            match self.teachers.get(id) {
                Some(name) => teachers.push(name.clone()),
                None => error("teacherids", unknown("Учителя", id)),
            }
        }

        // Classes, and the groups of them the lesson is for.
        let class_ids = ids(attr(node, "classids"));
        let group_ids = ids(attr(node, "groupids"));
        let mut groups = Vec::new();
        for id in &group_ids {
            match self.groups.get(*id) {
                Some(g) if self.classes.contains_key(&g.class) => groups.push(g),
                Some(g) => error("groupids", unknown("Класса", &g.class)),
                None => error("groupids", unknown("Группы", id)),
            }
        }
        let mut students = Vec::new();
        let mut push = |s: String| {
            if !students.contains(&s) {
                students.push(s);
            }
        };
        for id in &class_ids {
            let Some(class) = self.classes.get(*id) else {
                error("classids", unknown("Класса", id));
                continue;
            };
            let parts: Vec<&&Group> = groups
                .iter()
                .filter(|g| g.class == *id && !g.entire)
                .collect();
            if parts.is_empty() {
                push(class.clone());
            }
            for g in parts {
                push(format!("{class} {}", g.name));
            }
        }
        // Groups of classes the lesson does not list (old exports leave `classids` empty).
        for g in &groups {
            if class_ids.contains(&g.class.as_str()) {
                continue;
            }
            let class = self.classes[&g.class].clone();
            push(if g.entire {
                class
            } else {
                format!("{class} {}", g.name)
            });
        }
        if class_ids.is_empty() && group_ids.is_empty() {
            error("classids", RowProblem::Missing);
        }

        let room_ids = ids(attr(node, "classroomids"));
        let room = match room_ids.as_slice() {
            [one] => match self.rooms.get(*one) {
                Some(name) => name.clone(),
                None => {
                    error("classroomids", unknown("Кабинета", one));
                    String::new()
                }
            },
            _ => String::new(),
        };

        let duration_text = attr_any(node, &["periodspercard", "durationperiods"]);
        let duration = if duration_text.is_empty() {
            Some(1)
        } else {
            duration_text
                .parse::<f32>()
                .ok()
                .filter(|d| d.fract() == 0.0 && (1.0..=12.0).contains(d))
                .map(|d| d as u8)
        };
        if duration.is_none() {
            error(
                "periodspercard",
                RowProblem::BadDuration {
                    value: duration_text.to_string(),
                },
            );
        }
        let mut def = |map: &HashMap<String, String>, column: &str, what: &str| -> String {
            let id = attr(node, column);
            match map.get(id) {
                Some(bits) => bits.clone(),
                None if id.is_empty() => String::new(),
                None => {
                    error(column, unknown(what, id));
                    String::new()
                }
            }
        };
        let days = def(&self.days, "daysdefid", "Набора дней");
        let weeks = def(&self.weeks, "weeksdefid", "Набора недель");
        if errors.len() > before {
            return None;
        }
        Some(Lesson {
            students,
            subject,
            teachers,
            room,
            duration: duration.unwrap_or(1),
            days,
            weeks,
        })
    }
}

fn unknown(what: &str, id: &str) -> RowProblem {
    RowProblem::UnknownRef {
        what: what.to_string(),
        id: id.to_string(),
    }
}

/// «Фамилия Имя Отчество» from `lastname` + `firstname` when both are given (aSc keeps the
/// first and middle names together), else `name`, else `short`.
fn teacher_name(n: Node) -> String {
    let (last, first) = (attr(n, "lastname"), attr(n, "firstname"));
    if !last.is_empty() && !first.is_empty() {
        return format!("{last} {first}");
    }
    [attr(n, "name"), last, attr(n, "short")]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .to_string()
}

/// aSc's name of the group that is the whole class, in the languages a Russian school meets.
fn is_entire_class(name: &str) -> bool {
    let n = zvonok_core::names::normalize(name);
    [
        "весь класс",
        "целый класс",
        "весь клас",
        "entire class",
        "whole class",
    ]
    .iter()
    .any(|e| zvonok_core::names::normalize(e) == n)
}

/// `days="0100000"` → Tuesday; several ones → several days. `None` for an empty string, one
/// without a one, or alternatives («10000,01000»: a lesson not placed on a day).
fn parse_days(bits: &str) -> Option<Vec<Weekday>> {
    let bits = bits.trim();
    if bits.is_empty() || !bits.chars().all(|c| c == '0' || c == '1') {
        return None;
    }
    let days: Vec<Weekday> = bits
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '1')
        .filter_map(|(i, _)| zvonok_core::model::weekday_from_number(i as i64 + 1))
        .collect();
    (!days.is_empty() && bits.len() <= 7).then_some(days)
}

/// `weeks`: empty or all ones → every week; «10» → week A; «01» → week B.
fn parse_weeks(bits: &str) -> Option<SourceWeek> {
    let bits = bits.trim();
    if bits.chars().all(|c| c == '1') {
        return Some(SourceWeek::Every);
    }
    match bits {
        "10" => Some(SourceWeek::First),
        "01" => Some(SourceWeek::Second),
        _ => None,
    }
}

/// «a,b, c» → ["a", "b", "c"]; blanks dropped.
fn ids(list: &str) -> Vec<&str> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The trimmed value of an attribute, its name in any case; empty when absent.
fn attr<'a>(node: Node<'a, '_>, name: &str) -> &'a str {
    node.attributes()
        .find(|a| a.name().eq_ignore_ascii_case(name))
        .map_or("", |a| a.value().trim())
}

/// The first of `names` the node has.
fn attr_any<'a>(node: Node<'a, '_>, names: &[&str]) -> &'a str {
    names
        .iter()
        .map(|n| attr(node, n))
        .find(|v| !v.is_empty())
        .unwrap_or("")
}

/// The `item` elements of the root's `list` element, names in any case.
fn items<'a, 'i>(
    root: Node<'a, 'i>,
    list: &'static str,
    item: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    root.children()
        .filter(move |n| n.tag_name().name().eq_ignore_ascii_case(list))
        .flat_map(move |l| {
            l.children()
                .filter(move |n| n.tag_name().name().eq_ignore_ascii_case(item))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_and_week_bits() {
        assert_eq!(parse_days("01000"), Some(vec![Weekday::Tue]));
        assert_eq!(parse_days("100001"), Some(vec![Weekday::Mon, Weekday::Sat]));
        for bad in ["", "00000", "10000,01000", "1x000"] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
        assert_eq!(parse_weeks(""), Some(SourceWeek::Every));
        assert_eq!(parse_weeks("1"), Some(SourceWeek::Every));
        assert_eq!(parse_weeks("11"), Some(SourceWeek::Every));
        assert_eq!(parse_weeks("10"), Some(SourceWeek::First));
        assert_eq!(parse_weeks("01"), Some(SourceWeek::Second));
        assert_eq!(parse_weeks("00"), None);
        assert_eq!(parse_weeks("10,01"), None);
    }

    #[test]
    fn entire_class_names() {
        assert!(is_entire_class("Весь  класс"));
        assert!(is_entire_class("Entire class"));
        assert!(!is_entire_class("1 группа"));
    }
}
