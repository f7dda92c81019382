//! Text on a page in the embedded font: [`show`] a line, [`wrap`] a text into lines of a width
//! (shrinking down to [`MIN_SIZE`]), [`fit`] several texts into a box.

use pdf_writer::{Content, Name, Str};

use super::font::Font;

/// The resource name of the embedded font on every page.
pub const FONT: Name<'static> = Name(b"F1");
/// Text is never drawn smaller than this (points).
pub const MIN_SIZE: f32 = 6.0;

pub fn show(c: &mut Content, font: &mut Font, x: f32, y: f32, size: f32, gray: f32, text: &str) {
    let bytes = font.encode(text);
    c.begin_text()
        .set_fill_gray(gray)
        .set_font(FONT, size)
        .next_line(x, y)
        .show(Str(&bytes))
        .end_text();
}

/// Breaks `text` into at most `max_lines` lines of `width` points, at `size` or smaller (down
/// to 6 pt); the size used comes back. What still does not fit is cut with «…».
pub fn wrap(
    font: &Font,
    text: &str,
    size: f32,
    width: f32,
    max_lines: usize,
) -> (Vec<String>, f32) {
    let mut s = size;
    loop {
        let lines = greedy(font, text, s, width);
        let fits = lines.len() <= max_lines && lines.iter().all(|l| font.width(l, s) <= width);
        if fits {
            return (lines, s);
        }
        if s - 0.5 < MIN_SIZE {
            let mut lines = lines;
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                while !last.is_empty() && font.width(&format!("{last}…"), s) > width {
                    last.pop();
                }
                last.push('…');
            }
            return (lines, s);
        }
        s -= 0.5;
    }
}

fn greedy(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if cur.is_empty() || font.width(&candidate, size) <= width {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Fits `texts` (each starting a new line) into a box of `width` × `height` points at `size`
/// or smaller (down to `min`): the lines and the size used. At the smallest size what does not
/// fit is cut, the last line kept ending in «…».
pub fn fit(
    font: &Font,
    texts: &[String],
    size: f32,
    min: f32,
    width: f32,
    height: f32,
) -> (Vec<String>, f32) {
    let leading = 1.15;
    let mut s = size;
    loop {
        let lines: Vec<String> = texts
            .iter()
            .flat_map(|t| greedy(font, t, s, width))
            .collect();
        let fits = lines.len() as f32 * s * leading <= height
            && lines.iter().all(|l| font.width(l, s) <= width);
        if fits {
            return (lines, s);
        }
        if s - 0.5 < min {
            let keep = ((height / (s * leading)).floor() as usize).max(1);
            let mut lines = lines;
            let cut = lines.len() > keep;
            lines.truncate(keep);
            for line in lines.iter_mut() {
                while !line.is_empty() && font.width(line, s) > width {
                    line.pop();
                }
            }
            if cut {
                if let Some(last) = lines.last_mut() {
                    while !last.is_empty() && font.width(&format!("{last}…"), s) > width {
                        last.pop();
                    }
                    last.push('…');
                }
            }
            return (lines, s);
        }
        s -= 0.5;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_fit_a_box_or_are_cut() {
        let font = Font::new().expect("font");
        let texts = vec!["Математика".to_string(), "Иванова А. П.".to_string()];
        let (lines, size) = fit(&font, &texts, 9.0, 5.0, 100.0, 40.0);
        assert_eq!((lines.clone(), size), (texts.clone(), 9.0));
        let (small, size) = fit(&font, &texts, 9.0, 5.0, 40.0, 20.0);
        assert!(size < 9.0);
        assert!(
            small.iter().all(|l| font.width(l, size) <= 40.0),
            "{small:?}"
        );
        let many: Vec<String> = (0..40).map(|i| format!("Строка {i}")).collect();
        let (cut, size) = fit(&font, &many, 9.0, 5.0, 100.0, 30.0);
        assert!(cut.len() as f32 * size * 1.15 <= 30.0 + 0.01);
        assert!(cut.last().is_some_and(|l| l.ends_with('…')));
    }
}
