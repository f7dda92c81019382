# "Calendar": links for a phone's calendar (components/calendar_feed.rs).
calendar-nav = Calendar
calendar-title = Lessons in your phone's calendar
calendar-hint = Get a link and add it to the calendar on your phone or computer ("Add calendar by URL", "Subscribe to calendar"): lessons, their times, rooms and changes appear there and stay up to date. Only people you give the link to know it; if strangers got it, get a new one or revoke it.
calendar-made = Link issued on { $date }.
calendar-none = No link yet.
calendar-create = Get a link
calendar-renew = New link (the old one stops working)
calendar-revoke = Revoke link
calendar-lapsed = This link no longer works: you have no access to this timetable. Revoke it.
calendar-link = Calendar link
calendar-subscribe = Open in calendar
calendar-once = Copy the link now: it will not be shown again. If you lose it, get a new one.
calendar-nothing = The calendar is for teachers, parents and students. If you are one of them, ask the school's administrator to link your account to the timetable.
calendar-app-unavailable = The school server issues calendar links: open the server's address in a browser, sign in and open "Calendar".
