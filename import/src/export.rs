//! Lists to XLSX: a general [`export_xlsx`] (bold frozen header, column widths, real Excel
//! dates, an autofilter) and ready-made class and staff lists whose headers this crate's own
//! import recognises, so an exported list can be edited and imported back.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use crate::error::ImportError;
use crate::records::{GuardianRecord, StaffRecord, StudentRecord};
use crate::table::Cell;
use crate::values::Sex;

/// A column of an exported sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportColumn {
    pub header: String,
    /// Width in Excel character units.
    pub width: f64,
}

impl ExportColumn {
    pub fn new(header: impl Into<String>, width: f64) -> Self {
        ExportColumn {
            header: header.into(),
            width,
        }
    }
}

/// One sheet named `sheet_title` (made valid for Excel): a bold, frozen header row with an
/// autofilter, then `rows`; dates are Excel dates shown as ДД.ММ.ГГГГ.
pub fn export_xlsx(
    sheet_title: &str,
    columns: &[ExportColumn],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, ImportError> {
    write_book(sheet_title, columns, rows).map_err(|e| ImportError::Export(e.to_string()))
}

/// One sheet of a workbook written by [`export_book`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSheet {
    pub title: String,
    pub columns: Vec<ExportColumn>,
    pub rows: Vec<Vec<Cell>>,
}

/// Several sheets in one workbook, each as [`export_xlsx`] writes its one sheet.
pub fn export_book(sheets: &[ExportSheet]) -> Result<Vec<u8>, ImportError> {
    let write = || {
        let mut book = Workbook::new();
        for s in sheets {
            write_sheet(&mut book, &s.title, &s.columns, &s.rows)?;
        }
        book.save_to_buffer()
    };
    write().map_err(|e: XlsxError| ImportError::Export(e.to_string()))
}

fn write_book(
    sheet_title: &str,
    columns: &[ExportColumn],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    write_sheet(&mut book, sheet_title, columns, rows)?;
    book.save_to_buffer()
}

fn write_sheet(
    book: &mut Workbook,
    sheet_title: &str,
    columns: &[ExportColumn],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7")
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(sheet_title))?;
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, column.width)?;
        sheet.write_string_with_format(0, c, &column.header, &header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, c, &dt, &date)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    }
    Ok(())
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`, not blank.
fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let trimmed: String = cleaned.trim().trim_matches('\'').chars().take(31).collect();
    if trimmed.trim().is_empty() {
        "Лист1".to_string()
    } else {
        trimmed.trim().to_string()
    }
}

/// A student and their guardians, one row of a class list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassListEntry {
    pub student: StudentRecord,
    pub guardians: Vec<GuardianRecord>,
}

fn text(s: &str) -> Cell {
    Cell::text(s)
}

fn sex(s: Option<Sex>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.letter().into()))
}

/// The class list «Класс 5А», in the given order: the student's details, then per guardian
/// (at least two column groups) «Родитель N: ФИО / кем приходится / телефон / эл. почта».
pub fn export_class_list(
    class_name: &str,
    entries: &[ClassListEntry],
) -> Result<Vec<u8>, ImportError> {
    let slots = entries
        .iter()
        .map(|e| e.guardians.len())
        .max()
        .unwrap_or(0)
        .max(2);
    let mut columns = vec![
        ExportColumn::new("№", 5.0),
        ExportColumn::new("Фамилия", 16.0),
        ExportColumn::new("Имя", 14.0),
        ExportColumn::new("Отчество", 18.0),
        ExportColumn::new("Дата рождения", 13.0),
        ExportColumn::new("Класс", 7.0),
        ExportColumn::new("Пол", 5.0),
        ExportColumn::new("СНИЛС", 16.0),
        ExportColumn::new("Адрес", 36.0),
        ExportColumn::new("Телефон", 15.0),
        ExportColumn::new("Эл. почта", 24.0),
    ];
    for n in 1..=slots {
        columns.push(ExportColumn::new(format!("Родитель {n}: ФИО"), 32.0));
        columns.push(ExportColumn::new(
            format!("Родитель {n}: кем приходится"),
            14.0,
        ));
        columns.push(ExportColumn::new(format!("Родитель {n}: телефон"), 15.0));
        columns.push(ExportColumn::new(format!("Родитель {n}: эл. почта"), 24.0));
    }
    let rows: Vec<Vec<Cell>> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let s = &e.student;
            let mut row = vec![
                Cell::Number((i + 1) as f64),
                text(&s.last_name),
                text(&s.first_name),
                text(&s.middle_name),
                Cell::Date(s.birth_date),
                text(&s.class),
                sex(s.sex),
                text(&s.snils),
                text(&s.address),
                text(&s.phone),
                text(&s.email),
            ];
            for g in &e.guardians {
                row.extend([
                    text(&g.full_name()),
                    text(&g.relation),
                    text(&g.phone),
                    text(&g.email),
                ]);
            }
            row
        })
        .collect();
    export_xlsx(&format!("Класс {class_name}"), &columns, &rows)
}

/// The staff list «Сотрудники», in the given order.
pub fn export_staff_list(staff: &[StaffRecord]) -> Result<Vec<u8>, ImportError> {
    let columns = vec![
        ExportColumn::new("№", 5.0),
        ExportColumn::new("Фамилия", 16.0),
        ExportColumn::new("Имя", 14.0),
        ExportColumn::new("Отчество", 18.0),
        ExportColumn::new("Дата рождения", 13.0),
        ExportColumn::new("Пол", 5.0),
        ExportColumn::new("Должность", 26.0),
        ExportColumn::new("Предметы", 30.0),
        ExportColumn::new("Классное руководство", 12.0),
        ExportColumn::new("Телефон", 15.0),
        ExportColumn::new("Эл. почта", 24.0),
        ExportColumn::new("Адрес", 36.0),
        ExportColumn::new("СНИЛС", 16.0),
    ];
    let rows: Vec<Vec<Cell>> = staff
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                Cell::Number((i + 1) as f64),
                text(&s.last_name),
                text(&s.first_name),
                text(&s.middle_name),
                s.birth_date.map_or(Cell::Empty, Cell::Date),
                sex(s.sex),
                text(&s.position),
                text(&s.subjects.join(", ")),
                text(&s.class_teacher_of.join(", ")),
                text(&s.phone),
                text(&s.email),
                text(&s.address),
                text(&s.snils),
            ]
        })
        .collect();
    export_xlsx("Сотрудники", &columns, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx_read::read_xlsx;
    use chrono::NaiveDate;

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sheet_name("Класс 5А"), "Класс 5А");
        assert_eq!(sheet_name("a/b:c"), "a b c");
        assert_eq!(sheet_name("  "), "Лист1");
        assert_eq!(sheet_name(&"я".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn general_export_reads_back_with_dates() {
        let d = NaiveDate::from_ymd_opt(2012, 2, 1).unwrap();
        let bytes = export_xlsx(
            "Список",
            &[
                ExportColumn::new("Имя", 10.0),
                ExportColumn::new("Дата", 12.0),
            ],
            &[
                vec![Cell::Text("Аня".into()), Cell::Date(d)],
                vec![Cell::Text("Боря".into()), Cell::Empty],
            ],
        )
        .unwrap();
        let read = read_xlsx(&bytes, None).unwrap();
        assert_eq!(read.sheet, "Список");
        assert_eq!(read.table.headers, vec!["Имя", "Дата"]);
        assert_eq!(read.table.rows[0].cells[1], Cell::Date(d));
        assert_eq!(read.table.rows[1].number, 3);
    }
}
