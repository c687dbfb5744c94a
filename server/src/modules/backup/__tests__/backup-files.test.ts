import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEBRIS_MIN_AGE_MS, removeBackupDebris } from '../backup-files.js';

const NOW = Date.parse('2027-06-10T12:00:00Z');
const OLD = NOW - DEBRIS_MIN_AGE_MS - 1000;
const FRESH = NOW - 60_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'itsupport-backup-debris-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Plants files (or, for names ending in `/`, directories) with the given mtime. */
async function plant(mtimeMs: number, ...names: string[]) {
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.endsWith('/')) await mkdir(file);
    else await writeFile(file, `contents of ${name}`);
    await utimes(file, new Date(mtimeMs), new Date(mtimeMs));
  }
}

const listing = async () => (await readdir(dir)).sort();

describe('§11 debris of interrupted backup runs', () => {
  it('§11 removes old temporary dumps, temporary checksums and stray checksums, and nothing else', async () => {
    const valid = 'itsupport-20270601T004300Z-daily.pgdump';
    const unverified = 'itsupport-20270602T004300Z-daily.pgdump';
    await plant(
      OLD,
      // A complete backup, a dump without checksum (a user's to check), and files that are not ours.
      valid,
      `${valid}.sha256`,
      unverified,
      'notes.txt',
      'my-dump.partial',
      'itsupport-weekly.sha256',
      'itsupport-20270603T004300Z-weekly.pgdump.sha256',
      `${valid}.sha256.bak`,
      // Not regular files: never ours.
      'itsupport-20270604T004300Z-daily.pgdump.partial/',
      // Debris: a run that died while dumping, one that died while writing its checksum, one that died
      // between its checksum and the rename (both files left), and a stray checksum on its own.
      'itsupport-20270605T004300Z-daily.tar.gz.partial',
      'itsupport-20270606T004300Z-daily.pgdump.sha256.partial',
      'itsupport-20270607T004300Z-monthly.pgdump.partial',
      'itsupport-20270607T004300Z-monthly.pgdump.sha256',
      'itsupport-20270608T004300Z-yearly.tar.gz.sha256',
    );
    const before = await listing();

    const { removed, failed } = await removeBackupDebris(dir, NOW);

    const debris = [
      'itsupport-20270605T004300Z-daily.tar.gz.partial',
      'itsupport-20270606T004300Z-daily.pgdump.sha256.partial',
      'itsupport-20270607T004300Z-monthly.pgdump.partial',
      'itsupport-20270607T004300Z-monthly.pgdump.sha256',
      'itsupport-20270608T004300Z-yearly.tar.gz.sha256',
    ];
    expect(removed.sort()).toEqual(debris);
    expect(failed).toEqual([]);
    expect(await listing()).toEqual(before.filter((f) => !debris.includes(f)));
    expect(await removeBackupDebris(dir, NOW)).toEqual({ removed: [], failed: [] });
  });

  it('§11 leaves a run in progress alone: young temporary files, and a young checksum whatever is next to it', async () => {
    await plant(
      FRESH,
      // Dumping; hashing done and checksum written, not yet renamed; a checksum mid-rename of its dump.
      'itsupport-20270610T114300Z-daily.pgdump.partial',
      'itsupport-20270610T114400Z-daily.pgdump.partial',
      'itsupport-20270610T114400Z-daily.pgdump.sha256.partial',
      'itsupport-20270610T114500Z-daily.pgdump.sha256',
    );
    // A long dump whose temporary file is still being written next to an old checksum of the same name.
    await plant(OLD, 'itsupport-20270610T000000Z-daily.pgdump.sha256');
    await plant(FRESH, 'itsupport-20270610T000000Z-daily.pgdump.partial');
    const before = await listing();

    expect(await removeBackupDebris(dir, NOW)).toEqual({ removed: [], failed: [] });
    expect(await listing()).toEqual(before);
    // A day later, they are debris.
    expect((await removeBackupDebris(dir, NOW + DEBRIS_MIN_AGE_MS)).removed).toHaveLength(before.length);
    expect(await listing()).toEqual([]);
  });

  it('§11 a missing backup directory has no debris', async () => {
    expect(await removeBackupDebris(path.join(dir, 'missing'), NOW)).toEqual({ removed: [], failed: [] });
  });
});
