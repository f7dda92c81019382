//! The calendar step: whole-year saves, and schools written before the calendar rules.

use super::*;

#[test]
fn a_school_made_before_the_rules_can_be_fixed_step_by_step() {
    // The server wrote quarters with no holidays (as older demo schools have): gaps.
    let Built { doc, .. } = wizard();
    let mut data = SchoolData::from_doc(&doc).unwrap();
    data.holidays.clear();
    let year = data.current_year.unwrap();
    let mut doc = data.to_doc().unwrap();
    let p = progress(&SchoolData::from_doc(&doc).unwrap());
    assert!(matches!(
        &p[1].state,
        StepState::Problems { problems } if problems.len() == 3
    ));
    // Unrelated work goes on.
    run(&mut doc, SchoolOp::SetWeekDays { days: 6 });
    // Covering part of a gap changes that problem's details, not its identity: accepted.
    run(
        &mut doc,
        SchoolOp::PutHoliday {
            holiday: Holiday {
                id: HolidayId::new(),
                year,
                title: "Осенние каникулы".into(),
                start: d(2026, 10, 26),
                end: d(2026, 10, 30),
            },
        },
    );
    let p = progress(&SchoolData::from_doc(&doc).unwrap());
    match &p[1].state {
        StepState::Problems { problems } => {
            assert_eq!(problems.len(), 3, "{problems:?}");
            // In a six-day week only Saturday 24.10 is left uncovered.
            assert!(
                problems[0].contains("24.10.2026–24.10.2026"),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_whole_year_calendar_is_saved_at_once() {
    let mut doc = empty_school();
    let year = AcademicYear {
        id: YearId::new(),
        title: "2026/2027".into(),
        start: d(2026, 9, 1),
        end: d(2027, 5, 31),
    };
    let half = |n: u8, start, end| StudyPeriod {
        id: PeriodId::new(),
        year: year.id,
        kind: PeriodKind::HalfYear,
        number: n,
        start,
        end,
    };
    let periods = vec![
        half(1, d(2026, 9, 1), d(2026, 12, 29)),
        half(2, d(2027, 1, 11), d(2027, 5, 31)),
    ];
    let winter = Holiday {
        id: HolidayId::new(),
        year: year.id,
        title: "Зимние каникулы".into(),
        start: d(2026, 12, 30),
        end: d(2027, 1, 10),
    };
    run(&mut doc, SchoolOp::PutYear { year: year.clone() });
    // One period after another, without the holidays between them: a gap, refused.
    run(
        &mut doc,
        SchoolOp::PutPeriod {
            period: periods[0].clone(),
        },
    );
    let e = apply(
        &mut doc,
        &SchoolOp::PutPeriod {
            period: periods[1].clone(),
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("30.12.2026–01.01.2027"), "{e}");
    // The whole calendar in one write is fine.
    run(
        &mut doc,
        SchoolOp::SetYearCalendar {
            year: year.clone(),
            periods: periods.clone(),
            holidays: vec![winter.clone()],
        },
    );
    let s = SchoolData::from_doc(&doc).unwrap();
    assert_eq!(s.periods.len(), 2);
    assert_eq!(s.holidays.len(), 1);
    // Saving it again with one period replaces the year's periods.
    let whole = StudyPeriod {
        number: 1,
        end: d(2027, 5, 31),
        ..periods[0].clone()
    };
    run(
        &mut doc,
        SchoolOp::SetYearCalendar {
            year: year.clone(),
            periods: vec![whole],
            holidays: vec![],
        },
    );
    let s = SchoolData::from_doc(&doc).unwrap();
    assert_eq!(s.periods.len(), 1);
    assert!(s.holidays.is_empty());
    // A period of another year may not ride along.
    let mut stray = periods[1].clone();
    stray.year = YearId::new();
    assert!(apply(
        &mut doc,
        &SchoolOp::SetYearCalendar {
            year,
            periods: vec![stray],
            holidays: vec![],
        },
    )
    .is_err());
}
