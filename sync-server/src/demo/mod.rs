//! The demo school «МБОУ «Основная школа № 32»»: grades 1–9 with two classes each, staff,
//! families, a timetable, journals for every started quarter and weeks of history. Fully
//! determined by the seed and the date; the academic year follows `today`, so the demo keeps
//! working in later years.

mod accounts;
pub mod curriculum;
mod journals;
mod names;
mod personal;
mod rng;
pub mod school;
mod timetable;

use chrono::{NaiveDate, Utc};
use thiserror::Error;
use zvonok_core::doc::movement::MovementData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;
use zvonok_core::DomainError;

use crate::storage::{DocMeta, DocRecord, NewDoc, Storage, StorageError};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "zvonok-demo";

#[derive(Debug, Error)]
pub enum DemoError {
    #[error("неверный размер демонстрационной школы: {0}")]
    BadSize(String),
    #[error("не удалось построить учебный календарь")]
    Calendar,
    #[error("не удалось составить расписание без накладок")]
    Timetable,
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("не удалось вычислить хеш пароля: {0}")]
    Hash(String),
}

/// How big a demo school to make, for which date.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub seed: u64,
    pub today: NaiveDate,
    pub first_grade: u8,
    pub last_grade: u8,
    pub students_per_class: usize,
    /// Days of journal history before `today`.
    pub history_days: i64,
}

impl DemoOptions {
    /// The full school (grades 1–9, 25 students a class, four weeks of history).
    pub fn full(today: NaiveDate) -> Self {
        DemoOptions {
            seed: 32,
            today,
            first_grade: 1,
            last_grade: 9,
            students_per_class: 25,
            history_days: 28,
        }
    }

    pub fn full_today() -> Self {
        // The demo school keeps the default zone: its "today" is the date in Moscow.
        Self::full(zvonok_core::time_zone::date_in("", Utc::now()))
    }

    /// A small school for fast tests: grades 5–6, six students a class, one week of history.
    pub fn small(today: NaiveDate) -> Self {
        DemoOptions {
            seed: 32,
            today,
            first_grade: 5,
            last_grade: 6,
            students_per_class: 6,
            history_days: 7,
        }
    }
}

/// A fixed demo login and who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    pub login: String,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct DemoReport {
    pub school_name: String,
    pub password: String,
    pub logins: Vec<DemoLogin>,
    pub users: usize,
    pub docs: usize,
}

/// Writes the demo school into an empty storage.
pub fn generate(storage: &dyn Storage, opt: &DemoOptions) -> Result<DemoReport, DemoError> {
    let mut rng = rng::Rng::new(opt.seed);
    let plan = school::build(&mut rng, opt)?;
    let tt = timetable::build(&mut rng, &plan)?;
    let journals = journals::build(&mut rng, opt, &plan, &tt)?;

    let mut docs = Vec::new();
    let mut add = |rng: &mut rng::Rng,
                   kind: DocKind,
                   title: String,
                   meta: DocMeta,
                   mut doc: automerge::AutoCommit| {
        docs.push(NewDoc {
            record: DocRecord {
                id: DocId::from_uuid(rng.uuid()),
                kind,
                title,
                meta,
                heads: doc.get_heads(),
            },
            snapshot: doc.save(),
        });
    };
    add(
        &mut rng,
        DocKind::School,
        plan.school.card.name.clone(),
        DocMeta::default(),
        plan.school.to_doc()?,
    );
    let year_title = plan
        .school
        .years
        .get(&plan.year)
        .map(|y| y.title.clone())
        .unwrap_or_default();
    add(
        &mut rng,
        DocKind::Timetable,
        format!("Расписание {year_title}"),
        DocMeta {
            year: Some(plan.year),
            ..DocMeta::default()
        },
        tt.to_doc()?,
    );
    for (class, roster) in &plan.rosters {
        let name = plan
            .school
            .classes
            .get(class)
            .map(|c| c.name())
            .unwrap_or_default();
        add(
            &mut rng,
            DocKind::Roster,
            crate::provision::roster_title(&name),
            DocMeta {
                class: Some(*class),
                ..DocMeta::default()
            },
            roster.to_doc()?,
        );
    }
    for j in journals {
        let meta = DocMeta {
            class: Some(j.meta.cohort.class()),
            cohort: Some(j.meta.cohort),
            subject: Some(j.meta.subject),
            period: Some(j.meta.period),
            year: Some(plan.year),
        };
        add(
            &mut rng,
            DocKind::Journal,
            j.meta.title.clone(),
            meta,
            j.doc,
        );
    }

    // Documents that follow from the school (see `crate::provision`): personal files per
    // class and the movement book. Their ids come from their own generator, so the ids above
    // stay what they were.
    let mut extra = rng::Rng::new(opt.seed ^ 0x0D0C_5EED);
    for p in personal::build(opt, &plan) {
        let name = plan
            .school
            .classes
            .get(&p.class)
            .map(|c| c.name())
            .unwrap_or_default();
        add(
            &mut extra,
            DocKind::Personal,
            crate::provision::personal_title(&name),
            DocMeta {
                class: Some(p.class),
                ..DocMeta::default()
            },
            p.to_doc()?,
        );
    }
    add(
        &mut extra,
        DocKind::Movement,
        crate::provision::MOVEMENT_TITLE.into(),
        DocMeta::default(),
        MovementData::default().to_doc()?,
    );

    // Demo only: every demo account shares one password, so it is hashed once and the hash
    // reused (each hash takes tens of milliseconds; real accounts get their own salt).
    let hash =
        crate::auth::hash_password(DEMO_PASSWORD).map_err(|e| DemoError::Hash(e.to_string()))?;
    let (users, logins) = accounts::build(&mut rng, &plan, &hash);
    storage.create_docs(&docs)?;
    storage.create_users(&users)?;
    Ok(DemoReport {
        school_name: plan.school.card.name.clone(),
        password: DEMO_PASSWORD.to_string(),
        logins,
        users: users.len(),
        docs: docs.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step of the setup wizard is done for the demo school, in any year (the holidays
    /// close every gap between the quarters, the plans are within the load limits).
    #[test]
    fn the_demo_school_has_no_setup_problems() {
        for year in 2025..=2031 {
            let today = NaiveDate::from_ymd_opt(year, 11, 25).expect("date");
            for opt in [DemoOptions::full(today), DemoOptions::small(today)] {
                let plan = school::build(&mut rng::Rng::new(opt.seed), &opt).expect("plan");
                let problems = zvonok_core::school_rules::problems(&plan.school);
                assert!(problems.is_empty(), "{year}: {problems:?}");
                let steps = zvonok_core::setup::progress(&plan.school);
                assert_eq!(
                    zvonok_core::setup::next_step(&steps),
                    None,
                    "{year}: {steps:?}"
                );
            }
        }
    }
}
