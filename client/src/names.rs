//! Matching what people type against names in the school's data: class names typed with Latin
//! look-alike letters («5A» for «5А»), «ё» typed as «е», any letter case, unique prefixes.

pub use zvonok_core::names::normalize;

/// Do two names match after [`normalize`]?
pub fn same(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// The outcome of looking a name up among candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match<T> {
    One(T),
    None,
    /// Several candidates match; their display names.
    Many(Vec<String>),
}

/// Finds the one candidate whose name equals `query` (after [`normalize`]), or else the one
/// whose name starts with it (on a word boundary or not). `candidates` yields (value, name).
pub fn find_unique<T: Clone>(
    query: &str,
    candidates: impl IntoIterator<Item = (T, String)>,
) -> Match<T> {
    let q = normalize(query);
    if q.is_empty() {
        return Match::None;
    }
    let all: Vec<(T, String)> = candidates.into_iter().collect();
    let exact: Vec<&(T, String)> = all.iter().filter(|(_, n)| normalize(n) == q).collect();
    if exact.len() == 1 {
        return Match::One(exact[0].0.clone());
    }
    if exact.len() > 1 {
        return Match::Many(exact.iter().map(|(_, n)| n.clone()).collect());
    }
    let prefix: Vec<&(T, String)> = all
        .iter()
        .filter(|(_, n)| normalize(n).starts_with(&q))
        .collect();
    match prefix.len() {
        0 => Match::None,
        1 => Match::One(prefix[0].0.clone()),
        _ => Match::Many(prefix.iter().map(|(_, n)| n.clone()).collect()),
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

    #[test]
    fn latin_lookalikes_and_case() {
        assert!(same("5A", "5А"));
        assert!(!same(" 11b ", "11Б"));
        assert!(same("11B", "11В"));
        assert!(same("Артём", "артем"));
        assert!(same("Иванов  Иван", "иванов иван"));
    }

    #[test]
    fn unique_prefix() {
        let c = vec![
            (1, "Иванов Иван Иванович".to_string()),
            (2, "Иванова Мария Петровна".to_string()),
            (3, "Петров Пётр".to_string()),
        ];
        assert_eq!(find_unique("петров", c.clone()), Match::One(3));
        assert_eq!(find_unique("Иванов Иван", c.clone()), Match::One(1));
        assert!(matches!(find_unique("Иванов", c.clone()), Match::Many(v) if v.len() == 2));
        assert_eq!(find_unique("Сидоров", c), Match::None);
    }
}
