import { wallClock } from '../../common/time-zone.js';

/**
 * Backup files and their retention (PRODUCT §11). Pure: names and dates in, decisions out.
 *
 * Naming: `itsupport-<UTC timestamp>-<tier>.<ext>`, e.g. `itsupport-20260301T000712Z-monthly.pgdump`
 * (pg_dump custom format) or `itsupport-20260302T000705Z-daily.tar.gz` (the embedded database's
 * data directory), each with `<file>.sha256` next to it in `sha256sum` format.
 *
 * Tiers: every backup is stored once, under the highest tier it is the first of — the first backup
 * of a year (in TIMEZONE) is `yearly`, else the first of a month is `monthly`, else it is `daily`.
 * Pruning keeps the newest N files of each tier (BACKUP_KEEP_DAILY / _MONTHLY / _YEARLY, defaults
 * 30 / 24 / 7) and deletes older ones; files not named like this are never touched.
 */
export type BackupTier = 'daily' | 'monthly' | 'yearly';
export type BackupKind = 'pgdump' | 'embedded';

export interface BackupFile {
  file: string;
  takenAt: Date;
  tier: BackupTier;
  kind: BackupKind;
}

export interface Retention {
  daily: number;
  monthly: number;
  yearly: number;
}

const EXTENSION: Record<BackupKind, string> = { pgdump: 'pgdump', embedded: 'tar.gz' };
const NAME = /^itsupport-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-(daily|monthly|yearly)\.(pgdump|tar\.gz)$/;

/** The file name of a backup taken at `takenAt` (to the second, UTC). */
export function backupFileName(takenAt: Date, tier: BackupTier, kind: BackupKind): string {
  const stamp = takenAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `itsupport-${stamp}-${tier}.${EXTENSION[kind]}`;
}

/** A backup's name read back; undefined for any other file (checksums, partial writes, strangers). */
export function parseBackupFileName(file: string): BackupFile | undefined {
  const m = NAME.exec(file);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, tier, ext] = m;
  const takenAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (Number.isNaN(takenAt.getTime())) return undefined;
  return { file, takenAt, tier: tier as BackupTier, kind: ext === 'pgdump' ? 'pgdump' : 'embedded' };
}

/** The tier of a backup taken now, given the backups that exist: the highest one it is the first of. */
export function tierFor(takenAt: Date, existing: readonly BackupFile[], timeZone: string): BackupTier {
  const now = wallClock(takenAt, timeZone);
  const local = existing.map((b) => wallClock(b.takenAt, timeZone));
  if (!local.some((w) => w.year === now.year)) return 'yearly';
  if (!local.some((w) => w.year === now.year && w.month === now.month)) return 'monthly';
  return 'daily';
}

/** True when no backup was taken yet on the local calendar day of `now` (the daily job's test). */
export function isDailyBackupDue(now: Date, existing: readonly BackupFile[], timeZone: string): boolean {
  const today = wallClock(now, timeZone);
  return !existing.some((b) => {
    const w = wallClock(b.takenAt, timeZone);
    return w.year === today.year && w.month === today.month && w.day === today.day;
  });
}

/** The backups retention removes: in each tier, all but the newest `keep[tier]`. */
export function backupsToPrune(files: readonly BackupFile[], keep: Retention): BackupFile[] {
  const prune: BackupFile[] = [];
  for (const tier of ['daily', 'monthly', 'yearly'] as const) {
    const newestFirst = files
      .filter((f) => f.tier === tier)
      .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.file.localeCompare(a.file));
    prune.push(...newestFirst.slice(Math.max(keep[tier], 0)));
  }
  return prune;
}
