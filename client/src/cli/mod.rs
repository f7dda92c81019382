//! The `zvonok` command line: arguments (clap), the commands, and their exit codes.
//!
//! Exit codes: 0 success, 1 other failure (device storage), 2 bad input (nothing written),
//! 3 server unreachable (work is kept on the device), 4 authentication (log in again).
//! Read commands print JSON with `--json`.

mod account;
mod journal;
mod render;

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use thiserror::Error;

use crate::replica::{Replica, ReplicaError};
use crate::sync::SyncError;

/// Exit code: bad input, nothing was written.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: the server could not be reached.
pub const EXIT_NETWORK: u8 = 3;
/// Exit code: the server does not accept this device or user.
pub const EXIT_AUTH: u8 = 4;

#[derive(Parser, Debug)]
#[command(
    name = "zvonok",
    version,
    about = "Звонок: классный журнал на устройстве, работает без сети и синхронизируется с сервером школы"
)]
pub struct Cli {
    /// Папка данных устройства (файл replica.sqlite3).
    #[arg(long, global = true, env = "ZVONOK_DATA_DIR", value_name = "ПАПКА")]
    pub data_dir: Option<PathBuf>,
    /// Вывод в JSON (для скриптов).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug, PartialEq, Eq)]
pub enum Command {
    /// Войти на сервер и выполнить первую синхронизацию (пароль: ZVONOK_PASSWORD или запрос).
    Login {
        /// Адрес сервера, например https://zvonok.school.ru
        server: String,
        login: String,
        /// Название устройства, которое увидит администратор.
        #[arg(long)]
        device_name: Option<String>,
    },
    /// Синхронизировать с сервером.
    Sync,
    /// Сервер, пользователь, состояние синхронизации, ожидающие и отклонённые изменения.
    Status,
    /// Уроки на сегодня (или на дату).
    Today {
        /// Дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ.
        #[arg(long)]
        date: Option<String>,
    },
    /// Отметить пропуск: Н, Б, УП, ОП или «-», чтобы снять.
    Attendance {
        class: String,
        subject: String,
        date: String,
        lesson: u8,
        student: String,
        code: String,
    },
    /// Поставить отметку.
    Mark {
        class: String,
        subject: String,
        date: String,
        lesson: u8,
        student: String,
        value: String,
        /// Вид работы: код (test) или название («Контрольная работа»).
        #[arg(long)]
        kind: Option<String>,
        /// Вес 1–5 (по умолчанию — вес вида работы).
        #[arg(long)]
        weight: Option<u8>,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Записать тему урока.
    Topic {
        class: String,
        subject: String,
        date: String,
        lesson: u8,
        text: String,
    },
    /// Записать домашнее задание.
    Homework {
        class: String,
        subject: String,
        date: String,
        lesson: u8,
        text: String,
    },
    /// Журнал класса по предмету: ученики × уроки, средний балл, итоговая отметка.
    Journal {
        class: String,
        subject: String,
        /// Номер периода (четверти, полугодия); по умолчанию — текущий.
        #[arg(long)]
        period: Option<u8>,
    },
    /// Поставить итоговую отметку за период («-» — снять).
    Final {
        class: String,
        subject: String,
        student: String,
        value: String,
        /// Номер периода; по умолчанию — текущий.
        #[arg(long)]
        period: Option<u8>,
    },
    /// Закрыть период журнала для изменений.
    Lock {
        class: String,
        subject: String,
        #[arg(long)]
        period: Option<u8>,
    },
    /// Открыть закрытый период (нужно право «Редактировать закрытый период»).
    Unlock {
        class: String,
        subject: String,
        #[arg(long)]
        period: Option<u8>,
    },
    /// Дети (для родителей) или сам ученик.
    Children,
    /// Успеваемость, посещаемость и домашние задания ученика (работает и без сети).
    Summary { student: Option<String> },
    /// Устройства учётной записи.
    Devices,
    /// Отозвать устройство.
    Revoke { device: String },
}

/// A failed command; [`CliError::exit_code`] says which exit code it maps to.
#[derive(Debug, Error)]
pub enum CliError {
    #[error("{0}")]
    BadInput(String),
    #[error(transparent)]
    Replica(#[from] ReplicaError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error("Ошибка вывода: {0}")]
    Io(String),
}

impl From<crate::store::StoreError> for CliError {
    fn from(e: crate::store::StoreError) -> Self {
        CliError::Replica(ReplicaError::Store(e))
    }
}

fn replica_code(e: &ReplicaError) -> u8 {
    if e.is_bad_input() {
        EXIT_BAD_INPUT
    } else if matches!(e, ReplicaError::NotLoggedIn) {
        EXIT_AUTH
    } else {
        1
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => EXIT_BAD_INPUT,
            CliError::Replica(e) => replica_code(e),
            CliError::Sync(SyncError::Replica(e)) => replica_code(e),
            CliError::Sync(e) if e.is_network() => EXIT_NETWORK,
            CliError::Sync(e) if e.is_auth() => EXIT_AUTH,
            CliError::Sync(
                SyncError::NotFound(_) | SyncError::Refused(..) | SyncError::BadUrl(_),
            ) => EXIT_BAD_INPUT,
            CliError::Sync(_) | CliError::Io(_) => 1,
        }
    }
}

/// The data directory: `--data-dir`/`ZVONOK_DATA_DIR`, else the platform's data directory
/// (`$XDG_DATA_HOME/zvonok`, `~/.local/share/zvonok`, `%APPDATA%\zvonok`,
/// `~/Library/Application Support/zvonok`), else `./zvonok-device`.
pub fn default_data_dir() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let platform = if cfg!(target_os = "windows") {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
    };
    platform
        .map(|p| p.join("zvonok"))
        .unwrap_or_else(|| PathBuf::from("zvonok-device"))
}

/// Parses a date: `ГГГГ-ММ-ДД`, `ДД.ММ.ГГГГ`, or «сегодня»/«today» (`today`: the school's
/// date in its time zone, not the device's).
pub fn parse_date(s: &str, today: impl FnOnce() -> NaiveDate) -> Result<NaiveDate, CliError> {
    let t = s.trim();
    if matches!(t.to_lowercase().as_str(), "сегодня" | "today") {
        return Ok(today());
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .map_err(|_| {
            CliError::BadInput(format!(
                "«{s}» — не дата. Укажите дату как ГГГГ-ММ-ДД, например 2026-10-12."
            ))
        })
}

/// Runs a parsed command.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let replica = Mutex::new(Replica::open(&dir)?);
    let json = cli.json;
    match cli.command {
        Command::Login {
            server,
            login,
            device_name,
        } => account::login(&replica, &server, &login, device_name, json).await,
        Command::Sync => account::sync(&replica, json).await,
        Command::Status => account::status(&replica, json),
        Command::Children => account::children(&replica, json).await,
        Command::Summary { student } => account::summary(&replica, student.as_deref(), json).await,
        Command::Devices => account::devices(&replica, json).await,
        Command::Revoke { device } => account::revoke(&replica, &device, json).await,
        Command::Today { date } => journal::today(&replica, date.as_deref(), json),
        Command::Journal {
            class,
            subject,
            period,
        } => journal::grid(&replica, &class, &subject, period, json),
        Command::Final {
            class,
            subject,
            student,
            value,
            period,
        } => journal::final_mark(&replica, (&class, &subject, period), &student, &value, json),
        Command::Lock {
            class,
            subject,
            period,
        } => journal::lock_period(&replica, (&class, &subject, period), true, json),
        Command::Unlock {
            class,
            subject,
            period,
        } => journal::lock_period(&replica, (&class, &subject, period), false, json),
        Command::Attendance {
            class,
            subject,
            date,
            lesson,
            student,
            code,
        } => {
            let at = journal::At::new(&replica, &class, &subject, &date, lesson)?;
            journal::attendance(&replica, &at, &student, &code, json)
        }
        Command::Mark {
            class,
            subject,
            date,
            lesson,
            student,
            value,
            kind,
            weight,
            comment,
        } => {
            let at = journal::At::new(&replica, &class, &subject, &date, lesson)?;
            let mark = journal::MarkArgs {
                value,
                kind,
                weight,
                comment: comment.unwrap_or_default(),
            };
            journal::mark(&replica, &at, &student, &mark, json)
        }
        Command::Topic {
            class,
            subject,
            date,
            lesson,
            text,
        } => {
            let at = journal::At::new(&replica, &class, &subject, &date, lesson)?;
            journal::lesson_text(&replica, &at, journal::TextField::Topic, &text, json)
        }
        Command::Homework {
            class,
            subject,
            date,
            lesson,
            text,
        } => {
            let at = journal::At::new(&replica, &class, &subject, &date, lesson)?;
            journal::lesson_text(&replica, &at, journal::TextField::Homework, &text, json)
        }
    }
}
