//! A real `zvonok-server` process on 127.0.0.1 (with the demo school, or a first start on an
//! empty database), killed on drop.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{bins, SERVER_START_TIMEOUT};

/// Most bytes of the server's output kept for error messages.
const KEEP_OUTPUT: usize = 64 * 1024;

pub struct Server {
    child: Option<Child>,
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    demo: bool,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

fn keep_tail(buf: &Mutex<String>, line: &str) {
    let mut b = buf.lock().unwrap_or_else(|e| e.into_inner());
    b.push_str(line);
    b.push('\n');
    if b.len() > KEEP_OUTPUT {
        let mut cut = b.len() - KEEP_OUTPUT;
        while !b.is_char_boundary(cut) {
            cut += 1;
        }
        b.drain(..cut);
    }
}

/// Extracts `ADDR` from a line containing `listening on http://ADDR`.
pub fn parse_listening(line: &str) -> Option<SocketAddr> {
    let rest = line.split("listening on http://").nth(1)?;
    let addr: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '/')
        .collect();
    addr.parse().ok()
}

impl Server {
    /// Starts a demo server on a free port of 127.0.0.1 with its data in `data_dir`.
    pub fn start(data_dir: &Path) -> Server {
        Self::start_on(data_dir, "127.0.0.1:0")
    }

    /// Starts a demo server listening on `listen` (e.g. the address of a previous run).
    pub fn start_on(data_dir: &Path, listen: &str) -> Server {
        Self::spawn(data_dir, listen, true)
    }

    /// Starts a server without the demo: on an empty `data_dir` it creates an empty school and
    /// the `admin` account and prints its one-time password ([`Server::admin_password`]).
    pub fn start_empty(data_dir: &Path) -> Server {
        Self::spawn(data_dir, "127.0.0.1:0", false)
    }

    /// The one-time password a first start printed, if it did.
    pub fn admin_password(&self) -> Option<String> {
        let out = self.stdout.lock().unwrap_or_else(|e| e.into_inner());
        out.lines().find_map(|l| {
            let rest = l.strip_prefix("one-time password of admin: ")?;
            rest.split_whitespace().next().map(str::to_string)
        })
    }

    fn spawn(data_dir: &Path, listen: &str, demo: bool) -> Server {
        std::fs::create_dir_all(data_dir).expect("create server data dir");
        let mut cmd = Command::new(&bins().server);
        if demo {
            cmd.arg("--demo");
        }
        let mut child = cmd
            .arg("--listen")
            .arg(listen)
            .arg("--data-dir")
            .arg(data_dir)
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
            )
            // Only the flags above configure it, whatever the caller's environment holds.
            .env_remove("ZVONOK_DATABASE_URL")
            .env_remove("ZVONOK_MAX_BODY_BYTES")
            .env_remove("ZVONOK_WEB_DIR")
            .env_remove("ZVONOK_DEMO")
            .env_remove("ZVONOK_ADMIN_PASSWORD")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bins().server.display()));
        let stdout_buf = Arc::new(Mutex::new(String::new()));
        let stderr_buf = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let buf = Arc::clone(&stdout_buf);
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                keep_tail(&buf, &line);
                if !sent {
                    if let Some(a) = parse_listening(&line) {
                        let _ = tx.send(a);
                        sent = true;
                    }
                }
            }
        });
        let err = child.stderr.take().expect("stderr");
        let buf = Arc::clone(&stderr_buf);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(err);
            let mut chunk = Vec::new();
            loop {
                chunk.clear();
                match reader
                    .by_ref()
                    .take(64 * 1024)
                    .read_until(b'\n', &mut chunk)
                {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&chunk);
                        keep_tail(&buf, line.trim_end_matches('\n'));
                    }
                }
            }
        });
        let mut server = Server {
            child: Some(child),
            addr: "127.0.0.1:0".parse().expect("addr"),
            data_dir: data_dir.to_path_buf(),
            demo,
            stdout: stdout_buf,
            stderr: stderr_buf,
        };
        let deadline = std::time::Instant::now() + SERVER_START_TIMEOUT;
        loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(addr) => {
                    assert!(
                        addr.ip().is_loopback(),
                        "server listens on {addr}, not on loopback"
                    );
                    server.addr = addr;
                    return server;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // Stdout closed without the line: give stderr a moment to drain.
                    std::thread::sleep(Duration::from_millis(300));
                    let status = server
                        .child
                        .as_mut()
                        .and_then(|c| c.try_wait().ok().flatten());
                    panic!(
                        "zvonok-server exited ({status:?}) before printing `listening on http://…`\n{}",
                        server.output()
                    );
                }
            }
            if let Some(status) = server
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                std::thread::sleep(Duration::from_millis(300));
                panic!(
                    "zvonok-server exited ({status}) before listening\n{}",
                    server.output()
                );
            }
            if std::time::Instant::now() > deadline {
                let out = server.output();
                server.stop();
                panic!(
                    "zvonok-server printed no `listening on http://…` within {SERVER_START_TIMEOUT:?}\n{out}"
                );
            }
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What the server printed so far (tails of stdout and stderr).
    pub fn output(&self) -> String {
        let out = self
            .stdout
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let err = self
            .stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        format!("--- server stdout ---\n{out}--- server stderr ---\n{err}")
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// CPU time (user + system, all threads) the process has used so far, from
    /// `/proc/<pid>/stat` (Linux; clock ticks of 10 ms).
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()?)).ok()?;
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let rest = stat.get(stat.rfind(')')? + 2..)?;
        let f: Vec<&str> = rest.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
        let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
        Some(Duration::from_millis(ticks * 1000 / clock_ticks()))
    }

    /// Is the process still running?
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Kills the process and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Stops this server and starts a new one on the same address and data directory.
    /// Retries a few times if the port is not free yet.
    pub fn restart(&mut self) {
        self.stop();
        let listen = self.addr.to_string();
        let data_dir = self.data_dir.clone();
        let demo = self.demo;
        let mut last = String::new();
        for _ in 0..10 {
            let res = std::panic::catch_unwind(|| Server::spawn(&data_dir, &listen, demo));
            match res {
                Ok(s) => {
                    *self = s;
                    return;
                }
                Err(e) => {
                    last = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
        panic!("could not restart the server on {listen}: {last}");
    }
}

/// Clock ticks per second of `/proc` times (`getconf CLK_TCK`; 100 on Linux).
fn clock_ticks() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(100)
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::parse_listening;

    #[test]
    fn parses_the_listening_line() {
        let a = parse_listening("zvonok-server listening on http://127.0.0.1:43211").unwrap();
        assert_eq!(a.port(), 43211);
        let a = parse_listening("listening on http://127.0.0.1:8080/ (demo)").unwrap();
        assert_eq!(a.port(), 8080);
        assert!(parse_listening("starting…").is_none());
    }
}
