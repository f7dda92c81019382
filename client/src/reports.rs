//! The period reports on the device, offline (issue 11, item 1): the class period results,
//! the final sheet, attendance and the report card, computed by `core::reports` from the
//! documents this device holds, with the server's rights decisions (`core::reports::access`).
//!
//! A class's reports need its list on the device and every journal of the class the device
//! knows of (held, or called for by the timetable) readable by the signed-in user. The
//! school-wide reports and the movement report stay on the server: a device never holds the
//! whole school. Without the movement document (only those who read the movement book get
//! it) students are counted as the journals list them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::movement::MovementData;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::ClassId;
use zvonok_core::movement::{replay, Timeline};
use zvonok_core::reports::access::{
    class_readable, default_period, pick_period, pick_range, MAY_CARD, MAY_CLASS,
};
use zvonok_core::reports::attendance::{attendance_report, AttendanceReport};
use zvonok_core::reports::final_sheet::{final_sheet, FinalSheet, SheetSpan};
use zvonok_core::reports::period_results::{period_results, PeriodResults};
use zvonok_core::reports::periods_ending_with;
use zvonok_core::reports::report_card::{report_card, ReportCard};
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::wire::{
    ReportClass, ReportName, ReportPeriod, ReportQuery, ReportStudent, ReportsIndex,
};
use zvonok_core::DomainError;

use crate::replica::{Replica, ReplicaError};

/// A report computed on the device: the same JSON the server answers for it.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum DeviceReport {
    Results(PeriodResults),
    Finals(FinalSheet),
    Attendance(AttendanceReport),
    Card(ReportCard),
}

fn bad(message: String) -> ReplicaError {
    ReplicaError::BadInput(message)
}

fn forbidden(message: &str) -> ReplicaError {
    DomainError::Forbidden(message.into()).into()
}

/// The rights directory, the journals the device knows of per class (held, or called for by
/// the timetable) and the classes whose list it holds.
struct Scope {
    dir: zvonok_core::rights::Directory,
    journals: Vec<(ClassId, Resource)>,
    rosters: Vec<RosterData>,
}

impl Scope {
    /// The class's list on the device, and it and every journal of the class readable.
    fn readable(&self, p: &Principal, class: ClassId) -> bool {
        self.rosters.iter().any(|r| r.class == class)
            && class_readable(
                p,
                &self.dir,
                class,
                self.journals
                    .iter()
                    .filter(|(c, _)| *c == class)
                    .map(|(_, r)| *r),
            )
    }
}

impl Replica {
    fn report_principal(&self) -> Result<Principal, ReplicaError> {
        self.credentials()
            .map(|c| c.principal())
            .ok_or(ReplicaError::NotLoggedIn)
    }

    /// The class's journals on this device (blank ones not received yet skipped).
    fn class_journals(&mut self, class: ClassId) -> Result<Vec<JournalData>, ReplicaError> {
        let mut out = Vec::new();
        for (id, meta) in self.journal_metas()? {
            if meta.cohort.class() == class {
                out.push(self.journal(id)?);
            }
        }
        Ok(out)
    }

    /// What the readability of every class is decided on, read once.
    fn report_scope(&mut self) -> Result<Scope, ReplicaError> {
        let dir = self.directory()?;
        let mut journals: Vec<(ClassId, Resource)> = self
            .journal_metas()?
            .into_iter()
            .map(|(_, m)| {
                (
                    m.cohort.class(),
                    Resource::Journal {
                        cohort: m.cohort,
                        subject: m.subject,
                    },
                )
            })
            .collect();
        if let Some(t) = self.timetable()? {
            journals.extend(t.slots.values().map(|s| {
                (
                    s.cohort.class(),
                    Resource::Journal {
                        cohort: s.cohort,
                        subject: s.subject,
                    },
                )
            }));
        }
        journals.dedup();
        let rosters = self.rosters()?;
        Ok(Scope {
            dir,
            journals,
            rosters,
        })
    }

    /// Whether the class's list is on the device and the user may read the class's reports.
    fn class_on_device(&mut self, p: &Principal, class: ClassId) -> Result<bool, ReplicaError> {
        Ok(self.report_scope()?.readable(p, class))
    }

    /// Refuses a class whose reports this device cannot make.
    fn check_class(&mut self, p: &Principal, class: ClassId) -> Result<String, ReplicaError> {
        let name = self
            .school()?
            .classes
            .get(&class)
            .map(|c| c.name())
            .ok_or_else(|| bad("Такого класса нет: выберите класс из списка.".into()))?;
        let dir = self.directory()?;
        if !may(p, Action::Read, Resource::Roster(class), &dir) {
            return Err(forbidden(MAY_CLASS));
        }
        if !self.class_on_device(p, class)? {
            return Err(bad(format!(
                "Отчёты класса {name} на этом устройстве не построить: его журналов здесь нет. \
                 Выполните синхронизацию или откройте отчёт на сервере в браузере."
            )));
        }
        Ok(name)
    }

    /// The movement timeline, if the device holds the movement document; else empty.
    fn report_timeline(&mut self) -> Result<Timeline, ReplicaError> {
        let Some(id) = self.doc_ids(DocKind::Movement).into_iter().next() else {
            return Ok(Timeline::default());
        };
        let doc = self.doc(id)?;
        if zvonok_core::doc::is_blank(doc) {
            return Ok(Timeline::default());
        }
        let data =
            MovementData::from_doc(doc).map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
        Ok(replay(&data)?)
    }

    /// What the reports screen may offer on this device: the classes whose reports it can
    /// make, their students the user may read, the current year's periods. Never the
    /// school-wide or movement reports.
    pub fn reports_index(&mut self, now: DateTime<Utc>) -> Result<ReportsIndex, ReplicaError> {
        let p = self.report_principal()?;
        let school = self.school()?.clone();
        let today = school.today(now);
        let scope = self.report_scope()?;
        let dir = &scope.dir;
        let mut classes = Vec::new();
        for c in school
            .classes
            .values()
            .filter(|c| Some(c.year) == school.current_year)
        {
            if scope.readable(&p, c.id) {
                classes.push(ReportClass {
                    id: c.id,
                    name: c.name(),
                    grade: c.grade,
                });
            }
        }
        classes.sort_by(|a, b| (a.grade, &a.name).cmp(&(b.grade, &b.name)));
        let mut students = Vec::new();
        for c in &classes {
            for r in scope.rosters.iter().filter(|r| r.class == c.id) {
                for s in r.sorted_students() {
                    if s.active && may(&p, Action::Read, Resource::StudentData(s.id), dir) {
                        students.push(ReportStudent {
                            id: s.id,
                            name: s.full_name(),
                            class: c.id,
                        });
                    }
                }
            }
        }
        Ok(ReportsIndex {
            school: false,
            classes,
            periods: school
                .current_periods()
                .into_iter()
                .map(|p| ReportPeriod {
                    id: p.id,
                    title: p.title(),
                    start: p.start,
                    end: p.end,
                })
                .collect(),
            year: school.current_year,
            movement: false,
            students,
            today,
            current_period: default_period(&school, today),
        })
    }

    /// Report `name` for `q`, from this device's documents. A class is required (the device
    /// does not make the school-wide ones); a class it does not hold is refused.
    pub fn report(
        &mut self,
        name: ReportName,
        q: &ReportQuery,
        now: DateTime<Utc>,
    ) -> Result<DeviceReport, ReplicaError> {
        let p = self.report_principal()?;
        let school = self.school()?.clone();
        let today = school.today(now);
        let need_class = || {
            q.class.ok_or_else(|| {
                bad(
                    "На устройстве отчёты строятся по классу: выберите класс. Отчёт по всей \
                     школе откройте на сервере в браузере."
                        .into(),
                )
            })
        };
        match name {
            ReportName::Results => {
                let class = need_class()?;
                self.check_class(&p, class)?;
                let period =
                    pick_period(&school, q.period, today).map_err(|e| bad(e.to_string()))?;
                let periods = periods_ending_with(&school, period);
                let journals: Vec<JournalData> = self
                    .class_journals(class)?
                    .into_iter()
                    .filter(|j| periods.contains(&j.meta.period))
                    .collect();
                let t = self.report_timeline()?;
                Ok(DeviceReport::Results(period_results(
                    &school, &journals, &t, period,
                )))
            }
            ReportName::Finals => {
                let class = need_class()?;
                self.check_class(&p, class)?;
                let span = match q.year {
                    Some(y) if school.years.contains_key(&y) => SheetSpan::Year(y),
                    Some(_) => {
                        return Err(bad(
                            "Такого учебного года нет: выберите год из списка.".into()
                        ))
                    }
                    None => SheetSpan::Period(
                        pick_period(&school, q.period, today).map_err(|e| bad(e.to_string()))?,
                    ),
                };
                let journals = self.class_journals(class)?;
                let t = self.report_timeline()?;
                Ok(DeviceReport::Finals(final_sheet(
                    &school, &journals, &t, class, span,
                )))
            }
            ReportName::Attendance => {
                let class = need_class()?;
                self.check_class(&p, class)?;
                let (from, to) = pick_range(&school, q, today).map_err(|e| bad(e.to_string()))?;
                let journals: Vec<JournalData> = self
                    .class_journals(class)?
                    .into_iter()
                    .filter(|j| j.meta.start <= to && from <= j.meta.end)
                    .collect();
                let t = self.report_timeline()?;
                Ok(DeviceReport::Attendance(attendance_report(
                    &school, &journals, &t, from, to,
                )))
            }
            ReportName::Card => {
                let student = q
                    .student
                    .ok_or_else(|| bad("Укажите ученика: выберите его в списке отчётов.".into()))?;
                let dir = self.directory()?;
                let Some(class) = dir.student_class.get(&student).copied() else {
                    return Err(bad(
                        "Этого ученика нет в списках классов на устройстве: выберите ученика \
                         из списка или выполните синхронизацию."
                            .into(),
                    ));
                };
                if !may(&p, Action::Read, Resource::StudentData(student), &dir) {
                    return Err(forbidden(MAY_CARD));
                }
                let period =
                    pick_period(&school, q.period, today).map_err(|e| bad(e.to_string()))?;
                let journals = self.class_journals(class)?;
                Ok(DeviceReport::Card(report_card(
                    &school, &journals, student, period,
                )))
            }
            ReportName::Movement => Err(bad(
                "Отчёт о движении учащихся строится на сервере: откройте его в браузере.".into(),
            )),
        }
    }
}
