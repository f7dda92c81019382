//! The coordinator's accounts endpoints in process: visit statistics and password reset, and
//! that nobody else may use them.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::Harness;
use zvonok_core::wire::{AccountsResponse, PasswordReset};

const BIG: usize = 64 * 1024 * 1024;

async fn post(h: &Harness, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let req = Request::post(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

#[tokio::test]
async fn visits_are_counted_and_only_the_coordinator_sees_them() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    h.login("teacher").await;
    h.login("teacher").await;
    let (s, _, b) = h.get(&coord.token, "/v1/web/accounts?days=7").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let r: AccountsResponse = serde_json::from_slice(&b).expect("accounts");
    assert_eq!(r.days, 7);
    let teacher = r
        .accounts
        .iter()
        .find(|a| a.login == "teacher")
        .expect("teacher listed");
    assert_eq!(teacher.sign_ins, 2);
    assert_eq!(teacher.devices, 2);
    assert!(teacher.last_sign_in.is_some() && teacher.last_seen.is_some());
    let parent = r
        .accounts
        .iter()
        .find(|a| a.login == "parent")
        .expect("parent listed");
    assert_eq!(parent.sign_ins, 0);
    assert_eq!(parent.last_sign_in, None);
    assert_eq!(r.signed_in, 2, "coordinator and teacher");
    assert_eq!(r.sign_ins, 3);
    assert_eq!(
        r.accounts.len(),
        h.demo.users,
        "every demo account is listed"
    );

    let (s, _, _) = h.get(&coord.token, "/v1/web/accounts?days=0").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    for login in ["teacher", "parent", "classteacher"] {
        let l = h.login(login).await;
        let (s, _, _) = h.get(&l.token, "/v1/web/accounts").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{login} may not list accounts");
    }
}

#[tokio::test]
async fn a_reset_password_replaces_the_old_one() {
    let h = Harness::new(BIG);
    let coord = h.login("coordinator").await;
    let teacher = h.login("teacher").await;
    let id = teacher.user.id.to_string();

    // Nobody but the coordinator; nothing changes on a refusal.
    let (s, _) = post(
        &h,
        &teacher.token,
        &format!("/v1/web/accounts/{id}/password"),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = h
        .login_raw("teacher", zvonok_server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(s, StatusCode::OK, "the refused reset changed nothing");
    let (s, _) = post(&h, &coord.token, "/v1/web/accounts/not-an-id/password").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let unknown = zvonok_core::ids::UserId::new();
    let (s, _) = post(
        &h,
        &coord.token,
        &format!("/v1/web/accounts/{unknown}/password"),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, b) = post(&h, &coord.token, &format!("/v1/web/accounts/{id}/password")).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    let reset: PasswordReset = serde_json::from_slice(&b).expect("reset");
    assert_eq!(reset.login, "teacher");
    let (s, _) = h
        .login_raw("teacher", zvonok_server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "the old password is gone");
    let (s, _) = h.login_raw("teacher", &reset.password).await;
    assert_eq!(s, StatusCode::OK, "the one-time password signs in");
}
