//! The top bar: the app name, the server and user when signed in, language and sign-out.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{backend, ctx};
use crate::i18n::{lang, t};
use crate::route::Screen;

/// «school.example.ru» from «https://school.example.ru/».
fn host(server: &str) -> String {
    let s = server.split("://").nth(1).unwrap_or(server);
    s.trim_end_matches('/').to_string()
}

#[component]
pub fn Header() -> impl IntoView {
    let c = ctx();
    // Why signing out was refused (changes still waiting to be sent); the session stays.
    let refused = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        let be = backend();
        spawn_local(async move {
            match be.logout().await {
                Ok(()) => {
                    refused.set(None);
                    c.session.set(None);
                    c.go(Screen::Home);
                }
                Err(e) => refused.set(Some(e.to_string())),
            }
        });
    };
    let switch_lang = move |_| c.set_lang(lang().other());
    view! {
        <header class="topbar">
            <button class="brand" on:click=move |_| c.go(Screen::Home)>
                <img src="icons/icon-192.png" alt="" width="28" height="28" />
                <span>{t("app-title")}</span>
            </button>
            <div class="who">
                {move || {
                    c.session
                        .get()
                        .map(|s| {
                            view! {
                                <span class="user">{s.user.display_name.clone()}</span>
                                <span class="server">{host(&s.server)}</span>
                            }
                        })
                }}
            </div>
            <button class="btn ghost" on:click=switch_lang title=t("lang-switch-title")>
                {t("lang-switch")}
            </button>
            <Show when=move || c.session.with(Option::is_some)>
                <button class="btn ghost" on:click=sign_out>{t("signout")}</button>
            </Show>
        </header>
        {move || {
            refused
                .get()
                .map(|m| {
                    view! {
                        <div class="signout-refused" role="alert">
                            <p>{m}</p>
                            <button class="btn" on:click=move |_| refused.set(None)>
                                {t("close")}
                            </button>
                        </div>
                    }
                })
        }}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn host_of_server() {
        assert_eq!(
            super::host("https://school.example.ru/"),
            "school.example.ru"
        );
        assert_eq!(super::host("127.0.0.1:8080"), "127.0.0.1:8080");
    }
}
