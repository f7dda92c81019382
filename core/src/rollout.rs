//! «Ход внедрения»: the rollout's five stages of the seed (section 2.1), measured from the data,
//! for the coordinator's report at the administration meeting (section 3.1). Pure: the server
//! gathers the numbers ([`RolloutInputs`]), [`stages`] applies the rules.
//!
//! - I «Ввод основных данных о школе»: the setup wizard's steps done ([`crate::setup::progress`]).
//! - II «Итоговые отметки, отчёты, книга движения, расписание»: the share of students × subjects
//!   of the last ended study period with a final mark, the reports produced since that period
//!   began, the movement orders of the year, the timetable (slots exist, no problems).
//! - III «Электронные журналы, календарно-тематические планы»: the share of the running
//!   period's lessons (dated up to today) with attendance, a topic and homework
//!   ([`crate::completeness`]); lesson plans are not kept in Zvonok yet: said so, counted as
//!   zero, and they do not hold the stage back (nobody can keep them).
//! - IV «Дистанционный доступ родителей»: the share of parents' accounts that signed in during
//!   the last [`PARENTS_WINDOW_DAYS`] days.
//! - V «Учебные материалы и тестирование»: neither exists in Zvonok yet: zero, said so.
//!
//! A stage is [`StageStatus::Done`] when every measure it can take holds, [`StageStatus::NotStarted`]
//! when every measure is zero, else [`StageStatus::InProgress`]. Measures of what Zvonok cannot
//! keep yet are [`MeasureState::NotKept`]: listed, never counted as held.

use serde::{Deserialize, Serialize};

use crate::completeness::{Enrolled, JournalRef};
use crate::setup::{StepProgress, StepState};

/// Stage II holds once at least this share (percent) of the students × subjects of the last
/// ended period have a final mark: a few students may be certified later (illness, «н/а»).
pub const FINALS_DONE_PERCENT: u32 = 95;
/// Stage II holds once at least this many reports were produced since the last ended period
/// began: the period's results must have been taken out of the system at least once.
pub const REPORTS_DONE_MIN: u32 = 1;
/// Stage III holds once at least this share (percent) of the running period's lessons each have
/// attendance, a topic and homework: the bar the school's regulation sets for a kept journal.
pub const JOURNALS_DONE_PERCENT: u32 = 90;
/// Stage IV holds once at least this share (percent) of the parents' accounts signed in within
/// [`PARENTS_WINDOW_DAYS`]: half of the families use the remote access regularly.
pub const PARENTS_DONE_PERCENT: u32 = 50;
/// The window of stage IV's sign-ins, days.
pub const PARENTS_WINDOW_DAYS: i64 = 30;

/// Final marks of one study period: how many students × subjects are asked for one and how many
/// have it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalsCount {
    /// «1 четверть»
    pub period: String,
    pub due: u32,
    pub given: u32,
}

/// The running period's lessons (dated up to today) and how many have each record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonsCount {
    pub period: String,
    pub lessons: u32,
    pub with_attendance: u32,
    pub with_topic: u32,
    pub with_homework: u32,
}

/// Everything the stages are measured from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RolloutInputs {
    pub setup: Vec<StepProgress>,
    /// The last ended period of the year, if one has ended.
    pub finals: Option<FinalsCount>,
    /// Reports the server produced since the last ended period began (any format).
    pub reports: u32,
    /// Movement orders dated in the current academic year.
    pub orders: u32,
    /// Timetable slots of the current year and their problems (`timetable_rules`).
    pub slots: u32,
    pub timetable_problems: u32,
    /// The running period (or the last begun), if the year has one.
    pub lessons: Option<LessonsCount>,
    /// Accounts with the parent role, and how many of them signed in within the window.
    pub parent_accounts: u32,
    pub parents_signed_in: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageId {
    I,
    II,
    III,
    IV,
    V,
}

impl StageId {
    pub const ALL: [StageId; 5] = [
        StageId::I,
        StageId::II,
        StageId::III,
        StageId::IV,
        StageId::V,
    ];

    pub fn numeral(self) -> &'static str {
        match self {
            StageId::I => "I",
            StageId::II => "II",
            StageId::III => "III",
            StageId::IV => "IV",
            StageId::V => "V",
        }
    }

    /// The stage's name, shortened from the seed.
    pub fn title_ru(self) -> &'static str {
        match self {
            StageId::I => "Ввод основных данных о школе",
            StageId::II => {
                "Итоговые отметки и отчёты за учебный период, книга движения, расписание уроков"
            }
            StageId::III => "Электронные классные журналы и календарно-тематические планы",
            StageId::IV => "Дистанционный доступ родителей",
            StageId::V => "Учебные материалы и электронное тестирование",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Done,
    InProgress,
    NotStarted,
}

impl StageStatus {
    pub fn title_ru(self) -> &'static str {
        match self {
            StageStatus::Done => "пройден",
            StageStatus::InProgress => "идёт",
            StageStatus::NotStarted => "не начат",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureState {
    /// Reaches its threshold.
    Holds,
    /// Below its threshold (perhaps zero).
    Short,
    /// Zvonok does not keep this yet: «не ведётся».
    NotKept,
}

/// One number of a stage: `done` of `total` (no total: a count), and what it means in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// «Итоговые отметки за 1 четверть»
    pub title: String,
    pub done: u32,
    pub total: Option<u32>,
    /// `done` of `total` in whole percent, rounded down (none without a total or with total 0).
    pub percent: Option<u32>,
    pub state: MeasureState,
    /// The sentence for «что выполнено» or «чего не хватает».
    pub text: String,
}

/// One stage, measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    pub title: String,
    pub status: StageStatus,
    pub measures: Vec<Measure>,
}

impl Stage {
    /// What holds, in words.
    pub fn holds(&self) -> Vec<&str> {
        self.texts(|s| s == MeasureState::Holds)
    }

    /// What is missing (and what is not kept), in words.
    pub fn missing(&self) -> Vec<&str> {
        self.texts(|s| s != MeasureState::Holds)
    }

    fn texts(&self, keep: impl Fn(MeasureState) -> bool) -> Vec<&str> {
        self.measures
            .iter()
            .filter(|m| keep(m.state))
            .map(|m| m.text.as_str())
            .collect()
    }
}

/// `done` of `total` in whole percent, rounded down; `None` when `total` is 0.
pub fn percent(done: u32, total: u32) -> Option<u32> {
    (total > 0).then(|| (u64::from(done) * 100 / u64::from(total)) as u32)
}

fn share(title: &str, done: u32, total: u32, bar: u32, what: &str) -> Measure {
    let p = percent(done, total);
    let holds = p.is_some_and(|p| p >= bar);
    let text = match p {
        None => format!("{title}: {what} пока нет"),
        Some(p) if holds => format!("{title}: {p} % ({done} из {total})"),
        Some(p) => format!("{title}: {p} % ({done} из {total}), нужно не меньше {bar} %"),
    };
    Measure {
        title: title.to_string(),
        done,
        total: Some(total),
        percent: p,
        state: if holds {
            MeasureState::Holds
        } else {
            MeasureState::Short
        },
        text,
    }
}

fn count(title: &str, done: u32, min: u32, holds: String, short: String) -> Measure {
    let ok = done >= min;
    Measure {
        title: title.to_string(),
        done,
        total: None,
        percent: None,
        state: if ok {
            MeasureState::Holds
        } else {
            MeasureState::Short
        },
        text: if ok { holds } else { short },
    }
}

fn not_kept(title: &str, why: &str) -> Measure {
    Measure {
        title: title.to_string(),
        done: 0,
        total: None,
        percent: None,
        state: MeasureState::NotKept,
        text: format!("{title}: не ведётся — {why}"),
    }
}

fn stage(id: StageId, measures: Vec<Measure>) -> Stage {
    let kept: Vec<&Measure> = measures
        .iter()
        .filter(|m| m.state != MeasureState::NotKept)
        .collect();
    let status = if !kept.is_empty() && kept.iter().all(|m| m.state == MeasureState::Holds) {
        StageStatus::Done
    } else if kept.iter().any(|m| m.done > 0) {
        StageStatus::InProgress
    } else {
        StageStatus::NotStarted
    };
    Stage {
        id,
        title: id.title_ru().to_string(),
        status,
        measures,
    }
}

fn stage_one(setup: &[StepProgress]) -> Stage {
    let mut measures = Vec::new();
    for step in setup {
        let (state, text) = match &step.state {
            StepState::Done => (MeasureState::Holds, format!("{}: готово", step.title)),
            StepState::ToDo { hint } => (MeasureState::Short, format!("{}: {hint}", step.title)),
            StepState::Problems { problems } => (
                MeasureState::Short,
                format!("{}: {}", step.title, problems.join("; ")),
            ),
        };
        measures.push(Measure {
            title: step.title.clone(),
            done: u32::from(state == MeasureState::Holds),
            total: Some(1),
            percent: None,
            state,
            text,
        });
    }
    stage(StageId::I, measures)
}

fn stage_two(i: &RolloutInputs) -> Stage {
    let finals = match &i.finals {
        Some(f) => share(
            &format!("Итоговые отметки за «{}»", f.period),
            f.given,
            f.due,
            FINALS_DONE_PERCENT,
            "учеников в журналах",
        ),
        None => Measure {
            title: "Итоговые отметки".into(),
            done: 0,
            total: None,
            percent: None,
            state: MeasureState::Short,
            text: "Итоговые отметки: ни один учебный период этого года ещё не закончился".into(),
        },
    };
    let since = i
        .finals
        .as_ref()
        .map_or(String::new(), |f| format!(" с начала «{}»", f.period));
    let reports = count(
        "Отчёты за учебный период",
        i.reports,
        REPORTS_DONE_MIN,
        format!("Отчётов получено{since}: {}", i.reports),
        format!(
            "Отчёты за учебный период{since} не получены: откройте «Отчёты» и выгрузите итоги \
             успеваемости"
        ),
    );
    let orders = count(
        "Приказы о движении учащихся",
        i.orders,
        1,
        format!("Книга движения ведётся: приказов в этом году {}", i.orders),
        "В книге движения нет приказов этого года: введите приказы о зачислении".into(),
    );
    let timetable = Measure {
        title: "Расписание уроков".into(),
        done: i.slots,
        total: None,
        percent: None,
        state: if i.slots > 0 && i.timetable_problems == 0 {
            MeasureState::Holds
        } else {
            MeasureState::Short
        },
        text: if i.slots == 0 {
            "Расписание не составлено: в нём нет ни одного урока".into()
        } else if i.timetable_problems > 0 {
            format!(
                "В расписании {} урок(ов) и проблем {}: исправьте их на странице «Расписание»",
                i.slots, i.timetable_problems
            )
        } else {
            format!(
                "Расписание ведётся: уроков в неделе {}, проблем нет",
                i.slots
            )
        },
    };
    stage(StageId::II, vec![finals, reports, orders, timetable])
}

fn stage_three(i: &RolloutInputs) -> Stage {
    let mut measures = match &i.lessons {
        Some(l) => {
            let of = |what: &str| format!("Уроки «{}» {what}", l.period);
            vec![
                share(
                    &of("с отмеченной посещаемостью"),
                    l.with_attendance,
                    l.lessons,
                    JOURNALS_DONE_PERCENT,
                    "проведённых уроков",
                ),
                share(
                    &of("с темой"),
                    l.with_topic,
                    l.lessons,
                    JOURNALS_DONE_PERCENT,
                    "проведённых уроков",
                ),
                share(
                    &of("с домашним заданием"),
                    l.with_homework,
                    l.lessons,
                    JOURNALS_DONE_PERCENT,
                    "проведённых уроков",
                ),
            ]
        }
        None => vec![Measure {
            title: "Электронные журналы".into(),
            done: 0,
            total: None,
            percent: None,
            state: MeasureState::Short,
            text: "Электронные журналы: в учебном году нет начавшегося учебного периода".into(),
        }],
    };
    measures.push(not_kept(
        "Календарно-тематические планы",
        "в Звонке их пока нет, этап оценивается по журналам",
    ));
    stage(StageId::III, measures)
}

fn stage_four(i: &RolloutInputs) -> Stage {
    let m = share(
        &format!("Родители, входившие за {PARENTS_WINDOW_DAYS} дней"),
        i.parents_signed_in,
        i.parent_accounts,
        PARENTS_DONE_PERCENT,
        "учётных записей родителей",
    );
    stage(StageId::IV, vec![m])
}

fn stage_five() -> Stage {
    stage(
        StageId::V,
        vec![
            not_kept("Учебные материалы", "в Звонке их пока нет"),
            not_kept("Электронное тестирование", "в Звонке его пока нет"),
        ],
    )
}

/// The five stages, measured.
pub fn stages(i: &RolloutInputs) -> Vec<Stage> {
    vec![
        stage_one(&i.setup),
        stage_two(i),
        stage_three(i),
        stage_four(i),
        stage_five(),
    ]
}

/// Final marks of one period's journals: students × subjects asked for one (students active on
/// their class's list, as [`crate::completeness`] asks them) and how many have it.
pub fn finals_count(period: &str, journals: &[JournalRef<'_>], enrolled: &Enrolled) -> FinalsCount {
    let mut c = FinalsCount {
        period: period.to_string(),
        ..FinalsCount::default()
    };
    for j in journals {
        let class = j.data.meta.cohort.class();
        for student in j.data.students.keys() {
            if enrolled
                .get(&class)
                .is_some_and(|on_list| !on_list.contains(student))
            {
                continue;
            }
            c.due += 1;
            if j.data.finals.contains_key(student) {
                c.given += 1;
            }
        }
    }
    c
}

/// The running period's lessons from its completeness report: lessons dated up to its date and
/// how many lack nothing of each kind.
pub fn lessons_count(c: &crate::completeness::Completeness) -> LessonsCount {
    let mut lessons = 0;
    let (mut no_attendance, mut no_topic, mut no_homework) = (0, 0, 0);
    for row in &c.by_class {
        lessons += row.counts.lessons;
        no_attendance += row.counts.no_attendance;
        no_topic += row.counts.no_topic;
        no_homework += row.counts.no_homework;
    }
    LessonsCount {
        period: c.period_title.clone(),
        lessons,
        with_attendance: lessons.saturating_sub(no_attendance),
        with_topic: lessons.saturating_sub(no_topic),
        with_homework: lessons.saturating_sub(no_homework),
    }
}

#[cfg(test)]
mod tests;
