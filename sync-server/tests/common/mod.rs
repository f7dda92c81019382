//! A small in-process harness: a demo school in a temp SQLite file, the router driven with
//! `oneshot`, and a device replica speaking the sync protocol.
#![allow(dead_code)]

pub mod empty;
pub mod web;

use std::collections::HashMap;
use std::sync::Arc;

use automerge::sync::{Message, State, SyncDoc};
use automerge::{ActorId, AutoCommit};
use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use tower::ServiceExt;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;
use zvonok_core::wire::{LoginResponse, SyncEntry, SyncRequest, SyncResponse, SYNC_CONTENT_TYPE};
use zvonok_server::demo::{generate, DemoOptions, DemoReport};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::{app, AppState};

pub struct Harness {
    pub router: Router,
    pub state: Arc<AppState>,
    pub demo: DemoReport,
    _dir: tempfile::TempDir,
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

impl Harness {
    pub fn new(max_body_bytes: usize) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let storage = Arc::new(SqliteStorage::open(&dir.path().join("z.sqlite")).expect("open"));
        let demo = generate(storage.as_ref(), &DemoOptions::small(today())).expect("demo");
        let state = Arc::new(AppState::new(storage, max_body_bytes));
        Harness {
            router: app(state.clone()),
            state,
            demo,
            _dir: dir,
        }
    }

    pub fn from_parts(
        router: Router,
        state: Arc<AppState>,
        demo: DemoReport,
        dir: tempfile::TempDir,
    ) -> Self {
        Harness {
            router,
            state,
            demo,
            _dir: dir,
        }
    }

    pub async fn call(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = to_bytes(resp.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec();
        (status, headers, body)
    }

    pub async fn login_raw(&self, login: &str, password: &str) -> (StatusCode, Vec<u8>) {
        let body = serde_json::json!({"login": login, "password": password, "device_name": "тест"});
        let req = Request::builder()
            .method(Method::POST)
            .uri("/v1/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        let (s, _, b) = self.call(req).await;
        (s, b)
    }

    pub async fn login(&self, login: &str) -> LoginResponse {
        let (s, b) = self
            .login_raw(login, zvonok_server::demo::DEMO_PASSWORD)
            .await;
        assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
        serde_json::from_slice(&b).expect("login response")
    }

    pub async fn get(
        &self,
        token: &str,
        uri: &str,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let req = Request::builder()
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request");
        self.call(req).await
    }

    pub async fn sync_raw(&self, token: &str, body: Vec<u8>) -> (StatusCode, Vec<u8>) {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/v1/sync")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, SYNC_CONTENT_TYPE)
            .body(Body::from(body))
            .expect("request");
        let (s, _, b) = self.call(req).await;
        (s, b)
    }
}

/// A device's replica: documents and sync states, like the client keeps them.
pub struct Device {
    pub token: String,
    pub actor: ActorId,
    pub docs: HashMap<DocId, (DocKind, AutoCommit, State)>,
    pub rejections: Vec<zvonok_core::wire::Rejection>,
}

impl Device {
    pub fn new(login: &LoginResponse) -> Self {
        let actor = ActorId::from(hex::decode(&login.actor).expect("actor hex").as_slice());
        Device {
            token: login.token.clone(),
            actor,
            docs: HashMap::new(),
            rejections: Vec::new(),
        }
    }

    fn request(&mut self) -> SyncRequest {
        let mut entries = Vec::new();
        for (id, (_, doc, st)) in self.docs.iter_mut() {
            let message = doc.sync().generate_sync_message(st).map(Message::encode);
            entries.push(SyncEntry {
                doc: *id,
                heads: doc.get_heads(),
                message,
            });
        }
        entries.sort_by_key(|e| e.doc);
        SyncRequest { entries }
    }

    fn absorb(&mut self, resp: SyncResponse) -> bool {
        let mut progress = false;
        for r in resp.replies {
            let actor = self.actor.clone();
            let (_, doc, st) = self
                .docs
                .entry(r.doc)
                .or_insert_with(|| (r.kind, AutoCommit::new().with_actor(actor), State::new()));
            if let Some(m) = r.message {
                doc.sync()
                    .receive_sync_message(st, Message::decode(&m).expect("server message"))
                    .expect("receive");
                progress = true;
            }
        }
        // Like the client, rebuild a document with refused changes from the server's state.
        for rj in &resp.rejections {
            self.docs.remove(&rj.doc);
        }
        progress |= !resp.rejections.is_empty();
        self.rejections.extend(resp.rejections);
        for d in resp.revoked {
            self.docs.remove(&d);
        }
        progress
    }

    /// Syncs until neither side has anything to say; returns the number of rounds.
    pub async fn sync(&mut self, h: &Harness) -> usize {
        for round in 1..=12 {
            let req = self.request();
            let idle = req.entries.iter().all(|e| e.message.is_none());
            let (s, b) = h.sync_raw(&self.token, req.encode()).await;
            assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
            let resp = SyncResponse::decode(&b).expect("sync response");
            let empty =
                resp.replies.is_empty() && resp.rejections.is_empty() && resp.revoked.is_empty();
            let progress = self.absorb(resp);
            if idle && empty && !progress {
                return round;
            }
        }
        panic!("sync did not settle in 12 rounds");
    }
}
