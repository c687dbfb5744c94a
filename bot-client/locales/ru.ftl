# Бот ITSupport, русский (язык по умолчанию). Сообщения — Telegram HTML; всё, что ввёл пользователь, бот экранирует.

## Роли, статусы, языки
role-client = клиент
role-contractor = исполнитель
role-manager = менеджер
role-owner = владелец
status-NEW = новая
status-IN_PROGRESS = в работе
status-DONE = выполнена
status-CANCELLED = отменена
language-ru = Русский
language-en = English
hours = { $hours } ч

## Меню
welcome = Здравствуйте, <b>{ $name }</b>! Вы вошли как { $role }. Что сделать?
main-menu = Главное меню
menu-newOrder = 🆕 Новая заявка
menu-myOrders = 📋 Мои заявки
menu-contractors = 👷 Исполнители
menu-usage = 📊 Тариф и лимиты
menu-available = 📥 Доступные заявки
menu-earnings = 💰 Заработок
menu-atRisk = ⚠️ Заявки под угрозой
menu-openOrders = 📋 Открытые заявки
menu-freeContractors = 👷 Свободные исполнители
menu-users = 👥 Пользователи
menu-accounts = 🏢 Тарифы клиентов
menu-invoices = 🧾 Неоплаченные счета
menu-tariffs = 💼 Тарифы
menu-loginLink = 🔑 Ссылка в админку
menu-language = 🌐 Язык
menu-back = ⬅️ Назад
language-choose = Выберите язык:
language-set = Язык сохранён.

## Команды
command-start = Главное меню
command-help = Что умеет бот
command-cancel = Прервать текущее действие
command-language = Сменить язык
command-neworder = Создать заявку
command-orders = Мои заявки
command-available = Заявки, которые можно взять
command-users = Пользователи
command-login = Одноразовая ссылка в админку

## Помощь
help-client = <b>Что я умею</b>
    /neworder — заявка на IT-помощь, картриджи, ремонт или обслуживание
    /orders — ваши заявки: статус, исполнитель, крайний срок взятия; отмена, переписка, оценка
    /language — язык интерфейса
    /cancel — прервать текущее действие
help-contractor = <b>Что я умею</b>
    Новые заявки приходят карточками с кнопкой «Взять».
    /available — заявки, которые можно взять, самые срочные сверху
    /orders — ваши заявки в работе: доступы, переписка с клиентом, закрытие, отказ
    /language, /cancel
help-manager = <b>Что я умею</b>
    Предупреждения о зависших заявках приходят с действиями.
    /orders — открытые заявки; назначить, снять, отменить с причиной
    /login — одноразовая ссылка в админку
    /language, /cancel
help-owner = <b>Что я умею</b>
    Всё, что может менеджер, а также пользователи, тарифы клиентов, счета и тарифы.
    /users — добавить, деактивировать, вернуть пользователей
    /login — одноразовая ссылка в админку
    /language, /cancel

## Отказы и ошибки
refuse-unknown = Извините, я вас пока не знаю. { $hint }
refuse-deactivated = Ваш доступ отключён. { $hint }
not-registered = Вы не зарегистрированы.
not-for-your-role = Эта кнопка не для вашей роли.
stale-button = Эта кнопка устарела. Откройте меню заново: /start
error-forbidden = У вас нет прав на это действие.
error-not-found = Не найдено: возможно, удалено или не ваше.
error-bad-input = Не принято: { $detail }
error-unexpected = Что-то пошло не так. Попробуйте чуть позже.

# Отказы сервера (error-boundary.ts, refusal-text.ts): поле словами человека и допустимый диапазон.
error-field-range = Не принято: { $field } — допустимо от { $min } до { $max }.
error-field-min = Не принято: { $field } — не меньше { $min }.
error-field-max = Не принято: { $field } — не больше { $max }.
error-field-invalid = Не принято: { $field } — такое значение недопустимо.
refusal-role-not-allowed = Ваша роль не позволяет это сделать.
refusal-scope-missing = С этим ключом доступа так нельзя.
refusal-not-for-api-keys = Это недоступно интеграциям.
refusal-bot-service-only = Это может сделать только бот.
refusal-not-order-holder = Эта заявка (уже) не у вас: это может сделать только исполнитель, который её ведёт.
refusal-contractor-holds-orders = У исполнителя есть заявки в работе ({ $count }): сначала их нужно освободить.
field-estimate-hours = оценка в часах
field-text = текст
field-description = описание
field-credentials = доступы
field-file-size = размер файла
field-file-id = файл
field-file-name = имя файла
field-mime-type = тип файла
field-effective-from = дата начала действия цены
field-price-effective-from = дата начала действия цены
field-price = цена
field-name = название
field-orders-per-period = заявок за период
field-reaction-time-minutes = время реакции в минутах
field-username = имя пользователя
field-telegram-id = Telegram id
field-first-name = имя
field-last-name = фамилия
field-reason = причина
field-rating = оценка
field-comment = комментарий
field-quantity = количество
field-model = модель картриджа
field-paid-on = дата оплаты
field-note = примечание
field-role = роль
field-email = адрес e-mail
field-category-ids = категории
fallback-hint = Воспользуйтесь меню: /start (или /help).
private-only = Я работаю только в личных сообщениях: откройте чат со мной и напишите /start.
cancelled = Отменено.
nothing-to-cancel = Нечего отменять.

## Заявки
order-title = <b>Заявка { $number }</b> · { $status }
order-category = Категория: { $category }
order-account = Клиент: { $account }
order-branch = Филиал: { $branch }
order-item = • { $model } × { $quantity }
order-items-more = • …и ещё { $count }
order-equipment = Оборудование: { $equipment }
order-problem = Проблема: { $problem }
order-description = Описание: { $description }
order-take-by = Взять до: { $time }
order-contractor = Исполнитель: { $contractor }
order-work-due = Оценка: { $hours } ч, срок { $time }
order-breached = ⛔ SLA нарушен
order-rating = Оценка: { $stars }
order-line = { $number } · { $status } · { $category }
orders-mine = <b>Мои заявки</b>
orders-open = <b>Открытые заявки</b>
orders-at-risk = <b>Заявки под угрозой</b> (было предупреждение или SLA нарушен)
orders-available = <b>Заявки, которые можно взять</b> (самые срочные сверху)
orders-none = Здесь пусто.
order-cancelled = Заявка { $number } отменена.
order-not-cancellable = Эту заявку сейчас нельзя отменить (она { $status }).
order-not-held = Эта заявка больше не у вас.

## Новая заявка
new-order-category = <b>Новая заявка</b>: выберите категорию.
new-order-branch = Для какого филиала?
new-order-items = Отправляйте картриджи по одному в сообщении: модель и количество, например <code>CE285A 2</code>.
new-order-item-format = Отправьте модель и количество, например <code>CE285A 2</code>.
new-order-item-quantity = Количество — от 1 до { $max }. Отправьте модель и количество, например <code>CE285A 2</code>.
new-order-items-max = В заявке не больше { $max } позиций: нажмите «Готово».
new-order-items-so-far = Картриджи:
    { $list }
    Отправьте ещё или нажмите «Готово».
new-order-equipment = Какое оборудование (модель, инвентарный номер)?
new-order-problem = В чём проблема?
new-order-description = Опишите, что нужно сделать.
new-order-summary = <b>Проверьте заявку</b>
new-order-credentials = Отправьте одним сообщением логины и пароли, которые понадобятся исполнителю. Заявка создастся с ними, а ваше сообщение я сразу удалю из чата. Или создайте заявку без них.
new-order-credentials-removed = 🔒 Доступы сохранены в зашифрованном виде, ваше сообщение удалено из чата.
new-order-created = ✅ Заявка <b>{ $number }</b> создана.
text-too-long = Это { $length } символов, а можно не больше { $max }: сократите и отправьте ещё раз.
new-order-text-expected = Пожалуйста, отправьте текст.
new-order-use-buttons = Пожалуйста, воспользуйтесь кнопками выше.
refused-account-inactive = Ваш аккаунт неактивен, новые заявки невозможны. Обратитесь к менеджеру.
refused-invoice-overdue = Счёт не оплачен { $days } дн. (допустимо { $grace }). Новые заявки можно будет создавать после оплаты.
refused-order-limit = Лимит заявок по тарифу на этот период исчерпан: { $used } из { $allowed }. Следующий период начнётся { $until }.
refused-too-many-open = У вас { $open } открытых заявок (максимум { $allowed }). Дождитесь выполнения или отмените одну.
button-cancel = ✖️ Отмена
button-skip = Пропустить
button-items-done = ✅ Готово
button-create-order = ✅ Создать заявку
button-add-credentials = 🔒 Добавить доступы

## Действия с заявкой
button-cancel-order = ✖️ Отменить заявку
button-write = 💬 Написать
button-reply = ↩️ Ответить
button-rate = ⭐ Оценить
button-take = ✋ Взять
button-credentials = 🔒 Доступы
button-close = ✅ Выполнена
button-release = ↩️ Отказаться
button-assign = 👷 Назначить
button-assign-to = 👷 { $name }
button-contact = ✉️ Написать
button-unassign = ↩️ Снять исполнителя
button-open-order = 📋 Открыть заявку
button-pin = 📌 Закрепить { $name }
button-unpin = Открепить { $name }
rate-choose = Как выполнена работа?
rate-comment = Ваша оценка: { $stars }. Добавьте комментарий одним сообщением или нажмите «Пропустить».
rate-done = Спасибо! Заявка { $number } оценена: { $stars }.
rate-refused-ALREADY_RATED = Эта заявка уже оценена.
rate-refused-NOT_AUTHOR = Оценить заявку может только её автор.
rate-refused-NOT_DONE = Заявка ещё не выполнена.

## Исполнитель
take-estimate = Сколько часов займёт работа?
take-done = ✅ Вы взяли заявку { $number }.
take-gone = Эту заявку уже взял кто-то другой или её отменили.
take-already-yours = Эта заявка уже у вас в работе.
take-at-capacity = У вас уже { $active } заявок в работе (максимум { $allowed }).
take-not-pinned = До { $time } взять заявку могут только закреплённые исполнители клиента.
take-category-not-served = Вы не обслуживаете эту категорию.
credentials-none = У этой заявки нет доступов для вас.
credentials-show = 🔒 Доступы к заявке { $number }:
    <code>{ $credentials }</code>
release-reason = Почему вы отказываетесь от заявки? Отправьте причину.
reason-format = Отправьте причину текстом: от 1 до { $max } символов.
release-done = Заявка { $number } вернулась в очередь.
close-done = ✅ Заявка { $number } выполнена. Спасибо!
earnings-current = <b>Текущий расчётный период</b> (закрыто заявок на сейчас)
earnings-title = <b>Закрытые периоды</b>
earnings-line = { $from } – { $to }: заявок { $orders }, { $amount } ₽

## Переписка
write-prompt = Напишите по заявке { $number }: текст, фото, документ или голосовое. Когда закончите, нажмите «Отмена».
write-sent = ✉️ Отправлено по заявке { $number }.
write-closed = Переписка по этой заявке закрыта.
write-unsupported = Я могу передать текст, фото, документы и голосовые сообщения.

## Аккаунт клиента
worked-contractors-title = <b>Исполнители, работавшие с вами</b>
worked-contractor-line = { $pinned } { $name }: выполнено заявок { $done }
worked-contractors-none = Пока никого.
pinning-not-in-tariff = Ваш тариф не позволяет закреплять исполнителей.
pin-not-eligible = Этого исполнителя нельзя закрепить.
usage-title = <b>{ $account }</b> · тариф { $tariff }
usage-period = Период: { $from } – { $to }
usage-orders = Заявок в этом периоде: { $used } из { $allowed }
usage-open = Открытых заявок: { $open } из { $max }
usage-reaction = Время реакции: { $minutes } мин

## Менеджеры
contractors-free = <b>Исполнители</b> (самые свободные сверху)
contractor-line = { $name }: в работе { $active }
contractors-none = Свободных исполнителей нет.
assign-estimate = Оценка в часах?
assign-done = Заявка { $number } назначена: { $name }.
assign-at-capacity = У этого исполнителя уже { $active } заявок (максимум { $allowed }).
assign-inactive = Этот исполнитель деактивирован.
assign-category-not-served = Этот исполнитель не обслуживает эту категорию.
unassign-reason = Почему вы снимаете исполнителя? Отправьте причину.
unassign-done = Заявка { $number } вернулась в очередь.
unassign-not-in-progress = Заявка не в работе (она { $status }).
cancel-reason = Почему заявка отменяется? Отправьте причину.
login-link = 🔑 Одноразовая ссылка в админку (действует до { $until }):
    { $url }

## Владелец
users-title = <b>Пользователи</b> ({ $count })
button-add-role = ➕ { $role }
user-card = <b>{ $name }</b>
    Роль: { $role }
    Username: { $username }
    Telegram id: { $telegramId }
    Аккаунт: { $account }
    { $state }
user-active = ✅ активен
user-inactive = ⛔ деактивирован
button-deactivate = ⛔ Деактивировать
button-reactivate = ✅ Вернуть доступ
user-deactivated = { $name } деактивирован; заявок возвращено в очередь: { $released }.
user-reactivated = { $name } снова активен.
user-unchanged = Ничего не изменилось.
user-owner-required = Это последний активный владелец: сначала сделайте владельцем кого-то ещё.
user-cannot-deactivate-self = Себя деактивировать нельзя: попросите другого владельца.
add-user-who = Новый пользователь ({ $role }): отправьте @username или Telegram id и, если нужно, имя, например <code>@ivan_petrov Иван</code>.
add-user-who-format = Отправьте @username (5–32 латинские буквы, цифры, _) или числовой Telegram id, можно с именем.
add-user-account = К какому клиентскому аккаунту он относится?
add-user-done = ✅ { $name } добавлен ({ $role }). Теперь он может написать боту.
add-user-username-taken = @{ $username } уже зарегистрирован.
add-user-telegram-id-taken = Telegram id { $telegramId } уже зарегистрирован.
accounts-title = <b>Клиентские аккаунты</b>: выберите, чтобы сменить тариф.
account-tariff = <b>{ $account }</b>: тариф { $tariff }. Выберите новый тариф:
account-tariff-changed = ✅ { $account } теперь на тарифе { $tariff }.
invoices-unpaid = <b>Неоплаченные счета</b>: нажмите на счёт, когда он оплачен.
invoices-none = Неоплаченных счетов нет.
button-invoice-paid = 💳 { $invoice }
invoice-paid = ✅ Счёт { $account } ({ $amount } ₽) отмечен оплаченным: оплата { $date }, примечание: { $note }.
invoice-already-paid = Этот счёт уже оплачен.
tariffs-title = <b>Тарифы</b>
tariff-line = { $name }: { $price } ₽, заявок { $orders }, реакция { $minutes } мин, { $state }
tariff-active = активен
tariff-inactive = выключен
button-tariff-activate = ✅ Включить { $name }
button-tariff-deactivate = ⛔ Выключить { $name }

## Уведомления
notify-reason = Причина: { $reason }
notify-order-created = ✅ Заявка <b>{ $number }</b> зарегистрирована. Её возьмут в работу не позднее { $time }.
notify-order-offered = 🆕 <b>Заявка { $number }</b>, взять до { $time }
notify-offer-gone = Заявку { $number } уже взял кто-то другой или её отменили.
notify-order-taken = 👷 Заявку <b>{ $number }</b> взял { $contractor }. Оценка: { $hours } ч (до { $time }).
notify-order-assigned = 👷 Вам назначена заявка <b>{ $number }</b>. Оценка: { $hours } ч (до { $time }).
notify-order-released = ↩️ Заявка <b>{ $number }</b> вернулась в очередь. { $reason }
notify-order-unassigned = ↩️ Заявка <b>{ $number }</b> снята с вас. { $reason }
notify-order-cancelled = ✖️ Заявка <b>{ $number }</b> отменена. { $reason }
notify-order-done = ✅ Заявка <b>{ $number }</b> выполнена ({ $contractor }).
notify-order-message = 💬 <b>{ $number }</b> · { $sender }: { $text }
notify-not-taken = ⚠️ Заявку <b>{ $number }</b> всё ещё не взяли (срок { $time }).
    { $list }
notify-running-long = ⚠️ Заявка <b>{ $number }</b> затягивается: { $contractor }, срок { $time }.
notify-reaction-breached = ⛔ Заявку <b>{ $number }</b> не взяли вовремя ({ $time }).
notify-work-breached = ⛔ Заявка <b>{ $number }</b> не выполнена в срок оценки ({ $contractor }, { $time }).
notify-invoice-issued = 🧾 Счёт для { $account }: { $amount } ₽ за { $from } – { $to }.
notify-invoice-overdue = ⚠️ Счёт для { $account } ({ $amount } ₽, { $from } – { $to }) не оплачен более { $grace } дн. Новые заявки заблокированы до оплаты.
notify-period-closed = 📅 Расчётный период { $from } – { $to } закрыт: счетов { $invoices }, выплат { $payouts }.

## Отчёты
menu-reports = 📈 Отчёты (XLSX)
reports-title = <b>Отчёты</b> файлами Excel: выберите отчёт, затем расчётный период.
report-preparing = Готовлю файл…
report-accountOrders = Заявки по клиентам
report-contractorPayouts = Выплаты исполнителям
report-sla = SLA
report-branches = Филиалы
report-invoices = Счета

## Тарифы
button-tariff-price = 💲 Цена
button-tariff-new = ➕ Новый тариф
tariff-price-prompt = Отправьте новую цену за расчётный период в ₽, например <code>4500</code>. Она действует с этого момента; счета берут цену, действовавшую на начало своего периода.
tariff-price-format = Отправьте число, например <code>4500</code> или <code>4500,50</code>.
tariff-price-set = ✅ { $name } теперь стоит { $price } ₽.
tariff-price-exists = На этот момент цена уже задана ({ $price } ₽).
tariff-price-invoiced = Этот момент попадает в уже выставленный период (с { $from }).
tariff-new-prompt = Отправьте новый тариф одной строкой: <code>название; цена; заявок за период (0 — без лимита); реакция в минутах; закрепление (да/нет); контакты исполнителей (да/нет)</code>, например <code>Стандарт; 5000; 10; 60; нет; нет</code>.
tariff-new-format = Не получилось разобрать. Пример: <code>Стандарт; 5000; 10; 60; нет; нет</code>.
tariff-created = ✅ Тариф { $name } создан.
tariff-name-taken = Тариф { $name } уже есть.

## Invoices paid (R-BIL-3)
invoice-paid-on = Когда счёт оплачен? Нажмите «Сегодня» или отправьте дату в виде <code>ДД.ММ.ГГГГ</code>, например <code>{ $today }</code>.
button-paid-today = 📅 Сегодня, { $date }
invoice-paid-on-format = Не похоже на дату. Отправьте её в виде <code>ДД.ММ.ГГГГ</code>, например <code>05.11.2026</code>.
invoice-paid-on-calendar = Такого дня нет в календаре. Проверьте день и месяц.
invoice-paid-on-future = Эта дата ещё не наступила: укажите день, когда оплата уже прошла.
invoice-note = Оплата { $date }. Добавьте примечание (например, номер платёжного поручения) или нажмите «Без примечания».
button-no-note = Без примечания
invoice-note-too-long = Примечание длиннее { $max } символов: сократите его.

## Paging
button-page-prev = ◀️ Назад
button-page-next = Ещё ▶️
page-range = { $from }–{ $to } из { $total }

## Tariff card (R-TAR-1)
button-tariff-edit = ✏️
tariff-card = <b>{ $name }</b> ({ $state })
    Цена: { $price } ₽ за период
    Заявок за период: { $orders }
    Время реакции: { $minutes } мин
    Закрепление исполнителей: { $pin }
    Контакты исполнителей: { $contacts }
tariff-unlimited = без лимита
tariff-yes = да
tariff-no = нет
tariff-saved = ✅ Сохранено.
button-tariff-name = ✏️ Название
button-tariff-orders = 📦 Заявок
button-tariff-reaction = ⏱ Реакция
button-tariff-can-pin = 📌 Закрепление: { $value }
button-tariff-contacts = 👤 Контакты: { $value }
button-to-tariffs = ⬅️ К тарифам
button-tariff-unlimited = ∞ Без лимита
tariff-name-prompt = Отправьте новое название тарифа (до { $max } символов).
tariff-name-format = Название — от 1 до { $max } символов.
tariff-orders-prompt = Сколько заявок за расчётный период? Отправьте число от 1 до { $max } или нажмите «Без лимита».
tariff-orders-format = Отправьте целое число от 1 до { $max } или нажмите «Без лимита».
tariff-reaction-prompt = Время реакции в минутах: отправьте число от 1 до { $max }.
tariff-reaction-format = Отправьте целое число минут от 1 до { $max }.

## Pin offer (R-ACC-4)
pin-done = 📌 Исполнитель закреплён: ваши новые заявки сначала предлагаются ему.

## Report periods (R-BIL-1)
report-period-choose = <b>{ $report }</b>: за какой расчётный период?
report-period-current = Текущий: { $span }
report-period-previous = Предыдущий: { $span }
