//! `GET /v1/web/timetable`: the current year's weekly timetable as the coordinator's screens
//! (and every staff member's views by class, teacher and room) read it. The problems and the
//! plan against the curriculum are not sent: the screens compute them with
//! `crate::timetable_rules` from this and the school document, at once on every edit.

use serde::{Deserialize, Serialize};

use crate::doc::timetable::TimetableData;
use crate::ids::DocId;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimetableView {
    /// The timetable document (`None`: the school has no current year yet).
    pub doc: Option<DocId>,
    pub timetable: Option<TimetableData>,
    /// Whether this user may edit it («Редактировать расписание»).
    pub can_edit: bool,
}
