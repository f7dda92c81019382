//! The order form. Students are picked from the list of the class they come from (enrollment:
//! the class they are entered into); the server's Russian refusal (a transfer without an
//! enrollment, a taken number) is shown under the button.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::doc::movement::MovementOp;
use zvonok_core::ids::{ClassId, OrderId, StudentId};
use zvonok_core::wire::{BookView, ClassesView, PeopleView};

use super::ClassSelect;
use crate::app::backend;
use crate::components::admin::InlineError;
use crate::components::common::{Load, Spinner};
use crate::i18n::{t, tn, ts};
use crate::logic::admin::name_matches;
use crate::logic::admin_orders::{build_order, cancellable, orders_of, FormKind, OrderForm, Pick};
use crate::logic::admin_titles::{form_kind, order_kind};
use crate::logic::dates::{full_numeric, iso};
use crate::platform;

#[component]
pub fn OrderFormPanel(
    classes: RwSignal<Load<ClassesView>>,
    book: RwSignal<Load<BookView>>,
    issued: Callback<()>,
) -> impl IntoView {
    let kind = RwSignal::new(FormKind::Enroll);
    let number = RwSignal::new(String::new());
    let date = RwSignal::new(iso(platform::today()));
    let from = RwSignal::new(None::<ClassId>);
    let to = RwSignal::new(None::<ClassId>);
    let destination = RwSignal::new(String::new());
    let cancels = RwSignal::new(None::<OrderId>);
    let picked = RwSignal::new(BTreeMap::<StudentId, String>::new());
    let search = RwSignal::new(String::new());
    let list = RwSignal::new(None::<Load<PeopleView>>);
    // Only the answer for the class chosen last is shown.
    let generation = StoredValue::new(0u32);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // The list to pick from follows the kind and the class chosen.
    Effect::new(move |_| {
        let class = match kind.get().picks_from() {
            Pick::To => to.get(),
            Pick::From => from.get(),
            Pick::Nobody => None,
        };
        picked.set(BTreeMap::new());
        let Some(c) = class else {
            list.set(None);
            return;
        };
        list.set(Some(Load::Loading));
        let turn = generation.get_value() + 1;
        generation.set_value(turn);
        let be = backend();
        spawn_local(async move {
            let answer = be.people(c).await;
            if generation.get_value() == turn {
                list.set(Some(match answer {
                    Ok(v) => Load::Ready(v),
                    Err(e) => Load::Failed(e.to_string()),
                }));
            }
        });
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        let form = OrderForm {
            kind: kind.get_untracked(),
            number: number.get_untracked(),
            date: date.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
            destination: destination.get_untracked(),
            cancels: cancels.get_untracked(),
            students: picked.get_untracked(),
        };
        let order = match build_order(&form) {
            Ok(o) => o,
            Err(id) => {
                error.set(Some(t(id)));
                return;
            }
        };
        let title = ts(
            "admin-order-issued",
            &[
                ("number", &order.number),
                ("date", &full_numeric(order.date)),
            ],
        );
        busy.set(true);
        error.set(None);
        let be = backend();
        spawn_local(async move {
            match be.issue_order(&MovementOp::AddOrder { order }).await {
                Ok(_) => {
                    done.set(Some(title));
                    number.set(String::new());
                    picked.set(BTreeMap::new());
                    issued.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    let kind_options = FormKind::ALL
        .iter()
        .map(|k| view! { <option value=k.code()>{form_kind(*k)}</option> })
        .collect_view();

    let class_pickers = move || {
        let Load::Ready(cv) = classes.get() else {
            return view! { <Spinner /> }.into_any();
        };
        let k = kind.get();
        let from_sel = matches!(k, FormKind::Transfer | FormKind::Withdraw).then(|| {
            view! { <ClassSelect classes=cv.classes.clone() value=from label=t("admin-order-from") /> }
        });
        let to_sel = matches!(k, FormKind::Enroll | FormKind::Transfer).then(|| {
            view! { <ClassSelect classes=cv.classes.clone() value=to label=t("admin-order-to") /> }
        });
        let dest = (k == FormKind::Withdraw).then(|| {
            view! {
                <label class="inline grow">
                    <span>{t("admin-order-destination")}</span>
                    <input
                        type="text"
                        prop:value=move || destination.get()
                        on:input=move |ev| destination.set(event_target_value(&ev))
                    />
                </label>
            }
        });
        let cancel_sel = (k == FormKind::Cancel).then(|| {
            let lines = match book.get() {
                Load::Ready(b) => orders_of(&b.book),
                _ => Vec::new(),
            };
            let options = cancellable(&lines)
                .into_iter()
                .map(|l| {
                    let label = ts(
                        "admin-order-line",
                        &[
                            ("number", &l.number),
                            ("date", &full_numeric(l.date)),
                            ("kind", &order_kind(&l.kind)),
                            ("students", &l.students.join(", ")),
                        ],
                    );
                    view! { <option value=l.order.to_string()>{label}</option> }
                })
                .collect_view();
            view! {
                <label class="inline grow">
                    <span>{t("admin-order-cancels")}</span>
                    <select on:change=move |ev| cancels.set(event_target_value(&ev).parse().ok())>
                        <option value="">{t("admin-choose")}</option>
                        {options}
                    </select>
                </label>
            }
        });
        view! { {from_sel} {to_sel} {dest} {cancel_sel} }.into_any()
    };

    let student_picker = move || {
        let l = list.get()?;
        Some(match l {
            Load::Loading => view! { <Spinner /> }.into_any(),
            Load::Failed(e) => view! { <p class="error">{e}</p> }.into_any(),
            Load::Ready(pv) => {
                let q = search.get();
                let rows = pv
                    .students
                    .into_iter()
                    .filter(|s| name_matches(&q, &s.name))
                    .map(|s| {
                        let id = s.id;
                        let name = s.name.clone();
                        view! {
                            <li>
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || picked.with(|p| p.contains_key(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let n = name.clone();
                                            picked.update(|p| {
                                                if on {
                                                    p.insert(id, n);
                                                } else {
                                                    p.remove(&id);
                                                }
                                            });
                                        }
                                    />
                                    <span>{s.name.clone()}</span>
                                    {(!s.active).then(|| view! { <span class="badge">{t("admin-people-withdrawn")}</span> })}
                                </label>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="picker">
                        <legend>
                            {move || tn("admin-order-students", picked.with(|p| p.len()))}
                        </legend>
                        <input
                            type="search"
                            class="admin-search"
                            placeholder=t("admin-people-search-hint")
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                        />
                        <ul class="pick-list">{rows}</ul>
                    </fieldset>
                }
                .into_any()
            }
        })
    };

    view! {
        <form class="card order-form" on:submit=submit>
            <h2>{t("admin-order-new")}</h2>
            <div class="admin-filters">
                <label class="inline">
                    <span>{t("admin-order-kind")}</span>
                    <select
                        class="order-kind"
                        on:change=move |ev| {
                            if let Some(k) = FormKind::parse(&event_target_value(&ev)) {
                                kind.set(k);
                            }
                        }
                    >
                        {kind_options}
                    </select>
                </label>
                <label class="inline">
                    <span>{t("admin-order-number")}</span>
                    <input
                        type="text"
                        class="order-number"
                        size="8"
                        prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev))
                    />
                </label>
                <label class="inline">
                    <span>{t("admin-order-date")}</span>
                    <input
                        type="date"
                        class="order-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                </label>
                {class_pickers}
            </div>
            {student_picker}
            <InlineError error=error />
            {move || done.get().map(|d| view! { <p class="ok" role="status">{d}</p> })}
            <button class="btn primary" type="submit" disabled=move || busy.get()>
                {t("admin-order-issue")}
            </button>
        </form>
    }
}
