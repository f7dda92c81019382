//! Sign-in: server address (the page's own origin in a browser, editable in the app), login,
//! password. Errors come back in Russian from the server or the catalogue.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::views::status::Session;

use crate::app::{backend, ctx};
use crate::components::admin::browser::replace_hash;
use crate::i18n::t;
use crate::logic::admin::slip_prefill;
use crate::platform;
use crate::route::Screen;

#[component]
pub fn SignIn() -> impl IntoView {
    let c = ctx();
    let be = backend();
    let editable = be.server_editable();
    let server = RwSignal::new(be.default_server());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // A slip's QR link fills in the login and the one-time code; the hash with the code is
    // replaced at once, so it stays neither in the address bar nor in the history.
    if let Some((l, code)) = slip_prefill(&platform::hash()) {
        login.set(l);
        password.set(code);
        replace_hash("#/");
    }
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (srv, l, p) = (server.get(), login.get(), password.get());
        if l.trim().is_empty() || p.is_empty() {
            error.set(Some(t("signin-empty")));
            return;
        }
        if srv.trim().is_empty() {
            error.set(Some(t("signin-no-server")));
            return;
        }
        busy.set(true);
        error.set(None);
        let be = backend();
        spawn_local(async move {
            match be.login(&srv, &l, &p).await {
                Ok(user) => {
                    let server = srv.trim().to_string();
                    password.set(String::new());
                    c.session.set(Some(Session { server, user }));
                    c.go(Screen::Home);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <form class="card signin" on:submit=submit>
            <h1>{t("signin-title")}</h1>
            <label>
                <span>{t("signin-server")}</span>
                <input
                    type="url"
                    inputmode="url"
                    autocomplete="url"
                    readonly=!editable
                    prop:value=move || server.get()
                    on:input=move |ev| server.set(event_target_value(&ev))
                />
            </label>
            <label>
                <span>{t("signin-login")}</span>
                <input
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    prop:value=move || login.get()
                    on:input=move |ev| login.set(event_target_value(&ev))
                />
            </label>
            <label>
                <span>{t("signin-password")}</span>
                <input
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button class="btn primary wide" type="submit" disabled=move || busy.get()>
                {move || if busy.get() { t("signin-busy") } else { t("signin-submit") }}
            </button>
        </form>
    }
}
