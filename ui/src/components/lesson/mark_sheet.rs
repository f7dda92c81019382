//! The mark sheet: tap a value, then a kind of work (its usual weight preselected; a weight
//! tapped first overrides it). And the sheet of an existing mark, to change or remove it.

use leptos::prelude::*;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{LessonId, MarkId, StudentId};
use zvonok_core::marks::{MAX_WEIGHT, MIN_WEIGHT, WORK_KINDS};
use zvonok_core::views::grid::GridMark;

use crate::i18n::{t, ts};
use crate::logic::marking::{KindTap, MarkEdit, MarkEntry, VALUES};

/// The kind's title in the current language.
pub fn kind_title(code: &str) -> String {
    if WORK_KINDS.iter().any(|k| k.code == code) {
        t(&format!("kind-{code}"))
    } else {
        code.to_string()
    }
}

#[component]
pub fn Backdrop(on_close: Callback<()>, children: Children) -> impl IntoView {
    view! {
        <div class="backdrop" on:click=move |_| on_close.run(())>
            <div class="sheet" role="dialog" on:click=|ev| ev.stop_propagation()>
                {children()}
            </div>
        </div>
    }
}

#[component]
pub fn MarkSheet(
    name: String,
    lesson: LessonId,
    student: StudentId,
    on_give: Callback<JournalOp>,
    on_close: Callback<()>,
) -> impl IntoView {
    let entry = RwSignal::new(MarkEntry::new(lesson, student));
    let need_value = RwSignal::new(false);
    let pick_kind = move |code: &'static str| match entry
        .with_untracked(|e| e.pick_kind(code, MarkId::new()))
    {
        KindTap::NeedValue => need_value.set(true),
        KindTap::Give(op) => on_give.run(op),
    };
    view! {
        <Backdrop on_close=on_close>
            <h2>{ts("mark-sheet-title", &[("name", &name)])}</h2>
            <div class="values" role="group" aria-label=t("mark-sheet-value")>
                {VALUES
                    .iter()
                    .map(|v| {
                        let v = *v;
                        let on = move || entry.with(|e| e.value == Some(v));
                        view! {
                            <button
                                class="value"
                                class:on=on
                                on:click=move |_| {
                                    need_value.set(false);
                                    entry.update(|e| e.pick_value(v));
                                }
                            >
                                {v.to_string()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || need_value.get()>
                <p class="error">{t("mark-sheet-pick-value")}</p>
            </Show>
            <div class="weights" role="group">
                <span>{t("mark-sheet-weight")}</span>
                {(MIN_WEIGHT..=MAX_WEIGHT)
                    .map(|w| {
                        view! {
                            <button
                                class="weight"
                                class:on=move || entry.with(|e| e.weight == Some(w))
                                on:click=move |_| entry.update(|e| e.pick_weight(w))
                            >
                                {w}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <h3>{t("mark-sheet-kind")}</h3>
            <div class="kinds">
                {WORK_KINDS
                    .iter()
                    .map(|k| {
                        let code = k.code;
                        view! {
                            <button class="kind" on:click=move |_| pick_kind(code)>
                                <span>{kind_title(code)}</span>
                                <small>{move || format!("×{}", entry.with(|e| e.weight_for(code)))}</small>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <button class="btn wide" on:click=move |_| on_close.run(())>{t("close")}</button>
        </Backdrop>
    }
}

/// An existing mark: change its value, kind of work or weight, or remove it. Read-only in a
/// closed period.
#[component]
pub fn MarkEditor(
    name: String,
    mark: GridMark,
    readonly: bool,
    on_edit: Callback<(GridMark, JournalOp)>,
    on_remove: Callback<GridMark>,
    on_close: Callback<()>,
) -> impl IntoView {
    let title = ts(
        "mark-edit-title",
        &[("value", &mark.value), ("name", &name)],
    );
    let info = ts(
        "mark-info",
        &[
            ("kind", &kind_title(&mark.kind)),
            ("weight", &mark.weight.to_string()),
        ],
    );
    let comment = (!mark.comment.is_empty()).then(|| mark.comment.clone());
    let Some(start) = MarkEdit::new(&mark).filter(|_| !readonly) else {
        // Nothing to edit: what the mark is, and removing it when allowed.
        let m = mark.clone();
        return view! {
            <Backdrop on_close=on_close>
                <h2>{ts("mark-info-title", &[("value", &mark.value)])}</h2>
                <p>{info}</p>
                {comment.map(|c| view! { <p class="comment">{c}</p> })}
                {(!readonly)
                    .then(|| {
                        view! {
                            <button class="btn danger wide" on:click=move |_| on_remove.run(m.clone())>
                                {t("mark-remove")}
                            </button>
                        }
                    })}
                <button class="btn wide" on:click=move |_| on_close.run(())>{t("close")}</button>
            </Backdrop>
        }
        .into_any();
    };
    let edit = RwSignal::new(start);
    let save = move |_| {
        let e = edit.get_untracked();
        if let Some(op) = e.op() {
            on_edit.run((e.edited(), op));
        }
    };
    let m = mark.clone();
    view! {
        <Backdrop on_close=on_close>
            <h2>{title}</h2>
            <p>{info}</p>
            {comment.map(|c| view! { <p class="comment">{c}</p> })}
            <div class="values" role="group" aria-label=t("mark-sheet-value")>
                {VALUES
                    .iter()
                    .map(|v| {
                        let v = *v;
                        view! {
                            <button
                                class="value"
                                class:on=move || edit.with(|e| e.value == v)
                                on:click=move |_| edit.update(|e| e.pick_value(v))
                            >
                                {v.to_string()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="weights" role="group">
                <span>{t("mark-sheet-weight")}</span>
                {(MIN_WEIGHT..=MAX_WEIGHT)
                    .map(|w| {
                        view! {
                            <button
                                class="weight"
                                class:on=move || edit.with(|e| e.weight == w)
                                on:click=move |_| edit.update(|e| e.pick_weight(w))
                            >
                                {w}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <h3>{t("mark-sheet-kind")}</h3>
            <div class="kinds">
                {WORK_KINDS
                    .iter()
                    .map(|k| {
                        let code = k.code;
                        view! {
                            <button
                                class="kind"
                                class:on=move || edit.with(|e| e.kind == code)
                                on:click=move |_| edit.update(|e| e.pick_kind(code))
                            >
                                <span>{kind_title(code)}</span>
                                <small>{format!("×{}", k.default_weight)}</small>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || !edit.with(MarkEdit::changed)>
                <p class="hint">{t("mark-edit-unchanged")}</p>
            </Show>
            <button
                class="btn primary wide mark-save"
                disabled=move || !edit.with(MarkEdit::changed)
                on:click=save
            >
                {t("mark-edit-save")}
            </button>
            <button class="btn danger wide" on:click=move |_| on_remove.run(m.clone())>
                {t("mark-remove")}
            </button>
            <button class="btn wide" on:click=move |_| on_close.run(())>{t("close")}</button>
        </Backdrop>
    }
    .into_any()
}
