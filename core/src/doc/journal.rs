//! The `journal` document: one per class-or-group × subject × study period. Lessons,
//! attendance, marks, topics, homework and final marks. Written by the assigned teacher(s);
//! read by staff of the class.
//!
//! Layout (containers are created once, by the server, when the document is made):
//! - `meta{class,group,subject,period,start,end,title}` and `students{id:{name}}`: server only;
//! - `lessons{id:{date,number,topic,homework}}`: created by the server from the timetable;
//!   devices write only `topic` and `homework`;
//! - `attendance{"<lesson>/<student>": "Н"}`: flat, so two devices never create the same object;
//! - `marks{id:{student,lesson,value,kind,weight,comment}}`: keyed by a fresh mark id;
//! - `finals{"<student>": "5"}`: flat; `locked`: the period lock flag.

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::school::{get_cohort, parse_id, put_cohort};
use super::*;
use crate::error::DomainError;
use crate::ids::*;
use crate::marks::{find_work_kind, AbsenceCode, MarkValue, MAX_WEIGHT, MIN_WEIGHT};
use crate::rights::Cohort;

/// Longest topic or homework text we keep (characters).
pub const MAX_TEXT: usize = 2000;
/// Longest mark comment (characters).
pub const MAX_COMMENT: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalMeta {
    pub cohort: Cohort,
    pub subject: SubjectId,
    pub period: PeriodId,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// «5А · Математика · 1 четверть»
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: LessonId,
    pub date: NaiveDate,
    pub number: u8,
    pub topic: String,
    pub homework: String,
    /// The teacher who gives this lesson instead of the journal's teacher (a substitution;
    /// server only, see `super::journal_substitute`).
    #[serde(default)]
    pub substitute: Option<StaffId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkEntry {
    pub id: MarkId,
    pub student: StudentId,
    pub lesson: LessonId,
    pub value: MarkValue,
    /// A kind-of-work code (see [`crate::marks::WORK_KINDS`]).
    pub kind: String,
    pub weight: u8,
    pub comment: String,
}

/// The whole journal as plain data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalData {
    pub meta: JournalMeta,
    /// Student id → full name, in the class or group.
    pub students: BTreeMap<StudentId, String>,
    pub lessons: BTreeMap<LessonId, Lesson>,
    pub attendance: BTreeMap<(LessonId, StudentId), AbsenceCode>,
    pub marks: BTreeMap<MarkId, MarkEntry>,
    pub finals: BTreeMap<StudentId, MarkValue>,
    pub locked: bool,
}

/// One journal operation, as a device performs it. Validated by [`apply`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum JournalOp {
    SetAttendance {
        lesson: LessonId,
        student: StudentId,
        code: Option<AbsenceCode>,
    },
    GiveMark {
        id: MarkId,
        lesson: LessonId,
        student: StudentId,
        value: MarkValue,
        kind: String,
        weight: u8,
        comment: String,
    },
    EditMark {
        id: MarkId,
        value: MarkValue,
        kind: String,
        weight: u8,
        comment: String,
    },
    RemoveMark {
        id: MarkId,
    },
    SetTopic {
        lesson: LessonId,
        topic: String,
    },
    SetHomework {
        lesson: LessonId,
        homework: String,
    },
    SetFinal {
        student: StudentId,
        value: Option<MarkValue>,
    },
    Lock,
    Unlock,
}

/// What the acting user may do beyond ordinary journal keeping (decided by `rights::may`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JournalPermission {
    pub edit_locked: bool,
    /// The writer is this substitute, not the journal's teacher: they may write only the
    /// lessons that name them (`super::journal_substitute`).
    pub substitute: Option<StaffId>,
}

fn attendance_key(lesson: LessonId, student: StudentId) -> String {
    format!("{lesson}/{student}")
}

impl JournalData {
    /// Creates the document. Every container devices write into is created here, once.
    pub fn to_doc(&self) -> Result<AutoCommit, DomainError> {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        write_header(&mut doc, DocKind::Journal)?;
        let meta = put_map(&mut doc, &ROOT, "meta")?;
        put_cohort(&mut doc, &meta, &self.meta.cohort)?;
        doc.put(&meta, "subject", self.meta.subject.to_string())?;
        doc.put(&meta, "period", self.meta.period.to_string())?;
        doc.put(&meta, "start", fmt_date(self.meta.start))?;
        doc.put(&meta, "end", fmt_date(self.meta.end))?;
        doc.put(&meta, "title", self.meta.title.as_str())?;
        let students = put_map(&mut doc, &ROOT, "students")?;
        for (id, name) in &self.students {
            let o = put_map(&mut doc, &students, &id.to_string())?;
            doc.put(&o, "name", name.as_str())?;
        }
        let lessons = put_map(&mut doc, &ROOT, "lessons")?;
        for l in self.lessons.values() {
            let o = put_map(&mut doc, &lessons, &l.id.to_string())?;
            doc.put(&o, "date", fmt_date(l.date))?;
            doc.put(&o, "number", i64::from(l.number))?;
            doc.put(&o, "topic", l.topic.as_str())?;
            doc.put(&o, "homework", l.homework.as_str())?;
            if let Some(t) = l.substitute {
                doc.put(&o, "substitute", t.to_string())?;
            }
        }
        let att = put_map(&mut doc, &ROOT, "attendance")?;
        for ((l, s), code) in &self.attendance {
            doc.put(&att, attendance_key(*l, *s), code.code())?;
        }
        let marks = put_map(&mut doc, &ROOT, "marks")?;
        for m in self.marks.values() {
            write_mark(&mut doc, &marks, m)?;
        }
        let finals = put_map(&mut doc, &ROOT, "finals")?;
        for (s, v) in &self.finals {
            doc.put(&finals, s.to_string(), v.to_string())?;
        }
        doc.put(ROOT, "locked", self.locked)?;
        doc.commit();
        Ok(doc)
    }

    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        let meta = read_meta(doc)?;
        let mut j = JournalData {
            meta,
            students: BTreeMap::new(),
            lessons: BTreeMap::new(),
            attendance: BTreeMap::new(),
            marks: BTreeMap::new(),
            finals: BTreeMap::new(),
            locked: get_bool(doc, &ROOT, "locked").unwrap_or(false),
        };
        let students = need_map(doc, &ROOT, "students")?;
        for key in keys(doc, &students) {
            let o = get_map(doc, &students, &key)
                .ok_or_else(|| DomainError::Malformed("ученик".into()))?;
            j.students.insert(
                parse_id(&key)?,
                get_str(doc, &o, "name").unwrap_or_default(),
            );
        }
        let lessons = need_map(doc, &ROOT, "lessons")?;
        for key in keys(doc, &lessons) {
            let id: LessonId = parse_id(&key)?;
            j.lessons.insert(id, read_lesson(doc, &lessons, id)?);
        }
        let att = need_map(doc, &ROOT, "attendance")?;
        for key in keys(doc, &att) {
            let (l, s) = parse_attendance_key(&key)?;
            if let Some(code) = get_parsed::<AbsenceCode>(doc, &att, &key) {
                j.attendance.insert((l, s), code);
            }
        }
        let marks = need_map(doc, &ROOT, "marks")?;
        for key in keys(doc, &marks) {
            let id: MarkId = parse_id(&key)?;
            j.marks.insert(id, read_mark(doc, &marks, id)?);
        }
        let finals = need_map(doc, &ROOT, "finals")?;
        for key in keys(doc, &finals) {
            if let Some(v) = get_parsed::<MarkValue>(doc, &finals, &key) {
                j.finals.insert(parse_id(&key)?, v);
            }
        }
        Ok(j)
    }

    /// Lessons in date order, then by number.
    pub fn lessons_in_order(&self) -> Vec<&Lesson> {
        let mut v: Vec<&Lesson> = self.lessons.values().collect();
        v.sort_by_key(|l| (l.date, l.number));
        v
    }

    /// Students sorted by name.
    pub fn students_in_order(&self) -> Vec<(StudentId, &str)> {
        let mut v: Vec<(StudentId, &str)> = self
            .students
            .iter()
            .map(|(id, n)| (*id, n.as_str()))
            .collect();
        v.sort_by(|a, b| a.1.cmp(b.1));
        v
    }

    pub fn lesson_on(&self, date: NaiveDate, number: u8) -> Option<&Lesson> {
        self.lessons
            .values()
            .find(|l| l.date == date && l.number == number)
    }

    pub fn marks_of(&self, student: StudentId) -> impl Iterator<Item = &MarkEntry> {
        self.marks.values().filter(move |m| m.student == student)
    }

    /// Weighted average of a student's marks in this journal, in hundredths.
    pub fn average_centi(&self, student: StudentId) -> Option<u32> {
        crate::marks::weighted_average_centi(self.marks_of(student).map(|m| (m.value, m.weight)))
    }
}

/// Reads only the header of a journal: cheap, used for rights checks.
pub fn read_meta(doc: &AutoCommit) -> Result<JournalMeta, DomainError> {
    check_header(doc, DocKind::Journal)?;
    let meta = need_map(doc, &ROOT, "meta")?;
    Ok(JournalMeta {
        cohort: get_cohort(doc, &meta)?,
        subject: need_parsed(doc, &meta, "subject")?,
        period: need_parsed(doc, &meta, "period")?,
        start: need_date(doc, &meta, "start")?,
        end: need_date(doc, &meta, "end")?,
        title: get_str(doc, &meta, "title").unwrap_or_default(),
    })
}

fn parse_attendance_key(key: &str) -> Result<(LessonId, StudentId), DomainError> {
    let (l, s) = key
        .split_once('/')
        .ok_or_else(|| DomainError::Malformed(format!("ключ посещаемости «{key}»")))?;
    Ok((parse_id(l)?, parse_id(s)?))
}

fn read_lesson(doc: &AutoCommit, lessons: &ObjId, id: LessonId) -> Result<Lesson, DomainError> {
    let o = get_map(doc, lessons, &id.to_string()).ok_or(DomainError::NoSuchLesson)?;
    Ok(Lesson {
        id,
        date: need_date(doc, &o, "date")?,
        number: get_i64(doc, &o, "number").unwrap_or(0) as u8,
        topic: get_str(doc, &o, "topic").unwrap_or_default(),
        homework: get_str(doc, &o, "homework").unwrap_or_default(),
        substitute: get_parsed(doc, &o, "substitute"),
    })
}

pub(crate) fn read_mark(
    doc: &AutoCommit,
    marks: &ObjId,
    id: MarkId,
) -> Result<MarkEntry, DomainError> {
    let o = get_map(doc, marks, &id.to_string()).ok_or(DomainError::NoSuchMark)?;
    let value: MarkValue = get_str(doc, &o, "value")
        .ok_or_else(|| DomainError::Malformed("значение отметки".into()))?
        .parse()?;
    Ok(MarkEntry {
        id,
        student: need_parsed(doc, &o, "student")?,
        lesson: need_parsed(doc, &o, "lesson")?,
        value,
        kind: get_str(doc, &o, "kind").unwrap_or_default(),
        weight: get_i64(doc, &o, "weight").unwrap_or(1).clamp(0, 255) as u8,
        comment: get_str(doc, &o, "comment").unwrap_or_default(),
    })
}

fn write_mark(doc: &mut AutoCommit, marks: &ObjId, m: &MarkEntry) -> Result<(), DomainError> {
    let o = put_map(doc, marks, &m.id.to_string())?;
    doc.put(&o, "student", m.student.to_string())?;
    doc.put(&o, "lesson", m.lesson.to_string())?;
    write_mark_fields(doc, &o, m.value, &m.kind, m.weight, &m.comment)
}

fn write_mark_fields(
    doc: &mut AutoCommit,
    o: &ObjId,
    value: MarkValue,
    kind: &str,
    weight: u8,
    comment: &str,
) -> Result<(), DomainError> {
    doc.put(o, "value", value.to_string())?;
    doc.put(o, "kind", kind)?;
    doc.put(o, "weight", i64::from(weight))?;
    doc.put(o, "comment", comment)?;
    Ok(())
}

fn has_student(doc: &AutoCommit, student: StudentId) -> bool {
    get_map(doc, &ROOT, "students")
        .and_then(|s| get_map(doc, &s, &student.to_string()))
        .is_some()
}

fn has_lesson(doc: &AutoCommit, lesson: LessonId) -> bool {
    get_map(doc, &ROOT, "lessons")
        .and_then(|l| get_map(doc, &l, &lesson.to_string()))
        .is_some()
}

pub fn is_locked(doc: &AutoCommit) -> bool {
    get_bool(doc, &ROOT, "locked").unwrap_or(false)
}

fn check_text(s: &str, max: usize) -> Result<(), DomainError> {
    let n = s.chars().count();
    if n > max {
        return Err(DomainError::TooLong(n, max));
    }
    Ok(())
}

/// The rules of one mark, shared by [`apply`] and the server's change validation.
pub fn check_mark_fields(kind: &str, weight: u8, comment: &str) -> Result<(), DomainError> {
    if find_work_kind(kind).is_none() {
        return Err(DomainError::UnknownWorkKind(kind.to_string()));
    }
    if !(MIN_WEIGHT..=MAX_WEIGHT).contains(&weight) {
        return Err(DomainError::BadWeight(i64::from(weight)));
    }
    check_text(comment, MAX_COMMENT)
}

fn period_title(doc: &AutoCommit) -> String {
    read_meta(doc).map(|m| m.title).unwrap_or_default()
}

/// Checks an operation against the document without changing it.
pub fn check(doc: &AutoCommit, op: &JournalOp, perm: JournalPermission) -> Result<(), DomainError> {
    check_header(doc, DocKind::Journal)?;
    crate::year_close::read_only::check_year_open(doc)?;
    let locked = is_locked(doc);
    let needs_unlock = match op {
        JournalOp::Lock => false,
        JournalOp::Unlock => true,
        _ => locked,
    };
    if needs_unlock && !perm.edit_locked {
        return Err(DomainError::PeriodLocked(period_title(doc)));
    }
    if let Some(staff) = perm.substitute {
        super::journal_substitute::check_op(doc, op, staff)?;
    }
    let lesson_student = |l: LessonId, s: StudentId| {
        if !has_lesson(doc, l) {
            return Err(DomainError::NoSuchLesson);
        }
        if !has_student(doc, s) {
            return Err(DomainError::NotInCohort);
        }
        Ok(())
    };
    match op {
        JournalOp::SetAttendance {
            lesson, student, ..
        } => lesson_student(*lesson, *student),
        JournalOp::GiveMark {
            lesson,
            student,
            value,
            kind,
            weight,
            comment,
            ..
        } => {
            lesson_student(*lesson, *student)?;
            value.check_lesson_mark()?;
            check_mark_fields(kind, *weight, comment)
        }
        JournalOp::EditMark {
            id,
            value,
            kind,
            weight,
            comment,
        } => {
            value.check_lesson_mark()?;
            let marks = need_map(doc, &ROOT, "marks")?;
            get_map(doc, &marks, &id.to_string()).ok_or(DomainError::NoSuchMark)?;
            check_mark_fields(kind, *weight, comment)
        }
        JournalOp::RemoveMark { id } => {
            let marks = need_map(doc, &ROOT, "marks")?;
            get_map(doc, &marks, &id.to_string()).ok_or(DomainError::NoSuchMark)?;
            Ok(())
        }
        JournalOp::SetTopic {
            lesson,
            topic: text,
        }
        | JournalOp::SetHomework {
            lesson,
            homework: text,
        } => {
            if !has_lesson(doc, *lesson) {
                return Err(DomainError::NoSuchLesson);
            }
            check_text(text, MAX_TEXT)
        }
        JournalOp::SetFinal { student, .. } => {
            if !has_student(doc, *student) {
                return Err(DomainError::NotInCohort);
            }
            Ok(())
        }
        JournalOp::Lock | JournalOp::Unlock => Ok(()),
    }
}

/// Validates and performs one operation. The caller commits the change.
pub fn apply(
    doc: &mut AutoCommit,
    op: &JournalOp,
    perm: JournalPermission,
) -> Result<(), DomainError> {
    check(doc, op, perm)?;
    match op {
        JournalOp::SetAttendance {
            lesson,
            student,
            code,
        } => {
            let att = need_map(doc, &ROOT, "attendance")?;
            put_opt_str(
                doc,
                &att,
                &attendance_key(*lesson, *student),
                code.map(|c| c.code()),
            )?;
        }
        JournalOp::GiveMark {
            id,
            lesson,
            student,
            value,
            kind,
            weight,
            comment,
        } => {
            let marks = need_map(doc, &ROOT, "marks")?;
            let entry = MarkEntry {
                id: *id,
                student: *student,
                lesson: *lesson,
                value: *value,
                kind: kind.clone(),
                weight: *weight,
                comment: comment.clone(),
            };
            write_mark(doc, &marks, &entry)?;
        }
        JournalOp::EditMark {
            id,
            value,
            kind,
            weight,
            comment,
        } => {
            let marks = need_map(doc, &ROOT, "marks")?;
            let o = get_map(doc, &marks, &id.to_string()).ok_or(DomainError::NoSuchMark)?;
            write_mark_fields(doc, &o, *value, kind, *weight, comment)?;
        }
        JournalOp::RemoveMark { id } => {
            let marks = need_map(doc, &ROOT, "marks")?;
            doc.delete(&marks, id.to_string())?;
        }
        JournalOp::SetTopic { lesson, topic } => {
            let lessons = need_map(doc, &ROOT, "lessons")?;
            let o = get_map(doc, &lessons, &lesson.to_string()).ok_or(DomainError::NoSuchLesson)?;
            doc.put(&o, "topic", topic.as_str())?;
        }
        JournalOp::SetHomework { lesson, homework } => {
            let lessons = need_map(doc, &ROOT, "lessons")?;
            let o = get_map(doc, &lessons, &lesson.to_string()).ok_or(DomainError::NoSuchLesson)?;
            doc.put(&o, "homework", homework.as_str())?;
        }
        JournalOp::SetFinal { student, value } => {
            let finals = need_map(doc, &ROOT, "finals")?;
            let v = value.map(|v| v.to_string());
            put_opt_str(doc, &finals, &student.to_string(), v.as_deref())?;
        }
        JournalOp::Lock => {
            doc.put(ROOT, "locked", true)?;
        }
        JournalOp::Unlock => {
            doc.put(ROOT, "locked", false)?;
        }
    }
    Ok(())
}

/// What a change touched, gathered from Automerge patches; used to validate incoming changes.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub attendance: Vec<String>,
    pub marks: Vec<String>,
    pub lesson_fields: Vec<(String, String)>,
    pub finals: Vec<String>,
    pub lock: bool,
    /// A path no device may write (meta, students, new lessons, unknown keys).
    pub forbidden: Option<String>,
}

impl Touched {
    pub(crate) fn record(&mut self, path: &[String]) {
        let top = path.first().map(String::as_str).unwrap_or("");
        let second = path.get(1).cloned();
        match (top, second) {
            ("attendance", Some(k)) => self.attendance.push(k),
            ("marks", Some(k)) => self.marks.push(k),
            ("finals", Some(k)) => self.finals.push(k),
            ("locked", None) => self.lock = true,
            ("lessons", Some(l)) => match path.get(2).map(String::as_str) {
                Some(f @ ("topic" | "homework")) if path.len() == 3 => {
                    self.lesson_fields.push((l, f.to_string()))
                }
                _ => self.forbid(path),
            },
            _ => self.forbid(path),
        }
    }

    fn forbid(&mut self, path: &[String]) {
        if self.forbidden.is_none() {
            self.forbidden = Some(path.join("/"));
        }
    }
}

/// Validates the state of everything a set of incoming changes touched, against the same
/// rules [`apply`] enforces. `was_locked` is the lock flag before the changes.
pub(crate) fn validate_touched(
    doc: &AutoCommit,
    t: &Touched,
    was_locked: bool,
    perm: JournalPermission,
) -> Result<(), DomainError> {
    if let Some(p) = &t.forbidden {
        return Err(DomainError::Forbidden(format!(
            "поле «{p}» журнала меняет только сервер"
        )));
    }
    crate::year_close::read_only::check_year_open(doc)?;
    let now_locked = is_locked(doc);
    let unlocking = was_locked && !now_locked;
    let edits = !t.attendance.is_empty()
        || !t.marks.is_empty()
        || !t.lesson_fields.is_empty()
        || !t.finals.is_empty();
    if (unlocking || (was_locked && edits)) && !perm.edit_locked {
        return Err(DomainError::PeriodLocked(period_title(doc)));
    }
    let att = need_map(doc, &ROOT, "attendance")?;
    for key in &t.attendance {
        let (l, s) = parse_attendance_key(key)?;
        if let Some(v) = get_str(doc, &att, key) {
            v.parse::<AbsenceCode>()?;
            if !has_lesson(doc, l) {
                return Err(DomainError::NoSuchLesson);
            }
            if !has_student(doc, s) {
                return Err(DomainError::NotInCohort);
            }
        } else if doc.get(&att, key.as_str()).ok().flatten().is_some() {
            return Err(DomainError::Malformed(format!("посещаемость «{key}»")));
        }
    }
    let marks = need_map(doc, &ROOT, "marks")?;
    for key in &t.marks {
        let id: MarkId = parse_id(key)?;
        if get_map(doc, &marks, key).is_none() {
            if doc.get(&marks, key.as_str()).ok().flatten().is_some() {
                return Err(DomainError::Malformed(format!("отметка «{key}»")));
            }
            continue; // removed
        }
        let m = read_mark(doc, &marks, id)?;
        if !has_lesson(doc, m.lesson) {
            return Err(DomainError::NoSuchLesson);
        }
        if !has_student(doc, m.student) {
            return Err(DomainError::NotInCohort);
        }
        m.value.check_lesson_mark()?;
        check_mark_fields(&m.kind, m.weight, &m.comment)?;
    }
    let lessons = need_map(doc, &ROOT, "lessons")?;
    for (l, field) in &t.lesson_fields {
        let o = get_map(doc, &lessons, l).ok_or(DomainError::NoSuchLesson)?;
        let text = get_str(doc, &o, field)
            .ok_or_else(|| DomainError::Malformed(format!("урок/{field}")))?;
        check_text(&text, MAX_TEXT)?;
    }
    let finals = need_map(doc, &ROOT, "finals")?;
    for key in &t.finals {
        let s: StudentId = parse_id(key)?;
        if let Some(v) = get_str(doc, &finals, key) {
            v.parse::<MarkValue>()?;
            if !has_student(doc, s) {
                return Err(DomainError::NotInCohort);
            }
        } else if doc.get(&finals, key.as_str()).ok().flatten().is_some() {
            return Err(DomainError::Malformed(format!("итоговая отметка «{key}»")));
        }
    }
    Ok(())
}

// ---- concurrent edits ----

/// The values a cell holds besides the one normal reads show: when two devices wrote the same
/// cell concurrently, Automerge keeps one value as the winner (deterministically) and the
/// others stay readable until someone writes the cell again. Only cells with another value
/// than the shown one are listed; each list holds the other values, parsed and deduplicated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalConflicts {
    /// Other absence codes of `attendance["<lesson>/<student>"]`.
    pub attendance: BTreeMap<(LessonId, StudentId), Vec<AbsenceCode>>,
    /// Other values of a mark's `value`.
    pub mark_values: BTreeMap<MarkId, Vec<MarkValue>>,
    /// Other topics of a lesson.
    pub topics: BTreeMap<LessonId, Vec<String>>,
    /// Other homework texts of a lesson.
    pub homework: BTreeMap<LessonId, Vec<String>>,
    /// Other final marks of a student.
    pub finals: BTreeMap<StudentId, Vec<MarkValue>>,
}

impl JournalConflicts {
    pub fn is_empty(&self) -> bool {
        self.attendance.is_empty()
            && self.mark_values.is_empty()
            && self.topics.is_empty()
            && self.homework.is_empty()
            && self.finals.is_empty()
    }
}

/// The string values of `obj[key]` other than the one a normal read returns (empty when the
/// key has a single value). Values equal to the shown one are not a conflict.
fn other_strings(doc: &AutoCommit, obj: &ObjId, key: &str) -> Vec<String> {
    use automerge::{ReadDoc, ScalarValue, Value};
    let Ok(all) = doc.get_all(obj, key) else {
        return Vec::new();
    };
    if all.len() < 2 {
        return Vec::new();
    }
    let shown = get_str(doc, obj, key);
    let winner = doc.get(obj, key).ok().flatten().map(|(_, id)| id);
    let mut out: Vec<String> = Vec::new();
    for (value, id) in all {
        if Some(&id) == winner.as_ref() {
            continue;
        }
        let Value::Scalar(s) = value else { continue };
        let ScalarValue::Str(s) = s.as_ref() else {
            continue;
        };
        let s = s.to_string();
        if Some(&s) != shown.as_ref() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn other_parsed<T: std::str::FromStr>(doc: &AutoCommit, obj: &ObjId, key: &str) -> Vec<T> {
    other_strings(doc, obj, key)
        .into_iter()
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// Reads every cell of the journal that holds concurrently written values (see
/// [`JournalConflicts`]). Writing the cell again (any [`JournalOp`] on it) resolves it.
pub fn read_conflicts(doc: &AutoCommit) -> Result<JournalConflicts, DomainError> {
    check_header(doc, DocKind::Journal)?;
    let mut c = JournalConflicts::default();
    let att = need_map(doc, &ROOT, "attendance")?;
    for key in keys(doc, &att) {
        let others: Vec<AbsenceCode> = other_parsed(doc, &att, &key);
        if !others.is_empty() {
            if let Ok(k) = parse_attendance_key(&key) {
                c.attendance.insert(k, others);
            }
        }
    }
    let marks = need_map(doc, &ROOT, "marks")?;
    for key in keys(doc, &marks) {
        let (Some(o), Ok(id)) = (get_map(doc, &marks, &key), parse_id::<MarkId>(&key)) else {
            continue;
        };
        let others: Vec<MarkValue> = other_parsed(doc, &o, "value");
        if !others.is_empty() {
            c.mark_values.insert(id, others);
        }
    }
    let lessons = need_map(doc, &ROOT, "lessons")?;
    for key in keys(doc, &lessons) {
        let (Some(o), Ok(id)) = (get_map(doc, &lessons, &key), parse_id::<LessonId>(&key)) else {
            continue;
        };
        let topics = other_strings(doc, &o, "topic");
        if !topics.is_empty() {
            c.topics.insert(id, topics);
        }
        let homework = other_strings(doc, &o, "homework");
        if !homework.is_empty() {
            c.homework.insert(id, homework);
        }
    }
    let finals = need_map(doc, &ROOT, "finals")?;
    for key in keys(doc, &finals) {
        let others: Vec<MarkValue> = other_parsed(doc, &finals, &key);
        if !others.is_empty() {
            if let Ok(s) = parse_id::<StudentId>(&key) {
                c.finals.insert(s, others);
            }
        }
    }
    Ok(c)
}
