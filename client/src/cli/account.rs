//! Account and server commands: `login`, `sync`, `status`, `children`, `summary`,
//! `devices`, `revoke`.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Mutex;

use serde_json::Value;
use zvonok_core::ids::StudentId;
use zvonok_core::marks::AbsenceCode;
use zvonok_core::wire::ChildInfo;

use super::render::{self, local_time, plural, table};
use super::CliError;
use crate::names::{find_person, suggestion_text, Match};
use crate::replica::Replica;
use crate::status::{status_of, SyncState};
use crate::sync::{self, api_for, fetch_summary, lock, SummaryView, SyncError, SyncReport};

fn read_password() -> Result<String, CliError> {
    if let Ok(p) = std::env::var("ZVONOK_PASSWORD") {
        return Ok(p);
    }
    let tty = std::io::stdin().is_terminal();
    eprint!("Пароль: ");
    let _ = std::io::stderr().flush();
    let stty = |arg: &str| {
        if tty {
            let _ = std::process::Command::new("stty").arg(arg).status();
        }
    };
    stty("-echo");
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    stty("echo");
    if tty {
        eprintln!();
    }
    read.map_err(|e| CliError::Io(e.to_string()))?;
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    if p.is_empty() {
        return Err(CliError::BadInput(
            "Пароль не введён: задайте ZVONOK_PASSWORD или введите его по запросу.".into(),
        ));
    }
    Ok(p)
}

fn device_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());
    match host {
        Some(h) => format!("zvonok CLI ({h})"),
        None => "zvonok CLI".into(),
    }
}

fn print_report(report: &SyncReport) -> Result<(), CliError> {
    render::line(&format!(
        "Синхронизация: {} {}, отправлено {} Б, получено {} Б; документов обновлено: {}, новых: {}, закрыто: {}",
        report.rounds,
        plural(report.rounds as usize, "раунд", "раунда", "раундов"),
        report.bytes_sent,
        report.bytes_received,
        report.docs_updated,
        report.docs_new,
        report.docs_revoked
    ))?;
    if !report.converged {
        render::line("Синхронизация не завершилась за отведённые раунды: повторите zvonok sync.")?;
    }
    for rj in &report.rejections {
        render::line(&format!(
            "Отклонено сервером: {} — {}",
            rj.description, rj.reason
        ))?;
    }
    render::line(&format!("Ожидает синхронизации: {}", report.pending))
}

pub async fn login(
    replica: &Mutex<Replica>,
    server: &str,
    login: &str,
    name: Option<String>,
    json: bool,
) -> Result<(), CliError> {
    let password = read_password()?;
    let name = name.unwrap_or_else(device_name);
    let api = sync::login(replica, server, login, &password, &name).await?;
    let user = lock(replica)
        .user()
        .map(|u| u.display_name.clone())
        .unwrap_or_default();
    if !json {
        render::line(&format!(
            "Вход выполнен: {user} ({login}) на {}",
            api.base()
        ))?;
    }
    let report = sync::sync_once(replica, &api).await?;
    if json {
        return render::json(&report);
    }
    print_report(&report)
}

pub async fn sync(replica: &Mutex<Replica>, json: bool) -> Result<(), CliError> {
    let api = api_for(replica)?;
    let report = sync::sync_once(replica, &api).await?;
    if let Err(e) = sync::refresh_user(replica, &api).await {
        tracing::info!("user info not refreshed: {e}");
    }
    if json {
        return render::json(&report);
    }
    print_report(&report)
}

pub fn status(replica: &Mutex<Replica>, json: bool) -> Result<(), CliError> {
    let st = status_of(&mut lock(replica))?;
    if json {
        return render::json(&st);
    }
    let server = st
        .server
        .clone()
        .unwrap_or_else(|| "не подключено (zvonok login)".into());
    render::line(&format!("Сервер: {server}"))?;
    if let Some(u) = &st.user {
        let roles: Vec<&str> = u.roles.iter().map(|r| r.title_ru()).collect();
        render::line(&format!(
            "Пользователь: {} ({}), {}",
            u.display_name,
            u.login,
            roles.join(", ")
        ))?;
    }
    if st.server.is_some() && !st.logged_in {
        render::line("Вход устарел или устройство отозвано: войдите заново (zvonok login).")?;
    }
    let state = match &st.state {
        SyncState::Never => "ещё не синхронизировано".to_string(),
        SyncState::Syncing { progress: None } => "синхронизация…".to_string(),
        SyncState::Syncing { progress: Some(p) } => {
            format!("синхронизация: документов {} из {}…", p.done, p.total)
        }
        SyncState::Synced { at } => format!("синхронизировано {}", local_time(*at)),
        SyncState::Offline {
            last_error,
            next_retry,
        } => {
            let retry = next_retry
                .map(|t| format!("; следующая попытка {}", local_time(t)))
                .unwrap_or_default();
            format!("нет связи: {last_error}{retry}")
        }
    };
    render::line(&format!("Состояние: {state}"))?;
    if let Some(at) = st.last_sync {
        render::line(&format!("Последняя синхронизация: {}", local_time(at)))?;
    }
    render::line(&format!(
        "{} {} ожидает синхронизации",
        st.pending,
        plural(st.pending, "изменение", "изменения", "изменений")
    ))?;
    if !st.rejected.is_empty() {
        render::line(&format!("Отклонено сервером: {}", st.rejected.len()))?;
        for rj in &st.rejected {
            render::line(&format!(
                "  {} — {}: {}",
                local_time(rj.at),
                rj.description,
                rj.reason
            ))?;
        }
    }
    Ok(())
}

/// The children the user may see (a student sees themself), refreshed from the server when
/// it answers.
async fn known_children(replica: &Mutex<Replica>) -> Result<Vec<ChildInfo>, CliError> {
    if let Ok(api) = api_for(replica) {
        if let Err(e) = sync::refresh_user(replica, &api).await {
            if e.is_auth() {
                return Err(e.into());
            }
            tracing::info!("user info not refreshed: {e}");
        }
    }
    let r = lock(replica);
    let user = r.user().ok_or(SyncError::NotLoggedIn)?;
    let mut kids = user.children.clone();
    if let Some(me) = user.student {
        if !kids.iter().any(|c| c.id == me) {
            kids.push(ChildInfo {
                id: me,
                name: user.display_name.clone(),
                class_name: String::new(),
            });
        }
    }
    Ok(kids)
}

pub async fn children(replica: &Mutex<Replica>, json: bool) -> Result<(), CliError> {
    let kids = known_children(replica).await?;
    if json {
        return render::json(&kids);
    }
    if kids.is_empty() {
        return render::line("Детей в учётной записи нет.");
    }
    for c in &kids {
        render::line(&format!("{}  {}  {}", c.name, c.class_name, c.id))?;
    }
    Ok(())
}

fn pick_child(kids: &[ChildInfo], query: Option<&str>) -> Result<StudentId, CliError> {
    match query {
        None => match kids {
            [one] => Ok(one.id),
            [] => Err(CliError::BadInput(
                "В учётной записи нет учеников: укажите ученика (zvonok summary <ФИО>).".into(),
            )),
            _ => Err(CliError::BadInput(format!(
                "Укажите ребёнка: {}.",
                kids.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        },
        Some(q) => {
            if let Ok(id) = q.trim().parse::<StudentId>() {
                return Ok(id);
            }
            match find_person(q, kids.iter().map(|c| (c.id, c.name.clone()))) {
                Match::One(id) => Ok(id),
                Match::None(close) => Err(CliError::BadInput(format!(
                    "Ученика «{q}» нет среди детей учётной записи.{} Укажите фамилию и имя полностью (список: zvonok children).",
                    suggestion_text(&close)
                ))),
                Match::Many(names) => Err(CliError::BadInput(format!(
                    "«{q}» — несколько детей: {}. Укажите фамилию, имя и отчество полностью или идентификатор (zvonok children).",
                    names.join(", ")
                ))),
            }
        }
    }
}

fn print_summary(v: &SummaryView) -> Result<(), CliError> {
    let s = &v.summary;
    let period = s
        .period
        .as_ref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    render::line(&format!(
        "{}, {} — {}{period}",
        s.name, s.class_name, s.school
    ))?;
    let note = if v.offline {
        " (нет связи с сервером, показана сохранённая копия)"
    } else {
        ""
    };
    render::line(&format!("данные на {}{note}", local_time(v.fetched_at)))?;
    render::line("")?;
    let mut rows = vec![vec![
        "Предмет".to_string(),
        "Отметки".into(),
        "Средний".into(),
        "Итог".into(),
    ]];
    for sub in &s.subjects {
        let marks: Vec<String> = sub
            .marks
            .iter()
            .map(|m| {
                if m.weight > 1 {
                    format!("{}×{}", m.value, m.weight)
                } else {
                    m.value.clone()
                }
            })
            .collect();
        rows.push(vec![
            sub.name.clone(),
            marks.join(" "),
            sub.average.clone().unwrap_or_else(|| "—".into()),
            sub.final_mark.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    for line in table(&rows) {
        render::line(&line)?;
    }
    let counts: Vec<String> = AbsenceCode::ALL
        .iter()
        .map(|c| {
            let n = s.attendance_counts.get(c.code()).copied().unwrap_or(0);
            format!("{} {n}", c.code())
        })
        .collect();
    render::line(&format!("Пропуски: {}", counts.join(", ")))?;
    if !s.homework.is_empty() {
        render::line("Домашние задания:")?;
        for h in &s.homework {
            render::line(&format!(
                "  {} {}: {}",
                h.date.format("%d.%m"),
                h.subject,
                h.homework
            ))?;
        }
    }
    Ok(())
}

pub async fn summary(
    replica: &Mutex<Replica>,
    student: Option<&str>,
    json: bool,
) -> Result<(), CliError> {
    let kids = known_children(replica).await?;
    let id = pick_child(&kids, student)?;
    let api = api_for(replica).ok();
    let view = fetch_summary(replica, api.as_ref(), id).await?;
    if json {
        return render::json(&view);
    }
    print_summary(&view)
}

/// The device list, whatever shape the server's JSON has (a list or `{devices: [...]}`).
fn device_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Object(o) => o
            .get("devices")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A field of a JSON object as text; RFC 3339 times are shown in local time.
fn field(v: &Value, keys: &[&str]) -> String {
    keys.iter()
        .find_map(|k| v.get(*k))
        .map(|x| match x {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| local_time(t.with_timezone(&chrono::Utc)))
                .unwrap_or_else(|_| s.clone()),
            Value::Null => String::new(),
            other => other.to_string(),
        })
        .unwrap_or_default()
}

pub async fn devices(replica: &Mutex<Replica>, json: bool) -> Result<(), CliError> {
    let api = api_for(replica)?;
    let value = api.devices().await?;
    if json {
        return render::json(&value);
    }
    let mine = lock(replica)
        .credentials()
        .map(|c| c.device.to_string())
        .unwrap_or_default();
    let list = device_list(&value);
    if list.is_empty() {
        return render::line("Устройств нет.");
    }
    let mut rows = vec![vec![
        "Устройство".to_string(),
        "Название".into(),
        "Зарегистрировано".into(),
        "Последний вход".into(),
        "".into(),
    ]];
    for d in &list {
        let id = field(d, &["id", "device"]);
        let mut note = Vec::new();
        if id == mine || d.get("current").and_then(Value::as_bool) == Some(true) {
            note.push("это устройство");
        }
        if d.get("revoked")
            .is_some_and(|x| !x.is_null() && x != &Value::Bool(false))
        {
            note.push("отозвано");
        }
        rows.push(vec![
            id,
            field(d, &["name", "device_name"]),
            field(d, &["created", "created_at"]),
            field(d, &["last_seen", "last_seen_at"]),
            note.join(", "),
        ]);
    }
    for line in table(&rows) {
        render::line(&line)?;
    }
    Ok(())
}

pub async fn revoke(replica: &Mutex<Replica>, device: &str, json: bool) -> Result<(), CliError> {
    let api = api_for(replica)?;
    api.revoke(device).await?;
    let own = lock(replica)
        .credentials()
        .is_some_and(|c| c.device.to_string() == device.trim());
    if own {
        lock(replica).forget_token()?;
    }
    if json {
        return render::json(&serde_json::json!({ "revoked": device.trim(), "this_device": own }));
    }
    render::line(&format!("Устройство {} отозвано.", device.trim()))?;
    if own {
        render::line(
            "Это было это устройство: для работы с сервером войдите заново (zvonok login).",
        )?;
    }
    Ok(())
}
