//! «Ход внедрения» (`#/rollout`) without the DOM: who may open it, each stage's status as a
//! catalogue id and a CSS class, and a card's summary line.

use zvonok_core::rights::{may, Action, Directory, Resource};
use zvonok_core::rollout::{MeasureState, Stage, StageId, StageStatus};
use zvonok_core::wire::UserInfo;

use crate::logic::admin::principal;

/// Does the navigation offer «Ход внедрения» to `user`? The server decides again.
pub fn may_open(user: &UserInfo) -> bool {
    may(
        &principal(user),
        Action::Read,
        Resource::Rollout,
        &Directory::default(),
    )
}

/// The catalogue id of a stage's status.
pub fn status_id(s: StageStatus) -> &'static str {
    match s {
        StageStatus::Done => "rollout-status-done",
        StageStatus::InProgress => "rollout-status-in-progress",
        StageStatus::NotStarted => "rollout-status-not-started",
    }
}

/// The card's CSS class for a status.
pub fn status_class(s: StageStatus) -> &'static str {
    match s {
        StageStatus::Done => "rollout-stage done",
        StageStatus::InProgress => "rollout-stage in-progress",
        StageStatus::NotStarted => "rollout-stage not-started",
    }
}

/// The catalogue id of a stage's title.
pub fn title_id(id: StageId) -> &'static str {
    match id {
        StageId::I => "rollout-stage-1",
        StageId::II => "rollout-stage-2",
        StageId::III => "rollout-stage-3",
        StageId::IV => "rollout-stage-4",
        StageId::V => "rollout-stage-5",
    }
}

/// How many of the stage's kept measures hold, of how many (measures Zvonok does not keep yet
/// are left out of both).
pub fn held(stage: &Stage) -> (usize, usize) {
    let kept = stage
        .measures
        .iter()
        .filter(|m| m.state != MeasureState::NotKept);
    let (mut holds, mut all) = (0, 0);
    for m in kept {
        all += 1;
        if m.state == MeasureState::Holds {
            holds += 1;
        }
    }
    (holds, all)
}

/// The stages in the order the page shows them, with how many are done.
pub fn done_count(stages: &[Stage]) -> usize {
    stages
        .iter()
        .filter(|s| s.status == StageStatus::Done)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::UserId;
    use zvonok_core::rights::{Grant, Right, Role, Scope};
    use zvonok_core::rollout::{stages, FinalsCount, RolloutInputs};

    fn user(roles: Vec<Role>, grants: Vec<Grant>) -> UserInfo {
        UserInfo {
            id: UserId::new(),
            login: "x".into(),
            display_name: "X".into(),
            roles,
            grants,
            staff: None,
            guardian: None,
            student: None,
            children: Vec::new(),
        }
    }

    #[test]
    fn who_opens_the_dashboard() {
        assert!(may_open(&user(vec![Role::Coordinator], vec![])));
        assert!(may_open(&user(vec![Role::Director], vec![])));
        assert!(may_open(&user(vec![Role::DeputyHead], vec![])));
        assert!(!may_open(&user(vec![Role::Teacher], vec![])));
        assert!(!may_open(&user(vec![Role::Parent], vec![])));
        let grant = Grant {
            right: Right::ManageSchool,
            scope: Scope::School,
        };
        assert!(may_open(&user(vec![Role::Secretary], vec![grant])));
        // A family never opens it, whatever it was granted.
        assert!(!may_open(&user(vec![Role::Parent], vec![grant])));
    }

    #[test]
    fn cards_count_what_holds_and_leave_out_what_is_not_kept() {
        let i = RolloutInputs {
            finals: Some(FinalsCount {
                period: "1 четверть".into(),
                due: 10,
                given: 10,
            }),
            reports: 0,
            orders: 2,
            ..RolloutInputs::default()
        };
        let s = stages(&i);
        // II: finals and orders hold, no report, no timetable.
        assert_eq!(held(&s[1]), (2, 4));
        assert_eq!(status_id(s[1].status), "rollout-status-in-progress");
        assert_eq!(status_class(s[1].status), "rollout-stage in-progress");
        // III: the lesson plans are not counted; no period began.
        assert_eq!(held(&s[2]), (0, 1));
        // V: nothing Zvonok keeps.
        assert_eq!(held(&s[4]), (0, 0));
        assert_eq!(status_id(s[4].status), "rollout-status-not-started");
        assert_eq!(done_count(&s), 0);
        assert_eq!(title_id(s[3].id), "rollout-stage-4");
    }
}
