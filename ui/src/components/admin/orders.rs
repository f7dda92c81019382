//! «Приказы»: the form that issues an order (kind, number, date, classes, students picked from
//! the class lists, destination, the order to cancel) with the server's refusal shown in place,
//! the orders of the period and the movement book with per-class counts and «Экспорт в Excel».

mod book;
mod form;

use leptos::prelude::*;
use zvonok_core::ids::ClassId;
use zvonok_core::wire::{BookView, ClassRow, ClassesView};

use crate::app::{backend, ctx};
use crate::components::common::{spawn_load, Load};
use crate::logic::admin::{may_issue_orders, school_year_of};
use crate::logic::dates::iso;
use crate::platform;

use book::BookPanel;
use form::OrderFormPanel;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let (from, to) = school_year_of(platform::today());
    let from = RwSignal::new(iso(from));
    let to = RwSignal::new(iso(to));
    let book = RwSignal::new(Load::<BookView>::Loading);
    let classes = RwSignal::new(Load::<ClassesView>::Loading);
    let load_book = move || {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        let be = backend();
        spawn_load(book, async move {
            let f = crate::logic::dates::parse_iso(&f);
            let t = crate::logic::dates::parse_iso(&t);
            match (f, t) {
                (Some(f), Some(t)) => be.movement_book(f, t).await,
                _ => Err(crate::backend::BackendError::Failed(crate::i18n::t(
                    "admin-book-bad-dates",
                ))),
            }
        });
    };
    load_book();
    let be = backend();
    spawn_load(classes, async move { be.people_classes().await });
    let issues = ctx()
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| may_issue_orders(&s.user)));

    view! {
        <section class="admin orders">
            <h1>{crate::i18n::t("admin-orders-title")}</h1>
            {issues
                .then(|| {
                    view! {
                        <OrderFormPanel
                            classes=classes
                            book=book
                            issued=Callback::new(move |_| load_book())
                        />
                    }
                })}
            <BookPanel book=book from=from to=to reload=Callback::new(move |_| load_book()) />
        </section>
    }
}

/// A class picker over the school's classes.
#[component]
pub fn ClassSelect(
    classes: Vec<ClassRow>,
    value: RwSignal<Option<ClassId>>,
    label: String,
) -> impl IntoView {
    let options = classes
        .into_iter()
        .map(|c| {
            let id = c.id;
            view! {
                <option value=id.to_string() selected=move || value.get() == Some(id)>
                    {c.name}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="inline">
            <span>{label}</span>
            <select on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="">{crate::i18n::t("admin-choose")}</option>
                {options}
            </select>
        </label>
    }
}
