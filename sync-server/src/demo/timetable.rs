//! The demo timetable: a five-day week where every class gets its subjects' weekly hours,
//! every lesson has exactly one teacher and no teacher is in two places at once. A greedy
//! placement that prefers early, gap-free days and spreads a subject over the week.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Weekday;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::ids::{ClassId, SlotId, StaffId, SubjectId};
use zvonok_core::model::Slot;
use zvonok_core::rights::Cohort;

use super::rng::Rng;
use super::school::Plan;
use super::DemoError;

const DAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];
const MAX_LESSONS: u8 = 8;

fn room_of(plan: &Plan, teacher: StaffId) -> String {
    let pos = plan
        .school
        .staff
        .get(&teacher)
        .map(|s| s.position.as_str())
        .unwrap_or("");
    if pos.contains("физической") {
        // One gym per physical-education teacher: two classes never share one at a time.
        let nth = plan
            .staff
            .iter()
            .filter(|(_, id, _)| {
                plan.school
                    .staff
                    .get(id)
                    .is_some_and(|s| s.position.contains("физической"))
            })
            .position(|(_, id, _)| *id == teacher)
            .unwrap_or(0);
        return match nth {
            0 => "Спортзал".into(),
            n => format!("Спортзал № {}", n + 1),
        };
    }
    let n = plan
        .staff
        .iter()
        .position(|(_, id, _)| *id == teacher)
        .unwrap_or(0);
    format!("каб. {}", 101 + n)
}

pub fn build(rng: &mut Rng, plan: &Plan) -> Result<TimetableData, DemoError> {
    let mut teacher_busy: HashSet<(StaffId, usize, u8)> = HashSet::new();
    let mut teacher_total: HashMap<StaffId, u32> = HashMap::new();
    for (_, _, t, h) in &plan.load {
        *teacher_total.entry(*t).or_default() += u32::from(*h);
    }
    let mut slots = BTreeMap::new();
    let mut classes = plan.classes.clone();
    classes.sort_by_key(|c| {
        std::cmp::Reverse(plan.school.classes.get(c).map(|c| c.grade).unwrap_or(0))
    });
    for class in classes {
        let mut lessons: Vec<(SubjectId, StaffId)> = Vec::new();
        for (c, subject, teacher, hours) in &plan.load {
            if *c == class {
                lessons.extend(std::iter::repeat_n(
                    (*subject, *teacher),
                    usize::from(*hours),
                ));
            }
        }
        lessons.sort_by_key(|(s, t)| {
            (
                std::cmp::Reverse(teacher_total.get(t).copied().unwrap_or(0)),
                *s,
            )
        });
        let total = lessons.len();
        let target: Vec<usize> = (0..5)
            .map(|d| total / 5 + usize::from(d < total % 5))
            .collect();
        let mut busy: HashSet<(usize, u8)> = HashSet::new();
        let mut per_day = [0usize; 5];
        let mut subject_day: HashMap<(SubjectId, usize), u32> = HashMap::new();
        for (subject, teacher) in lessons {
            let mut best: Option<(u32, usize, u8)> = None;
            for (day, day_target) in target.iter().enumerate() {
                for n in 1..=MAX_LESSONS {
                    if busy.contains(&(day, n)) || teacher_busy.contains(&(teacher, day, n)) {
                        continue;
                    }
                    let count = per_day[day] as u32;
                    let gap = u32::from(n).saturating_sub(count + 1);
                    let score = subject_day.get(&(subject, day)).copied().unwrap_or(0) * 100
                        + if per_day[day] >= *day_target { 60 } else { 0 }
                        + gap * 15
                        + u32::from(n) * 2
                        + rng.below(2) as u32;
                    if best.is_none_or(|(b, _, _)| score < b) {
                        best = Some((score, day, n));
                    }
                }
            }
            let (_, day, n) = best.ok_or(DemoError::Timetable)?;
            busy.insert((day, n));
            teacher_busy.insert((teacher, day, n));
            per_day[day] += 1;
            *subject_day.entry((subject, day)).or_default() += 1;
            let id = SlotId::from_uuid(rng.uuid());
            slots.insert(
                id,
                Slot {
                    id,
                    weekday: DAYS[day],
                    number: n,
                    cohort: Cohort::Class(class),
                    subject,
                    teacher,
                    co_teachers: Vec::new(),
                    room: room_of(plan, teacher),
                    week: Default::default(),
                    version: None,
                },
            );
        }
    }
    Ok(TimetableData {
        year: plan.year,
        slots,
        versions: Default::default(),
        cycle_start: None,
    })
}

/// Slots of a class in a subject.
pub fn slots_of(t: &TimetableData, class: ClassId, subject: SubjectId) -> Vec<&Slot> {
    t.slots
        .values()
        .filter(|s| s.cohort == Cohort::Class(class) && s.subject == subject)
        .collect()
}
