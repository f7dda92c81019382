//! Credentials: argon2id password hashes, random device tokens stored only as SHA-256, actor
//! ids, and the limiter of failed logins.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("не удалось вычислить хеш пароля: {0}")]
pub struct HashError(String);

/// Hashes a password with argon2id (default parameters) and a random salt: a PHC string.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Checks a password against a PHC string; a malformed hash never verifies.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A fresh bearer token: 32 random bytes, hex.
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// What the server stores for a token: SHA-256, lower-case hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh Automerge actor id for a device: 16 random bytes, hex. Never the server's actor.
pub fn new_actor() -> String {
    let mut b = [0u8; 16];
    loop {
        rand::thread_rng().fill_bytes(&mut b);
        if b != [0u8; 16] {
            return hex::encode(b);
        }
    }
}

/// Counts failed logins per login name and per client address in a sliding window.
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        LoginLimiter {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(login: &str, ip: Option<IpAddr>) -> Vec<String> {
        let mut k = vec![format!("login:{}", login.trim().to_lowercase())];
        if let Some(ip) = ip {
            k.push(format!("ip:{ip}"));
        }
        k
    }

    /// Is this attempt allowed (fewer than the limit of recent failures on either key)?
    pub fn allowed(&self, login: &str, ip: Option<IpAddr>) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        Self::keys(login, ip).iter().all(|k| match map.get_mut(k) {
            Some(q) => {
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.window)
                {
                    q.pop_front();
                }
                q.len() < self.max_failures
            }
            None => true,
        })
    }

    pub fn record_failure(&self, login: &str, ip: Option<IpAddr>) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Keep memory bounded under a flood: forget keys with no recent failure.
            let window = self.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) <= window));
        }
        for k in Self::keys(login, ip) {
            map.entry(k).or_default().push_back(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_roundtrip() {
        let h = hash_password("zvonok-demo").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("zvonok-demo", &h));
        assert!(!verify_password("zvonok", &h));
        assert!(!verify_password("zvonok-demo", "not a hash"));
    }

    #[test]
    fn tokens_are_hashed() {
        let t = new_token();
        assert_eq!(t.len(), 64);
        assert_eq!(token_hash(&t).len(), 64);
        assert_ne!(token_hash(&t), t);
        assert_eq!(new_actor().len(), 32);
    }

    #[test]
    fn limiter_counts_per_login_and_ip() {
        let l = LoginLimiter::new(2, Duration::from_secs(60));
        let ip: IpAddr = "10.0.0.1".parse().expect("ip");
        assert!(l.allowed("teacher", Some(ip)));
        l.record_failure("teacher", Some(ip));
        l.record_failure("Teacher", None);
        assert!(!l.allowed("teacher", None));
        assert!(l.allowed("parent", None));
        l.record_failure("parent", Some(ip));
        assert!(
            !l.allowed("director", Some(ip)),
            "the address is over the limit"
        );
    }
}
