//! CLI argument parsing, and the binary's exit codes and JSON output on a device store
//! prepared offline.

mod common;

use std::path::Path;
use std::process::{Command as Process, Output};

use clap::Parser;
use zvonok_client::cli::{Cli, Command, EXIT_AUTH, EXIT_BAD_INPUT, EXIT_NETWORK};

#[test]
fn parses_commands_and_global_flags() {
    let cli = Cli::try_parse_from([
        "zvonok",
        "--json",
        "--data-dir",
        "/tmp/x",
        "mark",
        "5A",
        "Математика",
        "2026-09-07",
        "2",
        "Петров",
        "5",
        "--kind",
        "Контрольная работа",
        "--comment",
        "молодец",
    ])
    .unwrap();
    assert!(cli.json);
    assert_eq!(cli.data_dir.as_deref(), Some(Path::new("/tmp/x")));
    match cli.command {
        Command::Mark {
            class,
            lesson,
            student,
            value,
            kind,
            weight,
            comment,
            ..
        } => {
            assert_eq!(
                (class.as_str(), lesson, student.as_str(), value.as_str()),
                ("5A", 2, "Петров", "5")
            );
            assert_eq!(kind.as_deref(), Some("Контрольная работа"));
            assert_eq!(weight, None);
            assert_eq!(comment.as_deref(), Some("молодец"));
        }
        other => panic!("{other:?}"),
    }
    let cli = Cli::try_parse_from([
        "zvonok",
        "attendance",
        "5А",
        "Математика",
        "2026-09-07",
        "2",
        "Иванов",
        "-",
    ])
    .unwrap();
    assert!(matches!(cli.command, Command::Attendance { ref code, .. } if code == "-"));
    let cli = Cli::try_parse_from([
        "zvonok",
        "journal",
        "5А",
        "Математика",
        "--period",
        "2",
        "--json",
    ])
    .unwrap();
    assert!(cli.json);
    assert!(matches!(
        cli.command,
        Command::Journal {
            period: Some(2),
            ..
        }
    ));
    let cli = Cli::try_parse_from(["zvonok", "today", "--date", "2026-09-07"]).unwrap();
    assert_eq!(
        cli.command,
        Command::Today {
            date: Some("2026-09-07".into())
        }
    );
    assert!(matches!(
        Cli::try_parse_from(["zvonok", "summary"]).unwrap().command,
        Command::Summary { student: None }
    ));
    assert!(Cli::try_parse_from([
        "zvonok",
        "mark",
        "5А",
        "Математика",
        "2026-09-07",
        "второй",
        "x",
        "5"
    ])
    .is_err());
    assert!(Cli::try_parse_from(["zvonok", "frobnicate"]).is_err());
}

fn zvonok(dir: &Path, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_zvonok"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("ZVONOK_DATA_DIR")
        .output()
        .expect("run zvonok")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn offline_writes_reads_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    common::install(dir.path());
    let d = dir.path();

    let o = zvonok(
        d,
        &["mark", "5A", "математика", "2026-09-07", "2", "петров", "5"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Отметка 5 (Ответ на уроке, вес 1) — Петров Пётр, 07.09 (урок 2)"),
        "{out}"
    );
    assert!(out.contains("ожидает синхронизации: 1"), "{out}");

    let o = zvonok(
        d,
        &[
            "--json",
            "attendance",
            "5А",
            "Математика",
            "07.09.2026",
            "2",
            "Иванов",
            "Н",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["pending"], 2);
    assert!(v["saved"].as_str().unwrap().starts_with("Пропуск Н"));

    let o = zvonok(
        d,
        &["topic", "5А", "Математика", "2026-09-07", "2", "Дроби"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Bad input: exit 2, a Russian message, nothing written.
    for args in [
        &["mark", "7Б", "Математика", "2026-09-07", "2", "Петров", "5"][..],
        &["mark", "5А", "Математика", "2026-09-07", "2", "Петров", "7"],
        &["mark", "5А", "Математика", "2026-09-07", "4", "Петров", "5"],
        &[
            "mark",
            "5А",
            "Математика",
            "2026-09-07",
            "2",
            "Кузнецов",
            "5",
        ],
        &[
            "mark",
            "5А",
            "Математика",
            "2026-09-07",
            "2",
            "Петров",
            "5",
            "--weight",
            "9",
        ],
        &[
            "mark",
            "5А",
            "Математика",
            "2026-09-07",
            "2",
            "Петров",
            "5",
            "--kind",
            "пение",
        ],
        &["mark", "5А", "Математика", "сентябрь", "2", "Петров", "5"],
        &[
            "attendance",
            "5А",
            "Математика",
            "2026-09-07",
            "2",
            "Петров",
            "Х",
        ],
    ] {
        let o = zvonok(d, args);
        assert_eq!(
            o.status.code(),
            Some(i32::from(EXIT_BAD_INPUT)),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).starts_with("Ошибка: "), "{}", stderr(&o));
    }

    let o = zvonok(
        d,
        &["--json", "journal", "5а", "Математика", "--period", "1"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let grid: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(grid["lessons"].as_array().unwrap().len(), 2);
    let petrov = grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"].as_str().unwrap().starts_with("Петров"))
        .unwrap();
    assert_eq!(petrov["average"], "5,00");
    assert_eq!(petrov["cells"][0]["marks"][0]["value"], "5");

    let o = zvonok(d, &["journal", "5А", "Математика", "--period", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("5,00"), "{}", stdout(&o));

    let o = zvonok(d, &["--json", "today", "--date", "2026-09-07"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let today: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(today[0]["start"], "09:25");
    assert_eq!(today[0]["topic_filled"], true);
    assert_eq!(today[0]["marks"], 1);

    let o = zvonok(d, &["--json", "status"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let st: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(st["pending"], 3);
    assert_eq!(st["state"], "never");

    // The fixture's server address is closed: sync fails as offline (3) and status says so.
    let o = zvonok(d, &["sync"]);
    assert_eq!(
        o.status.code(),
        Some(i32::from(EXIT_NETWORK)),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("Сервер недоступен"), "{}", stderr(&o));
    let o = zvonok(d, &["status"]);
    let text = stdout(&o);
    assert!(
        text.contains("нет связи") && text.contains("3 изменения ожидает"),
        "{text}"
    );
}

#[test]
fn not_logged_in_is_an_auth_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = zvonok(dir.path(), &["sync"]);
    assert_eq!(
        o.status.code(),
        Some(i32::from(EXIT_AUTH)),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("zvonok login"));
    let o = zvonok(dir.path(), &["--json", "status"]);
    assert_eq!(o.status.code(), Some(0));
    let st: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(st["server"].is_null());
    let o = zvonok(dir.path(), &["login", "not a url", "teacher"]);
    assert_ne!(o.status.code(), Some(0));
}

/// Runs `zvonok` and parses its JSON answer; panics with stderr unless it exited 0.
fn json_of(dir: &Path, args: &[&str]) -> serde_json::Value {
    let o = zvonok(dir, &[&["--json"][..], args].concat());
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// Changes waiting for the server (`status --json`).
fn pending(dir: &Path) -> u64 {
    json_of(dir, &["status"])["pending"].as_u64().unwrap()
}

/// Marks per student of the fixture's journal, by full name.
fn marks_by_name(dir: &Path) -> Vec<(String, usize)> {
    let grid = json_of(dir, &["journal", "5А", "Математика", "--period", "1"]);
    grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["marks"].as_array().map_or(0, Vec::len))
                .sum();
            (r["name"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

fn refused(dir: &Path, args: &[&str]) -> String {
    let o = zvonok(dir, args);
    assert_eq!(
        o.status.code(),
        Some(i32::from(EXIT_BAD_INPUT)),
        "{args:?} must be refused: {}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), "{args:?} printed {}", stdout(&o));
    stderr(&o)
}

const CLASS_OF_FIVE: [(&str, &str, &str); 5] = [
    ("Иванов", "Иван", "Иванович"),
    ("Иванова", "Мария", "Петровна"),
    ("Романов", "Роман", "Ильич"),
    ("Сидоров", "Олег", "Андреевич"),
    ("Сидоров", "Павел", "Андреевич"),
];

#[test]
fn a_student_is_found_only_by_a_name_that_says_who_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::install_with(d, None, &CLASS_OF_FIVE);
    let mark = |who: &'static str| ["mark", "5А", "Математика", "2026-09-07", "2", who, "5"];

    // A beginning of a name, or a name nobody has: exit 2, a message with close names, nothing
    // written.
    for (who, says) in [
        (
            "Р",
            "Ученика «Р» нет в журнале 5А · Математика · 1 четверть. Похожие: Романов Роман Ильич.",
        ),
        ("Романо", "Похожие: Романов Роман Ильич."),
        ("Иванов И", "Ученика «Иванов И» нет"),
        ("Роман", "Ученика «Роман» нет"),
        ("Кузнецов", "Ученика «Кузнецов» нет в журнале"),
        ("Романв", "Похожие: Романов Роман Ильич."),
    ] {
        let err = refused(d, &mark(who));
        assert!(err.contains(says), "{who}: {err}");
        assert!(err.contains("Укажите фамилию и имя полностью"), "{err}");
    }
    let err = refused(
        d,
        &[
            "attendance",
            "5А",
            "Математика",
            "2026-09-07",
            "2",
            "Р",
            "Н",
        ],
    );
    assert!(err.contains("Ученика «Р» нет"), "{err}");
    let err = refused(d, &["final", "5А", "Математика", "Р", "5", "--period", "1"]);
    assert!(err.contains("Ученика «Р» нет"), "{err}");

    // Two students named alike: exit 2 listing both.
    let err = refused(d, &mark("сидоров"));
    assert!(
        err.contains("Сидоров Олег Андреевич, Сидоров Павел Андреевич")
            && err.contains("несколько учеников"),
        "{err}"
    );
    assert_eq!(pending(d), 0, "nothing queued by a refused write");
    assert!(marks_by_name(d).iter().all(|(_, n)| *n == 0));

    // Names that say who it is: the full name, «Фамилия Имя», a surname only one student has
    // («Иванов» is not «Иванова»), typed in any case and with «е» for «ё».
    for who in [
        "Романов",
        "иванов",
        "Сидоров Павел",
        "СИДОРОВ  ОЛЕГ АНДРЕЕВИЧ",
        "Иванова Мария Петровна",
    ] {
        let o = zvonok(d, &mark(who));
        assert_eq!(o.status.code(), Some(0), "{who}: {}", stderr(&o));
        assert!(
            stdout(&o).starts_with("Сохранено в журнале 5А · Математика · 1 четверть: Отметка 5"),
            "{}",
            stdout(&o)
        );
    }
    assert_eq!(pending(d), 5);
    for (name, n) in marks_by_name(d) {
        assert_eq!(n, 1, "{name} has one mark");
    }
    let o = zvonok(
        d,
        &[
            "final",
            "5А",
            "Математика",
            "романов роман",
            "5",
            "--period",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn class_and_subject_names_follow_the_name_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::install(d);
    for class in ["5А", "5 а", "5a", "5A", "5а", "5-А", " 5 A "] {
        for subject in ["Математика", "МАТЕМАТИКА", "  математика ", "матем"]
        {
            let grid = json_of(d, &["journal", class, subject, "--period", "1"]);
            assert_eq!(
                grid["title"], "5А · Математика · 1 четверть",
                "{class} {subject}"
            );
        }
    }
    let o = zvonok(
        d,
        &[
            "mark",
            "5 а",
            "Математика",
            "2026-09-07",
            "2",
            "Петров",
            "5",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for class in ["5Б", "55А", "5", "А"] {
        let err = refused(d, &["journal", class, "Математика", "--period", "1"]);
        assert!(err.contains(&format!("Класс «{class}» не найден")), "{err}");
    }
    let err = refused(d, &["journal", "5А", "м", "--period", "1"]);
    assert!(
        err.contains("Предмет «м» не найден. Похожие: Математика."),
        "{err}"
    );
    let err = refused(d, &["journal", "5А", "Физика", "--period", "1"]);
    assert!(err.contains("Предмет «Физика» не найден."), "{err}");
    assert_eq!(pending(d), 1);
}

#[test]
fn journal_says_whether_the_user_may_write_it() {
    // The assigned teacher: writable, and a locked period is not writable now.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::install(d);
    let grid = json_of(d, &["journal", "5А", "Математика", "--period", "1"]);
    assert_eq!(grid["writable"], true);
    assert_eq!(grid["writable_now"], true);
    let text = stdout(&zvonok(
        d,
        &["journal", "5А", "Математика", "--period", "1"],
    ));
    assert!(
        text.starts_with("Журнал 5А · Математика · 1 четверть\n"),
        "{text}"
    );
    let o = zvonok(d, &["lock", "5А", "Математика", "--period", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let grid = json_of(d, &["journal", "5А", "Математика", "--period", "1"]);
    assert_eq!(grid["locked"], true);
    assert_eq!(grid["writable"], true);
    assert_eq!(grid["writable_now"], false);
    let text = stdout(&zvonok(
        d,
        &["journal", "5А", "Математика", "--period", "1"],
    ));
    assert!(
        text.contains("(период закрыт: изменения только с правом «Редактировать закрытый период»)"),
        "{text}"
    );
    let err = refused(
        d,
        &["mark", "5А", "Математика", "2026-09-07", "2", "Петров", "5"],
    );
    assert!(err.contains("закрыт"), "{err}");

    // Another teacher reads the journal but may not write it.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::install_as(d, Some(zvonok_core::ids::StaffId::new()));
    let grid = json_of(d, &["journal", "5А", "Математика", "--period", "1"]);
    assert_eq!(grid["writable"], false);
    assert_eq!(grid["writable_now"], false);
    let text = stdout(&zvonok(
        d,
        &["journal", "5А", "Математика", "--period", "1"],
    ));
    assert!(
        text.starts_with(
            "Журнал 5А · Математика · 1 четверть (только чтение: журнал ведёт назначенный учитель)"
        ),
        "{text}"
    );
    let err = refused(
        d,
        &["mark", "5А", "Математика", "2026-09-07", "2", "Петров", "5"],
    );
    assert!(
        err.contains("журнал «5А · Математика · 1 четверть» ведёт назначенный учитель"),
        "{err}"
    );
    assert_eq!(pending(d), 0);
}
