# Закрытие учебного периода («Закрыть четверть») и заполнение журнала.
admin-right-close-periods = Закрывать учебные периоды
admin-right-reopen-periods = Открывать закрытый период
audit-action-period-closed = Учебный период закрыт
audit-action-period-reopened = Учебный период открыт снова
