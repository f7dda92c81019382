# Мастер настройки школы (координатор).

nav-label = Разделы координатора
nav-school = Школа

setup-overview-title = Настройка школы
setup-steps = Шаги настройки
setup-step-of = Шаг { $n } из { $total }
setup-progress = Готово шагов: { $done } из { $total }
setup-continue = Продолжить: { $step }
setup-all-done = Все шаги готовы — выдать учётные записи
setup-open = Открыть
setup-state-done = Готово
setup-state-todo = Заполнить
setup-state-problems = Есть ошибки
setup-back = ← Назад
setup-next = Далее →
setup-to-overview = К обзору
setup-save = Сохранить
setup-saving = Сохраняем…
setup-saved = Сохранено
setup-remove = Удалить
setup-edit = Изменить
setup-cancel = Отмена
setup-nobody = — не назначен —
setup-none = — нет —
setup-choose = — выберите —
setup-bad-date = Дата не распознана. Выберите даты в календаре полей «с» и «по».
setup-need-year = Сначала создайте учебный год на шаге «Учебный год, периоды и каникулы».

setup-step-card = Карточка школы
setup-step-year = Учебный год, периоды и каникулы
setup-step-bells = Расписание звонков
setup-step-week = Учебная неделя
setup-step-staff = Сотрудники
setup-step-subjects = Предметы
setup-step-subject-grades = Предметы в параллелях
setup-step-curriculum = Профили учебного плана и часы
setup-step-classes = Классы и группы
setup-step-assignments = Педагогическая нагрузка

setup-card-name = Полное название
setup-card-short = Краткое название
setup-card-address = Адрес
setup-card-time-zone = Часовой пояс школы
setup-tz-kaliningrad = Калининград (МСК−1)
setup-tz-moscow = Москва (МСК)
setup-tz-samara = Самара (МСК+1)
setup-tz-yekaterinburg = Екатеринбург (МСК+2)
setup-tz-omsk = Омск (МСК+3)
setup-tz-novosibirsk = Новосибирск (МСК+4)
setup-tz-irkutsk = Иркутск (МСК+5)
setup-tz-yakutsk = Якутск (МСК+6)
setup-tz-vladivostok = Владивосток (МСК+7)
setup-tz-magadan = Магадан (МСК+8)
setup-tz-kamchatka = Камчатка (МСК+9)

setup-year-title = Учебный год
setup-year-start = Начало года
setup-year-end = Конец года
setup-period-kind = Учебные периоды
setup-kind-quarter = Четверти
setup-kind-halfyear = Полугодия
setup-kind-trimester = Триместры
setup-year-defaults = Заполнить типовыми датами
setup-periods = Периоды
setup-period = Период
setup-period-quarter = { $n } четверть
setup-period-halfyear = { $n } полугодие
setup-period-trimester = { $n } триместр
setup-from = С
setup-to = По
setup-holidays = Каникулы
setup-holiday-title = Название
setup-holiday-add = Добавить каникулы
setup-holiday-autumn = Осенние каникулы
setup-holiday-winter = Зимние каникулы
setup-holiday-spring = Весенние каникулы

setup-bells-first = Начало первого урока
setup-bells-count = Уроков в день
setup-bells-defaults = Заполнить: уроки по 45 минут
setup-bell-number = Урок
setup-bell-start = Начало
setup-bell-end = Конец
setup-bell-add = Добавить урок
setup-bell-bad-time = Урок { $n }: время не распознано. Укажите время в виде 08:30.
setup-bell-reversed = Урок { $n } заканчивается раньше, чем начинается. Исправьте время.
setup-bell-overlaps = Урок { $n } начинается до конца предыдущего. Сдвиньте время.

setup-week-legend = Сколько дней в неделю учится школа
setup-week-five = Пятидневная неделя (понедельник — пятница)
setup-week-six = Шестидневная неделя (понедельник — суббота)
setup-week-five-short = пятидневная неделя
setup-week-six-short = шестидневная неделя
setup-week-note = От длины недели зависит предельная недельная нагрузка по СанПиН: при шестидневной неделе она выше. Первый класс всегда учится пять дней.

setup-staff-name = ФИО
setup-staff-position = Должность
setup-staff-add = Новый сотрудник
setup-staff-edit = Изменить сотрудника
setup-staff-add-button = Добавить сотрудника
setup-staff-name-needed = Укажите хотя бы фамилию и имя сотрудника.
setup-last-name = Фамилия
setup-first-name = Имя
setup-middle-name = Отчество

setup-subjects-note = Отметьте параллели (1–11), в которых преподаётся каждый предмет, и нажмите «Сохранить».
setup-subject = Предмет
setup-subject-grade = { $subject }: { $grade } класс
setup-subject-new = Новый предмет
setup-subject-add = Добавить предмет

setup-profile-tab = { $name } ({ $grade } кл.)
setup-profile-new = + Новый профиль
setup-profile-default-name = Базовый
setup-profile-name = Название профиля
setup-profile-grade = Параллель
setup-profile-no-subjects = В этой параллели не преподаётся ни один предмет: отметьте параллель у предметов на шаге «Предметы».
setup-hours = Часов в неделю
setup-hours-of = Часов в неделю: { $subject }
setup-load-within = Итого { $total } ч в неделю из { $limit } допустимых ({ $grade } класс, { $week }).
setup-load-over = Итого { $total } ч в неделю — больше предельной нагрузки { $limit } ч ({ $grade } класс, { $week }). Уменьшите часы.
setup-load-total = Итого { $total } ч в неделю.
setup-save-anyway = Всё равно отправить на проверку

setup-class-title = { $name } класс
setup-class-teacher = Классный руководитель
setup-class-profile = Профиль учебного плана
setup-class-grade = Параллель
setup-class-letter = Буква
setup-class-add = Новый класс
setup-class-add-button = Добавить класс
setup-class-letter-needed = Укажите букву класса, например «А».
setup-groups = Группы:
setup-group-new = Название группы
setup-group-add = Добавить группу

setup-cohort = Класс или группа
setup-teacher = Учитель
setup-assignment-add = Назначить учителя
setup-assignment-add-button = Назначить
setup-assignment-incomplete = Выберите класс или группу, предмет и учителя.

setup-accounts-title = Учётные записи сотрудников
setup-accounts-staff = { $count ->
    [one] В школе { $count } сотрудник.
    [few] В школе { $count } сотрудника.
   *[other] В школе { $count } сотрудников.
}
setup-accounts-note = Кнопка создаёт учётные записи всем сотрудникам, у кого их ещё нет, и выдаёт одноразовые коды для первого входа. Раздайте листки с кодами лично.
setup-accounts-issue = Выдать учётные записи сотрудникам

issued-name = ФИО
issued-class = Класс
issued-login = Логин
issued-code = Одноразовый код
issued-none = Некому выдавать учётные записи.
issued-once = Коды показаны один раз: распечатайте листки сейчас, коды на них те же, что в таблице. Кто ещё не входил, может получить новый код кнопкой «Выдать коды заново».
issued-print = Распечатать листки
issued-printed = Листки сохранены: на них те же коды, что в таблице. Раздайте их лично.
issued-reissue = Выдать коды заново
issued-reissue-confirm = Выдать новые коды всем, кто ещё не входил? Прежние коды и листки перестанут действовать.
