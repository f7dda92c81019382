//! Pieces every screen uses: loading a view model, the loading/error states, save badges.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::BackendError;
use crate::i18n::t;
use crate::logic::saving::{badge, Badge};

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

pub use crate::logic::saving::SaveState;

/// A small saved / sent / not saved mark next to what was written. A write saved on the device
/// turns into «Отправлено» once the status reports nothing waiting.
#[component]
pub fn SaveBadge(state: RwSignal<SaveState>) -> impl IntoView {
    let status = crate::app::try_ctx().map(|c| c.status);
    move || {
        let pending = status.and_then(|s| s.with(|s| s.as_ref().map(|s| s.pending)));
        let b = badge(&state.get(), pending);
        let text = match (&b, b.message_id()) {
            (Badge::Hidden, _) => return None,
            (Badge::Failed(e), _) => e.clone(),
            (_, Some(id)) => t(id),
            (_, None) => return None,
        };
        Some(view! { <span class=b.class() role="status">{text}</span> })
    }
}
