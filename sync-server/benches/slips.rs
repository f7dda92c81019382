//! Issuing access and printing slips for the largest class of the full demo school: the time
//! to issue (create/hash codes, write) and to render the PDF, and the PDF's size.
//! `cargo bench -p zvonok-server --bench slips` (or `cargo test … --bench slips` for the dev
//! profile); the last PDF is written to the temp dir as `slips-bench.pdf`.

use std::time::Instant;

use zvonok_core::wire::{IssueRequest, IssueScope};
use zvonok_server::accounts_issue::{issue, Issuer};
use zvonok_server::demo::{generate, DemoOptions};
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::Storage;
use zvonok_server::{slips, AppState};

fn main() {
    let storage = std::sync::Arc::new(SqliteStorage::in_memory().expect("storage"));
    generate(storage.as_ref(), &DemoOptions::full_today()).expect("demo");
    let state = AppState::new(storage.clone(), 1 << 20);
    let ix = state.index().expect("index");
    let (class, roster) = ix
        .rosters
        .iter()
        .max_by_key(|(c, r)| (r.sorted_students().len(), **c))
        .expect("a class");
    let coordinator = storage
        .user_by_login("coordinator")
        .expect("read")
        .expect("coordinator");
    let scope = IssueScope::Class { class: *class };
    // New codes every round, as for lost slips: the hashing is what is measured.
    let request = IssueRequest {
        reissue: true,
        ..IssueRequest::new(scope.clone())
    };
    let school = ix.school.card.name.clone();
    for round in 1..=3 {
        let t = Instant::now();
        let resp = issue(
            storage.as_ref(),
            &ix,
            &request,
            Issuer {
                user: &coordinator,
                device: zvonok_core::ids::DeviceId::new(),
            },
        )
        .expect("issue");
        let issued = t.elapsed();
        let t = Instant::now();
        let list = slips::slips(&school, "http://192.168.1.10:8080", &resp.accounts);
        let pdf = slips::render(&list).expect("render");
        let rendered = t.elapsed();
        println!(
            "round {round}: class {} ({} students), {} slips: issue {:.0} ms, render {:.1} ms, PDF {} bytes, {} pages",
            ix.class_name(*class),
            roster.sorted_students().len(),
            list.len(),
            issued.as_secs_f64() * 1000.0,
            rendered.as_secs_f64() * 1000.0,
            pdf.len(),
            slips::pages_for(list.len()),
        );
        if round == 3 {
            let thirty: Vec<_> = list.iter().cycle().take(30).cloned().collect();
            let pdf30 = slips::render(&thirty).expect("render 30");
            println!("30 slips: {} bytes", pdf30.len());
            let out = std::env::temp_dir().join("slips-bench.pdf");
            std::fs::write(&out, &pdf).expect("write");
            println!("written to {}", out.display());
        }
    }
}
