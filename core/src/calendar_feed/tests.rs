use std::collections::BTreeMap;

use chrono::Weekday;

use super::*;
use crate::doc::journal::{JournalMeta, Lesson};
use crate::ids::*;
use crate::model::*;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("date")
}

struct Fixture {
    school: SchoolData,
    tt: TimetableData,
    class: ClassId,
    group: GroupId,
    math: SubjectId,
    english: SubjectId,
    q1: PeriodId,
    sokolova: StaffId,
    orlov: StaffId,
}

fn staff(school: &mut SchoolData, last: &str, first: &str, middle: &str) -> StaffId {
    let id = StaffId::new();
    school.staff.insert(
        id,
        StaffMember {
            id,
            last_name: last.into(),
            first_name: first.into(),
            middle_name: middle.into(),
            position: "Учитель".into(),
        },
    );
    id
}

/// 5А with a group «Англ. 1»; the first quarter 1.09–23.10, the second 2.11–26.12; math on
/// Monday (1st, room 12) and Wednesday (2nd) by Соколова, English for the group on Tuesday
/// (3rd, room 7) by Орлов; bells from 08:30, 45 minutes, every hour.
fn fixture() -> Fixture {
    let mut school = SchoolData {
        week_days: 5,
        ..SchoolData::default()
    };
    let year = YearId::new();
    school.years.insert(
        year,
        AcademicYear {
            id: year,
            title: "2026/2027".into(),
            start: d(9, 1),
            end: d(12, 31),
        },
    );
    school.current_year = Some(year);
    let mut period = |n: u8, start, end| {
        let id = PeriodId::new();
        school.periods.insert(
            id,
            StudyPeriod {
                id,
                year,
                kind: PeriodKind::Quarter,
                number: n,
                start,
                end,
            },
        );
        id
    };
    let q1 = period(1, d(9, 1), d(10, 23));
    period(2, d(11, 2), d(12, 26));
    school.bells = (1..=6)
        .map(|n| Bell {
            number: n,
            start: format!("{:02}:30", 7 + n),
            end: format!("{:02}:15", 8 + n),
        })
        .collect();
    let class = ClassId::new();
    school.classes.insert(
        class,
        Class {
            id: class,
            year,
            grade: 5,
            letter: "А".into(),
            class_teacher: None,
        },
    );
    let group = GroupId::new();
    school.groups.insert(
        group,
        Group {
            id: group,
            class,
            name: "Англ. 1".into(),
        },
    );
    let mut subject = |name: &str| {
        let id = SubjectId::new();
        school.subjects.insert(
            id,
            Subject {
                id,
                name: name.into(),
                grades: vec![5],
            },
        );
        id
    };
    let math = subject("Математика");
    let english = subject("Английский язык");
    let sokolova = staff(&mut school, "Соколова", "Ирина", "Петровна");
    let orlov = staff(&mut school, "Орлов", "Пётр", "");
    let mut tt = TimetableData {
        year,
        slots: BTreeMap::new(),
    };
    let mut put = |weekday, number, cohort, subject, teacher, room: &str| {
        let id = SlotId::new();
        tt.slots.insert(
            id,
            Slot {
                id,
                weekday,
                number,
                cohort,
                subject,
                teacher,
                room: room.into(),
            },
        );
    };
    put(Weekday::Mon, 1, Cohort::Class(class), math, sokolova, "12");
    put(Weekday::Wed, 2, Cohort::Class(class), math, sokolova, "");
    let g = Cohort::Group { class, group };
    put(Weekday::Tue, 3, g, english, orlov, "7");
    Fixture {
        school,
        tt,
        class,
        group,
        math,
        english,
        q1,
        sokolova,
        orlov,
    }
}

/// The first quarter's math journal as the server opened it, then changed: Monday 19.10 has
/// gone, a lesson on Thursday 22.10 (4th) was added with a topic and homework.
fn math_journal(f: &Fixture) -> JournalData {
    let mut lessons = BTreeMap::new();
    let mut add = |date: NaiveDate, number: u8, topic: &str, homework: &str| {
        let id = LessonId::new();
        lessons.insert(
            id,
            Lesson {
                id,
                date,
                number,
                topic: topic.into(),
                homework: homework.into(),
            },
        );
    };
    add(d(10, 14), 2, "Дроби; сравнение", "");
    add(d(10, 21), 2, "", "");
    add(d(10, 22), 4, "Контрольная, вариант 1", "№ 12, 14\nстр. 30");
    JournalData {
        meta: JournalMeta {
            cohort: Cohort::Class(f.class),
            subject: f.math,
            period: f.q1,
            start: d(9, 1),
            end: d(10, 23),
            title: "5А · Математика · 1 четверть".into(),
        },
        students: BTreeMap::new(),
        lessons,
        attendance: BTreeMap::new(),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    }
}

fn places(lessons: &[FeedLesson]) -> Vec<(NaiveDate, u8)> {
    lessons.iter().map(|l| (l.date, l.number)).collect()
}

#[test]
fn the_span_runs_from_two_weeks_back_to_two_weeks_after_the_period() {
    let f = fixture();
    assert_eq!(feed_span(&f.school, d(10, 14)), (d(9, 30), d(11, 6)));
    // During the holidays: to the end of the next period (capped at 120 days: not here).
    assert_eq!(
        feed_span(&f.school, d(10, 28)),
        (d(10, 14), d(12, 26) + Duration::days(14))
    );
    // After the last period: two weeks ahead.
    assert_eq!(
        feed_span(&f.school, d(12, 30)).1,
        d(12, 30) + Duration::days(14)
    );
    let long = NaiveDate::from_ymd_opt(2026, 9, 1).expect("d");
    let mut school = f.school.clone();
    for p in school.periods.values_mut() {
        p.end = d(12, 31) + Duration::days(200);
    }
    assert_eq!(
        feed_span(&school, long).1,
        long + Duration::days(MAX_DAYS_AHEAD)
    );
}

#[test]
fn journals_replace_the_plan_of_their_period_and_the_plan_fills_the_rest() {
    let f = fixture();
    let j = math_journal(&f);
    let got = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[j],
        &FeedScope::Teacher(f.sokolova),
        d(10, 12),
        d(11, 4),
    );
    // The journal's lessons in the first quarter (19.10 gone, 22.10 added); the plan's in the
    // second (Monday 2.11 1st, Wednesday 4.11 2nd); nothing in the holidays.
    assert_eq!(
        places(&got),
        vec![
            (d(10, 14), 2),
            (d(10, 21), 2),
            (d(10, 22), 4),
            (d(11, 2), 1),
            (d(11, 4), 2)
        ]
    );
    assert!(got.iter().all(|l| l.teacher == Some(f.sokolova)));
    // Rooms from the slot of that weekday and number; the moved lesson has none.
    assert_eq!(got[0].room, "");
    assert_eq!(got[2].room, "");
    assert_eq!(got[3].room, "12");
    assert_eq!(got[2].topic, "Контрольная, вариант 1");
    // Орлов teaches none of these.
    let orlov = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[math_journal(&f)],
        &FeedScope::Teacher(f.orlov),
        d(10, 12),
        d(11, 4),
    );
    assert_eq!(
        places(&orlov),
        vec![(d(10, 13), 3), (d(10, 20), 3), (d(11, 3), 3)]
    );
    assert!(orlov
        .iter()
        .all(|l| l.subject == f.english && l.room == "7"));
}

#[test]
fn a_student_gets_group_lessons_only_in_the_group_and_a_class_gets_all() {
    let f = fixture();
    let student = StudentId::new();
    let scope = |groups: Vec<GroupId>| FeedScope::Student {
        student,
        class: f.class,
        groups,
    };
    let outside = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[],
        &scope(vec![]),
        d(11, 2),
        d(11, 8),
    );
    assert_eq!(places(&outside), vec![(d(11, 2), 1), (d(11, 4), 2)]);
    let inside = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[],
        &scope(vec![f.group]),
        d(11, 2),
        d(11, 8),
    );
    assert_eq!(
        places(&inside),
        vec![(d(11, 2), 1), (d(11, 3), 3), (d(11, 4), 2)]
    );
    let class = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[],
        &FeedScope::Class(f.class),
        d(11, 2),
        d(11, 8),
    );
    assert_eq!(places(&class), places(&inside));
    // Another class's feed has none of them.
    let other = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[math_journal(&f)],
        &FeedScope::Class(ClassId::new()),
        d(9, 1),
        d(12, 31),
    );
    assert!(other.is_empty());
}

#[test]
fn the_text_has_the_zone_the_bells_and_escaped_fields() {
    let mut f = fixture();
    f.school.time_zone = "Asia/Yekaterinburg".into();
    let mut lessons = feed_lessons(
        &f.school,
        Some(&f.tt),
        &[math_journal(&f)],
        &FeedScope::Class(f.class),
        d(10, 20),
        d(10, 22),
    );
    assert_eq!(lessons.len(), 3, "{lessons:?}");
    lessons[0].cancelled = true;
    let now = Utc
        .with_ymd_and_hms(2026, 10, 20, 5, 0, 0)
        .single()
        .expect("now");
    let header = FeedHeader {
        title: "Уроки 5А — Школа № 5",
        uid_domain: "feed-1.zvonok",
        from: d(10, 20),
        to: d(10, 22),
        now,
    };
    let text = write_feed(&f.school, &FeedScope::Class(f.class), &header, &lessons);
    let unfolded = text.replace("\r\n ", "");
    for want in [
        "BEGIN:VCALENDAR\r\n",
        "VERSION:2.0\r\n",
        "X-WR-CALNAME:Уроки 5А — Школа № 5\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Asia/Yekaterinburg\r\nBEGIN:STANDARD\r\n",
        "TZOFFSETTO:+0500\r\n",
        "DTSTAMP:20261020T050000Z\r\n",
        // Tuesday 20.10, English of the group, 3rd lesson 10:30–11:15, cancelled.
        "DTSTART;TZID=Asia/Yekaterinburg:20261020T103000\r\n\
         DTEND;TZID=Asia/Yekaterinburg:20261020T111500\r\n\
         SUMMARY:Английский язык · Англ. 1\r\nLOCATION:7\r\n\
         DESCRIPTION:Урок отменён\\nУчитель: Орлов Пётр\\nУрок № 3\r\nSTATUS:CANCELLED\r\n",
        "SUMMARY:Математика\r\nDESCRIPTION:Учитель: Соколова Ирина Петровна\\nУрок № 4\\n\
         Тема: Контрольная\\, вариант 1\\nДомашнее задание: № 12\\, 14\\nстр. 30\r\n\
         STATUS:CONFIRMED\r\n",
        "END:VCALENDAR\r\n",
    ] {
        assert!(unfolded.contains(want), "{want}\nnot in\n{unfolded}");
    }
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 3);
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    let uid = lesson_uid(&lessons[2], "feed-1.zvonok");
    assert!(unfolded.contains(&format!("UID:{uid}\r\n")));
    assert!(uid.starts_with("20261022-4-") && uid.ends_with("@feed-1.zvonok"));
    // A lesson number without a bell has no time: left out.
    f.school.bells.retain(|b| b.number != 4);
    let text = write_feed(&f.school, &FeedScope::Class(f.class), &header, &lessons);
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
}
