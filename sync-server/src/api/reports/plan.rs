//! A report resolved before it is computed: [`plan`] checks the caller's rights and picks
//! every document the report reads; [`Plan::run`] reads them class by class with progress and
//! computes the report; [`Plan::fingerprint`] names its answer for the jobs' cache
//! (`crate::reports::jobs`).

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Utc};
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::movement::MovementData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, PeriodId, StudentId};
use zvonok_core::reports::attendance::attendance_report;
use zvonok_core::reports::final_sheet::{final_sheet, SheetSpan};
use zvonok_core::reports::movement_report::{movement_report, roster_on};
use zvonok_core::reports::period_results::period_results;
use zvonok_core::reports::periods_ending_with;
use zvonok_core::reports::report_card::report_card;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::wire::{MovementView, ReportName, ReportQuery};

use zvonok_core::reports::access::{MAY_CARD, MAY_CLASS, MAY_MOVEMENT, MAY_SCHOOL};

use super::{
    class_of, class_readable, forbid, journal_records, known_class, load_movement, period_of,
    range_of, school_readable, timeline, Answer,
};
use crate::api::admin::{index, internal, refused};
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::state::AppState;
use crate::storage::{DocRecord, UserRecord};

/// A report's resolved parameters (the default period and range filled in).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Params {
    Results {
        period: PeriodId,
        class: Option<(ClassId, String)>,
    },
    Finals {
        class: ClassId,
        span: SheetSpan,
    },
    Attendance {
        from: NaiveDate,
        to: NaiveDate,
    },
    Card {
        student: StudentId,
        period: PeriodId,
    },
    Movement {
        from: NaiveDate,
        to: NaiveDate,
        on: NaiveDate,
    },
}

/// A report `user` may read, resolved: what it computes and every document it reads (the
/// school, the rosters and the movement book, and the journals chosen). [`Plan::run`]
/// computes it; [`Plan::fingerprint`] names the answer for the jobs' cache.
pub struct Plan {
    params: Params,
    ix: Arc<SchoolIndex>,
    /// The school, roster and movement records, as read before the index.
    inputs: Vec<DocRecord>,
    /// The journals read, in storage order.
    journals: Vec<DocRecord>,
    movement: Option<DocRecord>,
}

/// Checks `user`'s rights to report `name` with `q` and resolves it. The records are read
/// before the index, so the heads in [`Plan::fingerprint`] are never newer than the data
/// [`Plan::run`] reads.
pub fn plan(
    state: &AppState,
    user: &UserRecord,
    name: ReportName,
    q: &ReportQuery,
) -> ApiResult<Plan> {
    let records = state.storage.docs()?;
    let ix = index(state)?;
    let p = &user.principal;
    let today = ix.school.today(Utc::now());
    let school = &ix.school;
    let pick = |f: &dyn Fn(&DocRecord) -> bool| -> Vec<DocRecord> {
        journal_records(&records)
            .filter(|r| f(r))
            .cloned()
            .collect()
    };
    let (params, journals) = match name {
        ReportName::Results => {
            let period = period_of(school, q, today)?;
            let periods = periods_ending_with(school, period);
            let class = match q.class {
                Some(c) => {
                    let n = known_class(school, c)?;
                    forbid(class_readable(p, &ix, c, &records), MAY_CLASS)?;
                    Some((c, n))
                }
                None => {
                    forbid(school_readable(p, &ix, &records), MAY_SCHOOL)?;
                    None
                }
            };
            let journals = pick(&|r| {
                r.meta.period.is_some_and(|x| periods.contains(&x))
                    && class.as_ref().is_none_or(|(c, _)| class_of(r) == Some(*c))
            });
            (Params::Results { period, class }, journals)
        }
        ReportName::Finals => {
            let class = q
                .class
                .ok_or_else(|| ApiError::BadRequest("укажите класс: ?class=<id класса>".into()))?;
            known_class(school, class)?;
            forbid(class_readable(p, &ix, class, &records), MAY_CLASS)?;
            let span = match q.year {
                Some(y) if school.years.contains_key(&y) => SheetSpan::Year(y),
                Some(_) => {
                    return Err(ApiError::NotFound(
                        "такого учебного года нет; выберите год из списка".into(),
                    ))
                }
                None => SheetSpan::Period(period_of(school, q, today)?),
            };
            let journals = pick(&|r| class_of(r) == Some(class));
            (Params::Finals { class, span }, journals)
        }
        ReportName::Attendance => {
            let (from, to) = range_of(school, q, today)?;
            match q.class {
                Some(c) => {
                    known_class(school, c)?;
                    forbid(class_readable(p, &ix, c, &records), MAY_CLASS)?;
                }
                None => forbid(school_readable(p, &ix, &records), MAY_SCHOOL)?,
            }
            let overlaps = |r: &DocRecord| {
                r.meta
                    .period
                    .and_then(|x| school.periods.get(&x))
                    .is_some_and(|x| x.start <= to && from <= x.end)
            };
            let journals = pick(&|r| q.class.is_none_or(|c| class_of(r) == Some(c)) && overlaps(r));
            (Params::Attendance { from, to }, journals)
        }
        ReportName::Card => {
            let student = q.student.ok_or_else(|| {
                ApiError::BadRequest("укажите ученика: ?student=<id ученика>".into())
            })?;
            let Some((_, class)) = ix.student(student) else {
                return Err(ApiError::NotFound(
                    "такого ученика нет в списках классов; выберите ученика из списка".into(),
                ));
            };
            forbid(
                may(p, Action::Read, Resource::StudentData(student), &ix.dir),
                MAY_CARD,
            )?;
            let period = period_of(school, q, today)?;
            let journals = pick(&|r| class_of(r) == Some(class));
            (Params::Card { student, period }, journals)
        }
        ReportName::Movement => {
            forbid(
                may(p, Action::Read, Resource::Movement, &ix.dir),
                MAY_MOVEMENT,
            )?;
            let (from, to) = range_of(school, q, today)?;
            let on = q.on.unwrap_or_else(|| {
                let y = if from.month() >= 9 {
                    from.year()
                } else {
                    from.year() - 1
                };
                NaiveDate::from_ymd_opt(y, 9, 20).unwrap_or(from)
            });
            (Params::Movement { from, to, on }, Vec::new())
        }
    };
    let inputs: Vec<DocRecord> = records
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                DocKind::School | DocKind::Roster | DocKind::Movement
            )
        })
        .cloned()
        .collect();
    let movement = records
        .iter()
        .find(|r| r.kind == DocKind::Movement)
        .cloned();
    Ok(Plan {
        params,
        ix,
        inputs,
        journals,
        movement,
    })
}

impl Plan {
    /// The classes whose journals are read (the unit of progress).
    pub fn classes(&self) -> u32 {
        let mut seen: Vec<Option<ClassId>> = self.journals.iter().map(class_of).collect();
        seen.sort();
        seen.dedup();
        seen.len() as u32
    }

    /// Names the answer exactly: the resolved parameters and the id and heads of every
    /// document read. Any change of one of them (a mark, a roster, an order) changes its
    /// heads, so a changed fingerprint.
    pub fn fingerprint(&self) -> String {
        let mut out = format!("{:?}", self.params);
        for r in self.inputs.iter().chain(&self.journals) {
            out.push('|');
            out.push_str(&r.id.to_string());
            for h in &r.heads {
                out.push(':');
                out.push_str(&h.to_string());
            }
        }
        out
    }

    /// Reads the journals class by class, calling `progress(done, total)` after each class,
    /// and computes the report (the journals are handed to core in storage order, so the
    /// answer does not depend on the reading order).
    pub fn run(&self, state: &AppState, progress: &dyn Fn(u32, u32)) -> ApiResult<Answer> {
        let school = &self.ix.school;
        let mut order: Vec<(Option<ClassId>, usize)> = self
            .journals
            .iter()
            .enumerate()
            .map(|(i, r)| (class_of(r), i))
            .collect();
        order.sort();
        let total = self.classes();
        progress(0, total);
        let mut read: Vec<(usize, JournalData)> = Vec::with_capacity(order.len());
        let mut done = 0;
        for (k, (class, i)) in order.iter().enumerate() {
            let rec = &self.journals[*i];
            if let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? {
                read.push((
                    *i,
                    JournalData::from_doc(&lock(&shared).doc).map_err(internal)?,
                ));
            }
            if order.get(k + 1).is_none_or(|(next, _)| next != class) {
                done += 1;
                progress(done, total);
            }
        }
        read.sort_by_key(|(i, _)| *i);
        let journals: Vec<JournalData> = read.into_iter().map(|(_, j)| j).collect();
        Ok(match &self.params {
            Params::Results { period, class } => {
                let t = timeline(&self.movement(state)?)?;
                let r = period_results(school, &journals, &t, *period);
                Answer::Results(r, class.as_ref().map(|(_, n)| n.clone()))
            }
            Params::Finals { class, span } => {
                let t = timeline(&self.movement(state)?)?;
                Answer::Finals(final_sheet(school, &journals, &t, *class, *span))
            }
            Params::Attendance { from, to } => {
                let t = timeline(&self.movement(state)?)?;
                Answer::Attendance(attendance_report(school, &journals, &t, *from, *to))
            }
            Params::Card { student, period } => {
                Answer::Card(report_card(school, &journals, *student, *period))
            }
            Params::Movement { from, to, on } => {
                let data = self.movement(state)?;
                let report = movement_report(school, &data, *from, *to).map_err(refused)?;
                let roster = roster_on(school, &data, *on).map_err(refused)?;
                Answer::Movement(MovementView { report, roster })
            }
        })
    }

    fn movement(&self, state: &AppState) -> ApiResult<MovementData> {
        load_movement(state, self.movement.as_slice())
    }

    /// The school's name (the files' heading).
    pub fn school_name(&self) -> String {
        self.ix.school.card.name.clone()
    }
}
