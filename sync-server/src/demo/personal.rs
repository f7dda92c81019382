//! The demo school's personal files: a date of birth for every student (matching the grade),
//! a mobile phone for most students from grade 5 on, and a phone for every guardian. Drawn
//! from their own generator, so the rest of the demo stays as it was.

use chrono::{Datelike, NaiveDate};
use zvonok_core::doc::personal::{GuardianFile, PersonalData, StudentFile};

use super::rng::Rng;
use super::school::Plan;
use super::DemoOptions;

fn phone(rng: &mut Rng) -> String {
    format!("+79{:09}", rng.next_u64() % 1_000_000_000)
}

/// One `PersonalData` per class of the plan, in the order of `plan.rosters`.
pub fn build(opt: &DemoOptions, plan: &Plan) -> Vec<PersonalData> {
    let mut rng = Rng::new(opt.seed ^ 0x9E25_0A11);
    // The calendar year of the academic year's 1 September.
    let y = if opt.today.month() >= 8 {
        opt.today.year()
    } else {
        opt.today.year() - 1
    };
    let mut out = Vec::new();
    for (class, roster) in &plan.rosters {
        let grade = plan.school.classes.get(class).map_or(5, |c| c.grade);
        let mut p = PersonalData::new(*class);
        for s in roster.students.values() {
            // Seven years old on 1 September of grade 1 (born Sept … Aug of the year after).
            let born = y - 7 - i32::from(grade) + 1;
            let day = 1 + rng.below(365) as i64;
            let birth = NaiveDate::from_ymd_opt(born - 1, 9, 1)
                .map(|d| d + chrono::Duration::days(day - 1));
            let mut f = StudentFile {
                birth_date: birth,
                ..StudentFile::default()
            };
            if grade >= 5 && rng.chance(80) {
                f.phone = phone(&mut rng);
            }
            p.students.insert(s.id, f);
        }
        for g in roster.guardians.values() {
            p.guardians.insert(
                g.id,
                GuardianFile {
                    phone: phone(&mut rng),
                    ..GuardianFile::default()
                },
            );
        }
        out.push(p);
    }
    out
}
