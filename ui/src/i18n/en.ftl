## Zvonok UI — English

app-title = Zvonok
lang-switch = RU
lang-switch-title = Переключить на русский
loading = Loading…
retry = Try again
close = Close
device-browser = Browser

## Errors
error-offline = No connection to the server. Check the network and try again.
error-unauthorized = Your session has ended: please sign in again.
error-decode = Could not read the server's answer: { $detail }
error-server = Server error ({ $code })

## Sign-in
signin-title = Sign in to the class journal
signin-server = Server address
signin-login = Login
signin-password = Password
signin-submit = Sign in
signin-busy = Signing in…
signin-empty = Enter your login and password.
signin-no-server = Enter your school's server address.
signin-bad = Wrong login or password.
signout = Sign out

## Today
today-prev = Previous day
today-next = Next day
today-pick = Pick a date
today-today = Today
today-empty = You have no lessons on this day.
today-no-journal = No journal found for this lesson.
today-no-lesson = The lesson is not in the journal yet.
badge-attendance = Attendance
badge-topic = Topic
badge-homework = Homework
lessons-count = { $count ->
    [one] { $count } lesson
   *[other] { $count } lessons
}
marks-count = { $count ->
    [one] { $count } mark
   *[other] { $count } marks
}
absent-count = { $count } absent

## Lesson
lesson-back = ‹ Lessons
lesson-grid = Journal
lesson-number = lesson { $number }
lesson-topic = Topic
lesson-topic-placeholder = e.g. Adding fractions
lesson-homework = Homework
lesson-homework-placeholder = e.g. No. 245, 246
lesson-hint = Tap the attendance button: Н → Б → УП → ОП → present. «+» gives a mark.
lesson-locked = The period is closed: the journal is read-only. Only a user with the right «Edit a closed period» can change it; to have something corrected, ask the deputy head or the director: the director can reopen the period.
att-present = ✓
att-aria = Attendance: { $name }
average-short = avg { $avg }
mark-add = Give a mark
mark-sheet-title = Mark: { $name }
mark-sheet-value = Mark
mark-sheet-weight = Weight
mark-sheet-kind = Kind of work
mark-sheet-pick-value = Pick a mark first.
mark-info-title = Mark { $value }
mark-info = { $kind }, weight { $weight }
mark-remove = Remove the mark
mark-edit-title = Change mark { $value }: { $name }
mark-edit-save = Save changes
mark-edit-unchanged = Choose another mark, kind of work or weight — or close this window.
conflict-title = Changed on two devices at the same time
conflict-other = From another device: { $value }
conflict-keep = Keep { $value }
conflict-hint = Tap the value to keep.
conflict-shown = Shown now:
conflict-from-other = From another device:
conflict-text-keep = Keep this text
save-saving = Saving…
save-sent = Sent
save-device = Saved on this device
save-error = Not saved: { $reason }

## Kinds of work
kind-answer = Oral answer
kind-homework = Homework
kind-classwork = Classwork
kind-dictation = Dictation
kind-independent = Independent work
kind-lab = Lab work
kind-test = Test
kind-essay = Essay

## Journal
journal-back = ‹ Lessons
journal-period = Period: { $range }
journal-student = Student
journal-average = Average
journal-final = Final
journal-empty = The journal has no lessons yet.
journal-locked = The period is closed: the journal is read-only and final marks cannot change. To have something corrected, ask the deputy head or the director: the director can reopen the period.
journal-final-set = Final mark: { $name }
journal-final-average = Average: { $avg }
journal-final-no-average = No marks in this period: no average yet.
journal-final-suggested = by average
journal-final-clear = Clear the final mark
journal-final-aria = Set the final mark: { $name }
journal-conflicts = { $count ->
    [one] { $count } cell was changed on two devices at the same time (outlined): open its lesson or final mark and keep one value.
   *[other] { $count } cells were changed on two devices at the same time (outlined): open their lesson or final mark and keep one value.
}

## Parents and students
child-select = Choose a child
child-none = No student is linked to your account. Please ask the form tutor.
summary-stale = Offline: data as of { $time }
summary-subjects = Marks and averages
summary-subjects-hint = Tap a subject to see the kind of work, date and weight of each mark.
summary-no-marks = No marks yet.
summary-mark = { $kind } · { $date } · weight { $weight }
summary-final = Final mark: { $mark }
summary-attendance = Absences
summary-attendance-list = All absences by date
absences-total = { $count ->
    [one] { $count } absence in total
   *[other] { $count } absences in total
}
absence-absent = without a reason
absence-ill = ill
absence-excused = excused
absence-late = late
summary-homework = Homework this week
summary-no-homework = No homework this week.
summary-timetable = Timetable
summary-no-timetable = The timetable is not set yet.

## Sync
status-never = Not synced yet
status-offline = Offline
status-syncing = Syncing…
status-syncing-progress = Syncing: { $done } of { $total } documents…
status-synced = Synced at { $time }
status-data-at = data as of { $time }
status-logged-out = please sign in again
status-sync-now = Sync now
status-pending = { $count ->
    [one] { $count } change waiting to be sent
   *[other] { $count } changes waiting to be sent
}
status-rejected = { $count ->
    [one] { $count } change refused
   *[other] { $count } changes refused
}
rejected-reason = Reason: { $reason }
rejected-dismiss = Got it, hide
logout-pending = { $count ->
    [one] { $count } change has not reached the server yet. Wait for the connection — it is sent by itself — and sign out then.
   *[other] { $count } changes have not reached the server yet. Wait for the connection — they are sent by themselves — and sign out then.
}
queue-present = present
queue-attendance = Attendance: { $value }
queue-mark = Mark { $value } ({ $kind }, weight { $weight })
queue-remove-mark = Removing a mark
queue-topic = Lesson topic: “{ $text }”
queue-homework = Homework: “{ $text }”
queue-final = Final mark: { $value }
queue-lock = Closing the period
queue-unlock = Reopening the period

## Dates
date-long = { $weekday }, { $day } { $month }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-gen-1 = January
month-gen-2 = February
month-gen-3 = March
month-gen-4 = April
month-gen-5 = May
month-gen-6 = June
month-gen-7 = July
month-gen-8 = August
month-gen-9 = September
month-gen-10 = October
month-gen-11 = November
month-gen-12 = December

# Changes by date (substitutions) in the family's view and in Today
summary-changes = Timetable changes
change-cancel = { $date }, lesson { $number }, { $subject }: cancelled
change-move = { $date }, lesson { $number }, { $subject }: moved to { $to_date }, lesson { $to_number }
change-substitute = { $date }, lesson { $number }, { $subject }: substitute teacher { $teacher }
change-room = room { $room }
today-replaces = Substitution: you teach this lesson for { $teacher }
today-given-to = Taught by { $teacher } (substitution)
today-cancelled = Lesson cancelled
today-moved-from = Moved from { $date }, lesson { $number }
