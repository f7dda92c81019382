//! Sign-in against a real listener on 127.0.0.1: attempts counted before the password check,
//! growing per-account delays instead of a lock, a generous per-address limit, the trusted
//! proxy, length bounds, and devices signed out on a password change or reset.

mod real_server;

use std::time::{Duration, Instant};

use real_server::*;
use zvonok_core::wire::PasswordReset;
use zvonok_server::auth::LoginLimits;
use zvonok_server::demo::DEMO_PASSWORD;
use zvonok_server::Config;

#[tokio::test]
async fn concurrent_guesses_get_only_the_free_password_checks() {
    let s = serve(Options {
        limits: LoginLimits {
            first_delay: Duration::from_secs(30),
            ..LoginLimits::default()
        },
        ..Options::default()
    })
    .await;
    let guesses: Vec<_> = (0..20)
        .map(|n| {
            let addr = s.addr;
            tokio::spawn(async move { login(addr, "director", &format!("guess-{n}")).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        let r = g.await.expect("task");
        if r.status == 429 {
            let wait: u64 = r
                .header("retry-after")
                .and_then(|v| v.parse().ok())
                .expect("Retry-After");
            assert!((1..=30).contains(&wait), "{wait}");
            let e = r.error();
            assert_eq!(e.code, "too_many_attempts");
            assert!(e.error.contains("Подождите"), "{}", e.error);
        }
        statuses.push(r.status);
    }
    let checked = statuses.iter().filter(|c| **c == 401).count();
    let held = statuses.iter().filter(|c| **c == 429).count();
    assert_eq!((checked, held), (5, 15), "{statuses:?}");

    // Each failed and each throttled attempt is audited, with the account, the login and the
    // address, never the password.
    let director = user_id(&s, "director");
    let failed = audit_rows(&s, "login_failed");
    let throttled = audit_rows(&s, "login_throttled");
    assert_eq!((failed.len(), throttled.len()), (5, 15));
    for e in failed.iter().chain(&throttled) {
        assert_eq!(e.user, Some(director));
        assert!(
            e.detail.contains("«director»") && e.detail.contains("127.0.0.1"),
            "{}",
            e.detail
        );
        assert!(!e.detail.contains("guess"), "the password is never stored");
    }
    // An unknown login is audited too, without an account.
    let r = login(s.addr, "nobody.xx", "whatever").await;
    assert_eq!(r.status, 401);
    let unknown: Vec<_> = audit_rows(&s, "login_failed")
        .into_iter()
        .filter(|e| e.detail.contains("nobody.xx"))
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].user, None);
}

#[tokio::test]
async fn a_strangers_failures_do_not_keep_the_teacher_out() {
    let s = serve(Options {
        limits: LoginLimits {
            free_failures: 3,
            first_delay: Duration::from_millis(300),
            max_delay: Duration::from_millis(600),
            ..LoginLimits::default()
        },
        ..Options::default()
    })
    .await;
    // A stranger who knows the login tries, as fast as the server lets them, for a while.
    let until = Instant::now() + Duration::from_millis(1500);
    let mut refused = 0;
    while Instant::now() < until {
        let r = login(s.addr, "teacher", "maybe-this").await;
        assert!(matches!(r.status, 401 | 429), "{}", r.status);
        if r.status == 429 {
            refused += 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    assert!(refused > 0, "the stranger was slowed down");
    // The teacher waits what the server says (at most the capped delay) and signs in.
    let started = Instant::now();
    loop {
        let r = login(s.addr, "teacher", DEMO_PASSWORD).await;
        if r.status == 200 {
            break;
        }
        assert_eq!(r.status, 429, "{}", r.text());
        assert_eq!(r.header("retry-after"), Some("1"), "rounded up to a second");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "kept out longer than the delay"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn many_people_behind_one_address_are_not_locked_out_by_typos() {
    let s = serve(Options::default()).await;
    // A school behind one NAT: twelve people each mistype once, then sign in.
    for n in 1..=12 {
        let who = format!("parent{n:04}");
        let r = login(s.addr, &who, "typo").await;
        assert_eq!(r.status, 401, "{who}: {}", r.text());
        signed_in(s.addr, &who, DEMO_PASSWORD).await;
    }
    assert_eq!(audit_rows(&s, "login_failed").len(), 12);
}

#[tokio::test]
async fn the_forwarded_address_counts_only_behind_a_trusted_proxy() {
    let limits = LoginLimits {
        address_failures: 3,
        ..LoginLimits::default()
    };
    let xff = |ip: &'static str| [("X-Forwarded-For", ip)];

    // Not configured: the header is ignored; everyone is 127.0.0.1 and shares its limit.
    let plain = serve(Options {
        limits: limits.clone(),
        ..Options::default()
    })
    .await;
    for n in 0..3 {
        let r = login_from(plain.addr, &format!("u{n}"), "x", &xff("203.0.113.7")).await;
        assert_eq!(r.status, 401);
    }
    let r = login_from(plain.addr, "u9", "x", &xff("203.0.113.8")).await;
    assert_eq!(r.status, 429, "a forged header does not escape the limit");
    assert!(audit_rows(&plain, "login_failed")
        .iter()
        .all(|e| e.detail.contains("127.0.0.1") && !e.detail.contains("203.0.113")));

    // Behind a trusted proxy (as `--trusted-proxy 127.0.0.0/8` sets it): each client has its
    // own limit and the audit names the client.
    let proxied = serve(Options {
        limits,
        proxies: vec!["127.0.0.0/8".parse().expect("net")],
        ..Options::default()
    })
    .await;
    for n in 0..3 {
        let r = login_from(proxied.addr, &format!("u{n}"), "x", &xff("203.0.113.7")).await;
        assert_eq!(r.status, 401);
    }
    let r = login_from(proxied.addr, "u9", "x", &xff("203.0.113.7")).await;
    assert_eq!(r.status, 429);
    let forwarded = [("Forwarded", "for=\"203.0.113.8:5555\";proto=http")];
    let r = login_from(proxied.addr, "u9", "x", &forwarded).await;
    assert_eq!(r.status, 401, "another client behind the proxy");
    let failed = audit_rows(&proxied, "login_failed");
    assert_eq!(
        failed
            .iter()
            .filter(|e| e.detail.contains("203.0.113.7"))
            .count(),
        3
    );
    assert!(failed.iter().any(|e| e.detail.contains("203.0.113.8")));

    // The flag and its environment form parse addresses and networks.
    use clap::Parser;
    let c = Config::try_parse_from(["zvonok-server", "--trusted-proxy", "127.0.0.1,10.0.0.0/8"])
        .expect("flags");
    assert_eq!(c.trusted_proxy.len(), 2);
    assert!(Config::try_parse_from(["zvonok-server", "--trusted-proxy", "proxy"]).is_err());
}

#[tokio::test]
async fn oversized_credentials_are_refused_before_any_work() {
    let s = serve(Options::default()).await;
    let long_login = "a".repeat(101);
    let long_password = "п".repeat(129); // 258 bytes
    for _ in 0..10 {
        let r = login(s.addr, &long_login, "x").await;
        assert_eq!(r.status, 400);
        assert!(
            r.error().error.contains("логин слишком длинный"),
            "{}",
            r.text()
        );
        let r = login(s.addr, "teacher", &long_password).await;
        assert_eq!(r.status, 400);
        assert!(
            r.error().error.contains("пароль слишком длинный"),
            "{}",
            r.text()
        );
    }
    // No attempt was reserved, so no password was hashed, and nothing counts against anyone.
    assert_eq!(s.state.limiter.tracked(), (0, 0));
    signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    // A password change is bounded the same way.
    let t = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let body = serde_json::json!({"current": DEMO_PASSWORD, "new": long_password});
    let r = post_json(
        s.addr,
        &t.token,
        "/v1/me/password",
        body.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text());
}

#[tokio::test]
async fn a_password_change_signs_out_the_other_devices() {
    let s = serve(Options::default()).await;
    let phone = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let tablet = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let laptop = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let other = signed_in(s.addr, "director", DEMO_PASSWORD).await;

    // A wrong current password changes nothing and is audited.
    let wrong = serde_json::json!({"current": "not-it", "new": "новый-пароль-1"});
    let r = post_json(
        s.addr,
        &phone.token,
        "/v1/me/password",
        wrong.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(get(s.addr, &tablet.token, "/v1/me").await.status, 200);
    assert_eq!(audit_rows(&s, "login_failed").len(), 1);

    let body = serde_json::json!({"current": DEMO_PASSWORD, "new": "новый-пароль-1"});
    let r = post_json(
        s.addr,
        &phone.token,
        "/v1/me/password",
        body.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        get(s.addr, &phone.token, "/v1/me").await.status,
        200,
        "this device stays"
    );
    for gone in [&tablet, &laptop] {
        let r = get(s.addr, &gone.token, "/v1/me").await;
        assert_eq!(r.status, 401, "another device is signed out");
    }
    assert_eq!(
        get(s.addr, &other.token, "/v1/me").await.status,
        200,
        "other accounts"
    );
    let changed = audit_rows(&s, "password_changed");
    assert_eq!(changed.len(), 1);
    assert!(changed[0].detail.ends_with(": 2"), "{}", changed[0].detail);
    assert_eq!(login(s.addr, "teacher", DEMO_PASSWORD).await.status, 401);
    signed_in(s.addr, "teacher", "новый-пароль-1").await;
}

#[tokio::test]
async fn a_reset_by_the_coordinator_signs_out_every_device() {
    let s = serve(Options::default()).await;
    let coord = signed_in(s.addr, "coordinator", DEMO_PASSWORD).await;
    let a = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let b = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let id = user_id(&s, "teacher");
    let r = post_json(
        s.addr,
        &coord.token,
        &format!("/v1/web/accounts/{id}/password"),
        b"",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let reset: PasswordReset = serde_json::from_slice(&r.body).expect("reset");
    for gone in [&a, &b] {
        assert_eq!(get(s.addr, &gone.token, "/v1/me").await.status, 401);
    }
    assert_eq!(get(s.addr, &coord.token, "/v1/me").await.status, 200);
    signed_in(s.addr, "teacher", &reset.password).await;
}
