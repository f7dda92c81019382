# The school setup wizard (coordinator).

nav-label = Coordinator sections
nav-school = School

setup-overview-title = School setup
setup-steps = Setup steps
setup-step-of = Step { $n } of { $total }
setup-progress = Steps done: { $done } of { $total }
setup-continue = Continue: { $step }
setup-all-done = All steps done — issue accounts
setup-open = Open
setup-state-done = Done
setup-state-todo = To do
setup-state-problems = Problems
setup-back = ← Back
setup-next = Next →
setup-to-overview = Overview
setup-save = Save
setup-saving = Saving…
setup-saved = Saved
setup-remove = Remove
setup-edit = Edit
setup-cancel = Cancel
setup-nobody = — not assigned —
setup-none = — none —
setup-choose = — choose —
setup-bad-date = A date could not be read. Pick the dates in the calendars of the “from” and “to” fields.
setup-need-year = First create the academic year in the step “Academic year, periods and holidays”.

setup-step-card = School card
setup-step-year = Academic year, periods and holidays
setup-step-bells = Bell schedule
setup-step-week = School week
setup-step-staff = Staff
setup-step-subjects = Subjects
setup-step-subject-grades = Subjects per grade
setup-step-curriculum = Curriculum profiles and hours
setup-step-classes = Classes and groups
setup-step-assignments = Teaching assignments

setup-card-name = Full name
setup-card-short = Short name
setup-card-address = Address
setup-card-time-zone = School time zone
setup-tz-kaliningrad = Kaliningrad (MSK−1)
setup-tz-moscow = Moscow (MSK)
setup-tz-samara = Samara (MSK+1)
setup-tz-yekaterinburg = Yekaterinburg (MSK+2)
setup-tz-omsk = Omsk (MSK+3)
setup-tz-novosibirsk = Novosibirsk (MSK+4)
setup-tz-irkutsk = Irkutsk (MSK+5)
setup-tz-yakutsk = Yakutsk (MSK+6)
setup-tz-vladivostok = Vladivostok (MSK+7)
setup-tz-magadan = Magadan (MSK+8)
setup-tz-kamchatka = Kamchatka (MSK+9)

setup-year-title = Academic year
setup-year-start = Year starts
setup-year-end = Year ends
setup-period-kind = Study periods
setup-kind-quarter = Quarters
setup-kind-halfyear = Half-years
setup-kind-trimester = Trimesters
setup-year-defaults = Fill in the usual dates
setup-periods = Periods
setup-period = Period
setup-period-quarter = Quarter { $n }
setup-period-halfyear = Half-year { $n }
setup-period-trimester = Trimester { $n }
setup-from = From
setup-to = To
setup-holidays = Holidays
setup-holiday-title = Name
setup-holiday-add = Add holidays
setup-holiday-autumn = Autumn holidays
setup-holiday-winter = Winter holidays
setup-holiday-spring = Spring holidays

setup-bells-first = First lesson starts
setup-bells-count = Lessons a day
setup-bells-defaults = Fill in: 45-minute lessons
setup-bell-number = Lesson
setup-bell-start = Start
setup-bell-end = End
setup-bell-add = Add a lesson
setup-bell-bad-time = Lesson { $n }: the time could not be read. Write it as 08:30.
setup-bell-reversed = Lesson { $n } ends before it starts. Fix the times.
setup-bell-overlaps = Lesson { $n } starts before the previous one ends. Move it.

setup-week-legend = How many days a week the school studies
setup-week-five = Five-day week (Monday to Friday)
setup-week-six = Six-day week (Monday to Saturday)
setup-week-five-short = five-day week
setup-week-six-short = six-day week
setup-week-note = The maximum weekly load (SanPiN) depends on the week length: it is higher for a six-day week. The first grade always studies five days.

setup-staff-name = Full name
setup-staff-position = Position
setup-staff-add = New staff member
setup-staff-edit = Edit staff member
setup-staff-add-button = Add staff member
setup-staff-name-needed = Enter at least the last and first name.
setup-last-name = Last name
setup-first-name = First name
setup-middle-name = Middle name

setup-subjects-note = Tick the grades (1–11) each subject is taught at, then press “Save”.
setup-subject = Subject
setup-subject-grade = { $subject }: grade { $grade }
setup-subject-new = New subject
setup-subject-add = Add subject

setup-profile-tab = { $name } (grade { $grade })
setup-profile-new = + New profile
setup-profile-default-name = Basic
setup-profile-name = Profile name
setup-profile-grade = Grade
setup-profile-no-subjects = No subject is taught at this grade: tick the grade for subjects in the “Subjects” step.
setup-hours = Hours a week
setup-hours-of = Hours a week: { $subject }
setup-load-within = Total { $total } h a week of { $limit } allowed (grade { $grade }, { $week }).
setup-load-over = Total { $total } h a week — over the maximum load of { $limit } h (grade { $grade }, { $week }). Reduce the hours.
setup-load-total = Total { $total } h a week.
setup-save-anyway = Send for checking anyway

setup-class-title = Class { $name }
setup-class-teacher = Class teacher
setup-class-profile = Curriculum profile
setup-class-grade = Grade
setup-class-letter = Letter
setup-class-add = New class
setup-class-add-button = Add class
setup-class-letter-needed = Enter the class letter, e.g. “А”.
setup-groups = Groups:
setup-group-new = Group name
setup-group-add = Add group

setup-cohort = Class or group
setup-teacher = Teacher
setup-assignment-add = Assign a teacher
setup-assignment-add-button = Assign
setup-assignment-incomplete = Choose a class or group, a subject and a teacher.

setup-accounts-title = Staff accounts
setup-accounts-staff = { $count ->
    [one] The school has { $count } staff member.
   *[other] The school has { $count } staff members.
}
setup-accounts-note = The button creates accounts for every staff member who has none yet and issues one-time codes for the first sign-in. Hand the slips out in person.
setup-accounts-issue = Issue staff accounts

issued-name = Full name
issued-class = Class
issued-login = Login
issued-code = One-time code
issued-none = There is nobody to issue accounts to.
issued-once = Codes are shown once: print the slips now; they carry the same codes as the table. Anyone who has not signed in yet can get a new code with «New codes».
issued-print = Print slips
issued-printed = Slips saved: they carry the codes in the table. Hand them out in person.
issued-reissue = New codes
issued-reissue-confirm = Give new codes to everyone who has not signed in yet? The earlier codes and slips will stop working.
