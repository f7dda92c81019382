//! Domain errors. Messages are in Russian and say what to do: they reach users as they are.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("«{0}» — не отметка. Допустимо: 1–5, зч (зачёт), нз (незачёт), н/а; итоговая также осв (освобождён).")]
    BadMark(String),
    #[error("«{0}» — не код пропуска. Допустимо: Н, Б, УП, ОП.")]
    BadAbsenceCode(String),
    #[error("Вес отметки {0} вне допустимого диапазона 1–5.")]
    BadWeight(i64),
    #[error("Неизвестный вид работы «{0}».")]
    UnknownWorkKind(String),
    #[error("Урок не найден в этом журнале. Обновите журнал (синхронизация) и попробуйте снова.")]
    NoSuchLesson,
    #[error("Отметка не найдена в этом журнале: возможно, её уже удалили.")]
    NoSuchMark,
    #[error("Ученик не числится в этом классе или группе.")]
    NotInCohort,
    #[error("Период «{0}» закрыт: изменения требуют права «Редактировать закрытый период». Если нужно исправить, обратитесь к завучу или директору: директор может открыть период снова.")]
    PeriodLocked(String),
    #[error("Дата {0} вне учебного периода «{1}».")]
    OutsidePeriod(String, String),
    #[error("Текст слишком длинный: {0} символов при пределе {1}.")]
    TooLong(usize, usize),
    #[error("Документ повреждён или другого вида: {0}.")]
    Malformed(String),
    #[error("Нет прав: {0}.")]
    Forbidden(String),
    /// A domain rule was broken; the message names what and says what to do.
    #[error("{0}")]
    Rule(String),
    /// The server's check of an incoming change refused it (`validate`): typed, so callers and
    /// tests tell the reasons apart without reading the message.
    #[error("{0}")]
    Refused(Refusal),
}

/// Why the server's check refused a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// The change creates, replaces or deletes a root container or the document's header.
    RootContainer,
    /// A field only the server writes (`meta`, a roster's `active`, …).
    ServerOnlyField,
    /// A key the document's layout does not have.
    UnknownPath,
    /// A value of the wrong type (a number for a name, an object for a flag, …).
    WrongType,
    /// A string past its length limit.
    TooLong,
    /// A required field is missing or blank.
    Required,
    /// The person is not on the class's list.
    NotOnRoster,
    /// An id that is not a UUID or names nothing in the school.
    UnknownId,
    /// A number outside what the school allows (a weekday, a lesson number).
    OutOfRange,
    /// The change deletes something devices may not delete.
    Deletion,
    /// A value in a wrong format (a phone, a date, a mark).
    BadValue,
    /// Another rule of the document kind (rights, periods, orders, …).
    Rule,
}

/// A typed refusal: its kind and the Russian message that says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub message: String,
}

impl Refusal {
    pub fn new(kind: RefusalKind, message: impl Into<String>) -> Self {
        Refusal {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl DomainError {
    /// A refusal of the server's check, with its kind.
    pub fn refused(kind: RefusalKind, message: impl Into<String>) -> Self {
        DomainError::Refused(Refusal::new(kind, message))
    }

    /// The kind of refusal this error is: `Refused` keeps its own, the older variants map to
    /// the nearest kind (a wrong mark is a bad value, a forbidden edit a rule, …).
    pub fn refusal_kind(&self) -> RefusalKind {
        match self {
            DomainError::Refused(r) => r.kind,
            DomainError::BadMark(_)
            | DomainError::BadAbsenceCode(_)
            | DomainError::BadWeight(_)
            | DomainError::UnknownWorkKind(_)
            | DomainError::OutsidePeriod(..) => RefusalKind::BadValue,
            DomainError::NoSuchLesson | DomainError::NoSuchMark => RefusalKind::UnknownId,
            DomainError::NotInCohort => RefusalKind::NotOnRoster,
            DomainError::TooLong(..) => RefusalKind::TooLong,
            DomainError::Malformed(_) => RefusalKind::WrongType,
            DomainError::PeriodLocked(_) | DomainError::Forbidden(_) | DomainError::Rule(_) => {
                RefusalKind::Rule
            }
        }
    }
}

impl From<automerge::AutomergeError> for DomainError {
    fn from(e: automerge::AutomergeError) -> Self {
        DomainError::Malformed(e.to_string())
    }
}
