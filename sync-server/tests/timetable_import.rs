//! A FET timetable file imported into an empty server's school through
//! `POST /v1/web/timetable/import/{preview,apply}`: the preview counts and writes nothing, an
//! unknown teacher is listed with suggestions and blocks the apply until answered, the apply
//! stores the slots as the user's device and the journals follow, the same file again changes
//! nothing, a teacher without «Редактировать расписание» is refused, a bad file is explained.

mod common;

use std::sync::Arc;

use automerge::ChangeHash;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Weekday;
use common::empty::{
    docs, empty_server, quarter, school_today, sign_in, year_around, OneClass, ADMIN_PASSWORD, BIG,
};
use common::web::{issue, slip_sign_in};
use common::Harness;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::Cohort;
use zvonok_core::wire::{
    TimetableImportView, TimetableNameKind, TimetableNameTarget, TimetableNames,
};
use zvonok_server::docstore::lock;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::AppState;

/// FET's CSV export: three weekly hours of mathematics in 5А; the third row writes the
/// teacher's name in a way the school does not know («Сокол И.П.»).
const FET_CSV: &str = "\"Activity Id\",\"Day\",\"Hour\",\"Students Sets\",\"Subject\",\"Teachers\",\"Activity Tags\",\"Room\",\"Comments\"
1,Monday,1,5А,Математика,Соколова И.П.,,201,
1,Tuesday,2,5А,Математика,Соколова И.П.,,201,
2,Wednesday,3,5А,Математика,Сокол И.П.,,202,
";

/// Posts a timetable file; `names` go as `?names=<JSON>`.
async fn import(
    h: &Harness,
    token: &str,
    step: &str,
    format: &str,
    names: Option<&TimetableNames>,
    file: &[u8],
) -> (StatusCode, Vec<u8>) {
    let mut path = format!("/v1/web/timetable/import/{step}?format={format}");
    if let Some(n) = names {
        let json = serde_json::to_string(n).expect("json");
        path.push_str(&format!(
            "&names={}",
            utf8_percent_encode(&json, NON_ALPHANUMERIC)
        ));
    }
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(file.to_vec()))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

fn view(s: StatusCode, b: &[u8]) -> TimetableImportView {
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(b));
    serde_json::from_slice(b).expect("view")
}

/// Heads of every timetable and journal document, as stored.
fn heads(h: &Harness) -> Vec<(String, Vec<ChangeHash>)> {
    let mut v: Vec<(String, Vec<ChangeHash>)> = h
        .state
        .storage
        .docs()
        .expect("docs")
        .into_iter()
        .filter(|r| matches!(r.kind, DocKind::Timetable | DocKind::Journal))
        .map(|r| (r.id.to_string(), r.heads))
        .collect();
    v.sort();
    v
}

fn message(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn has_cyrillic(s: &str) -> bool {
    s.chars()
        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
}

#[tokio::test]
async fn a_fet_file_is_previewed_matched_applied_once_and_journals_follow() {
    let started = std::time::Instant::now();
    let (h, file) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();

    // The school: the current year with a quarter around today, bells, 5А, mathematics and
    // its teacher, assigned.
    let _today = school_today();
    let year = year_around(30, 90);
    let quarter = quarter(&year, 1, year.start, year.end);
    let russian = Subject {
        id: SubjectId::new(),
        name: "Русский язык".into(),
        grades: vec![5],
    };
    let school = OneClass::new(year.clone());
    school
        .set_up(
            &h,
            &tok,
            vec![quarter.clone()],
            Vec::new(),
            std::slice::from_ref(&russian),
        )
        .await;
    let (math, teacher, class) = (&school.math, &school.teacher, &school.class);
    let tt = docs(&h, DocKind::Timetable);
    assert_eq!(tt.len(), 1, "the current year's timetable document");

    // The coordinator holds «Редактировать расписание» by the seed's step 5 (a teacher is
    // refused below).
    // 1. The preview: two lessons to add, the unknown teacher with the real one suggested;
    // nothing written.
    let before = heads(&h);
    let (s, b) = import(&h, &tok, "preview", "fet-csv", None, FET_CSV.as_bytes()).await;
    let p = view(s, &b);
    assert!(!p.applied);
    assert_eq!(p.counts.added, 2, "{p:?}");
    assert_eq!((p.counts.changed, p.counts.removed), (0, 0));
    assert_eq!(p.unmatched.len(), 1, "{p:?}");
    let u = &p.unmatched[0];
    assert_eq!(u.kind, TimetableNameKind::Teacher);
    assert_eq!(u.kind_label, "учитель");
    assert_eq!(u.name, "Сокол И.П.");
    assert_eq!(u.rows, vec![4]);
    assert!(
        u.suggestions
            .iter()
            .any(|s| s.target == TimetableNameTarget::Staff(teacher.id)
                && s.label.starts_with("Соколова")),
        "{u:?}"
    );
    assert_eq!(heads(&h), before, "the preview writes nothing");
    assert!(docs(&h, DocKind::Journal).is_empty());

    // 2. The apply is refused while the name is unmatched; nothing written.
    let (s, b) = import(&h, &tok, "apply", "fet-csv", None, FET_CSV.as_bytes()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", message(&b));
    assert!(message(&b).contains("Сокол И.П."), "{}", message(&b));
    assert_eq!(heads(&h), before);

    // 3. With the answer (the name as the file writes it), the preview has all three and
    // hands the answer back; the apply stores them as the admin's device.
    let mut names = TimetableNames::default();
    names.teachers.insert("Сокол И.П.".into(), teacher.id);
    let (s, b) = import(
        &h,
        &tok,
        "preview",
        "fet-csv",
        Some(&names),
        FET_CSV.as_bytes(),
    )
    .await;
    let p = view(s, &b);
    assert!(p.unmatched.is_empty(), "{p:?}");
    assert_eq!(p.counts.added, 3);
    assert_eq!(
        p.names.teachers.values().collect::<Vec<_>>(),
        vec![&teacher.id]
    );
    assert_eq!(heads(&h), before, "still nothing written");
    // The answers handed back work as they are.
    let kept = p.names.clone();
    let (s, b) = import(
        &h,
        &tok,
        "apply",
        "fet-csv",
        Some(&kept),
        FET_CSV.as_bytes(),
    )
    .await;
    let a = view(s, &b);
    assert!(a.applied);
    assert_eq!(a.counts.added, 3);

    let shared = h
        .state
        .docs
        .get(tt[0].id, DocKind::Timetable)
        .expect("get")
        .expect("the timetable");
    let (data, actors) = {
        let hot = lock(&shared);
        let data = TimetableData::from_doc(&hot.doc).expect("timetable");
        let mut doc = hot.doc.clone();
        let actors: Vec<String> = doc
            .get_changes(&[])
            .iter()
            .map(|c| c.actor_id().to_hex_string())
            .collect();
        (data, actors)
    };
    let mut slots: Vec<(Weekday, u8, String)> = data
        .slots
        .values()
        .map(|s| {
            assert_eq!(s.teacher, teacher.id);
            assert_eq!(s.subject, math.id);
            assert_eq!(s.cohort, Cohort::Class(class.id));
            (s.weekday, s.number, s.room.clone())
        })
        .collect();
    slots.sort_by_key(|s| (s.0.number_from_monday(), s.1));
    assert_eq!(
        slots,
        vec![
            (Weekday::Mon, 1, "201".to_string()),
            (Weekday::Tue, 2, "201".to_string()),
            (Weekday::Wed, 3, "202".to_string()),
        ]
    );
    assert_eq!(
        actors.last(),
        Some(&admin.actor),
        "stored as the admin's device"
    );
    // Read back from SQLite: a fresh server state over the same file has the same slots.
    let fresh = AppState::new(Arc::new(SqliteStorage::open(&file).expect("reopen")), BIG);
    let reread = fresh
        .docs
        .get(tt[0].id, DocKind::Timetable)
        .expect("get")
        .expect("the stored timetable");
    assert_eq!(
        TimetableData::from_doc(&lock(&reread).doc).expect("timetable"),
        data
    );

    // The journal of 5А × mathematics × the quarter follows, with dated lessons.
    let journals = docs(&h, DocKind::Journal);
    assert_eq!(journals.len(), 1, "{journals:?}");
    assert_eq!(journals[0].meta.subject, Some(math.id));
    let jd = {
        let s = h
            .state
            .docs
            .get(journals[0].id, DocKind::Journal)
            .expect("get")
            .expect("journal");
        let j = zvonok_core::doc::journal::JournalData::from_doc(&lock(&s).doc).expect("journal");
        j
    };
    assert!(!jd.lessons.is_empty(), "the journal has lessons");

    // 4. The same file again changes nothing.
    let after = heads(&h);
    let (s, b) = import(
        &h,
        &tok,
        "apply",
        "fet-csv",
        Some(&kept),
        FET_CSV.as_bytes(),
    )
    .await;
    let again = view(s, &b);
    assert_eq!(
        (
            again.counts.added,
            again.counts.changed,
            again.counts.removed
        ),
        (0, 0, 0)
    );
    assert_eq!(again.counts.unchanged, 3);
    assert_eq!(heads(&h), after, "nothing written the second time");

    // A lesson the timetable rules refuse (the teacher has no Russian in 5А): the whole
    // apply is refused with the reason, nothing written.
    let refused = format!("{FET_CSV}3,Thursday,1,5А,Русский язык,Соколова И.П.,,201,\n");
    let (s, b) = import(
        &h,
        &tok,
        "preview",
        "fet-csv",
        Some(&kept),
        refused.as_bytes(),
    )
    .await;
    assert_eq!(view(s, &b).counts.added, 1, "the preview shows it");
    let (s, b) = import(
        &h,
        &tok,
        "apply",
        "fet-csv",
        Some(&kept),
        refused.as_bytes(),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", message(&b));
    assert!(has_cyrillic(&message(&b)), "{}", message(&b));
    assert_eq!(heads(&h), after, "a refused apply writes nothing");

    // FET's own file (`.fet`) is read too; its names are not this school's, so it lists them.
    let fet = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../import/tests/data/timetable/small_school_data_and_timetable.fet"
    ))
    .expect("the committed .fet file");
    let (s, b) = import(&h, &tok, "preview", "fet-xml", None, &fet).await;
    let x = view(s, &b);
    assert!(!x.unmatched.is_empty(), "{x:?}");
    assert_eq!(heads(&h), after);

    // 5. A teacher without the right is refused, preview and apply alike.
    let staff = issue(&h, &tok, None).await;
    let teacher_tok = slip_sign_in(&h, &staff, "Соколова").await.token;
    for step in ["preview", "apply"] {
        let (s, b) = import(
            &h,
            &teacher_tok,
            step,
            "fet-csv",
            Some(&kept),
            FET_CSV.as_bytes(),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{step}: {}", message(&b));
        assert!(has_cyrillic(&message(&b)));
    }

    // 6. A bad file, an unknown format and broken answers are explained in Russian.
    let (s, b) = import(&h, &tok, "preview", "fet-csv", None, b"\"a\",\"b\"\n1,2\n").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", message(&b));
    assert!(has_cyrillic(&message(&b)), "{}", message(&b));
    let (s, b) = import(&h, &tok, "apply", "fet-xml", None, b"<fet><broken").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{}", message(&b));
    assert!(has_cyrillic(&message(&b)), "{}", message(&b));
    let (s, b) = import(&h, &tok, "preview", "xlsx", None, FET_CSV.as_bytes()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{}", message(&b));
    assert!(message(&b).contains("fet-csv"), "{}", message(&b));
    let req = Request::post("/v1/web/timetable/import/preview?format=fet-csv&names=%7Bnot")
        .header(header::AUTHORIZATION, format!("Bearer {tok}"))
        .body(Body::from(FET_CSV))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{}", message(&b));
    assert!(has_cyrillic(&message(&b)), "{}", message(&b));
    assert_eq!(heads(&h), after, "refused requests write nothing");

    eprintln!("timetable import test: {:?}", started.elapsed());
}
