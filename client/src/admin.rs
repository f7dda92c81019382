//! The coordinator's work on the device, offline like the journal: writes of the school
//! document (every step of the setup wizard, `SchoolOp`) and movement orders (`MovementOp`),
//! the wizard's progress and the movement book, all read from and written to the local
//! replica. The same core rules the server runs decide here first (`rights::may`,
//! `school_ops::apply`, `movement::apply`); the next sync sends the changes and the server
//! checks them again (`validate_incoming`), refusing what a forged device might send.

use chrono::NaiveDate;
use zvonok_core::doc::movement::{self, MovementData, MovementOp};
use zvonok_core::doc::school_ops::{self, SchoolOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;
use zvonok_core::movement::{movement_book, MovementBook};
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::setup::{self, StepProgress};
use zvonok_core::DomainError;

use crate::replica::{Replica, ReplicaError, WriteReceipt};

impl Replica {
    /// The signed-in user as rights see them; the device must have its actor.
    fn writer(&self) -> Result<Principal, ReplicaError> {
        let principal = self
            .credentials()
            .map(|c| c.principal())
            .ok_or(ReplicaError::NotLoggedIn)?;
        if self.actor().is_none() {
            return Err(ReplicaError::NotLoggedIn);
        }
        Ok(principal)
    }

    /// The school's one document of `kind` on this device.
    fn the_doc(&self, kind: DocKind) -> Result<DocId, ReplicaError> {
        self.doc_ids(kind).into_iter().next().ok_or_else(|| {
            DomainError::Rule(match kind {
                DocKind::Movement => {
                    "книги движения учащихся нет на этом устройстве: синхронизируйте его или попросите право «Оформлять приказы о движении учащихся»".into()
                }
                _ => format!(
                    "документа «{kind}» нет на этом устройстве: синхронизируйте его с сервером"
                ),
            })
            .into()
        })
    }

    /// Each setup step's state, read from the local school document.
    pub fn setup_progress(&mut self) -> Result<Vec<StepProgress>, ReplicaError> {
        Ok(setup::progress(self.school()?))
    }

    /// Validates and performs one write of the school document (a wizard step or a later
    /// edit) and stores it; nothing is written when it is refused.
    pub fn apply_school_op(&mut self, op: &SchoolOp) -> Result<WriteReceipt, ReplicaError> {
        let principal = self.writer()?;
        let dir = self.directory()?;
        if !may(&principal, Action::Write, Resource::School, &dir) {
            return Err(DomainError::Forbidden(
                "настраивать школу может координатор; попросите его выдать вам право «Настраивать школу»".into(),
            )
            .into());
        }
        let id = self.the_doc(DocKind::School)?;
        self.write(id, DocKind::School, |doc| school_ops::apply(doc, op))
    }

    /// The orders on this device.
    pub fn movement(&mut self) -> Result<MovementData, ReplicaError> {
        let id = self.the_doc(DocKind::Movement)?;
        Ok(MovementData::from_doc(self.doc(id)?)?)
    }

    /// Validates and records one order. Rosters follow on the server after the sync.
    pub fn apply_movement_op(&mut self, op: &MovementOp) -> Result<WriteReceipt, ReplicaError> {
        let principal = self.writer()?;
        let dir = self.directory()?;
        if !may(&principal, Action::Write, Resource::Movement, &dir) {
            return Err(DomainError::Forbidden(
                "приказы о движении учащихся оформляет секретарь или координатор: попросите право «Оформлять приказы о движении учащихся»".into(),
            )
            .into());
        }
        let id = self.the_doc(DocKind::Movement)?;
        self.write(id, DocKind::Movement, |doc| movement::apply(doc, op))
    }

    /// The movement book for `from..=to` from the orders on this device.
    pub fn movement_book(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<MovementBook, ReplicaError> {
        if to < from {
            return Err(DomainError::Rule(format!(
                "период задан наоборот: {} позже {}; поменяйте даты местами",
                from.format("%d.%m.%Y"),
                to.format("%d.%m.%Y")
            ))
            .into());
        }
        let data = self.movement()?;
        Ok(movement_book(&data, from, to)?)
    }
}
