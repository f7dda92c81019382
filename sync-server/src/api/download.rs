//! Files the server answers for download (XLSX exports, PDF slips): one place that sets the
//! content type and the `Content-Disposition` with the file name.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// The content type of an Excel workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The content type of a PDF document.
pub const PDF: &str = "application/pdf";

/// `bytes` as an attachment named `file`: a plain `filename="…"` for an ASCII name, the
/// RFC 5987 `filename*=UTF-8''…` form for any other («class-5А.xlsx»).
pub fn attachment(content_type: &'static str, file: &str, bytes: Vec<u8>) -> Response {
    let plain = file
        .bytes()
        .all(|b| (b.is_ascii_graphic() && b != b'"' && b != b'\\') || b == b' ');
    let disposition = if plain {
        format!("attachment; filename=\"{file}\"")
    } else {
        format!("attachment; filename*=UTF-8''{}", percent(file))
    };
    (
        [
            (CONTENT_TYPE, content_type.to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// RFC 5987 encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disposition(file: &str) -> String {
        let r = attachment(XLSX, file, Vec::new());
        r.headers()[CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii header")
            .to_string()
    }

    #[test]
    fn ascii_names_are_plain_and_others_encoded() {
        assert_eq!(
            disposition("audit-2026-12-05.xlsx"),
            "attachment; filename=\"audit-2026-12-05.xlsx\""
        );
        assert_eq!(
            disposition("class-5А.xlsx"),
            "attachment; filename*=UTF-8''class-5%D0%90.xlsx"
        );
        assert_eq!(
            disposition("a\"b.xlsx"),
            "attachment; filename*=UTF-8''a%22b.xlsx"
        );
    }
}
