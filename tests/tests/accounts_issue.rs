//! Issuing access against a real `zvonok-server --demo` process over HTTP: the coordinator
//! issues a class, the one-time codes sign in, whoever signed in before keeps their password,
//! the slips come back as a PDF named after the class, and a teacher may do none of it.

use serde_json::{json, Value};
use zvonok_tests::{http, Server, DEMO_PASSWORD};

fn post(server: &Server, token: &str, path: &str, body: &Value) -> http::Response {
    http::post_json(server.addr, path, Some(token), body)
}

#[test]
fn a_coordinator_issues_a_class_and_the_codes_sign_in() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let coord = http::token(server.addr, "coordinator", DEMO_PASSWORD);

    // The demo parent has signed in: their class is the one issued.
    let parent = http::token(server.addr, "parent", DEMO_PASSWORD);
    let me = http::get(server.addr, "/v1/me", Some(&parent)).json();
    let class_name = me["children"][0]["class_name"]
        .as_str()
        .expect("a child's class")
        .to_string();
    let school = http::get(server.addr, "/v1/web/school", Some(&coord));
    assert_eq!(school.status, 200, "{}", school.text());
    let school = school.json();
    let class_id = school["classes"]
        .as_object()
        .expect("classes")
        .values()
        .find(|c| {
            format!("{}{}", c["grade"], c["letter"].as_str().unwrap_or_default()) == class_name
        })
        .and_then(|c| c["id"].as_str())
        .expect("the child's class")
        .to_string();
    // The demo's accounts were made with a password, not a code: new codes are asked for.
    let scope = json!({"scope": {"kind": "class", "class": class_id}, "reissue": true});

    // A teacher may not issue.
    let teacher = http::token(server.addr, "teacher", DEMO_PASSWORD);
    let r = post(&server, &teacher, "/v1/web/accounts/issue", &scope);
    assert_eq!(r.status, 403, "{}", r.text());

    let r = post(&server, &coord, "/v1/web/accounts/issue", &scope);
    assert_eq!(r.status, 200, "{}", r.text());
    let accounts = r.json()["accounts"].as_array().expect("accounts").clone();
    let students = accounts.iter().filter(|a| a["role"] == "Student").count();
    assert!(students >= 6, "{accounts:?}");
    let signed = accounts
        .iter()
        .find(|a| a["login"] == "parent")
        .expect("the parent is listed");
    assert!(signed.get("code").is_none(), "{signed}");
    assert!(signed["note"]
        .as_str()
        .is_some_and(|n| n.contains("входил")));
    let other = accounts
        .iter()
        .find(|a| a["role"] == "Parent" && a.get("code").is_some())
        .expect("a parent who never signed in");
    let code = other["code"].as_str().expect("code");
    assert_eq!(code.len(), 14, "{code}");
    let login = other["login"].as_str().expect("login");
    let token = http::token(server.addr, login, code);
    let me = http::get(server.addr, "/v1/me", Some(&token)).json();
    let kids = me["children"].as_array().expect("children");
    assert!(!kids.is_empty(), "{me}");
    assert!(kids.iter().any(|k| k["class_name"] == class_name.as_str()));
    // The old demo password is replaced by the code.
    let old = http::post_json(
        server.addr,
        "/v1/login",
        None,
        &json!({"login": login, "password": DEMO_PASSWORD, "device_name": "t"}),
    );
    assert_eq!(old.status, 401);

    let pdf = post(&server, &coord, "/v1/web/accounts/slips", &scope);
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let disposition = pdf.header("content-disposition").expect("attachment");
    assert!(
        disposition.starts_with("attachment; filename=\"slips-") && disposition.ends_with(".pdf\""),
        "{disposition}"
    );
    assert!(pdf.body.starts_with(b"%PDF"));
    let r = post(&server, &teacher, "/v1/web/accounts/slips", &scope);
    assert_eq!(r.status, 403);
}
