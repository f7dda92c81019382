//! «Календарь»: links a phone's calendar subscribes to, so that lessons and their changes
//! show there — a teacher's own lessons, a class's (for its staff), a child's (for a parent)
//! or one's own (for a student). A link is shown once, when it is made; making it again gives
//! a new link and the old one stops working; «Отозвать» stops it for good. In the app it needs
//! the server and says so.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::CalendarFeedId;
use zvonok_core::wire::{CalendarFeedsView, FeedOption, FeedTarget, FeedView, UserInfo};

use crate::app::backend;
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};

/// Does the header offer «Календарь» to this user: a teacher, a parent, a student?
pub fn offered(u: &UserInfo) -> bool {
    u.staff.is_some() || u.student.is_some() || !u.children.is_empty()
}

/// The same address for calendars that open `webcal://` links (phones subscribe on a tap).
pub fn webcal(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.to_string(),
    }
}

/// A link just made: its target and address (shown only now).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fresh {
    target: FeedTarget,
    url: String,
}

#[component]
pub fn CalendarFeedPage() -> impl IntoView {
    let data = RwSignal::new(Load::<CalendarFeedsView>::Loading);
    let fresh = RwSignal::new(None::<Fresh>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move || {
        let be = backend();
        spawn_load(data, async move { be.calendar_feeds().await });
    };
    load();
    let make = move |target: FeedTarget| {
        busy.set(true);
        let be = backend();
        spawn_local(async move {
            match be.create_calendar_feed(target).await {
                Ok(created) => {
                    fresh.set(Some(Fresh {
                        target,
                        url: be.calendar_url(&created.path),
                    }));
                    error.set(None);
                    load();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let revoke = move |id: CalendarFeedId, target: FeedTarget| {
        busy.set(true);
        let be = backend();
        spawn_local(async move {
            match be.revoke_calendar_feed(id).await {
                Ok(()) => {
                    if fresh.with_untracked(|f| f.as_ref().is_some_and(|f| f.target == target)) {
                        fresh.set(None);
                    }
                    error.set(None);
                    load();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let row = move |o: FeedOption| {
        let target = o.target;
        let shown = move || fresh.get().filter(|f| f.target == target);
        let feed = o.feed.clone();
        view! {
            <li class="card calendar-feed">
                <h2>{o.title.clone()}</h2>
                {match &feed {
                    Some(f) => view! {
                        <p class="hint">{ts("calendar-made", &[("date", &made(f))])}</p>
                    }
                    .into_any(),
                    None => view! { <p class="hint">{t("calendar-none")}</p> }.into_any(),
                }}
                {move || shown().map(|f| link_view(&f.url))}
                <div class="actions">
                    <button
                        class="btn primary"
                        disabled=move || busy.get()
                        on:click=move |_| make(target)
                    >
                        {if feed.is_some() { t("calendar-renew") } else { t("calendar-create") }}
                    </button>
                    {feed
                        .as_ref()
                        .map(|f| {
                            let id = f.id;
                            view! {
                                <button
                                    class="btn danger"
                                    disabled=move || busy.get()
                                    on:click=move |_| revoke(id, target)
                                >
                                    {t("calendar-revoke")}
                                </button>
                            }
                        })}
                </div>
            </li>
        }
    };
    let lapsed_row = move |f: FeedView| {
        let (id, target) = (f.id, f.target);
        view! {
            <li class="card calendar-feed lapsed">
                <h2>{f.title.clone()}</h2>
                <p class="hint">{t("calendar-lapsed")}</p>
                <button
                    class="btn danger"
                    disabled=move || busy.get()
                    on:click=move |_| revoke(id, target)
                >
                    {t("calendar-revoke")}
                </button>
            </li>
        }
    };
    view! {
        <section class="calendar-feeds">
            <h1>{t("calendar-title")}</h1>
            <p class="hint">{t("calendar-hint")}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || match data.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(m) => {
                    view! { <Failure message=m retry=Callback::new(move |_| load()) /> }.into_any()
                }
                Load::Ready(v) if v.options.is_empty() && v.lapsed.is_empty() => {
                    view! { <p class="hint">{t("calendar-nothing")}</p> }.into_any()
                }
                Load::Ready(v) => view! {
                    <ul class="calendar-list">
                        {v.options.into_iter().map(row).collect_view()}
                        {v.lapsed.into_iter().map(lapsed_row).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

/// «05.12.2026»: when the link in force was made.
fn made(f: &FeedView) -> String {
    f.created.format("%d.%m.%Y").to_string()
}

/// The new link: the address to copy, a tap to subscribe, and that it is shown once.
fn link_view(url: &str) -> impl IntoView {
    let url = url.to_string();
    view! {
        <div class="calendar-link" role="status">
            <label>
                <span>{t("calendar-link")}</span>
                <input
                    type="text"
                    readonly
                    class="calendar-url"
                    prop:value=url.clone()
                    on:focus=|ev| {
                        use wasm_bindgen::JsCast;
                        if let Some(i) = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            i.select();
                        }
                    }
                />
            </label>
            <a class="btn" href=webcal(&url)>{t("calendar-subscribe")}</a>
            <p class="hint">{t("calendar-once")}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_addresses() {
        assert_eq!(
            webcal("https://school.example.ru/ical/ab.ics"),
            "webcal://school.example.ru/ical/ab.ics"
        );
        assert_eq!(
            webcal("http://127.0.0.1:8080/ical/ab.ics"),
            "webcal://127.0.0.1:8080/ical/ab.ics"
        );
        assert_eq!(webcal("/ical/ab.ics"), "/ical/ab.ics");
    }
}
