//! Logins made from people's names: Russian names transliterated to lower-case ASCII by the
//! passport rules (МВД 2020, after ICAO Doc 9303: щ → shch, ж → zh, х → kh, ц → ts, ю → iu,
//! я → ia, й → i, ё/е → e, ъ → ie, ы → y, ь dropped), then «surname.initials»
//! (`ivanova.ap`), made unique with a number (`ivanova.ap2`).

/// The Latin spelling of one lower-case letter; `None` for what a login does not keep.
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' | 'ї' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'є' => "ie",
        'ы' => "y",
        'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// Transliterates text to lower-case ASCII: Cyrillic by the passport rules, Latin letters and
/// digits as they are; a space, hyphen or apostrophe between letters becomes one `-`;
/// anything else is dropped.
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            let mut b = [0u8; 4];
            Some(c.encode_utf8(&mut b).to_string())
        } else {
            latin(c).map(str::to_string)
        };
        match piece {
            Some(p) if p.is_empty() => {}
            Some(p) => {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                out.push_str(&p);
            }
            None if matches!(c, ' ' | '-' | '\u{2010}' | '\u{2011}' | '\'' | '’') => gap = true,
            None => {}
        }
    }
    out
}

/// The login a person's name suggests: `ivanova.ap` for «Иванова Анна Петровна»; the surname
/// alone without a first name; `user` when the surname has nothing to spell.
pub fn login_base(last: &str, first: &str, middle: &str) -> String {
    let surname = transliterate(last);
    let surname = if surname.is_empty() {
        "user".to_string()
    } else {
        surname
    };
    let initials: String = [first, middle]
        .iter()
        .filter_map(|n| transliterate(n).chars().find(char::is_ascii_alphanumeric))
        .collect();
    if initials.is_empty() {
        surname
    } else {
        format!("{surname}.{initials}")
    }
}

/// The first of `base`, `base2`, `base3`, … that `taken` does not hold.
pub fn unique_login(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2u32..)
        .map(|n| format!("{base}{n}"))
        .find(|l| !taken(l))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn passport_rules() {
        assert_eq!(transliterate("Щукина"), "shchukina");
        assert_eq!(transliterate("Жуков"), "zhukov");
        assert_eq!(transliterate("Хохлов"), "khokhlov");
        assert_eq!(transliterate("Цветаева"), "tsvetaeva");
        assert_eq!(transliterate("Юрьев"), "iurev");
        assert_eq!(transliterate("Яковлева"), "iakovleva");
        assert_eq!(transliterate("Андрей"), "andrei");
        assert_eq!(transliterate("Королёв"), "korolev");
        assert_eq!(transliterate("Объедков"), "obieedkov");
        assert_eq!(transliterate("Крылов"), "krylov");
        assert_eq!(transliterate("Эльвира"), "elvira");
        assert_eq!(transliterate("Чернышёв"), "chernyshev");
    }

    #[test]
    fn compound_and_foreign_names() {
        assert_eq!(transliterate("Петрова-Водкина"), "petrova-vodkina");
        assert_eq!(transliterate("  Мамин Сибиряк "), "mamin-sibiriak");
        assert_eq!(transliterate("O'Brien"), "o-brien");
        assert_eq!(transliterate("Smith 2"), "smith-2");
        assert_eq!(transliterate("Ли (Li)"), "li-li");
        assert_eq!(transliterate("…"), "");
        assert!(transliterate("Ёжик Ъ Ь")
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-'));
    }

    #[test]
    fn surname_and_initials() {
        assert_eq!(login_base("Иванова", "Анна", "Петровна"), "ivanova.ap");
        assert_eq!(login_base("Щербаков", "Юрий", "Ильич"), "shcherbakov.ii");
        assert_eq!(login_base("Жукова", "Евгения", ""), "zhukova.e");
        assert_eq!(login_base("Smith", "", ""), "smith");
        assert_eq!(login_base("", "Анна", ""), "user.a");
    }

    #[test]
    fn numbers_make_logins_unique() {
        let mut taken: HashSet<String> = HashSet::new();
        let mut issue = |base: &str| {
            let l = unique_login(base, |l| taken.contains(l));
            taken.insert(l.clone());
            l
        };
        assert_eq!(issue("ivanova.ap"), "ivanova.ap");
        assert_eq!(issue("ivanova.ap"), "ivanova.ap2");
        assert_eq!(issue("ivanova.ap"), "ivanova.ap3");
        assert_eq!(issue("ivanov.ap"), "ivanov.ap");
    }
}
