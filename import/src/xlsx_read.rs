//! XLSX bytes → [`Table`] with calamine: the first sheet or a named one, dates as dates, row
//! numbers as Excel shows them.

use std::io::Cursor;

use calamine::{Data, ExcelDateTime, Reader, Xlsx};

use crate::dates::from_excel_serial;
use crate::error::ImportError;
use crate::table::{Cell, Row, Table};

/// An XLSX sheet read into a table.
#[derive(Debug, Clone, PartialEq)]
pub struct XlsxRead {
    pub table: Table,
    /// The sheet that was read.
    pub sheet: String,
    /// All sheets of the book, in order (for a sheet picker).
    pub sheets: Vec<String>,
}

/// Does this look like an XLSX (a ZIP container)?
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads `sheet` (or the first sheet) of an XLSX book.
pub fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<XlsxRead, ImportError> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::NotXlsx(e.to_string()))?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| s.trim().to_lowercase() == wanted.trim().to_lowercase())
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet {
                name: wanted.to_string(),
                available: sheets.clone(),
            })?,
        None => sheets.first().cloned().ok_or(ImportError::NoSheets)?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| ImportError::NotXlsx(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range.rows().enumerate().map(|(i, cells)| {
        // Columns left of the used range are empty in Excel too.
        let mut out = vec![Cell::Empty; first_col as usize];
        out.extend(cells.iter().map(convert));
        Row {
            number: first_row + i as u32 + 1,
            cells: out,
        }
    });
    let table = Table::from_rows(rows).ok_or(ImportError::Empty)?;
    Ok(XlsxRead {
        table,
        sheet: name,
        sheets,
    })
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::text(s.as_str()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "ИСТИНА" } else { "ЛОЖЬ" }.to_string()),
        Data::DateTime(dt) => excel_date(dt),
        // ISO text («2012-02-01T00:00:00»): the date parser takes it as text.
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.as_str()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn excel_date(dt: &ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
        Some(date) => Cell::Date(date),
        // Excel's phantom 29.02.1900 and the like: keep the number, validation reports it.
        None => from_excel_serial(dt.as_f64()).map_or(Cell::Number(dt.as_f64()), Cell::Date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_xlsxwriter::{ExcelDateTime as WDate, Format, Workbook};

    fn book() -> Vec<u8> {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("dd.mm.yyyy");
        let first = wb.add_worksheet();
        first.set_name("Титул").unwrap();
        first.write_string(0, 0, "Не тот лист").unwrap();
        let ws = wb.add_worksheet();
        ws.set_name("Ученики").unwrap();
        // Header in row 2, starting at column B.
        ws.write_string(1, 1, "Фамилия").unwrap();
        ws.write_string(1, 2, "Дата рождения").unwrap();
        ws.write_string(1, 3, "Телефон").unwrap();
        ws.write_string(2, 1, "Иванов").unwrap();
        ws.write_datetime_with_format(2, 2, WDate::from_ymd(2012, 2, 1).unwrap(), &date)
            .unwrap();
        ws.write_number(2, 3, 79161234567.0).unwrap();
        ws.write_string(4, 1, "Петров").unwrap();
        ws.write_string(4, 2, "31.02.2012").unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_a_named_sheet_with_dates_and_excel_row_numbers() {
        let bytes = book();
        assert!(is_xlsx(&bytes));
        let read = read_xlsx(&bytes, Some("ученики")).unwrap();
        assert_eq!(read.sheet, "Ученики");
        assert_eq!(read.sheets, vec!["Титул", "Ученики"]);
        let t = &read.table;
        assert_eq!(t.header_row, 2);
        assert_eq!(t.headers, vec!["", "Фамилия", "Дата рождения", "Телефон"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 3);
        assert_eq!(
            t.rows[0].cells[2],
            Cell::Date(NaiveDate::from_ymd_opt(2012, 2, 1).unwrap())
        );
        assert_eq!(t.rows[0].cells[3].display(), "79161234567");
        assert_eq!(t.rows[1].number, 5);
        assert_eq!(t.rows[1].cells[2], Cell::Text("31.02.2012".into()));
    }

    #[test]
    fn first_sheet_by_default_and_errors() {
        let bytes = book();
        assert_eq!(read_xlsx(&bytes, None).unwrap().sheet, "Титул");
        assert!(matches!(
            read_xlsx(&bytes, Some("Учителя")),
            Err(ImportError::NoSuchSheet { .. })
        ));
        assert!(matches!(
            read_xlsx(b"PK\x03\x04garbage", None),
            Err(ImportError::NotXlsx(_))
        ));
    }
}
