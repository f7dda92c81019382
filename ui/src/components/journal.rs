//! The journal grid: students × lessons, absence codes and marks in the cells, the weighted
//! average and the final mark. Scrolls sideways with the names column pinned.

use leptos::prelude::*;
use zvonok_core::ids::DocId;
use zvonok_core::views::grid::{GridRow, JournalGrid};

use crate::app::{backend, ctx};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::dates::day_month;
use crate::logic::grid_fmt::{average_text, cell_class, cell_text, period_range, EMPTY};
use crate::route::Screen;

#[component]
fn Row(row: GridRow, index: usize) -> impl IntoView {
    view! {
        <tr>
            <th scope="row" class="name">
                <span class="idx">{index + 1}</span>
                {row.name.clone()}
            </th>
            {row
                .cells
                .iter()
                .map(|c| view! { <td class=cell_class(c)>{cell_text(c)}</td> })
                .collect_view()}
            <td class="avg">{average_text(row.average.as_deref())}</td>
            <td class="final">{row.final_mark.clone().unwrap_or_else(|| EMPTY.to_string())}</td>
        </tr>
    }
}

#[component]
fn Grid(grid: JournalGrid) -> impl IntoView {
    let c = ctx();
    let doc = grid.doc;
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
                                .map(|(i, r)| view! { <Row row=r index=i /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
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
