//! The family view's report card: the card of the last period that has ended, under the
//! child's marks, folded («Табель за 1 четверть»). Shown only when the server answers it (in
//! the app, offline, or before any period ended there is nothing to show, and nothing is).

use leptos::prelude::*;
use zvonok_core::ids::StudentId;
use zvonok_core::reports::report_card::ReportCard;
use zvonok_core::wire::{ReportName, ReportQuery};

use super::tables::card_view;
use crate::app::backend;
use crate::i18n::ts;
use crate::logic::reports::closed_period;

#[component]
pub fn ReportCardPanel(student: StudentId) -> impl IntoView {
    let card = RwSignal::new(None::<(String, ReportCard)>);
    leptos::task::spawn_local(async move {
        let be = backend();
        let Ok(ix) = be.reports_index().await else {
            return;
        };
        let Some(period) = closed_period(&ix).cloned() else {
            return;
        };
        let q = ReportQuery {
            student: Some(student),
            period: Some(period.id),
            ..ReportQuery::default()
        };
        if let Ok(c) = be.report::<ReportCard>(ReportName::Card, &q).await {
            card.set(Some((period.title, c)));
        }
    });
    move || {
        card.get().map(|(title, c)| {
            view! {
                <details class="card family-report-card">
                    <summary>{ts("reports-card-of", &[("period", &title)])}</summary>
                    {card_view(c)}
                </details>
            }
        })
    }
}
