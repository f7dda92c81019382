# Closing a study period («Закрыть четверть») and the journal completeness report.
admin-right-close-periods = Close study periods
admin-right-reopen-periods = Reopen a closed period
audit-action-period-closed = Study period closed
audit-action-period-reopened = Study period reopened
periods-nav = Close a quarter
periods-title = Close a quarter
periods-hint = A period can be closed once every student has a final mark and attendance is taken in every past lesson. Closing locks the period's journals on the server and on every device at its next sync; only a user with the right «Edit a closed period» can change them afterwards, and every such edit goes to the audit log.
periods-none = The current academic year has no study periods. Set them in the school setup (step «Academic year»).
periods-app-unavailable = Closing a period and journal completeness are available only in a browser connected to the school's server. Open the server's address in a browser.
periods-col-period = Period
periods-col-dates = Dates
periods-col-state = State
periods-col-journals = Journals
periods-col-blockers = Blocking
periods-open = Open
periods-closed-by = Closed { $date } ({ $name })
periods-reopened-by = Reopened { $date } ({ $name })
periods-journals-locked = { $locked } of { $total } locked
periods-open-detail = Details
periods-close = Close the period
periods-reopen = Reopen the period
periods-reopen-hint = The period's journals become editable for teachers again. This is recorded in the audit log.
periods-reopen-no-right = The period is closed. Only a user with the right «Reopen a closed period» (the director by default) can reopen it.
periods-no-right = Closing a period needs the right «Close study periods». Ask the coordinator for it.
periods-no-journals = This period has no journals yet: there is nothing to close.
periods-blocked = { $count ->
    [one] Cannot close: { $count } item is still missing. Fill it in and reload the page.
   *[other] Cannot close: { $count } items are still missing. Fill them in and reload the page.
}
periods-nothing-blocks = Everything is filled in: the period can be closed.
periods-missing-finals = { $count ->
    [one] { $count } final mark not given
   *[other] { $count } final marks not given
}
periods-no-attendance = { $count ->
    [one] { $count } lesson without attendance
   *[other] { $count } lessons without attendance
}
periods-kind-final = No final mark.
periods-kind-attendance = Attendance not taken.
periods-lesson-at = lesson { $date }, no. { $number }
completeness-nav = Journal completeness
completeness-title = Journal completeness
completeness-hint = How many lessons up to today lack attendance, a topic or homework, how many students have too few marks for a final mark (fewer than three) and, from a week before the period's end, how many lack a final mark. The journal stores only absences, so a lesson with no absence, mark, topic or homework counts as a lesson without attendance. A substituted lesson counts for the substitute.
completeness-period = Period
completeness-refresh = Refresh
completeness-up-to = { $period }: lessons up to { $date } inclusive.
completeness-finals-due = The period ends within a week: final marks are needed now.
completeness-finals-later = Final marks are needed from a week before the period's end.
completeness-by-teacher = By teacher
completeness-by-class = By class
completeness-col-teacher = Teacher
completeness-col-class = Class
completeness-col-lessons = Lessons
completeness-col-share = Attendance taken
completeness-col-no-attendance = No attendance
completeness-col-no-topic = No topic
completeness-col-no-homework = No homework
completeness-col-few-marks = Few marks
completeness-col-missing-finals = No final mark
completeness-total = Total
completeness-show-gaps = What is missing
completeness-more = And { $count } more.
