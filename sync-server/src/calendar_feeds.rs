//! Calendar feeds: who may subscribe to whose lessons, the links (tokens kept only as
//! SHA-256, a new link of the same target revokes the old one, the owner revokes it), and the
//! feed's text built from the server's documents on every fetch (`core::calendar_feed`): the
//! current year's timetable with its changes by date and the journals of the feed's cohorts
//! (a teacher's: those they teach or substitute in) whose period meets the feed's span.
//!
//! The owner's rights are checked again on every fetch, so a parent unlinked from a child, a
//! teacher no longer on the staff or a student who left gets nothing (404), exactly like an
//! unknown or revoked link. Who may subscribe to what:
//! - a teacher (an account linked to a staff member the school lists): their own lessons;
//! - staff who may read a class's list (`rights::may(Read, Roster)`: its teachers, its class
//!   teacher, the administration): that class;
//! - a parent: each of their children; a student: themself.
//!
//! Blocking: call from `spawn_blocking`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use zvonok_core::calendar_feed::{feed_lessons, feed_span, write_feed, FeedHeader, FeedScope};
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::timetable_changes::Changes;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::CalendarFeedId;
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::wire::{
    AuditAction, CalendarFeedsView, CreatedFeed, FeedOption, FeedTarget, FeedView,
};

use crate::auth::{new_token, token_hash};
use crate::docstore::lock;
use crate::error::{ApiError, ApiResult};
use crate::index::SchoolIndex;
use crate::state::AppState;
use crate::storage::{AuditEntry, AuditSubject, DeviceRecord, FeedRecord, UserRecord};
use crate::views::{current_timetable_changes, index_of, load};

/// The longest token part of a feed address worth looking up (tokens are 64 hex digits).
const MAX_TOKEN_CHARS: usize = 128;

/// Every target `p` may subscribe to now, with its title, in a stable order: their own
/// lessons, their children (or themself), then the classes.
pub fn targets(ix: &SchoolIndex, p: &Principal) -> Vec<(FeedTarget, String)> {
    let school = &ix.school;
    let mut out = Vec::new();
    if let Some(staff) = p.staff.filter(|s| school.staff.contains_key(s)) {
        if may(p, Action::Read, Resource::Timetable, &ix.dir) {
            out.push((FeedTarget::Teacher { staff }, "Мои уроки".to_string()));
        }
    }
    for child in ix.children_of(p) {
        out.push((
            FeedTarget::Student { student: child.id },
            format!("{} ({})", child.name, child.class_name),
        ));
    }
    if p.is_staff() {
        let mut classes: Vec<_> = school
            .classes
            .values()
            .filter(|c| school.current_year.is_none() || Some(c.year) == school.current_year)
            .filter(|c| may(p, Action::Read, Resource::Roster(c.id), &ix.dir))
            .collect();
        classes.sort_by_key(|c| (c.grade, c.letter.clone()));
        out.extend(classes.into_iter().map(|c| {
            (
                FeedTarget::Class { class: c.id },
                format!("Класс {}", c.name()),
            )
        }));
    }
    out
}

fn view(f: &FeedRecord, title: &str) -> FeedView {
    FeedView {
        id: f.id,
        target: f.target,
        title: title.to_string(),
        created: f.created,
    }
}

/// `GET /v1/web/calendar/feeds`.
pub fn list(state: &AppState, user: &UserRecord) -> ApiResult<CalendarFeedsView> {
    let ix = index_of(state)?;
    let live = state.storage.live_feeds_of(user.id)?;
    let allowed = targets(&ix, &user.principal);
    let options = allowed
        .iter()
        .map(|(target, title)| FeedOption {
            target: *target,
            title: title.clone(),
            feed: live
                .iter()
                .rev()
                .find(|f| f.target == *target)
                .map(|f| view(f, title)),
        })
        .collect();
    let lapsed = live
        .iter()
        .filter(|f| !allowed.iter().any(|(t, _)| *t == f.target))
        .map(|f| view(f, &lapsed_title(&ix, &f.target)))
        .collect();
    Ok(CalendarFeedsView { options, lapsed })
}

fn lapsed_title(ix: &SchoolIndex, t: &FeedTarget) -> String {
    match t {
        FeedTarget::Teacher { .. } => "Мои уроки".to_string(),
        FeedTarget::Class { class } => format!("Класс {}", ix.class_name(*class)),
        FeedTarget::Student { student } => ix
            .student(*student)
            .map(|(s, _)| s.full_name())
            .unwrap_or_else(|| "Ученик".to_string()),
    }
}

fn subject_of(ix: &SchoolIndex, t: &FeedTarget) -> AuditSubject {
    match t {
        FeedTarget::Teacher { .. } => AuditSubject::default(),
        FeedTarget::Class { class } => AuditSubject {
            student: None,
            class: Some(*class),
        },
        FeedTarget::Student { student } => AuditSubject {
            student: Some(*student),
            class: ix.student(*student).map(|(_, c)| c),
        },
    }
}

/// `POST /v1/web/calendar/feeds`: a new link for `target` (403 unless the user may have
/// it); the old link of the same target stops working.
pub fn create(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    target: FeedTarget,
    now: DateTime<Utc>,
) -> ApiResult<CreatedFeed> {
    let ix = index_of(state)?;
    let Some((_, title)) = targets(&ix, &user.principal)
        .into_iter()
        .find(|(t, _)| *t == target)
    else {
        return Err(ApiError::Forbidden(
            "календарь можно получить только на свои уроки, на уроки своего ребёнка или \
             класса, в котором вы работаете; выберите его из списка"
                .into(),
        ));
    };
    let token = new_token();
    let record = FeedRecord {
        id: CalendarFeedId::new(),
        user: user.id,
        target,
        token_hash: token_hash(&token),
        created: now,
        revoked: None,
    };
    let replaced = state.storage.create_feed(&record)?;
    let entry = |action: AuditAction, detail: String| {
        (
            AuditEntry {
                at: now,
                user: Some(user.id),
                device: Some(device.id),
                doc: None,
                action: action.as_str().into(),
                detail,
            },
            subject_of(&ix, &target),
        )
    };
    let mut lines = vec![entry(
        AuditAction::CalendarFeedCreated,
        format!("ссылка на календарь «{title}» ({})", record.id),
    )];
    lines.extend(replaced.iter().map(|old| {
        entry(
            AuditAction::CalendarFeedRevoked,
            format!("ссылка на календарь «{title}» ({old}) заменена новой"),
        )
    }));
    state.storage.audit_about(&lines)?;
    Ok(CreatedFeed {
        feed: view(&record, &title),
        path: format!("/ical/{token}.ics"),
        replaced: replaced.last().copied(),
    })
}

/// `DELETE /v1/web/calendar/feeds/{id}`: only the owner's own feed (404 otherwise); revoking
/// a revoked feed changes nothing.
pub fn revoke(
    state: &AppState,
    user: &UserRecord,
    device: &DeviceRecord,
    id: CalendarFeedId,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let feed = state
        .storage
        .feed(id)?
        .filter(|f| f.user == user.id)
        .ok_or_else(|| {
            ApiError::NotFound("такой ссылки на календарь у вас нет; обновите страницу".into())
        })?;
    if state.storage.revoke_feed(id, now)? {
        let ix = index_of(state)?;
        let title = lapsed_title(&ix, &feed.target);
        state.storage.audit_about(&[(
            AuditEntry {
                at: now,
                user: Some(user.id),
                device: Some(device.id),
                doc: None,
                action: AuditAction::CalendarFeedRevoked.as_str().into(),
                detail: format!("ссылка на календарь «{title}» ({id}) отозвана"),
            },
            subject_of(&ix, &feed.target),
        )])?;
    }
    Ok(())
}

/// The feed's text for the token of `/ical/{token}.ics`, or `None` (404) for an unknown or
/// revoked token or an owner who may no longer have it.
pub fn fetch(state: &AppState, token: &str, now: DateTime<Utc>) -> ApiResult<Option<String>> {
    if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
        return Ok(None);
    }
    let Some(feed) = state.storage.feed_by_token_hash(&token_hash(token))? else {
        return Ok(None);
    };
    if feed.revoked.is_some() {
        return Ok(None);
    }
    let Some(owner) = state.storage.user(feed.user)? else {
        return Ok(None);
    };
    let ix = index_of(state)?;
    let Some((_, title)) = targets(&ix, &owner.principal)
        .into_iter()
        .find(|(t, _)| *t == feed.target)
    else {
        return Ok(None);
    };
    Ok(Some(render(state, &ix, &feed, &title, now)?))
}

fn scope_of(ix: &SchoolIndex, target: &FeedTarget) -> Option<FeedScope> {
    Some(match *target {
        FeedTarget::Teacher { staff } => FeedScope::Teacher(staff),
        FeedTarget::Class { class } => FeedScope::Class(class),
        FeedTarget::Student { student } => {
            let (_, class) = ix.student(student)?;
            let groups = ix
                .rosters
                .get(&class)
                .map(|r| {
                    r.group_members
                        .iter()
                        .filter(|(_, s)| *s == student)
                        .map(|(g, _)| *g)
                        .collect()
                })
                .unwrap_or_default();
            FeedScope::Student {
                student,
                class,
                groups,
            }
        }
    })
}

fn render(
    state: &AppState,
    ix: &SchoolIndex,
    feed: &FeedRecord,
    title: &str,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    let school = &ix.school;
    let scope = scope_of(ix, &feed.target)
        .ok_or_else(|| ApiError::NotFound("ссылка на календарь недействительна".into()))?;
    let records = state.storage.docs()?;
    let (timetable, changes) = match current_timetable_changes(state, ix, &records)? {
        Some((t, c)) => (Some(t), c),
        None => (None, Changes::new()),
    };
    let (from, to) = feed_span(school, school.today(now));
    // The cohorts and subjects a teacher teaches or substitutes in, by the timetable, its
    // changes and the assignments.
    let substitutes = |slot| {
        changes.values().any(|c| {
            c.slot == slot && matches!(scope, FeedScope::Teacher(me) if c.teacher == Some(me))
        })
    };
    let taught: BTreeSet<_> = match &scope {
        FeedScope::Teacher(staff) => timetable
            .iter()
            .flat_map(|t| t.slots.values())
            .filter(|s| s.taught_by(*staff) || substitutes(s.id))
            .map(|s| (s.cohort, s.subject))
            .chain(
                ix.dir
                    .teaching
                    .iter()
                    .filter(|(t, _, _)| t == staff)
                    .map(|(_, c, s)| (*c, *s)),
            )
            .collect(),
        _ => BTreeSet::new(),
    };
    let mut journals = Vec::new();
    for rec in records.iter().filter(|r| r.kind == DocKind::Journal) {
        let (Some(cohort), Some(subject)) = (rec.meta.cohort, rec.meta.subject) else {
            continue;
        };
        let wanted = match &scope {
            FeedScope::Teacher(_) => taught.contains(&(cohort, subject)),
            FeedScope::Class(c) => cohort.class() == *c,
            FeedScope::Student { class, groups, .. } => match cohort {
                zvonok_core::rights::Cohort::Class(c) => c == *class,
                zvonok_core::rights::Cohort::Group { group, .. } => groups.contains(&group),
            },
        };
        let in_span = rec
            .meta
            .period
            .and_then(|p| school.periods.get(&p))
            .is_none_or(|p| p.end >= from && p.start <= to);
        if !wanted || !in_span {
            continue;
        }
        let shared = load(state, rec)?;
        let read = JournalData::from_doc(&lock(&shared).doc);
        match read {
            Ok(j) => journals.push(j),
            Err(e) => tracing::warn!(doc = %rec.id, "journal unreadable for a calendar: {e}"),
        }
    }
    let lessons = feed_lessons(
        school,
        timetable.as_ref(),
        &changes,
        &journals,
        &scope,
        from,
        to,
    );
    let school_name = if school.card.short_name.trim().is_empty() {
        school.card.name.trim()
    } else {
        school.card.short_name.trim()
    };
    let name = match &feed.target {
        FeedTarget::Teacher { staff } => school
            .staff
            .get(staff)
            .map(|s| format!("Уроки: {}", s.short_name()))
            .unwrap_or_else(|| "Мои уроки".into()),
        _ => format!("Уроки: {title}"),
    };
    let calname = if school_name.is_empty() {
        name
    } else {
        format!("{name} — {school_name}")
    };
    let uid_domain = format!("{}.zvonok", feed.id);
    let header = FeedHeader {
        title: &calname,
        uid_domain: &uid_domain,
        from,
        to,
        now,
    };
    Ok(write_feed(school, &scope, &header, &lessons))
}
