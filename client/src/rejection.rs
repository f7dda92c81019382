//! Handling changes the server refused: find them and every change that depends on them,
//! describe each in words a teacher understands (by diffing the document before and after
//! it), and rebuild the document without them. Nothing refused disappears without a record.

use std::collections::{BTreeSet, HashSet};

use automerge::{ActorId, AutoCommit, Change, ChangeHash};
use chrono::{DateTime, Utc};
use zvonok_core::doc::journal::JournalData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::DocId;
use zvonok_core::marks::work_kind;

use crate::names::short_person;
use crate::store::RejectedChange;

/// Reason recorded for a change dropped only because it depends on a refused one.
pub fn dependent_reason(reason: &str) -> String {
    format!("Зависит от отклонённого изменения: {reason}")
}

/// The result of [`rebuild_without`].
pub struct Rebuilt {
    /// The document without the refused changes and their dependents.
    pub doc: AutoCommit,
    /// What was dropped, described, with the reason.
    pub dropped: Vec<RejectedChange>,
}

/// Rebuilds `doc` without the `refused` changes (hash → reason) and every change that
/// depends on them (directly, transitively, or by coming later from the same actor). Each
/// dropped change is described by diffing the document just before and just after it.
/// Refused hashes the document does not hold are recorded with a note.
pub fn rebuild_without(
    doc_id: DocId,
    kind: DocKind,
    doc: &mut AutoCommit,
    refused: &[(ChangeHash, String)],
    actor: Option<&ActorId>,
    now: DateTime<Utc>,
) -> Result<Rebuilt, automerge::AutomergeError> {
    let all: Vec<Change> = doc.get_changes(&[]);
    let refused_set: HashSet<ChangeHash> = refused.iter().map(|(h, _)| *h).collect();
    let first_reason = refused.first().map(|(_, r)| r.clone()).unwrap_or_default();

    // Repeat until nothing more depends on a dropped change (the order of `get_changes` is
    // causal in practice, so this usually takes one pass plus a check).
    let mut dropped: HashSet<ChangeHash> = HashSet::new();
    let mut dropped_from: Vec<(ActorId, u64)> = Vec::new();
    loop {
        let mut grew = false;
        for c in &all {
            if dropped.contains(&c.hash()) {
                continue;
            }
            let depends = c.deps().iter().any(|d| dropped.contains(d))
                || dropped_from
                    .iter()
                    .any(|(a, seq)| a == c.actor_id() && c.seq() > *seq);
            if refused_set.contains(&c.hash()) || depends {
                dropped.insert(c.hash());
                dropped_from.push((c.actor_id().clone(), c.seq()));
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let order: Vec<&Change> = all.iter().filter(|c| dropped.contains(&c.hash())).collect();

    let mut records = Vec::new();
    for c in &order {
        let reason = refused
            .iter()
            .find(|(h, _)| *h == c.hash())
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| dependent_reason(&first_reason));
        records.push(RejectedChange {
            doc: doc_id,
            hash: c.hash().to_string(),
            reason,
            description: describe_change(kind, doc, c),
            at: now,
        });
    }
    let held: HashSet<ChangeHash> = all.iter().map(|c| c.hash()).collect();
    for (h, reason) in refused {
        if !held.contains(h) {
            records.push(RejectedChange {
                doc: doc_id,
                hash: h.to_string(),
                reason: reason.clone(),
                description: "изменение уже удалено с устройства".into(),
                at: now,
            });
        }
    }

    let kept: Vec<Change> = all
        .iter()
        .filter(|c| !dropped.contains(&c.hash()))
        .cloned()
        .collect();
    let mut rebuilt = AutoCommit::new();
    if let Some(a) = actor {
        rebuilt.set_actor(a.clone());
    }
    rebuilt.apply_changes(kept)?;
    Ok(Rebuilt {
        doc: rebuilt,
        dropped: records,
    })
}

/// Describes what one change did, e.g. «Отметка 5 (Ответ на уроке, вес 1) — Иванов Иван,
/// 12.10, журнал 5Б · Математика · 1 четверть».
pub fn describe_change(kind: DocKind, doc: &mut AutoCommit, change: &Change) -> String {
    let fallback = || format!("изменение документа «{kind}»");
    if kind != DocKind::Journal {
        return fallback();
    }
    let (Ok(before), Ok(after)) = (doc.fork_at(change.deps()), doc.fork_at(&[change.hash()]))
    else {
        return fallback();
    };
    let after = match JournalData::from_doc(&after) {
        Ok(a) => a,
        Err(_) => return fallback(),
    };
    let before = JournalData::from_doc(&before).ok();
    let parts = describe_journal_diff(before.as_ref(), &after);
    if parts.is_empty() {
        return format!("изменение журнала {}", after.meta.title);
    }
    parts.join("; ")
}

/// Lists, in Russian, what differs between two states of a journal.
pub fn describe_journal_diff(before: Option<&JournalData>, after: &JournalData) -> Vec<String> {
    let journal = format!("журнал {}", after.meta.title);
    let name = |s| {
        after
            .students
            .get(s)
            .map(|n| short_person(n))
            .unwrap_or_else(|| "ученик".into())
    };
    let when = |l| match after.lessons.get(l) {
        Some(l) => format!("{} (урок {})", l.date.format("%d.%m"), l.number),
        None => "урок".into(),
    };
    let kind_title = |k: &str| work_kind(k).map(|w| w.title_ru).unwrap_or(k).to_string();
    let empty = JournalData {
        meta: after.meta.clone(),
        students: after.students.clone(),
        lessons: Default::default(),
        attendance: Default::default(),
        marks: Default::default(),
        finals: Default::default(),
        locked: false,
    };
    let before = before.unwrap_or(&empty);
    let mut out = Vec::new();

    let mark_ids: BTreeSet<_> = before.marks.keys().chain(after.marks.keys()).collect();
    for id in mark_ids {
        match (before.marks.get(id), after.marks.get(id)) {
            (None, Some(m)) => out.push(format!(
                "Отметка {} ({}, вес {}) — {}, {}, {journal}",
                m.value,
                kind_title(&m.kind),
                m.weight,
                name(&m.student),
                when(&m.lesson)
            )),
            (Some(b), Some(m)) if b != m => out.push(format!(
                "Исправление отметки {} → {} ({}, вес {}) — {}, {}, {journal}",
                b.value,
                m.value,
                kind_title(&m.kind),
                m.weight,
                name(&m.student),
                when(&m.lesson)
            )),
            (Some(b), None) => out.push(format!(
                "Удаление отметки {} — {}, {}, {journal}",
                b.value,
                name(&b.student),
                when(&b.lesson)
            )),
            _ => {}
        }
    }
    let att_keys: BTreeSet<_> = before
        .attendance
        .keys()
        .chain(after.attendance.keys())
        .collect();
    for key in att_keys {
        let (l, s) = key;
        match (before.attendance.get(key), after.attendance.get(key)) {
            (b, Some(a)) if b != Some(a) => out.push(format!(
                "Пропуск {} — {}, {}, {journal}",
                a.code(),
                name(s),
                when(l)
            )),
            (Some(b), None) => out.push(format!(
                "Снят пропуск {} — {}, {}, {journal}",
                b.code(),
                name(s),
                when(l)
            )),
            _ => {}
        }
    }
    for (id, l) in &after.lessons {
        let old = before.lessons.get(id);
        if old.map(|o| &o.topic) != Some(&l.topic) && (old.is_some() || !l.topic.is_empty()) {
            out.push(format!(
                "Тема урока «{}» — {}, {journal}",
                l.topic,
                when(id)
            ));
        }
        if old.map(|o| &o.homework) != Some(&l.homework)
            && (old.is_some() || !l.homework.is_empty())
        {
            out.push(format!(
                "Домашнее задание «{}» — {}, {journal}",
                l.homework,
                when(id)
            ));
        }
    }
    let final_keys: BTreeSet<_> = before.finals.keys().chain(after.finals.keys()).collect();
    for s in final_keys {
        match (before.finals.get(s), after.finals.get(s)) {
            (b, Some(a)) if b != Some(a) => {
                out.push(format!("Итоговая отметка {a} — {}, {journal}", name(s)))
            }
            (Some(b), None) => out.push(format!(
                "Удаление итоговой отметки {b} — {}, {journal}",
                name(s)
            )),
            _ => {}
        }
    }
    if before.locked != after.locked {
        out.push(if after.locked {
            format!("Закрытие периода — {journal}")
        } else {
            format!("Открытие периода — {journal}")
        });
    }
    out
}
