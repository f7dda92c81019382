//! What a new user types into the CLI against the demo school: a student given by a beginning
//! of a name or an unknown surname is refused (exit 2, nothing queued, nothing on the server),
//! whole names write; «5 а», «5a», «5A» find 5А; another teacher's journal is read-only.

use serde_json::Value;
use zvonok_tests::scenario::{days_from, find_lesson, grid, grid_row, today};
use zvonok_tests::{Device, Server};

const CLASS: &str = "5А";
const MATH: &str = "Математика";
const RUSSIAN: &str = "Русский язык";

fn pending(dev: &Device) -> u64 {
    dev.status()["pending"].as_u64().expect("status.pending")
}

/// Students of a grid: (id, full name).
fn students(g: &Value) -> Vec<(String, String)> {
    g["rows"]
        .as_array()
        .expect("grid rows")
        .iter()
        .map(|r| {
            (
                r["student"].as_str().unwrap_or_default().to_string(),
                r["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn surname(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or_default()
}

/// Marks of a student on one lesson of a grid.
fn marks_on(g: &Value, student: &str, lesson: &str) -> usize {
    let row = grid_row(g, student);
    let lessons = g["lessons"].as_array().expect("grid lessons");
    let i = lessons
        .iter()
        .position(|l| l["id"] == lesson)
        .expect("the lesson is in the grid");
    row["cells"][i]["marks"].as_array().map_or(0, Vec::len)
}

#[test]
fn names_classes_and_rights_as_a_new_user_types_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let teacher = Device::new(tmp.path(), "dev-teacher");
    teacher.login(&server.url(), "teacher");
    let tomorrow = today().succ_opt().unwrap_or_else(today);
    let at = find_lesson(&teacher, CLASS, Some(MATH), days_from(tomorrow, 21, true))
        .or_else(|| find_lesson(&teacher, CLASS, Some(MATH), days_from(today(), 21, false)))
        .expect("the math teacher has a 5А lesson within three weeks");
    let (date, number) = (at.date_arg(), at.number_arg());
    let before = grid(&teacher, CLASS, MATH);
    let kids = students(&before);
    let unique_surname = |(_, name): &&(String, String)| {
        kids.iter()
            .filter(|(_, n)| surname(n) == surname(name))
            .count()
            == 1
    };
    // A student whose initial no other student shares: the old lookup put a mark on them for
    // «Р»-like input.
    let (target, target_name) = kids
        .iter()
        .find(|(_, name)| {
            let initial = name.chars().next();
            kids.iter()
                .filter(|(_, n)| n.chars().next() == initial)
                .count()
                == 1
        })
        .or_else(|| kids.first())
        .cloned()
        .expect("5А has students");
    let initial: String = target_name.chars().take(1).collect();
    let mark = |who: &str| {
        teacher.run(&[
            "mark", "5 а", MATH, &date, &number, who, "5", "--kind", "answer",
        ])
    };

    for who in [initial.as_str(), "Несуществующий", "Несуществующий Иван"]
    {
        let run = mark(who).code(2);
        assert!(
            run.stderr
                .contains(&format!("Ученика «{who}» нет в журнале")),
            "{run}"
        );
    }
    let run = mark(&initial).code(2);
    assert!(
        run.stderr.contains("Похожие: ") && run.stderr.contains(&target_name),
        "the refusal suggests {target_name}: {run}"
    );
    assert_eq!(pending(&teacher), 0, "refused writes queue nothing");
    teacher.sync();
    let after = grid(&teacher, CLASS, MATH);
    assert_eq!(
        marks_on(&after, &target, &at.lesson),
        marks_on(&before, &target, &at.lesson),
        "no mark reached {target_name}"
    );

    // Whole names write: the full name, and a surname only one student has.
    mark(&target_name).ok();
    let (other, other_name) = kids
        .iter()
        .filter(|k| k.0 != target)
        .find(unique_surname)
        .cloned()
        .expect("5А has another student with a surname of their own");
    mark(surname(&other_name)).ok();
    assert_eq!(pending(&teacher), 2);
    let report = teacher.json(&["sync"]);
    assert_eq!(
        report["rejections"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    let after = grid(&teacher, CLASS, MATH);
    for (id, name) in [(&target, &target_name), (&other, &other_name)] {
        assert_eq!(
            marks_on(&after, id, &at.lesson),
            marks_on(&before, id, &at.lesson) + 1,
            "{name} got the mark"
        );
    }

    // The class as people type it.
    for class in ["5 а", "5a", "5A", "5а"] {
        let g = teacher.json(&["journal", class, MATH]);
        assert_eq!(g["title"], before["title"], "{class}");
    }

    // The teacher's own journal is writable; Russian (teacher2's) is read-only and refuses.
    assert_eq!(before["writable"], true);
    assert_eq!(
        before["writable_now"],
        !before["locked"].as_bool().unwrap_or(true)
    );
    let russian = teacher.json(&["journal", CLASS, RUSSIAN]);
    assert_eq!(russian["writable"], false, "{}", russian["title"]);
    assert_eq!(russian["writable_now"], false);
    let text = teacher.ok(&["journal", CLASS, RUSSIAN]).stdout;
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.contains("только чтение: журнал ведёт назначенный учитель")),
        "{text}"
    );
    let lesson = &russian["lessons"][0];
    let run = teacher
        .run(&[
            "mark",
            CLASS,
            RUSSIAN,
            lesson["date"].as_str().expect("lesson date"),
            &lesson["number"].to_string(),
            &target_name,
            "5",
        ])
        .code(2);
    assert!(run.stderr.contains("ведёт назначенный учитель"), "{run}");
    assert_eq!(pending(&teacher), 0);
}
