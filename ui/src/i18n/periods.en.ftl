# Closing a study period («Закрыть четверть») and the journal completeness report.
admin-right-close-periods = Close study periods
admin-right-reopen-periods = Reopen a closed period
audit-action-period-closed = Study period closed
audit-action-period-reopened = Study period reopened
