//! Server configuration: command-line flags with `ZVONOK_*` environment fallbacks.

use std::path::PathBuf;

use clap::Parser;

use crate::proxy::IpNet;

/// Default largest request body: 64 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone, Debug, Parser)]
#[command(name = "zvonok-server", version, about = "Сервер синхронизации Zvonok")]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "ZVONOK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Directory for the database when --database-url is not given.
    #[arg(long, env = "ZVONOK_DATA_DIR", default_value = "./zvonok-data")]
    pub data_dir: PathBuf,
    /// Database, e.g. sqlite:///var/lib/zvonok/zvonok.sqlite (default: DATA_DIR/zvonok.sqlite).
    #[arg(long, env = "ZVONOK_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Create the demo school if the database is empty.
    #[arg(long, env = "ZVONOK_DEMO")]
    pub demo: bool,
    /// Without --demo, an empty database gets an empty school and the account `admin` with a
    /// one-time password printed on the console; this sets that password instead (≥ 8 signs).
    #[arg(long, env = "ZVONOK_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Largest accepted request body in bytes.
    #[arg(long, env = "ZVONOK_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Reverse proxies (addresses or CIDR networks, comma-separated) whose `Forwarded` /
    /// `X-Forwarded-For` headers name the client's address; without it those headers are
    /// ignored and the connection's address counts (sign-in limits, audit).
    #[arg(long, env = "ZVONOK_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpNet>,
    /// Serve the built web UI from this directory at / (SPA: unknown paths get index.html).
    #[arg(long, env = "ZVONOK_WEB_DIR")]
    pub web_dir: Option<PathBuf>,
}

impl Config {
    /// Defaults for a data directory (tests and embedding).
    pub fn for_data_dir(dir: impl Into<PathBuf>) -> Self {
        Config {
            listen: "127.0.0.1:0".into(),
            data_dir: dir.into(),
            database_url: None,
            demo: false,
            admin_password: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            web_dir: None,
            trusted_proxy: Vec::new(),
        }
    }
}
