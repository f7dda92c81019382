//! The A4 page layout of the slips: a grid of cut-out slips with dashed cut lines; on each the
//! text on the left, the QR code on the right, the server's address along the bottom.

use pdf_writer::Content;

use super::qr::{Matrix, QUIET_ZONE};
use super::{Slip, SlipError};
use crate::pdf::{assemble, show, wrap, Font, A4_LONG, A4_SHORT};

/// Slips across a page.
pub const COLUMNS: usize = 2;
/// Slips down a page.
pub const ROWS: usize = 5;

const PAGE_W: f32 = A4_SHORT;
const PAGE_H: f32 = A4_LONG;
/// One centimetre.
const MARGIN: f32 = 28.35;
const CELL_W: f32 = (PAGE_W - 2.0 * MARGIN) / COLUMNS as f32;
const CELL_H: f32 = (PAGE_H - 2.0 * MARGIN) / ROWS as f32;
const PAD: f32 = 11.0;
/// The QR code's side, quiet zone included.
const QR_SIDE: f32 = 92.0;
const TEXT_W: f32 = CELL_W - 2.0 * PAD - QR_SIDE - 8.0;

/// Draws the slips, [`COLUMNS`] × [`ROWS`] a page; the PDF bytes.
pub fn render(slips: &[Slip]) -> Result<Vec<u8>, SlipError> {
    if slips.is_empty() {
        return Err(SlipError::Empty);
    }
    let mut font = Font::new()?;
    let mut pages = Vec::new();
    for page in slips.chunks(COLUMNS * ROWS) {
        let mut c = Content::new();
        for (i, slip) in page.iter().enumerate() {
            let x = MARGIN + (i % COLUMNS) as f32 * CELL_W;
            let top = PAGE_H - MARGIN - (i / COLUMNS) as f32 * CELL_H;
            draw_slip(&mut c, &mut font, slip, x, top)?;
        }
        pages.push(c.finish().into_vec());
    }

    Ok(assemble(&pages, PAGE_W, PAGE_H, &font)?)
}

fn draw_slip(
    c: &mut Content,
    font: &mut Font,
    slip: &Slip,
    x: f32,
    top: f32,
) -> Result<(), SlipError> {
    // The cut line around the slip.
    c.save_state()
        .set_stroke_gray(0.55)
        .set_line_width(0.5)
        .set_dash_pattern([4.0, 3.0], 0.0)
        .rect(x, top - CELL_H, CELL_W, CELL_H)
        .stroke()
        .restore_state();

    let left = x + PAD;
    let mut y = top - PAD;
    let line = |c: &mut Content, font: &mut Font, text: &str, size: f32, gray: f32, y: &mut f32| {
        *y -= size * 1.05;
        show(c, font, left, *y, size, gray, text);
        *y -= size * 0.2;
    };
    for l in wrap(font, &slip.school, 7.0, TEXT_W, 2).0 {
        line(c, font, &l, 7.0, 0.35, &mut y);
    }
    y -= 2.0;
    let who = match &slip.class {
        Some(class) => format!("{}, {class}", slip.role),
        None => slip.role.clone(),
    };
    let (who, size) = wrap(font, &who, 8.5, TEXT_W, 1);
    line(c, font, &who[0], size, 0.0, &mut y);
    let (name, size) = wrap(font, &slip.name, 11.0, TEXT_W, 2);
    for l in name {
        line(c, font, &l, size, 0.0, &mut y);
    }
    y -= 3.0;
    line(c, font, "Логин", 7.0, 0.35, &mut y);
    let (login, size) = wrap(font, &slip.login, 12.0, TEXT_W, 1);
    line(c, font, &login[0], size, 0.0, &mut y);
    match (&slip.code, &slip.note) {
        (Some(code), _) => {
            y -= 2.0;
            line(c, font, "Одноразовый код (пароль)", 7.0, 0.35, &mut y);
            let (code, size) = wrap(font, code, 13.0, TEXT_W, 1);
            line(c, font, &code[0], size, 0.0, &mut y);
        }
        (None, Some(note)) => {
            y -= 2.0;
            let (note, size) = wrap(font, note, 8.0, TEXT_W, 2);
            for l in note {
                line(c, font, &l, size, 0.0, &mut y);
            }
        }
        (None, None) => {}
    }

    // The QR code, top right.
    let matrix = Matrix::encode(&slip.qr)?;
    let module = QR_SIDE / matrix.width_with_quiet_zone() as f32;
    let qx = x + CELL_W - PAD - QR_SIDE;
    let qtop = top - PAD;
    c.save_state().set_fill_gray(0.0);
    for (mx, my, len) in matrix.runs() {
        c.rect(
            qx + (mx + QUIET_ZONE) as f32 * module,
            qtop - (my + QUIET_ZONE + 1) as f32 * module,
            len as f32 * module,
            module,
        );
    }
    c.fill_nonzero().restore_state();
    let caption = if slip.code.is_some() {
        "Войти по QR-коду"
    } else {
        "Открыть вход"
    };
    let (caption, size) = wrap(font, caption, 6.5, QR_SIDE, 1);
    let w = font.width(&caption[0], size);
    show(
        c,
        font,
        qx + (QR_SIDE - w) / 2.0,
        qtop - QR_SIDE - size,
        size,
        0.35,
        &caption[0],
    );

    // Along the bottom: where to sign in.
    let bottom = top - CELL_H + PAD;
    let full = CELL_W - 2.0 * PAD;
    let (addr, size) = wrap(
        font,
        &format!("Адрес для входа: {}", slip.server),
        7.5,
        full,
        1,
    );
    show(c, font, left, bottom, size, 0.0, &addr[0]);
    if slip.code.is_some() {
        let hint = "После первого входа смените пароль в профиле.";
        let (hint, size) = wrap(font, hint, 6.5, full, 1);
        show(c, font, left, bottom + 10.0, size, 0.35, &hint[0]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::text::MIN_SIZE;

    #[test]
    fn long_names_wrap_then_shrink() {
        let font = Font::new().expect("font");
        let (lines, size) = wrap(&font, "Иванова Анна Петровна", 11.0, TEXT_W, 2);
        assert_eq!(size, 11.0);
        assert!(!lines.is_empty() && lines.len() <= 2);
        assert_eq!(lines.join(" "), "Иванова Анна Петровна");
        let long = "Константинопольская-Швейцарская Александра Владимировна";
        let (lines, size) = wrap(&font, long, 11.0, TEXT_W, 2);
        assert!(size < 11.0, "shrunk to fit");
        assert!(lines.iter().all(|l| font.width(l, size) <= TEXT_W));
        let (one, _) = wrap(&font, &"Ж".repeat(200), 12.0, TEXT_W, 1);
        assert_eq!(one.len(), 1);
        assert!(one[0].ends_with('…'));
        assert!(font.width(&one[0], MIN_SIZE) <= TEXT_W);
    }
}
