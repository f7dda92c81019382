//! Pages drawn with the embedded font into one PDF file: the catalog, the page tree, one page
//! per content stream (compressed), the font objects once.

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{Filter, Finish, Pdf, Rect, Ref};

use super::font::{Font, FontRefs};
use super::text::FONT;
use super::PdfError;

/// The long side of an A4 page, in points.
pub const A4_LONG: f32 = 841.89;
/// The short side of an A4 page, in points.
pub const A4_SHORT: f32 = 595.28;

/// One PDF of `pages` (content streams that show text in [`FONT`]), each `width` × `height`
/// points, with `font` written once after every page used it.
pub fn assemble(
    pages: &[Vec<u8>],
    width: f32,
    height: f32,
    font: &Font,
) -> Result<Vec<u8>, PdfError> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let refs = FontRefs {
        type0: Ref::new(3),
        cid: Ref::new(4),
        descriptor: Ref::new(5),
        to_unicode: Ref::new(6),
        file: Ref::new(7),
    };
    let page_ref = |i: usize| Ref::new(8 + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(9 + 2 * i as i32);
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..pages.len()).map(page_ref))
        .count(pages.len() as i32);
    for (i, content) in pages.iter().enumerate() {
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, width, height))
            .parent(tree)
            .contents(content_ref(i));
        page.resources().fonts().pair(FONT, refs.type0);
        page.finish();
        pdf.stream(content_ref(i), &compress_to_vec_zlib(content, 6))
            .filter(Filter::FlateDecode);
    }
    font.write(&mut pdf, refs)?;
    Ok(pdf.finish())
}
