//! `GET /v1/web/timetable/off`: the lessons that no longer fit the timetable but hold data
//! (`lesson_plan::reconcile`'s `off_timetable`), for the coordinator to resolve. Needs
//! «Настраивать школу» or «Редактировать расписание».

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use chrono::Utc;
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::DocKind;
use zvonok_core::lesson_plan;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::wire::{OffTimetableLesson, OffTimetableView};

use super::{forbid_unless, index, internal};
use crate::api::extract::Authed;
use crate::docstore::lock;
use crate::error::ApiResult;
use crate::provision::journals::Plan;
use crate::state::AppState;
use crate::storage::UserRecord;

const MAY_SEE: &str = "список уроков не по расписанию видят координатор и составитель \
расписания; попросите право «Редактировать расписание»";

/// Every lesson «не по расписанию» of the current year's journals, by date, number, class.
pub fn off_timetable(state: &AppState, user: &UserRecord) -> ApiResult<OffTimetableView> {
    let ix = index(state)?;
    let p = &user.principal;
    forbid_unless(
        may(p, Action::Write, Resource::School, &ix.dir)
            || may(p, Action::Write, Resource::Timetable, &ix.dir),
        MAY_SEE,
    )?;
    let school = ix.school.clone();
    drop(ix);
    let records = state.storage.docs()?;
    let Some(plan) = Plan::read(state, school, &records)? else {
        return Ok(OffTimetableView::default());
    };
    let today = plan.school.today(Utc::now());
    let empty = Default::default();
    let mut out = Vec::new();
    for rec in records.iter().filter(|r| r.kind == DocKind::Journal) {
        let (Some(cohort), Some(subject), Some(period)) =
            (rec.meta.cohort, rec.meta.subject, rec.meta.period)
        else {
            continue;
        };
        let Some(p) = plan.school.periods.get(&period) else {
            continue;
        };
        if p.year != plan.timetable.year {
            continue;
        }
        let expected = lesson_plan::find_planned(&plan.journals, &cohort, subject, period)
            .map_or(&empty, |j| &j.lessons);
        let Some(shared) = state.docs.get(rec.id, rec.kind).map_err(internal)? else {
            continue;
        };
        let data = JournalData::from_doc(&lock(&shared).doc).map_err(internal)?;
        let r = lesson_plan::reconcile(&data, expected, today);
        for id in r.off_timetable {
            let l = &data.lessons[&id];
            let c = lesson_plan::lesson_content(&data, id);
            out.push(OffTimetableLesson {
                journal: rec.id,
                lesson: id,
                class: plan.school.cohort_name(&cohort),
                subject: plan
                    .school
                    .subjects
                    .get(&subject)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                period: p.title(),
                date: l.date,
                number: l.number,
                attendance: c.attendance,
                marks: c.marks,
                topic: l.topic.clone(),
                homework: l.homework.clone(),
                holds: c.describe_ru(),
            });
        }
    }
    out.sort_by(|a, b| (a.date, a.number, &a.class).cmp(&(b.date, b.number, &b.class)));
    Ok(OffTimetableView { lessons: out })
}

/// `GET /v1/web/timetable/off`
pub async fn get_off_timetable(
    State(state): State<Arc<AppState>>,
    a: Authed,
) -> ApiResult<Json<OffTimetableView>> {
    let v = tokio::task::spawn_blocking(move || off_timetable(&state, &a.user)).await??;
    Ok(Json(v))
}
