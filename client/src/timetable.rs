//! The weekly timetable on the device: the coordinator (or whoever holds «Редактировать
//! расписание») edits it offline like the wizard. `timetable_ops::apply` decides here first
//! (a write that gives the week a new problem is refused and changes nothing); the next sync
//! sends the change and the server checks it again and lets the journals follow.

use chrono::NaiveDate;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::timetable_changes::read_changes;
use zvonok_core::doc::timetable_ops::{self, TimetableOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;
use zvonok_core::rights::{may, Action, Resource};
use zvonok_core::views::changes::{changes_view, check_range, ChangesView};
use zvonok_core::wire::TimetableView;
use zvonok_core::DomainError;

use crate::replica::{Replica, ReplicaError, WriteReceipt};

impl Replica {
    /// The current year's timetable document on this device, with its data.
    fn current_timetable(&mut self) -> Result<Option<(DocId, TimetableData)>, ReplicaError> {
        let Some(year) = self.school()?.current_year else {
            return Ok(None);
        };
        for id in self.doc_ids(DocKind::Timetable) {
            let data = TimetableData::from_doc(self.doc(id)?)
                .map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
            if data.year == year {
                return Ok(Some((id, data)));
            }
        }
        Ok(None)
    }

    /// What the timetable screens show: the same view the server answers to a browser.
    pub fn timetable_view(&mut self) -> Result<TimetableView, ReplicaError> {
        let principal = self
            .credentials()
            .map(|c| c.principal())
            .ok_or(ReplicaError::NotLoggedIn)?;
        let dir = self.directory()?;
        let can_edit = may(&principal, Action::Write, Resource::Timetable, &dir);
        let current = self.current_timetable()?;
        Ok(TimetableView {
            doc: current.as_ref().map(|(id, _)| *id),
            timetable: current.map(|(_, t)| t),
            can_edit,
        })
    }

    /// The changes by date of `from..=to` in words, with the clashes of those days: the view
    /// the server answers to `GET /v1/web/timetable/changes`, built from this device's copy so
    /// the changes screen works offline.
    pub fn timetable_changes_view(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ChangesView, ReplicaError> {
        check_range(from, to).map_err(DomainError::Rule)?;
        let principal = self
            .credentials()
            .map(|c| c.principal())
            .ok_or(ReplicaError::NotLoggedIn)?;
        let dir = self.directory()?;
        if !may(&principal, Action::Read, Resource::Timetable, &dir) {
            return Err(DomainError::Forbidden(
                "изменения расписания видят сотрудники школы".into(),
            )
            .into());
        }
        let can_edit = may(&principal, Action::Write, Resource::Timetable, &dir);
        let Some((id, timetable)) = self.current_timetable()? else {
            return Ok(ChangesView {
                can_edit,
                ..ChangesView::default()
            });
        };
        let changes =
            read_changes(self.doc(id)?).map_err(|e| ReplicaError::Corrupt(id, e.to_string()))?;
        let school = self.school()?.clone();
        Ok(changes_view(
            &school, &timetable, &changes, from, to, can_edit,
        ))
    }

    /// Validates and records one timetable write.
    pub fn apply_timetable_op(&mut self, op: &TimetableOp) -> Result<WriteReceipt, ReplicaError> {
        let principal = self
            .credentials()
            .map(|c| c.principal())
            .ok_or(ReplicaError::NotLoggedIn)?;
        if self.actor().is_none() {
            return Err(ReplicaError::NotLoggedIn);
        }
        let dir = self.directory()?;
        if !may(&principal, Action::Write, Resource::Timetable, &dir) {
            return Err(DomainError::Forbidden(
                "изменять расписание может тот, у кого есть право «Редактировать расписание»; \
                 попросите его у координатора"
                    .into(),
            )
            .into());
        }
        let school = self.school()?.clone();
        let (id, _) = self.current_timetable()?.ok_or_else(|| {
            DomainError::Rule(
                "документа расписания текущего года нет на этом устройстве: синхронизируйте \
                 его с сервером"
                    .into(),
            )
        })?;
        self.write(id, DocKind::Timetable, |doc| {
            timetable_ops::apply(doc, &school, op)
        })
    }
}
