# Coordinator screens: people and imports, accounts, rights, devices, orders and the movement book.

## Common
admin-app-unavailable = These screens work in the browser for now: open the school server's address in a browser and sign in there.
admin-not-allowed = This screen is not available to you: ask the coordinator for the right.
admin-nav-people = People
admin-nav-accounts = Accounts
admin-nav-rights = Rights
admin-nav-orders = Orders
admin-search = Search
admin-choose = — choose —
admin-save = Save
admin-cancel = Cancel
admin-export-xlsx = Export to Excel
admin-exporting = Preparing the file…

## Roles
admin-role-server-admin = Server administrator
admin-role-coordinator = Coordinator
admin-role-system-admin = System administrator
admin-role-director = Director
admin-role-deputy-head = Deputy head
admin-role-teacher = Teacher
admin-role-class-teacher = Class teacher
admin-role-secretary = Secretary
admin-role-student = Student
admin-role-parent = Parent

## Rights and scopes
admin-right-manage-school = Set up the school
admin-right-manage-accounts = Manage accounts and rights
admin-right-edit-timetable = Edit the timetable
admin-right-enter-student-lists = Enter the lists of students and parents
admin-right-edit-own-class-people = Edit students and parents of one's own class
admin-right-read-all-journals = Read every class journal
admin-right-keep-journal = Keep a class journal
admin-right-edit-locked-period = Edit a locked period
admin-right-read-personal-files = Read personal files
admin-right-edit-personal-files = Edit personal files
admin-right-read-student-data = Read marks and attendance
admin-right-issue-movement-orders = Issue student movement orders
admin-right-read-movement-book = Read the movement book
admin-scope-school = whole school
admin-scope-own-class = own class
admin-scope-own-subjects = own subjects and classes
admin-scope-own-children = own children
admin-scope-own = own data only

## People
admin-people-title = People
admin-people-class-title = Class { $class }
admin-people-back = ← All classes
admin-people-no-classes = No classes yet: add them in the school setup wizard.
admin-people-count = { $count ->
    [one] { $count } student
   *[other] { $count } students
}
admin-people-shown = Showing { $shown } of { $total }
admin-people-search-hint = Surname or name of a student or parent
admin-people-status = Students
admin-people-status-all = all
admin-people-status-active = studying
admin-people-status-withdrawn = withdrawn
admin-people-no-guardian = without parents
admin-people-no-guardians = No parents given
admin-people-withdrawn = withdrawn
admin-people-born = born { $date }
admin-people-col-student = Student
admin-people-col-guardians = Parents (legal guardians)
admin-people-edit = Edit
admin-people-add-student = Add a student
admin-people-add-guardian = Add a parent
admin-people-new-student = New student
admin-people-edit-student = Student details
admin-people-edit-guardian = Parent details
admin-people-last-name = Surname
admin-people-first-name = First name
admin-people-middle-name = Patronymic
admin-people-relation = Relation (mother, father, guardian)
admin-people-birth-date = Date of birth
admin-people-phone = Phone
admin-people-link-existing = A parent from this class
admin-people-link-new = a new person
admin-people-unlink = Unlink from the student

## Import
admin-import-open = Import lists
admin-import-title = Import lists
admin-import-kind = What to load
admin-import-kind-students = Students with parents
admin-import-kind-staff = Staff
admin-import-file = CSV or XLSX file
admin-import-encoding = CSV encoding
admin-import-encoding-auto = detect
admin-import-hint = Press «Check» first: nothing is written, you see the errors per row and what will be added. «Load» becomes available when there is something to add.
admin-import-check = Check
admin-import-apply = Load
admin-import-no-file = Choose a file with the list.
admin-import-checking = The server is reading «{ $file }» and comparing it with the school's data…
admin-import-applying = The server is adding the people of «{ $file }»…
admin-import-preview = File check (nothing written)
admin-import-result = Loaded
admin-import-read-as = Read as { $how }; data rows: { $rows }.
admin-import-nothing = Nothing to add: everyone in the file is there already (or their rows have errors).
admin-import-will-add = «Load» will add:
admin-import-applied = Added:
admin-import-count-rows = Rows: { $add } to add, { $unchanged } there already
admin-import-count-students = Students: { $add } new, { $unchanged } there already
admin-import-count-guardians = Parents: { $add } new, { $unchanged } there already
admin-import-count-links = Parent–child links: { $add } new, { $unchanged } there already
admin-import-count-staff = Staff: { $add } new, { $unchanged } there already
admin-import-errors = { $count ->
    [one] { $count } error in the rows (those rows are skipped)
   *[other] { $count } errors in the rows (those rows are skipped)
}
admin-import-col-row = Row
admin-import-col-column = Column
admin-import-col-reason = What is wrong
admin-import-whole-row = whole row
admin-import-unknown-columns = Columns not used
admin-import-to-add = To be added
admin-import-added = Added
admin-import-more = …and { $count } more

## Accounts
admin-accounts-title = Accounts
admin-accounts-window = Period
admin-accounts-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
admin-accounts-role = Role
admin-accounts-role-all = all roles
admin-accounts-search-hint = Name or login
admin-accounts-summary = In { $days } days { $signed } of { $total } accounts signed in; sign-ins in all: { $sign_ins }.
admin-accounts-col-name = User
admin-accounts-col-roles = Roles
admin-accounts-col-sign-ins = Sign-ins
admin-accounts-col-last-sign-in = Last sign-in
admin-accounts-col-devices = Devices
admin-accounts-col-last-seen = Last contact
admin-accounts-more = { $count ->
    [one] { $count } more account not shown: narrow the search or the role.
   *[other] { $count } more accounts not shown: narrow the search or the role.
}
admin-accounts-manage = Password and devices
admin-reset-password = Reset password
admin-reset-confirm = Reset the password of { $name } ({ $login })? The old password stops working.
admin-reset-once = The new one-time password is shown only now: write it down or hand it to the user. At the first sign-in they replace it with their own.
admin-reset-login = Login:
admin-reset-password-label = password:
admin-reset-hide = Hide the password
admin-devices-title = Devices
admin-devices-none = No devices: the user has not signed in yet.
admin-device-created = signed in { $at }
admin-device-seen = last contact { $at }
admin-device-current = this device
admin-device-revoked = signed out { $at }
admin-device-revoke = Sign out
admin-device-revoke-confirm = Sign out the device «{ $device }»? It will have to sign in again; its changes not yet on the server are lost.

## Access slips
admin-slips-title = Access slips
admin-slips-hint = Accounts and one-time codes are made for the class's students and parents who have none; the slips download as a PDF to print. Those who signed in already or got a code earlier (e.g. a parent on another class's slips) get no code.
admin-slips-one = Issue and print slips
admin-slips-all = All classes
admin-slips-all-confirm = { $count ->
    [one] Issue slips for { $count } class? Codes of those who never signed in are replaced.
   *[other] Issue slips for all { $count } classes, one by one? Codes of those who never signed in are replaced.
}
admin-slips-busy = Issuing the slips of { $class }…
admin-slips-progress = Class { $n } of { $total }: { $class }…
admin-slips-done = The slips of { $class } are ready: the file is saved.
admin-slips-all-done = { $count ->
    [one] Done: the slips of { $count } class are saved.
   *[other] Done: the slips of { $count } classes are saved.
}
admin-slips-stopped = Stopped at class { $class }: { $error }
admin-slips-file = slips-{ $class }.pdf

## Rights
admin-rights-title = Rights
admin-replace-title = Initial data entry is over
admin-replace-explain = By the regulation, «Enter the lists of students and parents» is granted for the initial data entry. Once the lists are in, everyone who has it gets «Edit students and parents of one's own class» instead. Other rights stay.
admin-replace-button = Replace the list-entry right with the right to edit one's own class
admin-replace-confirm = Replace «Enter the lists of students and parents» with «Edit students and parents of one's own class» for everyone? They will no longer be able to enter new lists.
admin-replace-done = { $count ->
    [one] Replaced for { $count } account.
   *[other] Replaced for { $count } accounts.
}
admin-rights-per-user = Rights of a user
admin-rights-account = Account
admin-rights-user-roles = Roles: { $roles }
admin-rights-defaults = From the roles (not changed here)
admin-rights-own = Granted on top
admin-rights-none = No extra rights.
admin-rights-right = Right
admin-rights-scope = Where it applies
admin-rights-add = Grant
admin-rights-remove = Remove
admin-rights-per-role = Rights by role
admin-rights-per-role-hint = The change applies to everyone who has the role now.
admin-rights-role-add = Grant to everyone with the role
admin-rights-role-remove = Remove from everyone with the role
admin-rights-pick-both = Choose a role, a right and where it applies.
admin-rights-role-add-confirm = Grant «{ $grant }» to everyone with the role «{ $role }»?
admin-rights-role-remove-confirm = Remove «{ $grant }» from everyone with the role «{ $role }»?
admin-rights-role-done = { $count ->
    [one] { $count } account changed.
   *[other] { $count } accounts changed.
}
admin-rights-catalogue = All rights
admin-rights-col-right = Right
admin-rights-col-scopes = Where it can apply
admin-rights-col-roles = Given by role

## Orders and the movement book
admin-orders-title = Orders
admin-order-new = New order
admin-order-kind = Order
admin-order-kind-enroll = enrollment
admin-order-kind-transfer = transfer
admin-order-kind-withdraw = withdrawal
admin-order-kind-cancel = cancellation of an order
admin-order-number = Number
admin-order-date = Date
admin-order-from = From class
admin-order-to = To class
admin-order-destination = Leaves for
admin-order-cancels = Order to cancel
admin-order-line = No. { $number } of { $date }, { $kind }: { $students }
admin-order-students = { $count ->
    [one] { $count } student chosen
   *[other] { $count } students chosen
}
admin-order-issue = Issue the order
admin-order-issued = Order No. { $number } of { $date } issued.
admin-order-need-number = Give the order's number.
admin-order-need-date = Give the order's date.
admin-order-need-class = Choose the class.
admin-order-need-students = Tick the students the order concerns.
admin-order-need-cancels = Choose the order to cancel.
admin-orders-list = Orders of the period
admin-book-title = Movement book
admin-book-from = From
admin-book-to = To
admin-book-bad-dates = Give both dates of the period.
admin-book-counts = Students per class
admin-book-class = Class
admin-book-at-start = At the start
admin-book-arrived = Arrived
admin-book-left = Left
admin-book-at-end = At the end
admin-book-lines = Entries of the book
admin-book-empty = No orders in this period.
admin-book-date = Date
admin-book-number = No.
admin-book-kind = Order
admin-book-students = Students
admin-book-student = Student
admin-book-from-class = From class
admin-book-to-class = To class / where
admin-book-cancelled = cancelled
admin-slips-reissue = New codes for everyone who has not signed in yet (slips lost; the earlier codes stop working)
