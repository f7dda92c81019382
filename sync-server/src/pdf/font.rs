//! DejaVu Sans for the server's PDFs (slips, the printed timetable): glyphs and advance widths
//! for the layout, then only the glyphs used, subset and embedded as a CID-keyed TrueType font
//! (Type0, Identity-H) with a ToUnicode map, so that the PDF stays small and its text (Cyrillic
//! included) can be searched and copied.

use std::collections::BTreeMap;

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use super::PdfError;

/// The font file (Bitstream Vera licence: `assets/LICENSE-DejaVu.txt`).
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// The PostScript name of the subset: a six-letter tag, `+`, the font's name.
const BASE_FONT: &[u8] = b"ZVNKSL+DejaVuSans";

/// The object numbers of the font's parts.
#[derive(Clone, Copy, Debug)]
pub struct FontRefs {
    pub type0: Ref,
    pub cid: Ref,
    pub descriptor: Ref,
    pub to_unicode: Ref,
    pub file: Ref,
}

/// The font while pages are drawn: every glyph shown gets a new id in the subset.
pub struct Font {
    face: Face<'static>,
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows (for ToUnicode).
    chars: BTreeMap<u16, char>,
}

impl Font {
    pub fn new() -> Result<Font, PdfError> {
        let face = Face::parse(DEJAVU_SANS, 0).map_err(|e| PdfError::Font(e.to_string()))?;
        Ok(Font {
            face,
            remapper: GlyphRemapper::new(),
            chars: BTreeMap::new(),
        })
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(c).unwrap_or(GlyphId(0))
    }

    /// Font units → thousandths of the size, as PDF widths are given.
    fn to_pdf(&self, units: f32) -> f32 {
        units * 1000.0 / f32::from(self.face.units_per_em())
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.face.glyph_hor_advance(self.glyph(c)).unwrap_or(0)))
            .sum();
        self.to_pdf(units as f32) * size / 1000.0
    }

    /// The bytes a `Tj` shows for `text`: two-byte glyph ids of the subset.
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = self.glyph(c);
            let new = self.remapper.remap(old.0);
            if old.0 != 0 {
                self.chars.entry(new).or_insert(c);
            }
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }

    /// Writes the font objects: the Type0 font, its CID font with widths, the descriptor,
    /// the ToUnicode map and the compressed subset.
    pub fn write(&self, pdf: &mut Pdf, refs: FontRefs) -> Result<(), PdfError> {
        let subset = subsetter::subset(DEJAVU_SANS, 0, &self.remapper)
            .map_err(|e| PdfError::Font(e.to_string()))?;
        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(refs.type0)
            .base_font(Name(BASE_FONT))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(refs.cid)
            .to_unicode(refs.to_unicode);

        let widths: Vec<f32> = self
            .remapper
            .remapped_gids()
            .map(|old| {
                self.to_pdf(f32::from(
                    self.face.glyph_hor_advance(GlyphId(old)).unwrap_or(0),
                ))
            })
            .collect();
        let mut cid = pdf.cid_font(refs.cid);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(BASE_FONT))
            .system_info(system_info)
            .font_descriptor(refs.descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(0, widths);
        drop(cid);

        let b = self.face.global_bounding_box();
        let scale = |v: i16| self.to_pdf(f32::from(v));
        pdf.font_descriptor(refs.descriptor)
            .name(Name(BASE_FONT))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                scale(b.x_min),
                scale(b.y_min),
                scale(b.x_max),
                scale(b.y_max),
            ))
            .italic_angle(0.0)
            .ascent(scale(self.face.ascender()))
            .descent(scale(self.face.descender()))
            .cap_height(scale(
                self.face.capital_height().unwrap_or(self.face.ascender()),
            ))
            .stem_v(80.0)
            .font_file2(refs.file);

        let mut cmap = UnicodeCmap::new(Name(b"Zvonok-UTF16"), system_info);
        for (gid, c) in &self.chars {
            cmap.pair(*gid, *c);
        }
        pdf.cmap(refs.to_unicode, &cmap.finish())
            .name(Name(b"Zvonok-UTF16"))
            .system_info(system_info);

        let packed = compress_to_vec_zlib(&subset, 6);
        pdf.stream(refs.file, &packed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_has_glyphs_and_widths() {
        let mut f = Font::new().expect("font");
        assert!(f.width("Щукина", 10.0) > f.width("Щука", 10.0));
        assert!(f.width("Ж", 20.0) > f.width("Ж", 10.0));
        let bytes = f.encode("Жж");
        assert_eq!(bytes.len(), 4);
        assert_ne!(&bytes[0..2], &[0, 0], "a real glyph, not .notdef");
        assert_ne!(&bytes[0..2], &bytes[2..4], "upper and lower case differ");
        assert_eq!(f.encode("ж"), bytes[2..4].to_vec(), "one id per glyph");
        assert_eq!(f.chars.len(), 2);
    }
}
