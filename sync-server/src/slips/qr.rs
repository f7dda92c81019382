//! QR codes as vector shapes: the module matrix of `qrcode`, turned into rows of dark runs
//! that the PDF fills as rectangles (nothing is rasterised).

use qrcode::{Color, EcLevel, QrCode};

use super::SlipError;

/// Light modules around the code that readers need.
pub const QUIET_ZONE: usize = 4;

/// A QR code's modules: `width × width`, row by row, `true` = dark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl Matrix {
    /// Encodes `payload` with error correction level M (15 % of the code may be damaged).
    pub fn encode(payload: &str) -> Result<Matrix, SlipError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .map_err(|e| SlipError::Qr(e.to_string()))?;
        Ok(Matrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Horizontal runs of dark modules: `(x, y, length)` in modules from the top left, without
    /// the quiet zone. One rectangle per run keeps the PDF small.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    out.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        out
    }

    /// Modules across with the quiet zone on both sides.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the runs the PDF gets into a grey image, `scale` pixels a module, with the
    /// quiet zone, and reads it back with an independent decoder.
    fn decode_runs(m: &Matrix, scale: usize) -> String {
        let side = m.width_with_quiet_zone() * scale;
        let mut img = vec![255u8; side * side];
        for (x, y, len) in m.runs() {
            for py in (y + QUIET_ZONE) * scale..(y + QUIET_ZONE + 1) * scale {
                for px in (x + QUIET_ZONE) * scale..(x + QUIET_ZONE + len) * scale {
                    img[py * side + px] = 0;
                }
            }
        }
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| img[y * side + x]);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code found");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn drawn_runs_decode_to_the_payload() {
        let payload = "http://192.168.10.20:8080/#/signin?login=shchukina.ia2&code=k7mp-2xqa-9fde";
        let m = Matrix::encode(payload).expect("encode");
        assert_eq!(m.dark.len(), m.width * m.width);
        assert_eq!(decode_runs(&m, 4), payload);
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = Matrix::encode("http://h/#/signin?login=a").expect("encode");
        let covered: usize = m.runs().iter().map(|r| r.2).sum();
        assert_eq!(covered, m.dark.iter().filter(|d| **d).count());
        assert!(
            m.runs().len() < covered,
            "adjacent modules share a rectangle"
        );
    }
}
