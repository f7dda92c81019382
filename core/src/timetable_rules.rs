//! The rules of a timetable against its school: every problem of a whole week at once, fast
//! enough to run after every edit in the browser (slots are grouped by weekday and lesson
//! number in maps, so a 30-class week of ~1,000 slots is O(n log n)).
//!
//! Like [`crate::school_rules`], devices and the server share one comparison,
//! [`check_not_worse`]: a write is refused when the week after it has a problem the week
//! before did not have (a new key), or more of one (a larger `amount`: hours over the plan).
//! Problems are per slot where a slot is at fault, so removing one of three clashing lessons is
//! progress, not a new problem.
//!
//! Keys (rule + entities):
//! - `teacher/<slot>/<teacher>/<weekday>/<number>`: the teacher has another lesson then
//!   (each teacher of a co-taught slot, the lead or a co-teacher, is checked: the key names
//!   which one, so the lead's keys mean what they meant before co-teachers);
//! - `room/<slot>/<room>/<weekday>/<number>`: the room (trimmed, lower case) is taken then;
//! - `class/<slot>/<class>/<weekday>/<number>`: the class (or the same group) has another
//!   lesson then; two different groups of one class at once are parallel, not a clash;
//! - `assignment/<slot>/<teacher>/<class>[/<group>]/<subject>`: no teaching assignment (for
//!   each teacher of the slot);
//! - `weekday/<slot>/<weekday>`, `number/<slot>/<number>`: outside the week or the bells;
//! - `refs/<slot>`: the slot names a class, group, subject or teacher the school lacks;
//! - `plan/<class>/<subject>`: more hours a week than the class's curriculum plan
//!   (`amount` = the excess in half-hours); `plan/<class>/<subject>/<version>` for a version
//!   other than the base. Fewer hours than planned is not a problem: a timetable is entered
//!   gradually ([`plan_vs_fact`] shows it).
//!
//! Versions and two-week cycles ([`crate::timetable_cycle`]): clashes are looked for within
//! one version and only between slots whose weeks meet (A with A or every week, B with B or
//! every week); hours are counted per version, an A- or B-only lesson as half an hour.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::curriculum::WeeklyHours;
use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
use crate::error::DomainError;
use crate::ids::{ClassId, GroupId, SlotId, StaffId, SubjectId, TimetableVersionId};
use crate::model::{weekday_ru, Slot};
use crate::rights::Cohort;
use crate::timetable_cycle::{self, weeks_meet};

/// Lesson numbers allowed when the school has no bell schedule yet.
pub const MAX_LESSONS_WITHOUT_BELLS: u8 = 12;

/// The kind of a timetable problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimetableRule {
    TeacherBusy,
    RoomBusy,
    ClassBusy,
    NoAssignment,
    Weekday,
    LessonNumber,
    UnknownRefs,
    OverPlan,
}

/// One thing wrong with a timetable. `key` names the rule and its entities (stable across
/// edits of other details); `slots` are the slots involved (the one at fault first), so a grid
/// can mark them in place; `amount` is 1, or the excess half-hours of an over-plan subject;
/// `message` says what to fix.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimetableProblem {
    pub rule: TimetableRule,
    pub key: String,
    pub slots: Vec<SlotId>,
    pub amount: u16,
    pub message: String,
}

/// Names for messages, resolved once per call.
struct Names<'a> {
    school: &'a SchoolData,
}

impl Names<'_> {
    fn teacher(&self, id: StaffId) -> String {
        self.school
            .staff
            .get(&id)
            .map(|t| t.short_name())
            .unwrap_or_else(|| "(удалённый сотрудник)".into())
    }
    fn subject(&self, id: SubjectId) -> String {
        self.school
            .subjects
            .get(&id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| "(удалённый предмет)".into())
    }
    fn cohort(&self, c: &Cohort) -> String {
        let n = self.school.cohort_name(c);
        if n.is_empty() {
            "(удалённый класс)".into()
        } else {
            n
        }
    }
    fn lesson(&self, s: &Slot) -> String {
        format!("{} ({})", self.cohort(&s.cohort), self.subject(s.subject))
    }
}

fn when(s: &Slot) -> String {
    let week = timetable_cycle::week_letter(s.week);
    if week.is_empty() {
        format!("{}, урок {}", weekday_ru(s.weekday), s.number)
    } else {
        format!(
            "{}, урок {}, неделя {week}",
            weekday_ru(s.weekday),
            s.number
        )
    }
}

fn cohort_key(c: &Cohort) -> String {
    match c {
        Cohort::Class(class) => class.to_string(),
        Cohort::Group { class, group } => format!("{class}/{group}"),
    }
}

/// A room as compared: trimmed, case-insensitive; `None` when empty.
pub fn room_key(room: &str) -> Option<String> {
    let r = room.trim().to_lowercase();
    (!r.is_empty()).then_some(r)
}

/// Does the school have lesson `number` in its bell schedule?
pub fn number_in_bells(school: &SchoolData, number: u8) -> bool {
    if school.bells.is_empty() {
        (1..=MAX_LESSONS_WITHOUT_BELLS).contains(&number)
    } else {
        school.bells.iter().any(|b| b.number == number)
    }
}

/// The number of school days a week (5 or 6; anything else counts as 6).
pub fn days_in_week(school: &SchoolData) -> u32 {
    if school.week_days == 5 {
        5
    } else {
        6
    }
}

/// Every problem of the timetable against the school, ordered by rule, then key.
pub fn problems(school: &SchoolData, t: &TimetableData) -> Vec<TimetableProblem> {
    let names = Names { school };
    let mut out = Vec::new();
    let days = days_in_week(school);
    let assignments: HashSet<(StaffId, Cohort, SubjectId)> = school
        .assignments
        .values()
        .map(|a| (a.teacher, a.cohort, a.subject))
        .collect();

    // Slots by (version, weekday, number): clashes are only within one cell.
    type Cell = (Option<TimetableVersionId>, u32, u8);
    let mut cells: BTreeMap<Cell, Vec<&Slot>> = BTreeMap::new();
    for s in t.slots.values() {
        let wd = s.weekday.number_from_monday();
        cells.entry((s.version, wd, s.number)).or_default().push(s);
        let version_ok = s.version.is_none_or(|v| t.versions.contains_key(&v));
        slot_problems(school, &names, &assignments, days, s, version_ok, &mut out);
    }
    for cell in cells.values().filter(|c| c.len() > 1) {
        clashes(&names, cell, &mut out);
    }
    over_plan(school, &names, t, &mut out);
    out.sort();
    out
}

/// The problems of one slot on its own: its references, day, number and assignment.
fn slot_problems(
    school: &SchoolData,
    names: &Names<'_>,
    assignments: &HashSet<(StaffId, Cohort, SubjectId)>,
    days: u32,
    s: &Slot,
    version_ok: bool,
    out: &mut Vec<TimetableProblem>,
) {
    let one = |rule, key: String, message: String| TimetableProblem {
        rule,
        key,
        slots: vec![s.id],
        amount: 1,
        message,
    };
    let wd = s.weekday.number_from_monday();
    if wd > days {
        out.push(one(
            TimetableRule::Weekday,
            format!("weekday/{}/{wd}", s.id),
            format!(
                "{}: в школе {days}-дневная неделя, а урок стоит на {}. Перенесите его на \
                 учебный день.",
                names.lesson(s),
                weekday_ru(s.weekday)
            ),
        ));
    }
    if !number_in_bells(school, s.number) {
        out.push(one(
            TimetableRule::LessonNumber,
            format!("number/{}/{}", s.id, s.number),
            format!(
                "{}: урока №{} нет в расписании звонков ({}). Выберите номер урока из \
                 расписания звонков.",
                names.lesson(s),
                s.number,
                weekday_ru(s.weekday)
            ),
        ));
    }
    let class = s.cohort.class();
    let group_ok = match s.cohort {
        Cohort::Class(_) => true,
        Cohort::Group { class, group } => {
            school.groups.get(&group).is_some_and(|g| g.class == class)
        }
    };
    let refs_ok = school.classes.contains_key(&class)
        && group_ok
        && version_ok
        && school.subjects.contains_key(&s.subject)
        && s.teachers().all(|t| school.staff.contains_key(&t));
    if !refs_ok {
        out.push(one(
            TimetableRule::UnknownRefs,
            format!("refs/{}", s.id),
            format!(
                "Урок {}: {} ссылается на класс, группу, предмет или учителя, которых нет в \
                 данных школы. Исправьте или удалите урок.",
                when(s),
                names.lesson(s)
            ),
        ));
        return;
    }
    // Each teacher of the slot needs the assignment; one for the whole class covers its
    // groups too.
    for teacher in distinct_teachers(s) {
        let assigned = assignments.contains(&(teacher, s.cohort, s.subject))
            || assignments.contains(&(teacher, Cohort::Class(class), s.subject));
        if assigned {
            continue;
        }
        out.push(one(
            TimetableRule::NoAssignment,
            format!(
                "assignment/{}/{}/{}/{}",
                s.id,
                teacher,
                cohort_key(&s.cohort),
                s.subject
            ),
            format!(
                "{} не ведёт «{}» в {} по нагрузке ({}). Назначьте нагрузку на шаге \
                 «Педагогическая нагрузка» или выберите другого учителя.",
                names.teacher(teacher),
                names.subject(s.subject),
                names.cohort(&s.cohort),
                when(s)
            ),
        ));
    }
}

/// The slot's teachers, the lead first, each once (a forged slot may name one twice).
fn distinct_teachers(s: &Slot) -> Vec<StaffId> {
    let mut v: Vec<StaffId> = Vec::with_capacity(1 + s.co_teachers.len());
    for t in s.teachers() {
        if !v.contains(&t) {
            v.push(t);
        }
    }
    v
}

/// Teacher, room and class clashes within one cell (same version, weekday and number), between
/// slots whose weeks meet.
fn clashes(names: &Names<'_>, cell: &[&Slot], out: &mut Vec<TimetableProblem>) {
    let mut by_teacher: HashMap<StaffId, Vec<&Slot>> = HashMap::new();
    let mut by_room: HashMap<String, Vec<&Slot>> = HashMap::new();
    let mut by_class: HashMap<ClassId, Vec<&Slot>> = HashMap::new();
    for s in cell {
        for t in distinct_teachers(s) {
            by_teacher.entry(t).or_default().push(s);
        }
        if let Some(r) = room_key(&s.room) {
            by_room.entry(r).or_default().push(s);
        }
        by_class.entry(s.cohort.class()).or_default().push(s);
    }
    let meet = |all: &[&Slot], s: &Slot| -> bool {
        all.iter()
            .any(|o| o.id != s.id && weeks_meet(s.week, o.week))
    };
    let others = |all: &[&Slot], s: &Slot| -> Vec<SlotId> {
        let mut v = vec![s.id];
        v.extend(
            all.iter()
                .filter(|o| o.id != s.id && weeks_meet(s.week, o.week))
                .map(|o| o.id),
        );
        v
    };
    let list = |all: &[&Slot], s: &Slot| -> String {
        all.iter()
            .filter(|o| o.id != s.id && weeks_meet(s.week, o.week))
            .map(|o| names.lesson(o))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (teacher, all) in by_teacher.iter().filter(|(_, v)| v.len() > 1) {
        for s in all.iter().filter(|s| meet(all, s)) {
            out.push(TimetableProblem {
                rule: TimetableRule::TeacherBusy,
                key: format!(
                    "teacher/{}/{teacher}/{}/{}",
                    s.id,
                    s.weekday.number_from_monday(),
                    s.number
                ),
                slots: others(all, s),
                amount: 1,
                message: format!(
                    "{}: {} в это же время ведёт {}; у {} тоже урок. Перенесите один из уроков \
                     или назначьте другого учителя.",
                    when(s),
                    names.teacher(*teacher),
                    names.lesson(s),
                    list(all, s)
                ),
            });
        }
    }
    for (room, all) in by_room.iter().filter(|(_, v)| v.len() > 1) {
        for s in all.iter().filter(|s| meet(all, s)) {
            out.push(TimetableProblem {
                rule: TimetableRule::RoomBusy,
                key: format!(
                    "room/{}/{room}/{}/{}",
                    s.id,
                    s.weekday.number_from_monday(),
                    s.number
                ),
                slots: others(all, s),
                amount: 1,
                message: format!(
                    "{}: в кабинете «{}» одновременно {} и {}. Выберите другой кабинет или \
                     время.",
                    when(s),
                    s.room.trim(),
                    names.lesson(s),
                    list(all, s)
                ),
            });
        }
    }
    for (class, all) in by_class.iter().filter(|(_, v)| v.len() > 1) {
        for s in all {
            // Parallel groups: a group lesson clashes only with a whole-class lesson or
            // another lesson of the same group.
            let against: Vec<&Slot> = all
                .iter()
                .copied()
                .filter(|o| {
                    o.id != s.id
                        && weeks_meet(s.week, o.week)
                        && match (s.cohort, o.cohort) {
                            (Cohort::Group { group: a, .. }, Cohort::Group { group: b, .. }) => {
                                a == b
                            }
                            _ => true,
                        }
                })
                .collect();
            if against.is_empty() {
                continue;
            }
            let mut ids = vec![s.id];
            ids.extend(against.iter().map(|o| o.id));
            out.push(TimetableProblem {
                rule: TimetableRule::ClassBusy,
                key: format!(
                    "class/{}/{class}/{}/{}",
                    s.id,
                    s.weekday.number_from_monday(),
                    s.number
                ),
                slots: ids,
                amount: 1,
                message: format!(
                    "{}: у {} два урока одновременно — {} и {}. Перенесите один из них \
                     (параллельно могут идти только уроки разных групп класса).",
                    when(s),
                    names.cohort(&s.cohort),
                    names.lesson(s),
                    against
                        .iter()
                        .map(|o| names.lesson(o))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
}

/// One row of a class's plan-vs-fact table. Hours are half-hours (see [`WeeklyHours`]);
/// `difference` = scheduled − planned, in half-hours (negative: not all hours are scheduled
/// yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub subject: SubjectId,
    pub name: String,
    pub planned: WeeklyHours,
    pub scheduled: WeeklyHours,
    pub difference: i32,
}

/// Weekly half-hours a student of each class gets per subject in `version`: the whole class's
/// lessons plus, for lessons in groups, the most of any one group (parallel groups share the
/// hours); a lesson of week A or B only is half an hour.
fn scheduled_hours(
    t: &TimetableData,
    version: Option<TimetableVersionId>,
) -> BTreeMap<(ClassId, SubjectId), u16> {
    let mut whole: BTreeMap<(ClassId, SubjectId), u16> = BTreeMap::new();
    let mut groups: BTreeMap<(ClassId, SubjectId, GroupId), u16> = BTreeMap::new();
    for s in t.slots.values().filter(|s| s.version == version) {
        let h = timetable_cycle::half_hours(s.week);
        match s.cohort {
            Cohort::Class(c) => *whole.entry((c, s.subject)).or_default() += h,
            Cohort::Group { class, group } => {
                *groups.entry((class, s.subject, group)).or_default() += h
            }
        }
    }
    let mut best: BTreeMap<(ClassId, SubjectId), u16> = BTreeMap::new();
    for ((c, sub, _), n) in groups {
        let b = best.entry((c, sub)).or_default();
        *b = (*b).max(n);
    }
    for (k, n) in best {
        *whole.entry(k).or_default() += n;
    }
    whole
}

/// The plan-vs-fact table of one class in the base version: every subject of its curriculum
/// profile or of its timetable, by name. Without a profile every planned hour is zero.
pub fn plan_vs_fact(school: &SchoolData, t: &TimetableData, class: ClassId) -> Vec<PlanRow> {
    plan_vs_fact_in(school, t, class, None)
}

/// [`plan_vs_fact`] of one version (`None`: the base).
pub fn plan_vs_fact_in(
    school: &SchoolData,
    t: &TimetableData,
    class: ClassId,
    version: Option<TimetableVersionId>,
) -> Vec<PlanRow> {
    let fact = scheduled_hours(t, version);
    plan_rows(school, &fact, class)
}

fn plan_rows(
    school: &SchoolData,
    fact: &BTreeMap<(ClassId, SubjectId), u16>,
    class: ClassId,
) -> Vec<PlanRow> {
    let names = Names { school };
    let plan = school
        .class_profiles
        .get(&class)
        .and_then(|p| school.profiles.get(p))
        .map(|p| p.hours.clone())
        .unwrap_or_default();
    let mut subjects: BTreeSet<SubjectId> = plan.keys().copied().collect();
    subjects.extend(
        fact.range((class, SubjectId::nil())..)
            .take_while(|((c, _), _)| *c == class)
            .map(|((_, s), _)| *s),
    );
    let mut rows: Vec<PlanRow> = subjects
        .into_iter()
        .map(|subject| {
            let planned = plan.get(&subject).copied().unwrap_or_default();
            let scheduled = WeeklyHours(fact.get(&(class, subject)).copied().unwrap_or(0));
            PlanRow {
                subject,
                name: names.subject(subject),
                planned,
                scheduled,
                difference: i32::from(scheduled.half_hours()) - i32::from(planned.half_hours()),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name).then(a.subject.cmp(&b.subject)));
    rows
}

/// Hours over the plan, for classes that study by a profile, in every version.
fn over_plan(
    school: &SchoolData,
    names: &Names<'_>,
    t: &TimetableData,
    out: &mut Vec<TimetableProblem>,
) {
    let versions = std::iter::once(None).chain(t.versions.keys().copied().map(Some));
    for version in versions {
        over_plan_in(school, names, t, version, out);
    }
}

fn over_plan_in(
    school: &SchoolData,
    names: &Names<'_>,
    t: &TimetableData,
    version: Option<TimetableVersionId>,
    out: &mut Vec<TimetableProblem>,
) {
    let fact = scheduled_hours(t, version);
    let (suffix, of_version) = match version {
        None => (String::new(), String::new()),
        Some(v) => (
            format!("/{v}"),
            format!(" ({})", timetable_cycle::version_title(t, version)),
        ),
    };
    let classes: BTreeSet<ClassId> = fact.keys().map(|(c, _)| *c).collect();
    for class in classes {
        if !school.class_profiles.contains_key(&class) {
            continue;
        }
        for row in plan_rows(school, &fact, class) {
            if row.difference <= 0 {
                continue;
            }
            let slots = t
                .slots
                .values()
                .filter(|s| {
                    s.version == version && s.cohort.class() == class && s.subject == row.subject
                })
                .map(|s| s.id)
                .collect();
            out.push(TimetableProblem {
                rule: TimetableRule::OverPlan,
                key: format!("plan/{class}/{}{suffix}", row.subject),
                slots,
                amount: u16::try_from(row.difference).unwrap_or(u16::MAX),
                message: format!(
                    "{}{of_version}: «{}» стоит {} ч в неделю, а по учебному плану {} ч. Уберите \
                     лишние уроки или измените план.",
                    names.cohort(&Cohort::Class(class)),
                    row.name,
                    row.scheduled,
                    row.planned
                ),
            });
        }
    }
}

/// Refuses `after` if it has a problem `before` did not have, or more of one (a larger
/// `amount`); the message is that problem's.
pub fn check_not_worse(
    school: &SchoolData,
    before: &TimetableData,
    after: &TimetableData,
) -> Result<(), DomainError> {
    match new_problem(school, before, after) {
        Some(p) => Err(DomainError::Rule(p.message)),
        None => Ok(()),
    }
}

/// The first problem of `after` that `before` did not have (or had less of): what
/// [`check_not_worse`] refuses with. See [`new_problems`].
pub fn new_problem(
    school: &SchoolData,
    before: &TimetableData,
    after: &TimetableData,
) -> Option<TimetableProblem> {
    new_problems(school, before, after).into_iter().next()
}

/// Every problem of `after` that `before` did not have (or had less of), in [`problems`]'
/// order: what a screen lists before a write is sent. A problem that `before` had word for
/// word in another slot or version (the same content key, `timetable_cycle::content_key`: a
/// version copied with its known faults) is not new.
pub fn new_problems(
    school: &SchoolData,
    before: &TimetableData,
    after: &TimetableData,
) -> Vec<TimetableProblem> {
    let mut old: HashMap<String, u16> = HashMap::new();
    let mut old_content: HashMap<String, u16> = HashMap::new();
    for p in problems(school, before) {
        let c = old_content
            .entry(timetable_cycle::content_key(before, &p))
            .or_default();
        *c = (*c).max(p.amount);
        old.insert(p.key, p.amount);
    }
    problems(school, after)
        .into_iter()
        .filter(|p| {
            old.get(&p.key).is_none_or(|a| p.amount > *a)
                && old_content
                    .get(&timetable_cycle::content_key(after, p))
                    .is_none_or(|a| p.amount > *a)
        })
        .collect()
}

#[cfg(test)]
mod tests;
