//! «Заполнение журнала»: how completely the journals of a study period are kept, up to a date,
//! per teacher and per class, with every gap named (journal, class, subject, teacher, lesson or
//! student). The coordinator's live view and the source of what blocks closing a period
//! ([`crate::period_close`]).
//!
//! **Attendance taken.** The journal stores absences only (`attendance{"<lesson>/<student>":
//! code}`): a lesson where everyone was present looks the same as a lesson where nobody took
//! the register. We therefore count a lesson's attendance as taken when the teacher recorded
//! anything at all in that lesson: an absence, a mark, a topic or homework. A lesson dated up
//! to the date with none of these is «посещаемость не отмечена». A teacher who opens a lesson
//! gives its topic first (the lesson screen asks for it), so a kept lesson with full attendance
//! is not reported.
//!
//! **Who is counted.** A lesson counts for the teacher who gave it: its substitute when the
//! lesson names one, otherwise the journal's teacher (the teaching assignment of the journal's
//! class or group and subject in the period's year; a group's journal falls back to the class's
//! assignment). Students' marks and final marks count for the journal's teacher.
//!
//! **Who is asked for marks.** A journal keeps every student who was ever in it. A student who
//! is no longer active on the class's list ([`Enrolled`]: withdrawn or moved to another class
//! by an order) is not asked for marks nor a final mark there; a class missing from
//! [`Enrolled`] asks every student of its journals.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::doc::journal::{JournalData, Lesson};
use crate::doc::school::SchoolData;
use crate::ids::{ClassId, DocId, LessonId, StaffId, StudentId};
use crate::marks::MarkValue;
use crate::model::StudyPeriod;

/// Fewest current marks a student needs in a journal for the teacher to give a well-founded
/// final mark: three, the rule most school regulations on current assessment state («не менее
/// трёх отметок за четверть»). «н/а» does not count as a mark.
pub const MIN_MARKS_FOR_FINAL: usize = 3;

/// Final marks are due when the period's end is this many days away or fewer (or past).
pub const FINALS_DUE_DAYS: i64 = 7;

/// The students active on each class's list (`doc::roster`), see the module docs.
pub type Enrolled = BTreeMap<ClassId, BTreeSet<StudentId>>;

/// A journal with the id of its document.
#[derive(Clone, Copy, Debug)]
pub struct JournalRef<'a> {
    pub doc: DocId,
    pub data: &'a JournalData,
}

/// What is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// A lesson dated up to the date where nothing at all was recorded (see the module docs).
    NoAttendance,
    /// A lesson dated up to the date without a topic.
    NoTopic,
    /// A lesson dated up to the date without homework.
    NoHomework,
    /// A student with fewer than [`MIN_MARKS_FOR_FINAL`] marks in the journal.
    FewMarks,
    /// A student without a final mark when final marks are due.
    MissingFinal,
}

impl GapKind {
    pub fn title_ru(self) -> &'static str {
        match self {
            GapKind::NoAttendance => "не отмечена посещаемость",
            GapKind::NoTopic => "нет темы урока",
            GapKind::NoHomework => "нет домашнего задания",
            GapKind::FewMarks => "мало отметок для итоговой",
            GapKind::MissingFinal => "нет итоговой отметки",
        }
    }
}

/// One gap, with everything a screen needs to say where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub kind: GapKind,
    pub journal: DocId,
    pub class: ClassId,
    /// «5А» or «5А · Группа 1».
    pub cohort: String,
    pub subject: String,
    /// Who the gap counts for (see the module docs); `None` when nobody teaches it.
    pub teacher: Option<StaffId>,
    pub teacher_name: String,
    pub lesson: Option<LessonId>,
    pub date: Option<NaiveDate>,
    pub number: Option<u8>,
    pub student: Option<StudentId>,
    pub student_name: String,
    /// For [`GapKind::FewMarks`]: the marks the student has.
    pub marks: Option<u32>,
    /// The whole gap in Russian: «5А · Математика (Иванова А. П.): урок 14.10.2026, 2-й — не
    /// отмечена посещаемость».
    pub message: String,
}

/// Counts of one teacher or class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Lessons dated up to the date.
    pub lessons: u32,
    pub no_attendance: u32,
    pub no_topic: u32,
    pub no_homework: u32,
    pub few_marks: u32,
    pub missing_finals: u32,
}

impl Counts {
    fn add(&mut self, kind: GapKind) {
        match kind {
            GapKind::NoAttendance => self.no_attendance += 1,
            GapKind::NoTopic => self.no_topic += 1,
            GapKind::NoHomework => self.no_homework += 1,
            GapKind::FewMarks => self.few_marks += 1,
            GapKind::MissingFinal => self.missing_finals += 1,
        }
    }

    /// Every gap counted.
    pub fn gaps(&self) -> u32 {
        self.no_attendance + self.no_topic + self.no_homework + self.few_marks + self.missing_finals
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherRow {
    pub teacher: Option<StaffId>,
    pub name: String,
    pub counts: Counts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRow {
    pub class: ClassId,
    pub name: String,
    pub counts: Counts,
}

/// The report: `GET /v1/web/completeness?period=…` and the coordinator's `#/completeness`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub period: crate::ids::PeriodId,
    /// «1 четверть»
    pub period_title: String,
    /// Lessons dated up to this date count.
    pub up_to: NaiveDate,
    /// Final marks are due (the period ends within [`FINALS_DUE_DAYS`] or has ended).
    pub finals_due: bool,
    /// By teacher name; the lessons of a substitute count for the substitute.
    pub by_teacher: Vec<TeacherRow>,
    /// By class name.
    pub by_class: Vec<ClassRow>,
    /// Every gap, by class, subject, date and number, then student.
    pub gaps: Vec<Gap>,
}

/// Are final marks due on `date` for `period`?
pub fn finals_due(period: &StudyPeriod, date: NaiveDate) -> bool {
    date >= period.end - Duration::days(FINALS_DUE_DAYS)
}

/// The completeness of `period`'s journals up to `date` (the school's today). Journals of other
/// periods are ignored.
pub fn completeness(
    school: &SchoolData,
    period: &StudyPeriod,
    journals: &[JournalRef<'_>],
    enrolled: &Enrolled,
    date: NaiveDate,
) -> Completeness {
    let due = finals_due(period, date);
    let mut ctx = Ctx::new(school, period, enrolled);
    for j in journals.iter().filter(|j| j.data.meta.period == period.id) {
        ctx.journal(*j, date, due);
    }
    ctx.finish(date, due)
}

/// The gaps of the given kinds in `period`'s journals: lessons dated up to `date`, finals
/// counted as due when `finals_due` (used by [`crate::period_close::blockers`]).
pub(crate) fn gaps(
    school: &SchoolData,
    period: &StudyPeriod,
    journals: &[JournalRef<'_>],
    enrolled: &Enrolled,
    date: NaiveDate,
    finals_due: bool,
) -> Vec<Gap> {
    let mut ctx = Ctx::new(school, period, enrolled);
    for j in journals.iter().filter(|j| j.data.meta.period == period.id) {
        ctx.journal(*j, date, finals_due);
    }
    ctx.finish(date, finals_due).gaps
}

/// Did the teacher record anything in this lesson (see the module docs)?
pub fn attendance_taken(j: &JournalData, lesson: &Lesson) -> bool {
    !lesson.topic.trim().is_empty()
        || !lesson.homework.trim().is_empty()
        || j.attendance.keys().any(|(l, _)| *l == lesson.id)
        || j.marks.values().any(|m| m.lesson == lesson.id)
}

/// Marks that count towards a final mark: every mark but «н/а».
pub fn counted_marks(j: &JournalData, student: StudentId) -> u32 {
    j.marks_of(student)
        .filter(|m| m.value != MarkValue::NotAssessed)
        .count() as u32
}

struct Ctx<'a> {
    school: &'a SchoolData,
    period: &'a StudyPeriod,
    enrolled: &'a Enrolled,
    teachers: BTreeMap<Option<StaffId>, Counts>,
    classes: BTreeMap<ClassId, Counts>,
    gaps: Vec<Gap>,
}

impl<'a> Ctx<'a> {
    fn new(school: &'a SchoolData, period: &'a StudyPeriod, enrolled: &'a Enrolled) -> Self {
        Ctx {
            school,
            period,
            enrolled,
            teachers: BTreeMap::new(),
            classes: BTreeMap::new(),
            gaps: Vec::new(),
        }
    }

    /// The journal's teacher: see the module docs. With several, the first by id.
    fn journal_teacher(&self, j: &JournalData) -> Option<StaffId> {
        let of = |cohort: crate::rights::Cohort| {
            self.school
                .assignments
                .values()
                .filter(|a| {
                    a.year == self.period.year && a.cohort == cohort && a.subject == j.meta.subject
                })
                .map(|a| a.teacher)
                .min()
        };
        of(j.meta.cohort).or_else(|| match j.meta.cohort {
            crate::rights::Cohort::Group { class, .. } => of(crate::rights::Cohort::Class(class)),
            crate::rights::Cohort::Class(_) => None,
        })
    }

    fn teacher_name(&self, t: Option<StaffId>) -> String {
        t.and_then(|t| self.school.staff.get(&t))
            .map(|s| s.short_name())
            .unwrap_or_else(|| "учитель не назначен".to_string())
    }

    fn journal(&mut self, jr: JournalRef<'_>, date: NaiveDate, finals_due: bool) {
        let j = jr.data;
        let class = j.meta.cohort.class();
        let teacher = self.journal_teacher(j);
        let cohort = self.school.cohort_name(&j.meta.cohort);
        let subject = self
            .school
            .subjects
            .get(&j.meta.subject)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        self.classes.entry(class).or_default();
        self.teachers.entry(teacher).or_default();
        let base = |kind: GapKind, who: Option<StaffId>, who_name: String| Gap {
            kind,
            journal: jr.doc,
            class,
            cohort: cohort.clone(),
            subject: subject.clone(),
            teacher: who,
            teacher_name: who_name,
            lesson: None,
            date: None,
            number: None,
            student: None,
            student_name: String::new(),
            marks: None,
            message: String::new(),
        };
        for lesson in j.lessons_in_order().into_iter().filter(|l| l.date <= date) {
            let who = lesson.substitute.or(teacher);
            self.teachers.entry(who).or_default().lessons += 1;
            self.classes.entry(class).or_default().lessons += 1;
            let mut kinds = Vec::new();
            if !attendance_taken(j, lesson) {
                kinds.push(GapKind::NoAttendance);
            }
            if lesson.topic.trim().is_empty() {
                kinds.push(GapKind::NoTopic);
            }
            if lesson.homework.trim().is_empty() {
                kinds.push(GapKind::NoHomework);
            }
            for kind in kinds {
                let mut g = base(kind, who, self.teacher_name(who));
                g.lesson = Some(lesson.id);
                g.date = Some(lesson.date);
                g.number = Some(lesson.number);
                g.message = format!(
                    "{cohort} · {subject} ({}): урок {}, {}-й — {}",
                    g.teacher_name,
                    lesson.date.format("%d.%m.%Y"),
                    lesson.number,
                    kind.title_ru()
                );
                self.push(g);
            }
        }
        for (student, name) in j.students_in_order() {
            if self
                .enrolled
                .get(&class)
                .is_some_and(|on_list| !on_list.contains(&student))
            {
                continue; // left the class: no marks asked of them here
            }
            let marks = counted_marks(j, student);
            let mut kinds = Vec::new();
            if (marks as usize) < MIN_MARKS_FOR_FINAL {
                kinds.push(GapKind::FewMarks);
            }
            if finals_due && !j.finals.contains_key(&student) {
                kinds.push(GapKind::MissingFinal);
            }
            for kind in kinds {
                let mut g = base(kind, teacher, self.teacher_name(teacher));
                g.student = Some(student);
                g.student_name = name.to_string();
                let what = if kind == GapKind::FewMarks {
                    g.marks = Some(marks);
                    format!("отметок {marks}, нужно не меньше {MIN_MARKS_FOR_FINAL} для итоговой")
                } else {
                    kind.title_ru().to_string()
                };
                g.message = format!("{cohort} · {subject} ({}): {name} — {what}", g.teacher_name);
                self.push(g);
            }
        }
    }

    fn push(&mut self, g: Gap) {
        self.teachers.entry(g.teacher).or_default().add(g.kind);
        self.classes.entry(g.class).or_default().add(g.kind);
        self.gaps.push(g);
    }

    fn finish(mut self, date: NaiveDate, finals_due: bool) -> Completeness {
        let school = self.school;
        let class_name = |c: &ClassId| school.classes.get(c).map(|c| c.name()).unwrap_or_default();
        let mut by_teacher: Vec<TeacherRow> = self
            .teachers
            .iter()
            .map(|(t, counts)| TeacherRow {
                teacher: *t,
                name: self.teacher_name(*t),
                counts: *counts,
            })
            .collect();
        by_teacher.sort_by(|a, b| (&a.name, a.teacher).cmp(&(&b.name, b.teacher)));
        let mut by_class: Vec<ClassRow> = self
            .classes
            .iter()
            .map(|(c, counts)| ClassRow {
                class: *c,
                name: class_name(c),
                counts: *counts,
            })
            .collect();
        by_class.sort_by(|a, b| {
            let grade = |c: &ClassId| school.classes.get(c).map(|c| c.grade).unwrap_or(0);
            (grade(&a.class), &a.name).cmp(&(grade(&b.class), &b.name))
        });
        self.gaps.sort_by(|a, b| {
            (
                &a.cohort,
                &a.subject,
                a.date,
                a.number,
                &a.student_name,
                a.kind,
            )
                .cmp(&(
                    &b.cohort,
                    &b.subject,
                    b.date,
                    b.number,
                    &b.student_name,
                    b.kind,
                ))
        });
        Completeness {
            period: self.period.id,
            period_title: self.period.title(),
            up_to: date,
            finals_due,
            by_teacher,
            by_class,
            gaps: self.gaps,
        }
    }
}

#[cfg(test)]
mod tests;
