//! One student in the lesson: the attendance button (one tap cycles the code), the marks of
//! this lesson (tap one to change or remove it), the button that opens the mark sheet, and —
//! when another device wrote the same cell at the same time — the other value with one-tap
//! buttons to keep either.

use leptos::prelude::*;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId};
use zvonok_core::views::grid::GridMark;
use zvonok_core::views::lesson::SheetRow;

use super::mark_sheet::{MarkEditor, MarkSheet};
use super::save;
use crate::components::common::{SaveBadge, SaveState};
use crate::i18n::{lang, t, ts};
use crate::logic::attendance::{css_class, parse_code, tap};
use crate::logic::conflicts::{attendance_choices, keep_label, mark_choices, other_line, Choice};
use crate::logic::grid_fmt::{mark_chip, mark_class};

/// «С другого устройства: Б» and a button per value; a tap runs `keep`.
#[component]
fn ConflictLine(
    label: Option<String>,
    others: Vec<String>,
    choices: Vec<Choice>,
    readonly: bool,
    keep: Callback<Choice>,
) -> impl IntoView {
    view! {
        <div class="conflict" role="alert">
            <p>
                {label.map(|l| view! { <strong>{l} " "</strong> })}
                {other_line(lang(), &others)}
            </p>
            {(!readonly)
                .then(|| {
                    view! {
                        <div class="keep">
                            {choices
                                .into_iter()
                                .map(|c| {
                                    let text = keep_label(lang(), &c.value);
                                    let class = if c.current { "btn keep-current" } else { "btn keep-other" };
                                    view! {
                                        <button class=class on:click=move |_| keep.run(c.clone())>
                                            {text}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })}
        </div>
    }
}

#[component]
pub fn StudentRow(doc: DocId, lesson: LessonId, row: SheetRow, readonly: bool) -> impl IntoView {
    let student = row.student;
    let code = RwSignal::new(parse_code(row.attendance.as_deref()));
    let att_other = RwSignal::new(row.attendance_other);
    let marks = RwSignal::new(row.marks);
    let state = RwSignal::new(SaveState::Idle);
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<GridMark>);
    let name = row.name;

    let cycle = move |_| {
        if readonly {
            return;
        }
        let before = code.get_untracked();
        let others = att_other.get_untracked();
        let (next, op) = tap(lesson, student, before);
        code.set(next);
        att_other.set(Vec::new());
        save(doc, op, state, move || {
            if code.get_untracked() == next {
                code.set(before);
                att_other.set(others);
            }
        });
    };
    let keep_attendance = Callback::new(move |c: Choice| {
        let JournalOp::SetAttendance { code: next, .. } = c.op else {
            return;
        };
        let (before, others) = (code.get_untracked(), att_other.get_untracked());
        code.set(next);
        att_other.set(Vec::new());
        save(doc, c.op, state, move || {
            code.set(before);
            att_other.set(others);
        });
    });
    let give = Callback::new(move |op: JournalOp| {
        adding.set(false);
        let JournalOp::GiveMark {
            id,
            ref value,
            ref kind,
            weight,
            ref comment,
            ..
        } = op
        else {
            return;
        };
        marks.update(|m| {
            m.push(GridMark {
                id,
                value: value.to_string(),
                kind: kind.clone(),
                weight,
                comment: comment.clone(),
                value_other: Vec::new(),
            })
        });
        save(doc, op, state, move || {
            marks.update(|m| m.retain(|x| x.id != id))
        });
    });
    // An edit (or a kept value of a conflict): `after` replaces the mark with the same id.
    let replace = move |after: GridMark, op: JournalOp| {
        let id = after.id;
        let before = marks.with_untracked(|v| v.iter().find(|m| m.id == id).cloned());
        marks.update(|v| {
            if let Some(m) = v.iter_mut().find(|m| m.id == id) {
                *m = after;
            }
        });
        save(doc, op, state, move || {
            if let Some(b) = before {
                marks.update(|v| {
                    if let Some(m) = v.iter_mut().find(|m| m.id == id) {
                        *m = b;
                    }
                });
            }
        });
    };
    let edit = Callback::new(move |(after, op): (GridMark, JournalOp)| {
        editing.set(None);
        replace(after, op);
    });
    let keep_mark = Callback::new(move |c: Choice| {
        let JournalOp::EditMark { id, value, .. } = &c.op else {
            return;
        };
        let Some(mut m) = marks.with_untracked(|v| v.iter().find(|m| m.id == *id).cloned()) else {
            return;
        };
        m.value = value.to_string();
        m.value_other.clear();
        replace(m, c.op);
    });
    let remove = Callback::new(move |m: GridMark| {
        editing.set(None);
        let id = m.id;
        marks.update(|v| v.retain(|x| x.id != id));
        save(doc, JournalOp::RemoveMark { id }, state, move || {
            marks.update(|v| v.push(m))
        });
    });

    let att_label = move || match code.get() {
        Some(c) => c.code().to_string(),
        None => t("att-present"),
    };
    let conflicts = move || {
        let others = att_other.get();
        let att = (!others.is_empty()).then(|| {
            let shown = code.get().map(|c| c.code().to_string());
            let choices = attendance_choices(lesson, student, shown.as_deref(), &others);
            view! {
                <ConflictLine
                    label=Some(t("badge-attendance") + ":")
                    others=others
                    choices=choices
                    readonly=readonly
                    keep=keep_attendance
                />
            }
        });
        let mark_lines = marks
            .get()
            .into_iter()
            .filter(|m| !m.value_other.is_empty())
            .map(|m| {
                view! {
                    <ConflictLine
                        label=Some(ts("mark-info-title", &[("value", &m.value)]) + ":")
                        others=m.value_other.clone()
                        choices=mark_choices(&m)
                        readonly=readonly
                        keep=keep_mark
                    />
                }
            })
            .collect_view();
        (att, mark_lines)
    };
    let sheet_name = name.clone();
    let edit_name = name.clone();
    view! {
        <li class="student" class:has-conflict=move || !att_other.with(Vec::is_empty) || marks.with(|v| v.iter().any(|m| !m.value_other.is_empty()))>
            <button
                class=move || css_class(code.get())
                class:conflicted=move || !att_other.with(Vec::is_empty)
                disabled=readonly
                aria-label=ts("att-aria", &[("name", &name)])
                on:click=cycle
            >
                {att_label}
            </button>
            <div class="who">
                <span class="name">{name.clone()}</span>
                <span class="avg">
                    {row.average.map(|a| ts("average-short", &[("avg", &a)]))}
                </span>
                <SaveBadge state=state />
            </div>
            <div class="marks">
                {move || {
                    marks
                        .get()
                        .into_iter()
                        .map(|m| {
                            let chip = m.clone();
                            let conflicted = !m.value_other.is_empty();
                            view! {
                                <button
                                    class=mark_class(&m.value)
                                    class:conflicted=conflicted
                                    on:click=move |_| editing.set(Some(chip.clone()))
                                >
                                    {mark_chip(&m)}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <button
                class="btn mark-add"
                disabled=readonly
                aria-label=t("mark-add")
                on:click=move |_| adding.set(true)
            >
                "+"
            </button>
            {conflicts}
            <Show when=move || adding.get()>
                <MarkSheet
                    name=sheet_name.clone()
                    lesson=lesson
                    student=student
                    on_give=give
                    on_close=Callback::new(move |_| adding.set(false))
                />
            </Show>
            {move || {
                editing
                    .get()
                    .map(|m| {
                        view! {
                            <MarkEditor
                                name=edit_name.clone()
                                mark=m
                                readonly=readonly
                                on_edit=edit
                                on_remove=remove
                                on_close=Callback::new(move |_| editing.set(None))
                            />
                        }
                    })
            }}
        </li>
    }
}
