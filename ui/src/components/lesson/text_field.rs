//! Topic and homework: saved when the field loses focus or on Enter, with a saved mark.

use leptos::prelude::*;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId};

use super::save;
use crate::components::common::{SaveBadge, SaveState};
use crate::i18n::t;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Topic,
    Homework,
}

impl TextKind {
    fn op(self, lesson: LessonId, text: String) -> JournalOp {
        match self {
            TextKind::Topic => JournalOp::SetTopic {
                lesson,
                topic: text,
            },
            TextKind::Homework => JournalOp::SetHomework {
                lesson,
                homework: text,
            },
        }
    }
}

#[component]
pub fn LessonText(
    doc: DocId,
    lesson: LessonId,
    kind: TextKind,
    initial: String,
    locked: bool,
) -> impl IntoView {
    let text = RwSignal::new(initial.clone());
    let saved = RwSignal::new(initial);
    let state = RwSignal::new(SaveState::Idle);
    let commit = move || {
        let now = text.get_untracked().trim().to_string();
        if locked || now == saved.get_untracked() {
            return;
        }
        let before = saved.get_untracked();
        saved.set(now.clone());
        save(doc, kind.op(lesson, now), state, move || saved.set(before));
    };
    let (label, placeholder) = match kind {
        TextKind::Topic => (t("lesson-topic"), t("lesson-topic-placeholder")),
        TextKind::Homework => (t("lesson-homework"), t("lesson-homework-placeholder")),
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() {
            ev.prevent_default();
            commit();
        }
    };
    let input = move |ev| text.set(event_target_value(&ev));
    view! {
        <label class="field">
            <span class="label">{label} " " <SaveBadge state=state /></span>
            {match kind {
                TextKind::Topic => {
                    view! {
                        <input
                            type="text"
                            placeholder=placeholder
                            readonly=locked
                            prop:value=move || text.get()
                            on:input=input
                            on:blur=move |_| commit()
                            on:keydown=on_key
                        />
                    }
                        .into_any()
                }
                TextKind::Homework => {
                    view! {
                        <textarea
                            rows="2"
                            placeholder=placeholder
                            readonly=locked
                            prop:value=move || text.get()
                            on:input=input
                            on:blur=move |_| commit()
                            on:keydown=on_key
                        ></textarea>
                    }
                        .into_any()
                }
            }}
        </label>
    }
}
