//! Comparing names as people type them: class names with Latin look-alike letters («5A» for
//! «5А»), «ё» typed as «е», any letter case, any spacing. One rule for the CLI's lookups and
//! for imports of people lists. Class names are compared by [`class_key`], which also ignores
//! the spaces and dashes between the grade and the letter («5 а» = «5-А» = «5А»).

/// Normalises a name for comparison: trimmed, single spaces, lower case, «ё» → «е», and Latin
/// letters that look like Cyrillic ones replaced by the Cyrillic letters.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars().flat_map(char::to_lowercase) {
            out.push(lookalike(ch));
        }
    }
    out
}

/// A class name for comparison: [`normalize`]d, without spaces, dashes, quotes, dots and the
/// word «класс»: «5 а», «5a», «5-А класс», «5 "А"» → «5а».
pub fn class_key(s: &str) -> String {
    normalize(s)
        .replace("класс", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '"' | '«' | '»' | '\'' | '.'))
        .collect()
}

/// Latin letters that look like Cyrillic ones (lower case), mapped to the Cyrillic letter.
fn lookalike(c: char) -> char {
    match c {
        'a' => 'а',
        'b' => 'в',
        'c' => 'с',
        'e' => 'е',
        'h' => 'н',
        'k' => 'к',
        'm' => 'м',
        'o' => 'о',
        'p' => 'р',
        't' => 'т',
        'x' => 'х',
        'y' => 'у',
        'ё' => 'е',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{class_key, normalize};

    #[test]
    fn lookalikes_case_yo_and_spaces() {
        assert_eq!(normalize("  5A  "), "5а");
        assert_eq!(normalize("Фёдоров   Пётр"), "федоров петр");
        assert_eq!(normalize("5 a"), normalize("5 А"));
    }

    #[test]
    fn class_names_ignore_the_gap_between_grade_and_letter() {
        for typed in [
            "5А",
            "5 а",
            "5a",
            "5A",
            "5а",
            " 5 - А ",
            "5-а класс",
            "5 «А»",
            "5 \"a\"",
        ] {
            assert_eq!(class_key(typed), "5а", "{typed}");
        }
        assert_eq!(class_key("10 Б"), class_key("10б"));
        assert_ne!(class_key("5Б"), class_key("5В"));
        assert_ne!(class_key("15А"), class_key("5А"));
        assert_ne!(class_key("5А"), class_key("5АБ"));
    }
}
