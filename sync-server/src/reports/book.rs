//! Core's reports as tables: a [`ReportBook`] is a title and sheets; a sheet has a title, a
//! header, rows (a row whose first cell alone is filled and marked as a section starts a
//! stacked table) and notes (the report's legend). One conversion per report.

use zvonok_core::marks::format_average;
use zvonok_core::reports::attendance::{AttendanceCounts, AttendanceReport};
use zvonok_core::reports::final_sheet::FinalSheet;
use zvonok_core::reports::period_results::{PeriodResults, ResultRow, ResultTable};
use zvonok_core::reports::report_card::ReportCard;
use zvonok_core::wire::MovementView;

/// A cell: text, a whole number, or hundredths (a percentage or an average; `None` is «—»).
#[derive(Clone, Debug, PartialEq)]
pub enum ReportCell {
    Text(String),
    Int(u32),
    Centi(Option<u32>),
}

impl ReportCell {
    /// As printed: «66,67», «—», «12».
    pub fn shown(&self) -> String {
        match self {
            ReportCell::Text(s) => s.clone(),
            ReportCell::Int(n) => n.to_string(),
            ReportCell::Centi(Some(c)) => format_average(*c),
            ReportCell::Centi(None) => "—".into(),
        }
    }
}

fn t(s: impl Into<String>) -> ReportCell {
    ReportCell::Text(s.into())
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportRow {
    pub cells: Vec<ReportCell>,
    /// A section heading (a stacked table's title) or a total line: printed bold-grey.
    pub emphasis: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportSheet {
    /// The Excel sheet's name.
    pub name: String,
    pub title: String,
    pub header: Vec<String>,
    /// Relative column widths (Excel characters).
    pub widths: Vec<f64>,
    pub rows: Vec<ReportRow>,
    pub notes: Vec<String>,
}

impl ReportSheet {
    fn new(name: &str, title: String, header: &[&str], widths: Vec<f64>) -> Self {
        ReportSheet {
            name: name.to_string(),
            title,
            header: header.iter().map(|s| s.to_string()).collect(),
            widths,
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn push(&mut self, cells: Vec<ReportCell>) {
        self.rows.push(ReportRow {
            cells,
            emphasis: false,
        });
    }

    fn push_emphasis(&mut self, cells: Vec<ReportCell>) {
        self.rows.push(ReportRow {
            cells,
            emphasis: true,
        });
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportBook {
    /// The heading of every page: school and report.
    pub heading: String,
    pub sheets: Vec<ReportSheet>,
}

const RESULT_HEADER: [&str; 15] = [
    "",
    "N",
    "5",
    "4",
    "3",
    "2",
    "н/а",
    "зч",
    "нз",
    "без отм.",
    "осв",
    "Успев., %",
    "Качество, %",
    "СОУ, %",
    "Ср. балл",
];

fn result_cells(r: &ResultRow) -> Vec<ReportCell> {
    let c = &r.counts;
    vec![
        t(&r.label),
        ReportCell::Int(r.n),
        ReportCell::Int(c.n5),
        ReportCell::Int(c.n4),
        ReportCell::Int(c.n3),
        ReportCell::Int(c.n2),
        ReportCell::Int(c.not_assessed),
        ReportCell::Int(c.pass),
        ReportCell::Int(c.fail),
        ReportCell::Int(c.missing),
        ReportCell::Int(c.exempt),
        ReportCell::Centi(r.success),
        ReportCell::Centi(r.quality),
        ReportCell::Centi(r.sou),
        ReportCell::Centi(r.average),
    ]
}

fn result_sheet(
    name: &str,
    title: String,
    first: &str,
    tables: &[ResultTable],
    stacked: bool,
) -> ReportSheet {
    let mut header = RESULT_HEADER;
    header[0] = first;
    let mut widths = vec![7.0; header.len()];
    widths[0] = 28.0;
    let mut s = ReportSheet::new(name, title, &header, widths);
    for table in tables {
        if stacked {
            s.push_emphasis(vec![t(&table.title)]);
        }
        for r in &table.rows {
            s.push(result_cells(r));
        }
        s.push_emphasis(result_cells(&table.total));
    }
    s
}

/// «Итоги успеваемости»: for one class a single sheet (so CSV works); for the school the
/// school, grade levels, classes and teachers.
pub fn results_book(school: &str, r: &PeriodResults, class: Option<&str>) -> ReportBook {
    let heading = format!("{school} · Итоги успеваемости · {}", r.period);
    let mut sheets = Vec::new();
    match class {
        Some(name) => {
            sheets.push(result_sheet(
                name,
                format!("Итоги успеваемости класса {name} · {}", r.period),
                "Предмет",
                &r.classes,
                false,
            ));
        }
        None => {
            sheets.push(result_sheet(
                "Школа",
                format!("Итоги успеваемости школы · {}", r.period),
                "Параллель",
                std::slice::from_ref(&r.school),
                false,
            ));
            sheets.push(result_sheet(
                "Параллели",
                format!("По параллелям · {}", r.period),
                "Класс",
                &r.grades,
                true,
            ));
            sheets.push(result_sheet(
                "Классы",
                format!("По классам · {}", r.period),
                "Предмет",
                &r.classes,
                true,
            ));
            sheets.push(result_sheet(
                "Учителя",
                format!("По учителям · {}", r.period),
                "Журнал",
                &r.teachers,
                true,
            ));
        }
    }
    if let Some(first) = sheets.first_mut() {
        first.notes = r.legend.clone();
    }
    ReportBook { heading, sheets }
}

/// «Сводная ведомость»: students down, subjects (× periods) across.
pub fn finals_book(school: &str, f: &FinalSheet) -> ReportBook {
    let one_period = f
        .columns
        .iter()
        .all(|c| f.columns.first().is_some_and(|d| d.period == c.period));
    let heads: Vec<String> = f
        .columns
        .iter()
        .map(|c| {
            if one_period {
                c.subject_name.clone()
            } else {
                format!("{} ({})", c.subject_name, c.period_title)
            }
        })
        .collect();
    let mut header: Vec<&str> = vec!["№", "Ученик"];
    header.extend(heads.iter().map(String::as_str));
    let mut widths = vec![5.0, 30.0];
    widths.extend(std::iter::repeat_n(10.0, heads.len()));
    let mut s = ReportSheet::new(
        "Ведомость",
        format!("Сводная ведомость итоговых отметок · {}", f.title),
        &header,
        widths,
    );
    for (i, r) in f.rows.iter().enumerate() {
        let mut cells = vec![ReportCell::Int(i as u32 + 1), t(&r.name)];
        cells.extend(
            r.cells
                .iter()
                .map(|c| t(c.map(|v| v.to_string()).unwrap_or_default())),
        );
        s.push(cells);
    }
    s.notes = f.note.iter().cloned().collect();
    ReportBook {
        heading: format!("{school} · Сводная ведомость итоговых отметок"),
        sheets: vec![s],
    }
}

const ATTENDANCE_HEADER: [&str; 9] = [
    "",
    "Уроков",
    "Н",
    "Б",
    "УП",
    "Пропущено",
    "Дней пропущено",
    "ОП (опоздания)",
    "Уважит., %",
];

fn attendance_cells(label: &str, c: &AttendanceCounts) -> Vec<ReportCell> {
    vec![
        t(label),
        ReportCell::Int(c.lessons),
        ReportCell::Int(c.absent),
        ReportCell::Int(c.ill),
        ReportCell::Int(c.excused),
        ReportCell::Int(c.missed()),
        ReportCell::Int(c.days_missed),
        ReportCell::Int(c.late),
        ReportCell::Centi(c.excused_share()),
    ]
}

fn attendance_sheet(name: &str, title: String, first: &str) -> ReportSheet {
    let mut header: Vec<&str> = ATTENDANCE_HEADER.to_vec();
    header[0] = first;
    let mut widths = vec![10.0; header.len()];
    widths[0] = 30.0;
    ReportSheet::new(name, title, &header, widths)
}

/// «Отчёт о посещаемости»: one sheet per class (students and the class's total); for several
/// classes first a sheet of the classes.
pub fn attendance_book(school: &str, r: &AttendanceReport) -> ReportBook {
    let span = format!(
        "{} – {}",
        r.from.format("%d.%m.%Y"),
        r.to.format("%d.%m.%Y")
    );
    let mut sheets = Vec::new();
    if r.classes.len() != 1 {
        let mut s = attendance_sheet(
            "Классы",
            format!("Посещаемость по классам · {span}"),
            "Класс",
        );
        let mut total = AttendanceCounts::default();
        for c in &r.classes {
            s.push(attendance_cells(&c.name, &c.total));
            total.lessons += c.total.lessons;
            total.absent += c.total.absent;
            total.ill += c.total.ill;
            total.excused += c.total.excused;
            total.late += c.total.late;
            total.days_missed += c.total.days_missed;
        }
        s.push_emphasis(attendance_cells("Итого", &total));
        sheets.push(s);
    }
    for c in &r.classes {
        let mut s = attendance_sheet(
            &c.name,
            format!("Посещаемость класса {} · {span}", c.name),
            "Ученик",
        );
        for st in &c.students {
            s.push(attendance_cells(&st.name, &st.counts));
        }
        s.push_emphasis(attendance_cells("Итого", &c.total));
        sheets.push(s);
    }
    if sheets.is_empty() {
        sheets.push(attendance_sheet(
            "Посещаемость",
            format!("Посещаемость · {span}"),
            "Ученик",
        ));
    }
    sheets[0].notes = r.legend.clone();
    ReportBook {
        heading: format!("{school} · Отчёт о посещаемости"),
        sheets,
    }
}

/// The report card: subjects down; the periods' finals, the chosen period's average and
/// absences across.
pub fn card_book(c: &ReportCard) -> ReportBook {
    let mut header: Vec<&str> = vec!["Предмет"];
    header.extend(c.periods.iter().map(|p| p.title.as_str()));
    header.extend([
        "Средний балл",
        "Пропущено уроков",
        "из них по уваж. причине",
        "Опозданий",
    ]);
    let mut widths = vec![26.0];
    widths.extend(std::iter::repeat_n(11.0, header.len() - 1));
    let mut s = ReportSheet::new(
        "Табель",
        format!("{}, {} класс · {}", c.name, c.class, c.period),
        &header,
        widths,
    );
    for r in &c.rows {
        let mut cells = vec![t(&r.name)];
        cells.extend(
            r.finals
                .iter()
                .map(|v| t(v.map(|v| v.to_string()).unwrap_or_default())),
        );
        cells.extend([
            ReportCell::Centi(r.average),
            ReportCell::Int(r.missed),
            ReportCell::Int(r.excused),
            ReportCell::Int(r.late),
        ]);
        s.push(cells);
    }
    let mut total = vec![t("Итого")];
    total.extend(std::iter::repeat_n(t(""), c.periods.len() + 1));
    total.extend([
        ReportCell::Int(c.missed),
        ReportCell::Int(c.excused),
        ReportCell::Int(c.late),
    ]);
    s.push_emphasis(total);
    s.notes = vec![c.note.clone()];
    ReportBook {
        heading: format!("{} · Информационное письмо для родителей", c.school),
        sheets: vec![s],
    }
}

/// The movement report: per class counts, the orders, the lists on the date.
pub fn movement_book(school: &str, v: &MovementView) -> ReportBook {
    let r = &v.report;
    let span = format!(
        "{} – {}",
        r.from.format("%d.%m.%Y"),
        r.to.format("%d.%m.%Y")
    );
    let header = [
        "Класс",
        "На начало",
        "Зачислено",
        "Прибыло из др. классов",
        "Выбыло в др. классы",
        "Выбыло из школы",
        "На конец",
    ];
    let mut counts = ReportSheet::new(
        "Движение",
        format!("Движение учащихся · {span}"),
        &header,
        vec![14.0, 11.0, 11.0, 14.0, 14.0, 14.0, 11.0],
    );
    let row = |c: &zvonok_core::reports::movement_report::ClassMovement| {
        vec![
            t(&c.name),
            ReportCell::Int(c.at_start),
            ReportCell::Int(c.enrolled),
            ReportCell::Int(c.transferred_in),
            ReportCell::Int(c.transferred_out),
            ReportCell::Int(c.withdrawn),
            ReportCell::Int(c.at_end),
        ]
    };
    for c in &r.classes {
        counts.push(row(c));
    }
    counts.push_emphasis(row(&r.total));
    counts.notes = vec![
        "На начало — в списке класса накануне первого дня; на конец — в последний день \
         периода; по приказам книги движения, отменённые приказы не действуют."
            .into(),
    ];
    let mut orders = ReportSheet::new(
        "Приказы",
        format!("Приказы · {span}"),
        &["Дата", "№", "Приказ", "Ученик", "Отменён"],
        vec![12.0, 8.0, 22.0, 32.0, 10.0],
    );
    for e in &r.entries {
        orders.push(vec![
            t(e.date.format("%d.%m.%Y").to_string()),
            t(&e.number),
            t(e.kind.title_ru()),
            t(&e.name),
            t(if e.cancelled_by.is_some() { "да" } else { "" }),
        ]);
    }
    let on = v.roster.date.format("%d.%m.%Y").to_string();
    let mut lists = ReportSheet::new(
        &format!("Списки на {on}"),
        format!("Списки классов на {on} · всего {}", v.roster.total),
        &["Класс", "№", "Ученик"],
        vec![12.0, 6.0, 36.0],
    );
    for c in &v.roster.classes {
        lists.push_emphasis(vec![t(format!("{} — {}", c.name, c.students.len()))]);
        for (i, (_, name)) in c.students.iter().enumerate() {
            lists.push(vec![t(""), ReportCell::Int(i as u32 + 1), t(name)]);
        }
    }
    ReportBook {
        heading: format!("{school} · Движение учащихся"),
        sheets: vec![counts, orders, lists],
    }
}
