//! The import plan: what confirming the import would add, what is already there, and which rows
//! are in error. Nothing is written here; the caller applies the plan after the user confirms.
//! The same table and the same existing people always give the same plan.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::columns::{ColumnMap, ImportKind};
use crate::error::{ImportError, RowError, RowProblem};
use crate::records::{
    GuardianKey, GuardianRecord, StaffKey, StaffRecord, StudentKey, StudentRecord,
};
use crate::rows::{read_staff, read_student, ClassIndex, StaffRead, StudentRead};
use crate::table::Table;

/// People the school already has, by key (the caller builds it from its data).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExistingPeople {
    pub students: HashSet<StudentKey>,
    pub guardians: HashSet<GuardianKey>,
    /// Guardian–child links.
    pub links: HashSet<(GuardianKey, StudentKey)>,
    pub staff: HashSet<StaffKey>,
}

impl ExistingPeople {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds what `plan` would add: the state after the caller applied it.
    pub fn include(&mut self, plan: &ImportPlan) {
        self.students
            .extend(plan.students.iter().map(|s| s.record.key()));
        self.guardians
            .extend(plan.guardians.iter().map(|g| g.record.key()));
        self.links.extend(
            plan.links
                .iter()
                .map(|l| (l.guardian.clone(), l.student.clone())),
        );
        self.staff.extend(plan.staff.iter().map(|s| s.record.key()));
    }
}

/// Whether confirming adds the thing or it is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Add,
    Unchanged,
}

/// What happens to one row of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowStatus {
    /// The row adds a person, a guardian or a link.
    Add,
    /// Everything in the row is already there.
    Unchanged,
    /// The row has errors and is skipped; see [`ImportPlan::errors`].
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOutcome {
    pub row: u32,
    pub status: RowStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedStudent {
    pub row: u32,
    pub record: StudentRecord,
    pub action: Action,
}

/// A guardian, once however many rows name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedGuardian {
    /// Rows naming this guardian, ascending; the record comes from the first.
    pub rows: Vec<u32>,
    pub record: GuardianRecord,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedLink {
    pub row: u32,
    pub guardian: GuardianKey,
    pub student: StudentKey,
    /// «мать», «отец» … as written in this row.
    pub relation: String,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedStaff {
    pub row: u32,
    pub record: StaffRecord,
    pub action: Action,
}

/// Totals for the preview's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCounts {
    /// Data rows in the file (blank rows not counted).
    pub rows: usize,
    pub rows_to_add: usize,
    pub rows_unchanged: usize,
    pub rows_with_errors: usize,
    /// Error messages (a row may have several).
    pub errors: usize,
    pub students_to_add: usize,
    pub students_unchanged: usize,
    pub guardians_to_add: usize,
    pub guardians_unchanged: usize,
    pub links_to_add: usize,
    pub links_unchanged: usize,
    pub staff_to_add: usize,
    pub staff_unchanged: usize,
}

/// The preview of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    pub kind: ImportKind,
    pub columns: ColumnMap,
    /// One outcome per data row, in file order.
    pub rows: Vec<RowOutcome>,
    pub students: Vec<PlannedStudent>,
    pub guardians: Vec<PlannedGuardian>,
    pub links: Vec<PlannedLink>,
    pub staff: Vec<PlannedStaff>,
    /// Every problem, by row then column order.
    pub errors: Vec<RowError>,
    pub counts: PlanCounts,
}

impl ImportPlan {
    /// Confirming would add nothing.
    pub fn adds_nothing(&self) -> bool {
        self.counts.rows_to_add == 0
    }
}

/// Plans an import of `table` as `kind` against what the school has. `classes` are the
/// school's class names («5А», …). Fails only when the header lacks required columns.
pub fn plan(
    table: &Table,
    kind: ImportKind,
    existing: &ExistingPeople,
    classes: &[String],
) -> Result<ImportPlan, ImportError> {
    plan_with_progress(table, kind, existing, classes, &mut |_, _| {})
}

/// [`plan`], calling `progress(done, total)` after each row (for long imports).
pub fn plan_with_progress(
    table: &Table,
    kind: ImportKind,
    existing: &ExistingPeople,
    classes: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportPlan, ImportError> {
    let columns = ColumnMap::build(&table.headers, kind)?;
    let classes = ClassIndex::new(classes);
    let mut b = Builder {
        existing,
        out: ImportPlan {
            kind,
            columns,
            rows: Vec::with_capacity(table.rows.len()),
            students: Vec::new(),
            guardians: Vec::new(),
            links: Vec::new(),
            staff: Vec::new(),
            errors: Vec::new(),
            counts: PlanCounts::default(),
        },
        student_rows: HashMap::new(),
        staff_rows: HashMap::new(),
        guardian_index: HashMap::new(),
        link_seen: HashSet::new(),
    };
    let total = table.rows.len();
    for (i, row) in table.rows.iter().enumerate() {
        let status = match kind {
            ImportKind::StudentsWithGuardians => {
                let read = read_student(row, &b.out.columns, &classes);
                b.student_row(row.number, read)
            }
            ImportKind::Staff => {
                let read = read_staff(row, &b.out.columns, &classes);
                b.staff_row(row.number, read)
            }
        };
        b.out.rows.push(RowOutcome {
            row: row.number,
            status,
        });
        progress(i + 1, total);
    }
    let mut plan = b.out;
    plan.counts = count(&plan);
    Ok(plan)
}

struct Builder<'a> {
    existing: &'a ExistingPeople,
    out: ImportPlan,
    /// First row of each student / staff key seen (valid or not).
    student_rows: HashMap<StudentKey, u32>,
    staff_rows: HashMap<StaffKey, u32>,
    /// Index in `out.guardians` per guardian key.
    guardian_index: HashMap<GuardianKey, usize>,
    link_seen: HashSet<(GuardianKey, StudentKey)>,
}

fn action(exists: bool) -> Action {
    if exists {
        Action::Unchanged
    } else {
        Action::Add
    }
}

impl Builder<'_> {
    fn fail(&mut self, errors: Vec<RowError>) -> RowStatus {
        self.out.errors.extend(errors);
        RowStatus::Error
    }

    fn student_row(&mut self, row: u32, read: StudentRead) -> RowStatus {
        let mut errors = read.errors;
        if let Some((key, name)) = &read.key {
            if let Some(&first_row) = self.student_rows.get(key) {
                errors.push(RowError {
                    row,
                    column: None,
                    problem: RowProblem::Duplicate {
                        who: format!("ученик «{name}» ({})", key.birth_date.format("%d.%m.%Y")),
                        first_row,
                    },
                });
            } else {
                self.student_rows.insert(key.clone(), row);
            }
        }
        let Some((student, guardians)) = read.student.filter(|_| errors.is_empty()) else {
            return self.fail(errors);
        };
        let key = student.key();
        let student_action = action(self.existing.students.contains(&key));
        let mut adds = student_action == Action::Add;
        self.out.students.push(PlannedStudent {
            row,
            record: student,
            action: student_action,
        });
        for g in guardians {
            let gkey = g.key();
            match self.guardian_index.get(&gkey) {
                Some(&i) => self.out.guardians[i].rows.push(row),
                None => {
                    let a = action(self.existing.guardians.contains(&gkey));
                    adds |= a == Action::Add;
                    self.guardian_index
                        .insert(gkey.clone(), self.out.guardians.len());
                    self.out.guardians.push(PlannedGuardian {
                        rows: vec![row],
                        record: g.clone(),
                        action: a,
                    });
                }
            }
            let link = (gkey, key.clone());
            if self.link_seen.insert(link.clone()) {
                let a = action(self.existing.links.contains(&link));
                adds |= a == Action::Add;
                self.out.links.push(PlannedLink {
                    row,
                    guardian: link.0,
                    student: link.1,
                    relation: g.relation,
                    action: a,
                });
            }
        }
        if adds {
            RowStatus::Add
        } else {
            RowStatus::Unchanged
        }
    }

    fn staff_row(&mut self, row: u32, read: StaffRead) -> RowStatus {
        let mut errors = read.errors;
        if let Some((key, name)) = &read.key {
            if let Some(&first_row) = self.staff_rows.get(key) {
                errors.push(RowError {
                    row,
                    column: None,
                    problem: RowProblem::Duplicate {
                        who: format!("сотрудник «{name}»"),
                        first_row,
                    },
                });
            } else {
                self.staff_rows.insert(key.clone(), row);
            }
        }
        let Some(staff) = read.staff.filter(|_| errors.is_empty()) else {
            return self.fail(errors);
        };
        let a = action(self.existing.staff.contains(&staff.key()));
        self.out.staff.push(PlannedStaff {
            row,
            record: staff,
            action: a,
        });
        match a {
            Action::Add => RowStatus::Add,
            Action::Unchanged => RowStatus::Unchanged,
        }
    }
}

fn count(plan: &ImportPlan) -> PlanCounts {
    let rows_with = |s: RowStatus| plan.rows.iter().filter(|r| r.status == s).count();
    let split = |actions: &mut dyn Iterator<Item = Action>| {
        let mut add = 0;
        let mut same = 0;
        for a in actions {
            match a {
                Action::Add => add += 1,
                Action::Unchanged => same += 1,
            }
        }
        (add, same)
    };
    let (students_to_add, students_unchanged) = split(&mut plan.students.iter().map(|s| s.action));
    let (guardians_to_add, guardians_unchanged) =
        split(&mut plan.guardians.iter().map(|g| g.action));
    let (links_to_add, links_unchanged) = split(&mut plan.links.iter().map(|l| l.action));
    let (staff_to_add, staff_unchanged) = split(&mut plan.staff.iter().map(|s| s.action));
    PlanCounts {
        rows: plan.rows.len(),
        rows_to_add: rows_with(RowStatus::Add),
        rows_unchanged: rows_with(RowStatus::Unchanged),
        rows_with_errors: rows_with(RowStatus::Error),
        errors: plan.errors.len(),
        students_to_add,
        students_unchanged,
        guardians_to_add,
        guardians_unchanged,
        links_to_add,
        links_unchanged,
        staff_to_add,
        staff_unchanged,
    }
}
