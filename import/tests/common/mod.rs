//! Test files built in code: one list of students with good rows, a sibling sharing a parent,
//! look-alike class names, a blank row, a bad date, a missing class, a duplicate, a missing
//! first name and a bad parent phone; written as CSV (any delimiter) or XLSX.

#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zvonok_import::{RowProblem, RowStatus};

pub fn classes() -> Vec<String> {
    ["5А", "5Б", "6А"].iter().map(|s| s.to_string()).collect()
}

pub const HEADER: [&str; 12] = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Класс",
    "Пол",
    "ФИО родителя 1",
    "Кем приходится",
    "Телефон родителя 1",
    "ФИО родителя 2",
    "Кем приходится",
    "Телефон родителя 2",
];

/// Rows 2… of the file; an empty slice is a blank row (row 5).
pub const ROWS: [&[&str]; 9] = [
    // 2: good, two parents.
    &[
        "Иванов",
        "Пётр",
        "Сергеевич",
        "01.09.2013",
        "5А",
        "м",
        "Иванова Мария Петровна",
        "мать",
        "+7 912 000-00-01",
        "Иванов Сергей Олегович",
        "отец",
        "8 912 000 00 02",
    ],
    // 3: good, sister sharing the mother (same name and phone, written differently), «5 а».
    &[
        "Иванова",
        "Анна",
        "Сергеевна",
        "2014-03-15",
        "5 а",
        "ж",
        "ИВАНОВА Мария  Петровна",
        "Мать",
        "89120000001",
        "",
        "",
        "",
    ],
    // 4: good, Latin «5A».
    &[
        "Петров",
        "Илья",
        "",
        "3.4.2013",
        "5A",
        "м",
        "Петрова Ольга Ивановна",
        "мать",
        "9120000003",
        "",
        "",
        "",
    ],
    // 5: blank.
    &[],
    // 6: no such date.
    &[
        "Сидоров",
        "Олег",
        "Ильич",
        "31.02.2013",
        "5Б",
        "м",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    // 7: no such class.
    &[
        "Кузнецова",
        "Ева",
        "",
        "10.10.2013",
        "7Г",
        "ж",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    // 8: duplicate of row 2.
    &[
        "Иванов",
        "Пётр",
        "Сергеевич",
        "01.09.2013",
        "5А",
        "м",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    // 9: no first name.
    &[
        "Смирнов",
        "",
        "",
        "05.05.2013",
        "6А",
        "м",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    // 10: bad parent phone.
    &[
        "Орлова",
        "Дарья",
        "",
        "12.12.2012",
        "6А",
        "ж",
        "Орлов Павел",
        "отец",
        "12345",
        "",
        "",
        "",
    ],
];

/// The exact errors the file must produce: (row, column, problem).
pub fn expected_errors() -> Vec<(u32, Option<String>, RowProblem)> {
    let col = |s: &str| Some(s.to_string());
    vec![
        (
            6,
            col("Дата рождения"),
            RowProblem::NoSuchDate {
                value: "31.02.2013".into(),
            },
        ),
        (
            7,
            col("Класс"),
            RowProblem::UnknownClass {
                value: "7Г".into(),
                known: classes(),
            },
        ),
        (
            8,
            None,
            RowProblem::Duplicate {
                who: "ученик «Иванов Пётр Сергеевич» (01.09.2013)".into(),
                first_row: 2,
            },
        ),
        (9, col("Имя"), RowProblem::Missing),
        (
            10,
            col("Телефон родителя 1"),
            RowProblem::BadPhone {
                value: "12345".into(),
            },
        ),
    ]
}

pub fn expected_statuses() -> Vec<(u32, RowStatus)> {
    use RowStatus::*;
    vec![
        (2, Add),
        (3, Add),
        (4, Add),
        (6, Error),
        (7, Error),
        (8, Error),
        (9, Error),
        (10, Error),
    ]
}

fn quote(cell: &str, delimiter: char) -> String {
    if cell.contains(delimiter) || cell.contains('"') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The file as CSV text with `delimiter` and CRLF line ends (as Excel writes it).
pub fn csv_text(delimiter: char) -> String {
    let line = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| quote(c, delimiter))
            .collect::<Vec<_>>()
            .join(&delimiter.to_string())
    };
    let mut out = line(&HEADER);
    out.push_str("\r\n");
    for row in ROWS {
        out.push_str(&line(row));
        out.push_str("\r\n");
    }
    out
}

/// The file as XLSX: good dates as real Excel dates (one as a bare serial number), the bad
/// date as text, the blank row left empty.
pub fn xlsx_bytes() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let sheet = book.add_worksheet();
    sheet.set_name("Ученики").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, row) in ROWS.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if cell.is_empty() {
                continue;
            }
            if c == 3 {
                if let Ok(d) = zvonok_import::dates::parse_date(cell) {
                    use chrono::Datelike;
                    if r == 3 {
                        // Row 4 («3.4.2013»): a number with no date format.
                        let serial =
                            (d - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
                        sheet.write_number(r, c, serial as f64).unwrap();
                    } else {
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .unwrap();
                        sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    continue;
                }
            }
            sheet.write_string(r, c, *cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}
