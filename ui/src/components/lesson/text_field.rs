//! Topic and homework: saved when the field loses focus or on Enter, with a saved mark.

use leptos::prelude::*;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId};

use super::save;
use crate::components::common::{SaveBadge, SaveState};
use crate::i18n::t;
use crate::logic::conflicts::{text_choices, Choice};

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
    /// Texts another device wrote at the same time (a conflict).
    others: Vec<String>,
    locked: bool,
) -> impl IntoView {
    let text = RwSignal::new(initial.clone());
    let saved = RwSignal::new(initial);
    let others = RwSignal::new(others);
    let state = RwSignal::new(SaveState::Idle);
    let write = move |now: String| {
        let before = (saved.get_untracked(), others.get_untracked());
        saved.set(now.clone());
        others.set(Vec::new());
        save(doc, kind.op(lesson, now), state, move || {
            saved.set(before.0);
            others.set(before.1);
        });
    };
    let commit = move || {
        let now = text.get_untracked().trim().to_string();
        if locked || now == saved.get_untracked() {
            return;
        }
        write(now);
    };
    // Keeping one of the concurrent texts writes it again (the same text too: that resolves it).
    let keep = move |c: Choice| {
        if locked {
            return;
        }
        text.set(c.value.clone());
        write(c.value);
    };
    let choices = move || {
        let o = others.get();
        text_choices(lesson, kind == TextKind::Topic, &saved.get(), &o)
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
        <div class="text-block">
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
        {move || {
            let list = choices();
            (!list.is_empty())
                .then(|| {
                    view! {
                        <div class="conflict text-conflict" role="alert">
                            <p><strong>{t("conflict-title")}</strong></p>
                            {list
                                .into_iter()
                                .map(|c| {
                                    let shown = c.value.clone();
                                    let label = if c.current { t("conflict-shown") } else { t("conflict-from-other") };
                                    view! {
                                        <div class="text-choice">
                                            <span>{label}</span>
                                            <q>{shown}</q>
                                            <button class="btn" on:click=move |_| keep(c.clone())>
                                                {t("conflict-text-keep")}
                                            </button>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
        }}
        </div>
    }
}
