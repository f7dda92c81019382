//! FET's `…_data_and_timetable.fet` XML → [`TimetableSource`].
//!
//! The file has the data (`<Days_List>`, `<Hours_List>`, `<Students_List>` of years → groups
//! → subgroups, `<Activities_List>` with `<Teacher>`s, `<Subject>`, `<Students>`, `<Duration>`,
//! `<Id>`) and the timetable as constraints: `<ConstraintActivityPreferredStartingTime>`
//! (`<Activity_Id>`, `<Preferred_Day>`, `<Preferred_Hour>`, weight 100) places an activity,
//! `<ConstraintActivityPreferredRoom>` gives its room. A day or an hour is a name from the
//! lists: its position there is what counts (the first day is Monday; an hour named neither by
//! number nor by time is the lesson at its position). An activity of N hours takes N
//! consecutive hours from its start. Inactive activities and constraints are skipped.
//! Row numbers of errors are lines of the XML file.

use std::collections::{BTreeMap, HashMap};

use chrono::Weekday;
use roxmltree::{Document, Node};

use crate::encoding::decode;
use crate::error::{ImportError, RowError, RowProblem};
use crate::timetable::source::{parse_day, SourceHour, SourceLesson, SourceWeek, TimetableSource};

/// Reads a FET file. Bytes that are not XML, or XML without `<fet>`, are an [`ImportError`];
/// an activity that cannot be placed is a [`RowError`] at its line.
pub fn read_fet_xml(bytes: &[u8]) -> Result<TimetableSource, ImportError> {
    let text = decode(bytes, None)?.text;
    let doc = Document::parse(&text).map_err(|e| ImportError::BadXml(e.to_string()))?;
    let root = doc.root_element();
    if !root.has_tag_name("fet") {
        return Err(ImportError::NotFet);
    }
    let line = |n: Node| doc.text_pos_at(n.range().start).row;
    let days = names_in(child(root, "Days_List"), "Day");
    let hours = names_in(child(root, "Hours_List"), "Hour");
    let mut out = TimetableSource::default();
    if let Some(students) = child(root, "Students_List") {
        collect_parents(students, None, &mut out.parents);
    }

    // Placements and rooms by activity id (the first active one of weight 100 wins).
    let mut placed: HashMap<String, (Node, String, String)> = HashMap::new();
    let mut placements_in_order = Vec::new();
    for c in constraints(
        root,
        "Time_Constraints_List",
        "ConstraintActivityPreferredStartingTime",
    ) {
        let id = text_of(c, "Activity_Id");
        if let std::collections::hash_map::Entry::Vacant(slot) = placed.entry(id.clone()) {
            placements_in_order.push(id);
            slot.insert((c, text_of(c, "Preferred_Day"), text_of(c, "Preferred_Hour")));
        }
    }
    let mut rooms: HashMap<String, String> = HashMap::new();
    for c in constraints(
        root,
        "Space_Constraints_List",
        "ConstraintActivityPreferredRoom",
    ) {
        rooms
            .entry(text_of(c, "Activity_Id"))
            .or_insert_with(|| text_of(c, "Room"));
    }

    let mut known = std::collections::HashSet::new();
    for activity in child(root, "Activities_List")
        .into_iter()
        .flat_map(|l| l.children().filter(|n| n.has_tag_name("Activity")))
    {
        let id = text_of(activity, "Id");
        known.insert(id.clone());
        if text_of(activity, "Active") == "false" {
            continue;
        }
        let row = line(activity);
        let error = |column: &str, problem: RowProblem| RowError {
            row,
            column: Some(column.to_string()),
            problem,
        };
        let all = |tag: &str| -> Vec<String> {
            activity
                .children()
                .filter(|n| n.has_tag_name(tag))
                .filter_map(|n| n.text())
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let (teachers, students, subject) = (
            all("Teacher"),
            all("Students"),
            text_of(activity, "Subject"),
        );
        let mut problems = Vec::new();
        if subject.is_empty() {
            problems.push(error("Subject", RowProblem::Missing));
        }
        if teachers.is_empty() {
            problems.push(error("Teacher", RowProblem::Missing));
        }
        if students.is_empty() {
            problems.push(error("Students", RowProblem::Missing));
        }
        let duration_text = text_of(activity, "Duration");
        let duration = duration_text
            .parse::<u8>()
            .ok()
            .filter(|d| (1..=12).contains(d));
        if duration.is_none() {
            problems.push(error(
                "Duration",
                RowProblem::BadDuration {
                    value: duration_text,
                },
            ));
        }
        let Some((_, day_name, hour_name)) = placed.get(&id) else {
            problems.push(RowError {
                row,
                column: None,
                problem: RowProblem::NotPlaced {
                    activity: id.clone(),
                },
            });
            out.errors.extend(problems);
            continue;
        };
        let day = day_at(&days, day_name);
        if day.is_none() {
            problems.push(error(
                "Preferred_Day",
                RowProblem::UnknownDay {
                    value: day_name.clone(),
                },
            ));
        }
        let start = hours.iter().position(|h| h == hour_name);
        if start.is_none() {
            problems.push(error(
                "Preferred_Hour",
                RowProblem::BadHour {
                    value: hour_name.clone(),
                },
            ));
        }
        let (Some(day), Some(start), Some(duration), true) =
            (day, start, duration, problems.is_empty())
        else {
            out.errors.extend(problems);
            continue;
        };
        if start + usize::from(duration) > hours.len() {
            out.errors.push(RowError {
                row,
                column: Some("Duration".into()),
                problem: RowProblem::PastLastHour {
                    activity: id,
                    duration,
                    hour: hour_name.clone(),
                },
            });
            continue;
        }
        for k in 0..duration {
            let position = start + usize::from(k);
            let hour = SourceHour::parse(&hours[position]).unwrap_or(SourceHour::Number(
                u8::try_from(position + 1).unwrap_or(u8::MAX),
            ));
            out.activities.push(SourceLesson {
                row,
                activity_id: id.clone(),
                day,
                hour,
                duration_index: k,
                students: students.clone(),
                subject: subject.clone(),
                teachers: teachers.clone(),
                room: rooms.get(&id).cloned().unwrap_or_default(),
                week: SourceWeek::Every,
            });
        }
    }
    for id in placements_in_order
        .into_iter()
        .filter(|id| !known.contains(id))
    {
        let (node, ..) = placed[&id];
        out.errors.push(RowError {
            row: line(node),
            column: Some("Activity_Id".into()),
            problem: RowProblem::UnknownActivity { activity: id },
        });
    }
    out.errors.sort_by_key(|e| e.row);
    Ok(out)
}

/// The weekday of a FET day name: its position in `<Days_List>` (first = Monday), or, for a
/// file without the list, the name itself read as a day.
fn day_at(days: &[String], name: &str) -> Option<Weekday> {
    if days.is_empty() {
        return parse_day(name);
    }
    let position = days.iter().position(|d| d == name)?;
    let n = i64::try_from(position + 1).ok()?;
    zvonok_core::model::weekday_from_number(n)
}

fn child<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(tag))
}

/// Trimmed text of the first `tag` child; empty when absent.
fn text_of(node: Node, tag: &str) -> String {
    child(node, tag)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

/// Names of a FET list: `<Day><Name>…</Name></Day>` (FET 5 and later) or bare `<Name>`
/// children (older files).
fn names_in(list: Option<Node>, item: &str) -> Vec<String> {
    let Some(list) = list else {
        return Vec::new();
    };
    list.children()
        .filter_map(|n| {
            if n.has_tag_name(item) {
                Some(text_of(n, "Name"))
            } else if n.has_tag_name("Name") {
                n.text().map(|t| t.trim().to_string())
            } else {
                None
            }
        })
        .collect()
}

/// Active constraints of weight 100 named `tag` inside the list `list`.
fn constraints<'a, 'i>(root: Node<'a, 'i>, list: &str, tag: &'a str) -> Vec<Node<'a, 'i>> {
    child(root, list)
        .into_iter()
        .flat_map(move |l| l.children().filter(move |n| n.has_tag_name(tag)))
        .filter(|n| text_of(*n, "Active") != "false")
        .filter(|n| {
            let w = text_of(*n, "Weight_Percentage");
            w.is_empty() || w.parse::<f64>().is_ok_and(|w| w >= 100.0)
        })
        .collect()
}

/// Years → groups → subgroups: each set's name → its parent's name.
fn collect_parents(node: Node, parent: Option<&str>, out: &mut BTreeMap<String, String>) {
    for set in node
        .children()
        .filter(|n| n.has_tag_name("Year") || n.has_tag_name("Group") || n.has_tag_name("Subgroup"))
    {
        let name = text_of(set, "Name");
        if let Some(p) = parent {
            out.entry(name.clone()).or_insert_with(|| p.to_string());
        }
        collect_parents(set, Some(&name), out);
    }
}
