//! Timings of the full demo school (ignored by default: `cargo test -p zvonok-server --test
//! timing -- --ignored --nocapture`).

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::{Device, Harness};
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::{app, AppState};

#[tokio::test]
#[ignore = "slow: builds the full demo school"]
async fn full_demo_and_first_sync() {
    let dir = tempfile::tempdir().expect("temp dir");
    let storage = Arc::new(SqliteStorage::open(&dir.path().join("z.sqlite")).expect("open"));
    let t0 = Instant::now();
    let demo = generate(storage.as_ref(), &DemoOptions::full(common::today())).expect("demo");
    println!(
        "full demo: {} users, {} docs in {:.2?}",
        demo.users,
        demo.docs,
        t0.elapsed()
    );
    let state = Arc::new(AppState::new(storage, 64 << 20));
    let h = Harness::from_parts(app(state.clone()), state, demo, dir);
    for login in ["teacher", "director"] {
        let l = h.login(login).await;
        let mut dev = Device::new(&l);
        let t = Instant::now();
        let rounds = dev.sync(&h).await;
        println!(
            "{login}: first sync of {} docs in {rounds} rounds, {:.2?}",
            dev.docs.len(),
            t.elapsed()
        );
        let t = Instant::now();
        dev.sync(&h).await;
        println!("{login}: idle sync {:.2?}", t.elapsed());
    }
}
