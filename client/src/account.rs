//! The device's account: which server it talks to, its bearer token, device id, Automerge
//! actor and the user it belongs to, kept in the store's settings.

use automerge::ActorId;
use zvonok_core::ids::DeviceId;
use zvonok_core::rights::Principal;
use zvonok_core::wire::{LoginResponse, UserInfo};

use crate::store::{Store, StoreError};

/// Setting keys.
pub(crate) mod keys {
    pub const SERVER: &str = "server_url";
    pub const TOKEN: &str = "token";
    pub const DEVICE: &str = "device_id";
    pub const ACTOR: &str = "actor";
    pub const USER: &str = "user";
    pub const LAST_SYNC: &str = "last_sync_at";
    pub const LAST_ERROR: &str = "last_error";
    pub const LAST_ATTEMPT: &str = "last_attempt_at";
    pub const NEXT_RETRY: &str = "next_retry_at";
}

/// What a login gave this device.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// Base URL of the server, e.g. `http://127.0.0.1:8080` (no trailing slash).
    pub server: String,
    pub token: String,
    pub device: DeviceId,
    /// Hex Automerge actor id assigned by the server.
    pub actor: String,
    pub user: UserInfo,
}

impl Credentials {
    pub fn from_login(server: &str, resp: LoginResponse) -> Self {
        Credentials {
            server: server.trim_end_matches('/').to_string(),
            token: resp.token,
            device: resp.device,
            actor: resp.actor,
            user: resp.user,
        }
    }

    /// The actor every local change carries, if the stored hex is valid.
    pub fn actor_id(&self) -> Option<ActorId> {
        actor_from_hex(&self.actor)
    }

    /// The user as a rights principal: roles and explicit grants, as the server sent them.
    /// The server decides again with its own copy.
    pub fn principal(&self) -> Principal {
        principal_of(&self.user)
    }

    /// Reads the stored credentials; `None` if the device never logged in.
    pub fn load(store: &Store) -> Result<Option<Self>, StoreError> {
        let (Some(server), Some(token), Some(device), Some(actor), Some(user)) = (
            store.setting(keys::SERVER)?,
            store.setting(keys::TOKEN)?,
            store.setting(keys::DEVICE)?,
            store.setting(keys::ACTOR)?,
            store.setting(keys::USER)?,
        ) else {
            return Ok(None);
        };
        let device = device
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("идентификатор устройства {device}")))?;
        let user: UserInfo = serde_json::from_str(&user)
            .map_err(|e| StoreError::Corrupt(format!("сведения о пользователе: {e}")))?;
        Ok(Some(Credentials {
            server,
            token,
            device,
            actor,
            user,
        }))
    }

    /// Stores the credentials (atomically).
    pub fn save(&self, store: &Store) -> Result<(), StoreError> {
        let user = serde_json::to_string(&self.user)
            .map_err(|e| StoreError::Corrupt(format!("сведения о пользователе: {e}")))?;
        let device = self.device.to_string();
        store.set_settings(&[
            (keys::SERVER, Some(&self.server)),
            (keys::TOKEN, Some(&self.token)),
            (keys::DEVICE, Some(&device)),
            (keys::ACTOR, Some(&self.actor)),
            (keys::USER, Some(&user)),
        ])
    }

    /// Replaces the stored user info (after `GET /v1/me`).
    pub fn save_user(store: &Store, user: &UserInfo) -> Result<(), StoreError> {
        let user = serde_json::to_string(user)
            .map_err(|e| StoreError::Corrupt(format!("сведения о пользователе: {e}")))?;
        store.set_setting(keys::USER, &user)
    }

    /// Forgets the token (the server said it is revoked); the rest stays so that the user
    /// still sees their data. [`Credentials::has_token`] is then false.
    pub fn forget_token(store: &Store) -> Result<(), StoreError> {
        store.set_setting(keys::TOKEN, "")
    }

    /// Does the device still hold a token?
    pub fn has_token(&self) -> bool {
        !self.token.is_empty()
    }
}

/// Parses a hex actor id.
pub fn actor_from_hex(hex_str: &str) -> Option<ActorId> {
    let bytes = hex::decode(hex_str.trim()).ok()?;
    if bytes.is_empty() {
        return None;
    }
    Some(ActorId::from(bytes))
}

/// A user as a rights principal (see [`Credentials::principal`]).
pub fn principal_of(user: &UserInfo) -> Principal {
    Principal {
        user: user.id,
        roles: user.roles.clone(),
        grants: user.grants.clone(),
        staff: user.staff,
        guardian: user.guardian,
        student: user.student,
    }
}
