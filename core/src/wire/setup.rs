//! `GET /v1/web/setup`: the setup wizard's progress as the browser reads it.

use serde::{Deserialize, Serialize};

use crate::setup::{SetupStep, StepProgress};

/// Each wizard step's state and where a resumed wizard opens (`None`: every step is done).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub steps: Vec<StepProgress>,
    pub next: Option<SetupStep>,
}
