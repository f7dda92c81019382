//! Matching what people type against names in the school's data, with the project's one name
//! rule (`zvonok_core::names`: «ё» = «е», any letter case, any spacing, Latin look-alike
//! letters).
//!
//! A person (student, child, guardian) is found only by a name that says who it is, never by
//! a mere beginning of one: the full name «Фамилия Имя Отчество», or its leading whole words
//! («Фамилия Имя», or the surname alone) when exactly one person has them. «Р» or «Петро» find
//! nobody, so a typo can never put a mark on another student; the refusal suggests close names.
//!
//! A subject (a short list the school named once) may also be given by an abbreviation: each
//! typed word the beginning of the corresponding word of the name, at least
//! [`MIN_ABBREVIATION`] letters in the first («матем», «рус яз»), when exactly one subject fits.

pub use zvonok_core::names::{class_key, normalize};

/// How many close names a refusal suggests at most.
pub const MAX_SUGGESTIONS: usize = 5;

/// The shortest first word a subject abbreviation may have.
pub const MIN_ABBREVIATION: usize = 3;

/// Do two names match after [`normalize`]?
pub fn same(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// The outcome of looking a name up among candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<T> {
    One(T),
    /// Nobody matches; close names to suggest (display names, at most [`MAX_SUGGESTIONS`]).
    None(Vec<String>),
    /// Several candidates match; their display names.
    Many(Vec<String>),
}

fn words(s: &str) -> Vec<String> {
    normalize(s).split(' ').map(str::to_string).collect()
}

/// Picks the one candidate of the best tier that matched, or reports them all.
fn pick<T: Clone>(tiers: [Vec<&(T, String)>; 2]) -> Option<Match<T>> {
    for hits in tiers {
        match hits.as_slice() {
            [] => continue,
            [(value, _)] => return Some(Match::One(value.clone())),
            many => return Some(Match::Many(many.iter().map(|(_, n)| n.clone()).collect())),
        }
    }
    None
}

/// Finds a person by the full name or its leading whole words (see the module docs).
/// `candidates` yields (value, full name «Фамилия Имя Отчество»).
pub fn find_person<T: Clone>(
    query: &str,
    candidates: impl IntoIterator<Item = (T, String)>,
) -> Match<T> {
    let q = words(query);
    if q.iter().all(String::is_empty) {
        return Match::None(Vec::new());
    }
    let all: Vec<(T, String)> = candidates.into_iter().collect();
    let named: Vec<(Vec<String>, &(T, String))> = all.iter().map(|c| (words(&c.1), c)).collect();
    let full = named.iter().filter(|(w, _)| *w == q).map(|(_, c)| *c);
    let leading = named
        .iter()
        .filter(|(w, _)| w.len() > q.len() && w[..q.len()] == q[..])
        .map(|(_, c)| *c);
    pick([full.collect(), leading.collect()]).unwrap_or_else(|| Match::None(suggest(query, &all)))
}

/// Finds a subject (or another title) by its name or a unique abbreviation (see the module
/// docs). `candidates` yields (value, name).
pub fn find_title<T: Clone>(
    query: &str,
    candidates: impl IntoIterator<Item = (T, String)>,
) -> Match<T> {
    let q = words(query);
    if q.iter().all(String::is_empty) {
        return Match::None(Vec::new());
    }
    let all: Vec<(T, String)> = candidates.into_iter().collect();
    let named: Vec<(Vec<String>, &(T, String))> = all.iter().map(|c| (words(&c.1), c)).collect();
    let exact = named.iter().filter(|(w, _)| *w == q).map(|(_, c)| *c);
    let long_enough = q[0].chars().count() >= MIN_ABBREVIATION;
    let abbreviated = named
        .iter()
        .filter(|(w, _)| {
            long_enough && w.len() >= q.len() && q.iter().zip(w).all(|(a, b)| b.starts_with(a))
        })
        .map(|(_, c)| *c);
    pick([exact.collect(), abbreviated.collect()])
        .unwrap_or_else(|| Match::None(suggest(query, &all)))
}

/// Names close to `query`: those that begin with what was typed, and those within a small
/// edit distance of it (compared with as many leading words of the name as were typed).
fn suggest<T>(query: &str, all: &[(T, String)]) -> Vec<String> {
    let q = normalize(query);
    let n_words = q.split(' ').count();
    let allowed = (q.chars().count() / 4).clamp(1, 3);
    let mut scored: Vec<(usize, &str)> = all
        .iter()
        .filter_map(|(_, name)| {
            let norm = normalize(name);
            if norm.starts_with(&q) {
                return Some((0, name.as_str()));
            }
            let lead = norm.split(' ').take(n_words).collect::<Vec<_>>().join(" ");
            let d = distance(&q, &lead);
            (d <= allowed).then_some((d, name.as_str()))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != *cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// « Похожие: А, Б.» or nothing: the tail of a message that found nobody.
pub fn suggestion_text(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        format!(" Похожие: {}.", close.join(", "))
    }
}

/// «Иванов Иван Иванович» → «Иванов Иван»: how a change description names a student.
pub fn short_person(full: &str) -> String {
    full.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class() -> Vec<(u8, String)> {
        [
            "Иванов Иван Иванович",
            "Иванова Мария Петровна",
            "Петров Пётр Петрович",
            "Романов Роман Ильич",
            "Сидоров Олег Андреевич",
            "Сидоров Павел Андреевич",
            "Алиев Рашид Гусейн оглы",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| (i as u8, n.to_string()))
        .collect()
    }

    #[test]
    fn latin_lookalikes_and_case() {
        assert!(same("5A", "5А"));
        assert!(!same(" 11b ", "11Б"));
        assert!(same("11B", "11В"));
        assert!(same("Артём", "артем"));
        assert!(same("Иванов  Иван", "иванов иван"));
    }

    #[test]
    fn a_person_by_full_name_name_and_surname_or_unique_surname() {
        let c = class();
        assert_eq!(
            find_person("Иванов Иван Иванович", c.clone()),
            Match::One(0)
        );
        assert_eq!(find_person("  иванов   ИВАН ", c.clone()), Match::One(0));
        assert_eq!(find_person("петров петр", c.clone()), Match::One(2));
        assert_eq!(find_person("Петров", c.clone()), Match::One(2));
        // «Иванов» is a whole surname of one student, not a beginning of «Иванова».
        assert_eq!(find_person("Иванов", c.clone()), Match::One(0));
        assert_eq!(find_person("Иванова", c.clone()), Match::One(1));
        assert_eq!(find_person("Алиев Рашид Гусейн", c.clone()), Match::One(6));
        assert_eq!(find_person("Алиев Рашид Гусейн оглы", c), Match::One(6));
    }

    #[test]
    fn a_prefix_never_finds_a_person() {
        let c = class();
        for typed in [
            "Р",
            "р",
            "Ром",
            "Романо",
            "Петро",
            "Иванов И",
            "Петров Пё",
            "Иван",
        ] {
            assert!(
                matches!(find_person(typed, c.clone()), Match::None(_)),
                "{typed}"
            );
        }
        assert_eq!(find_person("", c.clone()), Match::None(Vec::new()));
        assert_eq!(find_person("   ", c), Match::None(Vec::new()));
    }

    #[test]
    fn unknown_names_suggest_close_ones() {
        let c = class();
        assert_eq!(
            find_person("Р", c.clone()),
            Match::None(vec!["Романов Роман Ильич".to_string()])
        );
        assert_eq!(
            find_person("Романв", c.clone()),
            Match::None(vec!["Романов Роман Ильич".to_string()])
        );
        let Match::None(close) = find_person("Петрова", c.clone()) else {
            panic!("Петрова is nobody");
        };
        assert_eq!(close, vec!["Петров Пётр Петрович".to_string()]);
        assert_eq!(find_person("Кузнецов", c), Match::None(Vec::new()));
        assert_eq!(
            suggestion_text(&["А".into(), "Б".into()]),
            " Похожие: А, Б."
        );
        assert_eq!(suggestion_text(&[]), "");
    }

    #[test]
    fn several_people_are_ambiguous_and_a_full_name_wins() {
        let c = class();
        assert_eq!(
            find_person("Сидоров", c.clone()),
            Match::Many(vec![
                "Сидоров Олег Андреевич".to_string(),
                "Сидоров Павел Андреевич".to_string()
            ])
        );
        assert_eq!(find_person("Сидоров Павел", c.clone()), Match::One(5));
        // A student whose whole name is «Сидоров Олег» beats «Сидоров Олег Андреевич».
        let mut more = c;
        more.push((9, "Сидоров Олег".into()));
        assert_eq!(find_person("сидоров олег", more.clone()), Match::One(9));
        more.push((10, "Сидоров Олег".into()));
        assert!(matches!(find_person("Сидоров Олег", more), Match::Many(v) if v.len() == 2));
    }

    #[test]
    fn subjects_by_name_or_abbreviation() {
        let s: Vec<(u8, String)> = [
            "Математика",
            "Русский язык",
            "Литература",
            "Литературное чтение",
            "Информатика",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| (i as u8, n.to_string()))
        .collect();
        assert_eq!(find_title("МАТЕМАТИКА", s.clone()), Match::One(0));
        assert_eq!(find_title("матем", s.clone()), Match::One(0));
        assert_eq!(find_title("русский  язык", s.clone()), Match::One(1));
        assert_eq!(find_title("рус яз", s.clone()), Match::One(1));
        assert_eq!(find_title("русский", s.clone()), Match::One(1));
        // The exact name wins over a longer one it begins.
        assert_eq!(find_title("Литература", s.clone()), Match::One(2));
        assert!(matches!(find_title("Литер", s.clone()), Match::Many(v) if v.len() == 2));
        // Too short to be an abbreviation.
        assert!(
            matches!(find_title("р", s.clone()), Match::None(v) if v == vec!["Русский язык".to_string()])
        );
        assert!(matches!(find_title("ма", s.clone()), Match::None(_)));
        assert!(matches!(find_title("Физика", s), Match::None(_)));
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("романв", "романов"), 1);
        assert_eq!(distance("abc", "abd"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
