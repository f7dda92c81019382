//! The first start of a server for a real school: an empty database gets an empty `school`
//! document, the school's (empty) `movement` document and one administrator account, `admin`, whose one-time password is printed on the
//! console. That person signs in and sets the school up (the wizard writes the school document
//! through the ordinary sync path, where the server checks every change).

use rand::Rng;
use thiserror::Error;
use zvonok_core::doc::school::SchoolData;
use zvonok_core::doc::DocKind;
use zvonok_core::error::DomainError;
use zvonok_core::ids::{DocId, UserId};
use zvonok_core::rights::{Principal, Role};

use crate::storage::{DocMeta, DocRecord, NewDoc, Storage, StorageError};

/// The login of the first account.
pub const ADMIN_LOGIN: &str = "admin";

/// Letters and digits nobody confuses when reading them off a screen or a slip.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

#[derive(Debug, Error)]
pub enum FirstStartError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("не удалось создать документ школы: {0}")]
    Document(#[from] DomainError),
    #[error("{0}")]
    Hash(String),
    #[error("пароль администратора слишком короткий: нужно не меньше 8 знаков")]
    WeakPassword,
}

/// What the console shows after a first start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstStart {
    pub login: String,
    /// Shown once; only its argon2 hash is stored.
    pub password: String,
    /// The password was generated (not given with `--admin-password`).
    pub generated: bool,
}

/// A one-time password: three groups of four, e.g. `k7mp-2xqa-9fde`.
pub fn one_time_password() -> String {
    let mut rng = rand::thread_rng();
    let mut out = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
    }
    out
}

/// On an empty database (no accounts), creates the empty school document (unless one exists)
/// and the `admin` account. Returns `None` when there are accounts already: nothing changes.
pub fn first_start(
    storage: &dyn Storage,
    admin_password: Option<&str>,
) -> Result<Option<FirstStart>, FirstStartError> {
    if storage.count_users()? > 0 {
        return Ok(None);
    }
    if let Some(p) = admin_password {
        if p.chars().count() < 8 {
            return Err(FirstStartError::WeakPassword);
        }
    }
    let existing = storage.docs()?;
    if !existing.iter().any(|d| d.kind == DocKind::Movement) {
        // The school's movement book follows from the school (see `provision`).
        storage.create_docs(&[crate::provision::movement_doc()?])?;
    }
    if !existing.iter().any(|d| d.kind == DocKind::School) {
        let school = SchoolData {
            week_days: 5,
            ..SchoolData::default()
        };
        let mut doc = school.to_doc()?;
        storage.create_docs(&[NewDoc {
            record: DocRecord {
                id: DocId::new(),
                kind: DocKind::School,
                title: "Школа".into(),
                meta: DocMeta::default(),
                heads: doc.get_heads(),
            },
            snapshot: doc.save(),
        }])?;
    }
    let (password, generated) = match admin_password {
        Some(p) => (p.to_string(), false),
        None => (one_time_password(), true),
    };
    let hash =
        crate::auth::hash_password(&password).map_err(|e| FirstStartError::Hash(e.to_string()))?;
    let id = UserId::new();
    storage.create_users(&[crate::storage::UserRecord {
        id,
        login: ADMIN_LOGIN.into(),
        display_name: "Администратор".into(),
        password_hash: hash,
        principal: Principal {
            user: id,
            roles: vec![Role::Coordinator],
            ..Principal::default()
        },
    }])?;
    Ok(Some(FirstStart {
        login: ADMIN_LOGIN.into(),
        password,
        generated,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::sqlite::SqliteStorage;

    #[test]
    fn an_empty_database_gets_a_school_and_an_admin_once() {
        let s = SqliteStorage::in_memory().expect("storage");
        let first = first_start(&s, None)
            .expect("first start")
            .expect("created");
        assert_eq!(first.login, "admin");
        assert!(first.generated);
        assert_eq!(first.password.len(), 14);
        let user = s.user_by_login("admin").expect("read").expect("admin");
        assert!(crate::auth::verify_password(
            &first.password,
            &user.password_hash
        ));
        assert_ne!(user.password_hash, first.password, "only a hash is stored");
        assert_eq!(user.principal.roles, vec![Role::Coordinator]);
        let mut docs = s.docs().expect("docs");
        docs.sort_by_key(|d| d.kind);
        let kinds: Vec<DocKind> = docs.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, vec![DocKind::School, DocKind::Movement]);
        let stored = s.load_doc(docs[0].id).expect("load").expect("doc");
        let doc = automerge::AutoCommit::load(stored.snapshot.as_deref().unwrap_or_default())
            .expect("snapshot");
        let school = SchoolData::from_doc(&doc).expect("a readable school document");
        assert_eq!(school.week_days, 5);
        assert!(school.classes.is_empty());

        // A second start changes nothing.
        assert_eq!(first_start(&s, None).expect("second start"), None);
        assert_eq!(s.count_users().expect("count"), 1);
        assert_eq!(s.docs().expect("docs").len(), 2);
    }

    #[test]
    fn a_given_password_is_used_and_a_short_one_refused() {
        let s = SqliteStorage::in_memory().expect("storage");
        assert!(matches!(
            first_start(&s, Some("short")),
            Err(FirstStartError::WeakPassword)
        ));
        assert_eq!(s.count_users().expect("count"), 0, "nothing written");
        assert!(s.docs().expect("docs").is_empty(), "nothing written");
        let first = first_start(&s, Some("school-setup-2026"))
            .expect("first start")
            .expect("created");
        assert!(!first.generated);
        let user = s.user_by_login("admin").expect("read").expect("admin");
        assert!(crate::auth::verify_password(
            "school-setup-2026",
            &user.password_hash
        ));
    }

    #[test]
    fn one_time_passwords_are_readable_and_differ() {
        let a = one_time_password();
        let b = one_time_password();
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_eq!(a.split('-').count(), 3);
    }
}
