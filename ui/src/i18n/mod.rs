//! Translations: Fluent catalogues embedded in the binary, one pair of files per area
//! (`ru.ftl`/`en.ftl` for the journal and the family view, `setup.*.ftl` for the setup wizard,
//! `admin.*.ftl` for the coordinator's people, accounts, rights and orders screens, `audit.*.ftl`
//! for the audit log and a student's history, `timetable.*.ftl` for the timetable and its import,
//! `calendar.*.ftl` for the calendar links, `periods.*.ftl` for closing a study period and
//! the journal completeness report, `reports.*.ftl` for the period reports, `year_close.*.ftl`
//! for the move to the next year, `rollout.*.ftl` for the rollout dashboard). Russian is the default; the choice is kept in local
//! storage. Every string a screen shows comes from here.

use std::cell::Cell;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

use crate::platform;

/// The Russian catalogue, file by file.
const RU_FTL: &[&str] = &[
    include_str!("ru.ftl"),
    include_str!("setup.ru.ftl"),
    include_str!("admin.ru.ftl"),
    include_str!("audit.ru.ftl"),
    include_str!("timetable.ru.ftl"),
    include_str!("calendar.ru.ftl"),
    include_str!("periods.ru.ftl"),
    include_str!("reports.ru.ftl"),
    include_str!("year_close.ru.ftl"),
    include_str!("rollout.ru.ftl"),
];
/// The English catalogue, in the same files.
const EN_FTL: &[&str] = &[
    include_str!("en.ftl"),
    include_str!("setup.en.ftl"),
    include_str!("admin.en.ftl"),
    include_str!("audit.en.ftl"),
    include_str!("timetable.en.ftl"),
    include_str!("calendar.en.ftl"),
    include_str!("periods.en.ftl"),
    include_str!("reports.en.ftl"),
    include_str!("year_close.en.ftl"),
    include_str!("rollout.en.ftl"),
];
const LANG_KEY: &str = "zvonok.lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }
}

struct Catalogues {
    ru: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: &str, sources: &[&str]) -> FluentBundle<FluentResource> {
    let id = lang.parse().unwrap_or_default();
    let mut b = FluentBundle::new(vec![id]);
    b.set_use_isolating(false);
    for source in sources {
        let res = FluentResource::try_new(source.to_string()).unwrap_or_else(|(res, _)| res);
        // Duplicate ids are caught by the catalogue test; the first definition wins here.
        let _ = b.add_resource(res);
    }
    b
}

thread_local! {
    static CATALOGUES: Catalogues = Catalogues {
        ru: bundle("ru", RU_FTL),
        en: bundle("en", EN_FTL),
    };
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Ru) };
}

/// The language in use.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Switches the language and remembers the choice.
pub fn set_lang(l: Lang) {
    CURRENT.with(|c| c.set(l));
    platform::storage_set(LANG_KEY, l.code());
}

/// Restores the remembered language (Russian when none).
pub fn restore_lang() -> Lang {
    let l = match platform::storage_get(LANG_KEY).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Ru,
    };
    CURRENT.with(|c| c.set(l));
    l
}

/// Formats message `id` in `lang`; a missing message shows its id (the catalogue test forbids it).
pub fn tr(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    CATALOGUES.with(|c| {
        let b = match lang {
            Lang::Ru => &c.ru,
            Lang::En => &c.en,
        };
        let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        b.format_pattern(pattern, Some(&fa), &mut errors)
            .into_owned()
    })
}

/// A message without arguments.
pub fn t(id: &str) -> String {
    tr(lang(), id, &[])
}

/// A message with a `$count` argument (plural-aware).
pub fn tn(id: &str, count: usize) -> String {
    tr(lang(), id, &[("count", FluentValue::from(count))])
}

/// A message with arguments of any kind (numbers stay plural-aware).
pub fn ta(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr(lang(), id, args)
}

/// A message with string arguments.
pub fn ts(id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, FluentValue<'_>)> = args
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(*v)))
        .collect();
    tr(lang(), id, &args)
}

#[cfg(test)]
mod tests;
