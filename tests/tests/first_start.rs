//! A real `zvonok-server` started for a new school (no `--demo`) on an empty data directory:
//! it creates the empty school and the `admin` account, prints the one-time password once, and
//! keeps both across a restart; the admin then replaces the one-time password.

use zvonok_tests::{http, Server};

#[test]
fn first_start_gives_one_admin_and_an_empty_school() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start_empty(&tmp.path().join("server"));
    let password = server
        .admin_password()
        .unwrap_or_else(|| panic!("no one-time password printed\n{}", server.output()));
    assert_eq!(password.len(), 14, "xxxx-xxxx-xxxx: {password}");

    // A wrong password is refused; the printed one signs in as a coordinator.
    let wrong = http::post_json(
        server.addr,
        "/v1/login",
        None,
        &serde_json::json!({ "login": "admin", "password": "not-it-at-all", "device_name": "t" }),
    );
    assert_eq!(wrong.status, 401, "{}", wrong.text());
    let info = http::login(server.addr, "admin", &password, "coordinator laptop");
    assert_eq!(info["user"]["login"], "admin");
    assert!(
        info["user"]["roles"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "Coordinator")),
        "{info}"
    );
    let token = info["token"].as_str().expect("token").to_string();

    // The admin sees exactly the (empty) school and its (empty) movement book.
    let docs = http::get(server.addr, "/v1/docs", Some(&token));
    assert_eq!(docs.status, 200, "{}", docs.text());
    let docs = docs.json();
    let list = docs["docs"].as_array().expect("docs list");
    let mut kinds: Vec<&str> = list.iter().filter_map(|d| d["kind"].as_str()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["movement", "school"], "{docs}");

    // A restart keeps the account and prints no new password.
    server.restart();
    assert_eq!(server.admin_password(), None, "{}", server.output());
    let again = http::login(server.addr, "admin", &password, "after restart");
    assert_eq!(again["user"]["login"], "admin");

    // The one-time password is replaced by the admin's own; the old one stops working.
    let change = |current: &str, new: &str| {
        http::post_json(
            server.addr,
            "/v1/me/password",
            Some(&token),
            &serde_json::json!({ "current": current, "new": new }),
        )
    };
    let r = change("not-the-password", "the-admins-own-2026");
    assert_eq!(r.status, 401, "wrong current password: {}", r.text());
    let r = change(&password, "short");
    assert_eq!(r.status, 400, "too short: {}", r.text());
    assert!(r.text().contains("не меньше 8"), "{}", r.text());
    let r = change(&password, "the-admins-own-2026");
    assert_eq!(r.status, 204, "{}", r.text());
    let old = http::post_json(
        server.addr,
        "/v1/login",
        None,
        &serde_json::json!({ "login": "admin", "password": password, "device_name": "t" }),
    );
    assert_eq!(old.status, 401, "the one-time password no longer signs in");
    let own = http::login(server.addr, "admin", "the-admins-own-2026", "own password");
    assert_eq!(own["user"]["login"], "admin");

    let demo = http::post_json(
        server.addr,
        "/v1/login",
        None,
        &serde_json::json!({ "login": "teacher", "password": "zvonok-demo", "device_name": "t" }),
    );
    assert_eq!(
        demo.status, 401,
        "no demo accounts on a real school's server"
    );
}
