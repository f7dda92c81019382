# Закрытие учебного периода («Закрыть четверть») и заполнение журнала.
admin-right-close-periods = Закрывать учебные периоды
admin-right-reopen-periods = Открывать закрытый период
audit-action-period-closed = Учебный период закрыт
audit-action-period-reopened = Учебный период открыт снова
periods-nav = Закрыть четверть
periods-title = Закрыть четверть
periods-hint = Закрыть период можно, когда у всех учеников выставлены итоговые отметки и во всех прошедших уроках отмечена посещаемость. Закрытие блокирует журналы периода на сервере и на каждом устройстве при следующей синхронизации; менять их сможет только тот, у кого есть право «Редактировать закрытый период», и каждая такая правка попадает в журнал аудита.
periods-none = В текущем учебном году нет учебных периодов. Задайте их в настройке школы (шаг «Учебный год»).
periods-app-unavailable = Закрытие периода и заполнение журналов доступны только в браузере, подключённом к серверу школы. Откройте адрес сервера в браузере.
periods-col-period = Период
periods-col-dates = Даты
periods-col-state = Состояние
periods-col-journals = Журналы
periods-col-blockers = Мешает закрыть
periods-open = Открыт
periods-closed-by = Закрыт { $date } ({ $name })
periods-reopened-by = Открыт снова { $date } ({ $name })
periods-journals-locked = закрыто { $locked } из { $total }
periods-open-detail = Подробнее
periods-close = Закрыть период
periods-reopen = Открыть период снова
periods-reopen-hint = Журналы периода снова станут доступны учителям для правки. Это действие записывается в журнал аудита.
periods-reopen-no-right = Период закрыт. Открыть его снова может тот, у кого есть право «Открывать закрытый период» (по умолчанию директор).
periods-no-right = Закрывать период может тот, у кого есть право «Закрывать учебные периоды». Попросите его у координатора.
periods-no-journals = У этого периода ещё нет журналов: закрывать нечего.
periods-blocked = { $count ->
    [one] Закрыть нельзя: осталась { $count } незаполненная позиция. Заполните её и обновите страницу.
    [few] Закрыть нельзя: осталось { $count } незаполненные позиции. Заполните их и обновите страницу.
   *[many] Закрыть нельзя: осталось { $count } незаполненных позиций. Заполните их и обновите страницу.
}
periods-nothing-blocks = Всё заполнено: период можно закрыть.
periods-missing-finals = { $count ->
    [one] { $count } итоговая отметка не выставлена
    [few] { $count } итоговые отметки не выставлены
   *[many] { $count } итоговых отметок не выставлено
}
periods-no-attendance = { $count ->
    [one] { $count } урок без посещаемости
    [few] { $count } урока без посещаемости
   *[many] { $count } уроков без посещаемости
}
periods-kind-final = Нет итоговой отметки.
periods-kind-attendance = Не отмечена посещаемость.
periods-lesson-at = урок { $date }, { $number }-й
completeness-nav = Заполнение журналов
completeness-title = Заполнение журналов
completeness-hint = Сколько уроков, прошедших до сегодняшнего дня, без отметки посещаемости, темы и домашнего задания, у скольких учеников мало отметок для итоговой (меньше трёх), а за неделю до конца периода — у скольких нет итоговой отметки. Журнал хранит только пропуски, поэтому урок, в котором нет ни пропусков, ни отметок, ни темы, ни задания, считается уроком без отметки посещаемости. Урок замены считается у заменявшего учителя.
completeness-period = Период
completeness-refresh = Обновить
completeness-up-to = { $period }: уроки по { $date } включительно.
completeness-finals-due = До конца периода неделя или меньше: итоговые отметки уже нужны.
completeness-finals-later = Итоговые отметки понадобятся за неделю до конца периода.
completeness-by-teacher = По учителям
completeness-by-class = По классам
completeness-col-teacher = Учитель
completeness-col-class = Класс
completeness-col-lessons = Уроков
completeness-col-share = Посещаемость отмечена
completeness-col-no-attendance = Без посещаемости
completeness-col-no-topic = Без темы
completeness-col-no-homework = Без задания
completeness-col-few-marks = Мало отметок
completeness-col-missing-finals = Нет итоговой
completeness-total = Итого
completeness-show-gaps = Что не заполнено
completeness-more = И ещё { $count }.
