//! The week's timetable, grouped by weekday.

use leptos::prelude::*;
use zvonok_core::projection::TimetableEntry;

use crate::i18n::{lang, t};
use crate::logic::dates::weekday_name;

/// Entries grouped by weekday (1 = Monday), in order.
fn by_weekday(entries: Vec<TimetableEntry>) -> Vec<(u8, Vec<TimetableEntry>)> {
    let mut days: Vec<(u8, Vec<TimetableEntry>)> = Vec::new();
    for e in entries {
        match days.iter_mut().find(|(d, _)| *d == e.weekday) {
            Some((_, v)) => v.push(e),
            None => days.push((e.weekday, vec![e])),
        }
    }
    days.sort_by_key(|(d, _)| *d);
    for (_, v) in &mut days {
        v.sort_by_key(|e| e.number);
    }
    days
}

#[component]
pub fn Timetable(entries: Vec<TimetableEntry>) -> impl IntoView {
    let days = by_weekday(entries);
    view! {
        <section class="card">
            <h2>{t("summary-timetable")}</h2>
            {days.is_empty().then(|| view! { <p class="empty">{t("summary-no-timetable")}</p> })}
            <div class="week">
                {days
                    .into_iter()
                    .map(|(d, lessons)| {
                        view! {
                            <div class="weekday">
                                <h3>{weekday_name(lang(), u32::from(d))}</h3>
                                <ol>
                                    {lessons
                                        .into_iter()
                                        .map(|l| {
                                            view! {
                                                <li>
                                                    <span class="num">{l.number}</span>
                                                    <span class="time">{l.start}</span>
                                                    <span class="subj">{l.subject}</span>
                                                    <span class="room">{l.room}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(weekday: u8, number: u8) -> TimetableEntry {
        TimetableEntry {
            weekday,
            weekday_name: String::new(),
            number,
            start: String::new(),
            end: String::new(),
            subject: String::new(),
            teacher: String::new(),
            room: String::new(),
        }
    }

    #[test]
    fn groups_by_weekday_in_order() {
        let days = by_weekday(vec![e(3, 2), e(1, 2), e(3, 1), e(1, 1)]);
        let shape: Vec<(u8, Vec<u8>)> = days
            .iter()
            .map(|(d, v)| (*d, v.iter().map(|x| x.number).collect()))
            .collect();
        assert_eq!(shape, vec![(1, vec![1, 2]), (3, vec![1, 2])]);
    }
}
