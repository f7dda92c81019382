//! The period reports over the demo school, in process: a teacher gives final marks through
//! the browser's endpoint; «Итоги успеваемости» of that class is checked cell by cell against a
//! computation in this test from the journals read through `GET /v1/web/journals/{doc}`; the
//! XLSX is read back with calamine and the PDF parsed with lopdf (Cyrillic text); CSV only
//! for a one-table report; a parent reads their own child's report card only, and no class or
//! school report.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use common::Harness;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::doc::DocKind;
use zvonok_core::marks::MarkValue;
use zvonok_core::reports::period_results::PeriodResults;
use zvonok_core::reports::report_card::ReportCard;
use zvonok_core::views::grid::JournalGrid;
use zvonok_core::wire::{DocsResponse, ReportsIndex, UserInfo};

const BIG: usize = 64 * 1024 * 1024;

async fn json<T: serde::de::DeserializeOwned>(h: &Harness, token: &str, uri: &str) -> T {
    let (s, _, b) = h.get(token, uri).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

async fn op(h: &Harness, token: &str, doc: &str, op: &JournalOp) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/v1/web/journals/{doc}/ops"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_string(op).expect("json")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
}

/// The test's own tally of one subject: [n5, n4, n3, n2, н/а, зч, нз, none, осв].
#[derive(Default, Clone, Copy, Debug)]
struct Tally([u32; 9]);

impl Tally {
    fn add(&mut self, shown: Option<&str>) {
        let i = match shown {
            Some("5") => 0,
            Some("4") => 1,
            Some("3") => 2,
            Some("2") | Some("1") => 3,
            Some("н/а") => 4,
            Some("зч") => 5,
            Some("нз") => 6,
            None => 7,
            Some("осв") => 8,
            Some(other) => panic!("unexpected final {other}"),
        };
        self.0[i] += 1;
    }
    fn n(&self) -> u32 {
        self.0[..8].iter().sum()
    }
    /// (N, успеваемость, качество, СОУ, average) as plain floating point.
    fn figures(&self) -> (u32, Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
        let [n5, n4, n3, n2, na, pass, _, _, _] = self.0.map(f64::from);
        let n = f64::from(self.n());
        let pct = |x: f64| (n > 0.0).then(|| 100.0 * x / n);
        let points = n5 + n4 + n3 + n2;
        let avg = (points > 0.0).then(|| (5.0 * n5 + 4.0 * n4 + 3.0 * n3 + 2.0 * n2) / points);
        (
            self.n(),
            pct(n5 + n4 + n3 + pass),
            pct(n5 + n4),
            (n > 0.0).then(|| (100.0 * n5 + 64.0 * n4 + 36.0 * n3 + 16.0 * n2 + 7.0 * na) / n),
            avg,
        )
    }
}

fn close(report: Option<u32>, mine: Option<f64>, what: &str) {
    match (report, mine) {
        (None, None) => {}
        (Some(r), Some(m)) => assert!(
            (f64::from(r) / 100.0 - m).abs() < 0.0051,
            "{what}: report {r}, computed {m}"
        ),
        other => panic!("{what}: {other:?}"),
    }
}

#[tokio::test]
async fn class_results_match_an_independent_count_and_export() {
    let started = std::time::Instant::now();
    let h = Harness::new(BIG);
    let coordinator = h.login("coordinator").await;
    let teacher = h.login("teacher").await;
    let index: ReportsIndex = json(&h, &coordinator.token, "/v1/web/reports").await;
    assert!(index.school, "the coordinator reads every journal");
    let period = index.current_period.expect("a current period");
    let period_title = index
        .periods
        .iter()
        .find(|p| p.id == period)
        .expect("listed")
        .title
        .clone();

    // The teacher's mathematics journal of this period: finals for every kind of value.
    let docs: DocsResponse = json(&h, &teacher.token, "/v1/docs").await;
    let math = docs
        .docs
        .iter()
        .find(|d| {
            d.kind == DocKind::Journal
                && d.title.contains("Математика")
                && d.title.ends_with(&period_title)
        })
        .expect("the teacher keeps a mathematics journal this period");
    let class_name = math.title.split(" · ").next().expect("class").to_string();
    let class = index
        .classes
        .iter()
        .find(|c| c.name == class_name)
        .expect("the class is listed")
        .id;
    let grid: JournalGrid =
        json(&h, &teacher.token, &format!("/v1/web/journals/{}", math.id)).await;
    let values = [
        Some(MarkValue::Points(5)),
        Some(MarkValue::Exempt),
        Some(MarkValue::Points(4)),
        Some(MarkValue::NotAssessed),
        Some(MarkValue::Points(3)),
        None,
        Some(MarkValue::Points(2)),
        Some(MarkValue::Points(5)),
    ];
    for (row, value) in grid.rows.iter().zip(values.iter().cycle()) {
        let set = JournalOp::SetFinal {
            student: row.student,
            value: *value,
        };
        op(&h, &teacher.token, &math.id.to_string(), &set).await;
    }

    // The test's own count, journal by journal of the class and period, read as the browser
    // reads them.
    let all: DocsResponse = json(&h, &coordinator.token, "/v1/docs").await;
    let mut mine: BTreeMap<String, Tally> = BTreeMap::new();
    for d in all.docs.iter().filter(|d| {
        d.kind == DocKind::Journal
            && d.title.split(" · ").next() == Some(class_name.as_str())
            && d.title.ends_with(&period_title)
    }) {
        let parts: Vec<&str> = d.title.split(" · ").collect();
        let subject = parts[parts.len() - 2].to_string();
        let g: JournalGrid = json(
            &h,
            &coordinator.token,
            &format!("/v1/web/journals/{}", d.id),
        )
        .await;
        let tally = mine.entry(subject).or_default();
        for r in &g.rows {
            tally.add(r.final_mark.as_deref());
        }
    }
    assert!(mine.len() > 3, "the class has several subjects: {mine:?}");

    let q = format!("period={period}&class={class}");
    let report: PeriodResults = json(
        &h,
        &coordinator.token,
        &format!("/v1/web/reports/results?{q}"),
    )
    .await;
    assert_eq!(report.classes.len(), 1);
    let table = &report.classes[0];
    assert_eq!(table.title, format!("Класс {class_name}"));
    let labels: Vec<&str> = table.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, mine.keys().map(String::as_str).collect::<Vec<_>>());
    let mut total = Tally::default();
    for row in &table.rows {
        let t = mine[&row.label];
        for (i, v) in t.0.iter().enumerate() {
            total.0[i] += v;
        }
        let c = &row.counts;
        assert_eq!(
            [
                c.n5,
                c.n4,
                c.n3,
                c.n2,
                c.not_assessed,
                c.pass,
                c.fail,
                c.missing,
                c.exempt
            ],
            t.0,
            "{}",
            row.label
        );
        let (n, success, quality, sou, avg) = t.figures();
        assert_eq!(row.n, n, "{}", row.label);
        close(row.success, success, "успеваемость");
        close(row.quality, quality, "качество");
        close(row.sou, sou, "СОУ");
        close(row.average, avg, "средний балл");
    }
    let maths = &table.rows[labels
        .iter()
        .position(|l| *l == "Математика")
        .expect("maths")];
    assert!(
        maths.counts.n5 >= 1 && maths.counts.exempt >= 1 && maths.counts.missing >= 1,
        "{maths:?}"
    );
    let (n, success, quality, sou, avg) = total.figures();
    assert_eq!(table.total.n, n);
    close(table.total.success, success, "итого успеваемость");
    close(table.total.quality, quality, "итого качество");
    close(table.total.sou, sou, "итого СОУ");
    close(table.total.average, avg, "итого средний балл");
    assert!(report.legend.iter().any(|l| l.contains("СОУ")));

    // XLSX: the class's sheet holds the same table from its fifth row.
    let (s, headers, bytes) = h
        .get(
            &coordinator.token,
            &format!("/v1/web/reports/results.xlsx?{q}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        headers[header::CONTENT_TYPE],
        zvonok_server::api::download::XLSX
    );
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("an XLSX workbook");
    assert_eq!(book.sheet_names(), vec![class_name.clone()]);
    let range = book.worksheet_range(&class_name).expect("sheet");
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(3, 0).to_string(), "Предмет");
    for (i, row) in table.rows.iter().chain([&table.total]).enumerate() {
        let r = i as u32 + 4;
        assert_eq!(cell(r, 0).to_string(), row.label);
        assert_eq!(cell(r, 1), Data::Float(f64::from(row.n)), "{}", row.label);
        assert_eq!(cell(r, 2), Data::Float(f64::from(row.counts.n5)));
        assert_eq!(cell(r, 10), Data::Float(f64::from(row.counts.exempt)));
        match row.sou {
            Some(v) => assert_eq!(cell(r, 13), Data::Float(f64::from(v) / 100.0)),
            None => assert_eq!(cell(r, 13).to_string(), "—"),
        }
    }
    let legend_row = table.rows.len() as u32 + 6;
    assert!(
        cell(legend_row, 0).to_string().starts_with("N —"),
        "{:?}",
        cell(legend_row, 0)
    );

    // PDF: a valid A4 document whose text (through ToUnicode) is Russian.
    let (s, headers, pdf) = h
        .get(
            &coordinator.token,
            &format!("/v1/web/reports/results.pdf?{q}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        zvonok_server::api::download::PDF
    );
    std::fs::write(std::env::temp_dir().join("report-results.pdf"), &pdf).expect("write");
    let doc = lopdf::Document::load_mem(&pdf).expect("a valid PDF");
    let text = doc.extract_text(&[1]).expect("text");
    assert!(
        text.contains(&format!("Итоги успеваемости класса {class_name}")),
        "{text}"
    );
    assert!(text.contains("Математика"), "{text}");
    assert!(text.contains("Качество"), "{text}");

    // CSV: the one table; the school's report has several and is refused with a reason.
    let (s, _, csv) = h
        .get(
            &coordinator.token,
            &format!("/v1/web/reports/results.csv?{q}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.starts_with("\u{feff}Предмет;N;5;4;3;2;н/а"), "{csv}");
    assert_eq!(csv.lines().count(), table.rows.len() + 2);
    let (s, _, b) = h
        .get(
            &coordinator.token,
            &format!("/v1/web/reports/results.csv?period={period}"),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&b).contains("Excel"));

    // The school-wide report: every class of the year, and the class's table is the same.
    let school: PeriodResults = json(
        &h,
        &coordinator.token,
        &format!("/v1/web/reports/results?period={period}"),
    )
    .await;
    assert_eq!(school.classes.len(), index.classes.len());
    let same = school
        .classes
        .iter()
        .find(|t| t.title == table.title)
        .expect("the class in the school's report");
    assert_eq!(same, table);
    let graded: u32 = school.grades.iter().map(|g| g.total.n).sum();
    assert_eq!(school.school.total.n, graded);
    eprintln!("reports results test: {:?}", started.elapsed());
}

#[tokio::test]
async fn other_reports_answer_in_every_format() {
    let h = Harness::new(BIG);
    let coordinator = h.login("coordinator").await;
    let index: ReportsIndex = json(&h, &coordinator.token, "/v1/web/reports").await;
    let class = index.classes[0].id;
    let period = index.current_period.expect("period");
    for uri in [
        format!("finals?class={class}&period={period}"),
        format!("finals?class={class}&year={}", index.year.expect("year")),
        format!("attendance?class={class}&from=2026-11-05&to=2026-11-25"),
        "attendance?from=2026-11-05&to=2026-11-25".to_string(),
        format!("card?student={}&period={period}", index.students[0].id),
        "movement?from=2026-09-01&to=2026-11-25".to_string(),
    ] {
        let (name, query) = uri.split_once('?').expect("query");
        for ext in ["", ".xlsx", ".pdf"] {
            let (s, _, b) = h
                .get(
                    &coordinator.token,
                    &format!("/v1/web/reports/{name}{ext}?{query}"),
                )
                .await;
            assert_eq!(
                s,
                StatusCode::OK,
                "{name}{ext}: {}",
                String::from_utf8_lossy(&b)
            );
            match ext {
                ".xlsx" => {
                    Xlsx::new(Cursor::new(b)).expect("an XLSX workbook");
                }
                ".pdf" => {
                    let doc = lopdf::Document::load_mem(&b).expect("a valid PDF");
                    assert!(!doc.extract_text(&[1]).expect("text").is_empty());
                }
                _ => {
                    serde_json::from_slice::<serde_json::Value>(&b).expect("json");
                }
            }
        }
    }
    let (s, _, b) = h
        .get(
            &coordinator.token,
            "/v1/web/reports/attendance?from=2026-11-25&to=2026-11-01",
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&b).contains("поменяйте"));
    let (s, _, _) = h
        .get(&coordinator.token, "/v1/web/reports/nothing.pdf")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_parent_reads_only_their_own_childs_card() {
    let h = Harness::new(BIG);
    let parent = h.login("parent").await;
    let coordinator = h.login("coordinator").await;
    let me: UserInfo = json(&h, &parent.token, "/v1/me").await;
    let child = me.children.first().expect("the demo parent has a child").id;
    let index: ReportsIndex = json(&h, &parent.token, "/v1/web/reports").await;
    assert!(!index.school && index.classes.is_empty() && !index.movement);
    let mut listed: Vec<_> = index.students.iter().map(|s| s.id).collect();
    let mut children: Vec<_> = me.children.iter().map(|c| c.id).collect();
    listed.sort();
    children.sort();
    assert_eq!(listed, children, "the parent's own children only");
    let period = index.current_period.expect("period");

    let card: ReportCard = json(
        &h,
        &parent.token,
        &format!("/v1/web/reports/card?student={child}&period={period}"),
    )
    .await;
    assert_eq!(card.student, child);
    assert!(!card.rows.is_empty(), "the child's subjects");
    let (s, _, pdf) = h
        .get(
            &parent.token,
            &format!("/v1/web/reports/card.pdf?student={child}&period={period}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let text = lopdf::Document::load_mem(&pdf)
        .expect("pdf")
        .extract_text(&[1])
        .expect("text");
    assert!(
        text.contains("Информационное письмо для родителей"),
        "{text}"
    );

    // Another child of the school: 403, whatever the format.
    let all: ReportsIndex = json(&h, &coordinator.token, "/v1/web/reports").await;
    let other = all
        .students
        .iter()
        .find(|s| !children.contains(&s.id))
        .expect("another student");
    for ext in ["", ".pdf", ".xlsx"] {
        let (s, _, b) = h
            .get(
                &parent.token,
                &format!(
                    "/v1/web/reports/card{ext}?student={}&period={period}",
                    other.id
                ),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{}", String::from_utf8_lossy(&b));
        assert!(String::from_utf8_lossy(&b).contains("родители"));
    }
    // Class and school reports: 403.
    for uri in [
        format!(
            "/v1/web/reports/results?period={period}&class={}",
            other.class
        ),
        format!("/v1/web/reports/results.xlsx?period={period}"),
        format!("/v1/web/reports/finals?class={}", other.class),
        format!("/v1/web/reports/attendance?class={}", other.class),
        "/v1/web/reports/movement".to_string(),
    ] {
        let (s, _, b) = h.get(&parent.token, &uri).await;
        assert_eq!(
            s,
            StatusCode::FORBIDDEN,
            "{uri}: {}",
            String::from_utf8_lossy(&b)
        );
    }
}

#[tokio::test]
async fn a_class_teacher_gets_their_class_and_only_the_classes_they_read() {
    let h = Harness::new(BIG);
    let ct = h.login("classteacher").await;
    let me: UserInfo = json(&h, &ct.token, "/v1/me").await;
    let staff = me.staff.expect("a member of staff");
    let school = h.state.index().expect("index").school.clone();
    let own = school
        .classes
        .values()
        .find(|c| c.class_teacher == Some(staff))
        .expect("the demo class teacher has a class");
    let ix: ReportsIndex = json(&h, &ct.token, "/v1/web/reports").await;
    assert!(ix.classes.iter().any(|c| c.id == own.id), "their own class");
    assert!(!ix.movement, "no movement book for a class teacher");
    let period = ix.current_period.expect("period");
    let r: PeriodResults = json(
        &h,
        &ct.token,
        &format!("/v1/web/reports/results?period={period}&class={}", own.id),
    )
    .await;
    assert_eq!(r.classes[0].title, format!("Класс {}", own.name()));
    let (s, _, _) = h
        .get(
            &ct.token,
            &format!(
                "/v1/web/reports/finals.xlsx?period={period}&class={}",
                own.id
            ),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Every class the index leaves out is refused; the school's report only with the index's
    // word for it.
    let others: Vec<_> = school
        .classes
        .values()
        .filter(|c| !ix.classes.iter().any(|k| k.id == c.id))
        .collect();
    assert!(
        !others.is_empty(),
        "the demo has classes this teacher does not teach"
    );
    for c in others {
        let (s, _, _) = h
            .get(
                &ct.token,
                &format!("/v1/web/reports/results?period={period}&class={}", c.id),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "class {}", c.name());
    }
    let (s, _, _) = h
        .get(
            &ct.token,
            &format!("/v1/web/reports/results?period={period}"),
        )
        .await;
    assert_eq!(s == StatusCode::OK, ix.school);
    let (s, _, _) = h.get(&ct.token, "/v1/web/reports/movement").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
