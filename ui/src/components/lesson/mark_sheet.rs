//! The mark sheet: tap a value, then a kind of work (its usual weight preselected; a weight
//! tapped first overrides it). And the small sheet of an existing mark, to remove it.

use leptos::prelude::*;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{LessonId, MarkId, StudentId};
use zvonok_core::marks::{MAX_WEIGHT, MIN_WEIGHT, WORK_KINDS};
use zvonok_core::views::grid::GridMark;

use crate::i18n::{t, ts};
use crate::logic::marking::{KindTap, MarkEntry, VALUES};

/// The kind's title in the current language.
pub fn kind_title(code: &str) -> String {
    if WORK_KINDS.iter().any(|k| k.code == code) {
        t(&format!("kind-{code}"))
    } else {
        code.to_string()
    }
}

#[component]
fn Backdrop(on_close: Callback<()>, children: Children) -> impl IntoView {
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

#[component]
pub fn MarkInfo(
    mark: GridMark,
    locked: bool,
    on_remove: Callback<GridMark>,
    on_close: Callback<()>,
) -> impl IntoView {
    let info = ts(
        "mark-info",
        &[
            ("kind", &kind_title(&mark.kind)),
            ("weight", &mark.weight.to_string()),
        ],
    );
    let value = mark.value.clone();
    view! {
        <Backdrop on_close=on_close>
            <h2>{ts("mark-info-title", &[("value", &value)])}</h2>
            <p>{info}</p>
            {(!mark.comment.is_empty()).then(|| view! { <p class="comment">{mark.comment.clone()}</p> })}
            {(!locked)
                .then(|| {
                    let m = mark.clone();
                    view! {
                        <button class="btn danger wide" on:click=move |_| on_remove.run(m.clone())>
                            {t("mark-remove")}
                        </button>
                    }
                })}
            <button class="btn wide" on:click=move |_| on_close.run(())>{t("close")}</button>
        </Backdrop>
    }
}
