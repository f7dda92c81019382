//! One lesson as the teacher marks it: the class list with one-tap attendance and two-tap
//! marks, topic and homework. Every change is saved at once; each row shows where it stands.

mod mark_sheet;
pub use mark_sheet::{kind_title, Backdrop};
mod row;
mod text_field;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId};
use zvonok_core::views::lesson::LessonSheet;

use crate::app::{backend, ctx, try_ctx};
use crate::components::common::{spawn_load, Failure, Load, SaveState, Spinner};
use crate::i18n::{lang, t, ts};
use crate::logic::dates::long_date;
use crate::route::Screen;
use row::StudentRow;
use text_field::{LessonText, TextKind};

/// Saves one operation: `state` follows it; `undo` runs if it was not saved.
pub(crate) fn save(
    doc: DocId,
    op: JournalOp,
    state: RwSignal<SaveState>,
    undo: impl FnOnce() + 'static,
) {
    state.set(SaveState::Saving);
    let be = backend();
    spawn_local(async move {
        match be.apply_op(doc, &op).await {
            Ok(saved) => {
                // The status may not have heard of this write yet: until it does, what
                // waits is at least what the backend just said.
                if let Some(c) = try_ctx() {
                    c.status.update(|s| {
                        if let Some(s) = s {
                            s.pending = s.pending.max(saved.pending);
                        }
                    });
                }
                state.set(SaveState::after(saved.pending))
            }
            Err(e) => {
                undo();
                state.set(SaveState::Failed(ts(
                    "save-error",
                    &[("reason", &e.to_string())],
                )));
            }
        }
    });
}

#[component]
fn SheetView(sheet: LessonSheet) -> impl IntoView {
    let c = ctx();
    let (doc, lesson, date) = (sheet.doc, sheet.lesson.id, sheet.lesson.date);
    let locked = sheet.locked;
    let readonly = locked || !sheet.writable;
    let conflicts = sheet.conflicts();
    view! {
        <div class="lesson-head">
            <button class="btn ghost" on:click=move |_| c.go(Screen::Today(Some(date)))>
                {t("lesson-back")}
            </button>
            <div class="titles">
                <h1>{sheet.title.clone()}</h1>
                <p>
                    {long_date(lang(), date)} " · "
                    {ts("lesson-number", &[("number", &sheet.lesson.number.to_string())])}
                </p>
            </div>
            <button class="btn" on:click=move |_| c.go(Screen::Journal { doc })>
                {t("lesson-grid")}
            </button>
        </div>
        {locked.then(|| view! { <p class="locked" role="note">{t("lesson-locked")}</p> })}
        <div class="texts">
            <LessonText doc=doc lesson=lesson kind=TextKind::Topic initial=sheet.lesson.topic.clone() others=sheet.lesson.topic_other.clone() locked=readonly />
            <LessonText doc=doc lesson=lesson kind=TextKind::Homework initial=sheet.lesson.homework.clone() others=sheet.lesson.homework_other.clone() locked=readonly />
        </div>
        {(conflicts > 0)
            .then(|| {
                view! {
                    <p class="conflict-note" role="alert">
                        <strong>{t("conflict-title")}</strong> " " {t("conflict-hint")}
                    </p>
                }
            })}
        {(!readonly).then(|| view! { <p class="hint">{t("lesson-hint")}</p> })}
        <ol class="class-list">
            {sheet
                .rows
                .into_iter()
                .map(|r| view! { <StudentRow doc=doc lesson=lesson row=r readonly=readonly /> })
                .collect_view()}
        </ol>
    }
}

#[component]
pub fn LessonPage(doc: DocId, lesson: LessonId) -> impl IntoView {
    let data = RwSignal::new(Load::<LessonSheet>::Loading);
    let load = move || spawn_load(data, async move { backend().lesson(doc, lesson).await });
    load();
    view! {
        <section class="lesson">
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any(),
                Load::Ready(s) => view! { <SheetView sheet=s /> }.into_any(),
            }}
        </section>
    }
}
