//! Matching one name from a timetable file to the school's entity, by the project's one name
//! rule ([`normalize`], [`class_key`]): teachers «Фамилия И.О.» / «Фамилия Имя Отчество» /
//! «Фамилия» (when unique), classes «5А» / «5 а» / «5A», groups «5А Англ. 1» / «5А_1»,
//! subjects by name or unique abbreviation («Рус. яз.», «Матем», «ОБЖ»), hours by time.
//! A name that matches nothing, or more than one thing, gives suggestions instead.

use std::collections::{BTreeMap, HashMap};

use zvonok_core::doc::school::SchoolData;
use zvonok_core::ids::{ClassId, StaffId, SubjectId, YearId};
use zvonok_core::model::{Class, Group, StaffMember, Subject};
use zvonok_core::names::{class_key, normalize};
use zvonok_core::rights::Cohort;

use crate::timetable::name_map::Target;
use crate::timetable::source::normalize_time;

/// A candidate offered for a name that did not match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Suggestion {
    pub target: Target,
    /// How the school names it: «Иванова Анна Петровна», «5А, Англ. 1», «Математика».
    pub label: String,
}

/// At most this many suggestions per name.
const SUGGESTIONS: usize = 6;

/// The school's entities indexed for matching; built once per import.
pub struct SchoolIndex<'a> {
    school: &'a SchoolData,
    classes: HashMap<String, ClassId>,
    groups: BTreeMap<ClassId, Vec<&'a Group>>,
    /// Bell start and end times («08:30») → lesson number.
    bell_starts: HashMap<String, u8>,
    bell_ends: HashMap<String, u8>,
}

impl<'a> SchoolIndex<'a> {
    /// Indexes `school`, with the classes of `year` only when given (last year's «5А» is
    /// another class with the same name).
    pub fn new(school: &'a SchoolData, year: Option<YearId>) -> SchoolIndex<'a> {
        let in_year = |c: &&Class| year.is_none_or(|y| c.year == y);
        let mut groups: BTreeMap<ClassId, Vec<&Group>> = BTreeMap::new();
        for g in school.groups.values() {
            if school.classes.get(&g.class).is_some_and(|c| in_year(&c)) {
                groups.entry(g.class).or_default().push(g);
            }
        }
        let time = |t: &str| normalize_time(t).unwrap_or_else(|| t.trim().to_string());
        SchoolIndex {
            school,
            classes: school
                .classes
                .values()
                .filter(in_year)
                .map(|c| (class_key(&c.name()), c.id))
                .collect(),
            groups,
            bell_starts: school
                .bells
                .iter()
                .map(|b| (time(&b.start), b.number))
                .collect(),
            bell_ends: school
                .bells
                .iter()
                .map(|b| (time(&b.end), b.number))
                .collect(),
        }
    }

    pub fn school(&self) -> &SchoolData {
        self.school
    }

    /// Whether an answer remembered earlier still names something in the school.
    pub fn exists(&self, target: Target) -> bool {
        let s = self.school;
        match target {
            Target::Staff(id) => s.staff.contains_key(&id),
            Target::Cohort(Cohort::Class(c)) => self.classes.values().any(|id| *id == c),
            Target::Cohort(Cohort::Group { class, group }) => self
                .groups
                .get(&class)
                .is_some_and(|gs| gs.iter().any(|g| g.id == group)),
            Target::Subject(id) => s.subjects.contains_key(&id),
            Target::Lesson(n) => s.bells.is_empty() || s.bells.iter().any(|b| b.number == n),
        }
    }

    // ---- teachers ----

    /// «Иванова А.П.», «Иванова А. П.», «Иванова Анна Петровна», «Иванова» (unique),
    /// «Анна Петровна Иванова».
    pub fn teacher(&self, name: &str) -> Result<StaffId, Vec<Suggestion>> {
        let tokens: Vec<String> = normalize(&name.replace('.', ". "))
            .split_whitespace()
            .map(|t| t.trim_matches('.').to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let Some((last, rest)) = tokens.split_first() else {
            return Err(Vec::new());
        };
        let mut found = self.staff_by(last, rest);
        if found.is_empty() && tokens.len() > 1 {
            let (last, rest) = tokens.split_last().unwrap_or((last, rest));
            found = self.staff_by(last, rest);
        }
        match found.as_slice() {
            [one] => Ok(one.id),
            [] => Err(self.staff_suggestions(|m| {
                let l = normalize(&m.last_name);
                l.chars().take(3).eq(last.chars().take(3))
            })),
            many => Err(many
                .iter()
                .take(SUGGESTIONS)
                .map(|m| staff_suggestion(m))
                .collect()),
        }
    }

    fn staff_by(&self, last: &str, rest: &[String]) -> Vec<&'a StaffMember> {
        if rest.len() > 2 {
            return Vec::new();
        }
        let fits = |written: Option<&String>, actual: &str| match written {
            None => true,
            Some(w) => {
                let actual = normalize(actual);
                if w.chars().count() == 1 {
                    actual.starts_with(w.as_str())
                } else {
                    actual == *w
                }
            }
        };
        self.school
            .staff
            .values()
            .filter(|m| normalize(&m.last_name) == last)
            .filter(|m| fits(rest.first(), &m.first_name) && fits(rest.get(1), &m.middle_name))
            .collect()
    }

    fn staff_suggestions(&self, keep: impl Fn(&StaffMember) -> bool) -> Vec<Suggestion> {
        self.school
            .staff
            .values()
            .filter(|m| keep(m))
            .take(SUGGESTIONS)
            .map(staff_suggestion)
            .collect()
    }

    // ---- classes and groups ----

    /// A class «5А» / «5 а» / «5A», or a group of a class: «5А Англ. 1», «5А_1», «5а-1»; a
    /// set without a class in its name is looked for under its `parents` (FET's subgroup
    /// under its group). `subject` breaks ties between groups numbered alike («5А_1» in
    /// English → «Англ. 1», not «Инф. 1»).
    pub fn student_set(
        &self,
        name: &str,
        subject: &str,
        parents: &BTreeMap<String, String>,
    ) -> Result<Cohort, Vec<Suggestion>> {
        if let Some(&class) = self.classes.get(&class_key(name)) {
            return Ok(Cohort::Class(class));
        }
        if let Some((class, rest)) = self.class_prefix(name) {
            return self.group_of(class, rest, subject);
        }
        // FET's subgroup under its group, up to a set that is a class.
        let mut parent = parents.get(name);
        let mut hops = 0;
        while let Some(p) = parent {
            if let Some(&class) = self.classes.get(&class_key(p)) {
                return self.group_of(class, name, subject);
            }
            hops += 1;
            parent = if hops < 4 { parents.get(p) } else { None };
        }
        let grade: String = name.chars().take_while(char::is_ascii_digit).collect();
        Err(self
            .classes
            .values()
            .filter_map(|id| self.school.classes.get(id))
            .filter(|c| !grade.is_empty() && c.grade.to_string() == grade)
            .take(SUGGESTIONS)
            .map(|c| Suggestion {
                target: Target::Cohort(Cohort::Class(c.id)),
                label: c.name(),
            })
            .collect())
    }

    /// The longest start of `name` that is a class's name, and the rest (non-empty).
    fn class_prefix<'n>(&self, name: &'n str) -> Option<(ClassId, &'n str)> {
        let name = name.trim();
        let mut best = None;
        for (i, _) in name.char_indices().skip(1) {
            if let Some(&class) = self.classes.get(&class_key(&name[..i])) {
                best = Some((class, &name[i..]));
            }
        }
        best.filter(|(_, rest)| !group_key(rest).is_empty())
    }

    fn group_of(
        &self,
        class: ClassId,
        written: &str,
        subject: &str,
    ) -> Result<Cohort, Vec<Suggestion>> {
        let groups = self.groups.get(&class).map(Vec::as_slice).unwrap_or(&[]);
        let class_name = self
            .school
            .classes
            .get(&class)
            .map(|c| c.name())
            .unwrap_or_default();
        // A group's own name, without its class's name in front («5А англ 1» → «англ 1»).
        let own = |g: &Group| -> String {
            let key = group_key(&g.name);
            let prefix = group_key(&class_name);
            key.strip_prefix(&prefix)
                .filter(|r| !r.is_empty())
                .map_or(key.clone(), str::to_string)
        };
        let want = group_key(written);
        let exact: Vec<&&Group> = groups.iter().filter(|g| own(g) == want).collect();
        let found: Vec<&&Group> = if exact.is_empty() {
            let (letters, digits) = split_letters_digits(&want);
            let alike: Vec<&&Group> = groups
                .iter()
                .filter(|g| {
                    let (gl, gd) = split_letters_digits(&own(g));
                    gd == digits
                        && (letters.is_empty()
                            || gl.is_empty()
                            || gl.starts_with(&letters)
                            || letters.starts_with(&gl))
                })
                .collect();
            let subject = group_key(subject);
            let by_subject: Vec<&&Group> = alike
                .iter()
                .copied()
                .filter(|g| {
                    let (gl, _) = split_letters_digits(&own(g));
                    !gl.is_empty() && subject.starts_with(&gl)
                })
                .collect();
            if alike.len() > 1 && by_subject.len() == 1 {
                by_subject
            } else {
                alike
            }
        } else {
            exact
        };
        match found.as_slice() {
            [g] => Ok(Cohort::Group { class, group: g.id }),
            _ => {
                let offer: Vec<&&Group> = if found.is_empty() {
                    groups.iter().collect()
                } else {
                    found
                };
                Err(offer
                    .into_iter()
                    .take(SUGGESTIONS)
                    .map(|g| Suggestion {
                        target: Target::Cohort(Cohort::Group { class, group: g.id }),
                        label: format!("{class_name}, {}", g.name),
                    })
                    .collect())
            }
        }
    }

    // ---- subjects ----

    /// By name («математика»), by abbreviation of its words («Рус. яз.», «Матем»)
    /// or by initials («ОБЖ»); only when exactly one subject fits.
    pub fn subject(&self, name: &str) -> Result<SubjectId, Vec<Suggestion>> {
        let want = words(name);
        let subjects: Vec<&Subject> = self.school.subjects.values().collect();
        let exact: Vec<&&Subject> = subjects.iter().filter(|s| words(&s.name) == want).collect();
        if let [one] = exact.as_slice() {
            return Ok(one.id);
        }
        let upper = name.trim();
        let acronym = want.len() == 1
            && upper.chars().count() >= 2
            && upper.chars().all(|c| c.is_uppercase());
        let fits: Vec<&&Subject> = subjects
            .iter()
            .filter(|s| {
                let have = words(&s.name);
                let by_words = !want.is_empty()
                    && want.len() <= have.len()
                    && want
                        .iter()
                        .zip(&have)
                        .all(|(w, h)| h.starts_with(w.as_str()));
                let initials: String = have.iter().filter_map(|w| w.chars().next()).collect();
                by_words || (acronym && initials == want[0])
            })
            .collect();
        match fits.as_slice() {
            [one] => Ok(one.id),
            [] => {
                let first = want.first().and_then(|w| w.chars().next());
                Err(subjects
                    .iter()
                    .filter(|s| first.is_some() && normalize(&s.name).chars().next() == first)
                    .take(SUGGESTIONS)
                    .map(|s| subject_suggestion(s))
                    .collect())
            }
            many => Err(many
                .iter()
                .take(SUGGESTIONS)
                .map(|s| subject_suggestion(s))
                .collect()),
        }
    }

    // ---- hours ----

    /// The lesson whose bell starts (or, failing that, ends) at these times.
    pub fn lesson_at(&self, start: &str, end: &str) -> Result<u8, Vec<Suggestion>> {
        if let Some(n) = self
            .bell_starts
            .get(start)
            .or_else(|| self.bell_ends.get(end))
        {
            return Ok(*n);
        }
        Err(self
            .school
            .bells
            .iter()
            .take(12)
            .map(|b| Suggestion {
                target: Target::Lesson(b.number),
                label: format!("{} урок ({}-{})", b.number, b.start, b.end),
            })
            .collect())
    }

    /// «1–7»: the lesson numbers of the bells, for messages.
    pub fn bell_numbers(&self) -> String {
        let mut numbers: Vec<u8> = self.school.bells.iter().map(|b| b.number).collect();
        numbers.sort_unstable();
        match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => String::new(),
        }
    }

    pub fn has_lesson(&self, number: u8) -> bool {
        self.school.bells.is_empty() || self.school.bells.iter().any(|b| b.number == number)
    }
}

fn staff_suggestion(m: &StaffMember) -> Suggestion {
    Suggestion {
        target: Target::Staff(m.id),
        label: zvonok_core::model::full_name(&m.last_name, &m.first_name, &m.middle_name),
    }
}

fn subject_suggestion(s: &Subject) -> Suggestion {
    Suggestion {
        target: Target::Subject(s.id),
        label: s.name.clone(),
    }
}

/// A group name for comparison: normalised, letters and digits only («Англ. 1» → «англ1»).
fn group_key(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// «англ1» → («англ», «1»). Words that only say «group» («1 группа», «2 гр.», «Group 1»)
/// give no letters, so such a group is told apart by its number (and the lesson's subject).
fn split_letters_digits(key: &str) -> (String, String) {
    const GENERIC: [&str; 8] = [
        "группа",
        "гр",
        "подгруппа",
        "подгр",
        "пгр",
        "group",
        "subgroup",
        "gr",
    ];
    let letters: String = key.chars().filter(|c| !c.is_ascii_digit()).collect();
    (
        if GENERIC.contains(&letters.as_str()) {
            String::new()
        } else {
            letters
        },
        key.chars().filter(char::is_ascii_digit).collect(),
    )
}

/// Words of a subject name: normalised, split at spaces, dots and dashes.
fn words(s: &str) -> Vec<String> {
    normalize(s)
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | ','))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zvonok_core::ids::SubjectId;

    fn school() -> SchoolData {
        let mut s = SchoolData::default();
        for (last, first, middle) in [
            ("Иванова", "Анна", "Петровна"),
            ("Иванова", "Алла", "Сергеевна"),
            ("Петров", "Сергей", "Иванович"),
        ] {
            let id = StaffId::new();
            s.staff.insert(
                id,
                StaffMember {
                    id,
                    last_name: last.into(),
                    first_name: first.into(),
                    middle_name: middle.into(),
                    position: String::new(),
                },
            );
        }
        for name in [
            "Русский язык",
            "Русская литература",
            "Изобразительное искусство",
        ] {
            let id = SubjectId::new();
            s.subjects.insert(
                id,
                Subject {
                    id,
                    name: name.into(),
                    grades: vec![],
                },
            );
        }
        s
    }

    fn staff_named(s: &SchoolData, first: &str) -> StaffId {
        s.staff.values().find(|m| m.first_name == first).unwrap().id
    }

    #[test]
    fn teachers_by_initials_full_name_either_order_or_unique_last_name() {
        let s = school();
        let index = SchoolIndex::new(&s, None);
        let anna = staff_named(&s, "Анна");
        assert_eq!(index.teacher("Иванова А.П."), Ok(anna));
        assert_eq!(index.teacher("иванова  а. п."), Ok(anna));
        assert_eq!(index.teacher("Иванова Анна Петровна"), Ok(anna));
        assert_eq!(index.teacher("Анна Петровна Иванова"), Ok(anna));
        assert_eq!(index.teacher("Петров"), Ok(staff_named(&s, "Сергей")));
        // «Иванова А.» is two people: both offered.
        assert_eq!(index.teacher("Иванова А.").unwrap_err().len(), 2);
        // A stranger: nobody offered with an unrelated name.
        assert!(index.teacher("Сидоров К.К.").unwrap_err().is_empty());
    }

    #[test]
    fn subjects_by_name_abbreviation_or_initials_when_unique() {
        let s = school();
        let index = SchoolIndex::new(&s, None);
        let id = |name: &str| s.subjects.values().find(|x| x.name == name).unwrap().id;
        assert_eq!(index.subject("русский ЯЗЫК"), Ok(id("Русский язык")));
        assert_eq!(index.subject("Рус. яз."), Ok(id("Русский язык")));
        assert_eq!(index.subject("Рус. лит."), Ok(id("Русская литература")));
        assert_eq!(index.subject("ИИ"), Ok(id("Изобразительное искусство")));
        // «Рус.» fits two subjects: both offered.
        assert_eq!(index.subject("Рус.").unwrap_err().len(), 2);
        assert!(index.subject("Химия").is_err());
    }
}
