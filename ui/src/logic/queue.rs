//! The browser's offline write queue, without I/O: operations the server could not be reached
//! for wait here (kept in local storage per server and user) and are sent again in the order
//! they were made. A refusal by the server moves the operation to the refused list with its
//! reason and a readable description: nothing the teacher entered disappears silently.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};
use zvonok_core::doc::journal::JournalOp;
use zvonok_core::ids::DocId;
use zvonok_core::views::status::RejectedChange;

use crate::i18n::{tr, Lang};

/// One waiting operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub seq: u64,
    pub doc: DocId,
    pub op: JournalOp,
    pub at: DateTime<Utc>,
}

/// One operation the server refused, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub item: Queued,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub next: u64,
    pub items: VecDeque<Queued>,
    pub refused: Vec<Refused>,
}

/// What an attempt to send the first waiting operation found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: the server stored it.
    Sent,
    /// No answer, a server error, rate limiting: keep it and try again later.
    Retry,
    /// 401: keep it; the user must sign in again first.
    SignIn,
    /// Another 4xx: the server will never take it.
    Refused,
}

/// Sorts an HTTP answer (`None`: the request did not reach the server).
pub fn classify(status: Option<u16>) -> Outcome {
    match status {
        None => Outcome::Retry,
        Some(s) if (200..300).contains(&s) => Outcome::Sent,
        Some(401) => Outcome::SignIn,
        Some(408 | 425 | 429) => Outcome::Retry,
        Some(s) if (400..500).contains(&s) => Outcome::Refused,
        Some(_) => Outcome::Retry,
    }
}

/// Milliseconds before retry number `attempt` (0-based): 2 s doubling up to one minute.
pub fn retry_delay_ms(attempt: u32) -> u32 {
    2_000u32.saturating_mul(1 << attempt.min(5)).min(60_000)
}

/// Where the queue of `login` on `server` lives in local storage.
pub fn storage_key(server: &str, login: &str) -> String {
    format!("zvonok.queue.{}|{}", server.trim_end_matches('/'), login)
}

impl Queue {
    /// Appends an operation; returns its sequence number.
    pub fn push(&mut self, doc: DocId, op: JournalOp, at: DateTime<Utc>) -> u64 {
        let seq = self.next;
        self.next += 1;
        self.items.push_back(Queued { seq, doc, op, at });
        seq
    }

    /// The operation to send next (the oldest).
    pub fn front(&self) -> Option<&Queued> {
        self.items.front()
    }

    pub fn pending(&self) -> usize {
        self.items.len()
    }

    /// The first operation was stored by the server.
    pub fn sent(&mut self, seq: u64) {
        if self.items.front().is_some_and(|q| q.seq == seq) {
            self.items.pop_front();
        }
    }

    /// The server refused the first operation: keep it, readable, with the reason.
    pub fn refuse(&mut self, seq: u64, reason: String, at: DateTime<Utc>) {
        if self.items.front().is_some_and(|q| q.seq == seq) {
            if let Some(item) = self.items.pop_front() {
                self.refused.push(Refused { item, reason, at });
            }
        }
    }

    /// The waiting operations of one journal, oldest first.
    pub fn ops_for(&self, doc: DocId) -> impl Iterator<Item = &JournalOp> {
        self.items
            .iter()
            .filter(move |q| q.doc == doc)
            .map(|q| &q.op)
    }

    /// The refused operations as the status bar lists them.
    pub fn rejected(&self, lang: Lang) -> Vec<RejectedChange> {
        self.refused
            .iter()
            .map(|r| RejectedChange {
                doc: r.item.doc,
                hash: format!("browser-{}", r.item.seq),
                reason: r.reason.clone(),
                description: describe(lang, &r.item.op),
                at: r.at,
            })
            .collect()
    }

    /// Forgets the refused operations the user has read.
    pub fn dismiss_refused(&mut self) {
        self.refused.clear();
    }
}

/// What an operation wrote, in words: «Посещаемость: Н», «Отметка 5 (Контрольная работа,
/// вес 3)», «Тема урока: «Дроби»».
pub fn describe(lang: Lang, op: &JournalOp) -> String {
    let s = |v: String| FluentValue::from(v);
    match op {
        JournalOp::SetAttendance { code, .. } => {
            let v = code
                .map(|c| c.code().to_string())
                .unwrap_or_else(|| tr(lang, "queue-present", &[]));
            tr(lang, "queue-attendance", &[("value", s(v))])
        }
        JournalOp::GiveMark {
            value,
            kind,
            weight,
            ..
        }
        | JournalOp::EditMark {
            value,
            kind,
            weight,
            ..
        } => tr(
            lang,
            "queue-mark",
            &[
                ("value", s(value.to_string())),
                ("kind", s(tr(lang, &format!("kind-{kind}"), &[]))),
                ("weight", s(weight.to_string())),
            ],
        ),
        JournalOp::RemoveMark { .. } => tr(lang, "queue-remove-mark", &[]),
        JournalOp::SetTopic { topic, .. } => tr(lang, "queue-topic", &[("text", s(topic.clone()))]),
        JournalOp::SetHomework { homework, .. } => {
            tr(lang, "queue-homework", &[("text", s(homework.clone()))])
        }
        JournalOp::SetFinal { value, .. } => {
            let v = value
                .map(|v| v.to_string())
                .unwrap_or_else(|| "—".to_string());
            tr(lang, "queue-final", &[("value", s(v))])
        }
        JournalOp::Lock => tr(lang, "queue-lock", &[]),
        JournalOp::Unlock => tr(lang, "queue-unlock", &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use zvonok_core::ids::{LessonId, StudentId};
    use zvonok_core::marks::{AbsenceCode, MarkValue};

    fn att(code: Option<AbsenceCode>) -> JournalOp {
        JournalOp::SetAttendance {
            lesson: LessonId::new(),
            student: StudentId::new(),
            code,
        }
    }

    #[test]
    fn order_sent_and_refused() {
        let at = Utc.with_ymd_and_hms(2025, 11, 28, 9, 0, 0).unwrap();
        let (d1, d2) = (DocId::new(), DocId::new());
        let mut q = Queue::default();
        let a = q.push(d1, att(Some(AbsenceCode::Absent)), at);
        let b = q.push(d2, att(None), at);
        let c = q.push(d1, att(Some(AbsenceCode::Ill)), at);
        assert_eq!((a, b, c), (0, 1, 2));
        assert_eq!(q.pending(), 3);
        assert_eq!(q.ops_for(d1).count(), 2);
        // Only the first may be acknowledged: order is kept.
        q.sent(b);
        assert_eq!(q.front().map(|x| x.seq), Some(a));
        q.sent(a);
        q.refuse(b, "Период закрыт".into(), at);
        assert_eq!(q.front().map(|x| x.seq), Some(c));
        assert_eq!(q.pending(), 1);
        let r = q.rejected(Lang::Ru);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].reason, "Период закрыт");
        assert_eq!(r[0].description, "Посещаемость: присутствует");
        assert_eq!(r[0].doc, d2);
        // Survives a round trip through local storage.
        let back: Queue = serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(back, q);
        let seq = q.push(d1, att(None), at);
        assert_eq!(seq, 3, "numbers are never reused");
        q.dismiss_refused();
        assert!(q.refused.is_empty());
    }

    #[test]
    fn outcomes_delays_keys_and_words() {
        assert_eq!(classify(None), Outcome::Retry);
        assert_eq!(classify(Some(200)), Outcome::Sent);
        assert_eq!(classify(Some(401)), Outcome::SignIn);
        assert_eq!(classify(Some(422)), Outcome::Refused);
        assert_eq!(classify(Some(403)), Outcome::Refused);
        assert_eq!(classify(Some(429)), Outcome::Retry);
        assert_eq!(classify(Some(503)), Outcome::Retry);
        assert_eq!(retry_delay_ms(0), 2_000);
        assert_eq!(retry_delay_ms(1), 4_000);
        assert_eq!(retry_delay_ms(4), 32_000);
        assert_eq!(retry_delay_ms(5), 60_000);
        assert_eq!(retry_delay_ms(40), 60_000);
        assert_eq!(
            storage_key("http://127.0.0.1:8080/", "teacher"),
            "zvonok.queue.http://127.0.0.1:8080|teacher"
        );
        let mark = JournalOp::GiveMark {
            id: zvonok_core::ids::MarkId::new(),
            lesson: LessonId::new(),
            student: StudentId::new(),
            value: MarkValue::Points(5),
            kind: "test".into(),
            weight: 3,
            comment: String::new(),
        };
        assert_eq!(
            describe(Lang::Ru, &mark),
            "Отметка 5 (Контрольная работа, вес 3)"
        );
        assert_eq!(
            describe(
                Lang::Ru,
                &JournalOp::SetTopic {
                    lesson: LessonId::new(),
                    topic: "Дроби".into()
                }
            ),
            "Тема урока: «Дроби»"
        );
        assert_eq!(
            describe(Lang::Ru, &att(Some(AbsenceCode::Absent))),
            "Посещаемость: Н"
        );
    }
}
