//! A tiny HTTP/1.1 client over `std::net::TcpStream`, for loopback only: one request per
//! connection (`Connection: close`), bounded by timeouts. Enough to check status codes and raw
//! bodies the CLI does not show.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

const IO_TIMEOUT: Duration = Duration::from_secs(60);
/// Largest response read.
const MAX_RESPONSE: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "HTTP {} body is not JSON ({e}): {}",
                self.status,
                self.text()
            )
        })
    }
}

/// A request to send.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub token: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub headers: Vec<(&'a str, String)>,
    pub body: &'a [u8],
}

fn assert_loopback(addr: SocketAddr) {
    assert!(
        addr.ip().is_loopback(),
        "e2e HTTP goes to loopback only, not {addr}"
    );
}

fn head_bytes(addr: SocketAddr, req: &Request<'_>, content_length: usize) -> Vec<u8> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {content_length}\r\n",
        req.method, req.path
    );
    if let Some(t) = req.token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    if let Some(ct) = req.content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    for (k, v) in &req.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn connect(addr: SocketAddr) -> std::io::Result<TcpStream> {
    assert_loopback(addr);
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    s.set_read_timeout(Some(IO_TIMEOUT))?;
    s.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(s)
}

/// A kept-alive connection for many requests in a row (load generation).
pub struct Conn {
    addr: SocketAddr,
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = connect(addr)?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            addr,
            stream,
            buf: Vec::with_capacity(64 * 1024),
        })
    }

    /// Sends a request on this connection and reads one response (`Content-Length` or chunked).
    pub fn request(&mut self, req: &Request<'_>) -> std::io::Result<Response> {
        let mut head = head_bytes(self.addr, req, req.body.len());
        // keep the connection open: replace the `Connection: close` header
        let close = b"Connection: close\r\n";
        if let Some(i) = find(&head, close) {
            head.splice(
                i..i + close.len(),
                b"Connection: keep-alive\r\n".iter().copied(),
            );
        }
        head.extend_from_slice(req.body);
        self.stream.write_all(&head)?;
        self.buf.clear();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                if let Some(total) = complete_length(&self.buf, end) {
                    if self.buf.len() >= total {
                        return parse_response(&self.buf[..total]).ok_or_else(|| {
                            std::io::Error::new(
                                std::io::ErrorKind::InvalidData,
                                "malformed HTTP response",
                            )
                        });
                    }
                }
            }
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "connection closed",
                ));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

/// The whole length of a response whose head ends at `end`, once it can be known.
fn complete_length(buf: &[u8], end: usize) -> Option<usize> {
    let head = std::str::from_utf8(&buf[..end]).ok()?.to_ascii_lowercase();
    let body_start = end + 4;
    if head.contains("transfer-encoding: chunked") {
        let mut b = &buf[body_start..];
        let mut used = body_start;
        loop {
            let line_end = find(b, b"\r\n")?;
            let size = usize::from_str_radix(
                std::str::from_utf8(&b[..line_end])
                    .ok()?
                    .split(';')
                    .next()?
                    .trim(),
                16,
            )
            .ok()?;
            let step = line_end + 2 + size + 2;
            if b.len() < step {
                return None;
            }
            used += step;
            b = &b[step..];
            if size == 0 {
                return Some(used);
            }
        }
    }
    let len = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    Some(body_start + len)
}

/// Sends one request and reads the whole response.
pub fn send(addr: SocketAddr, req: &Request<'_>) -> std::io::Result<Response> {
    let mut s = connect(addr)?;
    let mut bytes = head_bytes(addr, req, req.body.len());
    bytes.extend_from_slice(req.body);
    s.write_all(&bytes)?;
    read_response(s)
}

/// Sends a request whose body is `len` bytes of `fill`, written from another thread while the
/// response is read, so a server that answers early (413) and closes is still heard.
pub fn send_large(
    addr: SocketAddr,
    req: &Request<'_>,
    len: usize,
    fill: u8,
) -> std::io::Result<Response> {
    let s = connect(addr)?;
    let mut w = s.try_clone()?;
    let head = head_bytes(addr, req, len);
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        w.write_all(&head)?;
        let chunk = vec![fill; 64 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(chunk.len());
            w.write_all(&chunk[..n])?;
            left -= n;
        }
        Ok(())
    });
    let resp = read_response(s);
    // The writer ends by itself: the body is finite and a closed socket fails its writes.
    let _ = writer.join();
    resp
}

fn read_response(s: TcpStream) -> std::io::Result<Response> {
    let mut raw = Vec::new();
    let mut limited = s.take(MAX_RESPONSE);
    match limited.read_to_end(&mut raw) {
        Ok(_) => {}
        // A reset after the whole response arrived is fine (the server closed on an unread body).
        Err(e) if !raw.is_empty() && e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => return Err(e),
    }
    parse_response(&raw).ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed HTTP response")
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses a whole HTTP/1.1 response (plain or chunked body).
pub fn parse_response(raw: &[u8]) -> Option<Response> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(n) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        rest.get(..n)?.to_vec()
    } else {
        rest.to_vec()
    };
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(b, b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// `GET path` with an optional bearer token.
pub fn get(addr: SocketAddr, path: &str, token: Option<&str>) -> Response {
    send(
        addr,
        &Request {
            method: "GET",
            path,
            token,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// `POST path` with a JSON body.
pub fn post_json(addr: SocketAddr, path: &str, token: Option<&str>, body: &Value) -> Response {
    let body = serde_json::to_vec(body).expect("json");
    send(
        addr,
        &Request {
            method: "POST",
            path,
            token,
            content_type: Some("application/json"),
            body: &body,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

/// Logs in over HTTP (`POST /v1/login`) as a new device; returns the `LoginResponse` JSON.
pub fn login(addr: SocketAddr, login: &str, password: &str, device_name: &str) -> Value {
    let r = post_json(
        addr,
        "/v1/login",
        None,
        &serde_json::json!({ "login": login, "password": password, "device_name": device_name }),
    );
    assert_eq!(
        r.status,
        200,
        "login {login}: HTTP {} {}",
        r.status,
        r.text()
    );
    r.json()
}

/// The bearer token of a fresh HTTP login.
pub fn token(addr: SocketAddr, login: &str, password: &str) -> String {
    let v = self::login(addr, login, password, "e2e http");
    v["token"]
        .as_str()
        .expect("token in LoginResponse")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked() {
        let r = parse_response(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 2\r\n\r\nok").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (403, &b"ok"[..]));
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.body, b"abcde");
        assert!(parse_response(b"HTTP/1.1 200").is_none());
    }
}
