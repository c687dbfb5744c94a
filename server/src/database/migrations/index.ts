import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { Notifications1764100000000 } from './1764100000000-notifications.js';
import { Sla1764200000000 } from './1764200000000-sla.js';
import { BillingJobs1764300000000 } from './1764300000000-billing-jobs.js';
import { MillisecondCursorColumns1764400000000 } from './1764400000000-millisecond-cursor-columns.js';
import { EmailNotifications1764600000000 } from './1764600000000-email-notifications.js';
import { StreamGateInstance1764700000000 } from './1764700000000-stream-gate-instance.js';
import { NotificationRecipientAccess1764800000000 } from './1764800000000-notification-recipient-access.js';
import { TelegramDeliveryLease1764900000000 } from './1764900000000-telegram-delivery-lease.js';
import { BotState1765000000000 } from './1765000000000-bot-state.js';
import { OrderDueIndex1765100000000 } from './1765100000000-order-due-index.js';
import { OrderRequestKey1765200000000 } from './1765200000000-order-request-key.js';

/** Every migration, in order. Listed explicitly: globs break under vitest. */
export const migrations = [
  InitialSchema1764000000000,
  Notifications1764100000000,
  Sla1764200000000,
  BillingJobs1764300000000,
  MillisecondCursorColumns1764400000000,
  EmailNotifications1764600000000,
  StreamGateInstance1764700000000,
  NotificationRecipientAccess1764800000000,
  TelegramDeliveryLease1764900000000,
  BotState1765000000000,
  OrderDueIndex1765100000000,
  OrderRequestKey1765200000000,
];
