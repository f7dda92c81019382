//! The suite's checks of the study periods' state.

use chrono::{Duration, Utc};
use zvonok_core::ids::PeriodId;

use crate::storage::{PeriodStateRecord, Storage};

pub(super) fn period_states(s: &dyn Storage) {
    assert!(s.period_states().expect("empty").is_empty());
    let user = s.users().expect("users")[0].id;
    let (a, b) = (PeriodId::new(), PeriodId::new());
    let t = Utc::now();
    let closed = PeriodStateRecord {
        period: a,
        closed: true,
        user,
        at: t,
    };
    s.set_period_state(&closed).expect("close");
    s.set_period_state(&PeriodStateRecord {
        period: b,
        closed: true,
        user,
        at: t,
    })
    .expect("close b");
    let reopened = PeriodStateRecord {
        closed: false,
        at: t + Duration::seconds(5),
        ..closed
    };
    s.set_period_state(&reopened).expect("reopen");
    let all = s.period_states().expect("states");
    assert_eq!(all.len(), 2, "one row per period");
    let got = all.iter().find(|r| r.period == a).expect("a");
    assert!(!got.closed);
    assert_eq!(got.at.timestamp_millis(), reopened.at.timestamp_millis());
    assert!(all.iter().any(|r| r.period == b && r.closed));
}
