# Расписание уроков: сетка по классам, учителям, кабинетам; редактор урока; план и факт; импорт.
tt-nav = Расписание
tt-title = Расписание уроков
tt-no-year = В школе ещё не выбран текущий учебный год. Задайте его в настройке школы (шаг «Учебный год»), затем вернитесь к расписанию.
tt-no-classes = В текущем учебном году ещё нет классов. Добавьте их в настройке школы (шаг «Классы и группы»).
tt-no-right = Загружать расписание может тот, у кого есть право «Редактировать расписание». Попросите его у координатора.
tt-by-class = По классам
tt-by-teacher = По учителям
tt-by-room = По кабинетам
tt-class = Класс
tt-group = Класс или группа
tt-teacher = Учитель
tt-room = Кабинет
tt-subject = Предмет
tt-day = День
tt-number = Урок
tt-day-1 = Пн
tt-day-2 = Вт
tt-day-3 = Ср
tt-day-4 = Чт
tt-day-5 = Пт
tt-day-6 = Сб
tt-day-7 = Вс
tt-tap-hint = Нажмите на урок, чтобы изменить его, или на «+», чтобы добавить урок в эту клетку.
tt-add-at = Добавить урок: { $day }, { $number }-й урок
tt-no-problems = Конфликтов нет.
tt-all-problems = { $count ->
    [one] Во всём расписании школы { $count } замечание: показать
    [few] Во всём расписании школы { $count } замечания: показать
   *[many] Во всём расписании школы { $count } замечаний: показать
}
tt-problems = { $count ->
    [one] { $count } замечание в этом расписании
    [few] { $count } замечания в этом расписании
   *[many] { $count } замечаний в этом расписании
}
tt-new = Новый урок
tt-edit = Изменить урок
tt-incomplete = Выберите класс, предмет и учителя.
tt-would-fit = Урок можно сохранить: конфликтов не будет.
tt-would-break = Сохранить нельзя:
tt-saving = Сохраняем…
tt-saved = Сохранено.
tt-saved-pending = { $count ->
    [one] Сохранено на устройстве; { $count } изменение ждёт отправки на сервер.
    [few] Сохранено на устройстве; { $count } изменения ждут отправки на сервер.
   *[many] Сохранено на устройстве; { $count } изменений ждут отправки на сервер.
}
tt-plan-title = Часы в неделю: учебный план и расписание
tt-plan-planned = По плану
tt-plan-scheduled = В расписании
tt-plan-difference = Разница
tt-off-title = Уроки не по расписанию
tt-off-hint = В этих уроках уже есть записи, поэтому при изменении расписания они не удалены. Проверьте их вместе с учителем.
tt-off-date = Дата
tt-off-holds = Что записано
tt-import = Импорт из программы составления расписания
tt-back = ← К расписанию
tt-open-grid = Открыть расписание
tt-import-title = Импорт расписания
tt-import-file = Файл расписания
tt-import-format = Формат
tt-format-fet-csv = FET: таблица CSV (*_timetable.csv)
tt-format-fet-xml = FET: файл проекта (.fet)
tt-import-hint = Сначала нажмите «Проверить»: ничего не будет записано, пока вы не нажмёте «Загрузить». Уроки классов, которых нет в файле, не меняются.
tt-import-no-file = Выберите файл расписания.
tt-import-checking = Проверяем «{ $file }»…
tt-import-applying = Загружаем «{ $file }»…
tt-import-preview = Что изменится
tt-import-counts = Добавится уроков: { $added }, изменится: { $changed }, удалится: { $removed }, без изменений: { $unchanged }.
tt-import-unmatched = Этих имён нет в школе: укажите, кто или что это
tt-import-is = Это
tt-import-rows = строки { $rows }
tt-import-errors = Строки, которые будут пропущены
tt-import-row = Строка { $row }
tt-import-extra = Уроки, где учителей больше четырёх (записаны первые четыре)
tt-import-done = Расписание загружено
tt-version = Расписание
tt-version-whole = { $title } (весь год)
tt-version-until = { $title } (до { $until })
tt-version-from = { $title } (с { $from })
tt-version-between = { $title } ({ $from } – { $until })
tt-week = Неделя
tt-week-all = Все недели
tt-week-every = Каждую неделю
tt-week-a = Неделя А
tt-week-b = Неделя Б
tt-versions-manage = Новое расписание с даты и чередование недель А/Б
tt-version-add = Новое расписание с даты
tt-version-add-hint = Например, со второй четверти. Прежнее расписание останется и по-прежнему объясняет прошедшие уроки; уроки журналов меняются только с этой даты.
tt-version-date = Действует с
tt-version-title = Название (необязательно)
tt-version-copy = Начать с копии действующего расписания
tt-version-add-button = Добавить расписание
tt-version-no-date = Укажите дату.
tt-version-remove = Удалить это расписание (в нём нет уроков)
tt-cycle = Чередование недель А/Б
tt-cycle-hint = Для школ, где расписание повторяется раз в две недели. Укажите понедельник, с которого начинается неделя А.
tt-cycle-start = Понедельник недели А
tt-cycle-turn-on = Включить чередование
tt-cycle-on = Чередование включено: неделя А начинается { $date }.
tt-cycle-off = Выключить чередование
tt-format-asc-xml = aSc Timetables: экспорт XML
tt-print = Печать:
tt-changes = Изменения и замены
tt-changes-title = Изменения и замены на дату
tt-substitutions-xlsx = Замены за месяц (Excel)
tt-changes-no-lessons = В этот день по расписанию уроков нет.
tt-changes-substitute = Замена
tt-changes-move = Перенести
tt-changes-cancel = Отменить урок
tt-changes-who = Кто заменяет
tt-changes-busy = { $name } — занят(а) в это время
tt-changes-same-room = тот же
tt-changes-note = Причина или примечание
tt-changes-undo = Убрать изменение
tt-changes-is-substitute = Замена: ведёт { $who }
tt-changes-choose-teacher = Выберите, кто заменяет.
tt-changes-whose = Чьи уроки
tt-changes-everyone = Все уроки дня
tt-journals-from-today = Журналы следуют за расписанием с сегодняшнего дня: прошедшие уроки не меняются. Чтобы расписание менялось с определённой даты (например, с новой четверти), добавьте новое расписание с этой даты.
tt-co-teacher = Ещё учитель
tt-add-co-teacher = + Добавить учителя (совместный урок)
tt-remove-co-teacher = Убрать этого учителя из урока
