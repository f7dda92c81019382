//! Closing a study period («Закрыть четверть»): what blocks it. A period closes only when
//! every journal of it has a final mark for each of its students and every lesson up to the
//! period's end (or up to today, if the period has not ended) has its attendance taken (see
//! [`crate::completeness`] for how a taken register is recognised: the journal stores only
//! absences). Closing itself is the server's: it locks every journal of the period
//! (`doc::journal`'s `locked`, written as the server's own change), so every device gets the
//! lock at its next sync and a change to a locked journal needs «Редактировать закрытый период».

use chrono::NaiveDate;

use crate::completeness::{self, Enrolled, Gap, GapKind, JournalRef};
use crate::doc::school::SchoolData;
use crate::model::StudyPeriod;

/// What blocks closing `period` on `today`: missing final marks and lessons without
/// attendance, each with class, subject, teacher and the lesson or the student, in the order
/// class, subject, date, student. Students who left the class ([`Enrolled`]) need no final
/// mark. Empty: the period may be closed.
pub fn blockers(
    school: &SchoolData,
    period: &StudyPeriod,
    journals: &[JournalRef<'_>],
    enrolled: &Enrolled,
    today: NaiveDate,
) -> Vec<Gap> {
    let up_to = today.min(period.end);
    completeness::gaps(school, period, journals, enrolled, up_to, true)
        .into_iter()
        .filter(|g| is_blocking(g.kind))
        .collect()
}

/// Does a gap of this kind block closing?
pub fn is_blocking(kind: GapKind) -> bool {
    matches!(kind, GapKind::MissingFinal | GapKind::NoAttendance)
}

/// The Russian refusal of a close with blockers: their count and the first few.
pub fn refusal_ru(blockers: &[Gap]) -> String {
    const LISTED: usize = 5;
    let mut s = format!(
        "Период нельзя закрыть: осталось незаполненного {} (итоговые отметки, посещаемость). \
         Заполните журналы и закройте период снова",
        blockers.len()
    );
    for g in blockers.iter().take(LISTED) {
        s.push_str("; ");
        s.push_str(&g.message);
    }
    if blockers.len() > LISTED {
        s.push_str(&format!("; и ещё {}", blockers.len() - LISTED));
    }
    s
}
