//! «История изменений» of one student on the people screen: who changed their list entry,
//! links and personal file, and when (the server never sends the values of personal fields).

use leptos::prelude::*;
use zvonok_core::ids::StudentId;
use zvonok_core::wire::StudentHistory;

use super::table::audit_table;
use crate::app::backend;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};

#[component]
pub fn StudentHistoryPanel(student: StudentId, close: Callback<()>) -> impl IntoView {
    let data = RwSignal::new(Load::<StudentHistory>::Loading);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.student_history(student).await });
    };
    load();
    view! {
        <div class="card history" role="region" aria-label=t("audit-history-title")>
            <div class="admin-head">
                <h2>
                    {move || match data.get() {
                        Load::Ready(h) => ts("audit-history-of", &[("name", &h.name)]),
                        _ => t("audit-history-title"),
                    }}
                </h2>
                <button class="btn ghost" on:click=move |_| close.run(())>
                    {t("audit-history-close")}
                </button>
            </div>
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(h) if h.rows.is_empty() => {
                    view! { <p class="empty">{t("audit-history-empty")}</p> }.into_any()
                }
                Load::Ready(h) => audit_table(h.rows, false).into_any(),
            }}
        </div>
    }
}
