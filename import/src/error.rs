//! Errors: file-level problems ([`ImportError`]) that stop an import, and per-row problems
//! ([`RowError`] = row number + column + [`RowProblem`]) that only exclude one row.
//! Every message is Russian and says what to fix.

use serde::{Deserialize, Serialize};

use crate::encoding::TextEncoding;

/// A problem with the whole file: nothing can be planned from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("Файл пуст. Выберите файл со списком: первая строка — заголовки столбцов, дальше по строке на человека.")]
    Empty,
    #[error("Файл не читается в кодировке {0}. Выберите другую кодировку или сохраните файл как «CSV UTF-8».")]
    WrongEncoding(TextEncoding),
    #[error(
        "Не удалось разобрать CSV около строки {line}: {detail}. Проверьте кавычки в этой строке."
    )]
    Csv { line: u64, detail: String },
    #[error("Файл не похож на книгу Excel (.xlsx): {0}. Сохраните его в Excel как «Книга Excel (*.xlsx)» или как CSV.")]
    NotXlsx(String),
    #[error("В книге нет листа «{name}». Есть листы: {}.", quote_list(available))]
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    #[error("В книге нет ни одного листа.")]
    NoSheets,
    #[error("В файле нет строки заголовков. Первая строка должна содержать названия столбцов: «Фамилия», «Имя», «Класс»…")]
    NoHeader,
    #[error("В файле нет {}: {}. Добавьте {} в первую строку (строку заголовков).",
        if missing.len() == 1 { "столбца" } else { "столбцов" },
        quote_list(missing),
        if missing.len() == 1 { "его" } else { "их" })]
    MissingColumns { missing: Vec<String> },
    #[error(
        "В файле два столбца «{first}» и «{second}» для одного и того же: оставьте один из них."
    )]
    DuplicateColumn { first: String, second: String },
    #[error("Файл не читается как XML: {0}. Выберите файл FET «…_data_and_timetable.fet» или его экспорт в CSV.")]
    BadXml(String),
    #[error(
        "Это не файл FET: в нём нет элемента <fet>. Выберите файл «…_data_and_timetable.fet»."
    )]
    NotFet,
    #[error("Не удалось создать файл Excel: {0}.")]
    Export(String),
    #[error("Файл не читается как XML: {0}. Выберите экспорт aSc Timetables в XML («Файл → Экспорт → XML»).")]
    BadAscXml(String),
    #[error("Это не экспорт aSc Timetables: в нём нет элемента <timetable>. Выберите XML-файл, сохранённый в aSc Timetables.")]
    NotAsc,
    #[error("Кодировка «{0}», указанная в заголовке XML, неизвестна. Сохраните файл в aSc заново в UTF-8 или Windows-1251.")]
    UnknownXmlEncoding(String),
}

/// «а», «б» → «а», «б» in «ёлочках», joined with commas.
pub(crate) fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("«{s}»"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is wrong with one cell or one row. The message follows «Строка N, «Столбец»: ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum RowProblem {
    #[error("не заполнено. Заполните это поле.")]
    Missing,
    #[error("«{value}» — нужны фамилия и имя (и отчество, если есть) через пробел, например «Иванов Иван Иванович».")]
    IncompleteName { value: String },
    #[error("«{value}» — такой даты нет. Исправьте дату в формате ДД.ММ.ГГГГ.")]
    NoSuchDate { value: String },
    #[error("«{value}» — это не дата. Укажите дату в формате ДД.ММ.ГГГГ, например 01.09.2012.")]
    NotADate { value: String },
    #[error("«{value}» — год должен быть от 1900 до 2099. Проверьте год в формате ДД.ММ.ГГГГ.")]
    YearOutOfRange { value: String },
    #[error(
        "класса «{value}» в школе нет. Исправьте название класса{}.",
        known_classes(known)
    )]
    UnknownClass { value: String, known: Vec<String> },
    #[error("«{value}» — непонятный пол. Укажите «м» или «ж».")]
    BadSex { value: String },
    #[error(
        "«{value}» — неверный номер телефона. Укажите 10 цифр после +7, например +7 912 345-67-89."
    )]
    BadPhone { value: String },
    #[error("«{value}» — неверный адрес эл. почты. Он должен выглядеть как name@example.ru.")]
    BadEmail { value: String },
    #[error("«{value}» — в СНИЛС должно быть 11 цифр, например 112-233-445 95.")]
    BadSnils { value: String },
    #[error("«{value}» — контрольное число СНИЛС не сходится. Проверьте цифры по документу.")]
    SnilsChecksum { value: String },
    #[error("у родителя {slot} заполнены другие поля, но нет ФИО. Укажите ФИО или очистите строку родителя.")]
    GuardianWithoutName { slot: u8 },
    #[error("{who} уже есть в строке {first_row}. Удалите повторную строку.")]
    Duplicate { who: String, first_row: u32 },
    #[error(
        "«{value}» — такого дня недели нет. Укажите день словом: «Понедельник», «Пн» или «Monday»."
    )]
    UnknownDay { value: String },
    #[error("«{value}» — в школе {week_days}-дневная неделя, этого дня в ней нет. Перенесите урок на другой день или измените длину недели в настройках школы.")]
    DayOffWeek { value: String, week_days: u8 },
    #[error("«{value}» — непонятный урок. Укажите номер урока (1, 2, …) или его время, например «08:30-09:15».")]
    BadHour { value: String },
    #[error("урока № {number} нет в расписании звонков (есть уроки {known}). Добавьте его в звонки или исправьте номер урока.")]
    LessonNotInBells { number: u8, known: String },
    #[error("«{value}» — длительность должна быть целым числом часов от 1 до 12. Исправьте её в программе составления расписания.")]
    BadDuration { value: String },
    #[error("занятие {activity} длится {duration} ч. и не помещается в день, начиная с урока «{hour}». Исправьте его размещение в программе составления расписания.")]
    PastLastHour {
        activity: String,
        duration: u8,
        hour: String,
    },
    #[error("занятие {activity} не размещено в расписании (у него нет дня и урока). Разместите его и сохраните расписание заново, или отключите его.")]
    NotPlaced { activity: String },
    #[error("размещено занятие {activity}, которого нет в списке занятий. Сохраните расписание в программе заново.")]
    UnknownActivity { activity: String },
    #[error("{what} с id «{id}» нет в файле. Сохраните расписание в программе заново (экспорт в XML целиком).")]
    UnknownRef { what: String, id: String },
    #[error("двухнедельное расписание: урок стоит только на {week} неделе, а недели А и Б в расписании школы пока не ведутся. Поставьте урок на каждую неделю или введите его вручную.")]
    TwoWeekCycle { week: String },
    #[error("«{value}» — непонятные недели. Ожидается «1» (каждую неделю), «10» (неделя А) или «01» (неделя Б).")]
    BadWeeks { value: String },
    #[error("«{value}» — непонятные дни. Ожидается строка из 0 и 1, например «10000» (понедельник); урок должен стоять в конкретный день.")]
    BadDays { value: String },
}

fn known_classes(known: &[String]) -> String {
    const SHOWN: usize = 12;
    if known.is_empty() {
        return " или сначала создайте классы".to_string();
    }
    let mut list = known
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > SHOWN {
        list.push_str(", …");
    }
    format!(" (есть: {list}) или сначала создайте этот класс")
}

/// One problem in one row: what the preview shows and the user fixes in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Row number as Excel shows it (the header is row 1).
    pub row: u32,
    /// The column header as written in the file; `None` for problems of the whole row.
    pub column: Option<String>,
    pub problem: RowProblem,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "Строка {}, «{}»: {}", self.row, column, self.problem),
            None => write!(f, "Строка {}: {}", self.row, self.problem),
        }
    }
}

impl std::error::Error for RowError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_error_reads_as_one_russian_sentence() {
        let e = RowError {
            row: 7,
            column: Some("Дата рождения".into()),
            problem: RowProblem::NoSuchDate {
                value: "31.02.2012".into(),
            },
        };
        assert_eq!(
            e.to_string(),
            "Строка 7, «Дата рождения»: «31.02.2012» — такой даты нет. Исправьте дату в формате ДД.ММ.ГГГГ."
        );
        let d = RowError {
            row: 9,
            column: None,
            problem: RowProblem::Duplicate {
                who: "ученик «Иванов Иван» (01.02.2012)".into(),
                first_row: 4,
            },
        };
        assert_eq!(
            d.to_string(),
            "Строка 9: ученик «Иванов Иван» (01.02.2012) уже есть в строке 4. Удалите повторную строку."
        );
    }

    #[test]
    fn missing_columns_agree_in_number() {
        let one = ImportError::MissingColumns {
            missing: vec!["Класс".into()],
        };
        assert_eq!(
            one.to_string(),
            "В файле нет столбца: «Класс». Добавьте его в первую строку (строку заголовков)."
        );
        let two = ImportError::MissingColumns {
            missing: vec!["Класс".into(), "Дата рождения".into()],
        };
        assert!(two
            .to_string()
            .starts_with("В файле нет столбцов: «Класс», «Дата рождения». Добавьте их"));
    }
}
