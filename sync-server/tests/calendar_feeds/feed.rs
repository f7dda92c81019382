//! Fetching feeds over the router and reading them with the `ical` crate.

use std::io::BufReader;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::NaiveDateTime;
use ical::parser::ical::component::IcalCalendar;
use ical::property::Property;
use zvonok_core::ids::CalendarFeedId;
use zvonok_core::wire::{CalendarFeedsView, CreateFeedRequest, CreatedFeed, FeedTarget};

use crate::common::empty::post;
use crate::common::Harness;

pub async fn fetch(h: &Harness, path: &str) -> (StatusCode, Option<String>, String) {
    let req = Request::get(path).body(Body::empty()).expect("request");
    let (s, headers, b) = h.call(req).await;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (s, ct, String::from_utf8(b).expect("utf-8"))
}

pub async fn feeds(h: &Harness, token: &str) -> CalendarFeedsView {
    let (s, _, b) = h.get(token, "/v1/web/calendar/feeds").await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("feeds")
}

pub async fn create(h: &Harness, token: &str, target: FeedTarget) -> CreatedFeed {
    let b = post(
        h,
        token,
        "/v1/web/calendar/feeds",
        &CreateFeedRequest { target },
    )
    .await;
    serde_json::from_slice(&b).expect("created")
}

pub async fn create_status(h: &Harness, token: &str, target: FeedTarget) -> StatusCode {
    let req = Request::post("/v1/web/calendar/feeds")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            serde_json::to_vec(&CreateFeedRequest { target }).expect("json"),
        ))
        .expect("request");
    h.call(req).await.0
}

pub async fn delete(h: &Harness, token: &str, id: CalendarFeedId) -> StatusCode {
    let req = Request::builder()
        .method(Method::DELETE)
        .uri(format!("/v1/web/calendar/feeds/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    h.call(req).await.0
}

/// The feed at `path`, parsed by the `ical` crate: exactly one calendar.
pub async fn calendar(h: &Harness, path: &str) -> (IcalCalendar, String) {
    let (s, ct, text) = fetch(h, path).await;
    assert_eq!(s, StatusCode::OK, "{text}");
    assert_eq!(ct.as_deref(), Some("text/calendar; charset=utf-8"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line}", line.len());
    }
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "bare LF in the feed"
    );
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let cal = parser.next().expect("a calendar").expect("the feed parses");
    assert!(parser.next().is_none(), "one calendar only");
    (cal, text)
}

pub fn prop<'a>(props: &'a [Property], name: &str) -> &'a Property {
    let found: Vec<&Property> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} in {props:?}");
    found[0]
}

pub fn has(props: &[Property], name: &str) -> bool {
    props.iter().any(|p| p.name == name)
}

/// A TEXT value with the RFC 5545 escapes undone.
pub fn text(props: &[Property], name: &str) -> String {
    let raw = prop(props, name).value.clone().unwrap_or_default();
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub fn param(p: &Property, name: &str) -> Option<String> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.join(","))
}

/// A DTSTART or DTEND in the zone `zone`.
pub fn local(props: &[Property], name: &str, zone: &str) -> NaiveDateTime {
    let p = prop(props, name);
    assert_eq!(param(p, "TZID").as_deref(), Some(zone), "{p:?}");
    NaiveDateTime::parse_from_str(p.value.as_deref().unwrap_or(""), "%Y%m%dT%H%M%S")
        .expect("a local date-time")
}
