import type { Agenda } from 'agenda';
import type { JobCleanup, JobDeps } from '../../../jobs/agenda.js';
import { SettingChanged } from '../../settings/settings.events.js';

/** Runs at a period start (BILLING_DAY 00:00 TIMEZONE as the settings were when it was scheduled). */
export const BILLING_CLOSE_JOB = 'billing-period-close';
/** Hourly: closes every ended, unclosed period (after downtime or a settings change) and reschedules. */
export const BILLING_CHECK_JOB = 'billing-period-check';
/** Hourly: raises InvoiceOverdue once per invoice unpaid past PAYMENT_GRACE_DAYS. */
export const INVOICE_OVERDUE_JOB = 'invoice-overdue-check';

/**
 * Billing jobs (R-BIL-2, R-BIL-3). A one-off job per period start closes the period on time; it is
 * rescheduled when BILLING_DAY or TIMEZONE change. The hourly check is the safety net (downtime,
 * changes made on another instance): it reads the settings each time, closes whatever has ended
 * and schedules the one-off for the next period start they give.
 */
export async function registerBillingJobs(agenda: Agenda, deps: JobDeps): Promise<JobCleanup> {
  const closeDue = async (jobName: string) => {
    const ctx = deps.context(jobName);
    await deps.services.billingClose.closeDuePeriods(ctx);
    await scheduleNextClose(agenda, await deps.services.billingClose.nextCloseAt(ctx));
  };
  agenda.define(BILLING_CLOSE_JOB, () => closeDue(BILLING_CLOSE_JOB), { removeOnComplete: true });
  agenda.define(BILLING_CHECK_JOB, () => closeDue(BILLING_CHECK_JOB));
  agenda.define(INVOICE_OVERDUE_JOB, async () => {
    await deps.services.billingClose.raiseOverdueInvoices(deps.context(INVOICE_OVERDUE_JOB));
  });
  // Cron times stay put across restarts (an interval would restart its count at every boot).
  await agenda.every('7 * * * *', BILLING_CHECK_JOB);
  await agenda.every('17 * * * *', INVOICE_OVERDUE_JOB);
  const reschedule = async () =>
    scheduleNextClose(agenda, await deps.services.billingClose.nextCloseAt(deps.context('billing-schedule')));
  await reschedule();
  // A BILLING_DAY or TIMEZONE change made here moves the next close at once (other instances' changes: the hourly check).
  let rescheduling = Promise.resolve();
  const unsubscribe = deps.services.eventBus.subscribe((event) => {
    if (!(event instanceof SettingChanged) || (event.key !== 'BILLING_DAY' && event.key !== 'TIMEZONE')) return;
    rescheduling = rescheduling
      .then(reschedule)
      .catch((error: unknown) => deps.log.error({ err: error }, 'could not reschedule the billing period close'));
  });
  return async () => {
    unsubscribe();
    await rescheduling;
  };
}

/** One job per period start (unique by moment): scheduling it again, from any instance, adds nothing. */
async function scheduleNextClose(agenda: Agenda, at: Date): Promise<void> {
  await agenda
    .create(BILLING_CLOSE_JOB, { at: at.toISOString() })
    .unique({ 'data.at': at.toISOString() }, { insertOnly: true })
    .schedule(at)
    .save();
}
