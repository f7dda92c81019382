//! Journal commands: `today`, `journal`, and the writes `attendance`, `mark`, `topic`,
//! `homework`. Every write is validated before anything is stored and reports what it saved
//! and how many changes wait for the server.

use std::sync::Mutex;

use chrono::{Datelike, NaiveDate, Utc};
use serde::Serialize;
use zvonok_core::doc::journal::{self, JournalData, JournalOp};
use zvonok_core::ids::{DocId, LessonId, MarkId, StudentId};
use zvonok_core::marks::{find_work_kind, work_kind, AbsenceCode, MarkValue, WORK_KINDS};
use zvonok_core::model::weekday_ru;

use super::render::{self, plural, table};
use super::{parse_date, CliError};
use crate::grid::JournalGrid;
use crate::lookup::find_student;
use crate::rejection::describe_journal_diff;
use crate::replica::{JournalRights, Replica, ReplicaError, WriteReceipt};
use crate::sync::lock;

/// Where a write goes: class, subject, date and lesson number as typed.
pub struct At<'a> {
    class: &'a str,
    subject: &'a str,
    date: NaiveDate,
    lesson: u8,
}

impl<'a> At<'a> {
    pub fn new(
        replica: &Mutex<Replica>,
        class: &'a str,
        subject: &'a str,
        date: &str,
        lesson: u8,
    ) -> Result<Self, CliError> {
        Ok(At {
            class,
            subject,
            date: parse_date(date, || school_today(replica))?,
            lesson,
        })
    }
}

/// Today at the school: the date in the school's time zone.
fn school_today(replica: &Mutex<Replica>) -> NaiveDate {
    lock(replica).school_date(Utc::now())
}

/// The arguments of `mark`.
pub struct MarkArgs {
    pub value: String,
    pub kind: Option<String>,
    pub weight: Option<u8>,
    pub comment: String,
}

#[derive(Clone, Copy)]
pub enum TextField {
    Topic,
    Homework,
}

/// A journal chosen by class, subject and period number (`None`: the current period).
pub type PeriodAt<'a> = (&'a str, &'a str, Option<u8>);

/// What a write prints with `--json`.
#[derive(Serialize)]
struct Saved {
    saved: String,
    /// The journal's title («5А · Математика · 1 четверть»).
    journal: String,
    #[serde(flatten)]
    receipt: WriteReceipt,
    lesson: Option<LessonId>,
    student: Option<StudentId>,
    mark: Option<MarkId>,
}

/// Finds the journal, lesson and (optionally) student a write is about.
fn locate(
    r: &mut Replica,
    at: &At<'_>,
    student: Option<&str>,
) -> Result<(DocId, JournalData, LessonId, Option<StudentId>), CliError> {
    let found = r.find_journal(at.class, at.subject, at.date, Some(at.lesson), student)?;
    let lesson = found.lesson.ok_or_else(|| {
        CliError::BadInput(format!(
            "В журнале {} нет урока №{} на {}.",
            found.data.meta.title,
            at.lesson,
            at.date.format("%d.%m.%Y")
        ))
    })?;
    let student = student.map(|s| find_student(&found.data, s)).transpose()?;
    Ok((found.doc, found.data, lesson, student))
}

/// Applies the op, then prints what changed and the pending count.
fn write(
    r: &mut Replica,
    doc: DocId,
    before: &JournalData,
    op: JournalOp,
    lesson: Option<LessonId>,
    student: Option<StudentId>,
    json: bool,
) -> Result<(), CliError> {
    let mark = match &op {
        JournalOp::GiveMark { id, .. } => Some(*id),
        _ => None,
    };
    let receipt = r.apply_journal_op(doc, &op)?;
    let after = r.journal(doc)?;
    let saved = describe_journal_diff(Some(before), &after);
    let saved = if saved.is_empty() {
        "без изменений".to_string()
    } else {
        saved.join("; ")
    };
    if json {
        return render::json(&Saved {
            saved,
            journal: before.meta.title.clone(),
            receipt,
            lesson,
            student,
            mark,
        });
    }
    render::line(&format!(
        "Сохранено в журнале {}: {saved}",
        before.meta.title
    ))?;
    render::line(&format!(
        "сохранено на устройстве; ожидает синхронизации: {}",
        receipt.pending
    ))
}

pub fn attendance(
    replica: &Mutex<Replica>,
    at: &At<'_>,
    student: &str,
    code: &str,
    json: bool,
) -> Result<(), CliError> {
    let code = match code.trim() {
        "-" | "" | "—" => None,
        c => Some(
            c.parse::<AbsenceCode>()
                .map_err(|e| CliError::BadInput(e.to_string()))?,
        ),
    };
    let mut r = lock(replica);
    let (doc, data, lesson, student) = locate(&mut r, at, Some(student))?;
    let student = student.ok_or_else(|| CliError::BadInput("Укажите ученика.".into()))?;
    let op = JournalOp::SetAttendance {
        lesson,
        student,
        code,
    };
    write(&mut r, doc, &data, op, Some(lesson), Some(student), json)
}

pub fn mark(
    replica: &Mutex<Replica>,
    at: &At<'_>,
    student: &str,
    args: &MarkArgs,
    json: bool,
) -> Result<(), CliError> {
    let value: MarkValue = args
        .value
        .parse()
        .map_err(|e: zvonok_core::DomainError| CliError::BadInput(e.to_string()))?;
    let kind = match &args.kind {
        Some(k) => find_work_kind(k).ok_or_else(|| {
            let known: Vec<String> = WORK_KINDS
                .iter()
                .map(|w| format!("{} ({})", w.code, w.title_ru))
                .collect();
            CliError::BadInput(format!(
                "Неизвестный вид работы «{k}». Допустимо: {}.",
                known.join(", ")
            ))
        })?,
        None => work_kind("answer")
            .ok_or_else(|| CliError::BadInput("Нет вида работы «answer».".into()))?,
    };
    let weight = args.weight.unwrap_or(kind.default_weight);
    let mut r = lock(replica);
    let (doc, data, lesson, student) = locate(&mut r, at, Some(student))?;
    let student = student.ok_or_else(|| CliError::BadInput("Укажите ученика.".into()))?;
    let op = JournalOp::GiveMark {
        id: MarkId::new(),
        lesson,
        student,
        value,
        kind: kind.code.to_string(),
        weight,
        comment: args.comment.clone(),
    };
    write(&mut r, doc, &data, op, Some(lesson), Some(student), json)
}

pub fn lesson_text(
    replica: &Mutex<Replica>,
    at: &At<'_>,
    field: TextField,
    text: &str,
    json: bool,
) -> Result<(), CliError> {
    let mut r = lock(replica);
    let (doc, data, lesson, _) = locate(&mut r, at, None)?;
    let text = text.trim().to_string();
    let op = match field {
        TextField::Topic => JournalOp::SetTopic {
            lesson,
            topic: text,
        },
        TextField::Homework => JournalOp::SetHomework {
            lesson,
            homework: text,
        },
    };
    write(&mut r, doc, &data, op, Some(lesson), None, json)
}

pub fn final_mark(
    replica: &Mutex<Replica>,
    (class, subject, period): PeriodAt<'_>,
    student: &str,
    value: &str,
    json: bool,
) -> Result<(), CliError> {
    let value = match value.trim() {
        "-" | "" | "—" => None,
        v => Some(
            v.parse::<MarkValue>()
                .map_err(|e| CliError::BadInput(e.to_string()))?,
        ),
    };
    let mut r = lock(replica);
    let today = r.school_date(Utc::now());
    let found = r.find_journal_for_period(class, subject, period, today)?;
    let student = find_student(&found.data, student)?;
    let op = JournalOp::SetFinal { student, value };
    write(
        &mut r,
        found.doc,
        &found.data,
        op,
        None,
        Some(student),
        json,
    )
}

pub fn lock_period(
    replica: &Mutex<Replica>,
    (class, subject, period): PeriodAt<'_>,
    locked: bool,
    json: bool,
) -> Result<(), CliError> {
    let mut r = lock(replica);
    let today = r.school_date(Utc::now());
    let found = r.find_journal_for_period(class, subject, period, today)?;
    let op = if locked {
        JournalOp::Lock
    } else {
        JournalOp::Unlock
    };
    write(&mut r, found.doc, &found.data, op, None, None, json)
}

pub fn today(replica: &Mutex<Replica>, date: Option<&str>, json: bool) -> Result<(), CliError> {
    let date = match date {
        Some(d) => parse_date(d, || school_today(replica))?,
        None => school_today(replica),
    };
    let mut r = lock(replica);
    let lessons = r.today(date)?;
    if json {
        return render::json(&lessons);
    }
    render::line(&format!(
        "Уроки на {} ({}):",
        date.format("%d.%m.%Y"),
        weekday_ru(date.weekday())
    ))?;
    if lessons.is_empty() {
        return render::line("  уроков нет");
    }
    let mut rows = vec![vec![
        "№".to_string(),
        "Время".into(),
        "Класс".into(),
        "Предмет".into(),
        "Каб.".into(),
        "Заполнено".into(),
    ]];
    for l in &lessons {
        let filled = if l.lesson.is_none() {
            "урока нет в журнале".to_string()
        } else {
            format!(
                "пропусков {}, {} {}, тема {}, д/з {}",
                l.absences,
                l.marks,
                plural(l.marks, "отметка", "отметки", "отметок"),
                if l.topic_filled { "есть" } else { "нет" },
                if l.homework_filled {
                    "есть"
                } else {
                    "нет"
                }
            )
        };
        // Changes by date first: the user substitutes, the lesson is given away, cancelled or
        // moved here.
        let change = if let Some(t) = &l.replaces {
            Some(format!("замена за {t}"))
        } else if let Some(t) = &l.substitute {
            Some(format!("ведёт {t} (замена)"))
        } else if l.not_mine {
            Some("урок отменён".to_string())
        } else {
            l.moved_from
                .map(|(d, n)| format!("перенесён с {}, {n}-й урок", d.format("%d.%m")))
        };
        let filled = match change {
            Some(c) => format!("{c}; {filled}"),
            None => filled,
        };
        rows.push(vec![
            l.number.to_string(),
            format!("{}–{}", l.start, l.end),
            l.cohort_name.clone(),
            l.subject_name.clone(),
            l.room.clone(),
            filled,
        ]);
    }
    for line in table(&rows) {
        render::line(&format!("  {line}"))?;
    }
    Ok(())
}

pub fn grid(
    replica: &Mutex<Replica>,
    class: &str,
    subject: &str,
    period: Option<u8>,
    json: bool,
) -> Result<(), CliError> {
    let mut r = lock(replica);
    let today = r.school_date(Utc::now());
    let found = r.find_journal_for_period(class, subject, period, today)?;
    let conflicts = journal::read_conflicts(r.doc(found.doc)?).map_err(ReplicaError::from)?;
    let rights = r.journal_rights(found.doc)?;
    let mut grid = JournalGrid::build_with(found.doc, &found.data, &conflicts);
    grid.writable = rights.write;
    if json {
        return render::json(&GridJson {
            writable_now: rights.can_write_now(grid.locked),
            grid: &grid,
        });
    }
    render::line(&format!(
        "Журнал {}{}",
        grid.title,
        access_note(grid.locked, rights)
    ))?;
    let mut header = vec!["Ученик".to_string()];
    header.extend(
        grid.lessons
            .iter()
            .map(|l| l.date.format("%d.%m").to_string()),
    );
    header.push("Ср.".into());
    header.push("Итог".into());
    let mut rows = vec![header];
    for row in &grid.rows {
        let mut cells = vec![row.name.clone()];
        cells.extend(row.cells.iter().map(|c| {
            let t = c.text();
            if t.is_empty() {
                "·".to_string()
            } else {
                t
            }
        }));
        cells.push(row.average.clone().unwrap_or_else(|| "—".into()));
        cells.push(row.final_mark.clone().unwrap_or_else(|| "—".into()));
        rows.push(cells);
    }
    for line in table(&rows) {
        render::line(&line)?;
    }
    for line in conflict_lines(&grid) {
        render::line(&line)?;
    }
    Ok(())
}

/// `journal --json`: the grid (its `writable`: the user's right to write this journal, as the
/// server and the app report it; `locked`: the period lock) and `writable_now`: whether a write
/// would be accepted now, the lock and the right to edit a locked period counted.
#[derive(Serialize)]
struct GridJson<'a> {
    #[serde(flatten)]
    grid: &'a JournalGrid,
    writable_now: bool,
}

/// What the title line says about writing: read-only for another teacher's journal, closed
/// for a locked period.
fn access_note(locked: bool, rights: JournalRights) -> &'static str {
    match (rights.write, locked, rights.edit_locked) {
        (false, true, _) => " (период закрыт; только чтение: журнал ведёт назначенный учитель)",
        (false, false, _) => " (только чтение: журнал ведёт назначенный учитель)",
        (true, true, false) => {
            " (период закрыт: изменения только с правом «Редактировать закрытый период»)"
        }
        (true, true, true) => " (период закрыт; у вас есть право изменять закрытый период)",
        (true, false, _) => "",
    }
}

/// «Одновременные изменения с разных устройств: …», one line per cell with its other value.
fn conflict_lines(grid: &JournalGrid) -> Vec<String> {
    let mut out = Vec::new();
    for l in &grid.lessons {
        let date = l.date.format("%d.%m");
        for (what, shown, others) in [
            ("тема", &l.topic, &l.topic_other),
            ("домашнее задание", &l.homework, &l.homework_other),
        ] {
            if !others.is_empty() {
                out.push(format!(
                    "  урок {date} №{}: {what} «{shown}», с другого устройства «{}»",
                    l.number,
                    others.join("», «")
                ));
            }
        }
    }
    for row in &grid.rows {
        for (l, c) in grid.lessons.iter().zip(&row.cells) {
            let date = l.date.format("%d.%m");
            if !c.attendance_other.is_empty() {
                out.push(format!(
                    "  {}, {date}: посещаемость «{}», с другого устройства «{}»",
                    row.name,
                    c.attendance.as_deref().unwrap_or("присутствовал"),
                    c.attendance_other.join("», «")
                ));
            }
            for m in c.marks.iter().filter(|m| !m.value_other.is_empty()) {
                out.push(format!(
                    "  {}, {date}: отметка «{}», с другого устройства «{}»",
                    row.name,
                    m.value,
                    m.value_other.join("», «")
                ));
            }
        }
        if !row.final_other.is_empty() {
            out.push(format!(
                "  {}: итоговая «{}», с другого устройства «{}»",
                row.name,
                row.final_mark.as_deref().unwrap_or("—"),
                row.final_other.join("», «")
            ));
        }
    }
    if !out.is_empty() {
        out.insert(
            0,
            "Одновременные изменения с разных устройств (запишите нужное значение ещё раз, чтобы оставить его):".into(),
        );
    }
    out
}
