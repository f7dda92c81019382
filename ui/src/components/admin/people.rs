//! «Люди»: the classes with their counts, then a class: its students with their guardians, a
//! search and filters, restricted fields only when the server sent them, add and edit forms
//! when the view allows, and «Экспорт в Excel».

mod forms;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::{ClassId, StudentId};
use zvonok_core::wire::{ClassesView, PeopleView, PersonRow};

use crate::app::{backend, ctx};
use crate::components::admin::audit::StudentHistoryPanel;
use crate::components::admin::{offer, InlineError};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, tn, ts};
use crate::logic::admin::AdminPage;
use crate::logic::admin_people::{filter_people, Filter, Status};
use crate::logic::dates::full_numeric;
use crate::route::Screen;

use forms::{Editing, PersonForm};

#[component]
pub fn PeoplePage(class: Option<ClassId>) -> impl IntoView {
    match class {
        None => view! { <ClassList /> }.into_any(),
        Some(c) => view! { <ClassPeople class=c /> }.into_any(),
    }
}

#[component]
fn ClassList() -> impl IntoView {
    let c = ctx();
    let data = RwSignal::new(Load::<ClassesView>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.people_classes().await });
    };
    load();
    view! {
        <section class="admin people">
            <div class="admin-head">
                <h1>{t("admin-people-title")}</h1>
                <button class="btn" on:click=move |_| c.go(Screen::Admin(AdminPage::Import))>
                    {t("admin-import-open")}
                </button>
            </div>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) if v.classes.is_empty() => {
                    view! { <p class="empty">{t("admin-people-no-classes")}</p> }.into_any()
                }
                Load::Ready(v) => {
                    let items = v
                        .classes
                        .into_iter()
                        .map(|row| {
                            let id = row.id;
                            view! {
                                <li>
                                    <button
                                        class="class-card"
                                        on:click=move |_| c.go(Screen::Admin(AdminPage::People(Some(id))))
                                    >
                                        <span class="class-name">{row.name.clone()}</span>
                                        <span class="meta">{tn("admin-people-count", row.students as usize)}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="class-grid">{items}</ul> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ClassPeople(class: ClassId) -> impl IntoView {
    let c = ctx();
    let data = RwSignal::new(Load::<PeopleView>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.people(class).await });
    };
    load();
    let filter = RwSignal::new(Filter::default());
    let editing = RwSignal::new(None::<Editing>);
    let history = RwSignal::new(None::<StudentId>);
    let error = RwSignal::new(None::<String>);
    let exporting = RwSignal::new(false);
    let export = move |_| {
        exporting.set(true);
        let be = backend();
        spawn_local(async move {
            offer(be.people_xlsx(class).await, error);
            exporting.set(false);
        });
    };
    let status_options = Status::ALL
        .iter()
        .map(|s| {
            let label = match s {
                Status::All => t("admin-people-status-all"),
                Status::Active => t("admin-people-status-active"),
                Status::Withdrawn => t("admin-people-status-withdrawn"),
            };
            view! { <option value=s.code()>{label}</option> }
        })
        .collect_view();

    view! {
        <section class="admin people">
            <div class="admin-head">
                <button class="btn ghost" on:click=move |_| c.go(Screen::Admin(AdminPage::People(None)))>
                    {t("admin-people-back")}
                </button>
                <h1>
                    {move || match data.get() {
                        Load::Ready(v) => ts("admin-people-class-title", &[("class", &v.class_name)]),
                        _ => t("admin-people-title"),
                    }}
                </h1>
                <button class="btn export" disabled=move || exporting.get() on:click=export>
                    {move || if exporting.get() { t("admin-exporting") } else { t("admin-export-xlsx") }}
                </button>
            </div>
            <InlineError error=error />
            <div class="admin-filters">
                <label class="inline grow">
                    <span>{t("admin-search")}</span>
                    <input
                        type="search"
                        class="admin-search people-search"
                        placeholder=t("admin-people-search-hint")
                        prop:value=move || filter.with(|f| f.query.clone())
                        on:input=move |ev| filter.update(|f| f.query = event_target_value(&ev))
                    />
                </label>
                <label class="inline">
                    <span>{t("admin-people-status")}</span>
                    <select on:change=move |ev| {
                        filter.update(|f| f.status = Status::parse(&event_target_value(&ev)))
                    }>{status_options}</select>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        on:change=move |ev| filter.update(|f| f.without_guardian = event_target_checked(&ev))
                    />
                    <span>{t("admin-people-no-guardian")}</span>
                </label>
            </div>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) => {
                    class_view(v, filter, editing, history, Callback::new(move |_| load()))
                        .into_any()
                }
            }}
        </section>
    }
}

fn class_view(
    v: PeopleView,
    filter: RwSignal<Filter>,
    editing: RwSignal<Option<Editing>>,
    history: RwSignal<Option<StudentId>>,
    saved: Callback<()>,
) -> impl IntoView {
    let shown: Vec<PersonRow> =
        filter.with(|f| filter_people(&v.students, f).into_iter().cloned().collect());
    let count = ts(
        "admin-people-shown",
        &[
            ("shown", &shown.len().to_string()),
            ("total", &v.students.len().to_string()),
        ],
    );
    let add = v.can_add.then(|| {
        view! {
            <button class="btn primary" on:click=move |_| editing.set(Some(Editing::NewStudent))>
                {t("admin-people-add-student")}
            </button>
        }
    });
    let (can_edit, can_add) = (v.can_edit, v.can_add);
    let rows = shown
        .into_iter()
        .map(|s| student_row(s, can_edit, can_add, editing, history))
        .collect_view();
    let form_view = v.clone();
    view! {
        <div class="people-bar">
            <p class="hint">{count}</p>
            {add}
        </div>
        {move || {
            editing
                .get()
                .map(|e| {
                    view! {
                        <PersonForm
                            view=form_view.clone()
                            editing=e
                            close=Callback::new(move |_| editing.set(None))
                            saved=saved
                        />
                    }
                })
        }}
        {move || {
            history
                .get()
                .map(|s| {
                    view! {
                        <StudentHistoryPanel student=s close=Callback::new(move |_| history.set(None)) />
                    }
                })
        }}
        <div class="table-wrap">
            <table class="admin-table people-table">
                <thead>
                    <tr>
                        <th>{t("admin-people-col-student")}</th>
                        <th>{t("admin-people-col-guardians")}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn student_row(
    s: PersonRow,
    can_edit: bool,
    can_add: bool,
    editing: RwSignal<Option<Editing>>,
    history: RwSignal<Option<StudentId>>,
) -> impl IntoView {
    let birth = s
        .birth_date
        .map(|d| ts("admin-people-born", &[("date", &full_numeric(d))]));
    let guardians = s
        .guardians
        .iter()
        .map(|g| {
            let contacts: Vec<String> = [g.phone.clone(), g.email.clone()]
                .into_iter()
                .flatten()
                .filter(|x| !x.is_empty())
                .collect();
            let guardian = g.clone();
            let student = s.id;
            view! {
                <li>
                    <span class="name">{g.name.clone()}</span>
                    {(!g.relation.is_empty()).then(|| view! { <span class="meta">{g.relation.clone()}</span> })}
                    {(!contacts.is_empty()).then(|| view! { <span class="meta restricted">{contacts.join(", ")}</span> })}
                    {can_edit
                        .then(|| {
                            view! {
                                <button
                                    class="btn ghost small"
                                    on:click=move |_| {
                                        editing.set(Some(Editing::Guardian(guardian.clone(), student)))
                                    }
                                >
                                    {t("admin-people-edit")}
                                </button>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    let none = s
        .guardians
        .is_empty()
        .then(|| view! { <span class="missing">{t("admin-people-no-guardians")}</span> });
    let edit_student = s.clone();
    let link_to = s.id;
    view! {
        <tr class:withdrawn=!s.active>
            <td>
                <span class="name">{s.name.clone()}</span>
                {birth.map(|b| view! { <span class="meta restricted">{b}</span> })}
                {(!s.active).then(|| view! { <span class="badge">{t("admin-people-withdrawn")}</span> })}
            </td>
            <td>
                <ul class="guardians">{guardians}</ul>
                {none}
            </td>
            <td class="actions">
                {can_edit
                    .then(|| {
                        view! {
                            <button
                                class="btn small"
                                on:click=move |_| editing.set(Some(Editing::Student(edit_student.clone())))
                            >
                                {t("admin-people-edit")}
                            </button>
                        }
                    })}
                {(can_edit || can_add)
                    .then(|| {
                        view! {
                            <button
                                class="btn small"
                                on:click=move |_| editing.set(Some(Editing::AddGuardian(link_to)))
                            >
                                {t("admin-people-add-guardian")}
                            </button>
                        }
                    })}
                <button class="btn small ghost history-open" on:click=move |_| history.set(Some(link_to))>
                    {t("audit-history-open")}
                </button>
            </td>
        </tr>
    }
}
