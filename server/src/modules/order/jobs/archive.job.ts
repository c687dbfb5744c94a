import type { Agenda } from 'agenda';
import type { JobDeps } from '../../../jobs/agenda.js';

/** Daily: archives DONE/CANCELLED orders older than ARCHIVE_AFTER_DAYS (R-ORD-11). */
export const ORDER_ARCHIVE_JOB = 'order-archive';

/** Registers the daily archive job (03:30 in TIMEZONE as it is at start-up; the time of day does not matter). */
export async function registerArchiveJobs(agenda: Agenda, deps: JobDeps): Promise<void> {
  agenda.define(ORDER_ARCHIVE_JOB, async () => {
    await deps.services.orderArchive.archiveDue(deps.context(ORDER_ARCHIVE_JOB));
  });
  const { TIMEZONE } = await deps.services.settings.values(deps.context('archive-schedule'));
  await agenda.every('30 3 * * *', ORDER_ARCHIVE_JOB, undefined, { timezone: TIMEZONE });
}
