//! The printable timetable as XLSX: one sheet per class, teacher or room of a
//! [`TimetableBook`], ready to print on one landscape A4 page: the school and year, whose
//! timetable it is, then lesson numbers with bell times down and weekdays across, the lessons
//! in the cells as the view has them ([`TimetableEntry::lines`]).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use zvonok_core::views::timetable_grid::{TimetableBook, TimetableEntry};

use crate::error::ImportError;
use crate::export::sheet_name;

/// The lines of one cell: its lessons one after another, a blank line between two.
pub fn cell_text(entries: &[TimetableEntry], book: &TimetableBook) -> String {
    entries
        .iter()
        .map(|e| e.lines(book.by).join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Lesson numbers with their bell times: «1\n08:30–09:15».
pub fn row_label(number: u8, time: &str) -> String {
    if time.is_empty() {
        format!("{number} урок")
    } else {
        format!("{number} урок\n{time}")
    }
}

/// The book as an XLSX workbook, one sheet per sheet of the book (names made valid and
/// unique for Excel).
pub fn export_timetable_xlsx(book: &TimetableBook) -> Result<Vec<u8>, ImportError> {
    write(book).map_err(|e| ImportError::Export(e.to_string()))
}

fn write(book: &TimetableBook) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let heading = Format::new().set_bold().set_font_size(13);
    let title = Format::new().set_bold().set_font_size(12);
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin);
    let number = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let days = book.day_names.len() as u16;
    let mut used: Vec<String> = Vec::new();
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        let base = sheet_name(&sheet.label);
        let mut name = base.clone();
        let mut n = 2;
        while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep: String = base.chars().take(31 - suffix.chars().count()).collect();
            name = format!("{keep}{suffix}");
            n += 1;
        }
        used.push(name.clone());
        ws.set_name(&name)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 1);
        ws.set_column_width(0, 13)?;
        for d in 0..days {
            ws.set_column_width(d + 1, 24)?;
        }
        ws.write_string_with_format(0, 0, book.heading(), &heading)?;
        ws.write_string_with_format(1, 0, &sheet.title, &title)?;
        ws.write_string_with_format(3, 0, "Урок", &header)?;
        for (d, day) in book.day_names.iter().enumerate() {
            ws.write_string_with_format(3, d as u16 + 1, day, &header)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 4;
            ws.write_string_with_format(r, 0, row_label(row.number, &row.time), &number)?;
            let mut lines = 2;
            for (d, entries) in row.cells.iter().enumerate() {
                let text = cell_text(entries, book);
                lines = lines.max(text.lines().count());
                ws.write_string_with_format(r, d as u16 + 1, &text, &cell)?;
            }
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        ws.set_freeze_panes(4, 1)?;
    }
    if book.sheets.is_empty() {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "В расписании нет уроков.")?;
    }
    wb.save_to_buffer()
}
