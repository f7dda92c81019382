//! Validated writes of the `school` document: what the coordinator's device does in the setup
//! wizard and later, offline like journal keeping. [`check`] refuses an operation that would
//! leave the school with a new problem ([`crate::school_rules`]), e.g. a curriculum plan over
//! the maximum weekly load; [`apply`] performs it. The server re-checks the resulting state of
//! every incoming change with the same rules (`validate::validate_incoming`).
//!
//! Writes go into containers the server created ([`super::school::upgrade`]); entities are
//! upserted field by field, so two devices editing different fields of the same entity both
//! keep their edits; curriculum hours are flat (`plan_hours["<profile>/<subject>"]`).

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use serde::{Deserialize, Serialize};

use super::school::{plan_key, put_cohort, SchoolData};
use super::*;
use crate::curriculum::{CurriculumProfile, WeeklyHours};
use crate::error::DomainError;
use crate::ids::*;
use crate::model::*;
use crate::school_rules;

/// One write of the school document, as a device performs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SchoolOp {
    SetCard {
        name: String,
        short_name: String,
        address: String,
    },
    PutYear {
        year: AcademicYear,
    },
    SetCurrentYear {
        year: YearId,
    },
    /// A whole academic year at once, as the wizard's calendar step saves it: the year, all its
    /// study periods and holidays (this year's periods and holidays not listed are removed).
    /// Single `PutPeriod`/`PutHoliday` edits are checked one by one, so adding a period before
    /// the holidays that separate it from the previous one is refused as a gap.
    SetYearCalendar {
        year: AcademicYear,
        periods: Vec<StudyPeriod>,
        holidays: Vec<Holiday>,
    },
    PutPeriod {
        period: StudyPeriod,
    },
    RemovePeriod {
        id: PeriodId,
    },
    PutHoliday {
        holiday: Holiday,
    },
    RemoveHoliday {
        id: HolidayId,
    },
    /// Replaces the whole bell schedule.
    SetBells {
        bells: Vec<Bell>,
    },
    SetWeekDays {
        days: u8,
    },
    /// The school's IANA time zone (`Europe/Moscow`): every "today" of the school follows it.
    SetTimeZone {
        zone: String,
    },
    PutStaff {
        member: StaffMember,
    },
    RemoveStaff {
        id: StaffId,
    },
    /// A subject with the grade levels it is taught at.
    PutSubject {
        subject: Subject,
    },
    RemoveSubject {
        id: SubjectId,
    },
    /// Creates or renames a curriculum profile (its hours are set one by one).
    PutProfile {
        id: ProfileId,
        name: String,
        grade: u8,
    },
    /// Weekly hours of one subject in a profile; zero takes the subject out of the plan.
    SetPlanHours {
        profile: ProfileId,
        subject: SubjectId,
        hours: WeeklyHours,
    },
    RemoveProfile {
        id: ProfileId,
    },
    PutClass {
        class: Class,
    },
    SetClassProfile {
        class: ClassId,
        profile: Option<ProfileId>,
    },
    PutGroup {
        group: Group,
    },
    RemoveGroup {
        id: GroupId,
    },
    PutAssignment {
        assignment: TeachingAssignment,
    },
    RemoveAssignment {
        id: AssignmentId,
    },
}

fn gone(what: &str) -> DomainError {
    DomainError::Rule(format!(
        "{what} не найден(а): возможно, его уже удалили. Обновите данные (синхронизация)."
    ))
}

impl SchoolOp {
    /// The operation on plain data (what [`apply`] does to the document).
    pub fn apply_to(&self, s: &mut SchoolData) -> Result<(), DomainError> {
        match self {
            SchoolOp::SetCard {
                name,
                short_name,
                address,
            } => {
                s.card = SchoolCard {
                    name: name.trim().to_string(),
                    short_name: short_name.trim().to_string(),
                    address: address.trim().to_string(),
                }
            }
            SchoolOp::PutYear { year } => {
                s.years.insert(year.id, year.clone());
            }
            SchoolOp::SetCurrentYear { year } => {
                if !s.years.contains_key(year) {
                    return Err(gone("Учебный год"));
                }
                s.current_year = Some(*year);
            }
            SchoolOp::SetYearCalendar {
                year,
                periods,
                holidays,
            } => {
                if periods.iter().any(|p| p.year != year.id)
                    || holidays.iter().any(|h| h.year != year.id)
                {
                    return Err(DomainError::Rule(
                        "Периоды и каникулы должны относиться к сохраняемому учебному году.".into(),
                    ));
                }
                s.years.insert(year.id, year.clone());
                s.periods.retain(|_, p| p.year != year.id);
                s.holidays.retain(|_, h| h.year != year.id);
                s.periods.extend(periods.iter().map(|p| (p.id, p.clone())));
                s.holidays
                    .extend(holidays.iter().map(|h| (h.id, h.clone())));
            }
            SchoolOp::PutPeriod { period } => {
                s.periods.insert(period.id, period.clone());
            }
            SchoolOp::RemovePeriod { id } => {
                s.periods.remove(id).ok_or_else(|| gone("Период"))?;
            }
            SchoolOp::PutHoliday { holiday } => {
                s.holidays.insert(holiday.id, holiday.clone());
            }
            SchoolOp::RemoveHoliday { id } => {
                s.holidays.remove(id).ok_or_else(|| gone("Каникулы"))?;
            }
            SchoolOp::SetBells { bells } => {
                let mut b = bells.clone();
                b.sort_by_key(|b| b.number);
                if b.windows(2).any(|w| w[0].number == w[1].number) {
                    return Err(DomainError::Rule(
                        "Номер урока в расписании звонков повторяется. Исправьте номера.".into(),
                    ));
                }
                s.bells = b;
            }
            SchoolOp::SetWeekDays { days } => s.week_days = *days,
            SchoolOp::SetTimeZone { zone } => {
                crate::time_zone::parse(zone)?;
                s.time_zone = zone.trim().to_string();
            }
            SchoolOp::PutStaff { member } => {
                s.staff.insert(member.id, member.clone());
            }
            SchoolOp::RemoveStaff { id } => {
                let m = s.staff.get(id).ok_or_else(|| gone("Сотрудник"))?;
                let name = m.short_name();
                if let Some(c) = s.classes.values().find(|c| c.class_teacher == Some(*id)) {
                    return Err(DomainError::Rule(format!(
                        "{name} — классный руководитель {}. Сначала назначьте классу другого \
                         руководителя.",
                        c.name()
                    )));
                }
                if s.assignments.values().any(|a| a.teacher == *id) {
                    return Err(DomainError::Rule(format!(
                        "У сотрудника {name} есть педагогическая нагрузка. Сначала передайте \
                         её другим учителям."
                    )));
                }
                s.staff.remove(id);
            }
            SchoolOp::PutSubject { subject } => {
                let mut sub = subject.clone();
                sub.grades.sort_unstable();
                sub.grades.dedup();
                s.subjects.insert(sub.id, sub);
            }
            SchoolOp::RemoveSubject { id } => {
                let sub = s.subjects.get(id).ok_or_else(|| gone("Предмет"))?;
                let used = s.profiles.values().any(|p| p.hours.contains_key(id))
                    || s.assignments.values().any(|a| a.subject == *id);
                if used {
                    return Err(DomainError::Rule(format!(
                        "Предмет «{}» есть в учебном плане или в нагрузке учителей. Сначала \
                         уберите его оттуда.",
                        sub.name
                    )));
                }
                s.subjects.remove(id);
            }
            SchoolOp::PutProfile { id, name, grade } => {
                let p = s.profiles.entry(*id).or_insert_with(|| CurriculumProfile {
                    id: *id,
                    name: String::new(),
                    grade: *grade,
                    hours: Default::default(),
                });
                p.name = name.trim().to_string();
                p.grade = *grade;
            }
            SchoolOp::SetPlanHours {
                profile,
                subject,
                hours,
            } => {
                let p = s
                    .profiles
                    .get_mut(profile)
                    .ok_or_else(|| gone("Профиль учебного плана"))?;
                if hours.is_zero() {
                    p.hours.remove(subject);
                } else {
                    p.hours.insert(*subject, *hours);
                }
            }
            SchoolOp::RemoveProfile { id } => {
                let p = s
                    .profiles
                    .get(id)
                    .ok_or_else(|| gone("Профиль учебного плана"))?;
                if let Some(c) = s
                    .class_profiles
                    .iter()
                    .find(|(_, p)| *p == id)
                    .and_then(|(c, _)| s.classes.get(c))
                {
                    return Err(DomainError::Rule(format!(
                        "По плану «{}» учится класс {}. Сначала выберите классу другой план.",
                        p.name,
                        c.name()
                    )));
                }
                s.profiles.remove(id);
            }
            SchoolOp::PutClass { class } => {
                let mut c = class.clone();
                c.letter = c.letter.trim().to_uppercase();
                s.classes.insert(c.id, c);
            }
            SchoolOp::SetClassProfile { class, profile } => {
                if !s.classes.contains_key(class) {
                    return Err(gone("Класс"));
                }
                match profile {
                    Some(p) => s.class_profiles.insert(*class, *p),
                    None => s.class_profiles.remove(class),
                };
            }
            SchoolOp::PutGroup { group } => {
                s.groups.insert(group.id, group.clone());
            }
            SchoolOp::RemoveGroup { id } => {
                let g = s.groups.get(id).ok_or_else(|| gone("Группа"))?;
                if s.assignments.values().any(|a| {
                    matches!(a.cohort, crate::rights::Cohort::Group { group, .. } if group == *id)
                }) {
                    return Err(DomainError::Rule(format!(
                        "У группы «{}» есть учителя в нагрузке. Сначала уберите эту нагрузку.",
                        g.name
                    )));
                }
                s.groups.remove(id);
            }
            SchoolOp::PutAssignment { assignment } => {
                s.assignments.insert(assignment.id, assignment.clone());
            }
            SchoolOp::RemoveAssignment { id } => {
                s.assignments.remove(id).ok_or_else(|| gone("Нагрузка"))?;
            }
        }
        Ok(())
    }
}

/// Checks an operation against the document without changing it.
pub fn check(doc: &AutoCommit, op: &SchoolOp) -> Result<(), DomainError> {
    let before = SchoolData::from_doc(doc)?;
    for section in sections_of(op) {
        if get_map(doc, &ROOT, section).is_none() {
            return Err(DomainError::Rule(
                "Документ школы ещё не обновлён сервером для мастера настройки. \
                 Синхронизируйтесь и повторите."
                    .into(),
            ));
        }
    }
    let mut after = before.clone();
    op.apply_to(&mut after)?;
    crate::year_close::read_only::check_closed_years(&before, &after)?;
    school_rules::check_not_worse(&before, &after)
}

/// The containers an operation writes into.
fn sections_of(op: &SchoolOp) -> &'static [&'static str] {
    match op {
        SchoolOp::SetCard { .. } => &["card"],
        SchoolOp::PutYear { .. } => &["years"],
        SchoolOp::SetYearCalendar { .. } => &["years", "periods", "holidays"],
        SchoolOp::SetCurrentYear { .. }
        | SchoolOp::SetWeekDays { .. }
        | SchoolOp::SetTimeZone { .. } => &[],
        SchoolOp::PutPeriod { .. } | SchoolOp::RemovePeriod { .. } => &["periods"],
        SchoolOp::PutHoliday { .. } | SchoolOp::RemoveHoliday { .. } => &["holidays"],
        SchoolOp::SetBells { .. } => &["bells"],
        SchoolOp::PutStaff { .. } | SchoolOp::RemoveStaff { .. } => &["staff"],
        SchoolOp::PutSubject { .. } | SchoolOp::RemoveSubject { .. } => &["subjects"],
        SchoolOp::PutProfile { .. } => &["profiles"],
        SchoolOp::SetPlanHours { .. } => &["plan_hours"],
        SchoolOp::RemoveProfile { .. } => &["profiles", "plan_hours"],
        SchoolOp::PutClass { .. } => &["classes"],
        SchoolOp::SetClassProfile { .. } => &["class_profiles"],
        SchoolOp::PutGroup { .. } | SchoolOp::RemoveGroup { .. } => &["groups"],
        SchoolOp::PutAssignment { .. } | SchoolOp::RemoveAssignment { .. } => &["assignments"],
    }
}

/// The object of entity `id` in root section `section`, created if absent.
fn upsert(doc: &mut AutoCommit, section: &str, id: &str) -> Result<ObjId, DomainError> {
    let sec = need_map(doc, &ROOT, section)?;
    match get_map(doc, &sec, id) {
        Some(o) => Ok(o),
        None => put_map(doc, &sec, id),
    }
}

fn remove(doc: &mut AutoCommit, section: &str, id: &str) -> Result<(), DomainError> {
    let sec = need_map(doc, &ROOT, section)?;
    doc.delete(&sec, id)?;
    Ok(())
}

/// Puts a string only when it differs, so re-saving a form writes nothing new.
fn put_str(doc: &mut AutoCommit, o: &ObjId, key: &str, v: &str) -> Result<(), DomainError> {
    if get_str(doc, o, key).as_deref() != Some(v) {
        doc.put(o, key, v)?;
    }
    Ok(())
}

fn put_int(doc: &mut AutoCommit, o: &ObjId, key: &str, v: i64) -> Result<(), DomainError> {
    if get_i64(doc, o, key) != Some(v) {
        doc.put(o, key, v)?;
    }
    Ok(())
}

fn write_year(doc: &mut AutoCommit, year: &AcademicYear) -> Result<(), DomainError> {
    let o = upsert(doc, "years", &year.id.to_string())?;
    put_str(doc, &o, "title", year.title.trim())?;
    put_str(doc, &o, "start", &fmt_date(year.start))?;
    put_str(doc, &o, "end", &fmt_date(year.end))
}

fn write_period(doc: &mut AutoCommit, p: &StudyPeriod) -> Result<(), DomainError> {
    let o = upsert(doc, "periods", &p.id.to_string())?;
    put_str(doc, &o, "year", &p.year.to_string())?;
    put_str(doc, &o, "kind", p.kind.as_str())?;
    put_int(doc, &o, "number", i64::from(p.number))?;
    put_str(doc, &o, "start", &fmt_date(p.start))?;
    put_str(doc, &o, "end", &fmt_date(p.end))
}

fn write_holiday(doc: &mut AutoCommit, h: &Holiday) -> Result<(), DomainError> {
    let o = upsert(doc, "holidays", &h.id.to_string())?;
    put_str(doc, &o, "year", &h.year.to_string())?;
    put_str(doc, &o, "title", h.title.trim())?;
    put_str(doc, &o, "start", &fmt_date(h.start))?;
    put_str(doc, &o, "end", &fmt_date(h.end))
}

/// Validates and performs one operation. The caller commits the change.
pub fn apply(doc: &mut AutoCommit, op: &SchoolOp) -> Result<(), DomainError> {
    check(doc, op)?;
    match op {
        SchoolOp::SetCard {
            name,
            short_name,
            address,
        } => {
            let o = need_map(doc, &ROOT, "card")?;
            put_str(doc, &o, "name", name.trim())?;
            put_str(doc, &o, "short_name", short_name.trim())?;
            put_str(doc, &o, "address", address.trim())?;
        }
        SchoolOp::PutYear { year } => write_year(doc, year)?,
        SchoolOp::SetYearCalendar {
            year,
            periods,
            holidays,
        } => {
            write_year(doc, year)?;
            let before = SchoolData::from_doc(doc)?;
            for p in before.periods.values().filter(|p| p.year == year.id) {
                if !periods.iter().any(|x| x.id == p.id) {
                    remove(doc, "periods", &p.id.to_string())?;
                }
            }
            for h in before.holidays.values().filter(|h| h.year == year.id) {
                if !holidays.iter().any(|x| x.id == h.id) {
                    remove(doc, "holidays", &h.id.to_string())?;
                }
            }
            for p in periods {
                write_period(doc, p)?;
            }
            for h in holidays {
                write_holiday(doc, h)?;
            }
        }
        SchoolOp::SetCurrentYear { year } => {
            put_str(doc, &ROOT, "current_year", &year.to_string())?;
        }
        SchoolOp::PutPeriod { period } => write_period(doc, period)?,
        SchoolOp::RemovePeriod { id } => remove(doc, "periods", &id.to_string())?,
        SchoolOp::PutHoliday { holiday } => write_holiday(doc, holiday)?,
        SchoolOp::RemoveHoliday { id } => remove(doc, "holidays", &id.to_string())?,
        SchoolOp::SetBells { bells } => {
            let sec = need_map(doc, &ROOT, "bells")?;
            for key in keys(doc, &sec) {
                if !bells.iter().any(|b| b.number.to_string() == key) {
                    doc.delete(&sec, key.as_str())?;
                }
            }
            for b in bells {
                let o = upsert(doc, "bells", &b.number.to_string())?;
                put_str(doc, &o, "start", b.start.trim())?;
                put_str(doc, &o, "end", b.end.trim())?;
            }
        }
        SchoolOp::SetWeekDays { days } => put_int(doc, &ROOT, "week_days", i64::from(*days))?,
        SchoolOp::SetTimeZone { zone } => put_str(doc, &ROOT, "time_zone", zone.trim())?,
        SchoolOp::PutStaff { member: m } => {
            let o = upsert(doc, "staff", &m.id.to_string())?;
            put_str(doc, &o, "last", m.last_name.trim())?;
            put_str(doc, &o, "first", m.first_name.trim())?;
            put_str(doc, &o, "middle", m.middle_name.trim())?;
            put_str(doc, &o, "position", m.position.trim())?;
        }
        SchoolOp::RemoveStaff { id } => remove(doc, "staff", &id.to_string())?,
        SchoolOp::PutSubject { subject } => {
            let mut grades = subject.grades.clone();
            grades.sort_unstable();
            grades.dedup();
            let grades: Vec<String> = grades.iter().map(|g| g.to_string()).collect();
            let o = upsert(doc, "subjects", &subject.id.to_string())?;
            put_str(doc, &o, "name", subject.name.trim())?;
            put_str(doc, &o, "grades", &grades.join(","))?;
        }
        SchoolOp::RemoveSubject { id } => remove(doc, "subjects", &id.to_string())?,
        SchoolOp::PutProfile { id, name, grade } => {
            let o = upsert(doc, "profiles", &id.to_string())?;
            put_str(doc, &o, "name", name.trim())?;
            put_int(doc, &o, "grade", i64::from(*grade))?;
        }
        SchoolOp::SetPlanHours {
            profile,
            subject,
            hours,
        } => {
            let plan = need_map(doc, &ROOT, "plan_hours")?;
            let key = plan_key(*profile, *subject);
            if hours.is_zero() {
                doc.delete(&plan, key.as_str())?;
            } else {
                put_int(doc, &plan, &key, i64::from(hours.half_hours()))?;
            }
        }
        SchoolOp::RemoveProfile { id } => {
            let plan = need_map(doc, &ROOT, "plan_hours")?;
            let prefix = format!("{id}/");
            for key in keys(doc, &plan) {
                if key.starts_with(&prefix) {
                    doc.delete(&plan, key.as_str())?;
                }
            }
            remove(doc, "profiles", &id.to_string())?;
        }
        SchoolOp::PutClass { class: c } => {
            let o = upsert(doc, "classes", &c.id.to_string())?;
            put_str(doc, &o, "year", &c.year.to_string())?;
            put_int(doc, &o, "grade", i64::from(c.grade))?;
            put_str(doc, &o, "letter", &c.letter.trim().to_uppercase())?;
            match c.class_teacher {
                Some(t) => put_str(doc, &o, "class_teacher", &t.to_string())?,
                None => put_opt_str(doc, &o, "class_teacher", None)?,
            }
        }
        SchoolOp::SetClassProfile { class, profile } => {
            let cp = need_map(doc, &ROOT, "class_profiles")?;
            let p = profile.map(|p| p.to_string());
            put_opt_str(doc, &cp, &class.to_string(), p.as_deref())?;
        }
        SchoolOp::PutGroup { group: g } => {
            let o = upsert(doc, "groups", &g.id.to_string())?;
            put_str(doc, &o, "class", &g.class.to_string())?;
            put_str(doc, &o, "name", g.name.trim())?;
        }
        SchoolOp::RemoveGroup { id } => remove(doc, "groups", &id.to_string())?,
        SchoolOp::PutAssignment { assignment: a } => {
            let o = upsert(doc, "assignments", &a.id.to_string())?;
            put_str(doc, &o, "teacher", &a.teacher.to_string())?;
            if let crate::rights::Cohort::Class(_) = a.cohort {
                put_opt_str(doc, &o, "group", None)?;
            }
            put_cohort(doc, &o, &a.cohort)?;
            put_str(doc, &o, "subject", &a.subject.to_string())?;
            put_str(doc, &o, "year", &a.year.to_string())?;
        }
        SchoolOp::RemoveAssignment { id } => remove(doc, "assignments", &id.to_string())?,
    }
    Ok(())
}

#[cfg(test)]
mod tests;
