//! `zvonok-bench-year-close`: closing the year of the demo school (issue 11: dry run ≤ 2 s,
//! confirm ≤ 5 s), printed as a markdown table. Run it optimised:
//! `cargo run --release -p zvonok-tests --bin zvonok-bench-year-close [-- --runs N]`.
//!
//! Set-up: a real `zvonok-server --demo` process on 127.0.0.1 (the full demo school: 18
//! classes, 450 students), enrollment orders for every class list (the demo has lists but no
//! orders; the year close refuses students the book cannot explain), then as the coordinator
//! over HTTP: `GET /v1/web/year-close` (the dry run) `--runs` times, and `--runs` times the
//! cycle `POST /v1/web/year-close` (confirm) → `POST /v1/web/year-close` again (changes nothing)
//! → `POST /v1/web/year-close/undo`. Wall times, medians and maxima.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use serde_json::{json, Value};
use zvonok_core::wire::{ClassesView, PeopleView, YearCloseDone, YearCloseView};
use zvonok_tests::http;
use zvonok_tests::timing::{ms, runs_from_args};
use zvonok_tests::{Server, DEMO_PASSWORD};

fn stats(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() - 1])
}

fn get_json<T: serde::de::DeserializeOwned>(
    addr: SocketAddr,
    path: &str,
    token: &str,
) -> Result<T> {
    let r = http::get(addr, path, Some(token));
    ensure!(
        r.status == 200,
        "GET {path}: HTTP {} {}",
        r.status,
        r.text()
    );
    serde_json::from_slice(&r.body).with_context(|| format!("GET {path}: JSON"))
}

fn post(addr: SocketAddr, path: &str, token: &str, body: &Value) -> Result<(Duration, Vec<u8>)> {
    let t = Instant::now();
    let r = http::post_json(addr, path, Some(token), body);
    let took = t.elapsed();
    ensure!(
        r.status == 200,
        "POST {path}: HTTP {} {}",
        r.status,
        r.text()
    );
    Ok((took, r.body))
}

/// One enrollment order per class list, dated the year's first day.
fn enroll_everyone(addr: SocketAddr, token: &str, year_start: &str) -> Result<usize> {
    let classes: ClassesView = get_json(addr, "/v1/web/people", token)?;
    let mut students = 0;
    for (i, c) in classes.classes.iter().enumerate() {
        let people: PeopleView = get_json(addr, &format!("/v1/web/people?class={}", c.id), token)?;
        let listed: serde_json::Map<String, Value> = people
            .students
            .iter()
            .map(|s| (s.id.to_string(), Value::String(s.name.clone())))
            .collect();
        students += listed.len();
        let order = json!({
            "op": "add_order",
            "order": {
                "id": uuid::Uuid::now_v7().to_string(),
                "number": format!("З-{}", i + 1),
                "date": year_start,
                "kind": {"kind": "enroll", "to": c.id},
                "students": listed,
                "note": "",
            }
        });
        post(addr, "/v1/web/movement/orders", token, &order)?;
    }
    Ok(students)
}

fn main() -> Result<()> {
    let runs = runs_from_args(5)?;
    let tmp = tempfile::tempdir()?;
    let server = Server::start(&tmp.path().join("server"));
    let addr = server.addr;
    let token = http::token(addr, "coordinator", DEMO_PASSWORD);

    let first: YearCloseView = get_json(addr, "/v1/web/year-close", &token)?;
    let plan = first.plan.context("the demo school has a current year")?;
    let year = plan.year.id;
    let students = enroll_everyone(addr, &token, &plan.year.start.to_string())?;

    let mut dry = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let view: YearCloseView = get_json(addr, "/v1/web/year-close", &token)?;
        dry.push(ms(t.elapsed()));
        last = view.plan;
    }
    let plan = last.context("plan")?;
    let blocking: Vec<&str> = plan.blocking().map(|p| p.message.as_str()).collect();
    ensure!(blocking.is_empty(), "the dry run is blocked: {blocking:?}");
    let classes = plan.classes.len();
    let next_classes = plan.next_classes.len();

    let body = json!({ "year": year, "overrides": {} });
    let (mut confirm, mut again, mut undo) = (Vec::new(), Vec::new(), Vec::new());
    let mut orders = 0;
    for _ in 0..runs {
        let (t, b) = post(addr, "/v1/web/year-close", &token, &body)?;
        let done: YearCloseDone = serde_json::from_slice(&b)?;
        ensure!(done.changed, "the confirmation wrote nothing");
        orders = done.orders.len();
        confirm.push(ms(t));
        let (t, b) = post(addr, "/v1/web/year-close", &token, &body)?;
        let same: YearCloseDone = serde_json::from_slice(&b)?;
        ensure!(!same.changed, "a second confirmation wrote something");
        again.push(ms(t));
        let (t, _) = post(addr, "/v1/web/year-close/undo", &token, &json!({}))?;
        undo.push(ms(t));
    }

    println!(
        "Year close of the demo school ({classes} classes, {students} students listed; \
         {next_classes} classes next year, {orders} orders), {runs} runs, HTTP on 127.0.0.1:\n"
    );
    println!("| step | median | max | goal |");
    println!("|---|---|---|---|");
    for (name, v, goal) in [
        ("dry run `GET /v1/web/year-close`", dry, "≤ 2 s"),
        ("confirm `POST /v1/web/year-close`", confirm, "≤ 5 s"),
        ("confirm again (changes nothing)", again, ""),
        ("undo `POST /v1/web/year-close/undo`", undo, ""),
    ] {
        let (median, max) = stats(v);
        println!("| {name} | {median:.0} ms | {max:.0} ms | {goal} |");
    }
    Ok(())
}
