//! The format-neutral table every reader produces: a header and data rows that keep the row
//! numbers the user sees in Excel.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One cell value. CSV gives only text; XLSX also gives numbers and dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    /// A text cell, or `Empty` for blank text.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// Empty, or text of only spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Number(_) | Cell::Date(_) => false,
        }
    }

    /// The value as the user sees it: trimmed text, whole numbers without «.0», dates as
    /// ДД.ММ.ГГГГ.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
        }
    }
}

/// Whole numbers print without a fraction (phones and SNILS stored as numbers in Excel).
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A data row and its number as Excel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in column `index`, `Empty` past the end of a short row.
    pub fn cell(&self, index: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(index).unwrap_or(&EMPTY)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// A header row and the non-blank data rows under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column headers as written in the file (trimmed).
    pub headers: Vec<String>,
    /// Row number of the header (1 unless blank rows come first).
    pub header_row: u32,
    /// Non-blank rows below the header, in file order.
    pub rows: Vec<Row>,
}

impl Table {
    /// Builds a table from numbered rows: the first non-blank row is the header, blank rows are
    /// dropped. `None` when every row is blank.
    pub fn from_rows(rows: impl IntoIterator<Item = Row>) -> Option<Table> {
        let mut rows = rows.into_iter().filter(|r| !r.is_blank());
        let header = rows.next()?;
        Some(Table {
            headers: header.cells.iter().map(Cell::display).collect(),
            header_row: header.number,
            rows: rows.collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_of_cells() {
        assert_eq!(Cell::Number(79161234567.0).display(), "79161234567");
        assert_eq!(Cell::Number(2.5).display(), "2.5");
        assert_eq!(
            Cell::Date(NaiveDate::from_ymd_opt(2012, 2, 1).unwrap()).display(),
            "01.02.2012"
        );
        assert_eq!(Cell::text("  "), Cell::Empty);
    }

    #[test]
    fn header_is_first_non_blank_row_and_numbers_are_kept() {
        let row = |n, v: &[&str]| Row {
            number: n,
            cells: v.iter().map(|s| Cell::text(*s)).collect(),
        };
        let t = Table::from_rows(vec![
            row(1, &["", ""]),
            row(2, &["Фамилия", "Имя"]),
            row(3, &["Иванов", "Иван"]),
            row(4, &[" ", ""]),
            row(5, &["Петров", "Пётр"]),
        ])
        .unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.headers, vec!["Фамилия", "Имя"]);
        assert_eq!(
            t.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
            vec![3, 5]
        );
        assert_eq!(t.rows[0].cell(7), &Cell::Empty);
    }
}
