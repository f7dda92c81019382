//! A demo school served on a real listener on 127.0.0.1 (with connection info, as
//! `zvonok-server` runs), and a small HTTP/1.1 client over a plain TCP connection, for the
//! security tests (`security.rs`, `security_http.rs`).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use zvonok_core::wire::{ErrorBody, LoginResponse};
use zvonok_server::auth::LoginLimits;
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::proxy::IpNet;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::AuditEntry;
use zvonok_server::{app, AppState};

pub const BIG: usize = 64 * 1024 * 1024;

/// A demo school served on a real listener (with connection info, as `zvonok-server` runs).
pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    pub db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

#[derive(Default)]
pub struct Options {
    pub limits: LoginLimits,
    pub proxies: Vec<IpNet>,
    pub web_dir: Option<std::path::PathBuf>,
}

pub async fn serve(o: Options) -> Server {
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
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn error(&self) -> ErrorBody {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not an error body ({}): {}", self.status, self.text()))
    }
}

pub fn dechunk(mut b: &[u8]) -> Vec<u8> {
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

pub async fn request(
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

pub async fn login_from(
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

pub async fn login(addr: SocketAddr, login: &str, password: &str) -> Reply {
    login_from(addr, login, password, &[]).await
}

pub async fn signed_in(addr: SocketAddr, who: &str, password: &str) -> LoginResponse {
    let r = login(addr, who, password).await;
    assert_eq!(r.status, 200, "{}", r.text());
    serde_json::from_slice(&r.body).expect("login response")
}

pub async fn get(addr: SocketAddr, token: &str, path: &str) -> Reply {
    let auth = format!("Bearer {token}");
    request(addr, "GET", path, &[("Authorization", &auth)], b"").await
}

pub async fn post_json(addr: SocketAddr, token: &str, path: &str, body: &[u8]) -> Reply {
    let auth = format!("Bearer {token}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    request(addr, "POST", path, &headers, body).await
}

pub fn audit_rows(s: &Server, action: &str) -> Vec<AuditEntry> {
    s.state
        .storage
        .audit_log(10_000)
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

pub fn user_id(s: &Server, login: &str) -> zvonok_core::ids::UserId {
    s.state
        .storage
        .user_by_login(login)
        .expect("user")
        .expect("exists")
        .id
}
