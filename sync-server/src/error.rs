//! The one error type of the HTTP layer. Every non-2xx answer is a JSON `wire::ErrorBody`
//! with a Russian message that says what to do and a stable code. Internal errors never show
//! their text to the client: the answer carries a random incident id, and the details go to
//! the server's log under that id.

use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use thiserror::Error;
use zvonok_core::wire::ErrorBody;

use crate::auth::Throttled;
use crate::state::JSON_BODY_LIMIT;
use crate::storage::StorageError;

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("Войдите заново: токен устройства неизвестен или отозван.")]
    Unauthorized,
    #[error("Неверный логин или пароль. Проверьте раскладку клавиатуры и попробуйте снова.")]
    BadCredentials,
    /// A sign-in held back by the limiter; the number is seconds to wait (`Retry-After`).
    #[error("Слишком много неудачных попыток входа. Подождите {} и попробуйте снова.", wait_text(*.0))]
    TooManyAttempts(u64),
    #[error("Нет прав: {0}")]
    Forbidden(String),
    #[error("Расписание уроков есть только у сотрудников школы. Оценки и посещаемость ребёнка смотрите в его сводке.")]
    NotStaff,
    #[error("Не найдено: {0}")]
    NotFound(String),
    #[error("Неверный запрос: {0}")]
    BadRequest(String),
    /// The journal rules refused a write; the message is the domain error's, as it is.
    #[error("{0}")]
    Unprocessable(String),
    #[error("Запрос слишком большой: сервер принимает не больше {0} байт. Отправьте данные частями или файл поменьше.")]
    TooLarge(usize),
    /// Details for the server's log only; the client gets [`INTERNAL_MESSAGE`] and an incident id.
    #[error("внутренняя ошибка сервера: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Forbidden(_) | ApiError::NotStaff => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code for clients.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::BadCredentials => "bad_credentials",
            ApiError::TooManyAttempts(_) => "too_many_attempts",
            ApiError::Forbidden(_) | ApiError::NotStaff => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unprocessable(_) => "rejected",
            ApiError::TooLarge(_) => "too_large",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<Throttled> for ApiError {
    fn from(t: Throttled) -> Self {
        ApiError::TooManyAttempts(t.retry_after_secs())
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("задача прервана: {e}"))
    }
}

/// «30 с», «2 мин»: how long to wait, as people read it.
fn wait_text(secs: u64) -> String {
    if secs < 60 {
        format!("{} с", secs.max(1))
    } else {
        format!("{} мин", secs.div_ceil(60))
    }
}

/// What the client reads for an internal error, with the incident id.
pub fn internal_message(incident: &str) -> String {
    format!(
        "Внутренняя ошибка сервера (код ошибки {incident}). Повторите позже; если повторяется, \
         сообщите администратору этот код."
    )
}

/// A fresh incident id: 8 upper-case hex digits.
fn new_incident() -> String {
    format!("{:08X}", rand::random::<u32>())
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (error, incident) = match &self {
            ApiError::Internal(detail) => {
                let incident = new_incident();
                tracing::error!(incident = %incident, "internal error: {detail}");
                (internal_message(&incident), Some(incident))
            }
            e => (e.to_string(), None),
        };
        let body = ErrorBody {
            error,
            code: self.code().to_string(),
            incident,
        };
        let mut resp = (self.status(), Json(body)).into_response();
        if let ApiError::TooManyAttempts(secs) = self {
            resp.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

/// A JSON body that could not be read, as the client sees it: a fixed `message` for the route
/// (what the body needs), never the parser's text (that goes to the debug log).
pub fn json_rejected(e: JsonRejection, message: &str) -> ApiError {
    tracing::debug!("JSON body rejected: {}", e.body_text());
    match e {
        JsonRejection::MissingJsonContentType(_) => ApiError::BadRequest(
            "запрос отправляется с заголовком Content-Type: application/json".into(),
        ),
        e if e.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(JSON_BODY_LIMIT),
        // Well-formed JSON of the wrong shape (an unknown operation, a mark «7»…).
        JsonRejection::JsonDataError(_) => ApiError::Unprocessable(message.to_string()),
        _ => ApiError::BadRequest(message.to_string()),
    }
}

/// Like [`json_rejected`], but well-formed JSON of the wrong shape is a 400 too (routes whose
/// body is a request rather than an operation: sign-in, password, issuing, rights).
pub fn json_invalid(e: JsonRejection, message: &str) -> ApiError {
    match json_rejected(e, message) {
        ApiError::Unprocessable(m) => ApiError::BadRequest(m),
        other => other,
    }
}

/// A body that could not be read: over `limit` bytes, or the connection broke.
pub fn body_rejected(e: BytesRejection, limit: usize) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::TooLarge(limit);
    }
    tracing::debug!("body rejected: {}", e.body_text());
    ApiError::BadRequest("тело запроса не прочитано: соединение прервалось; повторите".into())
}

/// Query parameters that could not be read; `hint` says what they should be.
pub fn query_rejected(e: QueryRejection, hint: &str) -> ApiError {
    tracing::debug!("query rejected: {}", e.body_text());
    ApiError::BadRequest(format!("параметры запроса не разобраны: {hint}"))
}

pub type ApiResult<T> = Result<T, ApiError>;
