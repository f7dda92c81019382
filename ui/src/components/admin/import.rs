//! Import of people lists: the kind (staff, or students with their guardians), a CSV or XLSX
//! file, the encoding (auto, UTF-8, Windows-1251); «Проверить» shows what the server read: the
//! counts, the per-row errors (row, column, reason) and what will be added; «Загрузить» only
//! after a preview that adds something, then the result. A busy line says what is happening.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::wire::{ImportListKind, ImportPreview};

use super::browser::{self, Picked};
use super::{Busy, InlineError};
use crate::app::{backend, ctx};
use crate::backend::admin::{Encoding, ImportKind};
use crate::i18n::{t, tn, ts};
use crate::logic::admin::AdminPage;
use crate::route::Screen;

#[component]
pub fn ImportPage() -> impl IntoView {
    let c = ctx();
    let kind = RwSignal::new(ImportKind::Students);
    let encoding = RwSignal::new(Encoding::Auto);
    let file = RwSignal::new(None::<Picked>);
    let preview = RwSignal::new(None::<ImportPreview>);
    let result = RwSignal::new(None::<ImportPreview>);
    let busy = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    // Any change of the inputs makes the preview stale: check again before loading.
    let reset = move || {
        preview.set(None);
        result.set(None);
        error.set(None);
    };

    let pick = move |ev: leptos::ev::Event| {
        reset();
        file.set(None);
        let Some(input) = browser::input_of(&ev) else {
            return;
        };
        spawn_local(async move {
            file.set(browser::read_picked(input).await);
        });
    };
    let check = move |_| {
        let Some(f) = file.get_untracked() else {
            error.set(Some(t("admin-import-no-file")));
            return;
        };
        reset();
        busy.set(Some(ts("admin-import-checking", &[("file", &f.name)])));
        let (k, e) = (kind.get_untracked(), encoding.get_untracked());
        let be = backend();
        spawn_local(async move {
            match be.import_preview(k, e, f.bytes).await {
                Ok(p) => preview.set(Some(p)),
                Err(err) => error.set(Some(err.to_string())),
            }
            busy.set(None);
        });
    };
    let apply = move |_| {
        let (Some(f), Some(_)) = (file.get_untracked(), preview.get_untracked()) else {
            return;
        };
        busy.set(Some(ts("admin-import-applying", &[("file", &f.name)])));
        error.set(None);
        let (k, e) = (kind.get_untracked(), encoding.get_untracked());
        let be = backend();
        spawn_local(async move {
            match be.import_apply(k, e, f.bytes).await {
                Ok(p) => {
                    preview.set(None);
                    result.set(Some(p));
                }
                Err(err) => error.set(Some(err.to_string())),
            }
            busy.set(None);
        });
    };
    let can_apply = move || {
        busy.get().is_none() && preview.with(|p| p.as_ref().is_some_and(|p| !p.adds_nothing()))
    };
    let radio = move |k: ImportKind, label: String| {
        view! {
            <label class="check">
                <input
                    type="radio"
                    name="import-kind"
                    value=k.code()
                    prop:checked=move || kind.get() == k
                    on:change=move |_| {
                        kind.set(k);
                        reset();
                    }
                />
                <span>{label}</span>
            </label>
        }
    };

    view! {
        <section class="admin import">
            <div class="admin-head">
                <button class="btn ghost" on:click=move |_| c.go(Screen::Admin(AdminPage::People(None)))>
                    {t("admin-people-back")}
                </button>
                <h1>{t("admin-import-title")}</h1>
            </div>
            <div class="card import-form">
                <fieldset class="kinds">
                    <legend>{t("admin-import-kind")}</legend>
                    {radio(ImportKind::Students, t("admin-import-kind-students"))}
                    {radio(ImportKind::Staff, t("admin-import-kind-staff"))}
                </fieldset>
                <div class="admin-filters">
                    <label class="inline grow">
                        <span>{t("admin-import-file")}</span>
                        <input type="file" class="import-file" accept=".csv,.xlsx,text/csv" on:change=pick />
                    </label>
                    <label class="inline">
                        <span>{t("admin-import-encoding")}</span>
                        <select
                            class="import-encoding"
                            on:change=move |ev| {
                                encoding.set(match event_target_value(&ev).as_str() {
                                    "utf-8" => Encoding::Utf8,
                                    "windows-1251" => Encoding::Windows1251,
                                    _ => Encoding::Auto,
                                });
                                reset();
                            }
                        >
                            <option value="">{t("admin-import-encoding-auto")}</option>
                            <option value="utf-8">"UTF-8"</option>
                            <option value="windows-1251">"Windows-1251"</option>
                        </select>
                    </label>
                </div>
                <p class="hint">{t("admin-import-hint")}</p>
                <div class="form-actions">
                    <button
                        class="btn import-check"
                        disabled=move || busy.get().is_some() || file.with(Option::is_none)
                        on:click=check
                    >
                        {t("admin-import-check")}
                    </button>
                    <button class="btn primary import-apply" disabled=move || !can_apply() on:click=apply>
                        {t("admin-import-apply")}
                    </button>
                </div>
                <Busy what=busy.into() />
                <InlineError error=error />
            </div>
            {move || preview.get().map(|p| view! { <PreviewView p=p /> })}
            {move || result.get().map(|p| view! { <PreviewView p=p /> })}
        </section>
    }
}

/// A preview (nothing written) or the result of an import (written).
#[component]
fn PreviewView(p: ImportPreview) -> impl IntoView {
    let c = p.counts;
    let read_as = [
        Some(p.format.clone()),
        p.encoding.clone(),
        p.delimiter.clone(),
        p.sheet.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let count_line = |id: &str, add: u32, unchanged: u32| {
        ts(
            id,
            &[
                ("add", &add.to_string()),
                ("unchanged", &unchanged.to_string()),
            ],
        )
    };
    let mut counts = vec![count_line(
        "admin-import-count-rows",
        c.rows.add,
        c.rows.unchanged,
    )];
    match p.kind {
        ImportListKind::Students => {
            counts.push(count_line(
                "admin-import-count-students",
                c.students.add,
                c.students.unchanged,
            ));
            counts.push(count_line(
                "admin-import-count-guardians",
                c.guardians.add,
                c.guardians.unchanged,
            ));
            counts.push(count_line(
                "admin-import-count-links",
                c.links.add,
                c.links.unchanged,
            ));
        }
        ImportListKind::Staff => {
            counts.push(count_line(
                "admin-import-count-staff",
                c.staff.add,
                c.staff.unchanged,
            ));
        }
    }
    let errors = p
        .errors
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td class="num">{e.row}</td>
                    <td>{e.column.clone().unwrap_or_else(|| t("admin-import-whole-row"))}</td>
                    <td>{e.message.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let unknown = p
        .unknown_columns
        .iter()
        .map(|u| view! { <li>{format!("«{}»: {}", u.header, u.reason)}</li> })
        .collect_view();
    let adds = p
        .adds
        .iter()
        .map(|a| view! { <li>{a.clone()}</li> })
        .collect_view();
    let head = if p.applied {
        t("admin-import-result")
    } else {
        t("admin-import-preview")
    };
    let verdict = match (p.applied, p.adds_nothing()) {
        (_, true) => t("admin-import-nothing"),
        (true, false) => t("admin-import-applied"),
        (false, false) => t("admin-import-will-add"),
    };
    view! {
        <div class="card import-preview" class:applied=p.applied>
            <h2>{head}</h2>
            <p class="hint">{ts("admin-import-read-as", &[("how", &read_as), ("rows", &p.rows_total.to_string())])}</p>
            <p class="verdict">{verdict}</p>
            <ul class="counts">{counts.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            {(!p.errors.is_empty())
                .then(|| {
                    view! {
                        <h3>{tn("admin-import-errors", p.errors.len())}</h3>
                        <div class="table-wrap">
                            <table class="admin-table import-errors">
                                <thead>
                                    <tr>
                                        <th>{t("admin-import-col-row")}</th>
                                        <th>{t("admin-import-col-column")}</th>
                                        <th>{t("admin-import-col-reason")}</th>
                                    </tr>
                                </thead>
                                <tbody>{errors}</tbody>
                            </table>
                        </div>
                    }
                })}
            {(!p.unknown_columns.is_empty())
                .then(|| {
                    view! {
                        <h3>{t("admin-import-unknown-columns")}</h3>
                        <ul>{unknown}</ul>
                    }
                })}
            {(!p.adds.is_empty())
                .then(|| {
                    view! {
                        <h3>{if p.applied { t("admin-import-added") } else { t("admin-import-to-add") }}</h3>
                        <ul class="adds">{adds}</ul>
                        {(p.adds_more > 0).then(|| view! { <p class="hint">{tn("admin-import-more", p.adds_more as usize)}</p> })}
                    }
                })}
        </div>
    }
}
