//! The `school` document: one per school. The card, academic years and study periods, the bell
//! schedule, subjects, staff, classes, groups and teaching assignments. Written by the
//! administration; read by all staff.
//!
//! Layout: `card{name,short_name,address}`, `current_year`, `week_days`,
//! `years{id:{title,start,end}}`, `periods{id:{year,kind,number,start,end}}`,
//! `bells{"1":{start,end}}`, `subjects{id:{name,grades}}`,
//! `staff{id:{last,first,middle,position}}`, `classes{id:{year,grade,letter,class_teacher}}`,
//! `groups{id:{class,name}}`, `assignments{id:{teacher,class,group,subject,year}}`,
//! `holidays{id:{year,title,start,end}}` (see `calendar`), `profiles{id:{name,grade}}`
//! (curriculum profiles), flat `plan_hours{"<profile>/<subject>": half-hours}` and flat
//! `class_profiles{"<class>": "<profile>"}`. The last four came with the setup wizard: documents
//! written before them read as empty; [`upgrade`] adds the missing containers (server only).
//!
//! Every root container is created by the server (here, in [`SchoolData::to_doc`] or
//! [`upgrade`]); devices write inside them through [`crate::doc::school_ops`].

use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ROOT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::*;
use crate::curriculum::{CurriculumProfile, WeeklyHours};
use crate::error::DomainError;
use crate::ids::*;
use crate::model::*;
use crate::rights::{Cohort, Directory};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolData {
    pub card: SchoolCard,
    pub current_year: Option<YearId>,
    /// 5 or 6.
    pub week_days: u8,
    /// The school's IANA time zone; empty means `time_zone::DEFAULT_TIME_ZONE` (see
    /// [`crate::time_zone`]): every "today" of the school is a date in this zone.
    #[serde(default)]
    pub time_zone: String,
    pub years: BTreeMap<YearId, AcademicYear>,
    pub periods: BTreeMap<PeriodId, StudyPeriod>,
    pub bells: Vec<Bell>,
    pub subjects: BTreeMap<SubjectId, Subject>,
    pub staff: BTreeMap<StaffId, StaffMember>,
    pub classes: BTreeMap<ClassId, Class>,
    pub groups: BTreeMap<GroupId, Group>,
    pub assignments: BTreeMap<AssignmentId, TeachingAssignment>,
    /// Holidays of every academic year (see [`crate::calendar`]).
    #[serde(default)]
    pub holidays: BTreeMap<HolidayId, Holiday>,
    /// Curriculum profiles with their weekly hours.
    #[serde(default)]
    pub profiles: BTreeMap<ProfileId, CurriculumProfile>,
    /// The profile each class studies by.
    #[serde(default)]
    pub class_profiles: BTreeMap<ClassId, ProfileId>,
}

/// The root containers of a school document, all created by the server.
pub const SECTIONS: [&str; 12] = [
    "card",
    "years",
    "periods",
    "bells",
    "subjects",
    "staff",
    "classes",
    "groups",
    "assignments",
    "holidays",
    "profiles",
    "plan_hours",
];

/// Flat (non-object) root containers, created by the server as well.
pub const FLAT_SECTIONS: [&str; 1] = ["class_profiles"];

/// Adds the containers this build writes into and an old document lacks. Server only (devices
/// never create containers). Returns whether anything was added; the caller commits.
pub fn upgrade(doc: &mut AutoCommit) -> Result<bool, DomainError> {
    check_header(doc, DocKind::School)?;
    let mut changed = false;
    for key in SECTIONS.iter().chain(FLAT_SECTIONS.iter()) {
        if get_map(doc, &ROOT, key).is_none() {
            put_map(doc, &ROOT, key)?;
            changed = true;
        }
    }
    Ok(changed)
}

pub(crate) fn plan_key(profile: ProfileId, subject: SubjectId) -> String {
    format!("{profile}/{subject}")
}

pub(crate) fn put_cohort(doc: &mut AutoCommit, obj: &ObjId, c: &Cohort) -> Result<(), DomainError> {
    match c {
        Cohort::Class(class) => {
            doc.put(obj, "class", class.to_string())?;
        }
        Cohort::Group { class, group } => {
            doc.put(obj, "class", class.to_string())?;
            doc.put(obj, "group", group.to_string())?;
        }
    }
    Ok(())
}

pub(crate) fn get_cohort(doc: &AutoCommit, obj: &ObjId) -> Result<Cohort, DomainError> {
    let class: ClassId = need_parsed(doc, obj, "class")?;
    Ok(match get_parsed::<GroupId>(doc, obj, "group") {
        Some(group) => Cohort::Group { class, group },
        None => Cohort::Class(class),
    })
}

impl SchoolData {
    /// Creates a new `school` document holding this data.
    pub fn to_doc(&self) -> Result<AutoCommit, DomainError> {
        let mut doc = AutoCommit::new().with_actor(server_actor());
        write_header(&mut doc, DocKind::School)?;
        self.write_into(&mut doc)?;
        doc.commit();
        Ok(doc)
    }

    /// Writes every entity into an existing `school` document (maps are created once).
    pub fn write_into(&self, doc: &mut AutoCommit) -> Result<(), DomainError> {
        let card = ensure_map(doc, "card")?;
        doc.put(&card, "name", self.card.name.as_str())?;
        doc.put(&card, "short_name", self.card.short_name.as_str())?;
        doc.put(&card, "address", self.card.address.as_str())?;
        put_opt_str(
            doc,
            &ROOT,
            "current_year",
            self.current_year.map(|y| y.to_string()).as_deref(),
        )?;
        doc.put(ROOT, "week_days", i64::from(self.week_days))?;
        if !self.time_zone.is_empty() {
            doc.put(ROOT, "time_zone", self.time_zone.as_str())?;
        }

        let years = ensure_map(doc, "years")?;
        for y in self.years.values() {
            let o = put_map(doc, &years, &y.id.to_string())?;
            doc.put(&o, "title", y.title.as_str())?;
            doc.put(&o, "start", fmt_date(y.start))?;
            doc.put(&o, "end", fmt_date(y.end))?;
        }
        let periods = ensure_map(doc, "periods")?;
        for p in self.periods.values() {
            let o = put_map(doc, &periods, &p.id.to_string())?;
            doc.put(&o, "year", p.year.to_string())?;
            doc.put(&o, "kind", p.kind.as_str())?;
            doc.put(&o, "number", i64::from(p.number))?;
            doc.put(&o, "start", fmt_date(p.start))?;
            doc.put(&o, "end", fmt_date(p.end))?;
        }
        let bells = ensure_map(doc, "bells")?;
        for b in &self.bells {
            let o = put_map(doc, &bells, &b.number.to_string())?;
            doc.put(&o, "start", b.start.as_str())?;
            doc.put(&o, "end", b.end.as_str())?;
        }
        let subjects = ensure_map(doc, "subjects")?;
        for s in self.subjects.values() {
            let o = put_map(doc, &subjects, &s.id.to_string())?;
            doc.put(&o, "name", s.name.as_str())?;
            let grades: Vec<String> = s.grades.iter().map(|g| g.to_string()).collect();
            doc.put(&o, "grades", grades.join(","))?;
        }
        let staff = ensure_map(doc, "staff")?;
        for s in self.staff.values() {
            let o = put_map(doc, &staff, &s.id.to_string())?;
            doc.put(&o, "last", s.last_name.as_str())?;
            doc.put(&o, "first", s.first_name.as_str())?;
            doc.put(&o, "middle", s.middle_name.as_str())?;
            doc.put(&o, "position", s.position.as_str())?;
        }
        let classes = ensure_map(doc, "classes")?;
        for c in self.classes.values() {
            let o = put_map(doc, &classes, &c.id.to_string())?;
            doc.put(&o, "year", c.year.to_string())?;
            doc.put(&o, "grade", i64::from(c.grade))?;
            doc.put(&o, "letter", c.letter.as_str())?;
            put_opt_str(
                doc,
                &o,
                "class_teacher",
                c.class_teacher.map(|t| t.to_string()).as_deref(),
            )?;
        }
        let groups = ensure_map(doc, "groups")?;
        for g in self.groups.values() {
            let o = put_map(doc, &groups, &g.id.to_string())?;
            doc.put(&o, "class", g.class.to_string())?;
            doc.put(&o, "name", g.name.as_str())?;
        }
        let assignments = ensure_map(doc, "assignments")?;
        for a in self.assignments.values() {
            let o = put_map(doc, &assignments, &a.id.to_string())?;
            doc.put(&o, "teacher", a.teacher.to_string())?;
            put_cohort(doc, &o, &a.cohort)?;
            doc.put(&o, "subject", a.subject.to_string())?;
            doc.put(&o, "year", a.year.to_string())?;
        }
        let holidays = ensure_map(doc, "holidays")?;
        for h in self.holidays.values() {
            let o = put_map(doc, &holidays, &h.id.to_string())?;
            doc.put(&o, "year", h.year.to_string())?;
            doc.put(&o, "title", h.title.as_str())?;
            doc.put(&o, "start", fmt_date(h.start))?;
            doc.put(&o, "end", fmt_date(h.end))?;
        }
        let profiles = ensure_map(doc, "profiles")?;
        let plan = ensure_map(doc, "plan_hours")?;
        for p in self.profiles.values() {
            let o = put_map(doc, &profiles, &p.id.to_string())?;
            doc.put(&o, "name", p.name.as_str())?;
            doc.put(&o, "grade", i64::from(p.grade))?;
            for (subject, h) in &p.hours {
                doc.put(&plan, plan_key(p.id, *subject), i64::from(h.half_hours()))?;
            }
        }
        let cp = ensure_map(doc, "class_profiles")?;
        for (class, profile) in &self.class_profiles {
            doc.put(&cp, class.to_string(), profile.to_string())?;
        }
        Ok(())
    }

    /// Reads the whole document. Entities that fail to parse are an error: the server never
    /// keeps such a change, so a malformed school document means a bug or a forged write.
    pub fn from_doc(doc: &AutoCommit) -> Result<Self, DomainError> {
        check_header(doc, DocKind::School)?;
        let mut s = SchoolData::default();
        if let Some(card) = get_map(doc, &ROOT, "card") {
            s.card = SchoolCard {
                name: get_str(doc, &card, "name").unwrap_or_default(),
                short_name: get_str(doc, &card, "short_name").unwrap_or_default(),
                address: get_str(doc, &card, "address").unwrap_or_default(),
            };
        }
        s.current_year = get_parsed(doc, &ROOT, "current_year");
        s.week_days = get_i64(doc, &ROOT, "week_days").unwrap_or(5) as u8;
        s.time_zone = get_str(doc, &ROOT, "time_zone").unwrap_or_default();

        for_each(doc, "years", |id, o| {
            let id: YearId = parse_id(id)?;
            s.years.insert(
                id,
                AcademicYear {
                    id,
                    title: get_str(doc, o, "title").unwrap_or_default(),
                    start: need_date(doc, o, "start")?,
                    end: need_date(doc, o, "end")?,
                },
            );
            Ok(())
        })?;
        for_each(doc, "periods", |id, o| {
            let id: PeriodId = parse_id(id)?;
            let kind = get_str(doc, o, "kind")
                .and_then(|k| PeriodKind::parse(&k))
                .ok_or_else(|| DomainError::Malformed("вид периода".into()))?;
            s.periods.insert(
                id,
                StudyPeriod {
                    id,
                    year: need_parsed(doc, o, "year")?,
                    kind,
                    number: get_i64(doc, o, "number").unwrap_or(0) as u8,
                    start: need_date(doc, o, "start")?,
                    end: need_date(doc, o, "end")?,
                },
            );
            Ok(())
        })?;
        for_each(doc, "bells", |id, o| {
            let number: u8 = parse_id(id)?;
            s.bells.push(Bell {
                number,
                start: get_str(doc, o, "start").unwrap_or_default(),
                end: get_str(doc, o, "end").unwrap_or_default(),
            });
            Ok(())
        })?;
        s.bells.sort_by_key(|b| b.number);
        for_each(doc, "subjects", |id, o| {
            let id: SubjectId = parse_id(id)?;
            let grades = get_str(doc, o, "grades")
                .unwrap_or_default()
                .split(',')
                .filter_map(|g| g.trim().parse().ok())
                .collect();
            let name = get_str(doc, o, "name").unwrap_or_default();
            s.subjects.insert(id, Subject { id, name, grades });
            Ok(())
        })?;
        for_each(doc, "staff", |id, o| {
            let id: StaffId = parse_id(id)?;
            s.staff.insert(
                id,
                StaffMember {
                    id,
                    last_name: get_str(doc, o, "last").unwrap_or_default(),
                    first_name: get_str(doc, o, "first").unwrap_or_default(),
                    middle_name: get_str(doc, o, "middle").unwrap_or_default(),
                    position: get_str(doc, o, "position").unwrap_or_default(),
                },
            );
            Ok(())
        })?;
        for_each(doc, "classes", |id, o| {
            let id: ClassId = parse_id(id)?;
            s.classes.insert(
                id,
                Class {
                    id,
                    year: need_parsed(doc, o, "year")?,
                    grade: get_i64(doc, o, "grade").unwrap_or(0) as u8,
                    letter: get_str(doc, o, "letter").unwrap_or_default(),
                    class_teacher: get_parsed(doc, o, "class_teacher"),
                },
            );
            Ok(())
        })?;
        for_each(doc, "groups", |id, o| {
            let id: GroupId = parse_id(id)?;
            s.groups.insert(
                id,
                Group {
                    id,
                    class: need_parsed(doc, o, "class")?,
                    name: get_str(doc, o, "name").unwrap_or_default(),
                },
            );
            Ok(())
        })?;
        for_each(doc, "assignments", |id, o| {
            let id: AssignmentId = parse_id(id)?;
            s.assignments.insert(
                id,
                TeachingAssignment {
                    id,
                    teacher: need_parsed(doc, o, "teacher")?,
                    cohort: get_cohort(doc, o)?,
                    subject: need_parsed(doc, o, "subject")?,
                    year: need_parsed(doc, o, "year")?,
                },
            );
            Ok(())
        })?;
        for_each(doc, "holidays", |id, o| {
            let id: HolidayId = parse_id(id)?;
            s.holidays.insert(
                id,
                Holiday {
                    id,
                    year: need_parsed(doc, o, "year")?,
                    title: get_str(doc, o, "title").unwrap_or_default(),
                    start: need_date(doc, o, "start")?,
                    end: need_date(doc, o, "end")?,
                },
            );
            Ok(())
        })?;
        for_each(doc, "profiles", |id, o| {
            let id: ProfileId = parse_id(id)?;
            s.profiles.insert(
                id,
                CurriculumProfile {
                    id,
                    name: get_str(doc, o, "name").unwrap_or_default(),
                    grade: get_i64(doc, o, "grade").unwrap_or(0).clamp(0, 255) as u8,
                    hours: BTreeMap::new(),
                },
            );
            Ok(())
        })?;
        if let Some(plan) = get_map(doc, &ROOT, "plan_hours") {
            for key in keys(doc, &plan) {
                let Some(h) = get_i64(doc, &plan, &key) else {
                    return Err(DomainError::Malformed(format!("часы плана «{key}»")));
                };
                let (p, subj) = key
                    .split_once('/')
                    .ok_or_else(|| DomainError::Malformed(format!("ключ плана «{key}»")))?;
                let (p, subj): (ProfileId, SubjectId) = (parse_id(p)?, parse_id(subj)?);
                let h = u16::try_from(h)
                    .map_err(|_| DomainError::Malformed(format!("часы плана «{key}»")))?;
                // Hours of a removed profile are ignored; zero hours mean «not in the plan».
                if let Some(profile) = s.profiles.get_mut(&p) {
                    if h > 0 {
                        profile.hours.insert(subj, WeeklyHours(h));
                    }
                }
            }
        }
        if let Some(cp) = get_map(doc, &ROOT, "class_profiles") {
            for key in keys(doc, &cp) {
                let class: ClassId = parse_id(&key)?;
                let profile: ProfileId = need_parsed(doc, &cp, &key)?;
                s.class_profiles.insert(class, profile);
            }
        }
        Ok(s)
    }

    /// Is `date` inside the holidays of the current year?
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays
            .values()
            .any(|h| Some(h.year) == self.current_year && h.contains(date))
    }

    /// The profiles of a grade level, by name.
    pub fn profiles_of_grade(&self, grade: u8) -> Vec<&CurriculumProfile> {
        let mut v: Vec<&CurriculumProfile> = self
            .profiles
            .values()
            .filter(|p| p.grade == grade)
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    }

    /// The study periods of the current year, in order.
    pub fn current_periods(&self) -> Vec<&StudyPeriod> {
        let mut v: Vec<&StudyPeriod> = self
            .periods
            .values()
            .filter(|p| Some(p.year) == self.current_year)
            .collect();
        v.sort_by_key(|p| p.start);
        v
    }

    /// The period of the current year that contains `date`.
    pub fn period_at(&self, date: NaiveDate) -> Option<&StudyPeriod> {
        self.current_periods()
            .into_iter()
            .find(|p| p.contains(date))
    }

    pub fn bell(&self, number: u8) -> Option<&Bell> {
        self.bells.iter().find(|b| b.number == number)
    }

    /// «5А» or «5А · Группа 1».
    pub fn cohort_name(&self, c: &Cohort) -> String {
        let class = self
            .classes
            .get(&c.class())
            .map(|c| c.name())
            .unwrap_or_default();
        match c {
            Cohort::Class(_) => class,
            Cohort::Group { group, .. } => {
                let g = self
                    .groups
                    .get(group)
                    .map(|g| g.name.as_str())
                    .unwrap_or("");
                format!("{class} · {g}")
            }
        }
    }

    /// Finds a class of the current year by its name («5А», case-insensitive).
    pub fn class_by_name(&self, name: &str) -> Option<&Class> {
        let want = name.trim().to_lowercase();
        self.classes
            .values()
            .filter(|c| self.current_year.is_none() || Some(c.year) == self.current_year)
            .find(|c| c.name().to_lowercase() == want)
    }

    /// Finds a subject by name, case-insensitive, or by id.
    pub fn subject_by_name(&self, name: &str) -> Option<&Subject> {
        let want = name.trim().to_lowercase();
        self.subjects
            .values()
            .find(|s| s.name.to_lowercase() == want || s.id.to_string() == want)
    }

    /// The school's date at instant `now`, in its time zone (see [`crate::time_zone`]).
    pub fn today(&self, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        crate::time_zone::date_in(&self.time_zone, now)
    }

    /// Adds this document's facts (class teachers, teaching assignments) to a rights directory.
    pub fn fill_directory(&self, dir: &mut Directory) {
        for c in self.classes.values() {
            if let Some(t) = c.class_teacher {
                dir.class_teachers.insert(c.id, t);
            }
        }
        let current_start = self
            .current_year
            .and_then(|y| self.years.get(&y))
            .map(|y| y.start);
        for a in self.assignments.values() {
            if self.current_year.is_none() || Some(a.year) == self.current_year {
                dir.add_teaching(a.teacher, a.cohort, a.subject);
            } else if let (Some(now), Some(then)) = (current_start, self.years.get(&a.year)) {
                // A past year's teacher still reads that year's journals and lists (the closed
                // year stays readable); keeping them needs a current assignment.
                if then.start < now {
                    dir.teaches_in.insert((a.teacher, a.cohort.class()));
                }
            }
        }
    }
}

fn ensure_map(doc: &mut AutoCommit, key: &str) -> Result<ObjId, DomainError> {
    match get_map(doc, &ROOT, key) {
        Some(o) => Ok(o),
        None => put_map(doc, &ROOT, key),
    }
}

pub(crate) fn parse_id<T: std::str::FromStr>(s: &str) -> Result<T, DomainError> {
    s.parse()
        .map_err(|_| DomainError::Malformed(format!("неверный идентификатор «{s}»")))
}

/// Calls `f(key, object)` for each map entry of the root map `section`.
pub(crate) fn for_each(
    doc: &AutoCommit,
    section: &str,
    mut f: impl FnMut(&str, &ObjId) -> Result<(), DomainError>,
) -> Result<(), DomainError> {
    let Some(sec) = get_map(doc, &ROOT, section) else {
        return Ok(());
    };
    for key in keys(doc, &sec) {
        let o = get_map(doc, &sec, &key)
            .ok_or_else(|| DomainError::Malformed(format!("{section}/{key} не объект")))?;
        f(&key, &o)?;
    }
    Ok(())
}
