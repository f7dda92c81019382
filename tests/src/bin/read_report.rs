//! `zvonok-read-report`: reads a downloaded report back for the browser story
//! (`tests/web/reports.mjs`) and prints it as JSON on stdout.
//!
//!   zvonok-read-report xlsx FILE   {"sheets":[{"name":…,"rows":[[cell,…],…]}]}
//!                                  a cell is a string, a number or null (empty)
//!   zvonok-read-report pdf FILE    {"pages":N,"text":"…"} (the text of every page, by lopdf)

use std::path::Path;

use anyhow::{bail, Context, Result};
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::{json, Value};

fn cell(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Null,
        Data::String(s) => json!(s),
        Data::Float(f) => json!(f),
        Data::Int(i) => json!(i),
        Data::Bool(b) => json!(b),
        other => json!(other.to_string()),
    }
}

fn xlsx(path: &Path) -> Result<Value> {
    let mut book: Xlsx<_> =
        open_workbook(path).with_context(|| format!("{} is not an XLSX file", path.display()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .with_context(|| format!("sheet «{name}»"))?;
        // Absolute positions: row and column 0 are A1 even when the sheet starts later.
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Value>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![Value::Null; c0 as usize];
            cells.extend(row.iter().map(cell));
            rows.push(cells);
        }
        sheets.push(json!({ "name": name, "rows": rows }));
    }
    Ok(json!({ "sheets": sheets }))
}

fn pdf(path: &Path) -> Result<Value> {
    let doc = lopdf::Document::load(path)
        .with_context(|| format!("{} is not a PDF file", path.display()))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).context("the PDF's text")?;
    Ok(json!({ "pages": pages.len(), "text": text }))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = match args.as_slice() {
        [kind, file] if kind == "xlsx" => xlsx(Path::new(file))?,
        [kind, file] if kind == "pdf" => pdf(Path::new(file))?,
        _ => bail!("usage: zvonok-read-report xlsx|pdf FILE"),
    };
    println!("{out}");
    Ok(())
}
