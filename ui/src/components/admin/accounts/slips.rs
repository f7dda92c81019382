//! Access slips: per class «Выдать и распечатать листки» (accounts for the class's students and
//! guardians who have none, with one-time codes, as a PDF to print; someone whose code was
//! given earlier, e.g. a guardian on another class's list, gets a note instead; new codes for
//! lost slips only when asked), and «Все классы», class by class with «Класс 3 из 33».

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::ClassId;
use zvonok_core::wire::{ClassesView, IssueRequest, IssueScope};

use crate::app::backend;
use crate::components::admin::{browser, Busy, InlineError};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, tn, ts};

async fn slips_of(class: ClassId, name: &str, reissue: bool) -> crate::backend::Result<()> {
    let file = ts("admin-slips-file", &[("class", name)]);
    let req = IssueRequest {
        reissue,
        ..IssueRequest::new(IssueScope::Class { class })
    };
    backend().download_slips(&req, &file).await
}

#[component]
pub fn SlipsPanel() -> impl IntoView {
    let classes = RwSignal::new(Load::<ClassesView>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(classes, async move { be.people_classes().await });
    };
    load();
    let busy = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // New codes for everyone in the class who has not signed in yet (lost slips).
    let reissue = RwSignal::new(false);

    let one = move |class: ClassId, name: String| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(ts("admin-slips-busy", &[("class", &name)])));
        error.set(None);
        done.set(None);
        spawn_local(async move {
            match slips_of(class, &name, reissue.get_untracked()).await {
                Ok(()) => done.set(Some(ts("admin-slips-done", &[("class", &name)]))),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(None);
        });
    };
    let all = move |_| {
        let Load::Ready(cv) = classes.get_untracked() else {
            return;
        };
        if busy.get_untracked().is_some()
            || !browser::confirm(&tn("admin-slips-all-confirm", cv.classes.len()))
        {
            return;
        }
        error.set(None);
        done.set(None);
        spawn_local(async move {
            let total = cv.classes.len();
            for (i, c) in cv.classes.iter().enumerate() {
                busy.set(Some(ts(
                    "admin-slips-progress",
                    &[
                        ("n", &(i + 1).to_string()),
                        ("total", &total.to_string()),
                        ("class", &c.name),
                    ],
                )));
                if let Err(e) = slips_of(c.id, &c.name, reissue.get_untracked()).await {
                    error.set(Some(ts(
                        "admin-slips-stopped",
                        &[("class", &c.name), ("error", &e.to_string())],
                    )));
                    busy.set(None);
                    return;
                }
            }
            done.set(Some(tn("admin-slips-all-done", total)));
            busy.set(None);
        });
    };

    view! {
        <div class="card slips">
            <h2>{t("admin-slips-title")}</h2>
            <p class="hint">{t("admin-slips-hint")}</p>
            <label class="check">
                <input
                    type="checkbox"
                    name="reissue"
                    prop:checked=move || reissue.get()
                    on:change=move |ev| reissue.set(event_target_checked(&ev))
                />
                {t("admin-slips-reissue")}
            </label>
            <Busy what=busy.into() />
            <InlineError error=error />
            {move || done.get().map(|d| view! { <p class="ok" role="status">{d}</p> })}
            {move || match classes.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(cv) => {
                    let rows = cv
                        .classes
                        .into_iter()
                        .map(|c| {
                            let (id, name) = (c.id, c.name.clone());
                            view! {
                                <li>
                                    <span class="class-name">{c.name.clone()}</span>
                                    <span class="meta">{tn("admin-people-count", c.students as usize)}</span>
                                    <button
                                        class="btn small"
                                        disabled=move || busy.get().is_some()
                                        on:click=move |_| one(id, name.clone())
                                    >
                                        {t("admin-slips-one")}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <button
                            class="btn primary slips-all"
                            disabled=move || busy.get().is_some()
                            on:click=all
                        >
                            {t("admin-slips-all")}
                        </button>
                        <ul class="slip-classes">{rows}</ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
