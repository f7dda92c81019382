//! «Отчёт о посещаемости» for a date range: per student and per class, the lessons had, the
//! absences by code (Н, Б, УП), the lessons missed, the whole days missed and the excused
//! share; «ОП» (опоздание, late) is not an absence from the lesson and is counted apart.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{in_class_on, percent_centi};
use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::ids::{ClassId, StudentId};
use crate::marks::AbsenceCode;
use crate::movement::Timeline;

/// The report's legend.
pub const LEGEND: [&str; 4] = [
    "Н — отсутствовал без уважительной причины, Б — по болезни, УП — по уважительной причине; \
     пропущено уроков = Н + Б + УП.",
    "ОП — опоздание: урок не пропущен, опоздания считаются отдельно.",
    "Пропущен день — день, в который ученик пропустил все свои уроки этого дня.",
    "Доля уважительных = (Б + УП) / пропущено уроков · 100 %.",
];

/// A student's (or a class's) attendance in figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceCounts {
    /// Lessons the student had in the range.
    pub lessons: u32,
    pub absent: u32,
    pub ill: u32,
    pub excused: u32,
    pub late: u32,
    pub days_missed: u32,
}

impl AttendanceCounts {
    /// Н + Б + УП.
    pub fn missed(&self) -> u32 {
        self.absent + self.ill + self.excused
    }

    /// (Б + УП) / missed, hundredths of a percent.
    pub fn excused_share(&self) -> Option<u32> {
        percent_centi(self.ill + self.excused, self.missed())
    }

    fn merge(&mut self, o: &AttendanceCounts) {
        self.lessons += o.lessons;
        self.absent += o.absent;
        self.ill += o.ill;
        self.excused += o.excused;
        self.late += o.late;
        self.days_missed += o.days_missed;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentAttendance {
    pub student: StudentId,
    pub name: String,
    pub counts: AttendanceCounts,
    pub missed: u32,
    pub excused_share: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassAttendance {
    pub class: ClassId,
    pub name: String,
    pub students: Vec<StudentAttendance>,
    pub total: AttendanceCounts,
    pub missed: u32,
    pub excused_share: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub classes: Vec<ClassAttendance>,
    pub legend: Vec<String>,
}

/// One student's lessons in the range, by date: each lesson's absence code, if any.
type Days = BTreeMap<NaiveDate, Vec<Option<AbsenceCode>>>;

/// The attendance of the classes whose journals are given, `from..=to`. A lesson counts for a
/// student listed in its journal while they belong to its class (by the movement book).
pub fn attendance_report(
    school: &SchoolData,
    journals: &[JournalData],
    timeline: &Timeline,
    from: NaiveDate,
    to: NaiveDate,
) -> AttendanceReport {
    // class → student → (name, days)
    let mut seen: BTreeMap<ClassId, BTreeMap<StudentId, (String, Days)>> = BTreeMap::new();
    for j in journals {
        let class = j.meta.cohort.class();
        if j.meta.end < from || to < j.meta.start {
            continue;
        }
        let per_class = seen.entry(class).or_default();
        for l in j
            .lessons
            .values()
            .filter(|l| from <= l.date && l.date <= to)
        {
            for (s, name) in &j.students {
                if !in_class_on(timeline, *s, class, l.date) {
                    continue;
                }
                let entry = per_class
                    .entry(*s)
                    .or_insert_with(|| (name.clone(), Days::new()));
                let code = j.attendance.get(&(l.id, *s)).copied();
                entry.1.entry(l.date).or_default().push(code);
            }
        }
    }
    let mut classes: Vec<ClassAttendance> = seen
        .into_iter()
        .map(|(class, students)| {
            let mut rows: Vec<StudentAttendance> = students
                .into_iter()
                .map(|(student, (name, days))| {
                    let counts = count(&days);
                    StudentAttendance {
                        student,
                        name,
                        missed: counts.missed(),
                        excused_share: counts.excused_share(),
                        counts,
                    }
                })
                .collect();
            rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.student.cmp(&b.student)));
            let mut total = AttendanceCounts::default();
            for r in &rows {
                total.merge(&r.counts);
            }
            ClassAttendance {
                class,
                name: school
                    .classes
                    .get(&class)
                    .map(|c| c.name())
                    .unwrap_or_default(),
                students: rows,
                missed: total.missed(),
                excused_share: total.excused_share(),
                total,
            }
        })
        .collect();
    classes.sort_by_key(|c| {
        let grade = school.classes.get(&c.class).map_or(0, |k| k.grade);
        (grade, c.name.clone())
    });
    AttendanceReport {
        from,
        to,
        classes,
        legend: LEGEND.iter().map(|s| s.to_string()).collect(),
    }
}

fn count(days: &Days) -> AttendanceCounts {
    let mut c = AttendanceCounts::default();
    for codes in days.values() {
        let mut all_missed = !codes.is_empty();
        for code in codes {
            c.lessons += 1;
            match code {
                Some(AbsenceCode::Absent) => c.absent += 1,
                Some(AbsenceCode::Ill) => c.ill += 1,
                Some(AbsenceCode::Excused) => c.excused += 1,
                Some(AbsenceCode::Late) => c.late += 1,
                None => {}
            }
            if !matches!(
                code,
                Some(AbsenceCode::Absent | AbsenceCode::Ill | AbsenceCode::Excused)
            ) {
                all_missed = false;
            }
        }
        if all_missed {
            c.days_missed += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::movement::OrderKind;
    use crate::movement::replay;
    use crate::reports::fixture::{absent, d, lesson, movement, students, Fx};

    /// Two pupils of 5А, mathematics and Russian over three days (10–12 November):
    ///
    /// | day   | lessons (math, rus) | pupil 1       | pupil 2       |
    /// |-------|---------------------|---------------|---------------|
    /// | 10.11 | м1, р2              | Н, Б → day    | ОП, —         |
    /// | 11.11 | м1                  | УП → day      | —             |
    /// | 12.11 | м1, р3              | Н, —          | Б, Б → day    |
    /// | 13.11 | р1 (outside range)  | Н             | —             |
    ///
    /// Pupil 1: lessons 5, Н 2, Б 1, УП 1 → missed 4, days 2, excused (1+1)/4 = 50 %.
    /// Pupil 2: lessons 5, Б 2, ОП 1 → missed 2 (ОП is not missed), days 1, excused 100 %.
    /// Class: lessons 10, Н 2, Б 3, УП 1, ОП 1 → missed 6, days 3, excused 4/6 = 66,67 %.
    #[test]
    fn codes_lessons_days_and_excused_share() {
        let fx = Fx::new();
        let p = students(2);
        let names: Vec<_> = p.iter().map(|(s, n)| (*s, n.as_str())).collect();
        let mut math = fx.journal(fx.c5a, fx.math, fx.q2, &names);
        let mut rus = fx.journal(fx.c5a, fx.rus, fx.q2, &names);
        let (p1, p2) = (p[0].0, p[1].0);
        let m10 = lesson(&mut math, d(2026, 11, 10), 1);
        let r10 = lesson(&mut rus, d(2026, 11, 10), 2);
        let m11 = lesson(&mut math, d(2026, 11, 11), 1);
        let m12 = lesson(&mut math, d(2026, 11, 12), 1);
        let r12 = lesson(&mut rus, d(2026, 11, 12), 3);
        let r13 = lesson(&mut rus, d(2026, 11, 13), 1);
        absent(&mut math, m10, p1, "Н");
        absent(&mut rus, r10, p1, "Б");
        absent(&mut math, m11, p1, "УП");
        absent(&mut math, m12, p1, "Н");
        absent(&mut rus, r13, p1, "Н");
        absent(&mut math, m10, p2, "ОП");
        absent(&mut math, m12, p2, "Б");
        absent(&mut rus, r12, p2, "Б");
        let r = attendance_report(
            &fx.school,
            &[math, rus],
            &Timeline::default(),
            d(2026, 11, 10),
            d(2026, 11, 12),
        );
        assert_eq!(r.classes.len(), 1);
        let c = &r.classes[0];
        assert_eq!(c.name, "5А");
        let s1 = &c.students[0];
        assert_eq!(
            (
                s1.counts.lessons,
                s1.counts.absent,
                s1.counts.ill,
                s1.counts.excused
            ),
            (5, 2, 1, 1)
        );
        assert_eq!(
            (s1.missed, s1.counts.days_missed, s1.excused_share),
            (4, 2, Some(5000))
        );
        let s2 = &c.students[1];
        assert_eq!(
            (s2.counts.lessons, s2.counts.ill, s2.counts.late),
            (5, 2, 1)
        );
        assert_eq!(
            (s2.missed, s2.counts.days_missed, s2.excused_share),
            (2, 1, Some(10_000))
        );
        assert_eq!(
            (
                c.total.lessons,
                c.missed,
                c.total.late,
                c.total.days_missed,
                c.excused_share
            ),
            (10, 6, 1, 3, Some(6667))
        );
    }

    /// A pupil who joined 5А on 11 November: the 10th's lesson is not theirs.
    #[test]
    fn lessons_before_joining_do_not_count() {
        let fx = Fx::new();
        let p = students(1);
        let mut math = fx.journal(fx.c5a, fx.math, fx.q2, &[(p[0].0, "Ученик 01")]);
        let m10 = lesson(&mut math, d(2026, 11, 10), 1);
        lesson(&mut math, d(2026, 11, 11), 1);
        absent(&mut math, m10, p[0].0, "Н");
        let book = movement(&[(OrderKind::Enroll { to: fx.c5a }, d(2026, 11, 11), &[p[0].0])]);
        let t = replay(&book).expect("book");
        let r = attendance_report(&fx.school, &[math], &t, d(2026, 11, 1), d(2026, 11, 30));
        let s = &r.classes[0].students[0];
        // One lesson (the 11th), attended: nothing missed, no share.
        assert_eq!((s.counts.lessons, s.missed, s.excused_share), (1, 0, None));
    }
}
