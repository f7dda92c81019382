//! FET's CSV timetable export (`…_timetable.csv`) → [`TimetableSource`].
//!
//! FET writes one row per hour: a two-hour activity is two rows with the same «Activity Id».
//! Columns: "Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags",
//! "Room","Comments" (Russian headers are accepted too). Several teachers or student sets
//! are joined with `+`. The file is UTF-8 with a BOM; the delimiter (`,` or `;`) and quoting
//! vary: both are detected by [`read_csv`].

use std::collections::HashMap;

use crate::csv_read::{read_csv, CsvOptions};
use crate::error::{ImportError, RowError, RowProblem};
use crate::table::{Row, Table};
use crate::timetable::source::{
    parse_day, split_joined, SourceHour, SourceLesson, SourceWeek, TimetableSource,
};

/// The columns of FET's export this reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    ActivityId,
    Day,
    Hour,
    Students,
    Subject,
    Teachers,
    Room,
}

impl Column {
    const REQUIRED: [Column; 5] = [
        Column::Day,
        Column::Hour,
        Column::Students,
        Column::Subject,
        Column::Teachers,
    ];

    /// Header spellings, compared after [`zvonok_core::names::normalize`].
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::ActivityId => &[
                "activity id",
                "id занятия",
                "номер занятия",
                "занятие",
                "id",
            ],
            Column::Day => &["day", "день", "день недели"],
            Column::Hour => &["hour", "час", "урок", "время"],
            Column::Students => &[
                "students sets",
                "students set",
                "students",
                "группы студентов",
                "группы учеников",
                "ученики",
                "классы",
                "класс",
            ],
            Column::Subject => &["subject", "предмет", "дисциплина"],
            Column::Teachers => &[
                "teachers",
                "teacher",
                "преподаватели",
                "преподаватель",
                "учителя",
                "учитель",
            ],
            Column::Room => &["room", "rooms", "аудитория", "кабинет", "помещение"],
        }
    }

    /// The name shown in «нет столбца …».
    fn english(self) -> &'static str {
        self.aliases()[0]
    }
}

/// Reads FET's CSV timetable. File-level problems (encoding, quoting, missing columns) are an
/// [`ImportError`]; a bad row is a [`RowError`] and is left out.
pub fn read_fet_csv(bytes: &[u8], options: &CsvOptions) -> Result<TimetableSource, ImportError> {
    let read = read_csv(bytes, options)?;
    parse_table(&read.table)
}

fn find_columns(table: &Table) -> Result<HashMap<usize, Column>, ImportError> {
    let all = [
        Column::ActivityId,
        Column::Day,
        Column::Hour,
        Column::Students,
        Column::Subject,
        Column::Teachers,
        Column::Room,
    ];
    let mut found: HashMap<usize, Column> = HashMap::new();
    for (i, header) in table.headers.iter().enumerate() {
        let h = zvonok_core::names::normalize(header);
        let column = all.iter().find(|c| {
            c.aliases()
                .iter()
                .any(|a| zvonok_core::names::normalize(a) == h)
        });
        if let Some(c) = column {
            if let Some((&first, _)) = found.iter().find(|(_, v)| *v == c) {
                return Err(ImportError::DuplicateColumn {
                    first: table.headers[first].clone(),
                    second: header.clone(),
                });
            }
            found.insert(i, *c);
        }
    }
    let missing: Vec<String> = Column::REQUIRED
        .iter()
        .filter(|c| !found.values().any(|v| v == *c))
        .map(|c| c.english().to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns { missing });
    }
    Ok(found)
}

fn parse_table(table: &Table) -> Result<TimetableSource, ImportError> {
    let columns = find_columns(table)?;
    let index_of = |c: Column| columns.iter().find(|(_, v)| **v == c).map(|(i, _)| *i);
    let header_of = |c: Column| index_of(c).map(|i| table.headers[i].clone());
    let mut out = TimetableSource::default();
    // Hours seen so far per activity id: a two-hour activity's second row is index 1.
    let mut hours_seen: HashMap<String, u8> = HashMap::new();
    for row in table.rows.iter().filter(|r| !r.is_blank()) {
        let cell = |c: Column| {
            index_of(c)
                .map(|i| row.cell(i).display().trim().to_string())
                .unwrap_or_default()
        };
        let mut problems = Vec::new();
        let mut problem = |c: Column, p: RowProblem| problems.push((header_of(c), p));
        let day_text = cell(Column::Day);
        let day = parse_day(&day_text);
        if day.is_none() {
            problem(
                Column::Day,
                missing_or(
                    &day_text,
                    RowProblem::UnknownDay {
                        value: day_text.clone(),
                    },
                ),
            );
        }
        let hour_text = cell(Column::Hour);
        let hour = SourceHour::parse(&hour_text);
        if hour.is_none() {
            problem(
                Column::Hour,
                missing_or(
                    &hour_text,
                    RowProblem::BadHour {
                        value: hour_text.clone(),
                    },
                ),
            );
        }
        let students = split_joined(&cell(Column::Students));
        if students.is_empty() {
            problem(Column::Students, RowProblem::Missing);
        }
        let subject = cell(Column::Subject);
        if subject.is_empty() {
            problem(Column::Subject, RowProblem::Missing);
        }
        let teachers = split_joined(&cell(Column::Teachers));
        if teachers.is_empty() {
            problem(Column::Teachers, RowProblem::Missing);
        }
        if !problems.is_empty() {
            out.errors
                .extend(problems.into_iter().map(|(column, problem)| RowError {
                    row: row.number,
                    column,
                    problem,
                }));
            continue;
        }
        let (Some(day), Some(hour)) = (day, hour) else {
            continue;
        };
        let activity_id = activity_id(row, &cell(Column::ActivityId));
        let seen = hours_seen.entry(activity_id.clone()).or_insert(0);
        let duration_index = *seen;
        *seen = seen.saturating_add(1);
        out.activities.push(SourceLesson {
            row: row.number,
            activity_id,
            day,
            hour,
            duration_index,
            students,
            subject,
            teachers,
            room: cell(Column::Room),
            week: SourceWeek::Every,
        });
    }
    Ok(out)
}

/// The activity id of a row; a row without one is an activity of its own.
fn activity_id(row: &Row, written: &str) -> String {
    if written.is_empty() {
        format!("строка {}", row.number)
    } else {
        written.to_string()
    }
}

fn missing_or(text: &str, problem: RowProblem) -> RowProblem {
    if text.is_empty() {
        RowProblem::Missing
    } else {
        problem
    }
}
