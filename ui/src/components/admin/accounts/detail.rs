//! One account opened in the list: a password reset (the one-time password shown once, with a
//! warning) and the account's devices with their last contact and «Отключить».

use leptos::prelude::*;
use leptos::task::spawn_local;
use zvonok_core::ids::UserId;
use zvonok_core::wire::{DevicesResponse, PasswordReset};

use crate::app::backend;
use crate::components::admin::{browser, when, InlineError};
use crate::components::common::{spawn_load, Failure, Load, Spinner};
use crate::i18n::{t, ts};

#[component]
pub fn AccountDetail(
    user: UserId,
    login: String,
    name: String,
    /// Something changed (a device was revoked): the list reloads its counts.
    changed: Callback<()>,
) -> impl IntoView {
    let reset = RwSignal::new(None::<PasswordReset>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let devices = RwSignal::new(Load::<DevicesResponse>::Loading);
    let load_devices = move || {
        let be = backend();
        spawn_load(devices, async move { be.devices_of(user).await });
    };
    load_devices();

    let confirm_text = ts("admin-reset-confirm", &[("name", &name), ("login", &login)]);
    let do_reset = move |_| {
        if !browser::confirm(&confirm_text) {
            return;
        }
        busy.set(true);
        let be = backend();
        spawn_local(async move {
            match be.reset_password(user).await {
                Ok(r) => {
                    error.set(None);
                    reset.set(Some(r));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let revoke = move |id, device_name: String| {
        if !browser::confirm(&ts(
            "admin-device-revoke-confirm",
            &[("device", &device_name)],
        )) {
            return;
        }
        let be = backend();
        spawn_local(async move {
            match be.revoke_device(id).await {
                Ok(()) => {
                    error.set(None);
                    load_devices();
                    changed.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };

    view! {
        <div class="account-detail">
            <div class="reset">
                <button class="btn" disabled=move || busy.get() on:click=do_reset>
                    {t("admin-reset-password")}
                </button>
                {move || {
                    reset
                        .get()
                        .map(|r| {
                            view! {
                                <div class="one-time" role="status">
                                    <p class="warn">{t("admin-reset-once")}</p>
                                    <p>
                                        {t("admin-reset-login")} " " <code class="login">{r.login}</code>
                                        " · " {t("admin-reset-password-label")} " "
                                        <code class="password">{r.password}</code>
                                    </p>
                                    <button class="btn small" on:click=move |_| reset.set(None)>
                                        {t("admin-reset-hide")}
                                    </button>
                                </div>
                            }
                        })
                }}
            </div>
            <InlineError error=error />
            <h3>{t("admin-devices-title")}</h3>
            {move || match devices.get() {
                Load::Loading => view! { <Spinner /> }.into_any(),
                Load::Failed(e) => {
                    view! { <Failure message=e retry=Callback::new(move |_| load_devices()) /> }
                        .into_any()
                }
                Load::Ready(d) if d.devices.is_empty() => {
                    view! { <p class="empty">{t("admin-devices-none")}</p> }.into_any()
                }
                Load::Ready(d) => {
                    let rows = d
                        .devices
                        .into_iter()
                        .map(|dev| {
                            let id = dev.id;
                            let dev_name = dev.name.clone();
                            let state = match dev.revoked {
                                Some(at) => ts("admin-device-revoked", &[("at", &when(Some(at)))]),
                                None if dev.current => t("admin-device-current"),
                                None => String::new(),
                            };
                            view! {
                                <li class:revoked=dev.revoked.is_some()>
                                    <div class="what">
                                        <span class="name">{dev.name.clone()}</span>
                                        <span class="meta">
                                            {ts("admin-device-created", &[("at", &when(Some(dev.created)))])}
                                            " · "
                                            {ts("admin-device-seen", &[("at", &when(Some(dev.last_seen)))])}
                                        </span>
                                        <span class="state">{state}</span>
                                    </div>
                                    {dev
                                        .revoked
                                        .is_none()
                                        .then(|| {
                                            view! {
                                                <button
                                                    class="btn danger small"
                                                    on:click=move |_| revoke(id, dev_name.clone())
                                                >
                                                    {t("admin-device-revoke")}
                                                </button>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="devices">{rows}</ul> }.into_any()
                }
            }}
        </div>
    }
}
