//! The changes of the student's lessons today and over the coming days (cancelled, moved,
//! given by a substitute), from `StudentSummary::changes`.

use leptos::prelude::*;
use zvonok_core::doc::timetable_changes::ChangeKind;
use zvonok_core::projection::ChangeEntry;

use crate::i18n::{t, ts};
use crate::logic::dates::day_month;

/// One change as a line: «12.09, 2-й урок, Математика: замена, ведёт Петрова М. И.».
pub fn change_line(c: &ChangeEntry) -> String {
    let date = day_month(c.date);
    let number = c.number.to_string();
    let base = [
        ("date", date.as_str()),
        ("number", number.as_str()),
        ("subject", c.subject.as_str()),
    ];
    let mut line = match c.kind {
        ChangeKind::Cancel => ts("change-cancel", &base),
        ChangeKind::Move => {
            let to_date = day_month(c.to_date.unwrap_or(c.date));
            let to_number = c.to_number.unwrap_or(c.number).to_string();
            let mut args = base.to_vec();
            args.extend([
                ("to_date", to_date.as_str()),
                ("to_number", to_number.as_str()),
            ]);
            ts("change-move", &args)
        }
        ChangeKind::Substitute => {
            let mut args = base.to_vec();
            args.push(("teacher", c.teacher.as_str()));
            ts("change-substitute", &args)
        }
    };
    if !c.room.trim().is_empty() && c.kind != ChangeKind::Cancel {
        line.push_str(", ");
        line.push_str(&ts("change-room", &[("room", c.room.trim())]));
    }
    line
}

#[component]
pub fn Changes(changes: Vec<ChangeEntry>) -> impl IntoView {
    (!changes.is_empty()).then(|| {
        view! {
            <section class="card changes" role="status">
                <h2>{t("summary-changes")}</h2>
                <ul>
                    {changes
                        .iter()
                        .map(|c| {
                            let note = (!c.note.trim().is_empty()).then(|| c.note.clone());
                            view! {
                                <li>
                                    {change_line(c)}
                                    {note.map(|n| view! { <span class="note">" · " {n}</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn entry(kind: ChangeKind) -> ChangeEntry {
        let d = NaiveDate::from_ymd_opt(2026, 9, 12).expect("date");
        ChangeEntry {
            date: d,
            number: 2,
            subject: "Математика".into(),
            kind,
            to_date: (kind == ChangeKind::Move).then(|| d.succ_opt().expect("d")),
            to_number: (kind == ChangeKind::Move).then_some(5),
            teacher: "Петрова М. И.".into(),
            room: "7".into(),
            note: String::new(),
        }
    }

    #[test]
    fn each_kind_reads_as_a_sentence_in_russian() {
        let sub = change_line(&entry(ChangeKind::Substitute));
        assert!(
            sub.contains("12.09") && sub.contains("Петрова М. И."),
            "{sub}"
        );
        assert!(sub.contains("кабинет 7"), "{sub}");
        let mv = change_line(&entry(ChangeKind::Move));
        assert!(mv.contains("13.09") && mv.contains('5'), "{mv}");
        let cancel = change_line(&entry(ChangeKind::Cancel));
        assert!(
            cancel.contains("отменён") && !cancel.contains("кабинет"),
            "{cancel}"
        );
    }
}
