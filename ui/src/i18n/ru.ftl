## Zvonok UI — русский (язык по умолчанию)

app-title = Звонок
lang-switch = EN
lang-switch-title = Switch to English
loading = Загрузка…
retry = Повторить
close = Закрыть
device-browser = Браузер

## Ошибки
error-offline = Нет связи с сервером. Проверьте подключение и попробуйте ещё раз.
error-unauthorized = Сеанс завершён: войдите снова.
error-decode = Не удалось прочитать ответ сервера: { $detail }
error-server = Ошибка сервера ({ $code })

## Вход
signin-title = Вход в электронный журнал
signin-server = Адрес сервера
signin-login = Логин
signin-password = Пароль
signin-submit = Войти
signin-busy = Вход…
signin-empty = Введите логин и пароль.
signin-no-server = Укажите адрес сервера школы.
signin-bad = Неверный логин или пароль.
signout = Выйти

## Уроки дня
today-prev = Предыдущий день
today-next = Следующий день
today-pick = Выбрать дату
today-today = Сегодня
today-empty = В этот день у вас нет уроков.
today-no-journal = Журнал для этого урока не найден.
today-no-lesson = Урок ещё не создан в журнале.
badge-attendance = Посещаемость
badge-topic = Тема
badge-homework = ДЗ
lessons-count = { $count ->
    [one] { $count } урок
    [few] { $count } урока
   *[many] { $count } уроков
}
marks-count = { $count ->
    [one] { $count } отметка
    [few] { $count } отметки
   *[many] { $count } отметок
}
absent-count = { $count ->
    [one] { $count } отсутствует
   *[other] { $count } отсутствуют
}

## Урок
lesson-back = ‹ Уроки
lesson-grid = Журнал
lesson-number = { $number }-й урок
lesson-topic = Тема урока
lesson-topic-placeholder = Например: Сложение дробей
lesson-homework = Домашнее задание
lesson-homework-placeholder = Например: № 245, 246
lesson-hint = Нажмите на кнопку посещаемости: Н → Б → УП → ОП → присутствует. «+» — поставить отметку.
lesson-locked = Период закрыт: журнал только для чтения. Изменить его может только пользователь с правом «Редактировать закрытый период»; если нужно исправить, обратитесь к завучу или директору: директор может открыть период снова.
att-present = ✓
att-aria = Посещаемость: { $name }
average-short = ср. { $avg }
mark-add = Поставить отметку
mark-sheet-title = Отметка: { $name }
mark-sheet-value = Отметка
mark-sheet-weight = Вес
mark-sheet-kind = Вид работы
mark-sheet-pick-value = Сначала выберите отметку.
mark-info-title = Отметка { $value }
mark-info = { $kind }, вес { $weight }
mark-remove = Удалить отметку
mark-edit-title = Изменить отметку { $value }: { $name }
mark-edit-save = Сохранить изменения
mark-edit-unchanged = Выберите другую отметку, вид работы или вес — или закройте окно.
conflict-title = Изменено одновременно на двух устройствах
conflict-other = С другого устройства: { $value }
conflict-keep = Оставить { $value }
conflict-hint = Нажмите на значение, которое нужно оставить.
conflict-shown = Сейчас в журнале:
conflict-from-other = С другого устройства:
conflict-text-keep = Оставить этот текст
save-saving = Сохраняется…
save-sent = Отправлено
save-device = Сохранено на устройстве
save-error = Не сохранено: { $reason }

## Виды работ
kind-answer = Ответ на уроке
kind-homework = Домашняя работа
kind-classwork = Работа на уроке
kind-dictation = Диктант
kind-independent = Самостоятельная работа
kind-lab = Лабораторная работа
kind-test = Контрольная работа
kind-essay = Сочинение

## Журнал
journal-back = ‹ Уроки
journal-period = Период: { $range }
journal-student = Ученик
journal-average = Ср. балл
journal-final = Итог
journal-empty = В журнале пока нет уроков.
journal-locked = Период закрыт: журнал только для чтения, итоговые отметки не меняются. Если нужно исправить, обратитесь к завучу или директору: директор может открыть период снова.
journal-final-set = Итоговая отметка: { $name }
journal-final-average = Средний балл: { $avg }
journal-final-no-average = Отметок за период нет: средний балл не посчитан.
journal-final-suggested = по среднему
journal-final-clear = Снять итоговую отметку
journal-final-aria = Поставить итоговую отметку: { $name }
journal-conflicts = { $count ->
    [one] { $count } ячейка изменена одновременно на двух устройствах (обведена рамкой): откройте её урок или итоговую отметку и оставьте одно значение.
    [few] { $count } ячейки изменены одновременно на двух устройствах (обведены рамкой): откройте их урок или итоговую отметку и оставьте одно значение.
   *[many] { $count } ячеек изменены одновременно на двух устройствах (обведены рамкой): откройте их урок или итоговую отметку и оставьте одно значение.
}

## Родителям и ученикам
child-select = Выбор ребёнка
child-none = К вашей учётной записи не привязан ни один ученик. Обратитесь к классному руководителю.
summary-stale = Нет связи: данные на { $time }
summary-subjects = Отметки и средний балл
summary-subjects-hint = Нажмите на предмет, чтобы увидеть вид работы, дату и вес каждой отметки.
summary-no-marks = Отметок пока нет.
summary-mark = { $kind } · { $date } · вес { $weight }
summary-final = Итоговая отметка: { $mark }
summary-attendance = Пропуски
summary-attendance-list = Все пропуски по датам
absences-total = { $count ->
    [one] Всего { $count } пропуск
    [few] Всего { $count } пропуска
   *[many] Всего { $count } пропусков
}
absence-absent = без уважительной причины
absence-ill = по болезни
absence-excused = по уважительной причине
absence-late = опоздания
summary-homework = Домашние задания на неделю
summary-no-homework = На эту неделю заданий нет.
summary-timetable = Расписание
summary-no-timetable = Расписание ещё не составлено.

## Синхронизация
status-never = Ещё не синхронизировано
status-offline = Нет связи
status-syncing = Синхронизация…
status-syncing-progress = Синхронизация: документов { $done } из { $total }…
status-synced = Синхронизировано в { $time }
status-data-at = данные на { $time }
status-logged-out = войдите снова
status-sync-now = Синхронизировать
status-pending = { $count ->
    [one] { $count } изменение ждёт отправки
    [few] { $count } изменения ждут отправки
   *[many] { $count } изменений ждут отправки
}
status-rejected = { $count ->
    [one] { $count } изменение отклонено
    [few] { $count } изменения отклонены
   *[many] { $count } изменений отклонено
}
rejected-reason = Причина: { $reason }
rejected-dismiss = Понятно, скрыть
logout-pending = { $count ->
    [one] { $count } изменение ещё не отправлено на сервер. Дождитесь связи — оно отправится само — и выйдите потом.
    [few] { $count } изменения ещё не отправлены на сервер. Дождитесь связи — они отправятся сами — и выйдите потом.
   *[many] { $count } изменений ещё не отправлены на сервер. Дождитесь связи — они отправятся сами — и выйдите потом.
}
queue-present = присутствует
queue-attendance = Посещаемость: { $value }
queue-mark = Отметка { $value } ({ $kind }, вес { $weight })
queue-remove-mark = Удаление отметки
queue-topic = Тема урока: «{ $text }»
queue-homework = Домашнее задание: «{ $text }»
queue-final = Итоговая отметка: { $value }
queue-lock = Закрытие периода
queue-unlock = Открытие периода

## Даты
date-long = { $weekday }, { $day } { $month }
weekday-1 = понедельник
weekday-2 = вторник
weekday-3 = среда
weekday-4 = четверг
weekday-5 = пятница
weekday-6 = суббота
weekday-7 = воскресенье
month-gen-1 = января
month-gen-2 = февраля
month-gen-3 = марта
month-gen-4 = апреля
month-gen-5 = мая
month-gen-6 = июня
month-gen-7 = июля
month-gen-8 = августа
month-gen-9 = сентября
month-gen-10 = октября
month-gen-11 = ноября
month-gen-12 = декабря

# Changes by date (substitutions) in the family's view and in Today
summary-changes = Изменения в расписании
change-cancel = { $date }, { $number }-й урок, { $subject }: урок отменён
change-move = { $date }, { $number }-й урок, { $subject }: перенесён на { $to_date }, { $to_number }-й урок
change-substitute = { $date }, { $number }-й урок, { $subject }: замена, ведёт { $teacher }
change-room = кабинет { $room }
today-replaces = Замена: вы ведёте урок за { $teacher }
today-given-to = Урок ведёт { $teacher } (замена)
today-cancelled = Урок отменён
today-moved-from = Перенесён с { $date }, { $number }-й урок
