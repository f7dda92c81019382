//! The orders of a period and the movement book: per class the students at the start and the
//! end, arrivals and departures, every line with its order; «Экспорт в Excel».

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::movement::OrderKind;
use zvonok_core::wire::BookView;

use crate::app::backend;
use crate::components::admin::{offer, InlineError};
use crate::components::common::{Failure, Load, Spinner};
use crate::i18n::t;
use crate::logic::admin_orders::orders_of;
use crate::logic::admin_titles::order_kind;
use crate::logic::dates::{full_numeric, parse_iso};

#[component]
pub fn BookPanel(
    book: RwSignal<Load<BookView>>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    reload: Callback<()>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let exporting = RwSignal::new(false);
    let export = move |_| {
        let (Some(f), Some(tt)) = (
            parse_iso(&from.get_untracked()),
            parse_iso(&to.get_untracked()),
        ) else {
            error.set(Some(t("admin-book-bad-dates")));
            return;
        };
        exporting.set(true);
        let be = backend();
        spawn_local(async move {
            offer(be.movement_book_xlsx(f, tt).await, error);
            exporting.set(false);
        });
    };
    let date_input = move |sig: RwSignal<String>, label: String, class: &'static str| {
        view! {
            <label class="inline">
                <span>{label}</span>
                <input
                    type="date"
                    class=class
                    prop:value=move || sig.get()
                    on:change=move |ev| {
                        sig.set(event_target_value(&ev));
                        reload.run(());
                    }
                />
            </label>
        }
    };

    view! {
        <div class="card book">
            <h2>{t("admin-book-title")}</h2>
            <div class="admin-filters">
                {date_input(from, t("admin-book-from"), "book-from")}
                {date_input(to, t("admin-book-to"), "book-to")}
                <button class="btn" disabled=move || exporting.get() on:click=export>
                    {move || if exporting.get() { t("admin-exporting") } else { t("admin-export-xlsx") }}
                </button>
            </div>
            <InlineError error=error />
            {move || match book.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| reload.run(())) /> }
                        .into_any()
                }
                Load::Ready(v) => book_tables(v).into_any(),
            }}
        </div>
    }
}

fn book_tables(v: BookView) -> impl IntoView {
    let name = |c| v.class_names.get(&c).cloned().unwrap_or_default();
    let counts = v
        .book
        .classes
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td class="class-name">{name(c.class)}</td>
                    <td class="num at-start">{c.at_start}</td>
                    <td class="num">{c.arrived}</td>
                    <td class="num">{c.left}</td>
                    <td class="num at-end">{c.at_end}</td>
                </tr>
            }
        })
        .collect_view();
    let orders = orders_of(&v.book)
        .into_iter()
        .map(|o| {
            view! {
                <tr class:cancelled=o.cancelled>
                    <td>{full_numeric(o.date)}</td>
                    <td>{o.number.clone()}</td>
                    <td>{order_kind(&o.kind)}</td>
                    <td>{o.students.join(", ")}</td>
                    <td>{o.cancelled.then(|| t("admin-book-cancelled"))}</td>
                </tr>
            }
        })
        .collect_view();
    let lines = v
        .book
        .entries
        .iter()
        .map(|e| {
            let (from, to) = match &e.kind {
                OrderKind::Enroll { to } => (String::new(), name(*to)),
                OrderKind::Transfer { from, to } => (name(*from), name(*to)),
                OrderKind::Withdraw { from, destination } => (name(*from), destination.clone()),
                OrderKind::Cancel { .. } => (String::new(), String::new()),
            };
            view! {
                <tr class:cancelled=e.cancelled_by.is_some()>
                    <td>{full_numeric(e.date)}</td>
                    <td>{e.number.clone()}</td>
                    <td>{order_kind(&e.kind)}</td>
                    <td>{e.name.clone()}</td>
                    <td>{from}</td>
                    <td>{to}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = v.book.entries.is_empty();
    view! {
        <h3>{t("admin-book-counts")}</h3>
        <div class="table-wrap">
            <table class="admin-table book-counts">
                <thead>
                    <tr>
                        <th>{t("admin-book-class")}</th>
                        <th class="num">{t("admin-book-at-start")}</th>
                        <th class="num">{t("admin-book-arrived")}</th>
                        <th class="num">{t("admin-book-left")}</th>
                        <th class="num">{t("admin-book-at-end")}</th>
                    </tr>
                </thead>
                <tbody>{counts}</tbody>
            </table>
        </div>
        <h3>{t("admin-orders-list")}</h3>
        {empty.then(|| view! { <p class="empty">{t("admin-book-empty")}</p> })}
        <div class="table-wrap">
            <table class="admin-table order-list">
                <thead>
                    <tr>
                        <th>{t("admin-book-date")}</th>
                        <th>{t("admin-book-number")}</th>
                        <th>{t("admin-book-kind")}</th>
                        <th>{t("admin-book-students")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{orders}</tbody>
            </table>
        </div>
        <h3>{t("admin-book-lines")}</h3>
        <div class="table-wrap">
            <table class="admin-table book-lines">
                <thead>
                    <tr>
                        <th>{t("admin-book-date")}</th>
                        <th>{t("admin-book-number")}</th>
                        <th>{t("admin-book-kind")}</th>
                        <th>{t("admin-book-student")}</th>
                        <th>{t("admin-book-from-class")}</th>
                        <th>{t("admin-book-to-class")}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
}
