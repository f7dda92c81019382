//! CSV bytes → [`Table`]: encoding and delimiter detection, row numbers as Excel shows them.

use serde::{Deserialize, Serialize};

use crate::encoding::{decode, TextEncoding};
use crate::error::ImportError;
use crate::table::{Cell, Row, Table};

/// Field separators seen in school CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Delimiter {
    Semicolon,
    Comma,
    Tab,
}

impl Delimiter {
    /// In order of preference when a file is ambiguous.
    pub const ALL: [Delimiter; 3] = [Delimiter::Semicolon, Delimiter::Tab, Delimiter::Comma];

    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Semicolon => b';',
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
        }
    }

    pub fn from_char(c: char) -> Option<Delimiter> {
        match c {
            ';' => Some(Delimiter::Semicolon),
            ',' => Some(Delimiter::Comma),
            '\t' => Some(Delimiter::Tab),
            _ => None,
        }
    }

    /// Russian name for the UI: «точка с запятой».
    pub fn label(self) -> &'static str {
        match self {
            Delimiter::Semicolon => "точка с запятой",
            Delimiter::Comma => "запятая",
            Delimiter::Tab => "табуляция",
        }
    }
}

/// What the caller may force; `None` fields are detected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvOptions {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<Delimiter>,
}

/// A CSV file read into a table, with what was detected (for the UI to show and override).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRead {
    pub table: Table,
    pub encoding: TextEncoding,
    pub encoding_detected: bool,
    pub delimiter: Delimiter,
    pub delimiter_detected: bool,
}

/// Reads CSV bytes. The header is the first non-blank row; blank rows are skipped but still
/// counted, so row numbers match what Excel shows for the same file.
pub fn read_csv(bytes: &[u8], options: &CsvOptions) -> Result<CsvRead, ImportError> {
    let decoded = decode(bytes, options.encoding)?;
    let mut text = decoded.text.as_str();
    // Excel's hint line «sep=;» is not shown as a row.
    let mut hinted = None;
    if let Some(rest) = text.strip_prefix("sep=") {
        if let Some((c, d)) = rest
            .chars()
            .next()
            .and_then(|c| Delimiter::from_char(c).map(|d| (c, d)))
        {
            hinted = Some(d);
            let after = &rest[c.len_utf8()..];
            text = after
                .strip_prefix("\r\n")
                .or_else(|| after.strip_prefix('\n'))
                .unwrap_or(after);
        }
    }
    let (delimiter, delimiter_detected) = match (options.delimiter, hinted) {
        (Some(d), _) => (d, false),
        (None, Some(d)) => (d, true),
        (None, None) => (detect_delimiter(text), true),
    };
    let rows = parse_rows(text, delimiter)?;
    let table = Table::from_rows(rows).ok_or(ImportError::Empty)?;
    Ok(CsvRead {
        table,
        encoding: decoded.encoding,
        encoding_detected: decoded.detected,
        delimiter,
        delimiter_detected,
    })
}

/// Parses records and numbers them as Excel rows: every line break outside quotes starts a new
/// row, including blank lines the CSV parser skips. A record's row is 1 + the line breaks
/// before its first byte, less those inside quoted fields of earlier records.
fn parse_rows(text: &str, delimiter: Delimiter) -> Result<Vec<Row>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // Line breaks before the current record, and those of them inside quoted fields.
    let mut breaks: u64 = 0;
    let mut scanned: usize = 0;
    let mut inner_breaks: u64 = 0;
    for result in reader.records() {
        let record = result.map_err(|e| ImportError::Csv {
            line: e.position().map_or(0, |p| p.line()),
            detail: e.to_string(),
        })?;
        // The reader reports where it started looking: after the previous record's `\r`, so
        // line breaks (and blank lines) may come first.
        let mut start = record
            .position()
            .map_or(scanned, |p| p.byte() as usize)
            .min(text.len());
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > scanned {
            breaks += text.as_bytes()[scanned..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            scanned = start;
        }
        let number = 1 + breaks - inner_breaks;
        inner_breaks += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        rows.push(Row {
            number: u32::try_from(number).unwrap_or(u32::MAX),
            cells: record.iter().map(Cell::text).collect(),
        });
    }
    Ok(rows)
}

/// Picks the delimiter whose count, outside quotes, is non-zero in the header line and the
/// same in most of the first lines; ties go to `;`, then tab, then `,`.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let lines = sample_lines(text, 20);
    let Some(header) = lines.first() else {
        return Delimiter::Comma;
    };
    let mut best: Option<(usize, usize, Delimiter)> = None;
    for d in Delimiter::ALL {
        let idx = Delimiter::ALL.iter().position(|x| *x == d).unwrap_or(0);
        let in_header = header[idx];
        if in_header == 0 {
            continue;
        }
        let consistent = lines.iter().filter(|l| l[idx] == in_header).count();
        let better = match best {
            None => true,
            Some((c, h, _)) => (consistent, in_header) > (c, h),
        };
        if better {
            best = Some((consistent, in_header, d));
        }
    }
    best.map_or(Delimiter::Comma, |(_, _, d)| d)
}

/// Per non-blank line (up to `max`), the count of each of [`Delimiter::ALL`] outside quotes.
fn sample_lines(text: &str, max: usize) -> Vec<[usize; 3]> {
    let mut lines = Vec::new();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut blank = true;
    for ch in text.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                blank = false;
            }
            '\n' if !quoted => {
                if !blank {
                    lines.push(counts);
                    if lines.len() == max {
                        return lines;
                    }
                }
                counts = [0; 3];
                blank = true;
            }
            _ if quoted => {}
            c => {
                if let Some(d) = Delimiter::from_char(c) {
                    let idx = Delimiter::ALL.iter().position(|x| *x == d).unwrap_or(0);
                    counts[idx] += 1;
                }
                if !c.is_whitespace() {
                    blank = false;
                }
            }
        }
    }
    if !blank {
        lines.push(counts);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::encode_windows_1251;

    #[test]
    fn detects_semicolon_comma_and_tab() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n"), Delimiter::Semicolon);
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), Delimiter::Comma);
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), Delimiter::Tab);
        // Commas inside an address do not fool it.
        assert_eq!(
            detect_delimiter("ФИО;Адрес\nИванов И.;г. Пермь, ул. Ленина, д. 5\n"),
            Delimiter::Semicolon
        );
        // Nor do semicolons inside quotes.
        assert_eq!(
            detect_delimiter("ФИО,Адрес\nИванов,\"a;b;c\"\n"),
            Delimiter::Comma
        );
    }

    #[test]
    fn windows_1251_semicolon_file_is_read() {
        let text = "Фамилия;Имя;Класс\r\nИванов;Пётр;5А\r\n\r\nСидорова;Анна;5Б\r\n";
        let read = read_csv(&encode_windows_1251(text), &CsvOptions::default()).unwrap();
        assert_eq!(read.encoding, TextEncoding::Windows1251);
        assert_eq!(read.delimiter, Delimiter::Semicolon);
        assert_eq!(read.table.headers, vec!["Фамилия", "Имя", "Класс"]);
        let numbers: Vec<u32> = read.table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![2, 4]);
        assert_eq!(read.table.rows[1].cells[0], Cell::Text("Сидорова".into()));
    }

    #[test]
    fn multi_line_fields_and_sep_hint_keep_excel_row_numbers() {
        let text = "sep=,\nФИО,Адрес\nИванов,\"г. Пермь,\nул. Ленина\"\n\nПетров,Москва\n";
        let read = read_csv(text.as_bytes(), &CsvOptions::default()).unwrap();
        assert_eq!(read.delimiter, Delimiter::Comma);
        assert_eq!(read.table.header_row, 1);
        let numbers: Vec<u32> = read.table.rows.iter().map(|r| r.number).collect();
        // Excel: row 2 = Иванов (one cell with a line break), row 3 blank, row 4 = Петров.
        assert_eq!(numbers, vec![2, 4]);
    }

    #[test]
    fn forced_options_win() {
        let text = "a,b;c\n1,2;3\n";
        let read = read_csv(
            text.as_bytes(),
            &CsvOptions {
                encoding: Some(TextEncoding::Utf8),
                delimiter: Some(Delimiter::Semicolon),
            },
        )
        .unwrap();
        assert!(!read.delimiter_detected && !read.encoding_detected);
        assert_eq!(read.table.headers, vec!["a,b", "c"]);
    }

    #[test]
    fn empty_file_is_an_error() {
        assert_eq!(
            read_csv(b"\n \n", &CsvOptions::default()),
            Err(ImportError::Empty)
        );
    }
}
