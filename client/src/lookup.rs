//! Lookups over the replica that the CLI and the UI share: today's lessons of the user, a
//! journal by class, subject and date, a lesson by date and number, a student by name.

use chrono::NaiveDate;
use zvonok_core::doc::journal::{JournalData, JournalMeta};
use zvonok_core::ids::{ClassId, DocId, LessonId, StudentId, SubjectId};
use zvonok_core::views::today::today_lessons;

use crate::names::{class_key, find_person, find_title, Match};
use crate::replica::{Replica, ReplicaError};

pub use zvonok_core::views::today::TodayLesson;

/// A journal found by class, subject and date, with the lesson asked for if any.
#[derive(Clone, Debug)]
pub struct JournalRef {
    pub doc: DocId,
    pub data: JournalData,
    pub lesson: Option<LessonId>,
}

fn ambiguous(query: &str, names: Vec<String>) -> ReplicaError {
    ReplicaError::Ambiguous(query.to_string(), names.join(", "))
}

impl Replica {
    /// The user's lessons on `date`: timetable slots whose teacher is the user's staff id,
    /// with bell times and what has been filled in the journal.
    pub fn today(&mut self, date: NaiveDate) -> Result<Vec<TodayLesson>, ReplicaError> {
        let staff = self
            .user()
            .ok_or(ReplicaError::NotLoggedIn)?
            .staff
            .ok_or_else(|| {
                ReplicaError::BadInput(
                    "Расписание уроков есть только у сотрудников школы: для учеников и родителей — zvonok summary."
                        .into(),
                )
            })?;
        let Some(timetable) = self.timetable()? else {
            return Ok(Vec::new());
        };
        let changes = self.timetable_changes()?;
        let school = self.school()?.clone();
        let journals = self.journal_metas()?;
        Ok(today_lessons(
            &school,
            &timetable,
            &changes,
            staff,
            date,
            &journals,
            |doc| self.journal(doc).ok(),
        ))
    }

    /// Finds a class of the current year by name with the name rule's class key: «5А», «5 а»,
    /// «5a», «5-А» all find 5А.
    pub fn find_class(&mut self, name: &str) -> Result<ClassId, ReplicaError> {
        let school = self.school()?;
        let want = class_key(name);
        let exact: Vec<(ClassId, String)> = school
            .classes
            .values()
            .filter(|c| school.current_year.is_none() || Some(c.year) == school.current_year)
            .map(|c| (c.id, c.name()))
            .filter(|(_, n)| !want.is_empty() && class_key(n) == want)
            .collect();
        match exact.as_slice() {
            [(id, _)] => Ok(*id),
            [] => Err(ReplicaError::UnknownClass(name.to_string())),
            many => Err(ambiguous(
                name,
                many.iter().map(|(_, n)| n.clone()).collect(),
            )),
        }
    }

    /// Finds a subject by id, by name (the name rule) or by a unique abbreviation («матем»,
    /// «рус яз»; see [`crate::names`]).
    pub fn find_subject(&mut self, name: &str) -> Result<SubjectId, ReplicaError> {
        let school = self.school()?;
        if let Ok(id) = name.trim().parse::<SubjectId>() {
            if school.subjects.contains_key(&id) {
                return Ok(id);
            }
        }
        let candidates = school.subjects.values().map(|s| (s.id, s.name.clone()));
        match find_title(name, candidates) {
            Match::One(id) => Ok(id),
            Match::None(close) => Err(ReplicaError::UnknownSubject(name.to_string(), close)),
            Match::Many(names) => Err(ambiguous(name, names)),
        }
    }

    /// Journals of a class (or its groups) in a subject whose period contains `date`.
    fn journals_for(
        &mut self,
        class: ClassId,
        subject: SubjectId,
        date: Option<NaiveDate>,
    ) -> Result<Vec<(DocId, JournalMeta)>, ReplicaError> {
        Ok(self
            .journal_metas()?
            .into_iter()
            .filter(|(_, m)| m.cohort.class() == class && m.subject == subject)
            .filter(|(_, m)| date.is_none_or(|d| m.start <= d && d <= m.end))
            .collect())
    }

    /// The journal of a class and subject whose period contains `date`. When the class has
    /// several group journals in the subject, `lesson_number` (and then `student`) picks the
    /// one that has that lesson (that student).
    pub fn find_journal(
        &mut self,
        class: &str,
        subject: &str,
        date: NaiveDate,
        lesson_number: Option<u8>,
        student: Option<&str>,
    ) -> Result<JournalRef, ReplicaError> {
        let class_id = self.find_class(class)?;
        let subject_id = self.find_subject(subject)?;
        let label = self.label(class_id, subject_id)?;
        let candidates = self.journals_for(class_id, subject_id, Some(date))?;
        let date_text = date.format("%d.%m.%Y").to_string();
        if candidates.is_empty() {
            return Err(ReplicaError::NoJournal(label, date_text));
        }
        let mut found = Vec::new();
        for (id, _) in candidates {
            let data = self.journal(id)?;
            let lesson = lesson_number
                .and_then(|n| data.lesson_on(date, n))
                .map(|l| l.id);
            if lesson_number.is_some() && lesson.is_none() {
                found.push((id, data, None));
                continue;
            }
            found.push((id, data, lesson));
        }
        if let Some(n) = lesson_number {
            let with: Vec<_> = found
                .iter()
                .filter(|(_, _, l)| l.is_some())
                .cloned()
                .collect();
            if with.is_empty() {
                let title = found
                    .first()
                    .map(|(_, d, _)| d.meta.title.clone())
                    .unwrap_or(label);
                return Err(ReplicaError::NoLesson(title, date_text, n));
            }
            found = with;
        }
        if found.len() > 1 {
            if let Some(s) = student {
                let with: Vec<_> = found
                    .iter()
                    .filter(|(_, d, _)| find_student(d, s).is_ok())
                    .cloned()
                    .collect();
                if !with.is_empty() {
                    found = with;
                }
            }
        }
        match found.len() {
            1 => {
                let (doc, data, lesson) = found.remove(0);
                Ok(JournalRef { doc, data, lesson })
            }
            _ => Err(ambiguous(
                &format!("{class} {subject}"),
                found.iter().map(|(_, d, _)| d.meta.title.clone()).collect(),
            )),
        }
    }

    /// The journal of a class and subject for a study period by number (1, 2, …) of the
    /// current year; without a number, the period containing `today` (or the latest one that
    /// has started, or the first).
    pub fn find_journal_for_period(
        &mut self,
        class: &str,
        subject: &str,
        period_number: Option<u8>,
        today: NaiveDate,
    ) -> Result<JournalRef, ReplicaError> {
        let class_id = self.find_class(class)?;
        let subject_id = self.find_subject(subject)?;
        let label = self.label(class_id, subject_id)?;
        let periods: Vec<_> = self
            .school()?
            .current_periods()
            .into_iter()
            .cloned()
            .collect();
        let period = match period_number {
            Some(n) => periods.iter().find(|p| p.number == n).ok_or_else(|| {
                ReplicaError::BadInput(format!(
                    "Периода №{n} нет в текущем учебном году: есть {}.",
                    periods
                        .iter()
                        .map(|p| p.number.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?,
            None => periods
                .iter()
                .find(|p| p.contains(today))
                .or_else(|| periods.iter().rev().find(|p| p.start <= today))
                .or(periods.first())
                .ok_or(ReplicaError::NoSchool)?,
        };
        let mut candidates: Vec<_> = self
            .journals_for(class_id, subject_id, None)?
            .into_iter()
            .filter(|(_, m)| m.period == period.id)
            .collect();
        match candidates.len() {
            0 => Err(ReplicaError::NoJournal(label, period.title())),
            1 => {
                let (doc, _) = candidates.remove(0);
                Ok(JournalRef {
                    doc,
                    data: self.journal(doc)?,
                    lesson: None,
                })
            }
            _ => Err(ambiguous(
                &format!("{class} {subject}"),
                candidates.into_iter().map(|(_, m)| m.title).collect(),
            )),
        }
    }

    fn label(&mut self, class: ClassId, subject: SubjectId) -> Result<String, ReplicaError> {
        let school = self.school()?;
        let c = school
            .classes
            .get(&class)
            .map(|c| c.name())
            .unwrap_or_default();
        let s = school
            .subjects
            .get(&subject)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        Ok(format!("{c} · {s}"))
    }
}

/// Finds a student of a journal by id, or by name with the person rule of [`crate::names`]:
/// the full name, «Фамилия Имя», or the surname alone when it is unique in the journal; never
/// by a mere beginning of a name.
pub fn find_student(journal: &JournalData, query: &str) -> Result<StudentId, ReplicaError> {
    if let Ok(id) = query.trim().parse::<StudentId>() {
        if journal.students.contains_key(&id) {
            return Ok(id);
        }
    }
    let candidates = journal.students.iter().map(|(id, n)| (*id, n.clone()));
    match find_person(query, candidates) {
        Match::One(id) => Ok(id),
        Match::None(close) => Err(ReplicaError::UnknownStudent(
            query.to_string(),
            journal.meta.title.clone(),
            close,
        )),
        Match::Many(names) => Err(ReplicaError::AmbiguousStudent(
            query.to_string(),
            journal.meta.title.clone(),
            names,
        )),
    }
}
