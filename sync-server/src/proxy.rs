//! The client's address behind a trusted reverse proxy: `--trusted-proxy` networks (an address
//! or a CIDR) and the rule that reads `Forwarded` / `X-Forwarded-For` only when the connection
//! comes from one of them.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[error("«{0}» — не адрес и не сеть: укажите, например, 10.0.0.5, 10.0.0.0/8 или fd00::/8")]
pub struct IpNetError(String);

/// An IP network: an address and a prefix length (a single address has the full length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    fn bits(addr: IpAddr) -> (u128, u8) {
        match addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
            IpAddr::V6(a) => (u128::from(a), 128),
        }
    }

    /// Is `ip` inside this network? An IPv4-mapped IPv6 address counts as its IPv4 address.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        if self.addr.is_ipv4() != ip.is_ipv4() {
            return false;
        }
        let (net, len) = Self::bits(self.addr);
        let (x, _) = Self::bits(ip);
        let shift = u32::from(len - self.prefix);
        if shift >= 128 {
            return true;
        }
        (net >> shift) == (x >> shift)
    }
}

impl FromStr for IpNet {
    type Err = IpNetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || IpNetError(s.to_string());
        let t = s.trim();
        let (a, p) = match t.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (t, None),
        };
        let addr: IpAddr = a.parse().map_err(|_| bad())?;
        let full = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= full)
                .ok_or_else(bad)?,
            None => full,
        };
        Ok(IpNet { addr, prefix })
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Parses a comma-separated list of networks (`--trusted-proxy 10.0.0.1,192.168.0.0/16`).
pub fn parse_list(s: &str) -> Result<Vec<IpNet>, IpNetError> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::parse)
        .collect()
}

/// One `for=` value of `Forwarded` or an element of `X-Forwarded-For`: an address, possibly
/// quoted, bracketed (IPv6) or with a port. `unknown` and obfuscated names give `None`.
fn parse_node(raw: &str) -> Option<IpAddr> {
    let s = raw.trim().trim_matches('"');
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split_once(']').and_then(|(a, _)| a.parse().ok());
    }
    s.rsplit_once(':').and_then(|(a, _)| a.parse().ok())
}

/// The chain of addresses the proxies reported, the farthest first; `None` for an element
/// that is not an address.
fn chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| parse_node(v))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(parse_node)
        .collect()
}

/// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
/// nearest address in the forwarded chain that is not itself a trusted proxy (walking from
/// the proxy towards the client, so a client cannot forge the part the proxy appended).
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let mut client = peer;
    for hop in chain(headers).into_iter().rev() {
        match hop {
            Some(ip) => {
                client = ip;
                if !is_trusted(ip) {
                    break;
                }
            }
            None => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn networks_parse_and_match() {
        let n: IpNet = "10.0.0.0/8".parse().expect("net");
        assert!(n.contains(ip("10.200.1.1")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(n.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped");
        let one: IpNet = "192.168.1.5".parse().expect("addr");
        assert!(one.contains(ip("192.168.1.5")));
        assert!(!one.contains(ip("192.168.1.6")));
        let all: IpNet = "0.0.0.0/0".parse().expect("all");
        assert!(all.contains(ip("8.8.8.8")));
        let v6: IpNet = "fd00::/8".parse().expect("v6");
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!("10.0.0.0/33".parse::<IpNet>().is_err());
        assert!("proxy".parse::<IpNet>().is_err());
        assert_eq!(
            parse_list("127.0.0.1, 10.0.0.0/8").expect("list"),
            vec![
                "127.0.0.1".parse().expect("a"),
                "10.0.0.0/8".parse().expect("b")
            ]
        );
    }

    #[test]
    fn forwarded_headers_only_from_a_trusted_peer() {
        let trusted = parse_list("10.0.0.1").expect("list");
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        // From the proxy: the last element (appended by the proxy) is the client.
        assert_eq!(client_addr(ip("10.0.0.1"), &h, &trusted), ip("203.0.113.7"));
        // From anyone else: the header is ignored.
        assert_eq!(
            client_addr(ip("198.51.100.1"), &h, &trusted),
            ip("198.51.100.1")
        );
        assert_eq!(client_addr(ip("10.0.0.1"), &h, &[]), ip("10.0.0.1"));

        let mut f = HeaderMap::new();
        f.insert(
            "forwarded",
            HeaderValue::from_static("for=6.6.6.6, for=\"[2001:db8::7]:4711\";proto=https"),
        );
        assert_eq!(client_addr(ip("10.0.0.1"), &f, &trusted), ip("2001:db8::7"));
        f.insert("forwarded", HeaderValue::from_static("for=unknown"));
        assert_eq!(client_addr(ip("10.0.0.1"), &f, &trusted), ip("10.0.0.1"));
    }
}
