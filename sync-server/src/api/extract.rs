//! Request extractors: the authenticated device and the client's address.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{Duration, Utc};

use crate::auth::token_hash;
use crate::error::ApiError;
use crate::proxy::client_addr;
use crate::state::AppState;
use crate::storage::{DeviceRecord, UserRecord};

/// The user and device behind `Authorization: Bearer <token>`; 401 otherwise.
pub struct Authed {
    pub user: UserRecord,
    pub device: DeviceRecord,
}

impl FromRequestParts<Arc<AppState>> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized)?;
        let storage = &state.storage;
        let device = storage
            .device_by_token_hash(&token_hash(token))?
            .ok_or(ApiError::Unauthorized)?;
        if device.revoked.is_some() {
            return Err(ApiError::Unauthorized);
        }
        let user = storage.user(device.user)?.ok_or(ApiError::Unauthorized)?;
        let now = Utc::now();
        if now - device.last_seen > Duration::minutes(1) {
            storage.touch_device(device.id, now)?;
        }
        Ok(Authed { user, device })
    }
}

/// The client's IP address, when the server runs with connection info (not in `oneshot`
/// tests): the connection's peer, or what a trusted reverse proxy says (`--trusted-proxy`).
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| client_addr(c.0.ip(), &parts.headers, &state.trusted_proxies)),
        ))
    }
}
