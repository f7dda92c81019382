//! The demo school's structure: card, year and quarters, bells, subjects, staff, classes,
//! teaching assignments, and class lists with families (some with children in two classes).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use zvonok_core::curriculum::{CurriculumProfile, WeeklyHours};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::Cohort;

use super::curriculum::{Job, BUNDLES, PRIMARY_OWN, SENIOR_CLASS_TEACHERS, STAFF, SUBJECTS};
use super::names::{female_surname, FEMALE, MALE, SURNAMES};
use super::rng::Rng;
use super::{DemoError, DemoOptions};

pub const SCHOOL_NAME: &str = "МБОУ «Основная школа № 32»";
const LETTERS: [&str; 2] = ["А", "Б"];

/// A family: guardians and their children (possibly in different classes).
pub struct Family {
    pub guardians: Vec<Guardian>,
    pub children: Vec<(StudentId, ClassId)>,
}

pub struct Plan {
    pub school: SchoolData,
    pub year: YearId,
    /// Staff in `STAFF` order with their key and job.
    pub staff: Vec<(&'static str, StaffId, Job)>,
    pub classes: Vec<ClassId>,
    pub rosters: BTreeMap<ClassId, RosterData>,
    pub families: Vec<Family>,
    /// Index into `families` of the demo `parent`.
    pub special_family: usize,
    /// (class, subject, teacher, weekly hours)
    pub load: Vec<(ClassId, SubjectId, StaffId, u8)>,
}

impl Plan {
    pub fn staff_id(&self, key: &str) -> Option<StaffId> {
        self.staff
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, id, _)| *id)
    }
    pub fn class_named(&self, name: &str) -> Option<ClassId> {
        self.school.class_by_name(name).map(|c| c.id)
    }
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, DemoError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DemoError::Calendar)
}

fn person(
    rng: &mut Rng,
    female: bool,
    surname: &str,
    father: (&str, &str, &str),
) -> (String, String, String) {
    if female {
        (
            female_surname(surname),
            rng.pick(FEMALE).to_string(),
            father.2.to_string(),
        )
    } else {
        (
            surname.to_string(),
            rng.pick(MALE).0.to_string(),
            father.1.to_string(),
        )
    }
}

pub fn build(rng: &mut Rng, opt: &DemoOptions) -> Result<Plan, DemoError> {
    if !(opt.first_grade..=opt.last_grade).contains(&5) || opt.first_grade < 1 || opt.last_grade > 9
    {
        return Err(DemoError::BadSize(
            "классы должны быть из 1–9 и включать 5-й".into(),
        ));
    }
    let mut s = SchoolData {
        card: SchoolCard {
            name: SCHOOL_NAME.into(),
            short_name: "Школа № 32".into(),
            address: "г. Звенигородск, ул. Школьная, д. 32".into(),
        },
        week_days: 5,
        ..SchoolData::default()
    };
    let y = if opt.today.month() >= 8 {
        opt.today.year()
    } else {
        opt.today.year() - 1
    };
    let year = YearId::from_uuid(rng.uuid());
    s.current_year = Some(year);
    s.years.insert(
        year,
        AcademicYear {
            id: year,
            title: format!("{}/{}", y, y + 1),
            start: date(y, 9, 1)?,
            end: date(y + 1, 5, 31)?,
        },
    );
    let quarters = [
        (date(y, 9, 1)?, date(y, 10, 24)?),
        (date(y, 11, 5)?, date(y, 12, 28)?),
        (date(y + 1, 1, 12)?, date(y + 1, 3, 20)?),
        (date(y + 1, 3, 30)?, date(y + 1, 5, 31)?),
    ];
    for (i, (start, end)) in quarters.into_iter().enumerate() {
        let id = PeriodId::from_uuid(rng.uuid());
        s.periods.insert(
            id,
            StudyPeriod {
                id,
                year,
                kind: PeriodKind::Quarter,
                number: i as u8 + 1,
                start,
                end,
            },
        );
    }
    let bells = [
        ("08:30", "09:15"),
        ("09:25", "10:10"),
        ("10:30", "11:15"),
        ("11:35", "12:20"),
        ("12:30", "13:15"),
        ("13:25", "14:10"),
        ("14:20", "15:05"),
        ("15:15", "16:00"),
    ];
    s.bells = bells
        .iter()
        .enumerate()
        .map(|(i, (a, b))| Bell {
            number: i as u8 + 1,
            start: a.to_string(),
            end: b.to_string(),
        })
        .collect();

    let mut subject_ids: HashMap<&'static str, SubjectId> = HashMap::new();
    for (name, hours) in SUBJECTS {
        let id = SubjectId::from_uuid(rng.uuid());
        let grades = (1..=9u8).filter(|g| hours[*g as usize - 1] > 0).collect();
        s.subjects.insert(
            id,
            Subject {
                id,
                name: name.to_string(),
                grades,
            },
        );
        subject_ids.insert(name, id);
    }

    let mut staff = Vec::new();
    for (key, position, female, job) in STAFF {
        let id = StaffId::from_uuid(rng.uuid());
        let surname = *rng.pick(SURNAMES);
        let father = *rng.pick(MALE);
        let (last, first, middle) = person(rng, *female, surname, father);
        s.staff.insert(
            id,
            StaffMember {
                id,
                last_name: last,
                first_name: first,
                middle_name: middle,
                position: position.to_string(),
            },
        );
        staff.push((*key, id, *job));
    }
    let key_id = |k: &str| {
        staff
            .iter()
            .find(|(kk, _, _)| *kk == k)
            .map(|(_, id, _)| *id)
            .ok_or(DemoError::Calendar)
    };

    // Classes and their class teachers.
    let mut classes = Vec::new();
    let (mut primary_i, mut senior_i) = (0usize, 0usize);
    let primaries: Vec<StaffId> = staff
        .iter()
        .filter(|(_, _, j)| *j == Job::Primary)
        .map(|(_, id, _)| *id)
        .collect();
    for grade in opt.first_grade..=opt.last_grade {
        for letter in LETTERS {
            let id = ClassId::from_uuid(rng.uuid());
            let teacher = if grade <= 4 {
                primary_i += 1;
                primaries[(primary_i - 1) % primaries.len()]
            } else {
                senior_i += 1;
                key_id(SENIOR_CLASS_TEACHERS[(senior_i - 1) % SENIOR_CLASS_TEACHERS.len()])?
            };
            s.classes.insert(
                id,
                Class {
                    id,
                    year,
                    grade,
                    letter: letter.to_string(),
                    class_teacher: Some(teacher),
                },
            );
            classes.push(id);
        }
    }

    // Teaching assignments, balancing hours within each subject's pool of teachers.
    let mut hours_of: HashMap<StaffId, u32> = HashMap::new();
    let mut load = Vec::new();
    for &class in &classes {
        let c = s.classes[&class].clone();
        let mut chosen: HashMap<&str, StaffId> = HashMap::new();
        for (name, hours) in SUBJECTS {
            let h = hours[c.grade as usize - 1];
            if h == 0 {
                continue;
            }
            let preset = match (c.name().as_str(), *name) {
                ("5А", "Математика") => Some(key_id("math1")?),
                ("5А", "Русский язык") => Some(key_id("russian1")?),
                ("5А", "История") => Some(key_id("hist1")?),
                _ => None,
            };
            let bundled = BUNDLES
                .iter()
                .find(|b| b.contains(name))
                .and_then(|b| b.iter().find_map(|o| chosen.get(o).copied()));
            let teacher = match (preset, bundled) {
                (Some(t), _) | (None, Some(t)) => t,
                _ if c.grade <= 4 && PRIMARY_OWN.contains(name) => {
                    c.class_teacher.ok_or(DemoError::Calendar)?
                }
                _ => *staff
                    .iter()
                    .filter(|(_, _, j)| matches!(j, Job::Subject(subs) if subs.contains(name)))
                    .map(|(_, id, _)| id)
                    .min_by_key(|id| hours_of.get(id).copied().unwrap_or(0))
                    .ok_or(DemoError::Calendar)?,
            };
            chosen.insert(name, teacher);
            *hours_of.entry(teacher).or_default() += u32::from(h);
            let subject = subject_ids[name];
            let aid = AssignmentId::from_uuid(rng.uuid());
            s.assignments.insert(
                aid,
                TeachingAssignment {
                    id: aid,
                    teacher,
                    cohort: Cohort::Class(class),
                    subject,
                    year,
                },
            );
            load.push((class, subject, teacher, h));
        }
    }

    let mut plan = Plan {
        school: s,
        year,
        staff,
        classes,
        rosters: BTreeMap::new(),
        families: Vec::new(),
        special_family: 0,
        load,
    };
    people(rng, opt, &mut plan)?;
    // Added with the setup wizard; drawn from their own generator so that every id and name
    // above stays what it was.
    let mut extra = Rng::new(opt.seed ^ 0x5E7C_0DE5);
    wizard_data(&mut extra, &mut plan.school, year, y)?;
    Ok(plan)
}

/// The holidays between the quarters and one curriculum profile per grade level (the hours of
/// `SUBJECTS`), so every step of the setup wizard is done for the demo school.
fn wizard_data(rng: &mut Rng, s: &mut SchoolData, year: YearId, y: i32) -> Result<(), DemoError> {
    let holidays = [
        ("Осенние каникулы", date(y, 10, 25)?, date(y, 11, 4)?),
        ("Зимние каникулы", date(y, 12, 29)?, date(y + 1, 1, 11)?),
        (
            "Весенние каникулы",
            date(y + 1, 3, 21)?,
            date(y + 1, 3, 29)?,
        ),
    ];
    for (title, start, end) in holidays {
        let id = HolidayId::from_uuid(rng.uuid());
        s.holidays.insert(
            id,
            Holiday {
                id,
                year,
                title: title.into(),
                start,
                end,
            },
        );
    }
    let grades: std::collections::BTreeSet<u8> = s.classes.values().map(|c| c.grade).collect();
    for grade in grades {
        let id = ProfileId::from_uuid(rng.uuid());
        let mut hours = BTreeMap::new();
        for (name, h) in SUBJECTS {
            let h = h[grade as usize - 1];
            if h == 0 {
                continue;
            }
            if let Some(sub) = s.subject_by_name(name) {
                hours.insert(sub.id, WeeklyHours::hours(u16::from(h)));
            }
        }
        s.profiles.insert(
            id,
            CurriculumProfile {
                id,
                name: "Базовый".into(),
                grade,
                hours,
            },
        );
        let classes: Vec<ClassId> = s
            .classes
            .values()
            .filter(|c| c.grade == grade)
            .map(|c| c.id)
            .collect();
        for c in classes {
            s.class_profiles.insert(c, id);
        }
    }
    Ok(())
}

fn new_family(
    rng: &mut Rng,
) -> (
    Family,
    &'static str,
    (&'static str, &'static str, &'static str),
) {
    let surname = *rng.pick(SURNAMES);
    let father = *rng.pick(MALE);
    let mother_father = *rng.pick(MALE);
    let mut guardians = vec![Guardian {
        id: GuardianId::from_uuid(rng.uuid()),
        last_name: female_surname(surname),
        first_name: rng.pick(FEMALE).to_string(),
        middle_name: mother_father.2.to_string(),
        relation: "мать".into(),
    }];
    if rng.chance(50) {
        let grandfather = *rng.pick(MALE);
        guardians.push(Guardian {
            id: GuardianId::from_uuid(rng.uuid()),
            last_name: surname.to_string(),
            first_name: father.0.to_string(),
            middle_name: grandfather.1.to_string(),
            relation: "отец".into(),
        });
    }
    (
        Family {
            guardians,
            children: Vec::new(),
        },
        surname,
        father,
    )
}

/// Students and guardians of every class. The demo `parent` has a child in 5А and one in 2Б
/// (or, in a small school, in the last class); about one family in fifteen has two children.
fn people(rng: &mut Rng, opt: &DemoOptions, plan: &mut Plan) -> Result<(), DemoError> {
    let five_a = plan.class_named("5А").ok_or(DemoError::Calendar)?;
    let other = plan
        .class_named("2Б")
        .or_else(|| plan.classes.iter().rev().copied().find(|c| *c != five_a))
        .ok_or_else(|| DemoError::BadSize("нужно хотя бы два класса".into()))?;
    let mut families: Vec<(Family, &'static str, (&str, &str, &str))> = Vec::new();
    let (fam, surname, father) = new_family(rng);
    families.push((fam, surname, father));
    let special = 0usize;

    let mut rosters: BTreeMap<ClassId, RosterData> = BTreeMap::new();
    for &class in &plan.classes.clone() {
        let mut roster = RosterData::new(class);
        for slot in 0..opt.students_per_class {
            let fi = if slot == 0 && (class == five_a || class == other) {
                special
            } else if rng.chance(7) && families.len() > 1 {
                // A sibling of a child in another class.
                let cand = 1 + rng.below(families.len() - 1);
                if families[cand].0.children.iter().all(|(_, c)| *c != class)
                    && families[cand].0.children.len() < 2
                {
                    cand
                } else {
                    families.push(new_family(rng));
                    families.len() - 1
                }
            } else {
                families.push(new_family(rng));
                families.len() - 1
            };
            let (fam, surname, father) = &mut families[fi];
            let female = rng.chance(50);
            let (last, first, middle) = person(rng, female, surname, *father);
            let id = StudentId::from_uuid(rng.uuid());
            roster.students.insert(
                id,
                Student {
                    id,
                    last_name: last,
                    first_name: first,
                    middle_name: middle,
                    active: true,
                },
            );
            fam.children.push((id, class));
        }
        rosters.insert(class, roster);
    }
    for (fam, _, _) in &families {
        for (student, class) in &fam.children {
            let Some(roster) = rosters.get_mut(class) else {
                continue;
            };
            for g in &fam.guardians {
                roster.guardians.insert(g.id, g.clone());
                roster.links.push((g.id, *student));
            }
        }
    }
    plan.rosters = rosters;
    plan.families = families
        .into_iter()
        .map(|(f, _, _)| f)
        .filter(|f| !f.children.is_empty())
        .collect();
    plan.special_family = special;
    Ok(())
}
