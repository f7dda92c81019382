//! The command layer without a window: the app's commands on Tauri's mock runtime, invoked
//! through IPC exactly as the UI invokes them, over a temporary replica — alone, and against a
//! demo server started in this process.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Days, Local, NaiveDate};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, Manager, WebviewWindow, WebviewWindowBuilder};
use zvonok_app_lib::state::AppState;
use zvonok_app_lib::{status_emitter, with_commands, STATUS_EVENT};

struct TestApp {
    // Keeps the app (and its managed state) alive while the webview is used.
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    events: Arc<Mutex<Vec<Value>>>,
}

fn app(dir: &Path) -> TestApp {
    let app = with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    app.listen_any(STATUS_EVENT, move |event| {
        let v: Value = serde_json::from_str(event.payload()).expect("status payload is JSON");
        sink.lock().unwrap().push(v);
    });
    let state = AppState::open(
        dir,
        status_emitter(app.handle().clone()),
        Duration::from_millis(500),
    )
    .expect("replica opens");
    app.manage(state);
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    TestApp {
        _app: app,
        webview,
        events,
    }
}

impl TestApp {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, String> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, request)
            .map(|b| b.deserialize::<Value>().expect("JSON answer"))
            .map_err(|e| {
                e.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| e.to_string())
            })
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn assert_russian_for_the_app(msg: &str) {
    assert!(
        msg.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
        "not Russian: {msg}"
    );
    assert!(!msg.contains("zvonok "), "names a CLI command: {msg}");
}

#[test]
fn a_new_device_has_no_session_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = app(dir.path());

    assert_eq!(t.ok("session", json!({})), Value::Null);
    let status = t.ok("status", json!({}));
    assert_eq!(status["state"], "never");
    assert_eq!(status["logged_in"], false);
    assert_eq!(status["pending"], 0);

    for (cmd, args) in [
        ("today", json!({ "date": "2025-11-28" })),
        ("sync_now", json!({})),
        ("children", json!({})),
    ] {
        let err = t.call(cmd, args).expect_err(cmd);
        assert_russian_for_the_app(&err);
    }
    let err = t
        .call(
            "journal",
            json!({ "doc": "0190b5a6-7c1e-7000-8000-000000000001" }),
        )
        .expect_err("unknown journal");
    assert_russian_for_the_app(&err);
    // Bad arguments are refused before reaching the replica.
    assert!(t.call("today", json!({ "date": "28.11.2025" })).is_err());
    // Signing out of nothing is fine.
    assert_eq!(t.ok("logout", json!({})), Value::Null);
}

#[test]
fn a_wrong_server_address_is_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = app(dir.path());
    let err = t
        .call(
            "login",
            json!({ "server": "школа", "login": "teacher", "password": "x" }),
        )
        .expect_err("not a URL");
    assert_russian_for_the_app(&err);
    assert!(err.contains("не адрес сервера"), "{err}");
    assert_eq!(t.ok("session", json!({})), Value::Null);
}

/// A teacher's day against a real demo server: sign in, find a 5А lesson, mark attendance,
/// sync, see the status events, sign out.
#[test]
fn teacher_marks_attendance_and_it_syncs() {
    let server_dir = tempfile::tempdir().expect("tempdir");
    let config = zvonok_server::Config {
        demo: true,
        ..zvonok_server::Config::for_data_dir(server_dir.path())
    };
    let running = tauri::async_runtime::block_on(zvonok_server::start(&config)).expect("server");
    let base = format!("http://{}", running.addr);

    let dir = tempfile::tempdir().expect("tempdir");
    let t = app(dir.path());

    let err = t
        .call(
            "login",
            json!({ "server": base, "login": "teacher", "password": "wrong" }),
        )
        .expect_err("wrong password");
    assert_russian_for_the_app(&err);

    let user = t.ok(
        "login",
        json!({ "server": base, "login": "teacher", "password": "zvonok-demo" }),
    );
    assert_eq!(user["login"], "teacher");
    let session = t.ok("session", json!({}));
    assert_eq!(session["server"], base);
    assert_eq!(session["user"]["login"], "teacher");
    let status = t.ok("status", json!({}));
    assert_eq!(status["state"], "synced", "{status}");
    assert_eq!(status["logged_in"], true);

    // The first 5А lesson with a journal lesson from tomorrow on.
    let tomorrow = Local::now().date_naive() + Days::new(1);
    let (doc, lesson) = (0..21u64)
        .map(|i| tomorrow + Days::new(i))
        .find_map(|d: NaiveDate| {
            let day = t.ok("today", json!({ "date": d.format("%Y-%m-%d").to_string() }));
            day.as_array()?.iter().find_map(|l| {
                (l["cohort_name"] == "5А" && l["journal"].is_string() && l["lesson"].is_string())
                    .then(|| (l["journal"].clone(), l["lesson"].clone()))
            })
        })
        .expect("teacher has a 5А lesson within three weeks");

    let sheet = t.ok("lesson", json!({ "doc": doc, "lesson": lesson }));
    let student = sheet["rows"][0]["student"].clone();
    assert!(student.is_string(), "{sheet}");
    let grid = t.ok("journal", json!({ "doc": doc }));
    assert_eq!(grid["doc"], doc);

    let saved = t.ok(
        "apply_op",
        json!({ "doc": doc, "op": {
            "op": "set_attendance", "lesson": lesson, "student": student, "code": "Absent"
        }}),
    );
    assert!(saved["pending"].as_u64() >= Some(1), "{saved}");
    let sheet = t.ok("lesson", json!({ "doc": doc, "lesson": lesson }));
    assert_eq!(sheet["rows"][0]["attendance"], "Н");

    // The write pushed a status with the change waiting.
    assert!(
        t.events
            .lock()
            .unwrap()
            .iter()
            .any(|s| s["pending"].as_u64() >= Some(1)),
        "no status event with a pending change"
    );

    let status = t.ok("sync_now", json!({}));
    assert_eq!(status["pending"], 0, "{status}");
    assert_eq!(status["state"], "synced", "{status}");

    // The background loop keeps publishing; a synced status with nothing waiting arrives.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let seen = t
            .events
            .lock()
            .unwrap()
            .iter()
            .any(|s| s["state"] == "synced" && s["pending"] == 0);
        if seen {
            break;
        }
        assert!(Instant::now() < deadline, "no synced status event");
        std::thread::sleep(Duration::from_millis(100));
    }

    assert_eq!(t.ok("children", json!({})), json!([]));
    assert_eq!(t.ok("logout", json!({})), Value::Null);
    assert_eq!(t.ok("session", json!({})), Value::Null);
    let status = t.ok("status", json!({}));
    assert_eq!(status["logged_in"], false);
    // The documents stay on the device after signing out.
    let sheet = t.ok("lesson", json!({ "doc": doc, "lesson": lesson }));
    assert_eq!(sheet["rows"][0]["attendance"], "Н");

    running.task.abort();
}
