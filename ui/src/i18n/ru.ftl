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
lesson-locked = Период закрыт: журнал только для чтения. Изменить его может только пользователь с правом редактировать закрытые периоды.
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
save-saving = Сохраняется…
save-saved = Сохранено
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
journal-locked = Период закрыт: журнал только для чтения.

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
status-synced = Синхронизировано в { $time }
status-data-at = данные на { $time }
status-logged-out = войдите снова
status-sync-now = Синхронизировать
status-pending = { $count ->
    [one] { $count } изменение ждёт
    [few] { $count } изменения ждут
   *[many] { $count } изменений ждут
}
status-rejected = { $count ->
    [one] { $count } изменение отклонено
    [few] { $count } изменения отклонены
   *[many] { $count } изменений отклонено
}
rejected-reason = Причина: { $reason }

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
