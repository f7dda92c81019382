//! Concurrent edits of the same cell are shown, not hidden: two devices of the same teacher,
//! both offline, mark the same student differently in the same lesson and give different
//! final marks; after both sync, the journal on each device shows the value it keeps and the
//! other device's value, the same on both. A new write keeps one value and the conflict is gone
//! everywhere. A real `zvonok-server --demo` process and real `zvonok` CLI devices.

use serde_json::Value;
use zvonok_tests::scenario::{days_from, find_lesson, grid, grid_row, today, LessonAt};
use zvonok_tests::{Device, Server};

const CLASS: &str = "5А";
const SEARCH_DAYS: u64 = 21;

fn lesson_in_class(dev: &Device) -> LessonAt {
    let tomorrow = today().succ_opt().unwrap_or_else(today);
    find_lesson(dev, CLASS, None, days_from(tomorrow, SEARCH_DAYS, true))
        .or_else(|| find_lesson(dev, CLASS, None, days_from(today(), SEARCH_DAYS, false)))
        .unwrap_or_else(|| panic!("{} has no {CLASS} lesson", dev.name))
}

/// The grid cell of `student` in `lesson`.
fn cell<'a>(g: &'a Value, student: &str, lesson: &str) -> &'a Value {
    grid_row(g, student)["cells"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["lesson"] == lesson))
        .unwrap_or_else(|| panic!("no cell for {student} in {lesson}: {g}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// The shown value and the other values, sorted together.
fn both(shown: &Value, other: &Value) -> Vec<String> {
    let mut v = strings(other);
    v.extend(shown.as_str().map(str::to_string));
    v.sort();
    v
}

fn sync_clean(dev: &Device) {
    let r = dev.json(&["sync"]);
    assert_eq!(r["converged"], true, "{}: {r}", dev.name);
    assert_eq!(
        r["rejections"].as_array().map(Vec::len),
        Some(0),
        "{}: a concurrent edit is not a rejection: {r}",
        dev.name
    );
}

#[test]
fn concurrent_edits_of_one_cell_are_shown_on_every_device() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(&tmp.path().join("server"));
    let url = server.url();
    let tablet = Device::new(tmp.path(), "tablet");
    let laptop = Device::new(tmp.path(), "laptop");
    tablet.login(&url, "teacher");
    laptop.login(&url, "teacher");
    let at = lesson_in_class(&tablet);
    let g0 = grid(&tablet, CLASS, &at.subject);
    let student = g0["rows"][0]["student"]
        .as_str()
        .expect("a student")
        .to_string();
    assert_eq!(g0["rows"][0]["final_other"], Value::Null);

    // Both offline; the same student, the same lesson, different values.
    server.stop();
    let (d, n) = (at.date_arg(), at.number_arg());
    tablet.ok(&["attendance", CLASS, &at.subject, &d, &n, &student, "Н"]);
    laptop.ok(&["attendance", CLASS, &at.subject, &d, &n, &student, "Б"]);
    tablet.ok(&["final", CLASS, &at.subject, &student, "5"]);
    laptop.ok(&["final", CLASS, &at.subject, &student, "4"]);

    server.restart();
    sync_clean(&tablet);
    sync_clean(&laptop);
    sync_clean(&tablet);

    let mut shown = Vec::new();
    for dev in [&tablet, &laptop] {
        let g = grid(dev, CLASS, &at.subject);
        let c = cell(&g, &student, &at.lesson);
        assert_eq!(
            both(&c["attendance"], &c["attendance_other"]),
            ["Б", "Н"],
            "{}: the cell shows one code and the other device's: {c}",
            dev.name
        );
        let row = grid_row(&g, &student);
        assert_eq!(
            both(&row["final_mark"], &row["final_other"]),
            ["4", "5"],
            "{}: final marks: {row}",
            dev.name
        );
        shown.push((c["attendance"].clone(), row["final_mark"].clone()));
        // The text output says it in words, with the other value.
        let text = dev.ok(&["journal", CLASS, &at.subject]).stdout;
        assert!(
            text.contains("с другого устройства"),
            "{}: {text}",
            dev.name
        );
    }
    assert_eq!(shown[0], shown[1], "both devices keep the same value");

    // The teacher keeps «Б» and «4» on the tablet: the conflict is gone on both devices.
    tablet.ok(&["attendance", CLASS, &at.subject, &d, &n, &student, "Б"]);
    tablet.ok(&["final", CLASS, &at.subject, &student, "4"]);
    sync_clean(&tablet);
    sync_clean(&laptop);
    for dev in [&tablet, &laptop] {
        let g = grid(dev, CLASS, &at.subject);
        let c = cell(&g, &student, &at.lesson);
        assert_eq!(c["attendance"], "Б", "{}: {c}", dev.name);
        assert_eq!(c["attendance_other"], Value::Null, "{}: {c}", dev.name);
        let row = grid_row(&g, &student);
        assert_eq!(row["final_mark"], "4");
        assert_eq!(row["final_other"], Value::Null, "{}: {row}", dev.name);
        let text = dev.ok(&["journal", CLASS, &at.subject]).stdout;
        assert!(
            !text.contains("с другого устройства"),
            "{}: {text}",
            dev.name
        );
    }
}
