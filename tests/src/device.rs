//! A CLI device: the `zvonok` binary with its own data directory and the demo password.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{bins, CLI_TIMEOUT, DEMO_PASSWORD};

/// One finished CLI run.
#[derive(Clone, Debug)]
pub struct Run {
    pub args: Vec<String>,
    /// Exit code; `None` if killed by a signal or the timeout.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`zvonok {}` exited with {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }
}

impl Run {
    /// Panics with the whole run unless it exited 0.
    pub fn ok(self) -> Run {
        assert_eq!(self.code, Some(0), "expected success\n{self}");
        self
    }

    /// Panics with the whole run unless it exited with `code`.
    pub fn code(self, code: i32) -> Run {
        assert_eq!(self.code, Some(code), "expected exit code {code}\n{self}");
        self
    }

    /// Parses stdout as JSON; panics with the whole run if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{self}"))
    }
}

#[derive(Clone, Debug)]
pub struct Device {
    pub name: String,
    pub dir: PathBuf,
}

impl Device {
    /// A device whose data lives in `root/name`.
    pub fn new(root: &Path, name: &str) -> Device {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).expect("create device dir");
        Device {
            name: name.to_string(),
            dir,
        }
    }

    /// Runs `zvonok --data-dir <dir> ARGS…` with `ZVONOK_PASSWORD` set, for at most
    /// [`CLI_TIMEOUT`]; never panics on a non-zero exit.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(&bins().cli);
        cmd.arg("--data-dir")
            .arg(&self.dir)
            .args(args)
            .env("ZVONOK_PASSWORD", DEMO_PASSWORD)
            .env("NO_COLOR", "1")
            .env_remove("ZVONOK_DATA_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bins().cli.display()));
        let mut out = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let out_t = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = out.read_to_end(&mut s);
            s
        });
        let err_t = std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = err.read_to_end(&mut s);
            s
        });
        let deadline = Instant::now() + CLI_TIMEOUT;
        let mut timed_out = false;
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break Some(s),
                Ok(None) if Instant::now() > deadline => {
                    timed_out = true;
                    let _ = child.kill();
                    break child.wait().ok();
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(_) => break None,
            }
        };
        let stdout = String::from_utf8_lossy(&out_t.join().unwrap_or_default()).into_owned();
        let mut stderr = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
        if timed_out {
            stderr.push_str(&format!("\n[e2e: killed after {CLI_TIMEOUT:?}]"));
        }
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            code: if timed_out {
                None
            } else {
                status.and_then(|s| s.code())
            },
            stdout,
            stderr,
        }
    }

    /// Runs and requires exit code 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.run(args).ok()
    }

    /// Runs with `--json` appended, requires exit code 0 and returns the parsed output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        self.run(&a).ok().json()
    }

    /// `zvonok login <url> <login>`.
    pub fn login(&self, url: &str, login: &str) -> Run {
        self.ok(&["login", url, login])
    }

    /// `zvonok sync`, required to succeed.
    pub fn sync(&self) -> Run {
        self.ok(&["sync"])
    }

    /// `zvonok status --json`.
    pub fn status(&self) -> Value {
        self.json(&["status"])
    }
}
