//! Errors as the UI shows them: the client's Russian messages, without the hints that name
//! `zvonok` CLI commands (the app has its own buttons for those).

use std::fmt::Display;

/// The message of an error, for the UI.
pub fn message(e: &impl Display) -> String {
    strip_cli_hints(&e.to_string())
}

/// Removes parenthesised CLI hints such as « (zvonok sync)» or
/// « (zvonok login <адрес сервера> <логин>)» from a message.
pub fn strip_cli_hints(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(start) = rest.find("(zvonok ") {
        let Some(len) = rest[start..].find(')') else {
            break;
        };
        out.push_str(rest[..start].trim_end_matches(' '));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::strip_cli_hints;

    #[test]
    fn cli_hints_are_removed() {
        let cases = [
            (
                "Устройство не подключено к серверу: выполните вход (zvonok login <адрес сервера> <логин>).",
                "Устройство не подключено к серверу: выполните вход.",
            ),
            (
                "Сервер недоступен (connection refused). Данные сохранены на устройстве; синхронизируйте позже (zvonok sync).",
                "Сервер недоступен (connection refused). Данные сохранены на устройстве; синхронизируйте позже.",
            ),
            (
                "Устройство отозвано или вход устарел: войдите заново (zvonok login)",
                "Устройство отозвано или вход устарел: войдите заново",
            ),
            ("Нет доступа: журнал ведёт учитель", "Нет доступа: журнал ведёт учитель"),
            ("незакрытая (zvonok скобка", "незакрытая (zvonok скобка"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_cli_hints(input), want, "{input}");
        }
    }
}
