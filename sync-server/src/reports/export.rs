//! A [`ReportBook`] as an XLSX workbook (one sheet per sheet: the heading, the title, a bold
//! header, the rows with numbers as numbers, the notes below; landscape A4, fitted to the
//! page width) or, when it is one table, as CSV (UTF-8 with a BOM, `;`-separated, decimal
//! commas: what Russian Excel opens as is).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use thiserror::Error;

use super::book::{ReportBook, ReportCell};

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("не удалось собрать файл Excel ({0}); сообщите администратору")]
    Xlsx(#[from] XlsxError),
    #[error(
        "в этом отчёте несколько таблиц, а CSV вмещает одну; скачайте Excel (XLSX) или выберите \
         один класс"
    )]
    SeveralTables,
}

/// The workbook's bytes.
pub fn xlsx(book: &ReportBook) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let heading = Format::new().set_bold().set_font_size(12);
    let title = Format::new().set_bold().set_font_size(11);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin);
    let plain = Format::new().set_border(FormatBorder::Thin);
    let bold = Format::new()
        .set_bold()
        .set_background_color("#F2F2F2")
        .set_border(FormatBorder::Thin);
    let centi = Format::new()
        .set_num_format("0.00")
        .set_border(FormatBorder::Thin);
    let centi_bold = Format::new()
        .set_bold()
        .set_num_format("0.00")
        .set_background_color("#F2F2F2")
        .set_border(FormatBorder::Thin);
    let note = Format::new().set_italic();
    let mut used: Vec<String> = Vec::new();
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        let name = unique_name(&sheet.name, &mut used);
        ws.set_name(&name)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        for (c, w) in sheet.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.write_string_with_format(0, 0, &book.heading, &heading)?;
        ws.write_string_with_format(1, 0, &sheet.title, &title)?;
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(3, c as u16, h, &header)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 4;
            let (text_f, centi_f) = if row.emphasis {
                (&bold, &centi_bold)
            } else {
                (&plain, &centi)
            };
            for (c, cell) in row.cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    ReportCell::Text(s) => ws.write_string_with_format(r, c, s, text_f)?,
                    ReportCell::Int(n) => ws.write_number_with_format(r, c, *n, text_f)?,
                    ReportCell::Centi(Some(v)) => {
                        ws.write_number_with_format(r, c, f64::from(*v) / 100.0, centi_f)?
                    }
                    ReportCell::Centi(None) => ws.write_string_with_format(r, c, "—", text_f)?,
                };
            }
        }
        let first_note = sheet.rows.len() as u32 + 5;
        for (r, n) in (first_note..).zip(&sheet.notes) {
            ws.write_string_with_format(r, 0, n, &note)?;
        }
        ws.set_freeze_panes(4, 1)?;
    }
    if book.sheets.is_empty() {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, &book.heading)?;
        ws.write_string(1, 0, "Нет данных за выбранный период.")?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Excel sheet names: ≤ 31 characters, none of `[]:*?/\`, unique regardless of case.
fn unique_name(title: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let base: String = cleaned.trim().trim_matches('\'').chars().take(31).collect();
    let base = if base.trim().is_empty() {
        "Лист".to_string()
    } else {
        base.trim().to_string()
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({n})");
        let keep: String = base.chars().take(31 - suffix.chars().count()).collect();
        name = format!("{keep}{suffix}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// The one table of `book` as CSV; a book of several tables is refused.
pub fn csv(book: &ReportBook) -> Result<Vec<u8>, ExportError> {
    let [sheet] = book.sheets.as_slice() else {
        return Err(ExportError::SeveralTables);
    };
    let mut out = String::from("\u{feff}");
    let line =
        |cells: Vec<String>| cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(";") + "\r\n";
    out.push_str(&line(sheet.header.clone()));
    for row in &sheet.rows {
        let cells = row
            .cells
            .iter()
            .map(|c| match c {
                ReportCell::Centi(None) => String::new(),
                other => other.shown(),
            })
            .collect();
        out.push_str(&line(cells));
    }
    Ok(out.into_bytes())
}

fn quote(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::book::{ReportRow, ReportSheet};
    use super::*;

    fn one(rows: Vec<Vec<ReportCell>>) -> ReportBook {
        ReportBook {
            heading: "Школа".into(),
            sheets: vec![ReportSheet {
                name: "5А".into(),
                title: "Класс 5А".into(),
                header: vec!["Ученик".into(), "Доля, %".into()],
                widths: vec![20.0, 8.0],
                rows: rows
                    .into_iter()
                    .map(|cells| ReportRow {
                        cells,
                        emphasis: false,
                    })
                    .collect(),
                notes: vec![],
            }],
        }
    }

    #[test]
    fn csv_quotes_and_decimal_commas() {
        let b = one(vec![
            vec![
                ReportCell::Text("Орлова; Вера".into()),
                ReportCell::Centi(Some(6667)),
            ],
            vec![
                ReportCell::Text("Ким \"Ли\"".into()),
                ReportCell::Centi(None),
            ],
        ]);
        let text = String::from_utf8(csv(&b).expect("csv")).expect("utf-8");
        assert_eq!(
            text,
            "\u{feff}Ученик;Доля, %\r\n\"Орлова; Вера\";66,67\r\n\"Ким \"\"Ли\"\"\";\r\n"
        );
        let mut two = b.clone();
        two.sheets.push(two.sheets[0].clone());
        assert!(matches!(csv(&two), Err(ExportError::SeveralTables)));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(unique_name("Списки на 20/09", &mut used), "Списки на 20 09");
        assert_eq!(
            unique_name("списки на 20/09", &mut used),
            "списки на 20 09 (2)"
        );
        assert_eq!(unique_name("  ", &mut used), "Лист");
    }
}
