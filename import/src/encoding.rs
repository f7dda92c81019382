//! Text encodings of CSV files: detection (BOM, valid UTF-8, else Windows-1251) and decoding,
//! with an optional encoding forced by the user; XML files by their declaration ([`decode_xml`]).

use serde::{Deserialize, Serialize};

use crate::error::ImportError;

/// The encodings a CSV file from a Russian school comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Excel's «CSV (разделители — запятые)» on Russian Windows.
    Windows1251,
}

impl TextEncoding {
    /// All encodings, in the order a UI offers them.
    pub const ALL: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Windows1251,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
    ];

    /// The name users know: «UTF-8», «Windows-1251».
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1251 => "Windows-1251",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1251 => encoding_rs::WINDOWS_1251,
        }
    }

    /// The byte order mark of this encoding (empty for Windows-1251).
    fn bom(self) -> &'static [u8] {
        match self {
            TextEncoding::Utf8 => b"\xEF\xBB\xBF",
            TextEncoding::Utf16Le => b"\xFF\xFE",
            TextEncoding::Utf16Be => b"\xFE\xFF",
            TextEncoding::Windows1251 => b"",
        }
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Text decoded from a file, with how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    /// The file started with a byte order mark.
    pub had_bom: bool,
    /// The encoding was detected (not forced by the caller).
    pub detected: bool,
}

/// Which encoding the bytes are in, and whether they start with its BOM: a BOM decides; then
/// valid UTF-8 is UTF-8; anything else is Windows-1251.
pub fn detect(bytes: &[u8]) -> (TextEncoding, bool) {
    for enc in [
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
    ] {
        if bytes.starts_with(enc.bom()) {
            return (enc, true);
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        (TextEncoding::Utf8, false)
    } else {
        (TextEncoding::Windows1251, false)
    }
}

/// Decodes `bytes` in `forced` or else the detected encoding. A forced encoding the bytes are
/// not valid in is an error (so the user picks another), never silently garbled text.
pub fn decode(bytes: &[u8], forced: Option<TextEncoding>) -> Result<Decoded, ImportError> {
    let (encoding, detected) = match forced {
        Some(enc) => (enc, false),
        None => (detect(bytes).0, true),
    };
    let had_bom = !encoding.bom().is_empty() && bytes.starts_with(encoding.bom());
    let body = if had_bom {
        &bytes[encoding.bom().len()..]
    } else {
        bytes
    };
    let (text, malformed) = encoding.codec().decode_without_bom_handling(body);
    if malformed {
        return Err(ImportError::WrongEncoding(encoding));
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
        had_bom,
        detected,
    })
}

/// Encodes text as Windows-1251 (for tests and for users who need such a CSV back).
pub fn encode_windows_1251(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1251.encode(text).0.into_owned()
}

/// The text of an XML file: a byte order mark decides; then the encoding the declaration
/// names (`<?xml version="1.0" encoding="windows-1251"?>`); without one, UTF-8 (or, for bytes
/// that are not UTF-8, Windows-1251).
pub fn decode_xml(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let (found, bom) = detect(bytes);
    if bom {
        return Ok(decode(bytes, Some(found))?.text);
    }
    let Some(label) = declared_encoding(bytes) else {
        return Ok(decode(bytes, None)?.text);
    };
    let codec = encoding_rs::Encoding::for_label(label.as_bytes())
        .ok_or_else(|| ImportError::UnknownXmlEncoding(label.clone()))?;
    let (text, malformed) = codec.decode_without_bom_handling(bytes);
    if malformed {
        let known = if codec == encoding_rs::WINDOWS_1251 {
            TextEncoding::Windows1251
        } else {
            TextEncoding::Utf8
        };
        return Err(ImportError::WrongEncoding(known));
    }
    Ok(text.into_owned())
}

/// The `encoding` of the XML declaration at the start of `bytes`, if any (ASCII there in
/// every encoding aSc writes).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Фамилия;Имя;Класс\nИванов;Пётр;5А\n";

    #[test]
    fn detects_utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes(), None).unwrap();
        assert_eq!((plain.encoding, plain.had_bom), (TextEncoding::Utf8, false));
        assert_eq!(plain.text, SAMPLE);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        let with = decode(&bom, None).unwrap();
        assert_eq!((with.encoding, with.had_bom), (TextEncoding::Utf8, true));
        assert_eq!(with.text, SAMPLE);
    }

    #[test]
    fn detects_utf16_by_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le, None).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Le);
        assert_eq!(d.text, SAMPLE);
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let d = decode(&be, None).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf16Be);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn falls_back_to_windows_1251() {
        let bytes = encode_windows_1251(SAMPLE);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, TextEncoding::Windows1251);
        assert!(d.detected);
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn a_forced_encoding_that_does_not_fit_is_an_error() {
        let bytes = encode_windows_1251(SAMPLE);
        assert_eq!(
            decode(&bytes, Some(TextEncoding::Utf8)),
            Err(ImportError::WrongEncoding(TextEncoding::Utf8))
        );
        // Forcing 1251 on UTF-8 bytes decodes (as mojibake): the user sees it in the preview.
        let d = decode(SAMPLE.as_bytes(), Some(TextEncoding::Windows1251)).unwrap();
        assert!(!d.detected);
        assert_ne!(d.text, SAMPLE);
    }

    #[test]
    fn the_declared_encoding_is_read() {
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a/>").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'UTF-8' ?>").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(declared_encoding(b"<?xml version=\"1.0\"?><a/>"), None);
        assert_eq!(declared_encoding(b"<a/>"), None);
    }
}
