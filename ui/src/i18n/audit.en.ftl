# The audit log and a student's history of changes.

audit-nav = Audit log
audit-title = Audit log
audit-hint = Who changed class lists, personal files, rights and accounts, and when; edits in locked periods and refused changes. Values of personal data are never shown here.
audit-export = Export to Excel
audit-any = all
audit-filter-from = From
audit-filter-to = To
audit-filter-action = Action
audit-filter-author = Author
audit-filter-class = Class
audit-filter-student = Student
audit-filter-reset = Reset filters
audit-empty = No entries match. Change the period or reset the filters.
audit-shown = Entries shown: { $count }
audit-more = Show more
audit-col-when = When
audit-col-action = Action
audit-col-author = Who
audit-col-subject = Student, class
audit-col-detail = What was done
audit-author-unknown = unknown
audit-history-open = History
audit-history-title = History of changes
audit-history-of = History of changes: { $name }
audit-history-close = Close
audit-history-empty = This student's list entry and personal file have not been changed yet.
admin-right-read-audit-log = Read the audit log

## Actions
audit-action-roster-changed = Class list changed
audit-action-personal-changed = Personal files changed
audit-action-locked-period-edit = Edit in a locked period
audit-action-change-rejected = Changes refused by the server
audit-action-message-failed = Sync message could not be applied
audit-action-grant-changed = Account rights changed
audit-action-role-grant-changed = Role rights changed
audit-action-initial-entry-replaced = List-entry right replaced
audit-action-accounts-issued = Accounts issued
audit-action-password-reset = Password reset
audit-action-password-changed = Password changed
audit-action-device-revoked = Device revoked
audit-action-login-failed = Failed sign-in
audit-action-login-throttled = Sign-in temporarily blocked
audit-action-calendar-feed-created = Calendar link created
audit-action-calendar-feed-revoked = Calendar link revoked
