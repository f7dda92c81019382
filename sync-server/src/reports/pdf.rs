//! A [`ReportBook`] as PDF: A4 landscape, each sheet from a new page with the heading and its
//! title, the table with its header repeated on every page it runs over, section and total
//! rows on grey, the notes (the legend) below. Text in the embedded DejaVu Sans
//! ([`crate::pdf`]), so Cyrillic prints and can be searched.

use pdf_writer::Content;

use super::book::{ReportBook, ReportCell, ReportSheet};
use crate::pdf::{assemble, fit, show, wrap, Font, PdfError, A4_LONG, A4_SHORT};

const PAGE_W: f32 = A4_LONG;
const PAGE_H: f32 = A4_SHORT;
/// One centimetre.
const MARGIN: f32 = 28.35;
const HEADER_H: f32 = 26.0;
const ROW_H: f32 = 13.0;
const PAD: f32 = 2.5;
const SIZE: f32 = 8.0;
const NOTE_SIZE: f32 = 8.0;

/// The PDF's bytes.
pub fn render(book: &ReportBook) -> Result<Vec<u8>, PdfError> {
    let mut font = Font::new()?;
    let mut pages: Vec<Vec<u8>> = Vec::new();
    for sheet in &book.sheets {
        draw_sheet(&mut font, book, sheet, &mut pages);
    }
    if pages.is_empty() {
        let mut c = Content::new();
        show(
            &mut c,
            &mut font,
            MARGIN,
            PAGE_H - MARGIN - 12.0,
            12.0,
            0.0,
            &book.heading,
        );
        show(
            &mut c,
            &mut font,
            MARGIN,
            PAGE_H - MARGIN - 32.0,
            11.0,
            0.0,
            "Нет данных за выбранный период.",
        );
        pages.push(c.finish().into_vec());
    }
    assemble(&pages, PAGE_W, PAGE_H, &font)
}

/// Column x positions and widths over the page's width, proportional to the sheet's widths.
fn columns(sheet: &ReportSheet) -> Vec<(f32, f32)> {
    let width = PAGE_W - 2.0 * MARGIN;
    let n = sheet.header.len().max(1);
    let total: f64 = sheet.widths.iter().take(n).sum::<f64>().max(1.0);
    let mut x = MARGIN;
    (0..n)
        .map(|i| {
            let w = (sheet.widths.get(i).copied().unwrap_or(8.0) / total) as f32 * width;
            let col = (x, w);
            x += w;
            col
        })
        .collect()
}

fn draw_sheet(font: &mut Font, book: &ReportBook, sheet: &ReportSheet, pages: &mut Vec<Vec<u8>>) {
    let cols = columns(sheet);
    let width = PAGE_W - 2.0 * MARGIN;
    let mut rows = sheet.rows.iter().peekable();
    let mut first = true;
    loop {
        let mut c = Content::new();
        let top = PAGE_H - MARGIN;
        let heading = fit(
            font,
            std::slice::from_ref(&book.heading),
            9.0,
            6.0,
            width,
            12.0,
        )
        .0;
        show(&mut c, font, MARGIN, top - 9.0, 9.0, 0.35, &heading[0]);
        let title = if first {
            sheet.title.clone()
        } else {
            format!("{} (продолжение)", sheet.title)
        };
        let (t, size) = fit(font, &[title], 13.0, 8.0, width, 18.0);
        show(&mut c, font, MARGIN, top - 27.0, size, 0.0, &t[0]);
        let table_top = top - 38.0;
        // Header.
        c.save_state()
            .set_fill_gray(0.88)
            .rect(MARGIN, table_top - HEADER_H, width, HEADER_H)
            .fill_nonzero()
            .restore_state();
        for (i, h) in sheet.header.iter().enumerate() {
            let (x, w) = cols[i];
            let (lines, s) = fit(
                font,
                std::slice::from_ref(h),
                SIZE,
                5.0,
                w - 2.0 * PAD,
                HEADER_H - 2.0 * PAD,
            );
            for (k, line) in lines.iter().enumerate() {
                show(
                    &mut c,
                    font,
                    x + PAD,
                    table_top - PAD - s * (0.9 + 1.15 * k as f32),
                    s,
                    0.0,
                    line,
                );
            }
        }
        let mut y = table_top - HEADER_H;
        let bottom = MARGIN + ROW_H;
        let mut drawn = 0;
        while y - ROW_H >= bottom {
            let Some(row) = rows.next() else { break };
            if row.emphasis {
                c.save_state()
                    .set_fill_gray(0.94)
                    .rect(MARGIN, y - ROW_H, width, ROW_H)
                    .fill_nonzero()
                    .restore_state();
            }
            let lone = row.cells.len() == 1 && sheet.header.len() > 1;
            for (i, cell) in row.cells.iter().enumerate() {
                let Some(&(x, w)) = cols.get(i) else { break };
                let w = if lone { width } else { w };
                let text = cell.shown();
                if text.is_empty() {
                    continue;
                }
                let (lines, s) = fit(font, &[text], SIZE, 5.0, w - 2.0 * PAD, ROW_H - 2.0);
                let tx = match cell {
                    ReportCell::Text(_) => x + PAD,
                    _ => x + w - PAD - font.width(&lines[0], s),
                };
                show(&mut c, font, tx, y - ROW_H + 3.5, s, 0.0, &lines[0]);
            }
            y -= ROW_H;
            drawn += 1;
        }
        // Grid.
        let table_h = table_top - y;
        c.save_state().set_line_width(0.4).set_stroke_gray(0.35);
        c.rect(MARGIN, y, width, table_h);
        for &(x, _) in cols.iter().skip(1) {
            c.move_to(x, table_top).line_to(x, y);
        }
        c.move_to(MARGIN, table_top - HEADER_H)
            .line_to(MARGIN + width, table_top - HEADER_H);
        for r in 1..drawn {
            let ly = table_top - HEADER_H - r as f32 * ROW_H;
            c.move_to(MARGIN, ly).line_to(MARGIN + width, ly);
        }
        c.stroke().restore_state();
        if rows.peek().is_some() {
            pages.push(c.finish().into_vec());
            first = false;
            continue;
        }
        // Notes under the table, on a new page when they do not fit.
        let mut ny = y - 16.0;
        for note in &sheet.notes {
            let (lines, s) = wrap(font, note, NOTE_SIZE, width, 6);
            for line in lines {
                if ny < MARGIN {
                    pages.push(
                        std::mem::replace(&mut c, Content::new())
                            .finish()
                            .into_vec(),
                    );
                    ny = PAGE_H - MARGIN - 12.0;
                }
                show(&mut c, font, MARGIN, ny, s, 0.2, &line);
                ny -= s * 1.3;
            }
        }
        pages.push(c.finish().into_vec());
        break;
    }
}
