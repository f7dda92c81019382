# Экраны координатора: люди и импорт, учётные записи, права, устройства, приказы и книга движения.

## Общее
admin-app-unavailable = Эти экраны пока работают только в браузере: откройте адрес сервера школы в браузере и войдите там.
admin-not-allowed = Этот экран вам недоступен: попросите координатора выдать нужное право.
admin-nav-people = Люди
admin-nav-accounts = Учётные записи
admin-nav-rights = Права
admin-nav-orders = Приказы
admin-search = Поиск
admin-choose = — выберите —
admin-save = Сохранить
admin-cancel = Отмена
admin-export-xlsx = Экспорт в Excel
admin-exporting = Готовим файл…

## Роли
admin-role-server-admin = Администратор сервера
admin-role-coordinator = Координатор
admin-role-system-admin = Системный администратор
admin-role-director = Директор
admin-role-deputy-head = Заместитель директора по УР
admin-role-teacher = Учитель
admin-role-class-teacher = Классный руководитель
admin-role-secretary = Секретарь
admin-role-student = Ученик
admin-role-parent = Родитель

## Права и области
admin-right-manage-school = Настраивать школу
admin-right-manage-accounts = Управлять учётными записями и правами
admin-right-edit-timetable = Редактировать расписание
admin-right-enter-student-lists = Ввести списки учеников и родителей
admin-right-edit-own-class-people = Редактировать сведения об учениках и родителях в своём классе
admin-right-read-all-journals = Просматривать все классные журналы
admin-right-keep-journal = Вести классный журнал
admin-right-edit-locked-period = Редактировать закрытый период
admin-right-read-personal-files = Просматривать личные дела
admin-right-edit-personal-files = Редактировать личные дела
admin-right-read-student-data = Просматривать успеваемость и посещаемость
admin-right-issue-movement-orders = Оформлять приказы о движении учащихся
admin-right-read-movement-book = Просматривать книгу движения учащихся
admin-scope-school = вся школа
admin-scope-own-class = свой класс
admin-scope-own-subjects = свои предметы и классы
admin-scope-own-children = свои дети
admin-scope-own = только свои данные

## Люди
admin-people-title = Люди
admin-people-class-title = Класс { $class }
admin-people-back = ← Все классы
admin-people-no-classes = Классов пока нет: добавьте их в мастере настройки школы.
admin-people-count = { $count ->
    [one] { $count } ученик
    [few] { $count } ученика
   *[many] { $count } учеников
}
admin-people-shown = Показано { $shown } из { $total }
admin-people-search-hint = Фамилия или имя ученика или родителя
admin-people-status = Ученики
admin-people-status-all = все
admin-people-status-active = обучаются
admin-people-status-withdrawn = выбыли
admin-people-no-guardian = без родителей
admin-people-no-guardians = Родители не указаны
admin-people-withdrawn = выбыл(а)
admin-people-born = родился(ась) { $date }
admin-people-col-student = Ученик
admin-people-col-guardians = Родители (законные представители)
admin-people-edit = Изменить
admin-people-add-student = Добавить ученика
admin-people-add-guardian = Добавить родителя
admin-people-new-student = Новый ученик
admin-people-edit-student = Сведения об ученике
admin-people-edit-guardian = Сведения о родителе
admin-people-last-name = Фамилия
admin-people-first-name = Имя
admin-people-middle-name = Отчество
admin-people-relation = Кем приходится (мать, отец, опекун)
admin-people-birth-date = Дата рождения
admin-people-phone = Телефон
admin-people-link-existing = Родитель из этого класса
admin-people-link-new = новый человек
admin-people-unlink = Отвязать от ученика

## Импорт
admin-import-open = Импорт списков
admin-import-title = Импорт списков
admin-import-kind = Что загружаем
admin-import-kind-students = Ученики с родителями
admin-import-kind-staff = Сотрудники
admin-import-file = Файл CSV или XLSX
admin-import-encoding = Кодировка CSV
admin-import-encoding-auto = определить сама
admin-import-hint = Сначала нажмите «Проверить»: ничего не запишется, вы увидите ошибки по строкам и что будет добавлено. «Загрузить» станет доступна, когда есть что добавить.
admin-import-check = Проверить
admin-import-apply = Загрузить
admin-import-no-file = Выберите файл со списком.
admin-import-checking = Сервер читает файл «{ $file }» и сверяет его с данными школы…
admin-import-applying = Сервер добавляет людей из файла «{ $file }»…
admin-import-preview = Проверка файла (ничего не записано)
admin-import-result = Загрузка выполнена
admin-import-read-as = Прочитано как { $how }; строк с данными: { $rows }.
admin-import-nothing = Добавлять нечего: все люди из файла уже есть (или строки с ошибками пропущены).
admin-import-will-add = После «Загрузить» будет добавлено:
admin-import-applied = Добавлено:
admin-import-count-rows = Строк: { $add } к добавлению, { $unchanged } уже есть
admin-import-count-students = Учеников: { $add } новых, { $unchanged } уже есть
admin-import-count-guardians = Родителей: { $add } новых, { $unchanged } уже есть
admin-import-count-links = Связей «родитель — ребёнок»: { $add } новых, { $unchanged } уже есть
admin-import-count-staff = Сотрудников: { $add } новых, { $unchanged } уже есть
admin-import-errors = { $count ->
    [one] { $count } ошибка в строках (эти строки пропускаются)
    [few] { $count } ошибки в строках (эти строки пропускаются)
   *[many] { $count } ошибок в строках (эти строки пропускаются)
}
admin-import-col-row = Строка
admin-import-col-column = Столбец
admin-import-col-reason = Что не так
admin-import-whole-row = вся строка
admin-import-unknown-columns = Столбцы, которые не используются
admin-import-to-add = Будет добавлено
admin-import-added = Добавлено
admin-import-more = …и ещё { $count }

## Учётные записи
admin-accounts-title = Учётные записи
admin-accounts-window = Период
admin-accounts-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
admin-accounts-role = Роль
admin-accounts-role-all = все роли
admin-accounts-search-hint = Имя или логин
admin-accounts-summary = За { $days } дн. входили { $signed } из { $total } учётных записей; всего входов: { $sign_ins }.
admin-accounts-col-name = Пользователь
admin-accounts-col-roles = Роли
admin-accounts-col-sign-ins = Входов
admin-accounts-col-last-sign-in = Последний вход
admin-accounts-col-devices = Устройств
admin-accounts-col-last-seen = Последняя связь
admin-accounts-more = { $count ->
    [one] Ещё { $count } учётная запись не показана: уточните поиск или роль.
    [few] Ещё { $count } учётные записи не показаны: уточните поиск или роль.
   *[many] Ещё { $count } учётных записей не показаны: уточните поиск или роль.
}
admin-accounts-manage = Пароль и устройства
admin-reset-password = Сбросить пароль
admin-reset-confirm = Сбросить пароль пользователя { $name } ({ $login })? Старый пароль перестанет действовать.
admin-reset-once = Новый одноразовый пароль показан только сейчас: перепишите его или передайте пользователю. При первом входе пользователь сменит его на свой.
admin-reset-login = Логин:
admin-reset-password-label = пароль:
admin-reset-hide = Скрыть пароль
admin-devices-title = Устройства
admin-devices-none = Устройств нет: пользователь ещё не входил.
admin-device-created = вход { $at }
admin-device-seen = последняя связь { $at }
admin-device-current = это устройство
admin-device-revoked = отключено { $at }
admin-device-revoke = Отключить
admin-device-revoke-confirm = Отключить устройство «{ $device }»? На нём придётся войти заново; несохранённые на сервере изменения этого устройства будут потеряны.

## Листки доступа
admin-slips-title = Листки доступа
admin-slips-hint = Для учеников и родителей класса, у кого ещё нет учётной записи, создаются учётные записи и одноразовые коды; листки скачиваются файлом PDF для печати. Кто уже входил или получил код раньше (например, родитель на листке другого класса), кода не получает.
admin-slips-one = Выдать и распечатать листки
admin-slips-all = Все классы
admin-slips-all-confirm = { $count ->
    [one] Выдать листки { $count } классу? Коды тех, кто ещё не входил, будут заменены новыми.
   *[other] Выдать листки всем { $count } классам по очереди? Коды тех, кто ещё не входил, будут заменены новыми.
}
admin-slips-busy = Выдаём листки класса { $class }…
admin-slips-progress = Класс { $n } из { $total }: { $class }…
admin-slips-done = Листки класса { $class } готовы: файл сохранён.
admin-slips-all-done = { $count ->
    [one] Готово: листки { $count } класса сохранены.
   *[other] Готово: листки { $count } классов сохранены.
}
admin-slips-stopped = Остановились на классе { $class }: { $error }
admin-slips-file = листки-{ $class }.pdf

## Права
admin-rights-title = Права
admin-replace-title = Завершение ввода списков
admin-replace-explain = По регламенту право «Ввести списки учеников и родителей» выдаётся на время первичного ввода. Когда списки введены, у всех, у кого оно есть, его заменяют правом «Редактировать сведения об учениках и родителях в своём классе». Остальные права не меняются.
admin-replace-button = Заменить право ввода списков правом редактирования своего класса
admin-replace-confirm = Заменить у всех право «Ввести списки учеников и родителей» правом «Редактировать сведения об учениках и родителях в своём классе»? Вводить новые списки они больше не смогут.
admin-replace-done = { $count ->
    [one] Заменено у { $count } учётной записи.
   *[other] Заменено у { $count } учётных записей.
}
admin-rights-per-user = Права пользователя
admin-rights-account = Учётная запись
admin-rights-user-roles = Роли: { $roles }
admin-rights-defaults = По ролям (не меняются здесь)
admin-rights-own = Выданы дополнительно
admin-rights-none = Дополнительных прав нет.
admin-rights-right = Право
admin-rights-scope = Где действует
admin-rights-add = Выдать
admin-rights-remove = Убрать
admin-rights-per-role = Права по ролям
admin-rights-per-role-hint = Изменение применяется ко всем, у кого сейчас есть эта роль.
admin-rights-role-add = Выдать всем с ролью
admin-rights-role-remove = Убрать у всех с ролью
admin-rights-pick-both = Выберите роль, право и где оно действует.
admin-rights-role-add-confirm = Выдать право «{ $grant }» всем с ролью «{ $role }»?
admin-rights-role-remove-confirm = Убрать право «{ $grant }» у всех с ролью «{ $role }»?
admin-rights-role-done = { $count ->
    [one] Изменена { $count } учётная запись.
    [few] Изменены { $count } учётные записи.
   *[many] Изменено { $count } учётных записей.
}
admin-rights-catalogue = Все права
admin-rights-col-right = Право
admin-rights-col-scopes = Где может действовать
admin-rights-col-roles = Есть по роли

## Приказы и книга движения
admin-orders-title = Приказы
admin-order-new = Новый приказ
admin-order-kind = Приказ
admin-order-kind-enroll = о зачислении
admin-order-kind-transfer = о переводе
admin-order-kind-withdraw = о выбытии
admin-order-kind-cancel = об отмене приказа
admin-order-number = Номер
admin-order-date = Дата
admin-order-from = Из класса
admin-order-to = В класс
admin-order-destination = Куда выбывает
admin-order-cancels = Отменяемый приказ
admin-order-line = № { $number } от { $date } { $kind }: { $students }
admin-order-students = { $count ->
    [one] Выбран { $count } ученик
    [few] Выбрано { $count } ученика
   *[many] Выбрано { $count } учеников
}
admin-order-issue = Издать приказ
admin-order-issued = Приказ № { $number } от { $date } издан.
admin-order-need-number = Укажите номер приказа.
admin-order-need-date = Укажите дату приказа.
admin-order-need-class = Выберите класс.
admin-order-need-students = Отметьте учеников, к которым относится приказ.
admin-order-need-cancels = Выберите приказ, который отменяется.
admin-orders-list = Приказы за период
admin-book-title = Книга движения учащихся
admin-book-from = С
admin-book-to = По
admin-book-bad-dates = Укажите обе даты периода.
admin-book-counts = Численность по классам
admin-book-class = Класс
admin-book-at-start = На начало
admin-book-arrived = Прибыло
admin-book-left = Выбыло
admin-book-at-end = На конец
admin-book-lines = Записи книги
admin-book-empty = За этот период приказов нет.
admin-book-date = Дата
admin-book-number = №
admin-book-kind = Приказ
admin-book-students = Ученики
admin-book-student = Ученик
admin-book-from-class = Из класса
admin-book-to-class = В класс / куда
admin-book-cancelled = отменён
admin-slips-reissue = Новые коды для всех, кто ещё не входил (листки потеряны; прежние коды перестанут действовать)
