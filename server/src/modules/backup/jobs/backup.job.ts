import type { Agenda } from 'agenda';
import type { JobDeps } from '../../../jobs/agenda.js';

/** Hourly: takes the day's backup if none exists yet for today (TIMEZONE), then applies retention. */
export const BACKUP_JOB = 'database-backup';

/**
 * The daily backup (PRODUCT §11). It looks every hour and acts once per local day, so a backup
 * missed while the server was down is taken within the hour after it comes back.
 */
export async function registerBackupJobs(agenda: Agenda, deps: JobDeps): Promise<void> {
  agenda.define(
    BACKUP_JOB,
    async () => {
      await deps.services.backups.takeDailyIfDue(deps.context(BACKUP_JOB));
    },
    // A large dump takes a while: another worker must not think it died and start a second one.
    { lockLifetime: 60 * 60 * 1000, concurrency: 1 },
  );
  await agenda.every('43 * * * *', BACKUP_JOB);
}
