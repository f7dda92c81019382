//! People lists and rights end to end, against a real `zvonok-server --demo` (and a real
//! `zvonok` CLI device for the sync path): a class teacher edits the people of their own class
//! and enters new ones only with «Ввести списки учеников и родителей»; the coordinator grants
//! rights per account and per role and runs the seed's replacement of the lists right; a
//! device's forged roster entry is refused on sync; guardians reach none of it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::str::FromStr;

use serde_json::{json, Value};
use zvonok_client::Replica;
use zvonok_core::doc::roster::RosterData;
use zvonok_core::doc::DocKind;
use zvonok_core::ids::{ClassId, DocId, StudentId};
use zvonok_tests::{forge, http, Device, Server, DEMO_PASSWORD};

struct Web {
    addr: SocketAddr,
    tokens: BTreeMap<String, String>,
}

impl Web {
    fn new(server: &Server, logins: &[&str]) -> Web {
        let tokens = logins
            .iter()
            .map(|l| (l.to_string(), http::token(server.addr, l, DEMO_PASSWORD)))
            .collect();
        Web {
            addr: server.addr,
            tokens,
        }
    }
    fn token(&self, login: &str) -> &str {
        self.tokens
            .get(login)
            .unwrap_or_else(|| panic!("no session of {login}"))
    }
    fn get(&self, login: &str, path: &str) -> http::Response {
        http::get(self.addr, path, Some(self.token(login)))
    }
    fn post(&self, login: &str, path: &str, body: &Value) -> http::Response {
        http::post_json(self.addr, path, Some(self.token(login)), body)
    }
    fn ok(&self, login: &str, path: &str) -> Value {
        let r = self.get(login, path);
        assert_eq!(r.status, 200, "{login} GET {path}: {}", r.text());
        r.json()
    }
    fn op(&self, login: &str, class: &str, op: &Value) -> http::Response {
        self.post(login, &format!("/v1/web/people/ops?class={class}"), op)
    }
    fn people(&self, login: &str, class: &str) -> Value {
        self.ok(login, &format!("/v1/web/people?class={class}"))
    }
    /// The account id of `login`, from the rights screen.
    fn user_id(&self, login: &str) -> String {
        let v = self.ok("coordinator", "/v1/web/rights");
        v["users"]
            .as_array()
            .expect("users")
            .iter()
            .find(|u| u["login"] == login)
            .and_then(|u| u["user"].as_str())
            .unwrap_or_else(|| panic!("{login} is not on the rights screen"))
            .to_string()
    }
    fn grant(&self, by: &str, login: &str, right: &str, scope: &str, add: bool) -> http::Response {
        let user = self.user_id(login);
        self.post(
            by,
            &format!("/v1/web/accounts/{user}/grants"),
            &json!({ "grant": { "right": right, "scope": scope }, "add": add }),
        )
    }
}

/// (own class id, another class id) of the demo class teacher.
fn classes_of_class_teacher(web: &Web) -> (String, String) {
    let mine = web.ok("classteacher", "/v1/web/people");
    let own = mine["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .find(|c| c["can_edit"] == true)
        .unwrap_or_else(|| panic!("the class teacher edits no class: {mine}"))["id"]
        .as_str()
        .expect("id")
        .to_string();
    let all = web.ok("coordinator", "/v1/web/people");
    let other = all["classes"]
        .as_array()
        .expect("classes")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .find(|c| *c != own)
        .expect("another class");
    (own, other)
}

fn student<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["students"]
        .as_array()
        .expect("students")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no student {id}"))
}

fn new_student(last: &str) -> (String, Value) {
    let id = StudentId::new().to_string();
    let op = json!({ "op": "put_student", "student": {
        "id": id, "last_name": last, "first_name": "Пётр", "middle_name": "", "active": true
    }});
    (id, op)
}

fn rename(s: &Value, last: &str) -> Value {
    json!({ "op": "put_student", "student": {
        "id": s["id"], "last_name": last, "first_name": s["first_name"],
        "middle_name": s["middle_name"], "active": s["active"]
    }})
}

const CSV: &str = "Фамилия;Имя;Отчество;Дата рождения;Класс\nЗайцев;Лев;;12.03.2015;{class}\n";

#[test]
fn a_class_teacher_edits_own_class_and_enters_people_only_with_the_lists_right() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let web = Web::new(&server, &["coordinator", "classteacher"]);
    let (own, other) = classes_of_class_teacher(&web);

    // Guardian phones are personal files: the coordinator grants that right for the own class.
    let r = web.grant(
        "coordinator",
        "classteacher",
        "EditPersonalFiles",
        "OwnClass",
        true,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["grants"]
        .as_array()
        .expect("grants")
        .contains(&json!({ "right": "EditPersonalFiles", "scope": "OwnClass" })));

    let view = web.people("classteacher", &own);
    assert_eq!(view["can_edit"], true, "{view}");
    assert_eq!(
        view["can_add"], false,
        "EditOwnClassPeople adds no one: {view}"
    );
    let first = view["students"]
        .as_array()
        .expect("students")
        .iter()
        .find(|s| !s["guardians"].as_array().expect("g").is_empty())
        .expect("a student with a guardian")
        .clone();
    let sid = first["id"].as_str().expect("id").to_string();
    let gid = first["guardians"][0]["id"]
        .as_str()
        .expect("gid")
        .to_string();

    let r = web.op("classteacher", &own, &rename(&first, "Переименованная"));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = web.op(
        "classteacher",
        &own,
        &json!({ "op": "set_personal", "personal": {
            "op": "set_guardian_field", "guardian": gid, "field": "phone", "value": "8 (916) 123-45-67"
        }}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let view = web.people("classteacher", &own);
    let s = student(&view, &sid);
    assert_eq!(s["last_name"], "Переименованная", "{s}");
    let g = s["guardians"]
        .as_array()
        .expect("guardians")
        .iter()
        .find(|g| g["id"] == gid.as_str())
        .expect("the guardian");
    assert_eq!(g["phone"], "+79161234567", "stored normalised: {g}");

    // Another class: refused, unchanged.
    let theirs = web.people("coordinator", &other);
    let stranger = theirs["students"][0].clone();
    let r = web.op("classteacher", &other, &rename(&stranger, "Чужой"));
    assert_eq!(r.status, 403, "{}", r.text());
    let after = web.people("coordinator", &other);
    assert_eq!(
        student(&after, stranger["id"].as_str().expect("id"))["last_name"],
        stranger["last_name"],
        "the other class is unchanged"
    );

    // A new student needs the lists right.
    let count = |v: &Value| v["students"].as_array().map_or(0, Vec::len);
    let before = count(&web.people("classteacher", &own));
    let (_, op) = new_student("Новенький");
    let r = web.op("classteacher", &own, &op);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.text().contains("Ввести списки"), "{}", r.text());
    assert_eq!(count(&web.people("classteacher", &own)), before);

    let r = web.grant(
        "coordinator",
        "classteacher",
        "EnterStudentLists",
        "OwnClass",
        true,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(web.people("classteacher", &own)["can_add"], true);
    let (added, op) = new_student("Новенький");
    let r = web.op("classteacher", &own, &op);
    assert_eq!(r.status, 200, "{}", r.text());
    let view = web.people("classteacher", &own);
    assert_eq!(count(&view), before + 1);
    assert_eq!(student(&view, &added)["last_name"], "Новенький");

    // The seed's replacement: the lists right becomes the own-class editing right.
    let r = web.post("coordinator", "/v1/web/rights/replace-initial", &json!({}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.json()["changed"].as_u64().unwrap_or(0) >= 2,
        "the class teacher and the secretary: {}",
        r.text()
    );
    let rights = web.ok("coordinator", "/v1/web/rights");
    for u in rights["users"].as_array().expect("users") {
        assert!(
            !u["grants"]
                .as_array()
                .expect("grants")
                .iter()
                .any(|g| g["right"] == "EnterStudentLists"),
            "{u}"
        );
    }
    let (_, op) = new_student("Опоздавший");
    let r = web.op("classteacher", &own, &op);
    assert_eq!(r.status, 403, "{}", r.text());
    let class_name = web.people("classteacher", &own)["class_name"]
        .as_str()
        .expect("name")
        .to_string();
    let csv = CSV.replace("{class}", &class_name);
    let r = http::send(
        web.addr,
        &http::Request {
            method: "POST",
            path: "/v1/web/import/apply?kind=students",
            token: Some(web.token("classteacher")),
            content_type: Some("text/csv"),
            body: csv.as_bytes(),
            ..Default::default()
        },
    )
    .expect("import");
    assert_eq!(r.status, 403, "{}", r.text());
    let view = web.people("classteacher", &own);
    assert_eq!(count(&view), before + 1, "nothing entered");
    let r = web.op("classteacher", &own, &rename(student(&view, &sid), "Снова"));
    assert_eq!(r.status, 200, "editing still works: {}", r.text());
    assert_eq!(
        student(&web.people("classteacher", &own), &sid)["last_name"],
        "Снова"
    );

    // The class list as XLSX, with the personal columns for this reader.
    let r = web.get(
        "classteacher",
        &format!("/v1/web/people/export.xlsx?class={own}"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let read = zvonok_import::read_table(&r.body, &zvonok_import::ReadOptions::default())
        .expect("an XLSX workbook");
    assert!(read.table.headers.iter().any(|h| h == "Дата рождения"));
    assert!(read.table.rows.len() > before, "every student listed");
}

#[test]
fn restricted_fields_are_absent_for_readers_without_personal_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let web = Web::new(&server, &["coordinator", "teacher", "classteacher"]);
    let classes = web.ok("teacher", "/v1/web/people");
    let class = classes["classes"][0]["id"]
        .as_str()
        .expect("the teacher reads a class list")
        .to_string();
    assert_eq!(classes["classes"][0]["can_edit"], false);
    let view = web.people("teacher", &class);
    assert_eq!(view["can_read_personal"], false);
    for s in view["students"].as_array().expect("students") {
        assert!(
            s.get("birth_date").is_none() && s.get("personal").is_none(),
            "{s}"
        );
        for g in s["guardians"].as_array().expect("guardians") {
            assert!(g.get("phone").is_none() && g.get("email").is_none(), "{g}");
        }
    }
    let r = web.get(
        "teacher",
        &format!("/v1/web/people/export.xlsx?class={class}"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let read =
        zvonok_import::read_table(&r.body, &zvonok_import::ReadOptions::default()).expect("xlsx");
    assert!(
        !read
            .table
            .headers
            .iter()
            .any(|h| h == "Дата рождения" || h == "Адрес"),
        "{:?}",
        read.table.headers
    );
    let r = web.op(
        "teacher",
        &class,
        &rename(&view["students"][0], "Учительская"),
    );
    assert_eq!(r.status, 403, "{}", r.text());

    // The class teacher reads the personal files of their own class.
    let (own, _) = classes_of_class_teacher(&web);
    let view = web.people("classteacher", &own);
    assert_eq!(view["can_read_personal"], true);
    assert!(view["students"][0].get("personal").is_some(), "{view}");
}

#[test]
fn rights_are_granted_per_account_and_per_role_and_never_locked_out() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let web = Web::new(&server, &["coordinator", "director", "teacher", "parent"]);

    let rights = web.ok("coordinator", "/v1/web/rights");
    let enter = rights["rights"]
        .as_array()
        .expect("rights")
        .iter()
        .find(|r| r["right"] == "EnterStudentLists")
        .expect("the lists right");
    assert_eq!(enter["title"], "Ввести списки учеников и родителей");
    assert_eq!(enter["scopes"], json!(["School", "OwnClass"]));
    assert!(rights["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .any(|r| r["role"] == "Coordinator" && !r["defaults"].as_array().expect("d").is_empty()));
    assert!(
        !rights["users"]
            .as_array()
            .expect("users")
            .iter()
            .any(|u| u["login"] == "parent"),
        "staff accounts only"
    );

    // Per account: a grant takes effect on the next request; twice is a no-op.
    let me = |login: &str| web.ok(login, "/v1/me");
    let has = |v: &Value, right: &str| {
        v["grants"]
            .as_array()
            .expect("grants")
            .iter()
            .any(|g| g["right"] == right)
    };
    assert_eq!(web.get("director", "/v1/web/rights").status, 403);
    for _ in 0..2 {
        let r = web.grant("coordinator", "director", "ManageAccounts", "School", true);
        assert_eq!(r.status, 200, "{}", r.text());
    }
    assert!(has(&me("director"), "ManageAccounts"));
    assert_eq!(web.get("director", "/v1/web/rights").status, 200);
    let r = web.grant(
        "coordinator",
        "director",
        "ManageAccounts",
        "OwnClass",
        true,
    );
    assert_eq!(
        r.status,
        422,
        "a scope the right does not take: {}",
        r.text()
    );

    // Nobody takes ManageAccounts from themselves, by account or by role.
    let r = web.grant("director", "director", "ManageAccounts", "School", false);
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("нельзя забрать у себя"), "{}", r.text());
    let by_role = |by: &str, role: &str, right: &str, add: bool| {
        web.post(
            by,
            "/v1/web/rights/role",
            &json!({ "role": role, "grant": { "right": right, "scope": "School" }, "add": add }),
        )
    };
    let r = by_role("director", "Director", "ManageAccounts", false);
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(has(&me("director"), "ManageAccounts"), "still a manager");
    let r = by_role("coordinator", "Director", "ManageAccounts", false);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["changed"], 1);
    assert!(!has(&me("director"), "ManageAccounts"));
    assert_eq!(web.get("director", "/v1/web/rights").status, 403);
    // Removing what the account does not have changes nothing; what its role gives stays.
    let r = web.grant("coordinator", "director", "ManageAccounts", "School", false);
    assert_eq!(r.status, 200, "{}", r.text());
    let r = web.grant(
        "coordinator",
        "director",
        "ReadAllJournals",
        "School",
        false,
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("Директор"),
        "names the role: {}",
        r.text()
    );

    // Per role: every teacher at that moment.
    let r = by_role("coordinator", "Teacher", "ReadMovementBook", true);
    assert_eq!(r.status, 200, "{}", r.text());
    let n = r.json()["changed"].as_u64().expect("changed");
    assert!(n > 1, "every teacher: {n}");
    assert!(has(&me("teacher"), "ReadMovementBook"));
    let book = "/v1/web/movement/book?from=2020-09-01&to=2030-08-31";
    assert_eq!(web.get("teacher", book).status, 200);
    let r = by_role("coordinator", "Teacher", "ReadMovementBook", false);
    assert_eq!(r.json()["changed"].as_u64(), Some(n));
    assert!(!has(&me("teacher"), "ReadMovementBook"));
    assert_eq!(web.get("teacher", book).status, 403);

    // A guardian reaches none of the people and rights endpoints.
    let class = web.ok("coordinator", "/v1/web/people")["classes"][0]["id"]
        .as_str()
        .expect("class")
        .to_string();
    let user = web.user_id("teacher");
    for path in [
        "/v1/web/people".to_string(),
        format!("/v1/web/people?class={class}"),
        format!("/v1/web/people/export.xlsx?class={class}"),
        "/v1/web/rights".to_string(),
    ] {
        assert_eq!(web.get("parent", &path).status, 403, "GET {path}");
    }
    let grant = json!({ "grant": { "right": "ManageAccounts", "scope": "School" }, "add": true });
    for (path, body) in [
        (
            format!("/v1/web/people/ops?class={class}"),
            new_student("Родительский").1,
        ),
        (format!("/v1/web/accounts/{user}/grants"), grant.clone()),
        (
            "/v1/web/rights/role".to_string(),
            json!({ "role": "Parent", "grant": grant["grant"], "add": true }),
        ),
        ("/v1/web/rights/replace-initial".to_string(), json!({})),
    ] {
        let r = web.post("parent", &path, &body);
        assert_eq!(r.status, 403, "POST {path}: {}", r.text());
    }
    for path in ["/v1/web/rights", "/v1/web/rights/replace-initial"] {
        let r = if path.ends_with("initial") {
            web.post("teacher", path, &json!({}))
        } else {
            web.get("teacher", path)
        };
        assert_eq!(r.status, 403, "teacher {path}");
    }
}

/// The roster document of `class` on the device, and its data.
fn roster_doc(dev: &Device, class: ClassId) -> (DocId, RosterData) {
    let mut r = Replica::open(&dev.dir).expect("replica");
    let ids: Vec<DocId> = r
        .docs()
        .filter(|d| d.kind == DocKind::Roster)
        .map(|d| d.id)
        .collect();
    for id in ids {
        let data = RosterData::from_doc(r.doc(id).expect("doc")).expect("roster");
        if data.class == class {
            return (id, data);
        }
    }
    panic!("{} holds no roster of {class}", dev.name)
}

#[test]
fn a_forged_roster_entry_is_refused_on_sync() {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ReadDoc, Value as Am, ROOT};

    let tmp = tempfile::tempdir().expect("tempdir");
    let server = Server::start(&tmp.path().join("server"));
    let web = Web::new(&server, &["coordinator", "classteacher"]);
    let (own, _) = classes_of_class_teacher(&web);
    let class = ClassId::from_str(&own).expect("class id");
    let dev = Device::new(tmp.path(), "dev-classteacher");
    dev.login(&server.url(), "classteacher");
    dev.sync();
    let (doc, before) = roster_doc(&dev, class);

    // An edit of a listed student passes: EditOwnClassPeople.
    let listed = *before.students.keys().next().expect("a student");
    forge::write_raw(&dev.dir, doc, |d| {
        let students = match d.get(ROOT, "students") {
            Ok(Some((Am::Object(_), id))) => id,
            other => panic!("no students: {other:?}"),
        };
        let s = match d.get(&students, listed.to_string()) {
            Ok(Some((Am::Object(_), id))) => id,
            other => panic!("no student: {other:?}"),
        };
        d.put(&s, "last", "Исправленная").expect("last");
    });
    let rep = dev.json(&["sync"]);
    assert!(
        rep["rejections"].as_array().is_none_or(Vec::is_empty),
        "an edit is kept: {rep}"
    );

    // A new student without EnterStudentLists: refused by the server.
    let forged = StudentId::new();
    let hash = forge::write_raw(&dev.dir, doc, |d| {
        let students = match d.get(ROOT, "students") {
            Ok(Some((Am::Object(_), id))) => id,
            other => panic!("no students: {other:?}"),
        };
        let s = d
            .put_object(&students, forged.to_string(), ObjType::Map)
            .expect("student");
        for (k, v) in [("last", "Подложный"), ("first", "Иван"), ("middle", "")] {
            d.put(&s, k, v).expect("name");
        }
        d.put(&s, "active", true).expect("active");
    });
    let rep = dev.json(&["sync"]);
    assert!(
        rep["rejections"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["hash"] == hash.as_str())),
        "the forged entry is rejected: {rep}"
    );
    let st = dev.status();
    let reason = st["rejected"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["hash"] == hash.as_str()))
        .and_then(|x| x["reason"].as_str())
        .unwrap_or_else(|| panic!("no recorded rejection: {st}"))
        .to_string();
    assert!(reason.contains("Ввести списки"), "{reason}");
    let view = web.people("classteacher", &own);
    let ids: Vec<&str> = view["students"]
        .as_array()
        .expect("students")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert!(
        !ids.contains(&forged.to_string().as_str()),
        "not on the server"
    );
    assert_eq!(
        student(&view, &listed.to_string())["last_name"],
        "Исправленная"
    );
    let (_, after) = roster_doc(&dev, class);
    assert!(
        !after.students.contains_key(&forged),
        "the device dropped it"
    );
}
