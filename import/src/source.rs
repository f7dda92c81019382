//! One entry point for an uploaded file: XLSX when the bytes are a ZIP container, CSV
//! otherwise; reports what was detected so the UI can show it and let the user override.

use serde::{Deserialize, Serialize};

use crate::csv_read::{read_csv, CsvOptions, Delimiter};
use crate::encoding::TextEncoding;
use crate::error::ImportError;
use crate::table::Table;
use crate::xlsx_read::{is_xlsx, read_xlsx};

/// What the user may choose in the preview; `None` means "detect".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    pub csv: CsvOptions,
    /// XLSX: the sheet to read (default: the first).
    pub sheet: Option<String>,
}

/// How the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceFormat {
    Csv {
        encoding: TextEncoding,
        encoding_detected: bool,
        delimiter: Delimiter,
        delimiter_detected: bool,
    },
    Xlsx {
        sheet: String,
        sheets: Vec<String>,
    },
}

/// A file read into a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadTable {
    pub table: Table,
    pub format: SourceFormat,
}

/// Reads CSV or XLSX bytes into a table.
pub fn read_table(bytes: &[u8], options: &ReadOptions) -> Result<ReadTable, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    if is_xlsx(bytes) {
        let read = read_xlsx(bytes, options.sheet.as_deref())?;
        return Ok(ReadTable {
            table: read.table,
            format: SourceFormat::Xlsx {
                sheet: read.sheet,
                sheets: read.sheets,
            },
        });
    }
    let read = read_csv(bytes, &options.csv)?;
    Ok(ReadTable {
        table: read.table,
        format: SourceFormat::Csv {
            encoding: read.encoding,
            encoding_detected: read.encoding_detected,
            delimiter: read.delimiter,
            delimiter_detected: read.delimiter_detected,
        },
    })
}
