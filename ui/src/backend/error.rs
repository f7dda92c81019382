//! What can go wrong talking to the backend, said in the user's language.

use std::fmt;

use crate::i18n::{t, ts};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// No connection to the server (and nothing cached for this request).
    Offline,
    /// The session is over: sign in again. Carries the server's message when it sent one.
    Unauthorized(Option<String>),
    /// The backend refused or failed, with its message (already Russian from the server).
    Failed(String),
    /// The answer could not be read.
    Decode(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            BackendError::Offline => t("error-offline"),
            BackendError::Unauthorized(Some(m)) => m.clone(),
            BackendError::Unauthorized(None) => t("error-unauthorized"),
            BackendError::Failed(m) => m.clone(),
            BackendError::Decode(d) => ts("error-decode", &[("detail", d)]),
        };
        f.write_str(&msg)
    }
}

impl BackendError {
    /// From a non-2xx HTTP answer: the server's `ErrorBody.error` when it sent one.
    pub fn from_http(status: u16, body: &str) -> Self {
        let msg = serde_json::from_str::<zvonok_core::wire::ErrorBody>(body)
            .ok()
            .map(|b| b.error);
        match (status, msg) {
            (401, m) => BackendError::Unauthorized(m),
            (_, Some(m)) => BackendError::Failed(m),
            (code, None) => {
                BackendError::Failed(ts("error-server", &[("code", &code.to_string())]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_errors_carry_the_server_message() {
        let body = r#"{"error":"Неверный логин или пароль","code":"bad_login"}"#;
        assert_eq!(
            BackendError::from_http(401, body),
            BackendError::Unauthorized(Some("Неверный логин или пароль".into()))
        );
        assert_eq!(
            BackendError::from_http(403, r#"{"error":"Нет доступа","code":"forbidden"}"#)
                .to_string(),
            "Нет доступа"
        );
        crate::i18n::set_lang(crate::i18n::Lang::Ru);
        assert_eq!(
            BackendError::from_http(502, "<html>").to_string(),
            "Ошибка сервера (502)"
        );
    }
}
