//! PDFs the server draws (the accounts' slips, the printed timetable), with one embedded font:
//! [`font`] (DejaVu Sans, subset, with ToUnicode so Cyrillic text can be searched and copied),
//! [`text`] (showing, measuring, wrapping and fitting text) and [`document`] (pages into one
//! PDF file).

pub mod document;
pub mod font;
pub mod text;

use thiserror::Error;

pub use document::{assemble, A4_LONG, A4_SHORT};
pub use font::{Font, FontRefs};
pub use text::{fit, show, wrap, FONT};

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("не удалось подготовить шрифт для PDF ({0}); сообщите администратору")]
    Font(String),
}
