import { describe, expect, it } from 'vitest';
import {
  backupFileName,
  backupsToPrune,
  isDailyBackupDue,
  parseBackupFileName,
  tierFor,
  type BackupFile,
} from '../backup-retention.js';

const DAY = 86_400_000;
const MSK = 'Europe/Moscow';

/** Simulates the daily job over `days` days from `from`, applying retention after each backup. */
function simulate(from: Date, days: number, keep = { daily: 30, monthly: 24, yearly: 7 }) {
  let files: BackupFile[] = [];
  for (let d = 0; d < days; d++) {
    const at = new Date(from.getTime() + d * DAY);
    const tier = tierFor(at, files, 'UTC');
    files.push(parseBackupFileName(backupFileName(at, tier, 'pgdump'))!);
    const pruned = new Set(backupsToPrune(files, keep).map((b) => b.file));
    files = files.filter((f) => !pruned.has(f.file));
  }
  return files;
}

describe('§11 backup names and retention tiers', () => {
  it('§11 names carry the UTC timestamp and the tier, and read back; other files are ignored', () => {
    const at = new Date('2026-03-01T00:07:12.345Z');
    expect(backupFileName(at, 'monthly', 'pgdump')).toBe('itsupport-20260301T000712Z-monthly.pgdump');
    expect(backupFileName(at, 'daily', 'embedded')).toBe('itsupport-20260301T000712Z-daily.tar.gz');
    expect(parseBackupFileName('itsupport-20260301T000712Z-daily.tar.gz')).toEqual({
      file: 'itsupport-20260301T000712Z-daily.tar.gz',
      takenAt: new Date('2026-03-01T00:07:12Z'),
      tier: 'daily',
      kind: 'embedded',
    });
    for (const other of [
      'itsupport-20260301T000712Z-daily.tar.gz.sha256',
      'itsupport-20260301T000712Z-daily.pgdump.partial',
      'itsupport-20260301T000712Z-weekly.pgdump',
      'notes.txt',
    ])
      expect(parseBackupFileName(other)).toBeUndefined();
  });

  it('§11 the first backup of a year is yearly, the first of a month monthly, the rest daily (in TIMEZONE)', () => {
    const existing = [parseBackupFileName('itsupport-20260215T000000Z-yearly.pgdump')!];
    expect(tierFor(new Date('2026-02-16T00:00:00Z'), existing, 'UTC')).toBe('daily');
    expect(tierFor(new Date('2026-03-01T00:00:00Z'), existing, 'UTC')).toBe('monthly');
    expect(tierFor(new Date('2027-01-01T00:00:00Z'), existing, 'UTC')).toBe('yearly');
    expect(tierFor(new Date('2026-01-01T00:00:00Z'), [], 'UTC')).toBe('yearly');
    // 28 Feb 21:30 UTC is already 1 March in Moscow.
    expect(tierFor(new Date('2026-02-28T21:30:00Z'), existing, MSK)).toBe('monthly');
  });

  it('§11 the daily job acts once per local day', () => {
    const existing = [parseBackupFileName('itsupport-20260301T000500Z-monthly.pgdump')!];
    expect(isDailyBackupDue(new Date('2026-03-01T23:00:00Z'), existing, 'UTC')).toBe(false);
    expect(isDailyBackupDue(new Date('2026-03-02T00:00:00Z'), existing, 'UTC')).toBe(true);
    expect(isDailyBackupDue(new Date('2026-03-01T22:00:00Z'), existing, MSK)).toBe(true); // 2 March in Moscow
    expect(isDailyBackupDue(new Date('2026-03-01T00:00:00Z'), [], 'UTC')).toBe(true);
  });

  it('§11 pruning keeps the newest N of each tier and nothing else', () => {
    const names = [
      'itsupport-20260101T000000Z-yearly.pgdump',
      'itsupport-20260201T000000Z-monthly.pgdump',
      'itsupport-20260301T000000Z-monthly.pgdump',
      'itsupport-20260302T000000Z-daily.pgdump',
      'itsupport-20260303T000000Z-daily.pgdump',
      'itsupport-20260304T000000Z-daily.pgdump',
    ];
    const files = names.map((n) => parseBackupFileName(n)!);
    expect(backupsToPrune(files, { daily: 2, monthly: 1, yearly: 1 }).map((b) => b.file)).toEqual([
      'itsupport-20260302T000000Z-daily.pgdump',
      'itsupport-20260201T000000Z-monthly.pgdump',
    ]);
    expect(backupsToPrune(files, { daily: 30, monthly: 24, yearly: 7 })).toEqual([]);
  });

  it('§11 ten years of daily backups settle at 30 daily, 24 monthly and 7 yearly', () => {
    const files = simulate(new Date('2020-01-01T00:07:00Z'), 3653);
    const count = (tier: string) => files.filter((f) => f.tier === tier).length;
    expect([count('daily'), count('monthly'), count('yearly')]).toEqual([30, 24, 7]);
    const newest = files.reduce((a, b) => (a.takenAt > b.takenAt ? a : b));
    expect(newest.takenAt.toISOString()).toBe('2029-12-31T00:07:00.000Z');
    // The yearly ones are the first backups of the last seven years.
    expect(
      files
        .filter((f) => f.tier === 'yearly')
        .map((f) => f.takenAt.toISOString().slice(0, 10))
        .sort(),
    ).toEqual(['2023-01-01', '2024-01-01', '2025-01-01', '2026-01-01', '2027-01-01', '2028-01-01', '2029-01-01']);
    // Every one of the last 30 days has a backup, of whichever tier.
    for (let d = 0; d < 30; d++) {
      const day = new Date(newest.takenAt.getTime() - d * DAY).toISOString().slice(0, 10);
      expect(files.some((f) => f.takenAt.toISOString().startsWith(day))).toBe(true);
    }
  });
});
