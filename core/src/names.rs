//! Comparing names as people type them: class names with Latin look-alike letters («5A» for
//! «5А»), «ё» typed as «е», any letter case, any spacing. One rule for the CLI's lookups and
//! for imports of people lists.

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
    use super::normalize;

    #[test]
    fn lookalikes_case_yo_and_spaces() {
        assert_eq!(normalize("  5A  "), "5а");
        assert_eq!(normalize("Фёдоров   Пётр"), "федоров петр");
        assert_eq!(normalize("5 a"), normalize("5 А"));
    }
}
