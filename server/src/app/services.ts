import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Clock } from '../common/clock.js';
import { CredentialCipher } from '../common/crypto.js';
import { EventBus } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { AuthenticationService } from '../modules/auth/authentication.service.js';
import { ApiKeyService } from '../modules/integration/api-key.service.js';
import { BillingService } from '../modules/billing/billing.service.js';
import { BillingCloseService } from '../modules/billing/billing-close.service.js';
import { PayoutService } from '../modules/billing/payout.service.js';
import { BackupService, type BackupSource } from '../modules/backup/backup.service.js';
import { OrderArchiveService } from '../modules/order/order-archive.service.js';
import { AccountService } from '../modules/account/account.service.js';
import { BranchService } from '../modules/account/branch.service.js';
import { ContractorPinService } from '../modules/account/contractor-pin.service.js';
import { CategoryService } from '../modules/category/category.service.js';
import { OrderService } from '../modules/order/order.service.js';
import { OrderQueryService } from '../modules/order/order-queries.service.js';
import { SettingsService } from '../modules/settings/settings.service.js';
import { SlaService } from '../modules/sla/sla.service.js';
import { TariffService } from '../modules/tariff/tariff.service.js';
import { UserService } from '../modules/user/user.service.js';
import { ContractorLoadService } from '../modules/user/contractor-load.service.js';
import { ReportService } from '../modules/report/report.service.js';
import { SlaReportService } from '../modules/report/sla-report.service.js';
import { DashboardService } from '../modules/report/dashboard.service.js';
import { AuditLogService } from '../modules/integration/audit-log.service.js';
import { BotStateService } from '../modules/bot-state/bot-state.service.js';
import { StreamWakeups } from '../common/live/stream-wakeups.js';
import { writeOrderHistory } from '../modules/order/order-history.writer.js';
import { OrderEventStream } from '../modules/order/order-event-stream.js';
import { NotificationOutbox } from '../modules/notification/notification-outbox.js';
import { withdrawStaleNotifications } from '../modules/notification/notification-access.js';
import { NotificationService } from '../modules/notification/notification.service.js';
import { EmailDelivery } from '../modules/notification/email/email-delivery.service.js';
import { createSmtpTransport } from '../modules/notification/email/smtp-transport.js';
import { jobContext } from '../jobs/job-context.js';

export interface ServiceDeps {
  config: Config;
  dataSource: DataSource;
  /** This process's id on its database connections (Database.instance). */
  databaseInstance?: string;
  clock: Clock;
  log: Logger;
  encryptionKey: string;
  botServiceToken?: string;
  /** What backups dump: the PostgreSQL server or the embedded database (absent: no backups). */
  backupSource?: () => BackupSource | undefined;
}

/** The composition root: the one place that constructs every service and hands each its collaborators. */
export function createServices(deps: ServiceDeps) {
  const eventBus = new EventBus();
  const cipher = new CredentialCipher(deps.encryptionKey, deps.config.previousEncryptionKeys);
  const settings = new SettingsService();
  const sla = new SlaService(settings);
  // Threshold changes recompute pending SLA moments in the transaction that stores them.
  eventBus.addTransactionalHandler((tx, events) => sla.onEvents(tx, events));
  const orders = new OrderService(settings, cipher, sla);
  const orderQueries = new OrderQueryService(cipher);
  const users = new UserService((ctx, contractorId) => orders.releaseAllHeldBy(ctx, contractorId));
  const authentication = new AuthenticationService(deps.botServiceToken, deps.clock, deps.log);
  const auth = new AuthService(deps.config);
  const apiKeys = new ApiKeyService();
  const billing = new BillingService(settings);
  const billingClose = new BillingCloseService(settings);
  const payouts = new PayoutService();
  const orderArchive = new OrderArchiveService(settings);
  const backups = new BackupService(
    settings,
    {
      dir: deps.config.backupDir,
      keep: deps.config.backupKeep,
      enabled: deps.config.backupsEnabled,
      pgDumpPath: deps.config.pgDumpPath,
    },
    deps.backupSource ?? (() => undefined),
  );
  const accounts = new AccountService(settings);
  const branches = new BranchService();
  const contractorPins = new ContractorPinService();
  const tariffs = new TariffService(settings);
  const categories = new CategoryService();
  const reports = new ReportService(settings);
  const slaReports = new SlaReportService(settings);
  const dashboards = new DashboardService(settings, slaReports);
  const contractorLoad = new ContractorLoadService(settings);
  const auditLog = new AuditLogService();
  const botState = new BotStateService();
  // A user's role, account, branch or active flag changed: withdraw what they have not received yet (§6).
  eventBus.addTransactionalHandler(withdrawStaleNotifications);
  // Stream rows last, once every other transactional writer is done: history, then the notification outbox.
  // Their first INSERT enters the stream gate (ids in commit order), held until commit — keep it the tail.
  eventBus.addTransactionalHandler(writeOrderHistory);
  eventBus.addTransactionalHandler(new NotificationOutbox(settings, Boolean(deps.config.smtpUrl)).write);
  const orderEvents = new OrderEventStream(deps.dataSource, deps.log);
  const notifications = new NotificationService(
    deps.dataSource,
    deps.log,
    deps.config.telegramDeliveryLeaseSeconds * 1000,
  );
  // E-mail notifications are sent by the server itself, where a mail server is configured.
  const email = deps.config.smtpUrl
    ? new EmailDelivery({
        dataSource: deps.dataSource,
        transport: createSmtpTransport(deps.config.smtpUrl),
        clock: deps.clock,
        log: deps.log,
        from: deps.config.smtpFrom,
        publicUrl: deps.config.publicUrl,
        timeZoneNow: async () => (await settings.values(jobContext({ ...deps, eventBus }, 'email'))).TIMEZONE,
      })
    : undefined;
  // Wakes the stream tails (and the e-mail sender) on local commits, other instances' commits (LISTEN, PostgreSQL only) and a poll.
  const streams = new StreamWakeups({
    tails: [orderEvents.tail, notifications.tail, ...(email ? [email] : [])],
    eventBus,
    listenUrl: deps.config.databaseUrl,
    ownInstance: deps.databaseInstance,
    log: deps.log,
  });
  return {
    accounts,
    branches,
    contractorPins,
    tariffs,
    categories,
    eventBus,
    cipher,
    settings,
    orders,
    orderQueries,
    sla,
    users,
    authentication,
    billing,
    billingClose,
    payouts,
    orderArchive,
    backups,
    auth,
    apiKeys,
    orderEvents,
    notifications,
    email,
    streams,
    reports,
    slaReports,
    dashboards,
    contractorLoad,
    auditLog,
    botState,
  };
}

export type Services = ReturnType<typeof createServices>;
