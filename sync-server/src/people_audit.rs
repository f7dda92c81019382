//! Readable audit lines about people data, from the typed data before and after a write: what
//! changed in a class list (students and guardians added or renamed, links, groups, active) and
//! which fields of whose personal file changed. One line per student the write touched (a
//! guardian's change concerns every child linked to them); a change that concerns no student
//! (a guardian with no child on the list) is a line of its own. The values of personal fields
//! (phone, SNILS, address …) never appear: only which field changed.

use std::collections::{BTreeMap, BTreeSet};

use zvonok_core::doc::personal::{GuardianFile, PersonalData, StudentFile};
use zvonok_core::doc::roster::RosterData;
use zvonok_core::ids::{GroupId, GuardianId, StudentId};
use zvonok_core::model::{Guardian, Student};

/// One audit line: the student it concerns (if any) and what happened, in Russian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleLine {
    pub student: Option<StudentId>,
    pub detail: String,
}

/// Phrases collected per student, then joined into lines.
#[derive(Default)]
struct Lines {
    per_student: BTreeMap<StudentId, Vec<String>>,
    unattached: Vec<String>,
}

impl Lines {
    fn student(&mut self, s: StudentId, phrase: String) {
        self.per_student.entry(s).or_default().push(phrase);
    }

    /// A phrase about a guardian: on the line of each linked child, or a line of its own.
    fn guardian(&mut self, children: &BTreeSet<StudentId>, heading: &str, phrase: &str) {
        if children.is_empty() {
            self.unattached.push(format!("{heading}: {phrase}"));
        }
        for s in children {
            self.student(*s, format!("{}: {phrase}", lower_first(heading)));
        }
    }

    fn finish(self, name_of: impl Fn(StudentId) -> String) -> Vec<PeopleLine> {
        let mut out: Vec<PeopleLine> = self
            .per_student
            .into_iter()
            .map(|(s, phrases)| PeopleLine {
                student: Some(s),
                detail: format!("Ученик {}: {}", name_of(s), phrases.join("; ")),
            })
            .collect();
        out.extend(self.unattached.into_iter().map(|detail| PeopleLine {
            student: None,
            detail,
        }));
        out
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn guardian_label(g: &Guardian) -> String {
    if g.relation.trim().is_empty() {
        g.full_name()
    } else {
        format!("{} ({})", g.full_name(), g.relation.trim())
    }
}

/// The children of `g` on either list (a link removed still concerns the child).
fn children_of(g: GuardianId, before: &RosterData, after: &RosterData) -> BTreeSet<StudentId> {
    before
        .links
        .iter()
        .chain(after.links.iter())
        .filter(|(lg, _)| *lg == g)
        .map(|(_, s)| *s)
        .collect()
}

fn student_name(s: StudentId, before: &RosterData, after: &RosterData) -> String {
    after
        .students
        .get(&s)
        .or_else(|| before.students.get(&s))
        .map(Student::full_name)
        .unwrap_or_else(|| format!("(нет в списке, {s})"))
}

/// What a write changed in a class list. `group_name` names a group of the school.
pub fn roster_lines(
    before: &RosterData,
    after: &RosterData,
    group_name: impl Fn(GroupId) -> Option<String>,
) -> Vec<PeopleLine> {
    let mut lines = Lines::default();
    for (id, s) in &after.students {
        match before.students.get(id) {
            None => lines.student(*id, "новая запись в списке класса".into()),
            Some(old) => {
                if old.full_name() != s.full_name() {
                    lines.student(*id, format!("изменено ФИО (было «{}»)", old.full_name()));
                }
                if old.active != s.active {
                    lines.student(
                        *id,
                        if s.active {
                            "снова в списке класса (активен)".into()
                        } else {
                            "отмечен как выбывший (неактивен)".into()
                        },
                    );
                }
            }
        }
    }
    for id in before.students.keys() {
        if !after.students.contains_key(id) {
            lines.student(*id, "запись удалена из списка класса".into());
        }
    }
    let guardian = |g: GuardianId| after.guardians.get(&g).or_else(|| before.guardians.get(&g));
    let label = |g: GuardianId| {
        guardian(g)
            .map(guardian_label)
            .unwrap_or_else(|| format!("(нет в списке, {g})"))
    };
    let old_links: BTreeSet<_> = before.links.iter().copied().collect();
    let new_links: BTreeSet<_> = after.links.iter().copied().collect();
    for (g, s) in new_links.difference(&old_links) {
        let new = if before.guardians.contains_key(g) {
            ""
        } else {
            ", новая запись"
        };
        let phrase = match guardian(*g) {
            Some(gd) if !gd.relation.trim().is_empty() => format!(
                "добавлена связь с родителем {} ({}{new})",
                gd.full_name(),
                gd.relation.trim()
            ),
            _ if new.is_empty() => format!("добавлена связь с родителем {}", label(*g)),
            _ => format!("добавлена связь с родителем {} (новая запись)", label(*g)),
        };
        lines.student(*s, phrase);
    }
    for (g, s) in old_links.difference(&new_links) {
        lines.student(*s, format!("удалена связь с родителем {}", label(*g)));
    }
    for (id, g) in &after.guardians {
        let children = children_of(*id, before, after);
        let heading = format!("Родитель {}", g.full_name());
        match before.guardians.get(id) {
            // A new guardian linked to a child is told by the link.
            None if children.is_empty() => {
                lines.guardian(&children, &heading, "новая запись в списке класса")
            }
            None => {}
            Some(old) => {
                if old.full_name() != g.full_name() {
                    let phrase = format!("изменено ФИО (было «{}»)", old.full_name());
                    lines.guardian(&children, &heading, &phrase);
                }
                if old.relation.trim() != g.relation.trim() {
                    let phrase = format!(
                        "изменено «кем приходится»: «{}» → «{}»",
                        old.relation.trim(),
                        g.relation.trim()
                    );
                    lines.guardian(&children, &heading, &phrase);
                }
            }
        }
    }
    for (id, g) in &before.guardians {
        if !after.guardians.contains_key(id) {
            let children = children_of(*id, before, after);
            let heading = format!("Родитель {}", g.full_name());
            lines.guardian(&children, &heading, "запись удалена из списка класса");
        }
    }
    let group = |g: GroupId| {
        group_name(g)
            .map(|n| format!("«{n}»"))
            .unwrap_or_else(|| "класса".into())
    };
    let old_groups: BTreeSet<_> = before.group_members.iter().copied().collect();
    let new_groups: BTreeSet<_> = after.group_members.iter().copied().collect();
    for (g, s) in new_groups.difference(&old_groups) {
        lines.student(*s, format!("зачисление в группу {}", group(*g)));
    }
    for (g, s) in old_groups.difference(&new_groups) {
        lines.student(*s, format!("исключение из группы {}", group(*g)));
    }
    lines.finish(|s| student_name(s, before, after))
}

/// A field of a personal file as the audit names it: its title, the grammatical gender of the
/// past participle («изменён телефон», «изменена дата рождения») and whether it is set.
struct Field {
    title: &'static str,
    feminine: bool,
    value: Option<String>,
}

impl Field {
    fn new(title: &'static str, feminine: bool, value: Option<String>) -> Self {
        Field {
            title,
            feminine,
            value: value.filter(|v| !v.trim().is_empty()),
        }
    }

    /// «изменён телефон», «заполнена дата рождения», «удалён СНИЛС»: never the value.
    fn phrase(&self, old: &Field) -> Option<String> {
        if self.value == old.value {
            return None;
        }
        let (m, f) = match (&old.value, &self.value) {
            (None, Some(_)) => ("заполнен", "заполнена"),
            (Some(_), None) => ("удалён", "удалена"),
            _ => ("изменён", "изменена"),
        };
        Some(format!(
            "{} {}",
            if self.feminine { f } else { m },
            self.title
        ))
    }
}

fn student_fields(f: Option<&StudentFile>) -> [Field; 7] {
    let text = |get: fn(&StudentFile) -> &String| f.map(|f| get(f).clone());
    [
        Field::new(
            "дата рождения",
            true,
            f.and_then(|f| f.birth_date).map(|d| d.to_string()),
        ),
        Field::new("адрес", false, text(|f| &f.address)),
        Field::new(
            "вид документа",
            false,
            f.and_then(|f| f.document_kind)
                .map(|k| k.as_str().to_string()),
        ),
        Field::new("серия документа", true, text(|f| &f.document_series)),
        Field::new("номер документа", false, text(|f| &f.document_number)),
        Field::new("телефон", false, text(|f| &f.phone)),
        Field::new("СНИЛС", false, text(|f| &f.snils)),
    ]
}

fn guardian_fields(f: Option<&GuardianFile>) -> [Field; 3] {
    let text = |get: fn(&GuardianFile) -> &String| f.map(|f| get(f).clone());
    [
        Field::new("телефон", false, text(|f| &f.phone)),
        Field::new("e-mail", false, text(|f| &f.email)),
        Field::new("адрес", false, text(|f| &f.address)),
    ]
}

fn changed_fields(new: &[Field], old: &[Field]) -> Option<String> {
    let phrases: Vec<String> = new
        .iter()
        .zip(old)
        .filter_map(|(n, o)| n.phrase(o))
        .collect();
    (!phrases.is_empty()).then(|| format!("личное дело: {}", phrases.join(", ")))
}

/// Which fields of whose personal file a write changed; `roster` (the class list) names the
/// people and links guardians to their children.
pub fn personal_lines(
    before: &PersonalData,
    after: &PersonalData,
    roster: &RosterData,
) -> Vec<PeopleLine> {
    let mut lines = Lines::default();
    let students: BTreeSet<StudentId> = before
        .students
        .keys()
        .chain(after.students.keys())
        .copied()
        .collect();
    for s in students {
        let new = student_fields(after.students.get(&s));
        let old = student_fields(before.students.get(&s));
        if let Some(phrase) = changed_fields(&new, &old) {
            lines.student(s, phrase);
        }
    }
    let guardians: BTreeSet<GuardianId> = before
        .guardians
        .keys()
        .chain(after.guardians.keys())
        .copied()
        .collect();
    for g in guardians {
        let new = guardian_fields(after.guardians.get(&g));
        let old = guardian_fields(before.guardians.get(&g));
        if let Some(phrase) = changed_fields(&new, &old) {
            let children = children_of(g, roster, roster);
            let name = roster
                .guardians
                .get(&g)
                .map(Guardian::full_name)
                .unwrap_or_else(|| format!("(нет в списке, {g})"));
            lines.guardian(&children, &format!("Родитель {name}"), &phrase);
        }
    }
    lines.finish(|s| student_name(s, roster, roster))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::ClassId;

    fn student(last: &str, first: &str) -> Student {
        Student {
            id: StudentId::new(),
            last_name: last.into(),
            first_name: first.into(),
            middle_name: String::new(),
            active: true,
        }
    }

    fn guardian(last: &str, first: &str, relation: &str) -> Guardian {
        Guardian {
            id: GuardianId::new(),
            last_name: last.into(),
            first_name: first.into(),
            middle_name: String::new(),
            relation: relation.into(),
        }
    }

    #[test]
    fn a_link_names_the_student_and_the_guardian() {
        let mut before = RosterData::new(ClassId::new());
        let vera = student("Орлова", "Вера");
        let petr = guardian("Орлов", "Пётр", "отец");
        before.students.insert(vera.id, vera.clone());
        before.guardians.insert(petr.id, petr.clone());
        let mut after = before.clone();
        after.links.push((petr.id, vera.id));
        let lines = roster_lines(&before, &after, |_| None);
        assert_eq!(
            lines,
            vec![PeopleLine {
                student: Some(vera.id),
                detail: "Ученик Орлова Вера: добавлена связь с родителем Орлов Пётр (отец)".into()
            }]
        );
        // Renaming the guardian concerns the linked child; unlinking says so.
        let mut renamed = after.clone();
        renamed.guardians.get_mut(&petr.id).expect("g").last_name = "Орлов-Белый".into();
        let lines = roster_lines(&after, &renamed, |_| None);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0]
                .detail
                .contains("родитель Орлов-Белый Пётр: изменено ФИО (было «Орлов Пётр»)"),
            "{lines:?}"
        );
        let lines = roster_lines(&after, &before, |_| None);
        assert_eq!(
            lines[0].detail,
            "Ученик Орлова Вера: удалена связь с родителем Орлов Пётр (отец)"
        );
    }

    #[test]
    fn new_students_groups_and_active_are_told_per_student() {
        let before = RosterData::new(ClassId::new());
        let mut after = before.clone();
        let (a, mut b) = (student("Белова", "Анна"), student("Волков", "Борис"));
        after.students.insert(a.id, a.clone());
        after.students.insert(b.id, b.clone());
        let group = GroupId::new();
        after.group_members.push((group, a.id));
        let lines = roster_lines(&before, &after, |_| Some("Англ. 1".into()));
        assert_eq!(lines.len(), 2);
        let of_a = lines.iter().find(|l| l.student == Some(a.id)).expect("a");
        assert_eq!(
            of_a.detail,
            "Ученик Белова Анна: новая запись в списке класса; зачисление в группу «Англ. 1»"
        );
        let mut later = after.clone();
        b.active = false;
        later.students.insert(b.id, b.clone());
        let lines = roster_lines(&after, &later, |_| None);
        assert_eq!(
            lines,
            vec![PeopleLine {
                student: Some(b.id),
                detail: "Ученик Волков Борис: отмечен как выбывший (неактивен)".into()
            }]
        );
        assert!(roster_lines(&later, &later, |_| None).is_empty());
    }

    #[test]
    fn personal_lines_name_fields_never_values() {
        let mut roster = RosterData::new(ClassId::new());
        let vera = student("Орлова", "Вера");
        let petr = guardian("Орлов", "Пётр", "отец");
        let alone = guardian("Сидорова", "Нина", "");
        roster.students.insert(vera.id, vera.clone());
        roster.guardians.insert(petr.id, petr.clone());
        roster.guardians.insert(alone.id, alone.clone());
        roster.links.push((petr.id, vera.id));
        let before = PersonalData::new(roster.class);
        let mut after = before.clone();
        let file = after.students.entry(vera.id).or_default();
        file.phone = "+79121112233".into();
        file.snils = "112-233-445 95".into();
        file.birth_date = chrono::NaiveDate::from_ymd_opt(2015, 3, 12);
        after.guardians.entry(petr.id).or_default().email = "petr@example.ru".into();
        after.guardians.entry(alone.id).or_default().address = "ул. Ленина, 1".into();
        let lines = personal_lines(&before, &after, &roster);
        assert_eq!(
            lines,
            vec![
                PeopleLine {
                    student: Some(vera.id),
                    detail: "Ученик Орлова Вера: личное дело: заполнена дата рождения, \
                             заполнен телефон, заполнен СНИЛС; родитель Орлов Пётр: личное \
                             дело: заполнен e-mail"
                        .into()
                },
                PeopleLine {
                    student: None,
                    detail: "Родитель Сидорова Нина: личное дело: заполнен адрес".into()
                },
            ]
        );
        let mut changed = after.clone();
        changed.students.get_mut(&vera.id).expect("file").phone = "+79990001122".into();
        let lines = personal_lines(&after, &changed, &roster);
        assert_eq!(
            lines[0].detail,
            "Ученик Орлова Вера: личное дело: изменён телефон"
        );
        for l in personal_lines(&before, &after, &roster)
            .iter()
            .chain(&lines)
        {
            for value in ["7912", "7999", "112-233", "2015", "petr@", "Ленина"] {
                assert!(!l.detail.contains(value), "{value} in {}", l.detail);
            }
        }
    }
}
