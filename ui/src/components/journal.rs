//! The journal grid: students × lessons, absence codes and marks in the cells, the weighted
//! average and the final mark. Scrolls sideways with the names column pinned. The final column
//! is tappable for the teacher who keeps the journal while the period is open; cells two
//! devices wrote at the same time are marked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::{DocId, StudentId};
use zvonok_core::marks::MarkValue;
use zvonok_core::views::grid::{GridRow, JournalGrid};

use crate::app::{backend, ctx, try_ctx};
use crate::components::common::{spawn_load, Failure, Load, SaveBadge, SaveState, Spinner};
use crate::components::lesson::Backdrop;
use crate::i18n::{lang, t, tn, ts};
use crate::logic::conflicts::{cell_note, other_line};
use crate::logic::dates::day_month;
use crate::logic::finals::{can_set, is_current, op as final_op, suggested, FINAL_VALUES};
use crate::logic::grid_fmt::{average_text, cell_class, cell_text, period_range, EMPTY};
use crate::route::Screen;

/// One student's final mark as the row shows it, and where its write stands.
#[derive(Clone, Copy)]
struct FinalCell {
    shown: RwSignal<Option<String>>,
    others: RwSignal<Vec<String>>,
    state: RwSignal<SaveState>,
}

/// Writes a final mark; the row shows it at once and goes back if it was not saved.
fn save_final(doc: DocId, student: StudentId, cell: FinalCell, value: Option<MarkValue>) {
    let before = (cell.shown.get_untracked(), cell.others.get_untracked());
    cell.shown.set(value.map(|v| v.to_string()));
    cell.others.set(Vec::new());
    cell.state.set(SaveState::Saving);
    let be = backend();
    spawn_local(async move {
        match be.apply_op(doc, &final_op(student, value)).await {
            Ok(saved) => {
                if let Some(c) = try_ctx() {
                    c.status.update(|s| {
                        if let Some(s) = s {
                            s.pending = s.pending.max(saved.pending);
                        }
                    });
                }
                cell.state.set(SaveState::after(saved.pending));
            }
            Err(e) => {
                cell.shown.set(before.0);
                cell.others.set(before.1);
                cell.state.set(SaveState::Failed(ts(
                    "save-error",
                    &[("reason", &e.to_string())],
                )));
            }
        }
    });
}

/// The sheet of one final mark: the average to guide the choice, the values, clearing it.
#[component]
fn FinalSheet(
    name: String,
    average: Option<String>,
    average_centi: Option<u32>,
    cell: FinalCell,
    on_pick: Callback<Option<MarkValue>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let hint = suggested(average_centi);
    view! {
        <Backdrop on_close=on_close>
            <h2>{ts("journal-final-set", &[("name", &name)])}</h2>
            <p class="final-average">
                {match average {
                    Some(a) => ts("journal-final-average", &[("avg", &a)]),
                    None => t("journal-final-no-average"),
                }}
            </p>
            {move || {
                let others = cell.others.get();
                (!others.is_empty())
                    .then(|| {
                        view! {
                            <p class="conflict" role="alert">
                                <strong>{t("conflict-title")}</strong> " " {other_line(lang(), &others)} ". "
                                {t("conflict-hint")}
                            </p>
                        }
                    })
            }}
            <div class="values finals" role="group" aria-label=t("journal-final")>
                {FINAL_VALUES
                    .iter()
                    .map(|v| {
                        let v = *v;
                        let suggested = hint == Some(v);
                        view! {
                            <button
                                class="value"
                                class:on=move || cell.shown.with(|s| is_current(s.as_deref(), v))
                                class:suggested=suggested
                                on:click=move |_| on_pick.run(Some(v))
                            >
                                {v.to_string()}
                                {suggested.then(|| view! { <small>{t("journal-final-suggested")}</small> })}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || cell.shown.with(Option::is_some)>
                <button class="btn danger wide" on:click=move |_| on_pick.run(None)>
                    {t("journal-final-clear")}
                </button>
            </Show>
            <button class="btn wide" on:click=move |_| on_close.run(())>{t("close")}</button>
        </Backdrop>
    }
}

/// The final mark being chosen: whose, and the row's cell.
#[derive(Clone)]
struct Picking {
    student: StudentId,
    name: String,
    average: Option<String>,
    average_centi: Option<u32>,
    cell: FinalCell,
}

#[component]
fn Row(
    row: GridRow,
    index: usize,
    open: bool,
    locked: bool,
    on_final: Callback<Picking>,
) -> impl IntoView {
    let student = row.student;
    let cell = FinalCell {
        shown: RwSignal::new(row.final_mark.clone()),
        others: RwSignal::new(row.final_other.clone()),
        state: RwSignal::new(SaveState::Idle),
    };
    let picking = Picking {
        student,
        name: row.name.clone(),
        average: row.average.clone(),
        average_centi: row.average_centi,
        cell,
    };
    let name = row.name.clone();
    let final_view = move || {
        let text = cell.shown.get().unwrap_or_else(|| EMPTY.to_string());
        let others = cell.others.get();
        let conflict = (!others.is_empty()).then(|| other_line(lang(), &others));
        if open {
            let aria = ts("journal-final-aria", &[("name", &name)]);
            view! {
                <button
                    class="final-btn"
                    class:conflicted=conflict.is_some()
                    title=conflict.clone()
                    aria-label=aria
                    on:click={
                        let p = picking.clone();
                        move |_| on_final.run(p.clone())
                    }
                >
                    {text}
                </button>
                <SaveBadge state=cell.state />
            }
            .into_any()
        } else {
            let title = conflict
                .clone()
                .or_else(|| locked.then(|| t("journal-locked")));
            view! {
                <span class:conflicted=conflict.is_some() class:locked=locked title=title>
                    {text}
                </span>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row" class="name">
                <span class="idx">{index + 1}</span>
                {row.name.clone()}
            </th>
            {row
                .cells
                .iter()
                .map(|c| {
                    let note = cell_note(lang(), c);
                    let class = if note.is_some() {
                        format!("{} conflict", cell_class(c))
                    } else {
                        cell_class(c).to_string()
                    };
                    view! { <td class=class title=note>{cell_text(c)}</td> }
                })
                .collect_view()}
            <td class="avg">{average_text(row.average.as_deref())}</td>
            <td class="final">{final_view}</td>
        </tr>
    }
}

#[component]
fn Grid(grid: JournalGrid) -> impl IntoView {
    let c = ctx();
    let doc = grid.doc;
    let open = can_set(grid.writable, grid.locked);
    let locked = grid.locked;
    let conflicts = grid.conflicts();
    // The sheet lives outside the table: sticky cells would paint over it.
    let picking = RwSignal::new(None::<Picking>);
    let on_final = Callback::new(move |p: Picking| picking.set(Some(p)));
    let sheet = move || {
        picking.get().map(|p| {
            let (student, cell) = (p.student, p.cell);
            let pick = Callback::new(move |v: Option<MarkValue>| {
                picking.set(None);
                save_final(doc, student, cell, v);
            });
            view! {
                <FinalSheet
                    name=p.name
                    average=p.average
                    average_centi=p.average_centi
                    cell=cell
                    on_pick=pick
                    on_close=Callback::new(move |_| picking.set(None))
                />
            }
        })
    };
    view! {
        <div class="grid-head">
            <button class="btn ghost" on:click=move |_| c.go(Screen::Today(None))>
                {t("journal-back")}
            </button>
            <div class="titles">
                <h1>{grid.title.clone()}</h1>
                <p>{ts("journal-period", &[("range", &period_range(grid.start, grid.end))])}</p>
            </div>
        </div>
        {grid.locked.then(|| view! { <p class="locked" role="note">{t("journal-locked")}</p> })}
        {(conflicts > 0)
            .then(|| view! { <p class="conflict-note" role="alert">{tn("journal-conflicts", conflicts)}</p> })}
        {if grid.lessons.is_empty() {
            view! { <p class="empty">{t("journal-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="grid-scroll">
                    <table class="grid">
                        <thead>
                            <tr>
                                <th class="name" scope="col">{t("journal-student")}</th>
                                {grid
                                    .lessons
                                    .iter()
                                    .map(|l| {
                                        let (lesson, title) = (l.id, l.topic.clone());
                                        view! {
                                            <th scope="col" title=title>
                                                <button
                                                    class="date"
                                                    on:click=move |_| c.go(Screen::Lesson { doc, lesson })
                                                >
                                                    {day_month(l.date)}
                                                </button>
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                                <th scope="col" class="avg">{t("journal-average")}</th>
                                <th scope="col" class="final">{t("journal-final")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {grid
                                .rows
                                .into_iter()
                                .enumerate()
                                .map(|(i, r)| view! { <Row row=r index=i open=open locked=locked on_final=on_final /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {sheet}
    }
}

#[component]
pub fn JournalPage(doc: DocId) -> impl IntoView {
    let data = RwSignal::new(Load::<JournalGrid>::Loading);
    let load = move || spawn_load(data, async move { backend().journal(doc).await });
    load();
    view! {
        <section class="journal">
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any(),
                Load::Ready(g) => view! { <Grid grid=g /> }.into_any(),
            }}
        </section>
    }
}
