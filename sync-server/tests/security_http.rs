//! Every response against a real listener on 127.0.0.1: security headers (API, 404, the UI),
//! body limits (64 KiB JSON, the large one for sync), Russian error bodies without parser
//! text, and internal errors answered with an incident id.

mod real_server;

use real_server::*;
use zvonok_server::demo::DEMO_PASSWORD;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let web = tempfile::tempdir().expect("web dir");
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>Звонок</title>",
    )
    .expect("index");
    let s = serve(Options {
        web_dir: Some(web.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    let t = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let replies = [
        (
            "the UI's index",
            request(s.addr, "GET", "/", &[], b"").await,
        ),
        (
            "a UI route",
            request(s.addr, "GET", "/today", &[], b"").await,
        ),
        ("API JSON", get(s.addr, &t.token, "/v1/me").await),
        (
            "an API 404",
            get(s.addr, &t.token, "/v1/no-such-thing").await,
        ),
        ("a 401", get(s.addr, "bad-token", "/v1/me").await),
        ("a sign-in", login(s.addr, "teacher", DEMO_PASSWORD).await),
    ];
    for (what, r) in &replies {
        let csp = r.header("content-security-policy").unwrap_or_default();
        for part in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "connect-src 'self'",
        ] {
            assert!(csp.contains(part), "{what} ({}): {csp}", r.status);
        }
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{what}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
    }
    assert_eq!(replies[0].1.status, 200);
    assert_eq!(replies[3].1.status, 404);
}

#[tokio::test]
async fn malformed_and_oversized_bodies_get_russian_messages_without_parser_text() {
    let s = serve(Options::default()).await;
    let parser_words = [
        "line",
        "column",
        "expected",
        "invalid",
        "Failed",
        "missing",
        "duplicate",
        "field",
    ];
    for body in [&b"{"[..], br#"{"login": 5}"#, br#"{"login": "teacher"}"#] {
        let r = request(
            s.addr,
            "POST",
            "/v1/login",
            &[("Content-Type", "application/json")],
            body,
        )
        .await;
        assert!(matches!(r.status, 400 | 422), "{}", r.status);
        let e = r.error();
        assert!(
            e.error
                .contains("тело запроса не разобрано: нужны поля login и password"),
            "{}",
            e.error
        );
        for w in parser_words {
            assert!(!e.error.contains(w), "parser text leaked: {}", e.error);
        }
    }
    let t = signed_in(s.addr, "teacher", DEMO_PASSWORD).await;
    let r = post_json(s.addr, &t.token, "/v1/web/people/ops?class=x", b"[1,2").await;
    assert!(matches!(r.status, 400 | 422), "{}", r.text());
    let r = get(s.addr, &t.token, "/v1/web/today?date=1&date=2").await;
    assert_eq!(r.status, 400, "{}", r.text());
    for w in parser_words {
        assert!(!r.error().error.contains(w), "{}", r.error().error);
    }

    // JSON bodies are small: 100 KiB is refused with 413 and the limit.
    let mut big = b"{\"login\":\"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 100 * 1024));
    big.extend(b"\",\"password\":\"x\"}");
    let r = request(
        s.addr,
        "POST",
        "/v1/login",
        &[("Content-Type", "application/json")],
        &big,
    )
    .await;
    assert_eq!(r.status, 413, "{}", r.text());
    let e = r.error();
    assert_eq!(e.code, "too_large");
    assert!(e.error.contains("65536"), "{}", e.error);
    // Sync takes the large limit: 100 KiB of garbage is read, then refused as a bad body.
    let auth = format!("Bearer {}", t.token);
    let r = request(
        s.addr,
        "POST",
        "/v1/sync",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/x-zvonok-sync"),
        ],
        &vec![7u8; 100 * 1024],
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text());
}

#[tokio::test]
async fn an_internal_error_answers_an_incident_id_and_no_internals() {
    let s = serve(Options::default()).await;
    // Break the storage under the server: the sign-in statistics table disappears.
    let c = rusqlite::Connection::open(&s.db).expect("open db");
    c.execute_batch("DROP TABLE logins").expect("drop");
    let r = login(s.addr, "teacher", DEMO_PASSWORD).await;
    assert_eq!(r.status, 500, "{}", r.text());
    let e = r.error();
    assert_eq!(e.code, "internal");
    let incident = e.incident.expect("incident id");
    assert_eq!(incident.len(), 8);
    assert!(incident.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(
        e.error.contains(&format!(
            "Внутренняя ошибка сервера (код ошибки {incident})"
        )),
        "{}",
        e.error
    );
    assert!(
        !e.error.contains("logins") && !e.error.contains("table"),
        "{}",
        e.error
    );
}
