//! The import of a timetable from a scheduling program (FET's CSV export or its `.fet` file):
//! pick the file, «Проверить» shows what would be added, changed and removed, the rows left
//! out and why, and every name of the file the school does not know, each with a choice of the
//! school's teacher, class or group, subject or lesson number (suggestions first). Each answer
//! checks the file again; «Загрузить» writes only when every name is answered. Nothing is
//! written before that; loading the same file again changes nothing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::wire::{
    TimetableImportView, TimetableNameKind, TimetableNameTarget, TimetableNames, TimetableUnmatched,
};

use crate::app::{backend, ctx};
use crate::backend::timetable::TimetableFormat;
use crate::components::admin::browser::{self, Picked};
use crate::components::admin::{Busy, InlineError};
use crate::i18n::{t, ta, ts};
use crate::logic::timetable::{classes, cohorts_of, teachers, TimetablePage};
use crate::route::Screen;

/// Every answer the school offers for a name of `kind`: (target, label).
fn candidates(school: &SchoolData, kind: TimetableNameKind) -> Vec<(TimetableNameTarget, String)> {
    match kind {
        TimetableNameKind::Teacher => teachers(school)
            .into_iter()
            .map(|(id, n)| (TimetableNameTarget::Staff(id), n))
            .collect(),
        TimetableNameKind::StudentSet => classes(school)
            .into_iter()
            .flat_map(|(id, _)| cohorts_of(school, id))
            .map(|(c, n)| (TimetableNameTarget::Cohort(c), n))
            .collect(),
        TimetableNameKind::Subject => {
            let mut v: Vec<_> = school
                .subjects
                .values()
                .map(|s| (TimetableNameTarget::Subject(s.id), s.name.clone()))
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        }
        TimetableNameKind::Hour => school
            .bells
            .iter()
            .map(|b| {
                (
                    TimetableNameTarget::Lesson(b.number),
                    format!("{} ({}–{})", b.number, b.start, b.end),
                )
            })
            .collect(),
    }
}

/// Records the answer «`name` is `target`».
fn answer(names: &mut TimetableNames, name: &str, target: TimetableNameTarget) {
    let name = name.to_string();
    match target {
        TimetableNameTarget::Staff(id) => {
            names.teachers.insert(name, id);
        }
        TimetableNameTarget::Cohort(c) => {
            names.student_sets.insert(name, c);
        }
        TimetableNameTarget::Subject(id) => {
            names.subjects.insert(name, id);
        }
        TimetableNameTarget::Lesson(n) => {
            names.hours.insert(name, n);
        }
    }
}

#[component]
pub fn ImportPage(school: SchoolData) -> impl IntoView {
    let c = ctx();
    let file = RwSignal::new(None::<Picked>);
    let format = RwSignal::new(TimetableFormat::FetCsv);
    let names = RwSignal::new(TimetableNames::default());
    let preview = RwSignal::new(None::<TimetableImportView>);
    let result = RwSignal::new(None::<TimetableImportView>);
    let busy = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let school = StoredValue::new(school);

    let reset = move || {
        preview.set(None);
        result.set(None);
        error.set(None);
    };
    let check = move || {
        let Some(f) = file.get_untracked() else {
            error.set(Some(t("tt-import-no-file")));
            return;
        };
        error.set(None);
        result.set(None);
        busy.set(Some(ts("tt-import-checking", &[("file", &f.name)])));
        let (fmt, n) = (format.get_untracked(), names.get_untracked());
        spawn_local(async move {
            match backend().timetable_import_preview(fmt, &n, f.bytes).await {
                Ok(p) => {
                    names.set(p.names.clone());
                    preview.set(Some(p));
                }
                Err(e) => {
                    preview.set(None);
                    error.set(Some(e.to_string()));
                }
            }
            busy.set(None);
        });
    };
    let pick = move |ev: leptos::ev::Event| {
        reset();
        file.set(None);
        let Some(input) = browser::input_of(&ev) else {
            return;
        };
        spawn_local(async move {
            let picked = browser::read_picked(input).await;
            if let Some(f) = picked
                .as_ref()
                .and_then(|p| TimetableFormat::guess(&p.name))
            {
                format.set(f);
            }
            file.set(picked);
        });
    };
    let apply = move |_| {
        let Some(f) = file.get_untracked() else {
            return;
        };
        busy.set(Some(ts("tt-import-applying", &[("file", &f.name)])));
        error.set(None);
        let (fmt, n) = (format.get_untracked(), names.get_untracked());
        spawn_local(async move {
            match backend().timetable_import_apply(fmt, &n, f.bytes).await {
                Ok(p) => {
                    preview.set(None);
                    result.set(Some(p));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(None);
        });
    };
    let can_apply = move || {
        busy.get().is_none()
            && preview.with(|p| {
                p.as_ref().is_some_and(|p| {
                    p.unmatched.is_empty()
                        && p.counts.added + p.counts.changed + p.counts.removed > 0
                })
            })
    };
    let on_answer = Callback::new(move |(name, target): (String, TimetableNameTarget)| {
        names.update(|n| answer(n, &name, target));
        check();
    });

    view! {
        <section class="admin import tt-import">
            <div class="admin-head">
                <button
                    class="btn ghost"
                    on:click=move |_| c.go(Screen::Timetable(TimetablePage::Grid(None)))
                >
                    {t("tt-back")}
                </button>
                <h1>{t("tt-import-title")}</h1>
            </div>
            <div class="card import-form">
                <div class="admin-filters">
                    <label class="inline grow">
                        <span>{t("tt-import-file")}</span>
                        <input type="file" class="import-file" accept=".csv,.fet,.xml,text/csv" on:change=pick />
                    </label>
                    <label class="inline">
                        <span>{t("tt-import-format")}</span>
                        <select
                            class="import-format"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(f) = TimetableFormat::ALL.into_iter().find(|f| f.code() == v) {
                                    format.set(f);
                                    reset();
                                }
                            }
                        >
                            {TimetableFormat::ALL
                                .into_iter()
                                .map(|f| {
                                    view! {
                                        <option value=f.code() selected=move || format.get() == f>
                                            {t(&format!("tt-format-{}", f.code()))}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                <p class="hint">{t("tt-import-hint")}</p>
                <div class="form-actions">
                    <button
                        class="btn import-check"
                        disabled=move || busy.get().is_some() || file.with(Option::is_none)
                        on:click=move |_| check()
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
            {move || {
                preview
                    .get()
                    .map(|p| {
                        view! { <ImportView p=p school=school.get_value() on_answer=on_answer /> }
                    })
            }}
            {move || {
                result
                    .get()
                    .map(|p| {
                        view! {
                            <div class="card tt-import-done" role="status">
                                <h2>{t("tt-import-done")}</h2>
                                <p>{counts_line(&p)}</p>
                                <button
                                    class="btn primary"
                                    on:click=move |_| c.go(Screen::Timetable(TimetablePage::Grid(None)))
                                >
                                    {t("tt-open-grid")}
                                </button>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

fn counts_line(p: &TimetableImportView) -> String {
    let c = &p.counts;
    ta(
        "tt-import-counts",
        &[
            ("added", c.added.into()),
            ("changed", c.changed.into()),
            ("removed", c.removed.into()),
            ("unchanged", c.unchanged.into()),
        ],
    )
}

/// What the file would do, and the names to answer.
#[component]
fn ImportView(
    p: TimetableImportView,
    school: SchoolData,
    on_answer: Callback<(String, TimetableNameTarget)>,
) -> impl IntoView {
    let line = counts_line(&p);
    view! {
        <div class="card tt-preview">
            <h2>{t("tt-import-preview")}</h2>
            <p class="tt-counts">{line}</p>
            {(!p.unmatched.is_empty())
                .then(|| {
                    view! {
                        <div class="tt-unmatched">
                            <h3>{t("tt-import-unmatched")}</h3>
                            {p
                                .unmatched
                                .iter()
                                .map(|u| view! { <Unmatched u=u.clone() school=school.clone() on_answer=on_answer /> })
                                .collect_view()}
                        </div>
                    }
                })}
            {(!p.errors.is_empty())
                .then(|| {
                    view! {
                        <h3>{t("tt-import-errors")}</h3>
                        <table class="setup-table tt-row-errors">
                            <tbody>
                                {p
                                    .errors
                                    .iter()
                                    .map(|e| {
                                        view! {
                                            <tr>
                                                <td class="num">{ta("tt-import-row", &[("row", e.row.into())])}</td>
                                                <td>{e.reason.clone()}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            {(!p.extra_teachers.is_empty())
                .then(|| {
                    view! {
                        <h3>{t("tt-import-extra")}</h3>
                        <ul>
                            {p
                                .extra_teachers
                                .iter()
                                .map(|x| {
                                    view! {
                                        <li>
                                            {ta("tt-import-row", &[("row", x.row.into())])} ": "
                                            {x.others.join(", ")}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

/// One unknown name with the choice of what it is.
#[component]
fn Unmatched(
    u: TimetableUnmatched,
    school: SchoolData,
    on_answer: Callback<(String, TimetableNameTarget)>,
) -> impl IntoView {
    let mut options: Vec<(TimetableNameTarget, String)> = u
        .suggestions
        .iter()
        .map(|s| (s.target, s.label.clone()))
        .collect();
    for c in candidates(&school, u.kind) {
        if !options.iter().any(|o| o.0 == c.0) {
            options.push(c);
        }
    }
    let suggested = u.suggestions.len();
    let rows = u
        .rows
        .iter()
        .take(8)
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let name = u.name.clone();
    let opts = options.clone();
    view! {
        <div class="tt-name">
            <p>
                <b>{u.kind_label.clone()} " «" {u.name.clone()} "»"</b>
                " " <span class="hint">{ts("tt-import-rows", &[("rows", &rows)])}</span>
            </p>
            <label class="inline">
                <span>{t("tt-import-is")}</span>
                <select
                    class="tt-answer"
                    on:change=move |ev| {
                        if let Some((target, _)) = event_target_value(&ev)
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| opts.get(i))
                        {
                            on_answer.run((name.clone(), *target));
                        }
                    }
                >
                    <option value="" selected=true>{t("setup-choose")}</option>
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (_, label))| {
                            let label = if i < suggested { format!("★ {label}") } else { label };
                            view! { <option value=i.to_string()>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}
