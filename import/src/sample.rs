//! A deterministic sample school for benchmarks and tests: students in classes 1А…11В with
//! guardians, some of them shared by siblings, written as a CSV (as schools keep them) or an
//! XLSX class list.

use chrono::{Duration, NaiveDate};

use crate::csv_read::Delimiter;
use crate::error::ImportError;
use crate::export::{export_class_list, ClassListEntry};
use crate::records::{GuardianRecord, StudentRecord};
use crate::values::Sex;

const SURNAMES: [&str; 40] = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
];
const MALE: [&str; 20] = [
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
    "Никита",
    "Матвей",
    "Роман",
    "Егор",
    "Арсений",
    "Иван",
    "Денис",
    "Евгений",
    "Тимофей",
    "Владимир",
];
const FEMALE: [&str; 20] = [
    "Анастасия",
    "Мария",
    "Дарья",
    "Анна",
    "Елизавета",
    "Полина",
    "Виктория",
    "Екатерина",
    "Софья",
    "Александра",
    "Ксения",
    "Алиса",
    "Вероника",
    "Варвара",
    "Арина",
    "Ульяна",
    "Валерия",
    "Ева",
    "Кира",
    "Милана",
];
/// (father's first name, son's patronymic, daughter's patronymic).
const FATHERS: [(&str, &str, &str); 12] = [
    ("Александр", "Александрович", "Александровна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Роман", "Романович", "Романовна"),
    ("Павел", "Павлович", "Павловна"),
    ("Олег", "Олегович", "Олеговна"),
];
const LETTERS: [&str; 3] = ["А", "Б", "В"];

/// The 33 class names 1А…11В.
pub fn class_names() -> Vec<String> {
    (1..=11)
        .flat_map(|g| LETTERS.iter().map(move |l| format!("{g}{l}")))
        .collect()
}

fn feminine(surname: &str) -> String {
    format!("{surname}а")
}

/// `n` students with guardians. The first `n / 5` students are pairs of siblings (in different
/// classes) sharing both parents; everyone else has two parents of their own: 9n/5 distinct
/// guardians in all (1,800 for 1,000 students). Birth dates are distinct.
pub fn students(n: usize) -> Vec<ClassListEntry> {
    let classes = class_names();
    let siblings = n / 5 / 2 * 2;
    (0..n)
        .map(|i| {
            let family = if i < siblings {
                i / 2
            } else {
                i - siblings / 2
            };
            let surname = SURNAMES[family % SURNAMES.len()];
            let (father, son, daughter) = FATHERS[(family / SURNAMES.len()) % FATHERS.len()];
            let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
            let c = i % classes.len();
            let grade = (c / 3 + 1) as i64;
            let in_grade = (i / classes.len()) * 3 + c % 3;
            let born = NaiveDate::from_ymd_opt(2019 - grade as i32 + 1, 1, 1).unwrap_or_default()
                - Duration::days(365)
                + Duration::days(in_grade as i64 * 3);
            let (last_name, first_name, middle_name) = match sex {
                Sex::Male => (surname.to_string(), MALE[(i / 7) % MALE.len()], son),
                Sex::Female => (feminine(surname), FEMALE[(i / 7) % FEMALE.len()], daughter),
            };
            let phone = |g: usize| format!("+7912{g:07}");
            let mother = GuardianRecord {
                last_name: feminine(surname),
                first_name: FEMALE[(family * 3) % FEMALE.len()].to_string(),
                middle_name: FATHERS[(family * 5) % FATHERS.len()].2.to_string(),
                relation: "мать".into(),
                phone: phone(family * 2),
                email: format!("mother{family}@example.ru"),
            };
            let father = GuardianRecord {
                last_name: surname.to_string(),
                first_name: father.to_string(),
                middle_name: FATHERS[(family * 7) % FATHERS.len()].1.to_string(),
                relation: "отец".into(),
                phone: phone(family * 2 + 1),
                email: String::new(),
            };
            ClassListEntry {
                student: StudentRecord {
                    last_name,
                    first_name: first_name.to_string(),
                    middle_name: middle_name.to_string(),
                    birth_date: born,
                    class: classes[c].clone(),
                    sex: Some(sex),
                    address: format!(
                        "г. Пермь, ул. Ленина, д. {}, кв. {}",
                        family % 90 + 1,
                        i % 120 + 1
                    ),
                    snils: String::new(),
                    phone: String::new(),
                    email: String::new(),
                },
                guardians: vec![mother, father],
            }
        })
        .collect()
}

/// The students as a CSV the way a school keeps it: «ФИО» in one column, dates as ДД.ММ.ГГГГ,
/// parents as «ФИО родителя 1», «Кем приходится», «Телефон родителя 1», ….
pub fn students_csv(entries: &[ClassListEntry], delimiter: Delimiter) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter.byte())
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "№",
        "ФИО",
        "Дата рождения",
        "Класс",
        "Пол",
        "Адрес",
        "ФИО родителя 1",
        "Кем приходится",
        "Телефон родителя 1",
        "Эл. почта родителя 1",
        "ФИО родителя 2",
        "Кем приходится",
        "Телефон родителя 2",
        "Эл. почта родителя 2",
    ];
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for (i, e) in entries.iter().enumerate() {
        let s = &e.student;
        let mut row = vec![
            (i + 1).to_string(),
            s.full_name(),
            s.birth_date.format("%d.%m.%Y").to_string(),
            s.class.clone(),
            s.sex.map_or("", Sex::letter).to_string(),
            s.address.clone(),
        ];
        for slot in 0..2 {
            match e.guardians.get(slot) {
                Some(g) => row.extend([
                    g.full_name(),
                    g.relation.clone(),
                    g.phone.clone(),
                    g.email.clone(),
                ]),
                None => row.extend([String::new(), String::new(), String::new(), String::new()]),
            }
        }
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The students as one XLSX class list.
pub fn students_xlsx(entries: &[ClassListEntry]) -> Result<Vec<u8>, ImportError> {
    export_class_list("школа", entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_thousand_students_have_1800_guardians_and_unique_keys() {
        let s = students(1000);
        assert_eq!(s.len(), 1000);
        let keys: HashSet<_> = s.iter().map(|e| e.student.key()).collect();
        assert_eq!(keys.len(), 1000);
        let guardians: HashSet<_> = s
            .iter()
            .flat_map(|e| e.guardians.iter().map(GuardianRecord::key))
            .collect();
        assert_eq!(guardians.len(), 1800);
        assert_eq!(students(1000), s, "deterministic");
    }
}
