//! The sync status bar's line: offline / syncing / synced at 14:05 / N changes waiting.

use fluent_bundle::FluentValue;
use zvonok_core::views::status::{Status, SyncState};

use crate::i18n::{tr, Lang};
use crate::platform::hm_with_offset;

/// How the bar looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Busy,
    Warn,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "status ok",
            Tone::Busy => "status busy",
            Tone::Warn => "status warn",
        }
    }
}

/// The line and its tone; times are shown in the zone `offset_minutes` east of UTC.
pub fn status_line(lang: Lang, s: &Status, offset_minutes: i64) -> (String, Tone) {
    let time = |at| hm_with_offset(at, offset_minutes);
    let mut parts = Vec::new();
    let tone = match &s.state {
        SyncState::Never => {
            parts.push(tr(lang, "status-never", &[]));
            Tone::Warn
        }
        SyncState::Offline { .. } => {
            parts.push(tr(lang, "status-offline", &[]));
            if let Some(at) = s.last_sync {
                let t = FluentValue::from(time(at));
                parts.push(tr(lang, "status-data-at", &[("time", t)]));
            }
            Tone::Warn
        }
        SyncState::Syncing { progress: None } => {
            parts.push(tr(lang, "status-syncing", &[]));
            Tone::Busy
        }
        SyncState::Syncing { progress: Some(p) } => {
            let args = [
                ("done", FluentValue::from(p.done)),
                ("total", FluentValue::from(p.total)),
            ];
            parts.push(tr(lang, "status-syncing-progress", &args));
            Tone::Busy
        }
        SyncState::Synced { at } => {
            let t = FluentValue::from(time(*at));
            parts.push(tr(lang, "status-synced", &[("time", t)]));
            Tone::Ok
        }
    };
    if s.pending > 0 {
        let n = FluentValue::from(s.pending);
        parts.push(tr(lang, "status-pending", &[("count", n)]));
    }
    if !s.logged_in && s.user.is_some() {
        parts.push(tr(lang, "status-logged-out", &[]));
    }
    (parts.join(" · "), tone)
}

/// «2 изменения отклонены» for the expandable list of refused changes.
pub fn rejected_line(lang: Lang, n: usize) -> String {
    tr(lang, "status-rejected", &[("count", FluentValue::from(n))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use zvonok_core::views::status::SyncProgress;

    fn status(state: SyncState, pending: usize) -> Status {
        Status {
            server: Some("https://school.example".into()),
            device: None,
            user: None,
            logged_in: true,
            state,
            last_sync: Some(Utc.with_ymd_and_hms(2025, 11, 28, 11, 5, 0).unwrap()),
            pending,
            rejected: vec![],
        }
    }

    #[test]
    fn lines_with_plurals_and_local_time() {
        let at = Utc.with_ymd_and_hms(2025, 11, 28, 11, 5, 0).unwrap();
        let synced = status(SyncState::Synced { at }, 0);
        assert_eq!(
            status_line(Lang::Ru, &synced, 180),
            ("Синхронизировано в 14:05".into(), Tone::Ok)
        );
        let waiting = status(SyncState::Synced { at }, 12);
        assert_eq!(
            status_line(Lang::Ru, &waiting, 180).0,
            "Синхронизировано в 14:05 · 12 изменений ждут отправки"
        );
        let offline = status(
            SyncState::Offline {
                last_error: "нет сети".into(),
                next_retry: None,
            },
            1,
        );
        assert_eq!(
            status_line(Lang::Ru, &offline, 180),
            (
                "Нет связи · данные на 14:05 · 1 изменение ждёт отправки".into(),
                Tone::Warn
            )
        );
        let syncing = status(SyncState::Syncing { progress: None }, 3);
        assert_eq!(
            status_line(Lang::Ru, &syncing, 0),
            (
                "Синхронизация… · 3 изменения ждут отправки".into(),
                Tone::Busy
            )
        );
        let first = status(
            SyncState::Syncing {
                progress: Some(SyncProgress {
                    done: 120,
                    total: 453,
                }),
            },
            0,
        );
        assert_eq!(
            status_line(Lang::Ru, &first, 0),
            ("Синхронизация: документов 120 из 453…".into(), Tone::Busy)
        );
        assert_eq!(
            status_line(Lang::En, &first, 0).0,
            "Syncing: 120 of 453 documents…"
        );
        assert_eq!(
            status_line(Lang::En, &waiting, 0).0,
            "Synced at 11:05 · 12 changes waiting to be sent"
        );
        assert_eq!(rejected_line(Lang::Ru, 2), "2 изменения отклонены");
        assert_eq!(rejected_line(Lang::Ru, 5), "5 изменений отклонено");
        assert_eq!(rejected_line(Lang::Ru, 21), "21 изменение отклонено");
    }
}
