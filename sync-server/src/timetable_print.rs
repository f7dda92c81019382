//! The printed timetable as PDF: one A4 landscape page per class, teacher or room of a
//! [`TimetableBook`]: the school and year, whose timetable it is, then a table of lesson
//! numbers with bell times down and the school's weekdays across, the lessons in the cells as
//! the view has them. Text in the embedded DejaVu Sans ([`crate::pdf`]), so Cyrillic prints
//! and can be searched.

use pdf_writer::Content;
use zvonok_core::views::timetable_grid::TimetableBook;

use crate::pdf::{assemble, fit, show, Font, PdfError, A4_LONG, A4_SHORT};

const PAGE_W: f32 = A4_LONG;
const PAGE_H: f32 = A4_SHORT;
/// One centimetre.
const MARGIN: f32 = 28.35;
/// The column of lesson numbers and bell times.
const NUMBER_W: f32 = 64.0;
const HEADER_H: f32 = 18.0;
/// A row is never taller than this, however few lessons the day has.
const MAX_ROW_H: f32 = 72.0;
const PAD: f32 = 3.0;

/// Draws every sheet of `book` on a page of its own; the PDF bytes. A book without sheets
/// gives one page that says so.
pub fn render(book: &TimetableBook) -> Result<Vec<u8>, PdfError> {
    let mut font = Font::new()?;
    let mut pages = Vec::new();
    for sheet in &book.sheets {
        let mut c = Content::new();
        let top = PAGE_H - MARGIN;
        let left = MARGIN;
        let width = PAGE_W - 2.0 * MARGIN;
        let heading = fit(&font, &[book.heading()], 9.0, 6.0, width, 12.0).0;
        show(&mut c, &mut font, left, top - 9.0, 9.0, 0.35, &heading[0]);
        let (title, size) = fit(
            &font,
            std::slice::from_ref(&sheet.title),
            15.0,
            8.0,
            width,
            20.0,
        );
        show(&mut c, &mut font, left, top - 28.0, size, 0.0, &title[0]);

        let table_top = top - 40.0;
        let days = book.day_names.len().max(1);
        let day_w = (width - NUMBER_W) / days as f32;
        let rows = sheet.rows.len().max(1);
        let row_h = ((table_top - HEADER_H - MARGIN) / rows as f32).min(MAX_ROW_H);
        let table_h = HEADER_H + row_h * sheet.rows.len() as f32;

        // The header row: grey, the day names centred.
        c.save_state()
            .set_fill_gray(0.9)
            .rect(left, table_top - HEADER_H, width, HEADER_H)
            .fill_nonzero()
            .restore_state();
        let x_of = |d: usize| left + NUMBER_W + d as f32 * day_w;
        let label = "Урок";
        show(
            &mut c,
            &mut font,
            left + PAD,
            table_top - HEADER_H + 5.5,
            9.0,
            0.0,
            label,
        );
        for (d, name) in book.day_names.iter().enumerate() {
            let (l, s) = fit(
                &font,
                std::slice::from_ref(name),
                9.0,
                6.0,
                day_w - 2.0 * PAD,
                HEADER_H,
            );
            let w = font.width(&l[0], s);
            show(
                &mut c,
                &mut font,
                x_of(d) + (day_w - w) / 2.0,
                table_top - HEADER_H + 5.5,
                s,
                0.0,
                &l[0],
            );
        }

        for (r, row) in sheet.rows.iter().enumerate() {
            let row_top = table_top - HEADER_H - r as f32 * row_h;
            let number = if row.time.is_empty() {
                vec![format!("{} урок", row.number)]
            } else {
                vec![format!("{} урок", row.number), row.time.clone()]
            };
            draw_lines(
                &mut c, &mut font, &number, left, row_top, NUMBER_W, row_h, 9.0,
            );
            for (d, entries) in row.cells.iter().enumerate() {
                let mut texts: Vec<String> = Vec::new();
                for (i, e) in entries.iter().enumerate() {
                    if i > 0 {
                        texts.push(String::new());
                    }
                    texts.extend(e.lines(book.by));
                }
                draw_lines(
                    &mut c,
                    &mut font,
                    &texts,
                    x_of(d),
                    row_top,
                    day_w,
                    row_h,
                    8.5,
                );
            }
        }

        // The grid lines.
        c.save_state().set_line_width(0.5).set_stroke_gray(0.3);
        c.rect(left, table_top - table_h, width, table_h);
        for d in 0..days {
            let x = x_of(d);
            c.move_to(x, table_top).line_to(x, table_top - table_h);
        }
        for r in 0..=sheet.rows.len() {
            let y = table_top - HEADER_H - r as f32 * row_h;
            c.move_to(left, y).line_to(left + width, y);
        }
        c.stroke().restore_state();
        pages.push(c.finish().into_vec());
    }
    if pages.is_empty() {
        let mut c = Content::new();
        show(
            &mut c,
            &mut font,
            MARGIN,
            PAGE_H - MARGIN - 14.0,
            12.0,
            0.0,
            "В расписании нет уроков.",
        );
        pages.push(c.finish().into_vec());
    }
    assemble(&pages, PAGE_W, PAGE_H, &font)
}

/// `texts` fitted into the cell whose top-left corner is (`x`, `top`), from its top.
#[allow(clippy::too_many_arguments)]
fn draw_lines(
    c: &mut Content,
    font: &mut Font,
    texts: &[String],
    x: f32,
    top: f32,
    w: f32,
    h: f32,
    size: f32,
) {
    if texts.is_empty() {
        return;
    }
    let (lines, s) = fit(font, texts, size, 5.0, w - 2.0 * PAD, h - 2.0 * PAD);
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let y = top - PAD - s * (0.9 + 1.15 * i as f32);
        show(c, font, x + PAD, y, s, 0.0, line);
    }
}
