//! The coordinator's work on the device, offline like the journal: writes of the school
//! document (every step of the setup wizard, `SchoolOp`), movement orders (`MovementOp`) and
//! edits of a class's people (`PeopleOp` on its roster and personal files), the wizard's
//! progress, the movement book and the people lists, all read from and written to the local
//! replica. The same core rules the server runs decide here first (`rights::may`,
//! `school_ops::apply`, `movement::apply`); the next sync sends the changes and the server
//! checks them again (`validate_incoming`), refusing what a forged device might send.

use chrono::NaiveDate;
use zvonok_core::doc::movement::{self, MovementData, MovementOp};
use zvonok_core::doc::people_ops::{self, PeopleOp};
use zvonok_core::doc::personal::{self, PersonalData};
use zvonok_core::doc::roster::{self, RosterData};
use zvonok_core::doc::school_ops::{self, SchoolOp};
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId};
use zvonok_core::movement::{movement_book, MovementBook};
use zvonok_core::rights::may_enter_people;
use zvonok_core::rights::{may, Action, Principal, Resource};
use zvonok_core::setup::{self, StepProgress};
use zvonok_core::views::people;
use zvonok_core::wire::{ClassesView, PeopleView};
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

    /// The class's roster and personal documents on this device, and the roster's data.
    fn class_docs(
        &mut self,
        class: ClassId,
    ) -> Result<(DocId, RosterData, Option<DocId>), ReplicaError> {
        let mut found = None;
        for id in self.doc_ids(DocKind::Roster) {
            let doc = self.doc(id)?;
            if zvonok_core::doc::is_blank(doc) {
                continue;
            }
            let r = RosterData::from_doc(doc)?;
            if r.class == class {
                found = Some((id, r));
                break;
            }
        }
        let (roster_id, roster) = found.ok_or_else(|| {
            DomainError::Rule(
                "списка этого класса нет на устройстве: синхронизируйте его или попросите доступ к классу у координатора".into(),
            )
        })?;
        let mut personal_id = None;
        for id in self.doc_ids(DocKind::Personal) {
            let doc = self.doc(id)?;
            if !zvonok_core::doc::is_blank(doc) && personal::read_class(doc)? == class {
                personal_id = Some(id);
                break;
            }
        }
        Ok((roster_id, roster, personal_id))
    }

    /// The classes whose lists this user may read.
    pub fn people_classes(&mut self) -> Result<ClassesView, ReplicaError> {
        let principal = self.writer()?;
        let dir = self.directory()?;
        let rosters: std::collections::HashMap<ClassId, RosterData> =
            self.rosters()?.into_iter().map(|r| (r.class, r)).collect();
        let school = self.school()?;
        Ok(people::classes_view(
            school,
            |c| rosters.get(&c),
            &principal,
            &dir,
        ))
    }

    /// One class's people; restricted fields only when this user may read them (and the
    /// device has them: they travel only to those who may).
    pub fn people(&mut self, class: ClassId) -> Result<PeopleView, ReplicaError> {
        let principal = self.writer()?;
        let dir = self.directory()?;
        if !may(&principal, Action::Read, Resource::Roster(class), &dir) {
            return Err(DomainError::Forbidden(
                "список этого класса видят его учителя, классный руководитель и администрация"
                    .into(),
            )
            .into());
        }
        let (_, roster, personal_id) = self.class_docs(class)?;
        let files = match personal_id {
            Some(id) if may(&principal, Action::Read, Resource::Personal(class), &dir) => {
                Some(PersonalData::from_doc(self.doc(id)?)?)
            }
            _ => None,
        };
        let class_name = self
            .school()?
            .classes
            .get(&class)
            .map(|c| c.name())
            .unwrap_or_default();
        Ok(people::people_view(
            class,
            class_name,
            &roster,
            files.as_ref(),
            &principal,
            &dir,
        ))
    }

    /// Validates and records one edit of a class's people: names and links in the roster
    /// (new people only with «Ввести списки учеников и родителей»), personal fields in the
    /// personal files. The server checks the change again on sync.
    pub fn apply_people_op(
        &mut self,
        class: ClassId,
        op: &PeopleOp,
    ) -> Result<WriteReceipt, ReplicaError> {
        let principal = self.writer()?;
        let dir = self.directory()?;
        let (roster_id, before, personal_id) = self.class_docs(class)?;
        match op {
            PeopleOp::SetPersonal { personal: pop } => {
                if !may(&principal, Action::Write, Resource::Personal(class), &dir) {
                    return Err(DomainError::Forbidden(
                        "личные дела заполняет секретарь или тот, у кого есть право «Редактировать личные дела»".into(),
                    )
                    .into());
                }
                people_ops::check_personal_target(&before, pop)?;
                let id = personal_id.ok_or_else(|| {
                    DomainError::Rule(
                        "личных дел этого класса нет на устройстве: синхронизируйте его".into(),
                    )
                })?;
                self.write(id, DocKind::Personal, |doc| personal::apply(doc, pop))
            }
            _ => {
                if !may(&principal, Action::Write, Resource::Roster(class), &dir) {
                    return Err(DomainError::Forbidden(
                        "править сведения об учениках и родителях класса может классный руководитель с правом «Редактировать сведения об учениках и родителях в своём классе»".into(),
                    )
                    .into());
                }
                let may_enter = may_enter_people(&principal, class, &dir);
                self.write(roster_id, DocKind::Roster, |doc| {
                    people_ops::apply_roster(doc, op)?;
                    let after = RosterData::from_doc(doc)?;
                    roster::check_entry(&before, &after, may_enter)
                })
            }
        }
    }
}
