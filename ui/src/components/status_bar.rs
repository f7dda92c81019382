//! The sync status bar, always visible: offline / syncing / synced at 14:05 / N changes
//! waiting, and the changes the server refused (expandable, with reason and description).

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::views::status::{RejectedChange, Status};

use crate::app::{backend, ctx};
use crate::i18n::{lang, t, ts};
use crate::logic::dates::full_numeric;
use crate::logic::status_text::{rejected_line, status_line, Tone};
use crate::platform;

fn line(s: &Option<Status>) -> (String, Tone) {
    match s {
        Some(s) => {
            let at = s.last_sync.unwrap_or_else(platform::now);
            status_line(lang(), s, platform::offset_minutes(at))
        }
        None => (t("status-never"), Tone::Warn),
    }
}

#[component]
fn Rejected(items: Vec<RejectedChange>) -> impl IntoView {
    let c = ctx();
    let open = RwSignal::new(false);
    let n = items.len();
    let be = backend();
    let dismiss = be.can_dismiss_rejected().then(|| {
        view! {
            <button
                class="btn ghost"
                on:click=move |_| {
                    if let Some(s) = backend().dismiss_rejected() {
                        c.status.set(Some(s));
                    }
                }
            >
                {t("rejected-dismiss")}
            </button>
        }
    });
    view! {
        <div class="rejected">
            <button class="btn danger" on:click=move |_| open.update(|o| *o = !*o)>
                {rejected_line(lang(), n)}
            </button>
            <Show when=move || open.get()>
                <ul class="rejected-list">
                    {items
                        .iter()
                        .map(|r| {
                            view! {
                                <li>
                                    <strong>{r.description.clone()}</strong>
                                    <span>{ts("rejected-reason", &[("reason", &r.reason)])}</span>
                                    <small>{full_numeric(r.at.date_naive())}</small>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {dismiss.clone()}
            </Show>
        </div>
    }
}

#[component]
pub fn StatusBar() -> impl IntoView {
    let c = ctx();
    let busy = RwSignal::new(false);
    let sync_now = move |_| {
        let be = backend();
        busy.set(true);
        spawn_local(async move {
            if let Ok(s) = be.sync_now().await {
                c.status.set(Some(s));
            }
            busy.set(false);
        });
    };
    let can_sync = backend().can_sync();
    view! {
        <footer class="statusbar" role="status" aria-live="polite">
            {move || {
                let s = c.status.get();
                let (text, tone) = line(&s);
                let rejected = s.map(|s| s.rejected).unwrap_or_default();
                view! {
                    <div class=tone.class()>
                        <span class="dot" aria-hidden="true"></span>
                        <span class="text">{text}</span>
                    </div>
                    {(!rejected.is_empty()).then(|| view! { <Rejected items=rejected /> })}
                }
            }}
            {can_sync
                .then(|| {
                    view! {
                        <button class="btn ghost" disabled=move || busy.get() on:click=sync_now>
                            {t("status-sync-now")}
                        </button>
                    }
                })}
        </footer>
    }
}
