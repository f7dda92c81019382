//! Domain errors. Messages are in Russian and say what to do: they reach users as they are.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("«{0}» — не отметка. Допустимо: 1–5, зч (зачёт), нз (незачёт), н/а.")]
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
    #[error("Период «{0}» закрыт: изменения требуют права «Редактировать закрытый период».")]
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
}

impl From<automerge::AutomergeError> for DomainError {
    fn from(e: automerge::AutomergeError) -> Self {
        DomainError::Malformed(e.to_string())
    }
}
