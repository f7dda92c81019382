//! The server's defences against a real listener on 127.0.0.1: sign-in attempts counted before
//! the password check, growing per-account delays instead of a lock, a generous per-address
//! limit, the trusted proxy, length bounds, devices signed out on a password change or reset,
//! security headers on every response, body limits and error bodies without internals.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zvonok_core::wire::{ErrorBody, LoginResponse, PasswordReset};
use zvonok_server::auth::LoginLimits;
use zvonok_server::demo::{generate, DemoOptions, DEMO_PASSWORD};
use zvonok_server::proxy::IpNet;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::AuditEntry;
use zvonok_server::{app, AppState, Config};

const BIG: usize = 64 * 1024 * 1024;

/// A demo school served on a real listener (with connection info, as `zvonok-server` runs).
struct Server {
    addr: SocketAddr,
    state: Arc<AppState>,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

#[derive(Default)]
struct Options {
    limits: LoginLimits,
    proxies: Vec<IpNet>,
    web_dir: Option<std::path::PathBuf>,
}

async fn serve(o: Options) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("z.sqlite");
    let storage = Arc::new(SqliteStorage::open(&db).expect("open"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    generate(storage.as_ref(), &DemoOptions::small(today)).expect("demo");
    let state = Arc::new(
        AppState::new(storage, BIG)
            .with_login_limits(o.limits)
            .with_trusted_proxies(o.proxies)
            .with_web_dir(o.web_dir),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let svc = app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, svc).await });
    Server {
        addr,
        state,
        db,
        _dir: dir,
    }
}

/// One HTTP/1.1 exchange over a fresh connection.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn error(&self) -> ErrorBody {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not an error body ({}): {}", self.status, self.text()))
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&b[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await.expect("write head");
    s.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply {
        status,
        headers,
        body,
    }
}

async fn login_from(
    addr: SocketAddr,
    login: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> Reply {
    let body = serde_json::json!({"login": login, "password": password, "device_name": "тест"});
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend_from_slice(extra);
    request(
        addr,
        "POST",
        "/v1/login",
        &headers,
        body.to_string().as_bytes(),
    )
    .await
}

async fn login(addr: SocketAddr, login: &str, password: &str) -> Reply {
    login_from(addr, login, password, &[]).await
}

async fn signed_in(addr: SocketAddr, who: &str, password: &str) -> LoginResponse {
    let r = login(addr, who, password).await;
    assert_eq!(r.status, 200, "{}", r.text());
    serde_json::from_slice(&r.body).expect("login response")
}

async fn get(addr: SocketAddr, token: &str, path: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(addr, "GET", path, &[("Authorization", &auth)], b"").await
}

async fn post_json(addr: SocketAddr, token: &str, path: &str, body: &[u8]) -> Reply {
    let auth = format!("Bearer {token}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    request(addr, "POST", path, &headers, body).await
}

fn audit_rows(s: &Server, action: &str) -> Vec<AuditEntry> {
    s.state
        .storage
        .audit_log(10_000)
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

fn user_id(s: &Server, login: &str) -> zvonok_core::ids::UserId {
    s.state
        .storage
        .user_by_login(login)
        .expect("user")
        .expect("exists")
        .id
}

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
