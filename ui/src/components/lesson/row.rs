//! One student in the lesson: the attendance button (one tap cycles the code), the marks of
//! this lesson (tap one to remove it) and the button that opens the mark sheet.

use leptos::prelude::*;
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::{DocId, LessonId};
use zvonok_core::views::grid::GridMark;
use zvonok_core::views::lesson::SheetRow;

use super::mark_sheet::{MarkInfo, MarkSheet};
use super::save;
use crate::components::common::{SaveBadge, SaveState};
use crate::i18n::{t, ts};
use crate::logic::attendance::{css_class, parse_code, tap};
use crate::logic::grid_fmt::{mark_chip, mark_class};

#[component]
pub fn StudentRow(doc: DocId, lesson: LessonId, row: SheetRow, locked: bool) -> impl IntoView {
    let student = row.student;
    let code = RwSignal::new(parse_code(row.attendance.as_deref()));
    let marks = RwSignal::new(row.marks);
    let state = RwSignal::new(SaveState::Idle);
    let adding = RwSignal::new(false);
    let showing = RwSignal::new(None::<GridMark>);
    let name = row.name;

    let cycle = move |_| {
        if locked {
            return;
        }
        let before = code.get_untracked();
        let (next, op) = tap(lesson, student, before);
        code.set(next);
        save(doc, op, state, move || {
            if code.get_untracked() == next {
                code.set(before);
            }
        });
    };
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
            })
        });
        save(doc, op, state, move || {
            marks.update(|m| m.retain(|x| x.id != id))
        });
    });
    let remove = Callback::new(move |m: GridMark| {
        showing.set(None);
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
    let sheet_name = name.clone();
    view! {
        <li class="student">
            <button
                class=move || css_class(code.get())
                disabled=locked
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
                            view! {
                                <button
                                    class=mark_class(&m.value)
                                    on:click=move |_| showing.set(Some(chip.clone()))
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
                disabled=locked
                aria-label=t("mark-add")
                on:click=move |_| adding.set(true)
            >
                "+"
            </button>
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
                showing
                    .get()
                    .map(|m| {
                        view! {
                            <MarkInfo
                                mark=m
                                locked=locked
                                on_remove=remove
                                on_close=Callback::new(move |_| showing.set(None))
                            />
                        }
                    })
            }}
        </li>
    }
}
