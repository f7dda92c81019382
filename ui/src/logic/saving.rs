//! Where a write stands, and what the small badge next to it says: saving → «Сохранено на
//! устройстве» while it waits to be sent → «Отправлено» once the status reports nothing
//! waiting (the app's sync sent it, or the browser's queue drained); «Не сохранено: …» with the
//! reason when it failed.

/// Where a write stands.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum SaveState {
    #[default]
    Idle,
    Saving,
    /// Durable on the server.
    Saved,
    /// Durable on this device; waiting to be sent.
    OnDevice,
    Failed(String),
}

impl SaveState {
    /// The state after a write the backend answered with `pending` changes waiting.
    pub fn after(pending: usize) -> SaveState {
        if pending > 0 {
            SaveState::OnDevice
        } else {
            SaveState::Saved
        }
    }
}

/// What the badge shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Badge {
    Hidden,
    Saving,
    OnDevice,
    Sent,
    Failed(String),
}

impl Badge {
    /// CSS classes and the catalogue id of the text (none for a failure: its text is given).
    pub fn class(&self) -> &'static str {
        match self {
            Badge::Hidden => "save",
            Badge::Saving => "save saving",
            Badge::OnDevice => "save device",
            Badge::Sent => "save saved",
            Badge::Failed(_) => "save failed",
        }
    }

    pub fn message_id(&self) -> Option<&'static str> {
        match self {
            Badge::Saving => Some("save-saving"),
            Badge::OnDevice => Some("save-device"),
            Badge::Sent => Some("save-sent"),
            Badge::Hidden | Badge::Failed(_) => None,
        }
    }
}

/// The badge of a write in `state`, given how many changes the status says wait now (`None`
/// while no status is known). A write saved on the device counts as sent once nothing waits.
pub fn badge(state: &SaveState, pending_now: Option<usize>) -> Badge {
    match state {
        SaveState::Idle => Badge::Hidden,
        SaveState::Saving => Badge::Saving,
        SaveState::Saved => Badge::Sent,
        SaveState::OnDevice if pending_now == Some(0) => Badge::Sent,
        SaveState::OnDevice => Badge::OnDevice,
        SaveState::Failed(e) => Badge::Failed(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_device_until_nothing_waits() {
        assert_eq!(SaveState::after(0), SaveState::Saved);
        assert_eq!(SaveState::after(2), SaveState::OnDevice);
        let s = SaveState::OnDevice;
        assert_eq!(badge(&s, None), Badge::OnDevice);
        assert_eq!(badge(&s, Some(1)), Badge::OnDevice);
        assert_eq!(badge(&s, Some(0)), Badge::Sent);
        assert_eq!(badge(&SaveState::Saved, Some(3)), Badge::Sent);
        assert_eq!(badge(&SaveState::Idle, Some(0)), Badge::Hidden);
        assert_eq!(
            badge(&SaveState::Saving, Some(0)).message_id(),
            Some("save-saving")
        );
        assert_eq!(
            badge(&SaveState::Failed("нет".into()), Some(0)),
            Badge::Failed("нет".into())
        );
        assert_eq!(Badge::OnDevice.message_id(), Some("save-device"));
        assert_eq!(Badge::Sent.message_id(), Some("save-sent"));
        assert_eq!(Badge::Sent.class(), "save saved");
    }
}
