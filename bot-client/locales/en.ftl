# ITSupport bot, English. Messages are Telegram HTML; the bot escapes every user-provided value.

## Roles, statuses, languages
role-client = client
role-contractor = contractor
role-manager = manager
role-owner = owner
status-NEW = new
status-IN_PROGRESS = in progress
status-DONE = done
status-CANCELLED = cancelled
language-ru = Русский
language-en = English
hours = { $hours } h

## Menus
welcome = Hello, <b>{ $name }</b>! You are signed in as { $role }. What would you like to do?
main-menu = Main menu
menu-newOrder = 🆕 New order
menu-myOrders = 📋 My orders
menu-contractors = 👷 Contractors
menu-usage = 📊 Tariff usage
menu-available = 📥 Available orders
menu-earnings = 💰 Earnings
menu-atRisk = ⚠️ At-risk orders
menu-openOrders = 📋 Open orders
menu-freeContractors = 👷 Free contractors
menu-users = 👥 Users
menu-accounts = 🏢 Client tariffs
menu-invoices = 🧾 Unpaid invoices
menu-tariffs = 💼 Tariffs
menu-loginLink = 🔑 Admin panel link
menu-language = 🌐 Language
menu-back = ⬅️ Back
language-choose = Choose the language:
language-set = Language saved.

## Commands
command-start = Main menu
command-help = What the bot can do
command-cancel = Stop what is in progress
command-language = Change the language
command-neworder = Create an order
command-orders = My orders
command-available = Orders available to take
command-users = Users
command-login = One-time admin panel link

## Help
help-client = <b>What I can do</b>
    /neworder: order IT help, cartridges, a repair or maintenance
    /orders: your orders: status, contractor, latest take time; cancel, write, rate
    /language: interface language
    /cancel: stop what is in progress
help-contractor = <b>What I can do</b>
    New orders arrive as cards with a Take button.
    /available: orders you may take, most urgent first
    /orders: your orders in work: credentials, write to the client, close, release
    /language, /cancel
help-manager = <b>What I can do</b>
    Warnings about stalled orders arrive with actions.
    /orders: open orders; assign, unassign, cancel with a reason
    /login: one-time admin panel link
    /language, /cancel
help-owner = <b>What I can do</b>
    Everything a manager can, plus users, client tariffs, invoices and tariffs.
    /users: add, deactivate, reactivate users
    /login: one-time admin panel link
    /language, /cancel

## Refusals and errors
refuse-unknown = Sorry, I do not know you yet. { $hint }
refuse-deactivated = Your access is switched off. { $hint }
not-registered = You are not registered.
not-for-your-role = This button is not for your role.
stale-button = This button is out of date. Open the menu again: /start
error-forbidden = You are not allowed to do that.
error-not-found = Not found: it may have been removed or is not yours.
error-bad-input = That was not accepted: { $detail }
error-unexpected = Something went wrong. Please try again a bit later.

# Server refusals (error-boundary.ts, refusal-text.ts): the field in the person's words, with the allowed range.
error-field-range = Not accepted: { $field } must be from { $min } to { $max }.
error-field-min = Not accepted: { $field } must be at least { $min }.
error-field-max = Not accepted: { $field } must be at most { $max }.
error-field-invalid = Not accepted: { $field } has a value that is not allowed.
refusal-role-not-allowed = Your role does not allow that.
refusal-scope-missing = That is not allowed with this access key.
refusal-not-for-api-keys = That is not available to integrations.
refusal-bot-service-only = Only the bot can do that.
refusal-not-order-holder = You do not hold this order (any more): only the contractor working on it can do that.
refusal-contractor-holds-orders = The contractor still has orders in work ({ $count }): they must be released first.
field-estimate-hours = the estimate in hours
field-text = the text
field-description = the description
field-credentials = the access details
field-file-size = the file size
field-file-id = the file
field-file-name = the file name
field-mime-type = the file type
field-effective-from = the date the price takes effect
field-price-effective-from = the date the price takes effect
field-price = the price
field-name = the name
field-orders-per-period = orders per period
field-reaction-time-minutes = the reaction time in minutes
field-username = the username
field-telegram-id = the Telegram id
field-first-name = the first name
field-last-name = the last name
field-reason = the reason
field-rating = the rating
field-comment = the comment
field-quantity = the quantity
field-model = the cartridge model
field-paid-on = the payment date
field-note = the note
field-role = the role
field-email = the e-mail address
field-category-ids = the categories
fallback-hint = Use the menu: /start (or /help).
private-only = I only work in private messages: open a chat with me and send /start.
cancelled = Cancelled.
nothing-to-cancel = Nothing was in progress.

## Orders
order-title = <b>Order { $number }</b> · { $status }
order-category = Category: { $category }
order-account = Client: { $account }
order-branch = Branch: { $branch }
order-item = • { $model } × { $quantity }
order-items-more = • …and { $count } more
order-equipment = Equipment: { $equipment }
order-problem = Problem: { $problem }
order-description = Description: { $description }
order-take-by = To be taken by: { $time }
order-contractor = Contractor: { $contractor }
order-work-due = Estimate: { $hours } h, due { $time }
order-breached = ⛔ SLA breached
order-rating = Rating: { $stars }
order-line = { $number } · { $status } · { $category }
orders-mine = <b>My orders</b>
orders-open = <b>Open orders</b>
orders-at-risk = <b>At-risk orders</b> (warned or SLA breached)
orders-available = <b>Orders you may take</b> (most urgent first)
orders-none = Nothing here.
order-cancelled = Order { $number } is cancelled.
order-not-cancellable = This order cannot be cancelled now (it is { $status }).
order-not-held = You do not hold this order any more.

## New order
new-order-category = <b>New order</b>: choose the category.
new-order-branch = Which branch is it for?
new-order-items = Send the cartridges one per message: the model and the quantity, e.g. <code>CE285A 2</code>.
new-order-item-format = Send the model and the quantity, e.g. <code>CE285A 2</code>.
new-order-item-quantity = The quantity is 1 to { $max }. Send the model and the quantity, e.g. <code>CE285A 2</code>.
new-order-items-max = An order holds at most { $max } lines: press “Done”.
new-order-items-so-far = Cartridges so far:
    { $list }
    Send another one or press Done.
new-order-equipment = What equipment is it (model, inventory number)?
new-order-problem = What is the problem?
new-order-description = Describe what is needed.
new-order-summary = <b>Check the order</b>
new-order-credentials = Send the logins and passwords the contractor will need in one message. The order is created with them, and I delete your message from the chat right away. Or create the order without them.
new-order-credentials-removed = 🔒 Credentials stored encrypted; your message is deleted from the chat.
new-order-created = ✅ Order <b>{ $number }</b> is created.
text-too-long = That is { $length } characters; at most { $max } fit: shorten it and send it again.
new-order-text-expected = Please send text.
new-order-use-buttons = Please use the buttons above.
refused-account-inactive = Your account is inactive, so new orders are not possible. Please contact your manager.
refused-invoice-overdue = An invoice is unpaid for { $days } days (allowed: { $grace }). New orders are possible once it is paid.
refused-order-limit = Your tariff's orders for this period are used up: { $used } of { $allowed }. The next period starts { $until }.
refused-too-many-open = You have { $open } open orders (at most { $allowed }). Wait until one is done or cancel one.
button-cancel = ✖️ Cancel
button-skip = Skip
button-items-done = ✅ Done
button-create-order = ✅ Create the order
button-add-credentials = 🔒 Add credentials

## Order actions
button-cancel-order = ✖️ Cancel the order
button-write = 💬 Write
button-reply = ↩️ Reply
button-rate = ⭐ Rate
button-take = ✋ Take
button-credentials = 🔒 Credentials
button-close = ✅ Done
button-release = ↩️ Release
button-assign = 👷 Assign
button-assign-to = 👷 { $name }
button-contact = ✉️ Contact
button-unassign = ↩️ Unassign
button-open-order = 📋 Open the order
button-pin = 📌 Pin { $name }
button-unpin = Unpin { $name }
rate-choose = How was the work done?
rate-comment = Your rating: { $stars }. Add a comment in one message, or press Skip.
rate-done = Thank you! Order { $number } is rated { $stars }.
rate-refused-ALREADY_RATED = This order is already rated.
rate-refused-NOT_AUTHOR = Only the author of the order can rate it.
rate-refused-NOT_DONE = The order is not done yet.

## Contractor
take-estimate = How many hours will it take?
take-done = ✅ You took order { $number }.
take-gone = This order was already taken by someone else or cancelled.
take-already-yours = You already have this order.
take-at-capacity = You already have { $active } orders in work (at most { $allowed }).
take-not-pinned = Only the client's pinned contractors may take it until { $time }.
take-category-not-served = You do not serve this category.
credentials-none = This order has no credentials for you.
credentials-show = 🔒 Credentials of order { $number }:
    <code>{ $credentials }</code>
release-reason = Why do you release the order? Send the reason.
reason-format = Send the reason as text: 1 to { $max } characters.
release-done = Order { $number } is back in the queue.
close-done = ✅ Order { $number } is done. Thank you!
earnings-current = <b>This billing period</b> (orders closed so far)
earnings-title = <b>Closed periods</b>
earnings-line = { $from } – { $to }: { $orders } orders, { $amount } ₽

## Conversation
write-prompt = Write to order { $number }: text, a photo, a document or a voice message. Press Cancel when done.
write-sent = ✉️ Sent to order { $number }.
write-closed = This order is closed for messages.
write-unsupported = I can pass on text, photos, documents and voice messages.

## Client account
worked-contractors-title = <b>Contractors who worked for you</b>
worked-contractor-line = { $pinned } { $name }: { $done } orders done
worked-contractors-none = Nobody yet.
pinning-not-in-tariff = Your tariff does not allow pinning contractors.
pin-not-eligible = This contractor cannot be pinned.
usage-title = <b>{ $account }</b> · tariff { $tariff }
usage-period = Period: { $from } – { $to }
usage-orders = Orders this period: { $used } of { $allowed }
usage-open = Open orders: { $open } of { $max }
usage-reaction = Reaction time: { $minutes } min

## Staff
contractors-free = <b>Contractors</b> (least busy first)
contractor-line = { $name }: { $active } in work
contractors-none = No contractor is free.
assign-estimate = Estimate in hours?
assign-done = Order { $number } is assigned to { $name }.
assign-at-capacity = That contractor already has { $active } orders (at most { $allowed }).
assign-inactive = That contractor is deactivated.
assign-category-not-served = That contractor does not serve this category.
unassign-reason = Why do you take the order away? Send the reason.
unassign-done = Order { $number } is back in the queue.
unassign-not-in-progress = The order is not in work (it is { $status }).
cancel-reason = Why is the order cancelled? Send the reason.
login-link = 🔑 Your one-time admin panel link (valid until { $until }):
    { $url }

## Owner
users-title = <b>Users</b> ({ $count })
button-add-role = ➕ { $role }
user-card = <b>{ $name }</b>
    Role: { $role }
    Username: { $username }
    Telegram id: { $telegramId }
    Account: { $account }
    { $state }
user-active = ✅ active
user-inactive = ⛔ deactivated
button-deactivate = ⛔ Deactivate
button-reactivate = ✅ Reactivate
user-deactivated = { $name } is deactivated; { $released } orders went back to the queue.
user-reactivated = { $name } is active again.
user-unchanged = Nothing changed.
user-owner-required = This is the last active owner: make another user an owner first.
user-cannot-deactivate-self = You cannot deactivate yourself: ask another owner.
add-user-who = New { $role }: send the @username or the Telegram id, and optionally the first name, e.g. <code>@ivan_petrov Ivan</code>.
add-user-who-format = Send @username (5–32 letters, digits, _) or a numeric Telegram id, optionally followed by the name.
add-user-account = Which client account does the person belong to?
add-user-done = ✅ { $name } is added as { $role }. They can now write to the bot.
add-user-username-taken = @{ $username } is already registered.
add-user-telegram-id-taken = Telegram id { $telegramId } is already registered.
accounts-title = <b>Client accounts</b>: choose one to change its tariff.
account-tariff = <b>{ $account }</b>: tariff { $tariff }. Choose the new tariff:
account-tariff-changed = ✅ { $account } is now on tariff { $tariff }.
invoices-unpaid = <b>Unpaid invoices</b>: press one when it is paid.
invoices-none = No unpaid invoices.
button-invoice-paid = 💳 { $invoice }
invoice-paid = ✅ The invoice of { $account } ({ $amount } ₽) is marked paid: paid on { $date }, note: { $note }.
invoice-already-paid = That invoice is already paid.
tariffs-title = <b>Tariffs</b>
tariff-line = { $name }: { $price } ₽, { $orders } orders, reaction { $minutes } min, { $state }
tariff-active = active
tariff-inactive = inactive
button-tariff-activate = ✅ Activate { $name }
button-tariff-deactivate = ⛔ Deactivate { $name }

## Notifications
notify-reason = Reason: { $reason }
notify-order-created = ✅ Order <b>{ $number }</b> is registered. It will be taken by { $time } at the latest.
notify-order-offered = 🆕 <b>Order { $number }</b>, take by { $time }
notify-offer-gone = Order { $number } was taken by someone else or cancelled.
notify-order-taken = 👷 Order <b>{ $number }</b> is taken by { $contractor }. Estimate: { $hours } h (until { $time }).
notify-order-assigned = 👷 You are assigned order <b>{ $number }</b>. Estimate: { $hours } h (until { $time }).
notify-order-released = ↩️ Order <b>{ $number }</b> is back in the queue. { $reason }
notify-order-unassigned = ↩️ Order <b>{ $number }</b> was taken away from you. { $reason }
notify-order-cancelled = ✖️ Order <b>{ $number }</b> is cancelled. { $reason }
notify-order-done = ✅ Order <b>{ $number }</b> is done by { $contractor }.
notify-order-message = 💬 <b>{ $number }</b> · { $sender }: { $text }
notify-not-taken = ⚠️ Order <b>{ $number }</b> is still not taken (deadline { $time }).
    { $list }
notify-running-long = ⚠️ Order <b>{ $number }</b> runs long: { $contractor }, due { $time }.
notify-reaction-breached = ⛔ Order <b>{ $number }</b> was not taken in time ({ $time }).
notify-work-breached = ⛔ Order <b>{ $number }</b> was not done within the estimate ({ $contractor }, { $time }).
notify-invoice-issued = 🧾 Invoice for { $account }: { $amount } ₽ for { $from } – { $to }.
notify-invoice-overdue = ⚠️ The invoice for { $account } ({ $amount } ₽, { $from } – { $to }) is unpaid for more than { $grace } days. New orders are blocked until it is paid.
notify-period-closed = 📅 Billing period { $from } – { $to } is closed: { $invoices } invoices, { $payouts } payouts.

## Reports
menu-reports = 📈 Reports (XLSX)
reports-title = <b>Reports</b> as Excel files: choose a report, then the billing period.
report-preparing = Preparing the file…
report-accountOrders = Orders per client account
report-contractorPayouts = Contractor payouts
report-sla = SLA
report-branches = Branches
report-invoices = Invoices

## Tariffs
button-tariff-price = 💲 Price
button-tariff-new = ➕ New tariff
tariff-price-prompt = Send the new price per billing period in ₽, e.g. <code>4500</code>. It applies from now on; invoices use the price in force at their period start.
tariff-price-format = Send a number, e.g. <code>4500</code> or <code>4500.50</code>.
tariff-price-set = ✅ { $name } now costs { $price } ₽.
tariff-price-exists = A price ({ $price } ₽) is already set for this moment.
tariff-price-invoiced = That moment is in a period already invoiced (from { $from }).
tariff-new-prompt = Send the new tariff in one line: <code>name; price; orders per period (0 = unlimited); reaction minutes; can pin (yes/no); sees contacts (yes/no)</code>, e.g. <code>Standard; 5000; 10; 60; no; no</code>.
tariff-new-format = That does not look right. Example: <code>Standard; 5000; 10; 60; no; no</code>.
tariff-created = ✅ Tariff { $name } is created.
tariff-name-taken = A tariff named { $name } already exists.

## Invoices paid (R-BIL-3)
invoice-paid-on = When was the invoice paid? Press “Today” or send the date as <code>DD.MM.YYYY</code>, e.g. <code>{ $today }</code>.
button-paid-today = 📅 Today, { $date }
invoice-paid-on-format = That is not a date. Send it as <code>DD.MM.YYYY</code>, e.g. <code>05.11.2026</code>.
invoice-paid-on-calendar = There is no such day in the calendar. Check the day and the month.
invoice-paid-on-future = That day has not come yet: give the day the payment was made.
invoice-note = Paid on { $date }. Add a note (e.g. the payment reference) or press “No note”.
button-no-note = No note
invoice-note-too-long = The note is longer than { $max } characters: shorten it.

## Paging
button-page-prev = ◀️ Back
button-page-next = More ▶️
page-range = { $from }–{ $to } of { $total }

## Tariff card (R-TAR-1)
button-tariff-edit = ✏️
tariff-card = <b>{ $name }</b> ({ $state })
    Price: { $price } ₽ per period
    Orders per period: { $orders }
    Reaction time: { $minutes } min
    Pinning contractors: { $pin }
    Contractor contacts: { $contacts }
tariff-unlimited = unlimited
tariff-yes = yes
tariff-no = no
tariff-saved = ✅ Saved.
button-tariff-name = ✏️ Name
button-tariff-orders = 📦 Orders
button-tariff-reaction = ⏱ Reaction
button-tariff-can-pin = 📌 Pinning: { $value }
button-tariff-contacts = 👤 Contacts: { $value }
button-to-tariffs = ⬅️ To tariffs
button-tariff-unlimited = ∞ Unlimited
tariff-name-prompt = Send the tariff's new name (up to { $max } characters).
tariff-name-format = A name is 1 to { $max } characters.
tariff-orders-prompt = How many orders per billing period? Send a number from 1 to { $max } or press “Unlimited”.
tariff-orders-format = Send a whole number from 1 to { $max } or press “Unlimited”.
tariff-reaction-prompt = Reaction time in minutes: send a number from 1 to { $max }.
tariff-reaction-format = Send a whole number of minutes from 1 to { $max }.

## Pin offer (R-ACC-4)
pin-done = 📌 Contractor pinned: your new orders are offered to them first.

## Report periods (R-BIL-1)
report-period-choose = <b>{ $report }</b>: which billing period?
report-period-current = Current: { $span }
report-period-previous = Previous: { $span }
