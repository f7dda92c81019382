//! The rules of changes by date (`doc::timetable_changes`): what a day's lessons are once the
//! changes apply, whether a change may be written, and what follows from the changes for the
//! journals and for rights.
//!
//! - [`lessons_on`]: a date's lessons: the weekly slots of its weekday without the cancelled
//!   and moved-away ones, with the substitute teachers and rooms, plus the lessons moved to it.
//! - [`check_change`]: one change against the school, the week and the other changes: the slot
//!   exists, the date is a school day of the year on the slot's weekday (not a holiday or day
//!   off), one change per slot and date, a moved lesson goes to a school day and a lesson
//!   number of the bells, a substitute is staff other than the slot's teachers (the lead and
//!   the co-teachers: a substitute gives the lesson instead of all of them).
//! - [`check_not_worse`]: the days a write touches gain no clash: a teacher (a substitute and
//!   every co-teacher included), a room or a class in two places at one date and lesson number (parallel groups
//!   of one class excepted). Clashes the day already had do not block unrelated writes.
//! - [`apply_to_plans`]: the journals' planned lessons after the changes (cancelled: none;
//!   moved: at the new date and number; substituted: the lesson names its substitute).
//! - [`fill_directory`]: who substitutes in which cohort and subject (rights: read the journal,
//!   write the substituted lessons only).
//!
//! The device's `TimetableOp::check` and the server's `validate_incoming` run the same rules
//! with the same messages.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::doc::school::SchoolData;
use crate::doc::timetable::TimetableData;
pub use crate::doc::timetable_changes::{ChangeKind, Changes, LessonChange, MAX_NOTE};
use crate::error::DomainError;
use crate::ids::{ChangeId, SlotId, StaffId, SubjectId};
use crate::lesson_plan::{is_school_day, PlannedJournal};
use crate::rights::{Cohort, Directory};
use crate::timetable_rules::number_in_bells;
use crate::validate::schema::limits::MAX_ROOM;

/// One lesson of a date after the changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayLesson {
    pub slot: SlotId,
    pub date: NaiveDate,
    pub number: u8,
    pub cohort: Cohort,
    pub subject: SubjectId,
    /// Who gives it (the substitute when there is one; else the slot's lead teacher).
    pub teacher: StaffId,
    /// The others who give it with `teacher`: the slot's co-teachers, none when a substitute
    /// gives the lesson (a substitute replaces every teacher of the slot).
    pub co_teachers: Vec<StaffId>,
    /// The slot's (lead) teacher.
    pub regular_teacher: StaffId,
    /// The slot's co-teachers.
    pub regular_co_teachers: Vec<StaffId>,
    pub room: String,
    /// The change that shaped it (a substitution or a move), if any.
    pub change: Option<ChangeId>,
    /// Where a moved lesson came from.
    pub moved_from: Option<(NaiveDate, u8)>,
}

impl DayLesson {
    /// Is it given by a substitute?
    pub fn is_substituted(&self) -> bool {
        self.teacher != self.regular_teacher
    }

    /// Everyone who gives the lesson: `teacher`, then `co_teachers`.
    pub fn teachers(&self) -> impl Iterator<Item = StaffId> + '_ {
        std::iter::once(self.teacher).chain(self.co_teachers.iter().copied())
    }

    /// The slot's teachers, the lead first (who the timetable says gives it).
    pub fn regular_teachers(&self) -> impl Iterator<Item = StaffId> + '_ {
        std::iter::once(self.regular_teacher).chain(self.regular_co_teachers.iter().copied())
    }

    /// Does `staff` give the lesson, or would by the timetable?
    pub fn involves(&self, staff: StaffId) -> bool {
        self.teachers()
            .chain(self.regular_teachers())
            .any(|t| t == staff)
    }
}

/// The change of `slot` on `date`, if any (the first by id when a forged document holds two).
pub fn change_of(changes: &Changes, slot: SlotId, date: NaiveDate) -> Option<&LessonChange> {
    changes.values().find(|c| c.slot == slot && c.date == date)
}

/// Is `slot` taught on `date`: its weekday, the version in force then, that week of the cycle?
pub fn taught_on(timetable: &TimetableData, slot: &crate::model::Slot, date: NaiveDate) -> bool {
    slot.weekday == date.weekday()
        && crate::timetable_cycle::taught_in(
            slot,
            crate::timetable_cycle::version_on(timetable, date),
            crate::timetable_cycle::week_on(timetable, date),
        )
}

fn room_of(c: &LessonChange, slot_room: &str) -> String {
    let r = c.room.trim();
    if r.is_empty() {
        slot_room.to_string()
    } else {
        r.to_string()
    }
}

/// The lessons of `date` once the changes apply, ordered by number, then cohort.
pub fn lessons_on(timetable: &TimetableData, changes: &Changes, date: NaiveDate) -> Vec<DayLesson> {
    let by_slot: BTreeMap<SlotId, &LessonChange> = changes
        .values()
        .filter(|c| c.date == date)
        .rev()
        .map(|c| (c.slot, c))
        .collect();
    let mut out = Vec::new();
    for s in timetable.slots_on(date) {
        let mut l = DayLesson {
            slot: s.id,
            date,
            number: s.number,
            cohort: s.cohort,
            subject: s.subject,
            teacher: s.teacher,
            co_teachers: s.co_teachers.clone(),
            regular_teacher: s.teacher,
            regular_co_teachers: s.co_teachers.clone(),
            room: s.room.clone(),
            change: None,
            moved_from: None,
        };
        match by_slot.get(&s.id) {
            None => {}
            Some(c) => match c.kind {
                ChangeKind::Cancel | ChangeKind::Move => continue,
                ChangeKind::Substitute => {
                    if let Some(t) = c.teacher {
                        l.teacher = t;
                        l.co_teachers.clear();
                    }
                    l.room = room_of(c, &s.room);
                    l.change = Some(c.id);
                }
            },
        }
        out.push(l);
    }
    for c in changes.values().filter(|c| c.kind == ChangeKind::Move) {
        let Some(s) = timetable.slots.get(&c.slot) else {
            continue;
        };
        if c.to_date.unwrap_or(c.date) != date || !taught_on(timetable, s, c.date) {
            continue;
        }
        // The first change of that slot and date is the one in force.
        if change_of(changes, c.slot, c.date).map(|f| f.id) != Some(c.id) {
            continue;
        }
        out.push(DayLesson {
            slot: s.id,
            date,
            number: c.to_number.unwrap_or(s.number),
            cohort: s.cohort,
            subject: s.subject,
            teacher: s.teacher,
            co_teachers: s.co_teachers.clone(),
            regular_teacher: s.teacher,
            regular_co_teachers: s.co_teachers.clone(),
            room: room_of(c, &s.room),
            change: Some(c.id),
            moved_from: Some((c.date, s.number)),
        });
    }
    out.sort_by_key(|l| (l.number, l.cohort, l.slot));
    out
}

fn rule(msg: String) -> Result<(), DomainError> {
    Err(DomainError::Rule(msg))
}

fn day(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn weekday_ru(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "понедельник",
        Tue => "вторник",
        Wed => "среда",
        Thu => "четверг",
        Fri => "пятница",
        Sat => "суббота",
        Sun => "воскресенье",
    }
}

/// Is `date` a school day of the timetable's year (inside the year, not a day off or holiday)?
fn school_day_of_year(
    school: &SchoolData,
    t: &TimetableData,
    date: NaiveDate,
) -> Result<(), String> {
    if let Some(y) = school.years.get(&t.year) {
        if date < y.start || date > y.end {
            return Err(format!(
                "{} не входит в учебный год {}: выберите дату учебного года.",
                day(date),
                y.title
            ));
        }
    }
    if !is_school_day(school, t.year, date) {
        return Err(format!(
            "{} — выходной или каникулы: уроков в этот день нет. Выберите учебный день.",
            day(date)
        ));
    }
    Ok(())
}

/// The rules of one change on its own and against the other changes (`changes` holds the state
/// after the write, `c` included).
pub fn check_change(
    school: &SchoolData,
    timetable: &TimetableData,
    changes: &Changes,
    c: &LessonChange,
) -> Result<(), DomainError> {
    let Some(slot) = timetable.slots.get(&c.slot) else {
        return rule(
            "Урока, который вы меняете, нет в расписании (возможно, его удалили). Обновите \
             расписание и выберите урок заново."
                .into(),
        );
    };
    if c.date.weekday() != slot.weekday {
        return rule(format!(
            "{} — {}, а этот урок стоит в расписании на {}: выберите дату, когда он идёт.",
            day(c.date),
            weekday_ru(c.date.weekday()),
            weekday_ru(slot.weekday)
        ));
    }
    if !taught_on(timetable, slot, c.date) {
        return rule(format!(
            "{} этот урок не идёт (другая неделя цикла или другая версия расписания): выберите \
             дату, когда он идёт.",
            day(c.date)
        ));
    }
    school_day_of_year(school, timetable, c.date).map_err(DomainError::Rule)?;
    if let Some(other) = changes
        .values()
        .find(|o| o.id != c.id && o.slot == c.slot && o.date == c.date)
    {
        return rule(format!(
            "У этого урока на {} уже есть изменение ({}): измените или удалите его, а не \
             добавляйте второе.",
            day(c.date),
            other.kind.title_ru()
        ));
    }
    if c.room.trim().chars().count() > MAX_ROOM {
        return rule(format!(
            "Кабинет: не больше {MAX_ROOM} символов. Сократите."
        ));
    }
    if c.note.trim().chars().count() > MAX_NOTE {
        return rule(format!(
            "Примечание: не больше {MAX_NOTE} символов. Сократите."
        ));
    }
    match c.kind {
        ChangeKind::Cancel => Ok(()),
        ChangeKind::Move => {
            let to_date = c.to_date.unwrap_or(c.date);
            let to_number = c.to_number.unwrap_or(slot.number);
            if (to_date, to_number) == (c.date, slot.number) {
                return rule(
                    "Урок переносится на то же место: укажите другой день или другой номер \
                     урока."
                        .into(),
                );
            }
            school_day_of_year(school, timetable, to_date).map_err(DomainError::Rule)?;
            if !number_in_bells(school, to_number) {
                return rule(format!(
                    "Урока №{to_number} нет в расписании звонков: выберите номер урока из \
                     расписания звонков."
                ));
            }
            Ok(())
        }
        ChangeKind::Substitute => {
            let Some(t) = c.teacher else {
                return rule("Выберите замещающего учителя.".into());
            };
            if !school.staff.contains_key(&t) {
                return rule(
                    "Замещающего учителя нет среди сотрудников школы: выберите учителя из \
                     списка."
                        .into(),
                );
            }
            if slot.taught_by(t) {
                return rule(
                    "Замещающий учитель — тот же, кто ведёт урок по расписанию: выберите \
                     другого учителя."
                        .into(),
                );
            }
            Ok(())
        }
    }
}

/// A clash of one date and lesson number: its key (stable, so an old clash is not new) and a
/// message that says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayClash {
    pub key: String,
    pub message: String,
}

fn staff_name(school: &SchoolData, t: StaffId) -> String {
    school
        .staff
        .get(&t)
        .map(|s| s.short_name())
        .unwrap_or_else(|| "Учитель".into())
}

fn describe(school: &SchoolData, l: &DayLesson) -> String {
    let subject = school
        .subjects
        .get(&l.subject)
        .map(|s| s.name.as_str())
        .unwrap_or("");
    format!("{} {subject}", school.cohort_name(&l.cohort))
}

/// Every clash of `date` after the changes: a teacher, a room (empty ignored) or a class in
/// two places at one lesson number (two different groups of one class are parallel).
pub fn day_clashes(
    school: &SchoolData,
    timetable: &TimetableData,
    changes: &Changes,
    date: NaiveDate,
) -> Vec<DayClash> {
    let lessons = lessons_on(timetable, changes, date);
    let mut out = Vec::new();
    for (i, a) in lessons.iter().enumerate() {
        for b in lessons[i + 1..].iter().take_while(|b| b.number == a.number) {
            let pair = if a.slot <= b.slot {
                format!("{}/{}", a.slot, b.slot)
            } else {
                format!("{}/{}", b.slot, a.slot)
            };
            let at = format!("{} на {}-м уроке", day(date), a.number);
            let mut both: Vec<StaffId> = a
                .teachers()
                .filter(|t| b.teachers().any(|u| u == *t))
                .collect();
            both.sort();
            both.dedup();
            for t in both {
                out.push(DayClash {
                    key: format!("teacher/{date}/{}/{t}/{pair}", a.number),
                    message: format!(
                        "{} {at} уже ведёт {}: выберите другого учителя или другое время.",
                        staff_name(school, t),
                        describe(school, if a.change.is_some() { b } else { a }),
                    ),
                });
            }
            let ra = a.room.trim().to_lowercase();
            if !ra.is_empty() && ra == b.room.trim().to_lowercase() {
                out.push(DayClash {
                    key: format!("room/{date}/{}/{ra}/{pair}", a.number),
                    message: format!(
                        "Кабинет {} {at} занят ({}): выберите другой кабинет или другое время.",
                        a.room.trim(),
                        describe(school, if a.change.is_some() { b } else { a }),
                    ),
                });
            }
            let parallel = matches!(
                (a.cohort, b.cohort),
                (Cohort::Group { group: ga, .. }, Cohort::Group { group: gb, .. }) if ga != gb
            );
            if a.cohort.class() == b.cohort.class() && !parallel {
                out.push(DayClash {
                    key: format!("class/{date}/{}/{}/{pair}", a.number, a.cohort.class()),
                    message: format!(
                        "У {} {at} уже есть урок ({}): выберите другое время.",
                        school.cohort_name(&Cohort::Class(a.cohort.class())),
                        describe(school, if a.change.is_some() { b } else { a }),
                    ),
                });
            }
        }
    }
    out
}

/// The dates a change concerns: its own and the one a lesson is moved to.
pub fn dates_of(c: &LessonChange) -> impl Iterator<Item = NaiveDate> {
    let mut v = vec![c.date];
    if let Some(d) = c.to_date {
        if d != c.date {
            v.push(d);
        }
    }
    v.into_iter()
}

/// Refuses a write of changes when one of `dates` gains a clash it did not have.
pub fn check_not_worse(
    school: &SchoolData,
    timetable: &TimetableData,
    before: &Changes,
    after: &Changes,
    dates: impl IntoIterator<Item = NaiveDate>,
) -> Result<(), DomainError> {
    let dates: BTreeSet<NaiveDate> = dates.into_iter().collect();
    for d in dates {
        let old: BTreeSet<String> = day_clashes(school, timetable, before, d)
            .into_iter()
            .map(|c| c.key)
            .collect();
        if let Some(c) = day_clashes(school, timetable, after, d)
            .into_iter()
            .find(|c| !old.contains(&c.key))
        {
            return Err(DomainError::Rule(c.message));
        }
    }
    Ok(())
}

/// The journals' lessons after the changes: a cancelled or moved lesson leaves its (date,
/// number); a moved one comes at its new date and number (in the journal of the period that
/// date falls in); a substituted one names its substitute in `substitutes`. Changes whose slot
/// is gone, or that do not fall on the slot's weekday, change nothing.
pub fn apply_to_plans(timetable: &TimetableData, changes: &Changes, plans: &mut [PlannedJournal]) {
    for c in changes.values() {
        let Some(s) = timetable.slots.get(&c.slot) else {
            continue;
        };
        if !taught_on(timetable, s, c.date)
            || change_of(changes, c.slot, c.date).map(|f| f.id) != Some(c.id)
        {
            continue;
        }
        let of = |p: &PlannedJournal, d: NaiveDate| {
            p.cohort == s.cohort && p.subject == s.subject && p.period.contains(d)
        };
        match c.kind {
            ChangeKind::Cancel | ChangeKind::Move => {
                let mut had = false;
                for p in plans.iter_mut().filter(|p| of(p, c.date)) {
                    had |= p.lessons.remove(&(c.date, s.number));
                }
                if c.kind == ChangeKind::Move && had {
                    let to = (c.to_date.unwrap_or(c.date), c.to_number.unwrap_or(s.number));
                    if let Some(p) = plans.iter_mut().find(|p| of(p, to.0)) {
                        p.lessons.insert(to);
                    }
                }
            }
            ChangeKind::Substitute => {
                let Some(t) = c.teacher else { continue };
                for p in plans.iter_mut().filter(|p| of(p, c.date)) {
                    if p.lessons.contains(&(c.date, s.number)) {
                        p.substitutes.insert((c.date, s.number), t);
                    }
                }
            }
        }
    }
}

/// Records who substitutes in which cohort and subject (`rights::Action::Substitute`).
pub fn fill_directory(timetable: &TimetableData, changes: &Changes, dir: &mut Directory) {
    for c in changes.values() {
        if c.kind != ChangeKind::Substitute {
            continue;
        }
        if let (Some(t), Some(s)) = (c.teacher, timetable.slots.get(&c.slot)) {
            dir.add_substitution(t, s.cohort, s.subject);
        }
    }
}

#[cfg(test)]
mod tests;
