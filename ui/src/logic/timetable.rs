//! The timetable screens without the DOM: which page the URL names, the week as a grid seen by
//! class, teacher or room (with each slot's problems from `core::timetable_rules`, computed on
//! the device at every edit), the editor's draft and the problems saving it would add.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Weekday;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, SlotId, StaffId, SubjectId, TimetableVersionId};
use zvonok_core::model::{Slot, SlotWeek, MAX_CO_TEACHERS};
use zvonok_core::rights::Cohort;
use zvonok_core::timetable_cycle;
use zvonok_core::timetable_rules::{self, TimetableProblem, MAX_LESSONS_WITHOUT_BELLS};
use zvonok_core::wire::UserInfo;

/// How the week is looked at. A room is interned (see [`room`]) so that screens stay `Copy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lens {
    Class(ClassId),
    Teacher(StaffId),
    Room(&'static str),
}

thread_local! {
    static ROOMS: std::cell::RefCell<BTreeSet<&'static str>> = const {
        std::cell::RefCell::new(BTreeSet::new())
    };
}

/// The interned name of a room: each distinct room is kept once for the page's life (a
/// school has tens of rooms), so a lens naming it can be copied like the other screens.
pub fn room(name: &str) -> &'static str {
    let name = name.trim();
    ROOMS.with(|r| {
        let mut r = r.borrow_mut();
        if let Some(s) = r.get(name) {
            return *s;
        }
        let s: &'static str = Box::leak(name.to_string().into_boxed_str());
        r.insert(s);
        s
    })
}

/// The kinds of lens, as the tabs list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LensKind {
    Class,
    Teacher,
    Room,
}

impl Lens {
    pub fn kind(&self) -> LensKind {
        match self {
            Lens::Class(_) => LensKind::Class,
            Lens::Teacher(_) => LensKind::Teacher,
            Lens::Room(_) => LensKind::Room,
        }
    }
}

/// A timetable screen as the URL names it: `#/timetable[/class/<id>|/teacher/<id>|/room/<r>]`
/// and `#/timetable/import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimetablePage {
    Grid(Option<Lens>),
    Import,
    /// Changes and substitutions for a date (none: today).
    Changes(Option<chrono::NaiveDate>),
}

impl TimetablePage {
    /// The path after `#/timetable`.
    pub fn to_path(&self) -> String {
        match self {
            TimetablePage::Grid(None) => String::new(),
            TimetablePage::Grid(Some(Lens::Class(c))) => format!("/class/{c}"),
            TimetablePage::Grid(Some(Lens::Teacher(t))) => format!("/teacher/{t}"),
            TimetablePage::Grid(Some(Lens::Room(r))) => {
                format!("/room/{}", utf8_percent_encode(r, NON_ALPHANUMERIC))
            }
            TimetablePage::Import => "/import".into(),
            TimetablePage::Changes(None) => "/changes".into(),
            TimetablePage::Changes(Some(d)) => format!("/changes/{d}"),
        }
    }

    pub fn from_parts(parts: &[&str]) -> Option<TimetablePage> {
        match parts {
            [] => Some(TimetablePage::Grid(None)),
            ["class", c] => c
                .parse()
                .ok()
                .map(|c| TimetablePage::Grid(Some(Lens::Class(c)))),
            ["teacher", t] => t
                .parse()
                .ok()
                .map(|t| TimetablePage::Grid(Some(Lens::Teacher(t)))),
            ["room", r] => percent_decode_str(r)
                .decode_utf8()
                .ok()
                .filter(|r| !r.trim().is_empty())
                .map(|r| TimetablePage::Grid(Some(Lens::Room(room(&r))))),
            ["import"] => Some(TimetablePage::Import),
            ["changes"] => Some(TimetablePage::Changes(None)),
            ["changes", d] => {
                crate::logic::dates::parse_iso(d).map(|d| TimetablePage::Changes(Some(d)))
            }
            _ => None,
        }
    }
}

/// Every staff member reads the timetable (the server decides again); editing needs
/// «Редактировать расписание», which the screen learns from the server's answer.
pub fn is_staff(user: &UserInfo) -> bool {
    crate::logic::admin::principal(user).is_staff()
}

/// A room as compared (the rules' way): trimmed, in any case.
pub fn room_key(room: &str) -> String {
    timetable_rules::room_key(room).unwrap_or_default()
}

/// The classes of the current year, in grade and letter order: (id, «5А»).
pub fn classes(school: &SchoolData) -> Vec<(ClassId, String)> {
    let mut v: Vec<_> = school
        .classes
        .values()
        .filter(|c| Some(c.year) == school.current_year)
        .map(|c| (c.grade, c.letter.clone(), c.id, c.name()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, _, id, n)| (id, n)).collect()
}

/// The staff who teach (a lesson in the week or a teaching assignment this year) by surname,
/// for the lens «по учителям»: (id, «Соколова И. П.»).
pub fn teaching_staff(school: &SchoolData, t: &TimetableData) -> Vec<(StaffId, String)> {
    let teach: BTreeSet<StaffId> = t
        .slots
        .values()
        .flat_map(|s| s.teachers())
        .chain(
            school
                .assignments
                .values()
                .filter(|a| Some(a.year) == school.current_year)
                .map(|a| a.teacher),
        )
        .collect();
    teachers(school)
        .into_iter()
        .filter(|(id, _)| teach.contains(id))
        .collect()
}

/// The staff by surname: (id, «Соколова И. П.»).
pub fn teachers(school: &SchoolData) -> Vec<(StaffId, String)> {
    let mut v: Vec<_> = school
        .staff
        .values()
        .map(|s| (s.short_name(), s.id))
        .collect();
    v.sort();
    v.into_iter().map(|(n, id)| (id, n)).collect()
}

/// The rooms the timetable uses, each once as first written, sorted.
pub fn rooms(t: &TimetableData) -> Vec<String> {
    let mut seen = BTreeMap::new();
    for s in t.slots.values() {
        let k = room_key(&s.room);
        if !k.is_empty() {
            seen.entry(k).or_insert_with(|| s.room.trim().to_string());
        }
    }
    let mut v: Vec<String> = seen.into_values().collect();
    v.sort_by_key(|r| (r.len(), r.clone()));
    v
}

/// The lens a page opens with when the URL names none: the first class.
pub fn default_lens(school: &SchoolData) -> Option<Lens> {
    classes(school).first().map(|(id, _)| Lens::Class(*id))
}

/// The school's weekdays (Monday to Friday or Saturday).
pub fn school_days(school: &SchoolData) -> Vec<Weekday> {
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    all[..timetable_rules::days_in_week(school) as usize].to_vec()
}

/// Which version of the year's timetable the grid shows, and which week of a two-week cycle
/// (`None`: every week's lessons, A and B marked).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub version: Option<TimetableVersionId>,
    pub week: Option<SlotWeek>,
}

impl Shown {
    /// Is `s` a lesson of this version, taught in this week?
    pub fn has(&self, s: &Slot) -> bool {
        s.version == self.version
            && match (self.week, s.week) {
                (None, _) | (_, SlotWeek::Every) => true,
                (Some(w), sw) => w == sw,
            }
    }
}

/// One slot as a cell shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellSlot {
    pub slot: Slot,
    /// The first line: the subject (by class or teacher) or the class (by room).
    pub title: String,
    /// The second line: the teacher, the class or group, or subject and teacher.
    pub detail: String,
    pub room: String,
    /// «А» or «Б» for a lesson of one week of the cycle, else empty.
    pub week: &'static str,
    /// What is wrong with this slot, in Russian.
    pub problems: Vec<String>,
}

/// One lesson number across the week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridRow {
    pub number: u8,
    /// «08:30–09:15», or empty without bells.
    pub time: String,
    /// Whether the bell schedule has this number (a slot outside it is a problem).
    pub in_bells: bool,
    /// One entry per day of [`Grid::days`].
    pub cells: Vec<Vec<CellSlot>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    pub days: Vec<Weekday>,
    pub rows: Vec<GridRow>,
    /// Problems of the slots seen here, and the class's plan, each once.
    pub problems: Vec<String>,
}

fn lens_has(lens: &Lens, s: &Slot) -> bool {
    match lens {
        Lens::Class(c) => s.cohort.class() == *c,
        // A co-taught lesson is in each of its teachers' week.
        Lens::Teacher(t) => s.taught_by(*t),
        Lens::Room(r) => room_key(&s.room) == room_key(r),
    }
}

/// Slot → the messages of the problems it is part of.
pub fn problems_by_slot(problems: &[TimetableProblem]) -> HashMap<SlotId, Vec<String>> {
    let mut m: HashMap<SlotId, Vec<String>> = HashMap::new();
    for p in problems {
        for s in &p.slots {
            m.entry(*s).or_default().push(p.message.clone());
        }
    }
    m
}

/// The week through `lens`, with the problems `problems` found (of the whole timetable).
pub fn grid(
    school: &SchoolData,
    t: &TimetableData,
    lens: &Lens,
    shown: Shown,
    problems: &[TimetableProblem],
) -> Grid {
    let by_slot = problems_by_slot(problems);
    let seen: Vec<&Slot> = t
        .slots
        .values()
        .filter(|s| lens_has(lens, s) && shown.has(s))
        .collect();
    let mut days = school_days(school);
    for s in &seen {
        if !days.contains(&s.weekday) {
            days.push(s.weekday);
        }
    }
    days.sort_by_key(|d| d.number_from_monday());
    let mut numbers: BTreeSet<u8> = school.bells.iter().map(|b| b.number).collect();
    if numbers.is_empty() {
        let last = seen.iter().map(|s| s.number).max().unwrap_or(0).max(7);
        numbers.extend(1..=last.min(MAX_LESSONS_WITHOUT_BELLS));
    }
    numbers.extend(seen.iter().map(|s| s.number));
    let subject = |id: SubjectId| {
        school
            .subjects
            .get(&id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    // Every teacher of the slot, the lead first: «Иванова А. А., Петрова С. И.».
    let teacher = |s: &Slot| {
        s.teachers()
            .filter_map(|id| school.staff.get(&id).map(|m| m.short_name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let cell = |s: &Slot| {
        let (title, detail) = match lens {
            Lens::Class(_) => {
                let group = match s.cohort {
                    Cohort::Group { group, .. } => school
                        .groups
                        .get(&group)
                        .map(|g| format!("{} · ", g.name))
                        .unwrap_or_default(),
                    Cohort::Class(_) => String::new(),
                };
                (subject(s.subject), format!("{group}{}", teacher(s)))
            }
            Lens::Teacher(_) => (subject(s.subject), school.cohort_name(&s.cohort)),
            Lens::Room(_) => (
                school.cohort_name(&s.cohort),
                format!("{} · {}", subject(s.subject), teacher(s)),
            ),
        };
        CellSlot {
            slot: s.clone(),
            title,
            detail,
            room: s.room.clone(),
            week: timetable_cycle::week_letter(s.week),
            problems: by_slot.get(&s.id).cloned().unwrap_or_default(),
        }
    };
    let rows = numbers
        .into_iter()
        .map(|n| {
            let bell = school.bell(n);
            GridRow {
                number: n,
                time: bell
                    .map(|b| format!("{}–{}", b.start, b.end))
                    .unwrap_or_default(),
                in_bells: timetable_rules::number_in_bells(school, n),
                cells: days
                    .iter()
                    .map(|d| {
                        let mut v: Vec<CellSlot> = seen
                            .iter()
                            .filter(|s| s.weekday == *d && s.number == n)
                            .map(|s| cell(s))
                            .collect();
                        v.sort_by(|a, b| (&a.detail, &a.title).cmp(&(&b.detail, &b.title)));
                        v
                    })
                    .collect(),
            }
        })
        .collect();
    let ids: BTreeSet<SlotId> = seen.iter().map(|s| s.id).collect();
    // Plan keys: `plan/<class>/<subject>` (base version), `…/<version>` (a later one).
    let plan_key = match lens {
        Lens::Class(c) => Some(format!("plan/{c}/")),
        _ => None,
    };
    let of_version = |key: &str| match shown.version {
        None => key.matches('/').count() == 2,
        Some(v) => key.ends_with(&format!("/{v}")),
    };
    let msgs = distinct(problems.iter().filter(|p| {
        p.slots.iter().any(|s| ids.contains(s))
            || plan_key
                .as_ref()
                .is_some_and(|k| p.key.starts_with(k) && of_version(&p.key))
    }));
    Grid {
        days,
        rows,
        problems: msgs,
    }
}

/// The messages of `problems`, once per rule and set of slots: a clash of two lessons is
/// found from each of them, and shown once.
pub fn distinct<'a>(problems: impl Iterator<Item = &'a TimetableProblem>) -> Vec<String> {
    let mut seen: BTreeSet<(timetable_rules::TimetableRule, Vec<SlotId>, String)> = BTreeSet::new();
    let mut out = Vec::new();
    for p in problems {
        let mut slots = p.slots.clone();
        slots.sort();
        let key = if slots.is_empty() {
            (p.rule, slots, p.key.clone())
        } else {
            (p.rule, slots, String::new())
        };
        if seen.insert(key) {
            out.push(p.message.clone());
        }
    }
    out
}

/// The staff who give a lesson at `number` on `date` (after the changes): a substitute
/// chosen among them would be in two places.
pub fn busy_at(
    t: &TimetableData,
    changes: &zvonok_core::doc::timetable_changes::Changes,
    date: chrono::NaiveDate,
    number: u8,
) -> BTreeSet<StaffId> {
    zvonok_core::timetable_changes::lessons_on(t, changes, date)
        .into_iter()
        .filter(|l| l.number == number)
        .flat_map(|l| l.teachers().collect::<Vec<_>>())
        .collect()
}

/// What the editor holds for one slot (a new one has no id yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: Option<SlotId>,
    pub weekday: Weekday,
    pub number: u8,
    pub cohort: Option<Cohort>,
    pub subject: Option<SubjectId>,
    /// The lead teacher.
    pub teacher: Option<StaffId>,
    /// The other teachers, as chosen (`None`: a row added and not chosen yet).
    pub co_teachers: Vec<Option<StaffId>>,
    pub room: String,
    pub week: SlotWeek,
    pub version: Option<TimetableVersionId>,
}

impl Draft {
    /// A new slot in the cell (`weekday`, `number`), with what the lens already says.
    pub fn new_in(lens: &Lens, shown: Shown, weekday: Weekday, number: u8) -> Draft {
        Draft {
            id: None,
            weekday,
            number,
            cohort: match lens {
                Lens::Class(c) => Some(Cohort::Class(*c)),
                _ => None,
            },
            subject: None,
            teacher: match lens {
                Lens::Teacher(t) => Some(*t),
                _ => None,
            },
            co_teachers: Vec::new(),
            room: match lens {
                Lens::Room(r) => r.to_string(),
                _ => String::new(),
            },
            week: shown.week.unwrap_or_default(),
            version: shown.version,
        }
    }

    pub fn of(s: &Slot) -> Draft {
        Draft {
            id: Some(s.id),
            weekday: s.weekday,
            number: s.number,
            cohort: Some(s.cohort),
            subject: Some(s.subject),
            teacher: Some(s.teacher),
            co_teachers: s.co_teachers.iter().copied().map(Some).collect(),
            room: s.room.clone(),
            week: s.week,
            version: s.version,
        }
    }

    /// Whether another teacher may be added (a slot holds the lead and
    /// [`MAX_CO_TEACHERS`] more).
    pub fn may_add_co_teacher(&self) -> bool {
        self.co_teachers.len() < MAX_CO_TEACHERS
    }

    /// Adds a row for another teacher, not chosen yet.
    pub fn add_co_teacher(&mut self) {
        if self.may_add_co_teacher() {
            self.co_teachers.push(None);
        }
    }

    /// Chooses the teacher of row `i` (`None`: not chosen).
    pub fn set_co_teacher(&mut self, i: usize, teacher: Option<StaffId>) {
        if let Some(row) = self.co_teachers.get_mut(i) {
            *row = teacher;
        }
    }

    /// Removes row `i`.
    pub fn remove_co_teacher(&mut self, i: usize) {
        if i < self.co_teachers.len() {
            self.co_teachers.remove(i);
        }
    }

    /// The chosen co-teachers in order, without rows not chosen, the lead or repeats.
    pub fn chosen_co_teachers(&self) -> Vec<StaffId> {
        let mut v: Vec<StaffId> = Vec::new();
        for t in self.co_teachers.iter().flatten() {
            if Some(*t) != self.teacher && !v.contains(t) {
                v.push(*t);
            }
        }
        v
    }

    /// The slot to save, once class, subject and teacher are chosen.
    pub fn slot(&self, new_id: SlotId) -> Option<Slot> {
        Some(Slot {
            id: self.id.unwrap_or(new_id),
            weekday: self.weekday,
            number: self.number,
            cohort: self.cohort?,
            subject: self.subject?,
            teacher: self.teacher?,
            co_teachers: self.chosen_co_teachers(),
            room: self.room.trim().to_string(),
            week: self.week,
            version: self.version,
        })
    }
}

/// The teacher assigned to `subject` in `cohort` this year (for a group, also the class's).
pub fn assigned_teacher(
    school: &SchoolData,
    cohort: Cohort,
    subject: SubjectId,
) -> Option<StaffId> {
    let year = school.current_year?;
    let find = |c: Cohort| {
        school
            .assignments
            .values()
            .find(|a| a.year == year && a.cohort == c && a.subject == subject)
            .map(|a| a.teacher)
    };
    find(cohort).or_else(|| match cohort {
        Cohort::Group { class, .. } => find(Cohort::Class(class)),
        Cohort::Class(_) => None,
    })
}

/// The class and its groups, as the editor offers them: (cohort, «5А» / «5А · Англ. 1»).
pub fn cohorts_of(school: &SchoolData, class: ClassId) -> Vec<(Cohort, String)> {
    let mut v = vec![(
        Cohort::Class(class),
        school.cohort_name(&Cohort::Class(class)),
    )];
    let mut groups: Vec<_> = school
        .groups
        .values()
        .filter(|g| g.class == class)
        .collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    v.extend(groups.into_iter().map(|g| {
        let c = Cohort::Group { class, group: g.id };
        (c, school.cohort_name(&c))
    }));
    v
}

/// The subjects taught to `cohort`'s grade, those with a teaching assignment first.
pub fn subjects_for(school: &SchoolData, cohort: Cohort) -> Vec<(SubjectId, String)> {
    let grade = school.classes.get(&cohort.class()).map(|c| c.grade);
    let mut v: Vec<(bool, String, SubjectId)> = school
        .subjects
        .values()
        .filter(|s| grade.is_some_and(|g| s.grades.contains(&g)))
        .map(|s| {
            (
                assigned_teacher(school, cohort, s.id).is_none(),
                s.name.clone(),
                s.id,
            )
        })
        .collect();
    v.sort();
    v.into_iter().map(|(_, n, id)| (id, n)).collect()
}

/// The problems saving `slot` (a new one, or a change of the slot with its id) would add to
/// the week: the reasons the device and the server would refuse it (core's own
/// `timetable_rules::new_problems`, the rule `check_not_worse` applies). Empty: it may be
/// saved.
pub fn problems_if_saved(school: &SchoolData, t: &TimetableData, slot: &Slot) -> Vec<String> {
    let mut after = t.clone();
    after.slots.insert(slot.id, slot.clone());
    if let Some(p) = timetable_cycle::slot_problem(&after, slot) {
        return vec![p];
    }
    distinct(timetable_rules::new_problems(school, t, &after).iter())
}

#[cfg(test)]
mod tests;
