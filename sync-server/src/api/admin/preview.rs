//! The UI's view of an import plan (`core::wire::ImportPreview`): how the file was read
//! (format, encoding and whether `?encoding=` forced it, delimiter or sheet), the counts per
//! entity, the problems per row, the columns not used and short readable lines of what is
//! added (at most `MAX_PREVIEW_ADDS`).

use super::*;

/// A plan with how its file was read.
pub(super) struct Planned {
    pub plan: ImportPlan,
    pub format: SourceFormat,
    pub encoding_forced: bool,
}

/// The UI's view of a plan: how the file was read, the counts, the problems and short lines
/// of what is added.
pub(super) fn preview(planned: &Planned, applied: bool) -> ImportPreview {
    use zvonok_import::Action as Plan;
    let plan = &planned.plan;
    let (format, encoding, delimiter, sheet) = match &planned.format {
        SourceFormat::Csv {
            encoding,
            delimiter,
            ..
        } => (
            "CSV",
            Some(encoding.label().to_string()),
            Some(delimiter.label().to_string()),
            None,
        ),
        SourceFormat::Xlsx { sheet, .. } => ("XLSX", None, None, Some(sheet.clone())),
    };
    let n = |v: usize| v as u32;
    let c = &plan.counts;
    let pair = |add: usize, unchanged: usize| EntityCounts {
        add: n(add),
        unchanged: n(unchanged),
    };
    let mut adds: Vec<String> = Vec::new();
    for s in plan.students.iter().filter(|s| s.action == Plan::Add) {
        let r = &s.record;
        adds.push(format!(
            "Ученик: {}, {}, {}",
            full_name(&r.last_name, &r.first_name, &r.middle_name),
            r.class,
            r.birth_date.format("%d.%m.%Y")
        ));
    }
    for g in plan.guardians.iter().filter(|g| g.action == Plan::Add) {
        let r = &g.record;
        adds.push(match r.relation.trim() {
            "" => format!("Родитель: {}", r.full_name()),
            rel => format!("Родитель: {} ({rel})", r.full_name()),
        });
    }
    for m in plan.staff.iter().filter(|m| m.action == Plan::Add) {
        let r = &m.record;
        adds.push(format!(
            "Сотрудник: {}, {}",
            full_name(&r.last_name, &r.first_name, &r.middle_name),
            r.position
        ));
    }
    let more = adds.len().saturating_sub(MAX_PREVIEW_ADDS);
    adds.truncate(MAX_PREVIEW_ADDS);
    ImportPreview {
        kind: match plan.kind {
            ImportKind::StudentsWithGuardians => ImportListKind::Students,
            ImportKind::Staff => ImportListKind::Staff,
        },
        format: format.to_string(),
        encoding,
        encoding_forced: planned.encoding_forced,
        delimiter,
        sheet,
        rows_total: n(plan.rows.len()),
        counts: ImportCounts {
            rows: pair(c.rows_to_add, c.rows_unchanged),
            rows_with_errors: n(c.rows_with_errors),
            errors: n(c.errors),
            students: pair(c.students_to_add, c.students_unchanged),
            guardians: pair(c.guardians_to_add, c.guardians_unchanged),
            links: pair(c.links_to_add, c.links_unchanged),
            staff: pair(c.staff_to_add, c.staff_unchanged),
        },
        errors: plan
            .errors
            .iter()
            .map(|e| RowErrorView {
                row: e.row,
                column: e.column.clone(),
                message: e.problem.to_string(),
            })
            .collect(),
        unknown_columns: plan
            .columns
            .unused
            .iter()
            .map(|u| UnknownColumn {
                header: u.header.clone(),
                reason: u.reason.clone(),
            })
            .collect(),
        adds,
        adds_more: n(more),
        applied,
    }
}
