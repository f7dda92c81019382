//! Pieces every screen uses: loading a view model, the loading/error states, save badges.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::BackendError;
use crate::i18n::t;

/// A view model on its way.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(String),
}

/// Runs `fut` and puts its answer into `sig`.
pub fn spawn_load<T, F>(sig: RwSignal<Load<T>>, fut: F)
where
    T: Send + Sync + 'static,
    F: Future<Output = Result<T, BackendError>> + 'static,
{
    sig.set(Load::Loading);
    spawn_local(async move {
        sig.set(match fut.await {
            Ok(v) => Load::Ready(v),
            Err(e) => Load::Failed(e.to_string()),
        });
    });
}

#[component]
pub fn Spinner() -> impl IntoView {
    view! { <p class="loading" role="status">{t("loading")}</p> }
}

/// An error with a retry button.
#[component]
pub fn Failure(message: String, retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="failure" role="alert">
            <p>{message}</p>
            <button class="btn" on:click=move |_| retry.run(())>{t("retry")}</button>
        </div>
    }
}

/// Where a write stands.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum SaveState {
    #[default]
    Idle,
    Saving,
    /// Durable on the server.
    Saved,
    /// Durable on this device; waiting to sync.
    OnDevice,
    Failed(String),
}

impl SaveState {
    pub fn after(pending: usize) -> SaveState {
        if pending > 0 {
            SaveState::OnDevice
        } else {
            SaveState::Saved
        }
    }
}

/// A small saved / saving / not saved mark next to what was written.
#[component]
pub fn SaveBadge(state: RwSignal<SaveState>) -> impl IntoView {
    move || {
        let (class, text) = match state.get() {
            SaveState::Idle => return None,
            SaveState::Saving => ("save saving", t("save-saving")),
            SaveState::Saved => ("save saved", t("save-saved")),
            SaveState::OnDevice => ("save saved", t("save-device")),
            SaveState::Failed(e) => ("save failed", e),
        };
        Some(view! { <span class=class role="status">{text}</span> })
    }
}
