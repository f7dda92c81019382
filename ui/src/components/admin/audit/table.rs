//! The lines of the audit log as a table: when, what, who (and on which device), whom it
//! concerns, and what happened.

use leptos::prelude::*;
use zvonok_core::wire::AuditRowView;

use crate::components::admin::when;
use crate::i18n::t;
use crate::logic::audit::action_title;

/// `with_subject`: show the class and student column (the history of one student does not).
pub fn audit_table(rows: Vec<AuditRowView>, with_subject: bool) -> impl IntoView {
    let lines = rows
        .into_iter()
        .map(|r| {
            let author = if r.user_name.is_empty() {
                t("audit-author-unknown")
            } else {
                r.user_name.clone()
            };
            let login = (!r.user_login.is_empty())
                .then(|| view! { <span class="meta">{r.user_login.clone()}</span> });
            let device = (!r.device_name.is_empty()).then(|| {
                view! { <span class="meta device">{r.device_name.clone()}</span> }
            });
            let subject = with_subject.then(|| {
                view! {
                    <td class="subject">
                        <span class="name">{r.student_name.clone()}</span>
                        <span class="meta">{r.class_name.clone()}</span>
                    </td>
                }
            });
            view! {
                <tr data-action=r.action.clone()>
                    <td class="when">{when(Some(r.at))}</td>
                    <td class="action">{action_title(&r.action, &r.action_title)}</td>
                    <td class="author">
                        <span class="name">{author}</span>
                        {login}
                        {device}
                    </td>
                    {subject}
                    <td class="detail">{r.detail.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let subject_head = with_subject.then(|| view! { <th>{t("audit-col-subject")}</th> });
    view! {
        <div class="table-wrap">
            <table class="admin-table audit-table">
                <thead>
                    <tr>
                        <th>{t("audit-col-when")}</th>
                        <th>{t("audit-col-action")}</th>
                        <th>{t("audit-col-author")}</th>
                        {subject_head}
                        <th>{t("audit-col-detail")}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
    }
}
