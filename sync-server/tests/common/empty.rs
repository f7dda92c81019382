//! An EMPTY server (first start, no demo) driven with `oneshot`, and the few school ops that
//! give it one class taught one subject: the start of the timetable stories.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use zvonok_core::doc::school_ops::SchoolOp;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::*;
use zvonok_core::model::*;
use zvonok_core::rights::Cohort;
use zvonok_core::wire::LoginResponse;
use zvonok_server::demo::DemoReport;
use zvonok_server::first_start::first_start;
use zvonok_server::storage::sqlite::SqliteStorage;
use zvonok_server::storage::DocRecord;
use zvonok_server::{app, provision, AppState};

use super::Harness;

pub const ADMIN_PASSWORD: &str = "admin-password-2026";
pub const BIG: usize = 64 * 1024 * 1024;

/// A first start on an empty database, provisioned as `server::start` does before serving;
/// also the path of its SQLite file.
pub fn empty_server() -> (Harness, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("z.sqlite");
    let storage = SqliteStorage::open(&file).expect("open");
    first_start(&storage, Some(ADMIN_PASSWORD))
        .expect("first start")
        .expect("admin created");
    let state = Arc::new(AppState::new(Arc::new(storage), BIG));
    provision::after_school_change(&state).expect("start-up provisioning");
    let none = DemoReport {
        school_name: String::new(),
        password: String::new(),
        logins: Vec::new(),
        users: 0,
        docs: 0,
    };
    (
        Harness::from_parts(app(state.clone()), state, none, dir),
        file,
    )
}

pub async fn sign_in(h: &Harness, login: &str, password: &str) -> LoginResponse {
    let (s, b) = h.login_raw(login, password).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&b));
    serde_json::from_slice(&b).expect("login")
}

/// POSTs JSON and expects 200.
pub async fn post<T: serde::Serialize>(h: &Harness, token: &str, path: &str, body: &T) -> Vec<u8> {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).expect("json")))
        .expect("request");
    let (s, _, b) = h.call(req).await;
    assert_eq!(s, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&b));
    b
}

/// The stored documents of a kind, by title.
pub fn docs(h: &Harness, kind: DocKind) -> Vec<DocRecord> {
    let mut v: Vec<DocRecord> = h
        .state
        .storage
        .docs()
        .expect("docs")
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect();
    v.sort_by_key(|r| r.title.clone());
    v
}

/// One class (5А) taught mathematics by Соколова Ирина Петровна, in `year` with `periods` and
/// `holidays`, six bells; `subjects` beyond mathematics are added untaught.
pub struct OneClass {
    pub year: AcademicYear,
    pub math: Subject,
    pub teacher: StaffMember,
    pub class: Class,
}

impl OneClass {
    pub fn new(year: AcademicYear) -> Self {
        OneClass {
            math: Subject {
                id: SubjectId::new(),
                name: "Математика".into(),
                grades: vec![5],
            },
            teacher: StaffMember {
                id: StaffId::new(),
                last_name: "Соколова".into(),
                first_name: "Ирина".into(),
                middle_name: "Петровна".into(),
                position: "Учитель математики".into(),
            },
            class: Class {
                id: ClassId::new(),
                year: year.id,
                grade: 5,
                letter: "А".into(),
                class_teacher: None,
            },
            year,
        }
    }

    /// The wizard's ops that set this school up, in the wizard's order.
    pub fn ops(
        &self,
        periods: Vec<StudyPeriod>,
        holidays: Vec<Holiday>,
        more_subjects: &[Subject],
    ) -> Vec<SchoolOp> {
        let bells: Vec<Bell> = (1..=6)
            .map(|n| Bell {
                number: n,
                start: format!("{:02}:00", 7 + n),
                end: format!("{:02}:45", 7 + n),
            })
            .collect();
        let mut ops = vec![
            SchoolOp::SetCard {
                name: "МБОУ «Школа № 5»".into(),
                short_name: "Школа № 5".into(),
                address: "ул. Садовая, 5".into(),
            },
            SchoolOp::SetYearCalendar {
                year: self.year.clone(),
                periods,
                holidays,
            },
            SchoolOp::SetCurrentYear { year: self.year.id },
            SchoolOp::SetBells { bells },
            SchoolOp::PutSubject {
                subject: self.math.clone(),
            },
        ];
        ops.extend(
            more_subjects
                .iter()
                .map(|s| SchoolOp::PutSubject { subject: s.clone() }),
        );
        ops.extend([
            SchoolOp::PutStaff {
                member: self.teacher.clone(),
            },
            SchoolOp::PutClass {
                class: self.class.clone(),
            },
            SchoolOp::PutAssignment {
                assignment: TeachingAssignment {
                    id: AssignmentId::new(),
                    teacher: self.teacher.id,
                    cohort: Cohort::Class(self.class.id),
                    subject: self.math.id,
                    year: self.year.id,
                },
            },
        ]);
        ops
    }

    /// Sets the school up through `POST /v1/web/school/ops`, as the wizard does.
    pub async fn set_up(
        &self,
        h: &Harness,
        token: &str,
        periods: Vec<StudyPeriod>,
        holidays: Vec<Holiday>,
        more_subjects: &[Subject],
    ) {
        for op in self.ops(periods, holidays, more_subjects) {
            post(h, token, "/v1/web/school/ops", &op).await;
        }
    }
}

/// «Today» in the school's zone (Moscow, the default).
pub fn school_today() -> chrono::NaiveDate {
    zvonok_core::time_zone::date_in("", chrono::Utc::now())
}

/// The year 2026/2027 from `back` days before today to `ahead` days after.
pub fn year_around(back: i64, ahead: i64) -> AcademicYear {
    let today = school_today();
    AcademicYear {
        id: YearId::new(),
        title: "2026/2027".into(),
        start: today - chrono::Duration::days(back),
        end: today + chrono::Duration::days(ahead),
    }
}

/// Quarter `number` of `year` from `start` to `end`.
pub fn quarter(
    year: &AcademicYear,
    number: u8,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
) -> StudyPeriod {
    StudyPeriod {
        id: PeriodId::new(),
        year: year.id,
        kind: PeriodKind::Quarter,
        number,
        start,
        end,
    }
}
