//! The rollout dashboard («Ход внедрения»): the JSON of `GET /v1/web/rollout`, the stages of
//! [`crate::rollout`] with the school and the date they were measured on.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rollout::Stage;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloutView {
    /// The school's name (the card).
    pub school: String,
    /// The school's today: the date the stages were measured on.
    pub today: NaiveDate,
    /// The five stages, I to V.
    pub stages: Vec<Stage>,
}
