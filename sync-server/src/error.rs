//! The one error type of the HTTP layer. Every non-2xx answer is a JSON `wire::ErrorBody`
//! with a Russian message that says what to do.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use thiserror::Error;
use zvonok_core::wire::ErrorBody;

use crate::storage::StorageError;

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("Войдите заново: токен устройства неизвестен или отозван.")]
    Unauthorized,
    #[error("Неверный логин или пароль. Проверьте раскладку клавиатуры и попробуйте снова.")]
    BadCredentials,
    #[error("Слишком много неудачных попыток входа. Подождите минуту и попробуйте снова.")]
    TooManyAttempts,
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
    #[error("Запрос слишком большой: сервер принимает не больше {0} байт. Синхронизируйте документы частями.")]
    TooLarge(usize),
    #[error("Внутренняя ошибка сервера: {0}. Повторите попытку позже; если ошибка повторяется, сообщите администратору.")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
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
            ApiError::TooManyAttempts => "too_many_attempts",
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

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("задача прервана: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(msg) = &self {
            tracing::error!("internal error: {msg}");
        }
        let body = ErrorBody {
            error: self.to_string(),
            code: self.code().to_string(),
        };
        (self.status(), Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
