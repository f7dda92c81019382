//! The HTTP client of the server's API (reqwest). The only code in the crate that talks to
//! the network.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::{Response, StatusCode};
use zvonok_core::ids::StudentId;
use zvonok_core::wire::{ErrorBody, LoginRequest, LoginResponse, UserInfo, SYNC_CONTENT_TYPE};

use super::SyncError;
use crate::account::Credentials;

/// How long to wait for a connection to the server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take in all (a first sync of a whole school can be large).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A client of one server, with or without a device token.
#[derive(Clone, Debug)]
pub struct Api {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

/// The answer of a conditional summary fetch.
#[derive(Clone, Debug)]
pub enum Fetched {
    /// 304: the cached copy is current.
    NotModified,
    Fresh {
        etag: Option<String>,
        body: String,
    },
}

impl Api {
    /// A client of the server at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base: &str) -> Result<Self, SyncError> {
        let base = base.trim().trim_end_matches('/').to_string();
        let url = reqwest::Url::parse(&base).map_err(|_| SyncError::BadUrl(base.clone()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(SyncError::BadUrl(base));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("zvonok-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Network(e.to_string()))?;
        Ok(Api {
            http,
            base,
            token: None,
        })
    }

    /// A client for the stored credentials; fails if the device has no token.
    pub fn from_credentials(c: &Credentials) -> Result<Self, SyncError> {
        if !c.has_token() {
            return Err(SyncError::Unauthorized);
        }
        Ok(Self::new(&c.server)?.with_token(&c.token))
    }

    pub fn with_token(mut self, token: &str) -> Self {
        self.token = Some(token.to_string());
        self
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn authed(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    /// `POST /v1/login`: registers this device.
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        device_name: &str,
    ) -> Result<LoginResponse, SyncError> {
        let body = LoginRequest {
            login: login.to_string(),
            password: password.to_string(),
            device_name: device_name.to_string(),
        };
        let resp = self
            .http
            .post(self.url("/v1/login"))
            .json(&body)
            .send()
            .await
            .map_err(net)?;
        if resp.status() == StatusCode::UNAUTHORIZED || resp.status() == StatusCode::FORBIDDEN {
            let msg = error_message(resp).await;
            return Err(SyncError::BadCredentials(msg));
        }
        let resp = check(resp).await?;
        resp.json()
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    /// `GET /v1/me`.
    pub async fn me(&self) -> Result<UserInfo, SyncError> {
        let resp = self
            .authed(self.http.get(self.url("/v1/me")))
            .send()
            .await
            .map_err(net)?;
        check(resp)
            .await?
            .json()
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    /// `POST /v1/sync` with an encoded `SyncRequest`; returns the encoded `SyncResponse`.
    pub async fn sync(&self, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let resp = self
            .authed(self.http.post(self.url("/v1/sync")))
            .header(CONTENT_TYPE, SYNC_CONTENT_TYPE)
            .body(body)
            .send()
            .await
            .map_err(net)?;
        let bytes = check(resp).await?.bytes().await.map_err(net)?;
        Ok(bytes.to_vec())
    }

    /// `GET /v1/students/{id}/summary`, conditional on `etag`.
    pub async fn summary(
        &self,
        student: StudentId,
        etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        let mut rb = self.authed(
            self.http
                .get(self.url(&format!("/v1/students/{student}/summary"))),
        );
        if let Some(e) = etag {
            rb = rb.header(IF_NONE_MATCH, e);
        }
        let resp = rb.send().await.map_err(net)?;
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        let resp = check(resp).await?;
        let etag = resp
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.text().await.map_err(net)?;
        Ok(Fetched::Fresh { etag, body })
    }

    /// `GET /v1/devices`, as the server's JSON.
    pub async fn devices(&self) -> Result<serde_json::Value, SyncError> {
        let resp = self
            .authed(self.http.get(self.url("/v1/devices")))
            .send()
            .await
            .map_err(net)?;
        check(resp)
            .await?
            .json()
            .await
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    /// `DELETE /v1/devices/{id}`.
    pub async fn revoke(&self, device: &str) -> Result<(), SyncError> {
        let resp = self
            .authed(
                self.http
                    .delete(self.url(&format!("/v1/devices/{}", device.trim()))),
            )
            .send()
            .await
            .map_err(net)?;
        check(resp).await?;
        Ok(())
    }
}

fn net(e: reqwest::Error) -> SyncError {
    let mut root = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        root = s.to_string();
        src = s.source();
    }
    SyncError::Network(if e.is_timeout() {
        "сервер не ответил вовремя".into()
    } else if e.is_connect() {
        format!("нет соединения: {root}")
    } else {
        root
    })
}

/// The Russian message of an error body, or the status line.
async fn error_message(resp: Response) -> String {
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(b) if !b.error.is_empty() => b.error,
        _ if !text.trim().is_empty() && text.len() < 500 => text.trim().to_string(),
        _ => status.to_string(),
    }
}

/// Turns non-2xx answers into errors.
async fn check(resp: Response) -> Result<Response, SyncError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let msg = error_message(resp).await;
    Err(match status {
        StatusCode::UNAUTHORIZED => SyncError::Unauthorized,
        StatusCode::FORBIDDEN => SyncError::Forbidden(msg),
        StatusCode::NOT_FOUND => SyncError::NotFound(msg),
        StatusCode::TOO_MANY_REQUESTS => SyncError::RateLimited(retry_after),
        s if s.is_client_error() => SyncError::Refused(s.as_u16(), msg),
        s => SyncError::Server(s.as_u16(), msg),
    })
}
