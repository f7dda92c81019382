//! Credentials: argon2id password hashes, random device tokens stored only as SHA-256, actor
//! ids, bounds on what a sign-in may send, and the limiter of sign-in attempts (`limiter`).

mod limiter;

pub use limiter::{Attempt, LoginLimiter, LoginLimits, Throttled, ThrottledBy};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("не удалось вычислить хеш пароля: {0}")]
pub struct HashError(String);

/// The longest login a sign-in may send, in characters (logins are far shorter).
pub const MAX_LOGIN_CHARS: usize = 100;
/// The longest password a sign-in or a password change may send, in bytes: argon2 never runs
/// on more.
pub const MAX_PASSWORD_BYTES: usize = 256;

/// Why a login or password is refused before any work is done.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum CredentialBoundError {
    #[error("логин слишком длинный: не больше {MAX_LOGIN_CHARS} знаков; проверьте, что вставили в поле логина")]
    LoginTooLong,
    #[error("пароль слишком длинный: не больше {MAX_PASSWORD_BYTES} байт (около 128 русских букв); придумайте пароль короче")]
    PasswordTooLong,
}

/// Checks the lengths of a login and a password before a limiter slot or argon2 is spent.
pub fn check_bounds(login: &str, password: &str) -> Result<(), CredentialBoundError> {
    // Count characters only up to the bound, so a huge login costs no more than a short one.
    if login.chars().take(MAX_LOGIN_CHARS + 1).count() > MAX_LOGIN_CHARS {
        return Err(CredentialBoundError::LoginTooLong);
    }
    check_password_bound(password)
}

/// Checks the length of a password (a new or a current one).
pub fn check_password_bound(password: &str) -> Result<(), CredentialBoundError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(CredentialBoundError::PasswordTooLong);
    }
    Ok(())
}

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
    fn bounds_before_any_work() {
        assert_eq!(check_bounds("ivanova.ap", "zvonok-demo"), Ok(()));
        let login = "ж".repeat(MAX_LOGIN_CHARS);
        assert_eq!(
            check_bounds(&login, "x"),
            Ok(()),
            "100 Cyrillic letters fit"
        );
        assert_eq!(
            check_bounds(&format!("{login}a"), "x"),
            Err(CredentialBoundError::LoginTooLong)
        );
        assert_eq!(
            check_bounds("a", &"p".repeat(MAX_PASSWORD_BYTES + 1)),
            Err(CredentialBoundError::PasswordTooLong)
        );
        assert_eq!(check_bounds("a", &"p".repeat(MAX_PASSWORD_BYTES)), Ok(()));
    }
}
