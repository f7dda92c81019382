//! Reading the CLI's JSON in scenarios: finding a lesson to write into, the journal grid, a
//! student's summary. Shapes follow `zvonok_client` (`TodayLesson`, `JournalGrid`,
//! `SummaryView`) and `zvonok_core::projection::StudentSummary`.

use chrono::{Days, NaiveDate};

use serde_json::Value;

use crate::Device;

/// The device's notion of today (the CLI uses local time).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `n` days from `from` on (`forward`) or back from it, `from` included.
pub fn days_from(from: NaiveDate, n: u64, forward: bool) -> impl Iterator<Item = NaiveDate> {
    (0..n).filter_map(move |i| {
        if forward {
            from.checked_add_days(Days::new(i))
        } else {
            from.checked_sub_days(Days::new(i))
        }
    })
}

/// A lesson of the user's timetable that has a journal lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonAt {
    pub date: NaiveDate,
    pub number: u8,
    pub class: String,
    pub subject: String,
    pub journal: String,
    pub lesson: String,
}

impl LessonAt {
    pub fn date_arg(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }
    pub fn number_arg(&self) -> String {
        self.number.to_string()
    }
}

fn s(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The first lesson of the device's user in `class` (and `subject`, if given) on one of
/// `dates`, in that order, found with `today --date D --json`, that lies in the current study
/// period (the period `journal <class> <subject>` opens by default, and the parent's summary
/// shows).
pub fn find_lesson(
    dev: &Device,
    class: &str,
    subject: Option<&str>,
    dates: impl IntoIterator<Item = NaiveDate>,
) -> Option<LessonAt> {
    let mut bounds: Vec<(String, NaiveDate, NaiveDate)> = Vec::new();
    for date in dates {
        let list = dev.json(&["today", "--date", &date.format("%Y-%m-%d").to_string()]);
        for l in list.as_array().into_iter().flatten() {
            let (cohort, subj) = (s(l, "cohort_name"), s(l, "subject_name"));
            if cohort != class || subject.is_some_and(|x| x != subj) {
                continue;
            }
            let (Some(journal), Some(lesson)) = (l["journal"].as_str(), l["lesson"].as_str())
            else {
                continue;
            };
            let (start, end) = match bounds.iter().find(|(k, ..)| *k == subj) {
                Some((_, a, b)) => (*a, *b),
                None => {
                    let g = grid(dev, class, &subj);
                    let a: NaiveDate = s(&g, "start").parse().ok()?;
                    let b: NaiveDate = s(&g, "end").parse().ok()?;
                    bounds.push((subj.clone(), a, b));
                    (a, b)
                }
            };
            if date < start || date > end {
                continue;
            }
            return Some(LessonAt {
                date,
                number: l["number"].as_u64().and_then(|n| u8::try_from(n).ok())?,
                class: cohort,
                subject: subj,
                journal: journal.to_string(),
                lesson: lesson.to_string(),
            });
        }
    }
    None
}

/// `journal <class> <subject> --json` (the current period).
pub fn grid(dev: &Device, class: &str, subject: &str) -> Value {
    dev.json(&["journal", class, subject])
}

/// A mark as both the grid and the summary can show it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub date: String,
    pub value: String,
    pub kind: String,
    pub weight: u8,
    pub comment: String,
}

impl Mark {
    pub fn new(date: NaiveDate, value: &str, kind: &str, weight: u8, comment: &str) -> Mark {
        Mark {
            date: date.format("%Y-%m-%d").to_string(),
            value: value.into(),
            kind: kind.into(),
            weight,
            comment: comment.into(),
        }
    }

    fn from_json(date: String, m: &Value) -> Mark {
        Mark {
            date,
            value: s(m, "value"),
            kind: s(m, "kind"),
            weight: m["weight"]
                .as_u64()
                .and_then(|w| u8::try_from(w).ok())
                .unwrap_or(0),
            comment: s(m, "comment"),
        }
    }
}

/// The grid row of a student (by id).
pub fn grid_row<'a>(grid: &'a Value, student: &str) -> &'a Value {
    grid["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["student"] == student))
        .unwrap_or_else(|| panic!("student {student} is not in the journal {}", grid["title"]))
}

/// Every mark of a student in a grid, sorted.
pub fn grid_marks(grid: &Value, student: &str) -> Vec<Mark> {
    let dates: std::collections::HashMap<&str, String> = grid["lessons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| Some((l["id"].as_str()?, s(l, "date"))))
        .collect();
    let mut out: Vec<Mark> = grid_row(grid, student)["cells"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| {
            let date = c["lesson"]
                .as_str()
                .and_then(|l| dates.get(l))
                .cloned()
                .unwrap_or_default();
            c["marks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |m| Mark::from_json(date.clone(), m))
        })
        .collect();
    out.sort();
    out
}

/// The attendance code of a student in a lesson of a grid.
pub fn grid_attendance(grid: &Value, student: &str, lesson: &str) -> Option<String> {
    grid_row(grid, student)["cells"]
        .as_array()?
        .iter()
        .find(|c| c["lesson"] == lesson)?
        .get("attendance")?
        .as_str()
        .map(str::to_string)
}

/// The subject entry of a `summary --json` output (`SummaryView`), by subject name.
pub fn summary_subject<'a>(view: &'a Value, subject: &str) -> Option<&'a Value> {
    view["summary"]["subjects"]
        .as_array()?
        .iter()
        .find(|x| x["name"] == subject)
}

/// Every mark of a summary subject, sorted.
pub fn summary_marks(subject: &Value) -> Vec<Mark> {
    let mut out: Vec<Mark> = subject["marks"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| Mark::from_json(s(m, "date"), m))
        .collect();
    out.sort();
    out
}

/// The weighted average (hundredths) `zvonok_core` computes for these marks.
pub fn expected_average(marks: &[Mark]) -> Option<u32> {
    zvonok_core::marks::weighted_average_centi(marks.iter().filter_map(|m| {
        Some((
            m.value.parse::<zvonok_core::marks::MarkValue>().ok()?,
            m.weight,
        ))
    }))
}

/// `children --json` entries as (id, name, class).
pub fn children(dev: &Device) -> Vec<(String, String, String)> {
    dev.json(&["children"])
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (s(c, "id"), s(c, "name"), s(c, "class_name")))
        .collect()
}

/// A movement order of one student («Ученик Тестовый»), numbered and dated as given.
pub fn order(
    number: &str,
    date: NaiveDate,
    kind: zvonok_core::doc::movement::OrderKind,
    student: zvonok_core::ids::StudentId,
) -> zvonok_core::doc::movement::Order {
    let mut students = std::collections::BTreeMap::new();
    students.insert(student, "Ученик Тестовый".to_string());
    zvonok_core::doc::movement::Order {
        id: zvonok_core::ids::OrderId::new(),
        number: number.into(),
        date,
        kind,
        students,
        note: String::new(),
    }
}
