//! «Журнал аудита»: who changed what — people data (class lists, personal files), rights,
//! accounts, locked periods, refused changes — newest first, filtered by period, kind of
//! action, author, class and student; more lines on request; «Выгрузить в Excel» with the same
//! filters. In the app it needs the server and says so.

mod history;
mod table;

pub use history::StudentHistoryPanel;

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::wire::{AuditAction, AuditRowView, AuditView};

use crate::app::backend;
use crate::components::admin::{offer, InlineError};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};
use crate::logic::audit::{action_id, AuditFilter};
use crate::logic::dates::{iso, parse_iso};
use table::audit_table;

#[component]
pub fn AuditPage() -> impl IntoView {
    let filter = RwSignal::new(AuditFilter::default());
    let data = RwSignal::new(Load::<AuditView>::Loading);
    // What the filters offer, from the last page that came (kept while the next one loads).
    let last = RwSignal::new(None::<AuditView>);
    let more = RwSignal::new(Vec::<AuditRowView>::new());
    let next = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let exporting = RwSignal::new(false);
    let fetching = RwSignal::new(false);
    let load = move || {
        let f = filter.get_untracked();
        more.set(Vec::new());
        let be = backend();
        spawn_load(data, async move {
            let v = be.audit(&f, None).await?;
            next.set(v.next_before);
            last.set(Some(v.clone()));
            Ok(v)
        });
    };
    load();
    let set = move |change: &dyn Fn(&mut AuditFilter)| {
        filter.update(|f| change(f));
        load();
    };
    let load_more = move |_| {
        let Some(before) = next.get_untracked() else {
            return;
        };
        fetching.set(true);
        let f = filter.get_untracked();
        let be = backend();
        spawn_local(async move {
            match be.audit(&f, Some(before)).await {
                Ok(v) => {
                    next.set(v.next_before);
                    more.update(|m| m.extend(v.rows));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            fetching.set(false);
        });
    };
    let export = move |_| {
        exporting.set(true);
        let f = filter.get_untracked();
        let be = backend();
        spawn_local(async move {
            offer(be.audit_xlsx(&f).await, error);
            exporting.set(false);
        });
    };

    let date = move |label: String, class: &'static str, from: bool| {
        view! {
            <label class="inline">
                <span>{label}</span>
                <input
                    type="date"
                    class=class
                    prop:value=move || {
                        filter.with(|f| if from { f.from } else { f.to }).map(iso).unwrap_or_default()
                    }
                    on:change=move |ev| {
                        let d = parse_iso(&event_target_value(&ev));
                        set(&|f| if from { f.from = d } else { f.to = d });
                    }
                />
            </label>
        }
    };
    let actions = AuditAction::ALL
        .into_iter()
        .map(|a| view! { <option value=a.as_str()>{t(action_id(a))}</option> })
        .collect_view();
    let authors = move || {
        last.with(|v| {
            v.as_ref()
                .map(|v| v.authors.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|a| view! { <option value=a.id.to_string()>{a.name}</option> })
                .collect_view()
        })
    };
    let classes = move || {
        last.with(|v| {
            v.as_ref()
                .map(|v| v.classes.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
                .collect_view()
        })
    };
    let students = move || {
        let list = last.with(|v| v.as_ref().map(|v| v.students.clone()).unwrap_or_default());
        filter.with(|f| f.class.is_some()).then(|| {
            let options = list
                .into_iter()
                .map(|s| view! { <option value=s.id.to_string()>{s.name}</option> })
                .collect_view();
            view! {
                <label class="inline">
                    <span>{t("audit-filter-student")}</span>
                    <select
                        class="audit-student"
                        prop:value=move || {
                            filter.with(|f| f.student.map(|s| s.to_string()).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let s = event_target_value(&ev).parse().ok();
                            set(&|f| f.student = s);
                        }
                    >
                        <option value="">{t("audit-any")}</option>
                        {options}
                    </select>
                </label>
            }
        })
    };

    view! {
        <section class="admin audit">
            <div class="admin-head">
                <h1>{t("audit-title")}</h1>
                <button class="btn export" disabled=move || exporting.get() on:click=export>
                    {move || if exporting.get() { t("admin-exporting") } else { t("audit-export") }}
                </button>
            </div>
            <p class="hint">{t("audit-hint")}</p>
            <InlineError error=error />
            <div class="admin-filters">
                {date(t("audit-filter-from"), "audit-from", true)}
                {date(t("audit-filter-to"), "audit-to", false)}
                <label class="inline">
                    <span>{t("audit-filter-action")}</span>
                    <select
                        class="audit-action"
                        prop:value=move || {
                            filter.with(|f| f.action.map(|a| a.as_str().to_string()).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let a = AuditAction::parse(&event_target_value(&ev));
                            set(&|f| f.action = a);
                        }
                    >
                        <option value="">{t("audit-any")}</option>
                        {actions}
                    </select>
                </label>
                <label class="inline">
                    <span>{t("audit-filter-author")}</span>
                    <select
                        class="audit-author"
                        prop:value=move || {
                            filter.with(|f| f.user.map(|u| u.to_string()).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let u = event_target_value(&ev).parse().ok();
                            set(&|f| f.user = u);
                        }
                    >
                        <option value="">{t("audit-any")}</option>
                        {authors}
                    </select>
                </label>
                <label class="inline">
                    <span>{t("audit-filter-class")}</span>
                    <select
                        class="audit-class"
                        prop:value=move || {
                            filter.with(|f| f.class.map(|c| c.to_string()).unwrap_or_default())
                        }
                        on:change=move |ev| {
                            let c = event_target_value(&ev).parse().ok();
                            set(&|f| *f = f.with_class(c));
                        }
                    >
                        <option value="">{t("audit-any")}</option>
                        {classes}
                    </select>
                </label>
                {students}
                <button
                    class="btn ghost"
                    on:click=move |_| {
                        set(&|f| *f = AuditFilter::default());
                    }
                >
                    {t("audit-filter-reset")}
                </button>
            </div>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) if v.rows.is_empty() => {
                    view! { <p class="empty">{t("audit-empty")}</p> }.into_any()
                }
                Load::Ready(v) => {
                    let mut rows = v.rows;
                    rows.extend(more.get());
                    let shown = ts("audit-shown", &[("count", &rows.len().to_string())]);
                    view! {
                        <p class="hint audit-count">{shown}</p>
                        {audit_table(rows, true)}
                    }
                        .into_any()
                }
            }}
            {move || {
                next.get()
                    .map(|_| {
                        view! {
                            <button class="btn more" disabled=move || fetching.get() on:click=load_more>
                                {move || if fetching.get() { t("loading") } else { t("audit-more") }}
                            </button>
                        }
                    })
            }}
        </section>
    }
}
