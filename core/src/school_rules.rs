//! The invariants of the `school` document: everything that makes its data wrong (not merely
//! unfinished), as Russian sentences tied to the setup step that fixes them.
//!
//! Devices and the server use the same comparison, [`check_not_worse`]: a write is refused when
//! the state after it has a problem the state before it did not have. So a write can never
//! break the school, and data that was already wrong (written before a rule existed) does not
//! block unrelated work; the wizard shows those problems on their step ([`crate::setup`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::calendar;
use crate::curriculum;
use crate::doc::school::SchoolData;
use crate::error::DomainError;
use crate::setup::SetupStep;

/// Longest name, title or address we keep in the school document (characters).
pub const MAX_FIELD: usize = 300;

/// One thing wrong with the school's data. `key` names the rule and the entities it is about
/// («profile/<id>/load»), so the same problem is recognised before and after an edit that only
/// changes its details; `message` says what to fix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    pub step: SetupStep,
    pub key: String,
    pub message: String,
}

fn push(out: &mut Vec<Problem>, step: SetupStep, key: String, message: String) {
    out.push(Problem { step, key, message });
}

/// Parses «8:30» / «08:30» into minutes since midnight.
pub fn parse_time(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Every problem of the school document, in setup-step order.
pub fn problems(s: &SchoolData) -> Vec<Problem> {
    use SetupStep::*;
    let mut out = Vec::new();

    for (what, text) in [
        ("Название школы", &s.card.name),
        ("Краткое название", &s.card.short_name),
        ("Адрес", &s.card.address),
    ] {
        let n = text.chars().count();
        if n > MAX_FIELD {
            push(
                &mut out,
                SchoolCard,
                format!("card/{what}"),
                format!("{what}: {n} символов, допускается не больше {MAX_FIELD}. Сократите."),
            );
        }
    }

    if crate::time_zone::parse(&s.time_zone).is_err() {
        push(
            &mut out,
            SchoolCard,
            "card/time_zone".into(),
            format!(
                "Часовой пояс «{}» неизвестен. Выберите пояс школы из списка.",
                s.time_zone
            ),
        );
    }

    if let Some(y) = s.current_year {
        if !s.years.contains_key(&y) {
            push(
                &mut out,
                AcademicYear,
                "year/current".into(),
                "Текущий учебный год удалён. Выберите текущий год.".into(),
            );
        }
    }
    for y in s.years.values() {
        for m in calendar::year_problems(y, s.periods.values(), s.holidays.values(), s.week_days) {
            push(&mut out, AcademicYear, m.key, m.message);
        }
    }
    for p in s.periods.values() {
        if !s.years.contains_key(&p.year) {
            push(
                &mut out,
                AcademicYear,
                format!("period/{}/year", p.id),
                format!(
                    "Период «{}» относится к удалённому учебному году. Удалите его.",
                    p.title()
                ),
            );
        }
    }
    for h in s.holidays.values() {
        if !s.years.contains_key(&h.year) {
            push(
                &mut out,
                AcademicYear,
                format!("holiday/{}/year", h.id),
                format!(
                    "Каникулы «{}» относятся к удалённому учебному году. Удалите их.",
                    h.title
                ),
            );
        }
    }

    let mut prev_end: Option<(u8, u16)> = None;
    for b in &s.bells {
        let (Some(start), Some(end)) = (parse_time(&b.start), parse_time(&b.end)) else {
            push(
                &mut out,
                Bells,
                format!("bell/{}/time", b.number),
                format!(
                    "Урок {}: время «{}–{}» не распознано. Укажите часы и минуты, например 08:30.",
                    b.number, b.start, b.end
                ),
            );
            continue;
        };
        if b.number == 0 || b.number > 12 {
            push(
                &mut out,
                Bells,
                format!("bell/{}/number", b.number),
                format!("Номер урока {} вне 1–12. Исправьте номер.", b.number),
            );
        }
        if start >= end {
            push(
                &mut out,
                Bells,
                format!("bell/{}/order", b.number),
                format!(
                    "Урок {} начинается в {} и кончается в {}: конец должен быть позже начала.",
                    b.number, b.start, b.end
                ),
            );
        }
        if let Some((n, e)) = prev_end {
            if start < e {
                push(
                    &mut out,
                    Bells,
                    format!("bell/{}/overlap", b.number),
                    format!(
                        "Урок {} начинается в {}, до конца урока {}. Сдвиньте звонки.",
                        b.number, b.start, n
                    ),
                );
            }
        }
        prev_end = Some((b.number, end));
    }

    if !matches!(s.week_days, 5 | 6) {
        push(
            &mut out,
            WeekLength,
            "week".into(),
            format!(
                "Учебная неделя из {} дней: выберите пятидневную или шестидневную.",
                s.week_days
            ),
        );
    }

    for m in s.staff.values() {
        if m.last_name.trim().is_empty() || m.first_name.trim().is_empty() {
            push(
                &mut out,
                Staff,
                format!("staff/{}/name", m.id),
                format!(
                    "У сотрудника «{}» не заполнены фамилия или имя. Заполните их.",
                    m.short_name().trim()
                ),
            );
        }
        for (what, text) in [
            ("Фамилия", &m.last_name),
            ("Имя", &m.first_name),
            ("Отчество", &m.middle_name),
            ("Должность", &m.position),
        ] {
            if text.chars().count() > MAX_FIELD {
                push(
                    &mut out,
                    Staff,
                    format!("staff/{}/{what}", m.id),
                    format!("{what} сотрудника слишком длинное. Сократите."),
                );
            }
        }
    }

    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for sub in s.subjects.values() {
        let name = sub.name.trim();
        if name.is_empty() || name.chars().count() > MAX_FIELD {
            push(
                &mut out,
                Subjects,
                format!("subject/{}/name", sub.id),
                "У предмета пустое или слишком длинное название. Исправьте его.".into(),
            );
        }
        *names.entry(name.to_lowercase()).or_default() += 1;
        if let Some(g) = sub.grades.iter().find(|g| !(1..=11).contains(*g)) {
            push(
                &mut out,
                SubjectsPerGrade,
                format!("subject/{}/grades", sub.id),
                format!(
                    "Предмет «{name}» отмечен в параллели {g}, а параллели бывают 1–11. \
                     Исправьте."
                ),
            );
        }
    }
    for (name, n) in names {
        if n > 1 && !name.is_empty() {
            push(
                &mut out,
                Subjects,
                format!("subjects/{name}/twice"),
                format!("Предмет «{name}» введён {n} раз(а). Удалите лишние."),
            );
        }
    }

    let mut profile_names: BTreeSet<(u8, String)> = BTreeSet::new();
    for p in s.profiles.values() {
        if let Err(e) = curriculum::check_profile_fields(p, &s.subjects) {
            push(
                &mut out,
                Curriculum,
                format!("profile/{}/fields", p.id),
                e.to_string(),
            );
        } else if let Err(e) = curriculum::check_load(p, s.week_days) {
            push(
                &mut out,
                Curriculum,
                format!("profile/{}/load", p.id),
                e.to_string(),
            );
        }
        if !profile_names.insert((p.grade, p.name.trim().to_lowercase())) {
            push(
                &mut out,
                Curriculum,
                format!(
                    "profiles/{}/{}/twice",
                    p.grade,
                    p.name.trim().to_lowercase()
                ),
                format!(
                    "Для {} класса два профиля называются «{}». Переименуйте один.",
                    p.grade, p.name
                ),
            );
        }
    }

    let mut class_names: BTreeSet<(crate::ids::YearId, String)> = BTreeSet::new();
    for c in s.classes.values() {
        let name = c.name();
        if !(1..=11).contains(&c.grade) || c.letter.trim().is_empty() {
            push(
                &mut out,
                Classes,
                format!("class/{}/grade", c.id),
                format!("Класс «{name}»: укажите параллель 1–11 и букву."),
            );
        }
        if c.letter.chars().count() > 10 {
            push(
                &mut out,
                Classes,
                format!("class/{}/letter", c.id),
                format!("Буква класса «{name}» слишком длинная."),
            );
        }
        if !s.years.contains_key(&c.year) {
            push(
                &mut out,
                Classes,
                format!("class/{}/year", c.id),
                format!("Класс {name} относится к удалённому учебному году."),
            );
        }
        if !class_names.insert((c.year, name.to_lowercase())) {
            push(
                &mut out,
                Classes,
                format!("classes/{}/{}/twice", c.year, name.to_lowercase()),
                format!("Класс {name} введён дважды в одном учебном году. Удалите лишний."),
            );
        }
        if let Some(t) = c.class_teacher {
            if !s.staff.contains_key(&t) {
                push(
                    &mut out,
                    Classes,
                    format!("class/{}/teacher", c.id),
                    format!(
                        "Классный руководитель {name} не найден среди сотрудников. \
                         Назначьте другого."
                    ),
                );
            }
        }
    }
    for (class, profile) in &s.class_profiles {
        let Some(c) = s.classes.get(class) else {
            push(
                &mut out,
                Classes,
                format!("class_profile/{class}/class"),
                "Профиль назначен удалённому классу. Снимите назначение.".into(),
            );
            continue;
        };
        match s.profiles.get(profile) {
            None => push(
                &mut out,
                Classes,
                format!("class_profile/{class}/profile"),
                format!(
                    "Класс {} учится по удалённому профилю. Выберите профиль.",
                    c.name()
                ),
            ),
            Some(p) if p.grade != c.grade => push(
                &mut out,
                Classes,
                format!("class_profile/{class}/grade"),
                format!(
                    "Класс {} учится по плану «{}» для {} класса. Выберите план своей \
                     параллели.",
                    c.name(),
                    p.name,
                    p.grade
                ),
            ),
            Some(_) => {}
        }
    }
    for g in s.groups.values() {
        if !s.classes.contains_key(&g.class) {
            push(
                &mut out,
                Classes,
                format!("group/{}/class", g.id),
                format!("Группа «{}» относится к удалённому классу.", g.name),
            );
        }
        if g.name.trim().is_empty() || g.name.chars().count() > MAX_FIELD {
            push(
                &mut out,
                Classes,
                format!("group/{}/name", g.id),
                "У группы пустое или слишком длинное название. Назовите её.".into(),
            );
        }
    }

    for a in s.assignments.values() {
        let class = s.classes.get(&a.cohort.class());
        let who = s
            .staff
            .get(&a.teacher)
            .map(|t| t.short_name())
            .unwrap_or_else(|| "(удалённый сотрудник)".into());
        let what = s
            .subjects
            .get(&a.subject)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "(удалённый предмет)".into());
        let broken = !s.staff.contains_key(&a.teacher)
            || !s.subjects.contains_key(&a.subject)
            || class.is_none()
            || !s.years.contains_key(&a.year)
            || match a.cohort {
                crate::rights::Cohort::Group { class, group } => {
                    s.groups.get(&group).map(|g| g.class) != Some(class)
                }
                crate::rights::Cohort::Class(_) => false,
            };
        if broken {
            push(
                &mut out,
                Assignments,
                format!("assignment/{}/refs", a.id),
                format!(
                    "Нагрузка «{who} — {what}» ссылается на удалённого сотрудника, предмет, \
                     класс, группу или год. Исправьте или удалите её."
                ),
            );
        }
    }
    out
}

/// Refuses `after` if it has a problem `before` did not have; the message is that problem's.
pub fn check_not_worse(before: &SchoolData, after: &SchoolData) -> Result<(), DomainError> {
    let old: BTreeSet<String> = problems(before).into_iter().map(|p| p.key).collect();
    match problems(after).into_iter().find(|p| !old.contains(&p.key)) {
        Some(p) => Err(DomainError::Rule(p.message)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::{CurriculumProfile, WeeklyHours};
    use crate::ids::*;
    use crate::model::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("08:30"), Some(510));
        assert_eq!(parse_time("8:05"), Some(485));
        for bad in ["24:00", "8:60", "830", "", "008:30", "a:b"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn bells_must_follow_each_other() {
        let mut s = SchoolData {
            week_days: 5,
            ..Default::default()
        };
        s.bells = vec![
            Bell {
                number: 1,
                start: "08:30".into(),
                end: "09:15".into(),
            },
            Bell {
                number: 2,
                start: "09:10".into(),
                end: "09:55".into(),
            },
        ];
        let p = problems(&s);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("до конца урока 1"));
        assert_eq!(p[0].step, SetupStep::Bells);
    }

    #[test]
    fn not_worse_tolerates_old_problems_but_refuses_new_ones() {
        let math = Subject {
            id: SubjectId::new(),
            name: "Математика".into(),
            grades: vec![5],
        };
        let mut before = SchoolData {
            week_days: 6,
            ..Default::default()
        };
        before.subjects.insert(math.id, math.clone());
        let profile = CurriculumProfile {
            id: ProfileId::new(),
            name: "Базовый".into(),
            grade: 5,
            hours: [(math.id, WeeklyHours::hours(31))].into(),
        };
        before.profiles.insert(profile.id, profile.clone());
        assert!(problems(&before).is_empty());

        // Switching to a five-day week puts the plan over the limit of 29 h.
        let mut after = before.clone();
        after.week_days = 5;
        let e = check_not_worse(&before, &after).unwrap_err().to_string();
        assert!(e.contains("31 ч"), "{e}");
        assert!(e.contains("29 ч"), "{e}");

        // A school already in that state may still rename itself.
        let mut later = after.clone();
        later.card.name = "Школа № 5".into();
        check_not_worse(&after, &later).unwrap();
    }
}
