//! The reports screen without the DOM: which reports the caller may ask for, what the pickers
//! start with, which pickers a report uses, the query it sends and the file links it offers.

use chrono::NaiveDate;
use zvonok_core::ids::{ClassId, PeriodId, StudentId};
use zvonok_core::wire::{ReportFormat, ReportName, ReportQuery, ReportsIndex};

/// What the pickers hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub report: ReportName,
    /// `None`: the whole school.
    pub class: Option<ClassId>,
    pub period: Option<PeriodId>,
    /// The final sheet for the whole year rather than one period.
    pub whole_year: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub student: Option<StudentId>,
    /// The movement report's roster date.
    pub on: Option<NaiveDate>,
}

/// The reports `ix` opens, in the screen's order.
pub fn available(ix: &ReportsIndex) -> Vec<ReportName> {
    let classes = ix.school || !ix.classes.is_empty();
    ReportName::ALL
        .into_iter()
        .filter(|r| match r {
            ReportName::Results | ReportName::Finals | ReportName::Attendance => classes,
            ReportName::Card => !ix.students.is_empty(),
            ReportName::Movement => ix.movement,
        })
        .collect()
}

/// Does the report offer «Вся школа» in the class picker?
pub fn school_wide(report: ReportName, ix: &ReportsIndex) -> bool {
    ix.school && matches!(report, ReportName::Results | ReportName::Attendance)
}

pub fn uses_class(report: ReportName) -> bool {
    matches!(
        report,
        ReportName::Results | ReportName::Finals | ReportName::Attendance
    )
}

pub fn uses_period(report: ReportName) -> bool {
    matches!(
        report,
        ReportName::Results | ReportName::Finals | ReportName::Card
    )
}

pub fn uses_range(report: ReportName) -> bool {
    matches!(report, ReportName::Attendance | ReportName::Movement)
}

/// The period's dates up to today (a period not begun yet: its first day).
pub fn period_range(ix: &ReportsIndex, period: Option<PeriodId>) -> Option<(NaiveDate, NaiveDate)> {
    let p = ix.periods.iter().find(|p| Some(p.id) == period)?;
    Some((p.start, p.end.min(ix.today).max(p.start)))
}

/// The pickers on opening the screen, or after picking another report: the school when the
/// report allows it, else the first class; the current period and its dates so far; the first
/// student (a parent's first child).
pub fn initial(ix: &ReportsIndex, report: ReportName) -> Choice {
    let class = if school_wide(report, ix) {
        None
    } else {
        ix.classes.first().map(|c| c.id)
    };
    let period = ix.current_period.or(ix.periods.first().map(|p| p.id));
    let range = period_range(ix, period);
    Choice {
        report,
        class,
        period,
        whole_year: false,
        from: range.map(|r| r.0),
        to: range.map(|r| r.1),
        student: ix.students.first().map(|s| s.id),
        on: None,
    }
}

/// The query the choice sends, or the message id of what is missing.
pub fn query(c: &Choice) -> Result<ReportQuery, &'static str> {
    let mut q = ReportQuery::default();
    if uses_class(c.report) {
        q.class = c.class;
        if c.report == ReportName::Finals && c.class.is_none() {
            return Err("reports-need-class");
        }
    }
    if uses_period(c.report) {
        q.period = Some(c.period.ok_or("reports-need-period")?);
    }
    if uses_range(c.report) {
        let (from, to) = (
            c.from.ok_or("reports-need-dates")?,
            c.to.ok_or("reports-need-dates")?,
        );
        if to < from {
            return Err("reports-bad-range");
        }
        q.from = Some(from);
        q.to = Some(to);
    }
    if c.report == ReportName::Card {
        q.student = Some(c.student.ok_or("reports-need-student")?);
    }
    if c.report == ReportName::Movement {
        q.on = c.on;
    }
    Ok(q)
}

/// With the year's id: the final sheet of the whole year instead of the period.
pub fn query_in_year(c: &Choice, ix: &ReportsIndex) -> Result<ReportQuery, &'static str> {
    let mut q = query(c)?;
    if c.report == ReportName::Finals && c.whole_year {
        q.period = None;
        q.year = Some(ix.year.ok_or("reports-need-period")?);
    }
    Ok(q)
}

/// `/v1/web/reports/results.xlsx?period=…&class=…`
pub fn path(report: ReportName, format: ReportFormat, q: &ReportQuery) -> String {
    let ext = match format {
        ReportFormat::Json => String::new(),
        other => format!(".{}", other.extension()),
    };
    let qs = q.to_query_string();
    if qs.is_empty() {
        format!("/v1/web/reports/{}{ext}", report.as_str())
    } else {
        format!("/v1/web/reports/{}{ext}?{qs}", report.as_str())
    }
}

/// The files offered: XLSX and PDF always; CSV when the report is one table (one class).
pub fn formats(c: &Choice) -> Vec<ReportFormat> {
    let one_table = match c.report {
        ReportName::Results | ReportName::Attendance => c.class.is_some(),
        ReportName::Finals | ReportName::Card => true,
        ReportName::Movement => false,
    };
    let mut f = vec![ReportFormat::Xlsx, ReportFormat::Pdf];
    if one_table {
        f.push(ReportFormat::Csv);
    }
    f
}

/// The period a family's view shows the report card of: the last one that has ended.
pub fn closed_period(ix: &ReportsIndex) -> Option<&zvonok_core::wire::ReportPeriod> {
    ix.periods
        .iter()
        .filter(|p| p.end < ix.today)
        .max_by_key(|p| (p.end, p.start))
}

/// The message id of a report's name in the picker.
pub fn title_id(r: ReportName) -> &'static str {
    match r {
        ReportName::Results => "reports-results",
        ReportName::Finals => "reports-finals",
        ReportName::Attendance => "reports-attendance",
        ReportName::Card => "reports-card",
        ReportName::Movement => "reports-movement",
    }
}

/// «66,67» (hundredths), «—» for none.
pub fn centi(v: Option<u32>) -> String {
    zvonok_core::reports::format_centi(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::YearId;
    use zvonok_core::wire::{ReportClass, ReportPeriod, ReportStudent};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    fn index(school: bool) -> ReportsIndex {
        let q2 = PeriodId::new();
        ReportsIndex {
            school,
            classes: vec![ReportClass {
                id: ClassId::new(),
                name: "5А".into(),
                grade: 5,
            }],
            periods: vec![
                ReportPeriod {
                    id: PeriodId::new(),
                    title: "1 четверть".into(),
                    start: d(9, 1),
                    end: d(10, 24),
                },
                ReportPeriod {
                    id: q2,
                    title: "2 четверть".into(),
                    start: d(11, 5),
                    end: d(12, 28),
                },
            ],
            year: Some(YearId::new()),
            movement: school,
            students: vec![],
            today: d(11, 25),
            current_period: Some(q2),
        }
    }

    #[test]
    fn what_each_caller_may_pick() {
        let coordinator = index(true);
        assert_eq!(
            available(&coordinator),
            [
                ReportName::Results,
                ReportName::Finals,
                ReportName::Attendance,
                ReportName::Movement
            ]
        );
        let class_teacher = index(false);
        assert_eq!(
            available(&class_teacher),
            [
                ReportName::Results,
                ReportName::Finals,
                ReportName::Attendance
            ]
        );
        let parent = ReportsIndex {
            classes: vec![],
            students: vec![ReportStudent {
                id: StudentId::new(),
                name: "Орлова Вера".into(),
                class: ClassId::new(),
            }],
            ..index(false)
        };
        assert_eq!(available(&parent), [ReportName::Card]);
        assert!(school_wide(ReportName::Results, &coordinator));
        assert!(!school_wide(ReportName::Finals, &coordinator));
        assert!(!school_wide(ReportName::Results, &class_teacher));
    }

    #[test]
    fn initial_choice_and_queries() {
        let ix = index(true);
        let c = initial(&ix, ReportName::Results);
        assert_eq!(c.class, None, "the school first for the coordinator");
        assert_eq!(c.period, ix.current_period);
        // The 2nd quarter so far: 5 to 25 November.
        assert_eq!((c.from, c.to), (Some(d(11, 5)), Some(d(11, 25))));
        let q = query(&c).expect("query");
        assert_eq!(q.period, ix.current_period);
        assert_eq!(q.from, None, "results take a period, not dates");
        assert_eq!(
            path(ReportName::Results, ReportFormat::Xlsx, &q),
            format!(
                "/v1/web/reports/results.xlsx?period={}",
                c.period.expect("p")
            )
        );
        assert_eq!(formats(&c), [ReportFormat::Xlsx, ReportFormat::Pdf]);

        // The final sheet needs a class; with one it offers CSV too and, for the year, the
        // year's id instead of the period.
        let mut f = initial(&ix, ReportName::Finals);
        assert_eq!(f.class, Some(ix.classes[0].id));
        f.class = None;
        assert_eq!(query(&f), Err("reports-need-class"));
        f.class = Some(ix.classes[0].id);
        f.whole_year = true;
        let q = query_in_year(&f, &ix).expect("query");
        assert_eq!((q.period, q.year), (None, ix.year));
        assert!(formats(&f).contains(&ReportFormat::Csv));

        // Attendance: dates, in order.
        let mut a = initial(&ix, ReportName::Attendance);
        a.from = Some(d(11, 20));
        a.to = Some(d(11, 10));
        assert_eq!(query(&a), Err("reports-bad-range"));
        a.to = Some(d(11, 30));
        let q = query(&a).expect("query");
        assert_eq!(q.to_query_string(), "from=2026-11-20&to=2026-11-30");

        // A card without a student.
        let card = initial(&ix, ReportName::Card);
        assert_eq!(query(&card), Err("reports-need-student"));
        assert_eq!(centi(Some(6667)), "66,67");
    }

    #[test]
    fn the_family_sees_the_last_ended_period() {
        let mut ix = index(false);
        // Today 25 November: the 1st quarter (to 24 October) has ended, the 2nd has not.
        assert_eq!(
            closed_period(&ix).map(|p| p.title.as_str()),
            Some("1 четверть")
        );
        ix.today = d(12, 29);
        assert_eq!(
            closed_period(&ix).map(|p| p.title.as_str()),
            Some("2 четверть")
        );
        ix.today = d(9, 1);
        assert_eq!(closed_period(&ix), None, "nothing ended yet");
    }
}
