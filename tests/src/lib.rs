//! # zvonok-tests
//!
//! End-to-end harness: real `zvonok-server` processes and real `zvonok` CLI devices, each with
//! its own data directory, talking over 127.0.0.1 only. Every wait is bounded.
//!
//! - [`bins`] finds (and, once per process, brings up to date) the two binaries in the same
//!   target directory as the running test: `target/debug/deps/<test>` → `target/debug`.
//! - [`Server`] starts `zvonok-server --demo`, reads its `listening on http://ADDR` line and
//!   kills it on drop.
//! - [`Device`] runs the CLI with its own `--data-dir` and the demo password.
//! - [`http`] is a tiny hand-written HTTP/1.1 client for the checks the CLI does not expose
//!   (status codes, raw bodies).
//! - [`scenario`] reads the CLI's JSON (lessons, journal grid, summary); [`forge`] writes past
//!   the device's rights check, to test the server's.

pub mod device;
pub mod forge;
pub mod http;
mod machine;
pub mod scenario;
pub mod server;
pub mod timing;

pub use device::{Device, Run};
pub use machine::machine;
pub use server::Server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

/// The demo school's password for every demo login.
pub const DEMO_PASSWORD: &str = "zvonok-demo";

/// How long a server may take to print its address.
pub const SERVER_START_TIMEOUT: Duration = Duration::from_secs(120);
/// How long one CLI command may run.
pub const CLI_TIMEOUT: Duration = Duration::from_secs(120);

/// Paths of the binaries under test.
#[derive(Clone, Debug)]
pub struct Bins {
    pub server: PathBuf,
    pub cli: PathBuf,
}

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The profile directory the running executable lives in (`<target>/debug`), derived from
/// `current_exe()`: `<target>/debug/deps/<test>` or `<target>/debug/<bin>`.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let mut dir = exe.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.file_name().is_some_and(|n| n == "deps") {
        dir.pop();
    }
    dir
}

/// The binaries, built once per process with `cargo build -p zvonok-server -p zvonok-client
/// --bins` when they are missing or older than a source file of core, client or server (in CI
/// `scripts/test.sh` has built them already, so nothing is rebuilt). `ZVONOK_E2E_NO_BUILD=1`
/// never builds; then they must exist.
pub fn bins() -> &'static Bins {
    static BINS: OnceLock<Bins> = OnceLock::new();
    BINS.get_or_init(|| {
        let dir = profile_dir();
        let bins = Bins {
            server: dir.join(format!("zvonok-server{}", std::env::consts::EXE_SUFFIX)),
            cli: dir.join(format!("zvonok{}", std::env::consts::EXE_SUFFIX)),
        };
        let skip = std::env::var("ZVONOK_E2E_NO_BUILD").is_ok_and(|v| v == "1");
        if !skip && (is_stale(&bins.server) || is_stale(&bins.cli)) {
            build_bins(&dir);
        }
        for p in [&bins.server, &bins.cli] {
            assert!(
                p.exists(),
                "binary {} is missing: run `cargo build --workspace --bins`",
                p.display()
            );
        }
        bins
    })
}

/// Is `bin` missing, or older than a source file it is built from?
fn is_stale(bin: &Path) -> bool {
    let Some(built) = std::fs::metadata(bin).and_then(|m| m.modified()).ok() else {
        return true;
    };
    let root = workspace_root();
    let mut newest = std::time::SystemTime::UNIX_EPOCH;
    let mut stack: Vec<PathBuf> = ["core", "client", "sync-server"]
        .iter()
        .flat_map(|c| [root.join(c).join("src"), root.join(c).join("Cargo.toml")])
        .collect();
    // Bounded walk: source trees are small.
    let mut seen = 0;
    while let Some(p) = stack.pop() {
        seen += 1;
        if seen > 20_000 {
            break;
        }
        let Ok(meta) = std::fs::metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if let Ok(m) = meta.modified() {
            newest = newest.max(m);
        }
    }
    newest > built
}

fn build_bins(profile_dir: &Path) {
    let target = profile_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "build",
        "-p",
        "zvonok-server",
        "-p",
        "zvonok-client",
        "--bins",
    ])
    .current_dir(workspace_root())
    .env("CARGO_TARGET_DIR", &target);
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        cmd.arg("--release");
    }
    eprintln!("e2e: building the binaries into {}", target.display());
    let status = cmd.status().expect("running cargo build");
    assert!(
        status.success(),
        "cargo build of zvonok-server and zvonok failed: {status}"
    );
}

/// Runs `f` until it returns `Some`, at most `tries` times, `pause` apart.
pub fn retry<T>(tries: u32, pause: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    for i in 0..tries {
        if let Some(v) = f() {
            return Some(v);
        }
        if i + 1 < tries {
            std::thread::sleep(pause);
        }
    }
    None
}
