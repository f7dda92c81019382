//! The printable timetable of the demo school: `GET /v1/web/timetable/print.xlsx` read back
//! with calamine and checked cell by cell against the timetable document, by class, teacher
//! and room; `GET /v1/web/timetable/print.pdf` parsed with lopdf: one page per class (or the
//! one asked for), the Cyrillic text extractable through the ToUnicode map; a parent and a
//! student are refused, unknown views and ids explained.

mod common;

use std::collections::BTreeSet;
use std::io::Cursor;

use axum::http::{header, StatusCode};
use calamine::{Data, Range, Reader, Xlsx};
use common::Harness;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

const BIG: usize = 64 * 1024 * 1024;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::model::{weekday_ru, Slot};
use zvonok_core::rights::Cohort;
use zvonok_server::docstore::lock;

fn school_and_timetable(h: &Harness) -> (SchoolData, TimetableData) {
    let school = h.state.index().expect("index").school.clone();
    let year = school.current_year.expect("the demo has a current year");
    let rec = h
        .state
        .storage
        .docs()
        .expect("docs")
        .into_iter()
        .find(|r| r.kind == DocKind::Timetable && r.meta.year == Some(year))
        .expect("the current timetable");
    let shared = h
        .state
        .docs
        .get(rec.id, rec.kind)
        .expect("get")
        .expect("stored");
    let tt = TimetableData::from_doc(&lock(&shared).doc).expect("timetable");
    (school, tt)
}

fn sheets(bytes: &[u8]) -> Vec<(String, Range<Data>)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            (name, range)
        })
        .collect()
}

fn cell(r: &Range<Data>, row: u32, col: u32) -> String {
    r.get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The row of lesson `number` on a sheet (numbers start at the fifth row).
fn row_of(r: &Range<Data>, number: u8) -> u32 {
    (4..r.height() as u32)
        .find(|&row| cell(r, row, 0).starts_with(&format!("{number} урок")))
        .unwrap_or_else(|| panic!("a row for lesson {number}"))
}

fn subject(s: &SchoolData, slot: &Slot) -> String {
    s.subjects[&slot.subject].name.clone()
}

fn cohort(s: &SchoolData, slot: &Slot) -> String {
    let class = s.classes[&slot.cohort.class()].name();
    match slot.cohort {
        Cohort::Class(_) => class,
        Cohort::Group { group, .. } => format!("{class}, {}", s.groups[&group].name),
    }
}

#[tokio::test]
async fn xlsx_sheets_by_class_teacher_and_room_hold_the_timetable() {
    let started = std::time::Instant::now();
    let h = Harness::new(BIG);
    let (school, tt) = school_and_timetable(&h);
    assert!(tt.slots.len() > 20, "the demo has a timetable");
    let teacher = h.login("teacher").await;

    // By class: one sheet per class of the year, named after it, every lesson in its cell.
    let (s, headers, bytes) = h
        .get(&teacher.token, "/v1/web/timetable/print.xlsx?by=class")
        .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        headers[header::CONTENT_TYPE],
        zvonok_server::api::download::XLSX
    );
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"timetable-class.xlsx\""
    );
    let book = sheets(&bytes);
    let mut classes: Vec<_> = school
        .classes
        .values()
        .filter(|c| c.year == tt.year)
        .collect();
    classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
    let names: Vec<String> = book.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names, classes.iter().map(|c| c.name()).collect::<Vec<_>>());
    let week = usize::from(school.week_days);
    for ((_, r), class) in book.iter().zip(&classes) {
        assert!(
            cell(r, 0, 0).contains(&school.card.name),
            "{}",
            cell(r, 0, 0)
        );
        assert!(cell(r, 0, 0).contains(&school.years[&tt.year].title));
        assert_eq!(cell(r, 1, 0), format!("Класс {}", class.name()));
        for d in 0..week {
            let day = zvonok_core::model::weekday_from_number(d as i64 + 1).expect("day");
            assert_eq!(cell(r, 3, d as u32 + 1).to_lowercase(), weekday_ru(day));
        }
        let mut filled = 0;
        for slot in tt.slots.values().filter(|s| s.cohort.class() == class.id) {
            let text = cell(r, row_of(r, slot.number), slot.weekday.number_from_monday());
            assert!(text.contains(&subject(&school, slot)), "{text}");
            assert!(
                text.contains(&school.staff[&slot.teacher].short_name()),
                "{text}"
            );
            if !slot.room.is_empty() {
                assert!(text.contains(&format!("каб. {}", slot.room)), "{text}");
            }
            if let Cohort::Group { group, .. } = slot.cohort {
                assert!(text.contains(&school.groups[&group].name), "{text}");
            }
            filled += 1;
        }
        // Nothing else is printed: every filled cell holds one of the class's lessons.
        let cells = (4..r.height() as u32)
            .flat_map(|row| (1..=week as u32).map(move |c| (row, c)))
            .filter(|&(row, c)| !cell(r, row, c).is_empty())
            .count();
        let places: BTreeSet<(u32, u8)> = tt
            .slots
            .values()
            .filter(|s| s.cohort.class() == class.id)
            .map(|s| (s.weekday.number_from_monday(), s.number))
            .collect();
        assert_eq!(cells, places.len());
        assert!(filled >= places.len());
        // Bell times next to the lesson numbers.
        let bell = &school.bells[0];
        assert_eq!(
            cell(r, row_of(r, bell.number), 0),
            format!("{} урок\n{}–{}", bell.number, bell.start, bell.end)
        );
    }

    // One teacher: the class (or group), subject and room of each of their lessons.
    let staff_id = tt.slots.values().next().expect("a slot").teacher;
    let (s, headers, bytes) = h
        .get(
            &teacher.token,
            &format!("/v1/web/timetable/print.xlsx?by=teacher&id={staff_id}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let file = headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(
        file.starts_with("attachment; filename=\"timetable-teacher-"),
        "{file}"
    );
    let book = sheets(&bytes);
    assert_eq!(book.len(), 1);
    let r = &book[0].1;
    let m = &school.staff[&staff_id];
    assert_eq!(
        cell(r, 1, 0),
        format!("Учитель {} {} {}", m.last_name, m.first_name, m.middle_name)
    );
    let mine: Vec<&Slot> = tt
        .slots
        .values()
        .filter(|s| s.teacher == staff_id)
        .collect();
    assert!(!mine.is_empty());
    for slot in &mine {
        let text = cell(r, row_of(r, slot.number), slot.weekday.number_from_monday());
        assert!(text.contains(&cohort(&school, slot)), "{text}");
        assert!(text.contains(&subject(&school, slot)), "{text}");
    }

    // By room: one sheet per room the timetable names.
    let (s, _, bytes) = h
        .get(&teacher.token, "/v1/web/timetable/print.xlsx?by=room")
        .await;
    assert_eq!(s, StatusCode::OK);
    let rooms: BTreeSet<&str> = tt
        .slots
        .values()
        .map(|s| s.room.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    let book = sheets(&bytes);
    assert_eq!(book.len(), rooms.len());
    for (_, r) in &book {
        let room = cell(r, 1, 0).trim_start_matches("Кабинет ").to_string();
        for slot in tt.slots.values().filter(|s| s.room == room) {
            let text = cell(r, row_of(r, slot.number), slot.weekday.number_from_monday());
            assert!(text.contains(&cohort(&school, slot)), "{room}: {text}");
            assert!(
                text.contains(&school.staff[&slot.teacher].short_name()),
                "{text}"
            );
        }
    }
    eprintln!("timetable print xlsx test: {:?}", started.elapsed());
}

#[tokio::test]
async fn pdf_has_a_page_per_class_with_searchable_cyrillic() {
    let started = std::time::Instant::now();
    let h = Harness::new(BIG);
    let (school, tt) = school_and_timetable(&h);
    let director = h.login("director").await;
    let (s, headers, pdf) = h
        .get(&director.token, "/v1/web/timetable/print.pdf?by=class")
        .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(
        headers[header::CONTENT_TYPE],
        zvonok_server::api::download::PDF
    );
    assert!(pdf.starts_with(b"%PDF"));
    // Kept for a look: `convert -density 80 …/timetable-by-class.pdf[0] page.png`.
    std::fs::write(std::env::temp_dir().join("timetable-by-class.pdf"), &pdf).expect("write");
    let doc = lopdf::Document::load_mem(&pdf).expect("a valid PDF");
    let pages = doc.get_pages();
    let mut classes: Vec<_> = school
        .classes
        .values()
        .filter(|c| c.year == tt.year)
        .collect();
    classes.sort_by(|a, b| (a.grade, &a.letter).cmp(&(b.grade, &b.letter)));
    assert_eq!(pages.len(), classes.len(), "one page per class");
    // A4 landscape.
    let (_, first) = pages.iter().next().expect("a page");
    let media = doc
        .get_object(*first)
        .and_then(|o| o.as_dict().cloned())
        .and_then(|d| d.get(b"MediaBox").cloned())
        .expect("a media box");
    let sides: Vec<f32> = media
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_float().expect("number"))
        .collect();
    assert!(sides[2] > sides[3], "landscape: {sides:?}");
    // Every line of text starts inside the page's margins (1 cm), on every page.
    for (n, id) in &pages {
        let content = doc.get_page_content(*id);
        let ops = lopdf::content::Content::decode(&content).expect("operations");
        let mut lines = 0;
        for op in ops.operations.iter().filter(|o| o.operator == "Td") {
            let x = op.operands[0].as_float().expect("x");
            let y = op.operands[1].as_float().expect("y");
            assert!(
                (28.0..sides[2] - 28.0).contains(&x) && (28.0..sides[3] - 28.0).contains(&y),
                "page {n}: text at ({x}, {y})"
            );
            lines += 1;
        }
        assert!(lines > 20, "page {n} has its table: {lines} lines");
    }
    // The first page is the first class's, with its lessons, through the ToUnicode map.
    let text = doc.extract_text(&[1]).expect("text");
    let first_class = classes[0];
    assert!(
        text.contains(&format!("Класс {}", first_class.name())),
        "{text}"
    );
    assert!(text.contains("Понедельник"), "{text}");
    assert!(text.contains(&school.card.name), "{text}");
    let slot = tt
        .slots
        .values()
        .find(|s| s.cohort.class() == first_class.id)
        .expect("the first class has lessons");
    assert!(text.contains(&subject(&school, slot)), "{text}");

    // One room's page.
    let room = tt
        .slots
        .values()
        .map(|s| s.room.clone())
        .find(|r| !r.is_empty())
        .expect("a room");
    let (s, _, pdf) = h
        .get(
            &director.token,
            &format!(
                "/v1/web/timetable/print.pdf?by=room&id={}",
                utf8_percent_encode(&room, NON_ALPHANUMERIC)
            ),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let doc = lopdf::Document::load_mem(&pdf).expect("a valid PDF");
    assert_eq!(doc.get_pages().len(), 1);
    assert!(doc
        .extract_text(&[1])
        .expect("text")
        .contains(&format!("Кабинет {room}")));
    eprintln!("timetable print pdf test: {:?}", started.elapsed());
}

#[tokio::test]
async fn parents_and_students_are_refused_and_bad_requests_explained() {
    let h = Harness::new(BIG);
    for login in ["parent", "parent0001", "student0001"] {
        let who = h.login(login).await;
        for path in [
            "/v1/web/timetable/print.xlsx?by=class",
            "/v1/web/timetable/print.pdf?by=teacher",
        ] {
            let (s, _, b) = h.get(&who.token, path).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{login} {path}");
            assert!(String::from_utf8_lossy(&b).contains("сотрудник"));
        }
    }
    let t = h.login("teacher").await;
    let (s, _, b) = h
        .get(&t.token, "/v1/web/timetable/print.pdf?by=pupil")
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&b).contains("by=class"));
    let (s, _, b) = h
        .get(&t.token, "/v1/web/timetable/print.xlsx?by=room&id=nowhere")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(String::from_utf8_lossy(&b).contains("nowhere"));
    let (s, _, _) = h.get("", "/v1/web/timetable/print.xlsx?by=class").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}
