//! Journals follow from the timetable: the server creates the journal documents and the
//! dated lessons the timetable of the current academic year calls for
//! (`zvonok_core::lesson_plan`), as the server actor, never a device.
//!
//! - A missing journal (cohort × subject × period with slots) of a period that has begun or
//!   begins within [`OPEN_AHEAD_DAYS`] is created with every planned
//!   lesson of its period and the cohort's active students from the class's roster (a group's
//!   members for a group), with the `DocMeta` the rights index, Today and the summaries read.
//!   No journal is opened in a period the school closed («Закрыть четверть», `periods`): it
//!   would hold only empty lessons nobody may fill; reopening the period opens it.
//! - An existing journal of the year (not locked) gets the planned lessons it lacks, dated
//!   today (in the school's zone) or later, loses the empty lessons that no longer fit from
//!   today on, and gains active students of its cohort it lacks (while its period has not
//!   ended). A lesson with attendance, marks, a topic or homework is never removed: it stays
//!   and `GET /v1/web/timetable/off` lists it.
//! - Changes by date of the timetable apply (`core::timetable_changes`): a cancelled lesson
//!   is not planned (removed when empty, kept and listed when it holds work), a moved one is
//!   planned at its new date and number, a substituted one names its substitute
//!   (`lessons/<id>/substitute`, set and cleared here on every lesson kept, past ones too).
//! - Runs at start-up, after a stored change of the school or the timetable, and every hour
//!   (`server`: so the next period's journals open by themselves); it does nothing when the
//!   date, the calendar, the classes, the timetable, the rosters and the closed periods are
//!   what they were at its
//!   last run (a fingerprint), and writes nothing when everything is in line already.
//!
//! Journals of later periods are not made in advance: every journal is a document each device
//! of its class's staff holds and syncs, so a year's worth up front would double what a
//! teacher's tablet carries in the autumn.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use chrono::{NaiveDate, Utc};
use zvonok_core::doc::journal::{JournalData, JournalMeta, Lesson};
use zvonok_core::doc::journal_lessons::{add_lesson, remove_empty_lesson};
use zvonok_core::doc::journal_students::add_student;
use zvonok_core::doc::journal_substitute::set_substitute;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::{read_changes, Changes};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, LessonId, PeriodId, StaffId, StudentId, SubjectId};
use zvonok_core::lesson_plan::{self, PlannedJournal};
use zvonok_core::rights::Cohort;

use super::{internal, new_doc};
use crate::docstore::lock;
use crate::error::ApiResult;
use crate::persist;
use crate::state::AppState;
use crate::storage::{DocMeta, DocRecord, NewDoc};

/// What the school, its timetable and its rosters say, read once.
pub struct Plan {
    pub school: SchoolData,
    pub timetable: TimetableData,
    /// The timetable's changes by date (cancelled, moved, substituted lessons).
    pub changes: Changes,
    pub journals: Vec<PlannedJournal>,
    rosters: BTreeMap<ClassId, RosterData>,
    /// Periods the school closed («Закрыть четверть»): no journal is opened in them.
    closed: BTreeSet<PeriodId>,
}

impl Plan {
    /// Reads the current year's timetable and the rosters; `None` without a current year or
    /// its timetable document.
    pub fn read(
        state: &AppState,
        school: SchoolData,
        records: &[DocRecord],
    ) -> ApiResult<Option<Plan>> {
        let Some(year) = school.current_year else {
            return Ok(None);
        };
        let Some(rec) = records
            .iter()
            .find(|r| r.kind == DocKind::Timetable && r.meta.year == Some(year))
        else {
            return Ok(None);
        };
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            return Ok(None);
        };
        let (timetable, changes) = {
            let hot = lock(&shared);
            (
                TimetableData::from_doc(&hot.doc).map_err(internal)?,
                read_changes(&hot.doc).map_err(internal)?,
            )
        };
        let mut rosters = BTreeMap::new();
        for rec in records.iter().filter(|r| r.kind == DocKind::Roster) {
            if let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? {
                let r = RosterData::from_doc(&lock(&shared).doc).map_err(internal)?;
                rosters.insert(r.class, r);
            }
        }
        let journals = lesson_plan::plan_year_with_changes(&school, &timetable, &changes);
        let closed = state
            .storage
            .period_states()?
            .into_iter()
            .filter(|p| p.closed)
            .map(|p| p.period)
            .collect();
        Ok(Some(Plan {
            school,
            timetable,
            changes,
            journals,
            rosters,
            closed,
        }))
    }

    /// The active students of a class or of a group (its members on the class's roster).
    fn students(&self, cohort: &Cohort) -> BTreeMap<StudentId, String> {
        let Some(r) = self.rosters.get(&cohort.class()) else {
            return BTreeMap::new();
        };
        r.students
            .values()
            .filter(|s| s.active)
            .filter(|s| match cohort {
                Cohort::Class(_) => true,
                Cohort::Group { group, .. } => r.group_members.contains(&(*group, s.id)),
            })
            .map(|s| (s.id, s.full_name()))
            .collect()
    }

    /// Everything the journals depend on, hashed (the date too: a new day may open a period).
    fn fingerprint(&self, today: NaiveDate) -> u64 {
        let s = &self.school;
        let mut h = DefaultHasher::new();
        today.hash(&mut h);
        let parts = (
            &s.current_year,
            s.week_days,
            &s.periods,
            &s.holidays,
            &s.classes,
            &s.groups,
            &s.subjects,
            &self.timetable,
            &self.changes,
            &self.closed,
        );
        serde_json::to_string(&parts)
            .unwrap_or_default()
            .hash(&mut h);
        for r in self.rosters.values() {
            r.class.hash(&mut h);
            for st in r.students.values() {
                (st.id, st.full_name(), st.active).hash(&mut h);
            }
            r.group_members.hash(&mut h);
        }
        h.finish()
    }

    /// Is this a journal of one of the plan's year's periods?
    fn in_year(&self, period: PeriodId) -> bool {
        self.school
            .periods
            .get(&period)
            .is_some_and(|p| p.year == self.timetable.year)
    }
}

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JournalsDone {
    pub created: usize,
    pub changed: usize,
}

/// Brings the journals in line with the plan (see the module docs). `seen` is the fingerprint
/// of the last run (held under the provisioning lock). The rights index is invalidated when
/// journals were created.
pub fn bring_in_line(
    state: &AppState,
    seen: &mut Option<u64>,
    school: SchoolData,
    records: &[DocRecord],
) -> ApiResult<JournalsDone> {
    let Some(plan) = Plan::read(state, school, records)? else {
        return Ok(JournalsDone::default());
    };
    let today = plan.school.today(Utc::now());
    let fp = plan.fingerprint(today);
    if *seen == Some(fp) {
        return Ok(JournalsDone::default());
    }
    let done = write(state, &plan, records, today)?;
    *seen = Some(fp);
    if done.created > 0 || done.changed > 0 {
        tracing::info!(
            created = done.created,
            changed = done.changed,
            "journals brought in line with the timetable"
        );
    }
    Ok(done)
}

type Key = (Cohort, SubjectId, PeriodId);

/// How many days before its first day a period's journals are created.
pub const OPEN_AHEAD_DAYS: i64 = 14;

fn write(
    state: &AppState,
    plan: &Plan,
    records: &[DocRecord],
    today: NaiveDate,
) -> ApiResult<JournalsDone> {
    let existing: HashMap<Key, &DocRecord> = records
        .iter()
        .filter(|r| r.kind == DocKind::Journal)
        .filter_map(|r| Some(((r.meta.cohort?, r.meta.subject?, r.meta.period?), r)))
        .collect();
    let mut new = Vec::new();
    let open_until = today + chrono::Duration::days(OPEN_AHEAD_DAYS);
    for p in &plan.journals {
        if p.period.start <= open_until
            && !plan.closed.contains(&p.period.id)
            && !existing.contains_key(&(p.cohort, p.subject, p.period.id))
        {
            new.push(new_journal(plan, p)?);
        }
    }
    let mut done = JournalsDone {
        created: new.len(),
        changed: 0,
    };
    if !new.is_empty() {
        state.storage.create_docs(&new)?;
        state.invalidate_index();
    }
    let empty = Default::default();
    for ((cohort, subject, period), rec) in existing {
        if !plan.in_year(period) {
            continue;
        }
        let planned = lesson_plan::find_planned(&plan.journals, &cohort, subject, period);
        let expected = planned.map_or(&empty, |p| &p.lessons);
        let substitute_at =
            |place: &(NaiveDate, u8)| planned.and_then(|p| p.substitutes.get(place).copied());
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let mut hot = lock(&shared);
        let data = JournalData::from_doc(&hot.doc).map_err(internal)?;
        if data.locked {
            continue; // a closed period stays as it was closed
        }
        let r = lesson_plan::reconcile(&data, expected, today);
        let joining: Vec<(StudentId, String)> = if data.meta.end >= today {
            plan.students(&cohort)
                .into_iter()
                .filter(|(id, _)| !data.students.contains_key(id))
                .collect()
        } else {
            Vec::new()
        };
        // Substitutes follow the changes on every lesson kept (past ones too: a substitution
        // entered afterwards still names who gave the lesson).
        let substitutes: Vec<(LessonId, Option<StaffId>)> = data
            .lessons
            .values()
            .filter(|l| !r.remove.contains(&l.id))
            .map(|l| (l.id, substitute_at(&(l.date, l.number))))
            .filter(|(id, want)| data.lessons[id].substitute != *want)
            .collect();
        if r.is_settled() && joining.is_empty() && substitutes.is_empty() {
            continue;
        }
        let written = (|| {
            for place in &r.add {
                let id = LessonId::new();
                add_lesson(&mut hot.doc, id, place.0, place.1)?;
                if let Some(t) = substitute_at(place) {
                    set_substitute(&mut hot.doc, id, Some(t))?;
                }
            }
            for (id, want) in &substitutes {
                set_substitute(&mut hot.doc, *id, *want)?;
            }
            for id in &r.remove {
                remove_empty_lesson(&mut hot.doc, *id)?;
            }
            for (id, name) in &joining {
                add_student(&mut hot.doc, *id, name)?;
            }
            Ok::<_, zvonok_core::DomainError>(())
        })();
        if let Err(e) = written {
            hot.doc.rollback();
            return Err(internal(e));
        }
        let Some(change) = hot
            .doc
            .commit()
            .and_then(|h| hot.doc.get_change_by_hash(&h))
        else {
            continue;
        };
        persist::store_server_changes(state, rec, &mut hot, &[change])?;
        done.changed += 1;
    }
    Ok(done)
}

/// A new journal document with every planned lesson of its period.
fn new_journal(plan: &Plan, p: &PlannedJournal) -> ApiResult<NewDoc> {
    let lessons: BTreeMap<LessonId, Lesson> = p
        .lessons
        .iter()
        .map(|(date, number)| {
            let id = LessonId::new();
            (
                id,
                Lesson {
                    id,
                    date: *date,
                    number: *number,
                    topic: String::new(),
                    homework: String::new(),
                    substitute: p.substitutes.get(&(*date, *number)).copied(),
                },
            )
        })
        .collect();
    let data = JournalData {
        meta: JournalMeta {
            cohort: p.cohort,
            subject: p.subject,
            period: p.period.id,
            start: p.period.start,
            end: p.period.end,
            title: p.title.clone(),
        },
        students: plan.students(&p.cohort),
        lessons,
        attendance: BTreeMap::new(),
        marks: BTreeMap::new(),
        finals: BTreeMap::new(),
        locked: false,
    };
    let meta = DocMeta {
        class: Some(p.cohort.class()),
        cohort: Some(p.cohort),
        subject: Some(p.subject),
        period: Some(p.period.id),
        year: Some(plan.timetable.year),
    };
    Ok(new_doc(
        DocKind::Journal,
        p.title.clone(),
        meta,
        data.to_doc().map_err(internal)?,
    ))
}
