//! An aSc Timetables XML export (Windows-1251, as aSc writes it on Russian Windows) imported
//! into an EMPTY server's school through `POST /v1/web/timetable/import/{preview,apply}?format=asc-xml`:
//! the preview counts, shows the week-A lesson as a row error and writes nothing; the apply
//! stores the slots and the journals follow; a new export of the same timetable (other ids)
//! writes nothing.

mod common;

use automerge::ChangeHash;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Weekday;
use common::empty::{
    docs, empty_server, quarter, school_today, sign_in, year_around, OneClass, ADMIN_PASSWORD,
};
use common::web::grant_school;
use common::Harness;
use zvonok_core::doc::timetable::TimetableData;
use zvonok_core::doc::DocKind;
use zvonok_core::rights::{Cohort, Right};
use zvonok_core::wire::TimetableImportView;
use zvonok_server::docstore::lock;

/// aSc's export for 5А: mathematics as a double lesson on Monday (one card), once more on
/// Tuesday placed by the lesson's days definition, and a week-A-only lesson.
fn asc_file(prefix: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="windows-1251"?>
<timetable ascttversion="2024.4.1" importtype="database" options="idprefix:{prefix}">
  <periods columns="period,name,short,starttime,endtime">
    <period name="1" short="1" period="1" starttime="8:00" endtime="8:45"/>
    <period name="2" short="2" period="2" starttime="9:00" endtime="9:45"/>
    <period name="3" short="3" period="3" starttime="10:00" endtime="10:45"/>
  </periods>
  <daysdefs columns="id,days,name,short">
    <daysdef id="{prefix}D2" name="Вторник" short="Вт" days="01000"/>
  </daysdefs>
  <weeksdefs columns="id,weeks,name,short">
    <weeksdef id="{prefix}W0" name="Все недели" short="Все" weeks="11"/>
    <weeksdef id="{prefix}WA" name="Неделя А" short="А" weeks="10"/>
  </weeksdefs>
  <subjects columns="id,name,short"><subject id="{prefix}S" name="Математика" short="Матем."/></subjects>
  <teachers columns="id,firstname,lastname,name,short">
    <teacher id="{prefix}T" firstname="Ирина Петровна" lastname="Соколова" name="Соколова И.П." short="СИП"/>
  </teachers>
  <classrooms columns="id,name,short"><classroom id="{prefix}R" name="201" short="201"/></classrooms>
  <classes columns="id,name,short"><class id="{prefix}C" name="5 а" short="5А"/></classes>
  <groups columns="id,classid,name,entireclass,divisiontag">
    <group id="{prefix}G" classid="{prefix}C" name="Весь класс" entireclass="1" divisiontag="0"/>
  </groups>
  <lessons columns="id,classids,subjectid,periodspercard,teacherids,classroomids,groupids,weeksdefid,daysdefid">
    <lesson id="{prefix}L1" classids="{prefix}C" subjectid="{prefix}S" periodspercard="2" teacherids="{prefix}T" classroomids="{prefix}R" groupids="{prefix}G" weeksdefid="{prefix}W0" daysdefid=""/>
    <lesson id="{prefix}L2" classids="{prefix}C" subjectid="{prefix}S" periodspercard="1" teacherids="{prefix}T" classroomids="{prefix}R" groupids="{prefix}G" weeksdefid="" daysdefid="{prefix}D2"/>
    <lesson id="{prefix}L3" classids="{prefix}C" subjectid="{prefix}S" periodspercard="1" teacherids="{prefix}T" classroomids="" groupids="{prefix}G" weeksdefid="{prefix}WA" daysdefid=""/>
  </lessons>
  <cards columns="lessonid,period,days,weeks,classroomids">
    <card lessonid="{prefix}L1" period="1" days="10000" weeks="11" classroomids="{prefix}R"/>
    <card lessonid="{prefix}L2" period="3"/>
    <card lessonid="{prefix}L3" period="3" days="00100"/>
  </cards>
</timetable>
"#
    );
    zvonok_import::encoding::encode_windows_1251(&xml)
}

async fn import(h: &Harness, token: &str, step: &str, file: &[u8]) -> (StatusCode, Vec<u8>) {
    let req = Request::post(format!("/v1/web/timetable/import/{step}?format=asc-xml"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/xml")
        .body(Body::from(file.to_vec()))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    (s, b)
}

fn view(s: StatusCode, b: &[u8]) -> TimetableImportView {
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(b));
    serde_json::from_slice(b).expect("view")
}

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

#[tokio::test]
async fn an_asc_export_from_an_empty_server_is_previewed_applied_once_and_journals_follow() {
    let started = std::time::Instant::now();
    let (h, _file) = empty_server();
    let admin = sign_in(&h, "admin", ADMIN_PASSWORD).await;
    let tok = admin.token.clone();
    let _today = school_today();
    let year = year_around(30, 90);
    let quarter = quarter(&year, 1, year.start, year.end);
    let school = OneClass::new(year);
    school
        .set_up(&h, &tok, vec![quarter], Vec::new(), &[])
        .await;
    grant_school(&h, &tok, admin.user.id, &[Right::EditTimetable]).await;

    // The preview: three weekly hours (the double lesson is two), the week-A lesson a row
    // error at its card's line; nothing written.
    let before = heads(&h);
    assert!(docs(&h, DocKind::Journal).is_empty());
    let (s, b) = import(&h, &tok, "preview", &asc_file("A")).await;
    let p = view(s, &b);
    assert!(p.unmatched.is_empty(), "{p:?}");
    assert_eq!(p.counts.added, 3, "{p:?}");
    assert_eq!(p.errors.len(), 1, "{p:?}");
    assert_eq!(p.errors[0].row, 32, "the line of the week-A card");
    assert!(
        p.errors[0].reason.contains("двухнедельное расписание"),
        "{:?}",
        p.errors
    );
    assert_eq!(heads(&h), before, "the preview writes nothing");

    // The apply stores the slots; the journal follows.
    let (s, b) = import(&h, &tok, "apply", &asc_file("A")).await;
    let a = view(s, &b);
    assert!(a.applied);
    assert_eq!(a.counts.added, 3);
    let tt = docs(&h, DocKind::Timetable);
    let shared = h
        .state
        .docs
        .get(tt[0].id, DocKind::Timetable)
        .expect("get")
        .expect("the timetable");
    let data = TimetableData::from_doc(&lock(&shared).doc).expect("timetable");
    let mut slots: Vec<(u32, u8, String)> = data
        .slots
        .values()
        .map(|s| {
            assert_eq!(s.cohort, Cohort::Class(school.class.id));
            assert_eq!((s.subject, s.teacher), (school.math.id, school.teacher.id));
            (s.weekday.number_from_monday(), s.number, s.room.clone())
        })
        .collect();
    slots.sort();
    let mon = Weekday::Mon.number_from_monday();
    let tue = Weekday::Tue.number_from_monday();
    assert_eq!(
        slots,
        vec![
            (mon, 1, "201".to_string()),
            (mon, 2, "201".to_string()),
            (tue, 3, "201".to_string()),
        ]
    );
    let journals = docs(&h, DocKind::Journal);
    assert_eq!(journals.len(), 1, "{journals:?}");
    assert_eq!(journals[0].meta.subject, Some(school.math.id));

    // aSc's next export of the same timetable has other ids: nothing is written.
    let after = heads(&h);
    let (s, b) = import(&h, &tok, "apply", &asc_file("B")).await;
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

    // A file that is no aSc export is explained in Russian; the hint names the format.
    let (s, b) = import(&h, &tok, "preview", b"<fet></fet>").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        String::from_utf8_lossy(&b).contains("aSc"),
        "{}",
        String::from_utf8_lossy(&b)
    );
    let req = Request::post("/v1/web/timetable/import/preview?format=xml")
        .header(header::AUTHORIZATION, format!("Bearer {tok}"))
        .body(Body::from(asc_file("A")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&b).contains("asc-xml"));
    assert_eq!(heads(&h), after);
    eprintln!("aSc import test: {:?}", started.elapsed());
}
