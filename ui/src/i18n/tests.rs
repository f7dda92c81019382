use std::collections::BTreeSet;
use std::path::Path;

use super::*;

fn ids_in(ftl: &str) -> BTreeSet<String> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

/// Every id of a catalogue; an id defined in two of its files is an error.
fn all_ids(files: &[&str]) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for src in files {
        for id in ids_in(src) {
            assert!(all.insert(id.clone()), "«{id}» is defined twice");
        }
    }
    all
}

fn used_ids(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            used_ids(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        scan(&src, out);
    }
}

/// Finds the literal message id of every `t(`, `tn(`, `ts(` and `tr(lang, ` call.
fn scan(src: &str, out: &mut BTreeSet<String>) {
    for call in ["t(", "tn(", "ts(", "tr("] {
        for (pos, _) in src.match_indices(call) {
            let before = src[..pos].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':') {
                continue;
            }
            let mut rest = src[pos + call.len()..].trim_start();
            if call == "tr(" {
                match rest.split_once(',') {
                    Some((_, r)) => rest = r.trim_start(),
                    None => continue,
                }
            }
            if let Some(r) = rest.strip_prefix('"') {
                let id = &r[..r.find('"').unwrap()];
                if id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    out.insert(id.to_string());
                }
            }
        }
    }
}

#[test]
fn scanner_sees_multiline_calls() {
    let mut ids = BTreeSet::new();
    scan(
        "ts(\n  \"a-b\", x); tr(lang, \"c\", &[]); at(\"no\"); t(&format!(\"x\"))",
        &mut ids,
    );
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a-b", "c"]);
}

/// Message ids built at run time (`format!("weekday-{n}")` and friends).
fn dynamic_ids() -> Vec<String> {
    let mut v = Vec::new();
    v.extend((1..=7).map(|n| format!("weekday-{n}")));
    v.extend((1..=12).map(|n| format!("month-gen-{n}")));
    v.extend(
        zvonok_core::marks::WORK_KINDS
            .iter()
            .map(|k| format!("kind-{}", k.code)),
    );
    v.extend(
        ["absent", "ill", "excused", "late"]
            .iter()
            .map(|c| format!("absence-{c}")),
    );
    v.extend(
        zvonok_core::time_zone::RUSSIAN_TIME_ZONES
            .iter()
            .map(|z| crate::components::setup::zone_key(z)),
    );
    v
}

#[test]
fn every_used_message_exists_in_both_catalogues() {
    let ru = all_ids(RU_FTL);
    let en = all_ids(EN_FTL);
    let mut used = BTreeSet::new();
    used_ids(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut used,
    );
    used.extend(dynamic_ids());
    assert!(used.len() > 60, "scanner found only {} ids", used.len());
    let missing_ru: Vec<_> = used.difference(&ru).collect();
    let missing_en: Vec<_> = used.difference(&en).collect();
    assert!(missing_ru.is_empty(), "missing in ru.ftl: {missing_ru:?}");
    assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
    assert_eq!(ru, en, "the catalogues define different ids");
    for (name, files) in [("ru", RU_FTL), ("en", EN_FTL)] {
        for (i, src) in files.iter().enumerate() {
            let parsed = FluentResource::try_new(src.to_string());
            assert!(
                parsed.is_ok(),
                "{name} catalogue, file {i}, has syntax errors"
            );
        }
    }
}

fn count(lang: Lang, id: &str, n: usize) -> String {
    tr(lang, id, &[("count", FluentValue::from(n))])
}

#[test]
fn russian_plurals() {
    let cases: &[(&str, [&str; 7])] = &[
        (
            "marks-count",
            [
                "1 отметка",
                "2 отметки",
                "5 отметок",
                "11 отметок",
                "21 отметка",
                "22 отметки",
                "25 отметок",
            ],
        ),
        (
            "lessons-count",
            [
                "1 урок",
                "2 урока",
                "5 уроков",
                "11 уроков",
                "21 урок",
                "22 урока",
                "25 уроков",
            ],
        ),
        (
            "status-pending",
            [
                "1 изменение ждёт отправки",
                "2 изменения ждут отправки",
                "5 изменений ждут отправки",
                "11 изменений ждут отправки",
                "21 изменение ждёт отправки",
                "22 изменения ждут отправки",
                "25 изменений ждут отправки",
            ],
        ),
    ];
    for (id, want) in cases {
        for (n, w) in [1, 2, 5, 11, 21, 22, 25].iter().zip(want) {
            assert_eq!(count(Lang::Ru, id, *n), *w, "{id} for {n}");
        }
    }
}

#[test]
fn english_plurals() {
    assert_eq!(count(Lang::En, "marks-count", 1), "1 mark");
    assert_eq!(count(Lang::En, "marks-count", 21), "21 marks");
    assert_eq!(
        count(Lang::En, "status-pending", 1),
        "1 change waiting to be sent"
    );
    assert_eq!(
        count(Lang::En, "status-pending", 2),
        "2 changes waiting to be sent"
    );
}

#[test]
fn language_choice_is_remembered() {
    set_lang(Lang::En);
    assert_eq!(restore_lang(), Lang::En);
    assert_eq!(t("signin-submit"), "Sign in");
    set_lang(Lang::Ru);
    assert_eq!(restore_lang(), Lang::Ru);
    assert_eq!(t("signin-submit"), "Войти");
}
