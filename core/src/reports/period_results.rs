//! «Итоги успеваемости за учебный период»: the final marks of a period counted per subject of a
//! class, per class of a grade level, per journal of a teacher and per grade level of the
//! school, with успеваемость, качество знаний, СОУ and the average mark (formulas and counting
//! rules in [`LEGEND`], printed with the report).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{counted_students, journal_teacher, percent_centi, periods_ending_with};
use crate::doc::journal::JournalData;
use crate::doc::school::SchoolData;
use crate::ids::{ClassId, PeriodId, StaffId};
use crate::marks::MarkValue;
use crate::movement::Timeline;

/// The report's legend: formulas and counting rules, as printed under every table.
pub const LEGEND: [&str; 7] = [
    "N — число учеников, которым выставляется итоговая отметка по предмету: учитываются и «н/а», \
     и ученики без отметки; не учитываются освобождённые («осв») и выбывшие из класса до конца \
     периода (по книге движения).",
    "Успеваемость = (n5 + n4 + n3 + n«зч») / N · 100 %.",
    "Качество знаний = (n5 + n4) / N · 100 %.",
    "СОУ (степень обученности) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n«н/а») / N, %.",
    "Средний балл — среднее итоговых отметок 1–5; «н/а», «зч», «нз» в него не входят.",
    "Отметка 1 считается в столбце «2»; «зч»/«нз» (зачёт/незачёт) — в своих столбцах.",
    "Строка «Итого» складывает отметки строк: каждый ученик считается по каждому предмету.",
];

/// The final marks of one row, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalCounts {
    pub n5: u32,
    /// 2 and 1.
    pub n2: u32,
    pub n4: u32,
    pub n3: u32,
    /// «н/а».
    pub not_assessed: u32,
    /// «зч».
    pub pass: u32,
    /// «нз».
    pub fail: u32,
    /// Counted pupils without a final mark yet.
    pub missing: u32,
    /// «осв»: not in N.
    pub exempt: u32,
    /// Sum and number of the numeric finals, for the average.
    pub points_sum: u32,
    pub points_n: u32,
}

impl FinalCounts {
    /// Counts one pupil's final mark (`None`: not given yet).
    pub fn add(&mut self, v: Option<MarkValue>) {
        match v {
            None => self.missing += 1,
            Some(MarkValue::Points(p)) => {
                match p {
                    5 => self.n5 += 1,
                    4 => self.n4 += 1,
                    3 => self.n3 += 1,
                    _ => self.n2 += 1,
                }
                self.points_sum += u32::from(p);
                self.points_n += 1;
            }
            Some(MarkValue::NotAssessed) => self.not_assessed += 1,
            Some(MarkValue::Pass) => self.pass += 1,
            Some(MarkValue::Fail) => self.fail += 1,
            Some(MarkValue::Exempt) => self.exempt += 1,
        }
    }

    pub fn merge(&mut self, o: &FinalCounts) {
        self.n5 += o.n5;
        self.n4 += o.n4;
        self.n3 += o.n3;
        self.n2 += o.n2;
        self.not_assessed += o.not_assessed;
        self.pass += o.pass;
        self.fail += o.fail;
        self.missing += o.missing;
        self.exempt += o.exempt;
        self.points_sum += o.points_sum;
        self.points_n += o.points_n;
    }

    /// N: every counted pupil but the exempt.
    pub fn total(&self) -> u32 {
        self.n5
            + self.n4
            + self.n3
            + self.n2
            + self.not_assessed
            + self.pass
            + self.fail
            + self.missing
    }

    /// Успеваемость, hundredths of a percent.
    pub fn success(&self) -> Option<u32> {
        percent_centi(self.n5 + self.n4 + self.n3 + self.pass, self.total())
    }

    /// Качество знаний, hundredths of a percent.
    pub fn quality(&self) -> Option<u32> {
        percent_centi(self.n5 + self.n4, self.total())
    }

    /// СОУ, hundredths of a percent, rounded half up.
    pub fn sou(&self) -> Option<u32> {
        let n = u64::from(self.total());
        if n == 0 {
            return None;
        }
        let weighted = 100 * u64::from(self.n5)
            + 64 * u64::from(self.n4)
            + 36 * u64::from(self.n3)
            + 16 * u64::from(self.n2)
            + 7 * u64::from(self.not_assessed);
        // round(100 · weighted / n)
        Some(((200 * weighted + n) / (2 * n)) as u32)
    }

    /// The average numeric final, hundredths, rounded half up.
    pub fn average(&self) -> Option<u32> {
        let (sum, n) = (u64::from(self.points_sum), u64::from(self.points_n));
        (n > 0).then(|| ((200 * sum + n) / (2 * n)) as u32)
    }
}

/// One row of a table: what it counts and the figures, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    pub label: String,
    pub counts: FinalCounts,
    pub n: u32,
    /// Hundredths of a percent; `None` when N = 0.
    pub success: Option<u32>,
    pub quality: Option<u32>,
    pub sou: Option<u32>,
    /// Hundredths of a mark.
    pub average: Option<u32>,
}

impl ResultRow {
    pub fn new(label: String, counts: FinalCounts) -> ResultRow {
        ResultRow {
            label,
            n: counts.total(),
            success: counts.success(),
            quality: counts.quality(),
            sou: counts.sou(),
            average: counts.average(),
            counts,
        }
    }
}

/// A titled table: rows and their total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultTable {
    pub title: String,
    pub rows: Vec<ResultRow>,
    pub total: ResultRow,
}

impl ResultTable {
    fn new(title: String, rows: Vec<(String, FinalCounts)>) -> ResultTable {
        let mut total = FinalCounts::default();
        for (_, c) in &rows {
            total.merge(c);
        }
        ResultTable {
            title,
            rows: rows
                .into_iter()
                .map(|(l, c)| ResultRow::new(l, c))
                .collect(),
            total: ResultRow::new("Итого".into(), total),
        }
    }
}

/// The whole report for one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodResults {
    /// «2 четверть» (and «1 полугодие» when reported together).
    pub period: String,
    /// Per class: a row per subject.
    pub classes: Vec<ResultTable>,
    /// Per grade level: a row per class.
    pub grades: Vec<ResultTable>,
    /// Per teacher: a row per journal («5А · Математика»).
    pub teachers: Vec<ResultTable>,
    /// The school: a row per grade level.
    pub school: ResultTable,
    pub legend: Vec<String>,
}

/// Computes the report over `journals` (the caller passes the school's, or one class's) for
/// `period` and the periods that end with it.
pub fn period_results(
    school: &SchoolData,
    journals: &[JournalData],
    timeline: &Timeline,
    period: PeriodId,
) -> PeriodResults {
    let periods = periods_ending_with(school, period);
    let mut titles: Vec<_> = periods
        .iter()
        .filter_map(|p| school.periods.get(p))
        .collect();
    titles.sort_by_key(|p| (p.kind.as_str(), p.number));
    let title = titles
        .iter()
        .map(|p| p.title())
        .collect::<Vec<_>>()
        .join(", ");

    let subject_name = |j: &JournalData| {
        school
            .subjects
            .get(&j.meta.subject)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let class_of = |c: ClassId| school.classes.get(&c);
    // (grade, class name, class) → subject → counts
    let mut by_class: BTreeMap<(u8, String, ClassId), BTreeMap<String, FinalCounts>> =
        BTreeMap::new();
    // teacher → journal label → counts
    let mut by_teacher: BTreeMap<(String, Option<StaffId>), BTreeMap<String, FinalCounts>> =
        BTreeMap::new();
    for j in journals.iter().filter(|j| periods.contains(&j.meta.period)) {
        let class = j.meta.cohort.class();
        let Some(c) = class_of(class) else { continue };
        let mut counts = FinalCounts::default();
        for (s, _) in counted_students(j, timeline) {
            counts.add(j.finals.get(&s).copied());
        }
        let subject = subject_name(j);
        by_class
            .entry((c.grade, c.name(), class))
            .or_default()
            .entry(subject.clone())
            .or_default()
            .merge(&counts);
        let teacher = journal_teacher(school, &j.meta);
        let teacher_name = teacher
            .and_then(|t| school.staff.get(&t))
            .map(|t| t.short_name())
            .unwrap_or_else(|| "Учитель не назначен".into());
        by_teacher
            .entry((teacher_name, teacher))
            .or_default()
            .entry(format!(
                "{} · {subject}",
                school.cohort_name(&j.meta.cohort)
            ))
            .or_default()
            .merge(&counts);
    }

    let mut classes = Vec::new();
    let mut grade_rows: BTreeMap<u8, Vec<(String, FinalCounts)>> = BTreeMap::new();
    for ((grade, name, _), subjects) in by_class {
        let table = ResultTable::new(format!("Класс {name}"), subjects.into_iter().collect());
        grade_rows
            .entry(grade)
            .or_default()
            .push((name, table.total.counts));
        classes.push(table);
    }
    let mut school_rows = Vec::new();
    let mut grades = Vec::new();
    for (grade, rows) in grade_rows {
        let table = ResultTable::new(format!("Параллель {grade}"), rows);
        school_rows.push((format!("{grade} классы"), table.total.counts));
        grades.push(table);
    }
    let teachers = by_teacher
        .into_iter()
        .map(|((name, _), rows)| ResultTable::new(name, rows.into_iter().collect()))
        .collect();
    PeriodResults {
        period: title,
        classes,
        grades,
        teachers,
        school: ResultTable::new("Школа".into(), school_rows),
        legend: LEGEND.iter().map(|s| s.to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::movement::OrderKind;
    use crate::movement::replay;
    use crate::reports::fixture::{d, movement, students, Fx};

    fn counts_of(marks: &[Option<&str>]) -> FinalCounts {
        let mut c = FinalCounts::default();
        for m in marks {
            c.add(m.map(|s| s.parse().expect("mark")));
        }
        c
    }

    /// Formulas, table by table. Each case: the finals, then N, успеваемость, качество, СОУ,
    /// average, all in hundredths, worked out by hand in the comment.
    #[test]
    fn formulas_by_hand() {
        type Case<'a> = (
            &'a [Option<&'a str>],
            u32,
            Option<u32>,
            Option<u32>,
            Option<u32>,
            Option<u32>,
        );
        let cases: &[Case] = &[
            // 5,5,4,3,2: N = 5; усп = 4/5 = 80 %; кач = 3/5 = 60 %;
            // СОУ = (200 + 64 + 36 + 16)/5 = 316/5 = 63,2 %; avg = 19/5 = 3,80.
            (
                &[Some("5"), Some("5"), Some("4"), Some("3"), Some("2")],
                5,
                Some(8000),
                Some(6000),
                Some(6320),
                Some(380),
            ),
            // 5,4,н/а: N = 3 (н/а counts); усп = 2/3 = 66,67 %; кач = 66,67 %;
            // СОУ = (100 + 64 + 7)/3 = 171/3 = 57 %; avg = 9/2 = 4,50.
            (
                &[Some("5"), Some("4"), Some("н/а")],
                3,
                Some(6667),
                Some(6667),
                Some(5700),
                Some(450),
            ),
            // 4,3,осв,осв: the exempt are not in N = 2; усп = 100 %; кач = 1/2 = 50 %;
            // СОУ = (64 + 36)/2 = 50 %; avg = 7/2 = 3,50.
            (
                &[Some("4"), Some("3"), Some("осв"), Some("осв")],
                2,
                Some(10_000),
                Some(5000),
                Some(5000),
                Some(350),
            ),
            // 5, no mark yet, 1: N = 3; усп = 1/3 = 33,33 %; кач = 33,33 %;
            // СОУ = (100 + 16)/3 = 38,666… → 38,67 %; avg = 6/2 = 3,00.
            (
                &[Some("5"), None, Some("1")],
                3,
                Some(3333),
                Some(3333),
                Some(3867),
                Some(300),
            ),
            // зч, нз, 3: N = 3; усп = (1 + 1)/3 = 66,67 %; кач = 0 %; СОУ = 36/3 = 12 %; avg 3,00.
            (
                &[Some("зч"), Some("нз"), Some("3")],
                3,
                Some(6667),
                Some(0),
                Some(1200),
                Some(300),
            ),
            // only exempt: N = 0, nothing to divide.
            (&[Some("осв")], 0, None, None, None, None),
        ];
        for (marks, n, success, quality, sou, avg) in cases {
            let c = counts_of(marks);
            assert_eq!(c.total(), *n, "{marks:?} N");
            assert_eq!(c.success(), *success, "{marks:?} успеваемость");
            assert_eq!(c.quality(), *quality, "{marks:?} качество");
            assert_eq!(c.sou(), *sou, "{marks:?} СОУ");
            assert_eq!(c.average(), *avg, "{marks:?} средний балл");
        }
    }

    /// A small school: 5А (4 pupils, one left on 1 December, before the 2nd quarter's end),
    /// 5Б (2 pupils), 10А (1 pupil, half-year journals end with the 2nd quarter); a 1st-quarter
    /// journal that must not count.
    #[test]
    fn class_grade_teacher_and_school_tables() {
        let fx = Fx::new();
        let a = students(4);
        let b = students(2);
        let t = students(1);
        let n = |v: &Vec<(crate::ids::StudentId, String)>, i: usize| (v[i].0, v[i].1.clone());
        let f = |v: &Vec<(crate::ids::StudentId, String)>, marks: &[&str]| {
            marks
                .iter()
                .enumerate()
                .map(|(i, m)| (n(v, i).0, v[i].1.clone(), m.to_string()))
                .collect::<Vec<_>>()
        };
        let j = |class, subject, period, rows: &[(crate::ids::StudentId, String, String)]| {
            let rows: Vec<_> = rows
                .iter()
                .map(|(s, n, m)| (*s, n.as_str(), m.as_str()))
                .collect();
            fx.with_finals(class, subject, period, &rows)
        };
        let journals = vec![
            // 5А математика: 5, 4, 3, and pupil 4 (left) has 2: not counted.
            j(fx.c5a, fx.math, fx.q2, &f(&a, &["5", "4", "3", "2"])),
            // 5А русский: 4, н/а, осв, pupil 4 (left) 5: not counted.
            j(fx.c5a, fx.rus, fx.q2, &f(&a, &["4", "н/а", "осв", "5"])),
            // 5Б математика: 5, 5.
            j(fx.c5b, fx.math, fx.q2, &f(&b, &["5", "5"])),
            // 10А математика (1 полугодие): 2.
            j(fx.c10a, fx.math, fx.h1, &f(&t, &["2"])),
            // 5А математика, 1st quarter: another period, ignored.
            j(fx.c5a, fx.math, fx.q1, &f(&a, &["2", "2", "2", "2"])),
        ];
        let book = movement(&[
            (
                OrderKind::Enroll { to: fx.c5a },
                d(2026, 9, 1),
                &a.iter().map(|x| x.0).collect::<Vec<_>>(),
            ),
            (
                OrderKind::Withdraw {
                    from: fx.c5a,
                    destination: "другая школа".into(),
                },
                d(2026, 12, 1),
                &[a[3].0],
            ),
        ]);
        let timeline = replay(&book).expect("a consistent book");
        let r = period_results(&fx.school, &journals, &timeline, fx.q2);
        assert_eq!(r.period, "1 полугодие, 2 четверть");

        // Class 5А: Математика 5,4,3 → N 3, усп 100 %, кач 66,67 %, СОУ (100+64+36)/3 = 66,67 %,
        // avg 4,00. Русский язык 4, н/а (осв aside) → N 2, усп 50 %, кач 50 %,
        // СОУ (64+7)/2 = 35,5 %, avg 4,00. Итого: 5,4,4,3,н/а → N 5, усп 80 %, кач 60 %,
        // СОУ (100+128+36+7)/5 = 271/5 = 54,2 %, avg 16/4 = 4,00.
        let c5a = &r.classes[0];
        assert_eq!(c5a.title, "Класс 5А");
        let row = |t: &ResultTable, i: usize| {
            let r = &t.rows[i];
            (r.label.clone(), r.n, r.success, r.quality, r.sou, r.average)
        };
        let tot = |t: &ResultTable| {
            let r = &t.total;
            (r.label.clone(), r.n, r.success, r.quality, r.sou, r.average)
        };
        assert_eq!(
            row(c5a, 0),
            (
                "Математика".into(),
                3,
                Some(10_000),
                Some(6667),
                Some(6667),
                Some(400)
            )
        );
        assert_eq!(
            row(c5a, 1),
            (
                "Русский язык".into(),
                2,
                Some(5000),
                Some(5000),
                Some(3550),
                Some(400)
            )
        );
        assert_eq!(c5a.rows[1].counts.exempt, 1);
        assert_eq!(
            tot(c5a),
            (
                "Итого".into(),
                5,
                Some(8000),
                Some(6000),
                Some(5420),
                Some(400)
            )
        );

        // Grade 5: 5А (N 5 as above) and 5Б (5,5 → N 2, all 100 %, avg 5,00).
        // Total 5,5,5,4,4,3,н/а → N 7, усп 6/7 = 85,71 %, кач 5/7 = 71,43 %,
        // СОУ (300+128+36+7)/7 = 471/7 = 67,2857… → 67,29 %, avg 26/6 = 4,333… → 4,33.
        assert_eq!(r.grades.len(), 2);
        assert_eq!(r.grades[0].title, "Параллель 5");
        assert_eq!(
            row(&r.grades[0], 1),
            (
                "5Б".into(),
                2,
                Some(10_000),
                Some(10_000),
                Some(10_000),
                Some(500)
            )
        );
        assert_eq!(
            tot(&r.grades[0]),
            (
                "Итого".into(),
                7,
                Some(8571),
                Some(7143),
                Some(6729),
                Some(433)
            )
        );

        // Teachers: Иванова keeps the mathematics journals: 5А (5,4,3), 5Б (5,5), 10А (2):
        // N 6, усп 5/6 = 83,33 %, кач 4/6 = 66,67 %, СОУ (300+64+36+16)/6 = 416/6 = 69,33 %,
        // avg 24/6 = 4,00. Петров: 5А русский only.
        let ivanova = r
            .teachers
            .iter()
            .find(|t| t.title == "Иванова А.")
            .expect("Иванова");
        assert_eq!(ivanova.rows.len(), 3);
        assert_eq!(
            tot(ivanova),
            (
                "Итого".into(),
                6,
                Some(8333),
                Some(6667),
                Some(6933),
                Some(400)
            )
        );
        let petrov = r
            .teachers
            .iter()
            .find(|t| t.title == "Петров П.")
            .expect("Петров");
        assert_eq!(petrov.rows.len(), 1);

        // School: grade 5 (N 7) and grade 10 (2 → N 1, усп 0, СОУ 16 %). Total N 8:
        // усп 6/8 = 75 %, кач 5/8 = 62,5 %, СОУ (471+16)/8 = 487/8 = 60,875 → 60,88 %,
        // avg 28/7 = 4,00.
        assert_eq!(
            row(&r.school, 1),
            (
                "10 классы".into(),
                1,
                Some(0),
                Some(0),
                Some(1600),
                Some(200)
            )
        );
        assert_eq!(
            tot(&r.school),
            (
                "Итого".into(),
                8,
                Some(7500),
                Some(6250),
                Some(6088),
                Some(400)
            )
        );
        assert_eq!(r.legend.len(), LEGEND.len());
        assert!(r.legend.iter().any(|l| l.contains("СОУ")));
    }

    /// A substitute who gave lessons does not make the journal theirs.
    #[test]
    fn substitute_does_not_change_the_teacher() {
        let fx = Fx::new();
        let a = students(1);
        let mut j = fx.with_finals(fx.c5a, fx.math, fx.q2, &[(a[0].0, &a[0].1, "5")]);
        let l = crate::reports::fixture::lesson(&mut j, d(2026, 11, 10), 1);
        j.lessons.get_mut(&l).expect("lesson").substitute = Some(fx.petrov);
        assert_eq!(journal_teacher(&fx.school, &j.meta), Some(fx.ivanova));
        let r = period_results(&fx.school, &[j], &Default::default(), fx.q2);
        assert_eq!(r.teachers.len(), 1);
        assert_eq!(r.teachers[0].title, "Иванова А.");
    }
}
