//! Readable audit lines for edits of a locked journal («Правка в закрытом периоде»): what the
//! write changed, from the typed journal data before and after it. Marks and final marks are
//! named with the student and both values, attendance with the lesson's date, topics and
//! homework by lesson (their text is not copied into the log).

use zvonok_core::doc::journal::JournalData;

/// Most changes one line lists; the rest are counted.
const LISTED: usize = 10;

/// «итоговая: Орлова Вера 4 → 5; отметка: Сидоров Олег 12.10 — 3»: what changed from `before`
/// to `after`, or `None` when nothing a reader sees changed (e.g. only the lock flag).
pub fn describe(before: &JournalData, after: &JournalData) -> Option<String> {
    let name = |s| {
        after
            .students
            .get(s)
            .or_else(|| before.students.get(s))
            .cloned()
            .unwrap_or_else(|| "ученик".into())
    };
    let date = |j: &JournalData, l| {
        j.lessons
            .get(l)
            .map(|l| l.date.format("%d.%m").to_string())
            .unwrap_or_default()
    };
    let mut parts: Vec<String> = Vec::new();
    for (s, v) in &after.finals {
        match before.finals.get(s) {
            Some(old) if old == v => {}
            Some(old) => parts.push(format!("итоговая: {} {old} → {v}", name(s))),
            None => parts.push(format!("итоговая: {} — {v}", name(s))),
        }
    }
    for (s, old) in &before.finals {
        if !after.finals.contains_key(s) {
            parts.push(format!("итоговая: {} {old} снята", name(s)));
        }
    }
    for (id, m) in &after.marks {
        let when = date(after, &m.lesson);
        match before.marks.get(id) {
            Some(old) if old == m => {}
            Some(old) => parts.push(format!(
                "отметка: {} {when} {} → {}",
                name(&m.student),
                old.value,
                m.value
            )),
            None => parts.push(format!(
                "отметка: {} {when} — {}",
                name(&m.student),
                m.value
            )),
        }
    }
    for (id, m) in &before.marks {
        if !after.marks.contains_key(id) {
            parts.push(format!(
                "отметка: {} {} {} удалена",
                name(&m.student),
                date(before, &m.lesson),
                m.value
            ));
        }
    }
    for (key, code) in &after.attendance {
        if before.attendance.get(key) != Some(code) {
            parts.push(format!(
                "посещаемость: {} {} — {}",
                name(&key.1),
                date(after, &key.0),
                code.code()
            ));
        }
    }
    for (key, code) in &before.attendance {
        if !after.attendance.contains_key(key) {
            parts.push(format!(
                "посещаемость: {} {} — {} снят",
                name(&key.1),
                date(before, &key.0),
                code.code()
            ));
        }
    }
    for (id, l) in &after.lessons {
        let Some(old) = before.lessons.get(id) else {
            continue;
        };
        if old.topic != l.topic {
            parts.push(format!("тема урока {}", l.date.format("%d.%m")));
        }
        if old.homework != l.homework {
            parts.push(format!("домашнее задание {}", l.date.format("%d.%m")));
        }
    }
    if parts.is_empty() {
        return None;
    }
    let more = parts.len().saturating_sub(LISTED);
    parts.truncate(LISTED);
    let mut s = parts.join("; ");
    if more > 0 {
        s.push_str(&format!("; и ещё {more}"));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::fixtures::tiny_journal;
    use zvonok_core::ids::MarkId;
    use zvonok_core::marks::MarkValue;

    #[test]
    fn names_finals_marks_attendance_and_lessons() {
        let (before, lesson, student) = tiny_journal();
        assert_eq!(describe(&before, &before), None);
        let mut after = before.clone();
        after.finals.insert(student, MarkValue::Points(5));
        after
            .attendance
            .insert((lesson, student), "Б".parse().expect("code"));
        after.lessons.get_mut(&lesson).expect("lesson").topic = "Дроби".into();
        let id = MarkId::new();
        after.marks.insert(
            id,
            zvonok_core::doc::journal::MarkEntry {
                id,
                student,
                lesson,
                value: MarkValue::Points(4),
                kind: "answer".into(),
                weight: 1,
                comment: String::new(),
            },
        );
        assert_eq!(
            describe(&before, &after).as_deref(),
            Some(
                "итоговая: Иванов Иван Иванович — 5; отметка: Иванов Иван Иванович 01.09 — 4; \
                 посещаемость: Иванов Иван Иванович 01.09 — Б; тема урока 01.09"
            )
        );
        let mut later = after.clone();
        later.finals.insert(student, MarkValue::Points(4));
        later.marks.clear();
        assert_eq!(
            describe(&after, &later).as_deref(),
            Some(
                "итоговая: Иванов Иван Иванович 5 → 4; отметка: Иванов Иван Иванович 01.09 4 \
                 удалена"
            )
        );
    }
}
