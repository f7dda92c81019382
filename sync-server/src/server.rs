//! Starting the server: open storage, create the demo school if asked (or, on an empty
//! database, the empty school and its first account), bind, serve.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use thiserror::Error;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::demo::{self, DemoOptions};
use crate::state::AppState;
use crate::storage::sqlite::SqliteStorage;
use crate::storage::{Storage, StorageError};

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("неподдерживаемый адрес базы данных «{0}»: используйте sqlite:///путь/к/файлу.sqlite")]
    BadDatabaseUrl(String),
    #[error("не удалось создать каталог данных {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("не удалось создать демонстрационную школу: {0}")]
    Demo(#[from] demo::DemoError),
    #[error("не удалось создать документы школы при запуске: {0}")]
    Provision(String),
    #[error("первый запуск не удался: {0}")]
    FirstStart(#[from] crate::first_start::FirstStartError),
    #[error("не удалось открыть адрес {0}: {1}")]
    Bind(String, std::io::Error),
    #[error("каталог веб-интерфейса {0} недоступен ({1}): соберите интерфейс (bash scripts/run.sh) или уберите --web-dir")]
    WebDir(PathBuf, std::io::Error),
    #[error("ошибка сервера: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the storage the configuration names.
pub fn open_storage(config: &Config) -> Result<Arc<dyn Storage>, ServerError> {
    let path = match &config.database_url {
        Some(url) => match url.strip_prefix("sqlite://") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => return Err(ServerError::BadDatabaseUrl(url.clone())),
        },
        None => {
            std::fs::create_dir_all(&config.data_dir)
                .map_err(|e| ServerError::DataDir(config.data_dir.clone(), e))?;
            config.data_dir.join("zvonok.sqlite")
        }
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| ServerError::DataDir(parent.to_path_buf(), e))?;
    }
    Ok(Arc::new(SqliteStorage::open(&path)?))
}

/// A bound, running server.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Opens storage, creates the demo school if asked and the database is empty (printing its
/// logins), binds and starts serving in a task.
pub async fn start(config: &Config) -> Result<Running, ServerError> {
    let web_dir = match &config.web_dir {
        Some(dir) => Some(
            crate::api::web_ui::check_dir(dir).map_err(|e| ServerError::WebDir(dir.clone(), e))?,
        ),
        None => None,
    };
    let storage = open_storage(config)?;
    if config.demo && storage.count_users()? == 0 {
        let st = storage.clone();
        let t0 = Instant::now();
        let report = tokio::task::spawn_blocking(move || {
            demo::generate(st.as_ref(), &DemoOptions::full_today())
        })
        .await
        .map_err(|e| ServerError::Io(std::io::Error::other(e.to_string())))??;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "demo school created: {} ({} users, {} documents) in {:.1} s",
            report.school_name,
            report.users,
            report.docs,
            t0.elapsed().as_secs_f64()
        )?;
        writeln!(out, "demo password: {}", report.password)?;
        for l in &report.logins {
            writeln!(out, "demo login: {} ({})", l.login, l.description)?;
        }
        out.flush()?;
    } else if !config.demo {
        if let Some(first) =
            crate::first_start::first_start(storage.as_ref(), config.admin_password.as_deref())?
        {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "first start: an empty school was created; sign in as «{}» and set the school up",
                first.login
            )?;
            if first.generated {
                writeln!(
                    out,
                    "one-time password of {}: {} (shown only now; change it after signing in)",
                    first.login, first.password
                )?;
            }
            out.flush()?;
        }
    }
    let state = Arc::new(
        AppState::new(storage, config.max_body_bytes)
            .with_web_dir(web_dir)
            .with_trusted_proxies(config.trusted_proxy.clone()),
    );
    // A database from an older version may lack documents the school now calls for (personal
    // files, the movement book): create them before serving.
    let st = state.clone();
    let created = tokio::task::spawn_blocking(move || crate::provision::after_school_change(&st))
        .await
        .map_err(|e| ServerError::Io(std::io::Error::other(e.to_string())))?
        .map_err(|e| ServerError::Provision(e.to_string()))?;
    if created > 0 {
        tracing::info!(created, "documents created for the school at start-up");
    }
    // Every hour the journals are brought in line again: a new day may open the next study
    // period (`provision::journals::OPEN_AHEAD_DAYS`). Nothing is written when nothing changed.
    let st = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is now: start-up has just run it
        loop {
            tick.tick().await;
            let st = st.clone();
            match tokio::task::spawn_blocking(move || crate::provision::after_school_change(&st))
                .await
            {
                Ok(Ok(n)) if n > 0 => tracing::info!(created = n, "documents created (hourly)"),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!("hourly provisioning failed: {e}"),
                Err(e) => tracing::warn!("hourly provisioning stopped: {e}"),
            }
        }
    });
    let listener = TcpListener::bind(&config.listen)
        .await
        .map_err(|e| ServerError::Bind(config.listen.clone(), e))?;
    let addr = listener.local_addr()?;
    let app = crate::api::app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    });
    Ok(Running { addr, state, task })
}

/// Runs the server until Ctrl-C, printing `listening on http://ADDR` once it is bound.
pub async fn serve(config: Config) -> Result<(), ServerError> {
    let running = start(&config).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{}", running.addr)?;
        if let Some(dir) = &running.state.web_dir {
            writeln!(out, "web ui: {}", dir.display())?;
        }
        out.flush()?;
    }
    tracing::info!(addr = %running.addr, "zvonok-server started");
    running
        .task
        .await
        .map_err(|e| ServerError::Io(std::io::Error::other(e.to_string())))??;
    Ok(())
}
