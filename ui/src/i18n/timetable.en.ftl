# The timetable: grids by class, teacher and room; the lesson editor; plan and fact; import.
tt-nav = Timetable
tt-title = Timetable
tt-no-year = The school has no current academic year yet. Set it in the school set-up («Academic year» step), then come back to the timetable.
tt-no-classes = There are no classes in the current academic year yet. Add them in the school set-up («Classes and groups» step).
tt-no-right = Importing a timetable needs the right «Edit the timetable». Ask the coordinator for it.
tt-by-class = By class
tt-by-teacher = By teacher
tt-by-room = By room
tt-class = Class
tt-group = Class or group
tt-teacher = Teacher
tt-room = Room
tt-subject = Subject
tt-day = Day
tt-number = Lesson
tt-day-1 = Mon
tt-day-2 = Tue
tt-day-3 = Wed
tt-day-4 = Thu
tt-day-5 = Fri
tt-day-6 = Sat
tt-day-7 = Sun
tt-tap-hint = Tap a lesson to change it, or «+» to add a lesson to that cell.
tt-add-at = Add a lesson: { $day }, lesson { $number }
tt-no-problems = No conflicts here.
tt-all-problems = { $count ->
    [one] { $count } problem in the whole school's timetable: show
   *[other] { $count } problems in the whole school's timetable: show
}
tt-problems = { $count ->
    [one] { $count } problem in this timetable
   *[other] { $count } problems in this timetable
}
tt-new = New lesson
tt-edit = Change the lesson
tt-incomplete = Choose the class, the subject and the teacher.
tt-would-fit = The lesson can be saved: no conflicts.
tt-would-break = Cannot be saved:
tt-saving = Saving…
tt-saved = Saved.
tt-saved-pending = { $count ->
    [one] Saved on the device; { $count } change waits to be sent to the server.
   *[other] Saved on the device; { $count } changes wait to be sent to the server.
}
tt-plan-title = Hours a week: curriculum plan and timetable
tt-plan-planned = Planned
tt-plan-scheduled = Scheduled
tt-plan-difference = Difference
tt-off-title = Lessons off the timetable
tt-off-hint = These lessons already hold entries, so a timetable change did not delete them. Check them with the teacher.
tt-off-date = Date
tt-off-holds = What they hold
tt-import = Import from a scheduling program
tt-back = ← Back to the timetable
tt-open-grid = Open the timetable
tt-import-title = Timetable import
tt-import-file = Timetable file
tt-import-format = Format
tt-format-fet-csv = FET: CSV table (*_timetable.csv)
tt-format-fet-xml = FET: project file (.fet)
tt-import-hint = Press «Check» first: nothing is written until you press «Load». Lessons of classes that are not in the file stay as they are.
tt-import-no-file = Choose a timetable file.
tt-import-checking = Checking «{ $file }»…
tt-import-applying = Loading «{ $file }»…
tt-import-preview = What will change
tt-import-counts = Lessons to add: { $added }, to change: { $changed }, to remove: { $removed }, unchanged: { $unchanged }.
tt-import-unmatched = These names are not in the school: say who or what they are
tt-import-is = This is
tt-import-rows = rows { $rows }
tt-import-errors = Rows that will be skipped
tt-import-row = Row { $row }
tt-import-extra = Lessons with several teachers (the timetable keeps the first)
tt-import-done = The timetable is loaded
tt-version = Timetable
tt-version-whole = { $title } (the whole year)
tt-version-until = { $title } (until { $until })
tt-version-from = { $title } (from { $from })
tt-version-between = { $title } ({ $from } – { $until })
tt-week = Week
tt-week-all = All weeks
tt-week-every = Every week
tt-week-a = Week A
tt-week-b = Week B
tt-versions-manage = A new timetable from a date, and alternating weeks A/B
tt-version-add = A new timetable from a date
tt-version-add-hint = For example, from the second quarter. The old timetable stays and still explains past lessons; journal lessons change from that date only.
tt-version-date = In force from
tt-version-title = Title (optional)
tt-version-copy = Start from a copy of the timetable in force
tt-version-add-button = Add the timetable
tt-version-no-date = Enter the date.
tt-version-remove = Remove this timetable (it has no lessons)
tt-cycle = Alternating weeks A/B
tt-cycle-hint = For schools whose timetable repeats every two weeks. Give the Monday that starts a week A.
tt-cycle-start = Monday of a week A
tt-cycle-turn-on = Turn alternation on
tt-cycle-on = Alternation is on: a week A starts on { $date }.
tt-cycle-off = Turn alternation off
