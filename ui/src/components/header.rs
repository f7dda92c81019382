//! The top bar: the app name, the coordinator's navigation, the server and user when signed
//! in, language and sign-out.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{backend, ctx};
use crate::components::calendar_feed;
use crate::i18n::{lang, t};
use crate::logic::admin::{may_open, AdminPage};
use crate::logic::periods::{self, PeriodsPage};
use crate::logic::setup::{is_coordinator, SetupPage};
use crate::logic::timetable::{is_staff, TimetablePage};
use crate::route::Screen;

/// One entry of the coordinator's navigation: its label (a message id) and its screen.
pub struct NavEntry {
    pub label: &'static str,
    pub screen: Screen,
}

/// The coordinator's navigation, in order: the school and its people, the journals' state
/// and reports, closing the period and the year, then accounts, rights and the audit log. Add
/// one line per screen.
pub const COORDINATOR_NAV: &[NavEntry] = &[
    NavEntry {
        label: "nav-school",
        screen: Screen::Setup(SetupPage::Overview),
    },
    NavEntry {
        label: "rollout-nav",
        screen: Screen::Rollout,
    },
    NavEntry {
        label: "tt-nav",
        screen: Screen::Timetable(TimetablePage::Grid(None)),
    },
    NavEntry {
        label: "admin-nav-people",
        screen: Screen::Admin(AdminPage::People(None)),
    },
    NavEntry {
        label: "admin-nav-orders",
        screen: Screen::Admin(AdminPage::Orders),
    },
    NavEntry {
        label: "completeness-nav",
        screen: Screen::Periods(PeriodsPage::Completeness(None)),
    },
    NavEntry {
        label: "reports-nav",
        screen: Screen::Reports,
    },
    NavEntry {
        label: "periods-nav",
        screen: Screen::Periods(PeriodsPage::Close(None)),
    },
    NavEntry {
        label: "yc-nav",
        screen: Screen::YearClose,
    },
    NavEntry {
        label: "admin-nav-accounts",
        screen: Screen::Admin(AdminPage::Accounts),
    },
    NavEntry {
        label: "admin-nav-rights",
        screen: Screen::Admin(AdminPage::Rights),
    },
    NavEntry {
        label: "audit-nav",
        screen: Screen::Admin(AdminPage::Audit),
    },
];

/// Is `entry` the section the screen `s` belongs to?
fn is_current(entry: &NavEntry, s: Screen) -> bool {
    match (entry.screen, s) {
        (Screen::Setup(_), Screen::Setup(_)) => true,
        (Screen::Admin(a), Screen::Admin(b)) => a.area() == b.area(),
        (Screen::Timetable(_), Screen::Timetable(_)) => true,
        (Screen::Periods(PeriodsPage::Close(_)), Screen::Periods(PeriodsPage::Close(_))) => true,
        (
            Screen::Periods(PeriodsPage::Completeness(_)),
            Screen::Periods(PeriodsPage::Completeness(_)),
        ) => true,
        (a, b) => a == b,
    }
}

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
            {move || {
                let coordinator = c
                    .session
                    .with(|s| s.as_ref().is_some_and(|s| is_coordinator(&s.user.roles)));
                // The coordinator's screens show to whoever their roles and grants open them for.
                let user = c.session.with(|s| s.as_ref().map(|s| s.user.clone()));
                let opens = move |e: &NavEntry| match (e.screen, &user) {
                    (Screen::Admin(p), Some(u)) => may_open(u, p.area()),
                    // Every staff member reads the timetable; editing needs the right.
                    (Screen::Timetable(_), Some(u)) => is_staff(u),
                    (Screen::Periods(_), Some(u)) => periods::may_open(u),
                    (Screen::YearClose, Some(u)) => crate::logic::year_close::may_close_year(u),
                    (Screen::Rollout, Some(u)) => crate::logic::rollout::may_open(u),
                    _ => coordinator,
                };
                COORDINATOR_NAV.iter().any(&opens)
                    .then(|| {
                        view! {
                            <nav class="topnav" aria-label=t("nav-label")>
                                {COORDINATOR_NAV
                                    .iter()
                                    .filter(|e| opens(e))
                                    .map(|e| {
                                        let screen = e.screen;
                                        view! {
                                            <button
                                                class="navlink"
                                                aria-current=move || {
                                                    is_current(e, c.screen.get()).then_some("page")
                                                }
                                                on:click=move |_| c.go(screen)
                                            >
                                                {t(e.label)}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </nav>
                        }
                    })
            }}
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
            <Show when=move || {
                c.session.with(|s| s.as_ref().is_some_and(|s| calendar_feed::offered(&s.user)))
            }>
                <button
                    class="btn ghost calendar-nav"
                    aria-current=move || (c.screen.get() == Screen::Calendar).then_some("page")
                    on:click=move |_| c.go(Screen::Calendar)
                >
                    {t("calendar-nav")}
                </button>
            </Show>
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
