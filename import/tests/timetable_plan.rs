//! Timetables from FET matched to a small school (teachers «Фамилия И.О.», «5 а», groups and
//! subgroups, subjects by abbreviation, hours by bell times), remembered answers, and plans
//! that change nothing on re-import and only what changed on a changed file.

use chrono::Weekday;
use zvonok_core::ids::{SlotId, StaffId};
use zvonok_core::model::Slot;
use zvonok_core::rights::Cohort;
use zvonok_import::timetable::{map_timetable, plan_timetable, read_fet_csv, read_fet_xml};
use zvonok_import::{CsvOptions, NameKind, NameMap, Target};

mod timetable_common;
use timetable_common::*;

#[test]
fn names_map_to_the_school() {
    let school = school();
    let mapped = map_timetable(&ru(), &school.data, &NameMap::new(), school.year);
    let by_row = |row: u32| {
        mapped
            .lessons
            .iter()
            .find(|l| l.row == row)
            .unwrap_or_else(|| panic!("row {row} is mapped"))
    };
    // «Иванова А.П.», hours by bell times.
    assert_eq!(by_row(2).teachers, vec![school.teacher("Иванова")]);
    assert_eq!((by_row(2).number, by_row(3).number), (1, 2));
    // «5 а» + «5Б»; «Смирнов» alone is unique (Смирнова is another person); «Физ. культура».
    let joint = by_row(4);
    assert_eq!(joint.cohorts, vec![school.class("5А"), school.class("5Б")]);
    assert_eq!(
        joint.teachers,
        vec![school.teacher("Смирнов"), school.teacher("Орлова Н.")]
    );
    assert_eq!(joint.subject, school.subjects["Физическая культура"]);
    assert_eq!(joint.number, 3);
    // Groups «5А Англ. 1», subject «Англ. яз.», «Кузнецова Е. А.» with spaces.
    assert_eq!(by_row(5).cohorts, vec![school.group("5А", "Англ. 1")]);
    assert_eq!(by_row(5).subject, school.subjects["Английский язык"]);
    assert_eq!(by_row(6).cohorts, vec![school.group("5А", "Англ. 2")]);
    assert_eq!(by_row(6).teachers, vec![school.teacher("Кузнецова")]);
    // Full name, «Рус. яз.».
    assert_eq!(by_row(7).teachers, vec![school.teacher("Петров")]);
    assert_eq!(by_row(7).subject, school.subjects["Русский язык"]);
    // «6A» with a Latin A, «ОБЖ» by initials, «Федоров» for «Фёдоров».
    assert_eq!(by_row(8).cohorts, vec![school.class("6А")]);
    assert_eq!(
        by_row(8).subject,
        school.subjects["Основы безопасности жизнедеятельности"]
    );
    assert_eq!(by_row(8).teachers, vec![school.teacher("Фёдоров")]);

    // The unknown teacher is asked once, with both of its rows; its lessons are left out.
    assert_eq!(mapped.unmatched.len(), 1, "{:?}", mapped.unmatched);
    let u = &mapped.unmatched[0];
    assert_eq!(
        (u.kind, u.name.as_str(), u.rows.clone()),
        (NameKind::Teacher, "Сидоров К.К.", vec![9, 12])
    );
    assert_eq!(mapped.lessons.len(), 8);
    assert_eq!(mapped.left_out.len(), 2);
    assert_eq!(mapped.errors.len(), 1, "the bad day stays an error");
}

#[test]
fn fet_subgroups_match_groups_by_number_and_subject() {
    let school = school();
    let source = read_fet_csv(EN_CSV, &CsvOptions::default()).unwrap();
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    let row = |r: u32| mapped.lessons.iter().find(|l| l.row == r).unwrap();
    // «5А_1» in Информатика → «Инф. 1»; «5А_2» in English → «Англ. 2».
    assert_eq!(row(5).cohorts, vec![school.group("5А", "Инф. 1")]);
    assert_eq!(row(6).cohorts, vec![school.group("5А", "Англ. 2")]);
    // Lesson 9 is not in the bells: a row error naming the lessons there are.
    let e = mapped.errors.iter().find(|e| e.row == 7).unwrap();
    assert_eq!(
        e.to_string(),
        "Строка 7, «Hour»: урока № 9 нет в расписании звонков (есть уроки 1–6). Добавьте его в звонки или исправьте номер урока."
    );
    // «Орлова» alone is two people: asked, with both offered.
    let u = &mapped.unmatched[0];
    assert_eq!(
        (u.kind, u.name.as_str(), u.rows.clone()),
        (NameKind::Teacher, "Орлова", vec![8])
    );
    let offered: Vec<Target> = u.suggestions.iter().map(|s| s.target).collect();
    assert_eq!(
        offered.len(),
        2,
        "{:?}",
        u.suggestions.iter().map(|s| &s.label).collect::<Vec<_>>()
    );
    assert!(offered.contains(&Target::Staff(school.teacher("Орлова М."))));
    assert!(offered.contains(&Target::Staff(school.teacher("Орлова Н."))));

    // The XML's subgroups map the same way.
    let xml = read_fet_xml(FET_XML).unwrap();
    let mapped = map_timetable(&xml, &school.data, &NameMap::new(), school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    let english: Vec<Vec<Cohort>> = mapped
        .lessons
        .iter()
        .filter(|l| l.subject == school.subjects["Английский язык"])
        .map(|l| l.cohorts.clone())
        .collect();
    assert_eq!(
        english,
        vec![
            vec![school.group("5А", "Англ. 1")],
            vec![school.group("5А", "Англ. 2")]
        ]
    );
}

#[test]
fn a_set_without_its_class_in_the_name_is_found_under_its_parent() {
    let school = school();
    let mut source = read_fet_xml(FET_XML).unwrap();
    for l in source.activities.iter_mut() {
        for s in l.students.iter_mut() {
            if s == "5А_2" {
                *s = "Англ-2".into();
            }
        }
    }
    source.parents.insert("Англ-2".into(), "5А".into());
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    assert!(mapped
        .lessons
        .iter()
        .any(|l| l.cohorts == vec![school.group("5А", "Англ. 2")]));
}

#[test]
fn a_remembered_answer_is_used_and_the_name_not_asked_again() {
    let school = school();
    let mut names = NameMap::new();
    names.remember("сидоров к. к.", Target::Staff(school.teacher("Иванова")));
    // An hour by a time the bells do not have, answered earlier.
    names.remember("07:45-08:25", Target::Lesson(1));
    let mut source = ru();
    source.activities[0].hour = times("07:45", "08:25");
    let mapped = map_timetable(&source, &school.data, &names, school.year);
    assert!(mapped.unmatched.is_empty(), "{:?}", mapped.unmatched);
    let sidorov: Vec<u32> = mapped
        .lessons
        .iter()
        .filter(|l| [9, 12].contains(&l.row))
        .map(|l| {
            assert_eq!(l.teachers, vec![school.teacher("Иванова")]);
            l.row
        })
        .collect();
    assert_eq!(sidorov, vec![9, 12]);
    assert_eq!(mapped.lessons[0].number, 1);

    // Without the hour's answer, that time is asked, with the bells offered.
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    let hour = mapped
        .unmatched
        .iter()
        .find(|u| u.kind == NameKind::Hour)
        .unwrap();
    assert_eq!(
        (hour.name.as_str(), hour.rows.clone()),
        ("07:45-08:25", vec![2])
    );
    assert_eq!(hour.suggestions.len(), 6);
    assert_eq!(hour.suggestions[0].label, "1 урок (08:30-09:15)");

    // An answer naming someone no longer in the school is ignored: asked again.
    let mut stale = NameMap::new();
    stale.remember("Сидоров К.К.", Target::Staff(StaffId::new()));
    let mapped = map_timetable(&ru(), &school.data, &stale, school.year);
    assert_eq!(mapped.unmatched.len(), 1);

    // The map survives a round trip through JSON (the caller stores it).
    let json = serde_json::to_string(&names).unwrap();
    assert_eq!(serde_json::from_str::<NameMap>(&json).unwrap(), names);
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let school = school();
    let mut names = NameMap::new();
    names.remember("Сидоров К.К.", Target::Staff(school.teacher("Иванова")));
    let mut timetable = school.empty_timetable();
    let first = plan_timetable(&ru(), &school.data, &names, &timetable);
    // 8 mapped rows, the joint one for two classes, two rows of «Сидоров» answered: 11 slots.
    assert_eq!(first.counts.added, 11);
    assert_eq!(first.slots_to_put.len(), 11);
    assert!(first.slots_to_remove.is_empty());
    assert_eq!(first.errors.len(), 1);
    // The joint PE lesson («Смирнов+Орлова Н.П.») keeps both teachers in both classes'
    // slots: Смирнов leads, Орлова co-teaches; nothing is left over for the preview.
    assert!(
        first.extra_teachers.is_empty(),
        "{:?}",
        first.extra_teachers
    );
    let pe: Vec<&Slot> = first
        .slots_to_put
        .iter()
        .filter(|s| s.subject == school.subjects["Физическая культура"])
        .collect();
    assert_eq!(pe.len(), 2);
    for s in &pe {
        assert_eq!(s.teacher, school.teacher("Смирнов"));
        assert_eq!(s.co_teachers, vec![school.teacher("Орлова Н.")]);
    }
    let others: Vec<&Slot> = first
        .slots_to_put
        .iter()
        .filter(|s| s.subject != school.subjects["Физическая культура"])
        .collect();
    assert!(others.iter().all(|s| s.co_teachers.is_empty()));
    // Previews agree: ids come from the slots' identity.
    let again = plan_timetable(&ru(), &school.data, &names, &timetable);
    assert_eq!(again.slots_to_put, first.slots_to_put);

    first.apply(&mut timetable);
    assert_eq!(timetable.slots.len(), 11);
    let second = plan_timetable(&ru(), &school.data, &names, &timetable);
    assert!(second.is_empty(), "{:?}", second.slots_to_put);
    assert_eq!(second.counts.unchanged, 11);

    // Also for the XML file.
    let xml = read_fet_xml(FET_XML).unwrap();
    let mut timetable = school.empty_timetable();
    let plan = plan_timetable(&xml, &school.data, &NameMap::new(), &timetable);
    assert_eq!(
        plan.counts.added, 8,
        "7 lessons, the joint one for 5Б and 6А"
    );
    plan.apply(&mut timetable);
    // The XML's joint lesson names both teachers too.
    let joint: Vec<&Slot> = timetable
        .slots
        .values()
        .filter(|s| !s.co_teachers.is_empty())
        .collect();
    assert_eq!(joint.len(), 2, "5Б and 6А");
    assert!(joint.iter().all(|s| s.teacher == school.teacher("Смирнов")
        && s.co_teachers == vec![school.teacher("Орлова Н.")]));
    let reread = read_fet_xml(FET_XML).unwrap();
    assert!(plan_timetable(&reread, &school.data, &NameMap::new(), &timetable).is_empty());
}

#[test]
fn a_changed_file_changes_only_what_changed() {
    let school = school();
    let names = NameMap::new();
    let mut timetable = school.empty_timetable();
    // A class entered by hand that the file does not cover, and a hand slot of 6А where
    // the file's lesson has an unknown teacher: both stay.
    let hand_7a = Slot {
        id: SlotId::new(),
        weekday: Weekday::Mon,
        number: 1,
        cohort: school.class("7А"),
        subject: school.subjects["Литература"],
        teacher: school.teacher("Петров"),
        co_teachers: Vec::new(),
        room: "101".into(),
        week: Default::default(),
        version: None,
    };
    let hand_6a = Slot {
        id: SlotId::new(),
        weekday: Weekday::Wed,
        number: 2,
        cohort: school.class("6А"),
        subject: school.subjects["Математика"],
        teacher: school.teacher("Иванова"),
        co_teachers: Vec::new(),
        room: "201".into(),
        week: Default::default(),
        version: None,
    };
    for s in [&hand_7a, &hand_6a] {
        timetable.slots.insert(s.id, s.clone());
    }
    let first = plan_timetable(&ru(), &school.data, &names, &timetable);
    assert!(
        first.slots_to_remove.is_empty(),
        "nothing of the school's removed"
    );
    // Row 9 (6А, Wednesday, lesson 2) has an unknown teacher: left out, and the hand slot
    // where it would stand is kept.
    assert_eq!(first.counts.added, 9);
    first.apply(&mut timetable);
    let before = timetable.clone();

    // The changed file: the two-hour maths moves from room 201 to 202 (both rows), the
    // Thursday literature (row 11) is gone, and 5Б's Russian becomes a Monday lesson 5.
    let text = String::from_utf8(RU_CSV.to_vec()).unwrap();
    let changed: String = text
        .split_inclusive('\n')
        .filter(|line| !line.starts_with("\"9\";"))
        .map(|line| {
            if line.starts_with("\"1\";") {
                line.replace("\"201\"", "\"202\"")
            } else if line.starts_with("\"5\";") {
                line.replace(
                    "\"Вторник\";\"09:25-10:10\"",
                    "\"Понедельник\";\"12:30-13:15\"",
                )
            } else {
                line.to_string()
            }
        })
        .collect();
    let source = read_fet_csv(changed.as_bytes(), &CsvOptions::default()).unwrap();
    let plan = plan_timetable(&source, &school.data, &names, &timetable);
    assert_eq!(
        (
            plan.counts.added,
            plan.counts.changed,
            plan.counts.removed,
            plan.counts.unchanged
        ),
        (1, 2, 2, 5)
    );
    // The changed rooms keep their slots' ids.
    let maths: Vec<&Slot> = before
        .slots
        .values()
        .filter(|s| s.cohort == school.class("5А") && s.subject == school.subjects["Математика"])
        .collect();
    let mut put_ids: Vec<SlotId> = plan
        .slots_to_put
        .iter()
        .filter(|s| s.room == "202")
        .map(|s| s.id)
        .collect();
    let mut math_ids: Vec<SlotId> = maths.iter().map(|s| s.id).collect();
    put_ids.sort();
    math_ids.sort();
    assert_eq!(put_ids, math_ids);
    // Removed: Thursday's literature and Tuesday's Russian (moved to Monday, lesson 5).
    let removed: Vec<(Weekday, u8)> = plan
        .slots_to_remove
        .iter()
        .map(|id| (before.slots[id].weekday, before.slots[id].number))
        .collect();
    assert_eq!(removed.len(), 2);
    assert!(removed.contains(&(Weekday::Thu, 3)));
    assert!(removed.contains(&(Weekday::Tue, 2)));
    assert!(!plan.slots_to_remove.contains(&hand_7a.id));
    assert!(!plan.slots_to_remove.contains(&hand_6a.id));

    // After applying, the changed file plans nothing more, and the result is what the
    // changed file imported into an empty timetable gives (plus the hand slots).
    plan.apply(&mut timetable);
    assert!(plan_timetable(&source, &school.data, &names, &timetable).is_empty());
    let fresh = plan_timetable(&source, &school.data, &names, &school.empty_timetable());
    let mut expected = fresh.slots_to_put.clone();
    expected.push(hand_7a.clone());
    expected.push(hand_6a.clone());
    let now: Vec<Slot> = timetable.slots.values().cloned().collect();
    assert_eq!(view(&now), view(&expected));
}

#[test]
fn the_same_lesson_twice_in_a_file_is_a_row_error_naming_the_first_row() {
    let school = school();
    let csv = "Activity Id,Day,Hour,Students Sets,Subject,Teachers,Room\n\
               1,Monday,1,5Б,Математика,Иванова А.П.,201\n\
               2,Monday,1,5 б,Математика,Петров С.И.,202\n";
    let source = read_fet_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let plan = plan_timetable(
        &source,
        &school.data,
        &NameMap::new(),
        &school.empty_timetable(),
    );
    assert_eq!(plan.slots_to_put.len(), 1);
    assert_eq!(plan.slots_to_put[0].teacher, school.teacher("Иванова"));
    assert_eq!(plan.errors.len(), 1);
    assert_eq!(
        plan.errors[0].to_string(),
        "Строка 3: Урок в пн № 1 у того же класса или группы по тому же предмету уже есть в строке 2. Удалите повторную строку."
    );
}

#[test]
fn a_day_outside_the_school_week_is_a_row_error() {
    let school = school();
    let csv = "Activity Id;Day;Hour;Students Sets;Subject;Teachers\n1;Суббота;1;5А;Математика;Иванова А.П.\n";
    let source = read_fet_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let mapped = map_timetable(&source, &school.data, &NameMap::new(), school.year);
    assert!(mapped.lessons.is_empty());
    assert_eq!(
        mapped.errors[0].to_string(),
        "Строка 2, «Day»: «суббота» — в школе 5-дневная неделя, этого дня в ней нет. Перенесите урок на другой день или измените длину недели в настройках школы."
    );
}

#[test]
fn an_unknown_co_teacher_is_asked_and_then_kept_with_the_lead() {
    let school = school();
    let csv = "Activity Id,Day,Hour,Students Sets,Subject,Teachers,Room\n\
               1,Monday,1,5Б,Математика,Иванова А.П.+Сидоров К.К.,201\n\
               2,Monday,2,5Б,Математика,Иванова А.П.+Петров С.И.+Иванова А.П.,201\n";
    let source = read_fet_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let timetable = school.empty_timetable();
    let plan = plan_timetable(&source, &school.data, &NameMap::new(), &timetable);
    // The co-teacher's unknown name is asked like a lead's; that lesson waits for the answer.
    assert_eq!(plan.unmatched.len(), 1);
    assert_eq!(plan.unmatched[0].name, "Сидоров К.К.");
    assert_eq!(plan.unmatched[0].kind, NameKind::Teacher);
    assert_eq!(plan.slots_to_put.len(), 1);
    // A teacher written twice in one lesson counts once.
    assert_eq!(plan.slots_to_put[0].teacher, school.teacher("Иванова"));
    assert_eq!(
        plan.slots_to_put[0].co_teachers,
        vec![school.teacher("Петров")]
    );

    let mut names = NameMap::new();
    names.remember("Сидоров К.К.", Target::Staff(school.teacher("Смирнов")));
    let plan = plan_timetable(&source, &school.data, &names, &timetable);
    assert!(plan.unmatched.is_empty());
    let first = plan
        .slots_to_put
        .iter()
        .find(|s| s.number == 1)
        .expect("the answered lesson");
    assert_eq!(first.teacher, school.teacher("Иванова"));
    assert_eq!(first.co_teachers, vec![school.teacher("Смирнов")]);
}

#[test]
fn a_changed_co_teacher_changes_the_slot_and_more_than_four_are_listed() {
    let school = school();
    let mut timetable = school.empty_timetable();
    let csv = |teachers: &str| {
        format!(
            "Activity Id,Day,Hour,Students Sets,Subject,Teachers,Room\n\
             1,Monday,1,5Б,Математика,{teachers},201\n"
        )
    };
    let read = |text: String| read_fet_csv(text.as_bytes(), &CsvOptions::default()).unwrap();
    let first = plan_timetable(
        &read(csv("Иванова А.П.+Петров С.И.")),
        &school.data,
        &NameMap::new(),
        &timetable,
    );
    first.apply(&mut timetable);
    let id = first.slots_to_put[0].id;
    let second = plan_timetable(
        &read(csv("Иванова А.П.+Смирнов И.О.")),
        &school.data,
        &NameMap::new(),
        &timetable,
    );
    assert_eq!(second.counts.changed, 1);
    assert_eq!(second.slots_to_put[0].id, id, "the slot keeps its id");
    assert_eq!(
        second.slots_to_put[0].co_teachers,
        vec![school.teacher("Смирнов")]
    );
    let five = plan_timetable(
        &read(csv(
            "Иванова А.П.+Петров С.И.+Смирнов И.О.+Кузнецова Е.А.+Фёдоров П.И.",
        )),
        &school.data,
        &NameMap::new(),
        &timetable,
    );
    assert_eq!(five.slots_to_put[0].co_teachers.len(), 3);
    assert_eq!(five.extra_teachers.len(), 1);
    assert_eq!(
        five.extra_teachers[0].others,
        vec![school.teacher("Фёдоров")]
    );
}
