use std::collections::BTreeMap;

use chrono::{TimeZone, Utc, Weekday};

use super::*;
use crate::doc::journal::{JournalData, JournalMeta, Lesson};
use crate::doc::timetable::TimetableData;
use crate::ids::*;
use crate::model::*;
use crate::timetable_changes::{ChangeKind, Changes, LessonChange};

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
    let mut tt = TimetableData::new(year);
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
                co_teachers: Vec::new(),
                room: room.into(),
                week: Default::default(),
                version: None,
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
                substitute: None,
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
        &Changes::new(),
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
        &Changes::new(),
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
        &Changes::new(),
        &[],
        &scope(vec![]),
        d(11, 2),
        d(11, 8),
    );
    assert_eq!(places(&outside), vec![(d(11, 2), 1), (d(11, 4), 2)]);
    let inside = feed_lessons(
        &f.school,
        Some(&f.tt),
        &Changes::new(),
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
        &Changes::new(),
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
        &Changes::new(),
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
        &Changes::new(),
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

fn slot_at(f: &Fixture, weekday: Weekday, number: u8) -> SlotId {
    f.tt.slots
        .values()
        .find(|s| s.weekday == weekday && s.number == number)
        .map(|s| s.id)
        .expect("slot")
}

fn change(slot: SlotId, date: NaiveDate, kind: ChangeKind) -> LessonChange {
    LessonChange {
        id: ChangeId::new(),
        date,
        slot,
        kind,
        to_date: None,
        to_number: None,
        teacher: None,
        room: String::new(),
        note: String::new(),
    }
}

/// In the second quarter's first week (no journal yet): Monday's math cancelled, Wednesday's
/// given to Орлов in room 14, Tuesday's English moved to Thursday, 5th lesson; in the first
/// quarter a Wednesday lesson that already has a topic is cancelled (it stays in the
/// journal).
fn changes(f: &Fixture) -> Changes {
    let mut cancel = change(slot_at(f, Weekday::Mon, 1), d(11, 2), ChangeKind::Cancel);
    cancel.note = "Болезнь учителя".into();
    let mut sub = change(
        slot_at(f, Weekday::Wed, 2),
        d(11, 4),
        ChangeKind::Substitute,
    );
    sub.teacher = Some(f.orlov);
    sub.room = "14".into();
    let mut mv = change(slot_at(f, Weekday::Tue, 3), d(11, 3), ChangeKind::Move);
    mv.to_date = Some(d(11, 5));
    mv.to_number = Some(5);
    let kept = change(slot_at(f, Weekday::Wed, 2), d(10, 14), ChangeKind::Cancel);
    [cancel, sub, mv, kept]
        .into_iter()
        .map(|c| (c.id, c))
        .collect()
}

#[test]
fn changes_by_date_show_as_cancelled_substituted_and_moved_lessons() {
    let f = fixture();
    let ch = changes(&f);
    let journals = [math_journal(&f)];
    let run = |scope: &FeedScope| {
        feed_lessons(
            &f.school,
            Some(&f.tt),
            &ch,
            &journals,
            scope,
            d(10, 12),
            d(11, 8),
        )
    };
    let shape = |v: &[FeedLesson]| -> Vec<(NaiveDate, u8, bool)> {
        v.iter().map(|l| (l.date, l.number, l.cancelled)).collect()
    };
    let class = run(&FeedScope::Class(f.class));
    assert_eq!(
        shape(&class),
        vec![
            (d(10, 13), 3, false),
            (d(10, 14), 2, true),
            (d(10, 20), 3, false),
            (d(10, 21), 2, false),
            (d(10, 22), 4, false),
            (d(11, 2), 1, true),
            (d(11, 4), 2, false),
            (d(11, 5), 5, false),
        ]
    );
    let kept = &class[1];
    assert_eq!(
        kept.topic, "Дроби; сравнение",
        "the cancelled lesson keeps its work"
    );
    let sub = &class[6];
    assert_eq!(
        (sub.teacher, sub.replaces, sub.room.as_str()),
        (Some(f.orlov), Some(f.sokolova), "14")
    );
    let moved = &class[7];
    assert_eq!(moved.moved_from, Some((d(11, 3), 3)));
    assert_eq!((moved.subject, moved.room.as_str()), (f.english, "7"));
    assert_eq!(class[5].note, "Болезнь учителя");

    // Соколова: her lessons; the cancelled ones and the one Орлов gives, as cancelled.
    let sokolova = run(&FeedScope::Teacher(f.sokolova));
    assert_eq!(
        shape(&sokolova),
        vec![
            (d(10, 14), 2, true),
            (d(10, 21), 2, false),
            (d(10, 22), 4, false),
            (d(11, 2), 1, true),
            (d(11, 4), 2, true),
        ]
    );
    // Орлов: his English (moved) and the math he substitutes.
    let orlov = run(&FeedScope::Teacher(f.orlov));
    assert_eq!(
        shape(&orlov),
        vec![
            (d(10, 13), 3, false),
            (d(10, 20), 3, false),
            (d(11, 4), 2, false),
            (d(11, 5), 5, false),
        ]
    );

    // The text says what happened; the note only in staff feeds.
    let now = Utc
        .with_ymd_and_hms(2026, 11, 1, 5, 0, 0)
        .single()
        .expect("now");
    let header = |uid_domain| FeedHeader {
        title: "Уроки",
        uid_domain,
        from: d(10, 12),
        to: d(11, 8),
        now,
    };
    let student = FeedScope::Student {
        student: StudentId::new(),
        class: f.class,
        groups: vec![f.group],
    };
    let family = write_feed(&f.school, &student, &header("s"), &run(&student)).replace("\r\n ", "");
    for want in [
        "DESCRIPTION:Учитель: Орлов Пётр (замена\\, вместо Соколова Ирина Петровна)\\nУрок № 2",
        "DTSTART;TZID=Europe/Moscow:20261105T123000",
        "Перенесён с 03.11.2026 (урок № 3)",
        "DESCRIPTION:Урок отменён\\nУчитель: Соколова Ирина Петровна\\nУрок № 1\r\nSTATUS:CANCELLED",
    ] {
        assert!(family.contains(want), "{want}\nnot in\n{family}");
    }
    assert!(!family.contains("Болезнь"), "a change's note is for staff");
    let hers = write_feed(
        &f.school,
        &FeedScope::Teacher(f.sokolova),
        &header("t"),
        &sokolova,
    )
    .replace("\r\n ", "");
    assert!(hers.contains("DESCRIPTION:Замена: урок ведёт Орлов Пётр\\nКласс: 5А\\nУрок № 2"));
    assert!(hers.contains("Причина: Болезнь учителя"));
    assert_eq!(hers.matches("STATUS:CANCELLED").count(), 3);
    let his = write_feed(
        &f.school,
        &FeedScope::Teacher(f.orlov),
        &header("o"),
        &orlov,
    )
    .replace("\r\n ", "");
    assert!(his.contains("SUMMARY:Математика · 5А\r\nLOCATION:14\r\nDESCRIPTION:Класс: 5А\\nЗамена: вместо Соколова Ирина Петровна"));
    assert!(!his.contains("STATUS:CANCELLED"));
}

mod co_teachers;
