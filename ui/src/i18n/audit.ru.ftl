# Журнал аудита и история изменений ученика.

audit-nav = Журнал аудита
audit-title = Журнал аудита
audit-hint = Кто и когда менял списки классов, личные дела, права и учётные записи; правки в закрытых периодах и отклонённые изменения. Значения личных данных здесь не показываются.
audit-export = Выгрузить в Excel
audit-any = все
audit-filter-from = С
audit-filter-to = По
audit-filter-action = Действие
audit-filter-author = Автор
audit-filter-class = Класс
audit-filter-student = Ученик
audit-filter-reset = Сбросить фильтры
audit-empty = Записей с такими условиями нет. Измените период или сбросьте фильтры.
audit-shown = Показано записей: { $count }
audit-more = Показать ещё
audit-col-when = Когда
audit-col-action = Действие
audit-col-author = Кто
audit-col-subject = Ученик, класс
audit-col-detail = Что сделано
audit-author-unknown = неизвестно
audit-history-open = История
audit-history-title = История изменений
audit-history-of = История изменений: { $name }
audit-history-close = Закрыть
audit-history-empty = Изменений списка и личного дела этого ученика пока не было.
admin-right-read-audit-log = Просматривать журнал аудита

## Действия
audit-action-roster-changed = Изменён список класса
audit-action-personal-changed = Изменены личные дела
audit-action-locked-period-edit = Правка в закрытом периоде
audit-action-change-rejected = Изменения отклонены сервером
audit-action-message-failed = Сообщение синхронизации не применилось
audit-action-grant-changed = Изменены права учётной записи
audit-action-role-grant-changed = Изменены права роли
audit-action-initial-entry-replaced = Замена права ввода списков
audit-action-accounts-issued = Выданы учётные записи
audit-action-password-reset = Сброшен пароль
audit-action-password-changed = Изменён пароль
audit-action-device-revoked = Отозвано устройство
audit-action-login-failed = Неудачный вход
audit-action-login-throttled = Вход временно заблокирован
audit-action-calendar-feed-created = Создана ссылка на календарь
audit-action-calendar-feed-revoked = Отозвана ссылка на календарь
