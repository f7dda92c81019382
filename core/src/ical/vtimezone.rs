//! The school's time zone as a VTIMEZONE (RFC 5545 §3.6.5), computed from the zone database
//! (`chrono-tz`) for the span a feed covers: the observance in force at its start (with the
//! real date it began, e.g. 26 October 2014 for Moscow, when Russia left permanent summer
//! time) and one observance per transition inside the span. A zone with no transition in the
//! span (every Russian zone since 2014) gets one STANDARD component; a zone with summer time
//! gets a STANDARD or DAYLIGHT component for each change, so a reader never needs rules
//! beyond the feed's own dates.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::local_stamp;
use super::text::IcsWriter;

/// How far back the start of the observance in force is looked for.
const LOOK_BACK_DAYS: i64 = 366 * 60;

/// One observance: from its onset on, local time is UTC + `offset_to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observance {
    /// The onset as local time before it (what DTSTART holds, read with `offset_from`).
    pub start: NaiveDateTime,
    /// Seconds east of UTC before and after the onset.
    pub offset_from: i32,
    pub offset_to: i32,
    /// Summer time (DAYLIGHT) or not (STANDARD).
    pub daylight: bool,
    /// «MSK», when the zone database names it (never a bare offset such as «+05»).
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct At {
    offset: i32,
    daylight: bool,
    name: Option<String>,
}

fn at(tz: Tz, t: DateTime<Utc>) -> At {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    let name = o
        .abbreviation()
        .filter(|a| a.chars().any(|c| c.is_ascii_alphabetic()))
        .map(str::to_string);
    At {
        offset: o.fix().local_minus_utc(),
        daylight: !o.dst_offset().is_zero(),
        name,
    }
}

fn same(a: &At, b: &At) -> bool {
    a.offset == b.offset && a.daylight == b.daylight
}

/// The first whole second in `(before, after]` that is in force like `after`, given that
/// `before` is not.
fn onset(tz: Tz, before: DateTime<Utc>, after: DateTime<Utc>) -> DateTime<Utc> {
    let target = at(tz, after);
    let (mut lo, mut hi) = (before.timestamp(), after.timestamp());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if same(&at(tz, whole(mid)), &target) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    whole(hi)
}

fn whole(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

fn observance(tz: Tz, onset_utc: DateTime<Utc>) -> Observance {
    let from = at(tz, onset_utc - Duration::seconds(1));
    let to = at(tz, onset_utc);
    Observance {
        start: onset_utc.naive_utc() + Duration::seconds(i64::from(from.offset)),
        offset_from: from.offset,
        offset_to: to.offset,
        daylight: to.daylight,
        name: to.name,
    }
}

/// The observances a feed from `from` to `to` needs: the one in force at `from`, then one per
/// transition up to `to`.
pub fn observances(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Observance> {
    let (from, to) = (whole(from.timestamp()), whole(to.timestamp()));
    let first = at(tz, from);
    let mut out = Vec::new();
    // When did the state at `from` begin?
    let day = Duration::days(1);
    let mut later = from;
    let mut found = None;
    for _ in 0..LOOK_BACK_DAYS {
        let earlier = later - day;
        if !same(&at(tz, earlier), &first) {
            found = Some(onset(tz, earlier, later));
            break;
        }
        later = earlier;
    }
    out.push(match found {
        Some(t) => observance(tz, t),
        // No change for sixty years (or ever): a fixed offset since 1970.
        None => Observance {
            start: NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default(),
            offset_from: first.offset,
            offset_to: first.offset,
            daylight: first.daylight,
            name: first.name.clone(),
        },
    });
    let mut state = first;
    let mut t = from;
    while t < to {
        let next = (t + day).min(to);
        let now = at(tz, next);
        if !same(&now, &state) {
            out.push(observance(tz, onset(tz, t, next)));
            state = now;
        }
        t = next;
    }
    out
}

/// `+0300`, `-0930`, `+051736` (seconds only when there are any).
pub fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// Writes `BEGIN:VTIMEZONE … END:VTIMEZONE` for `tz` over `from`..`to`.
pub fn write_vtimezone(w: &mut IcsWriter, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    w.begin("VTIMEZONE");
    w.text("TZID", tz.name());
    for o in observances(tz, from, to) {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        w.begin(kind);
        w.raw("DTSTART", &[], &local_stamp(o.start));
        w.raw("TZOFFSETFROM", &[], &utc_offset(o.offset_from));
        w.raw("TZOFFSETTO", &[], &utc_offset(o.offset_to));
        if let Some(name) = &o.name {
            w.text("TZNAME", name);
        }
        w.end(kind);
    }
    w.end("VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
            .single()
            .expect("instant")
    }

    fn local(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .expect("local")
    }

    #[test]
    fn moscow_has_one_standard_observance_since_october_2014() {
        let obs = observances(chrono_tz::Europe::Moscow, utc(2026, 11, 1), utc(2027, 3, 1));
        assert_eq!(
            obs,
            vec![Observance {
                start: local(2014, 10, 26, 2),
                offset_from: 4 * 3600,
                offset_to: 3 * 3600,
                daylight: false,
                name: Some("MSK".into()),
            }]
        );
        let mut w = IcsWriter::new();
        write_vtimezone(
            &mut w,
            chrono_tz::Europe::Moscow,
            utc(2026, 11, 1),
            utc(2027, 3, 1),
        );
        assert_eq!(
            w.finish(),
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\nBEGIN:STANDARD\r\n\
             DTSTART:20141026T020000\r\nTZOFFSETFROM:+0400\r\nTZOFFSETTO:+0300\r\n\
             TZNAME:MSK\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn every_russian_zone_has_one_observance_with_its_offset() {
        let expected = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        for (zone, hours) in crate::time_zone::RUSSIAN_TIME_ZONES.iter().zip(expected) {
            let tz: Tz = zone.parse().expect("zone");
            let obs = observances(tz, utc(2026, 9, 1), utc(2027, 6, 1));
            assert_eq!(obs.len(), 1, "{zone}: {obs:?}");
            assert_eq!(obs[0].offset_to, hours * 3600, "{zone}");
            assert!(!obs[0].daylight, "{zone}");
            assert!(obs[0].start.date() < NaiveDate::from_ymd_opt(2026, 9, 1).expect("d"));
        }
    }

    #[test]
    fn a_zone_with_summer_time_gets_each_transition_in_the_span() {
        // Berlin: summer time from 29 March 2026 02:00 CET, back on 25 October 03:00 CEST.
        let obs = observances(
            chrono_tz::Europe::Berlin,
            utc(2026, 1, 10),
            utc(2026, 12, 1),
        );
        let shape: Vec<(NaiveDateTime, i32, i32, bool)> = obs
            .iter()
            .map(|o| (o.start, o.offset_from, o.offset_to, o.daylight))
            .collect();
        assert_eq!(
            shape,
            vec![
                (local(2025, 10, 26, 3), 7200, 3600, false),
                (local(2026, 3, 29, 2), 3600, 7200, true),
                (local(2026, 10, 25, 3), 7200, 3600, false),
            ]
        );
        assert_eq!(obs[1].name.as_deref(), Some("CEST"));
        // A span inside summer time: only the observance in force.
        let summer = observances(chrono_tz::Europe::Berlin, utc(2026, 5, 1), utc(2026, 6, 1));
        assert_eq!(summer.len(), 1);
        assert!(summer[0].daylight);
    }

    #[test]
    fn a_fixed_zone_starts_in_1970_and_offsets_are_formatted() {
        let obs = observances(chrono_tz::Etc::GMTMinus3, utc(2026, 1, 1), utc(2026, 6, 1));
        assert_eq!(obs.len(), 1);
        assert_eq!(obs[0].start, local(1970, 1, 1, 0));
        assert_eq!((obs[0].offset_from, obs[0].offset_to), (10800, 10800));
        assert_eq!(obs[0].name, None, "«+03» is not a name");
        assert_eq!(utc_offset(3 * 3600), "+0300");
        assert_eq!(utc_offset(-(9 * 3600 + 30 * 60)), "-0930");
        assert_eq!(utc_offset(2 * 3600 + 30 * 60 + 17), "+023017");
        assert_eq!(utc_offset(0), "+0000");
    }
}
